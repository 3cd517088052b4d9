"""A correct LiteLLM CustomLLM handler and copies of it with one spec bug each.

Each broken class says in its docstring which conformance check it must fail;
tests/test_conformance_broken.py runs the checks on it with pytester.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm
from litellm.llms.custom_llm import CustomLLM, CustomLLMError
from litellm.types.utils import (
    Choices,
    EmbeddingResponse,
    ImageObject,
    ImageResponse,
    Message,
    ModelResponse,
    Usage,
)


def _text(messages: list[dict[str, Any]]) -> str:
    if not messages:
        raise CustomLLMError(status_code=400, message="messages must not be empty")
    return str(messages[-1]["content"])


class GoodHandler(CustomLLM):
    """Echoes the last message; follows the Custom Handler Spec everywhere."""

    def _response(self, messages: list[dict[str, Any]], model: str) -> ModelResponse:
        text = _text(messages)
        return ModelResponse(
            model=model,
            choices=[
                Choices(
                    index=0, finish_reason="stop", message=Message(role="assistant", content=text)
                )
            ],
            usage=Usage(
                prompt_tokens=len(text), completion_tokens=len(text), total_tokens=2 * len(text)
            ),
        )

    def _chunks(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        text = _text(messages)
        pieces = [text[i : i + 4] for i in range(0, len(text), 4)]
        chunks = [
            {
                "text": p,
                "is_finished": False,
                "finish_reason": "",
                "usage": None,
                "index": 0,
                "tool_use": None,
            }
            for p in pieces
        ]
        chunks[-1].update(
            is_finished=True,
            finish_reason="stop",
            usage={
                "prompt_tokens": len(text),
                "completion_tokens": len(text),
                "total_tokens": 2 * len(text),
            },
        )
        return chunks

    def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        return self._response(kwargs["messages"], kwargs["model"])

    async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        return self._response(kwargs["messages"], kwargs["model"])

    def streaming(self, *args: Any, **kwargs: Any) -> Any:
        yield from self._chunks(kwargs["messages"])

    async def astreaming(self, *args: Any, **kwargs: Any) -> Any:
        for chunk in self._chunks(kwargs["messages"]):
            yield chunk

    def embedding(self, *args: Any, **kwargs: Any) -> EmbeddingResponse:
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(t)), 1.0]}
            for i, t in enumerate(kwargs["input"])
        ]
        return EmbeddingResponse(model=kwargs["model"], data=data)

    async def aembedding(self, *args: Any, **kwargs: Any) -> EmbeddingResponse:
        return self.embedding(*args, **kwargs)

    def image_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        return ImageResponse(created=0, data=[ImageObject(url="https://example.invalid/cat.png")])

    async def aimage_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        return self.image_generation(*args, **kwargs)


class AstreamingCoroutineHandler(GoodHandler):
    """astreaming returns its chunk instead of yielding it (a coroutine).

    Fails: test_astreaming_is_async_generator, test_litellm_astreaming_end_to_end
    (LiteLLM's own "'coroutine' object is not an iterator").
    """

    async def astreaming(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._chunks(kwargs["messages"])[-1]


class StreamingReturnsDictHandler(GoodHandler):
    """streaming returns one chunk dict, like the seed's UnixTimeLLM.

    Fails: test_streaming_yields_chunks, test_litellm_streaming_end_to_end.
    """

    def streaming(self, *args: Any, **kwargs: Any) -> Any:
        return self._chunks(kwargs["messages"])[-1]


class UnfinishedStreamHandler(GoodHandler):
    """The last streamed chunk is not marked finished. Fails: test_streaming_yields_chunks."""

    def streaming(self, *args: Any, **kwargs: Any) -> Any:
        chunks = self._chunks(kwargs["messages"])
        chunks[-1]["is_finished"] = False
        yield from chunks


class ChunkWithoutUsageHandler(GoodHandler):
    """Async chunks lack the required 'usage' key. Fails: test_astreaming_yields_chunks."""

    async def astreaming(self, *args: Any, **kwargs: Any) -> Any:
        for chunk in self._chunks(kwargs["messages"]):
            chunk.pop("usage")
            yield chunk


class ValueErrorHandler(GoodHandler):
    """Raises a bare ValueError on bad input. Fails: test_errors_are_custom_llm_error."""

    def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        if not kwargs["messages"]:
            raise ValueError("no messages")
        return super().completion(*args, **kwargs)


class CompletionReturnsDictHandler(GoodHandler):
    """completion returns a plain dict. Fails: test_completion_returns_model_response,
    test_litellm_completion_end_to_end.
    """

    def completion(self, *args: Any, **kwargs: Any) -> Any:
        return {"choices": [{"message": {"content": _text(kwargs["messages"])}}]}


class EmbeddingCountWrongHandler(GoodHandler):
    """aembedding returns one vector for many inputs.

    Fails: test_aembedding_returns_embedding_response.
    """

    async def aembedding(self, *args: Any, **kwargs: Any) -> EmbeddingResponse:
        return EmbeddingResponse(
            model=kwargs["model"], data=[{"object": "embedding", "index": 0, "embedding": [0.0]}]
        )


class AcceptsAnythingHandler(GoodHandler):
    """Never fails on bad input: the error check skips (nothing to check), nothing fails."""

    def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        return self._response(kwargs["messages"] or [{"content": "?"}], kwargs["model"])


__all__ = [name for name in dir() if name.endswith("Handler")] + ["litellm"]
