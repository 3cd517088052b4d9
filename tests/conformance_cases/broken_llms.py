"""A correct custom text LLM and copies of it with exactly one checklist bug each.

Each broken class says in its docstring which conformance check it must fail;
tests/test_conformance_broken.py runs the checks on it with pytester.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.llms import LLM
from langchain_core.outputs import Generation, GenerationChunk, LLMResult
from pydantic import SecretStr


def _cut(text: str, stop: list[str] | None) -> str:
    """Cut at the first stop sequence, keeping it (the seed checklist's rule)."""
    for seq in stop or []:
        at = text.find(seq)
        if at != -1:
            text = text[: at + len(seq)]
    return text


class GoodLLM(LLM):
    """Echoes the prompt; gets every checklist item right."""

    model_name: str = "good-llm"
    api_key: SecretStr = SecretStr("sk-good-secret")

    def reply(self, prompt: str, stop: list[str] | None) -> str:
        return _cut(prompt, stop)

    def _call(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> str:
        return self.reply(prompt, stop)

    async def _acall(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> str:
        return self.reply(prompt, stop)

    def pieces(self, prompt: str, stop: list[str] | None) -> list[str]:
        return list(self.reply(prompt, stop))

    def _stream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            chunk = GenerationChunk(text=piece)
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            chunk = GenerationChunk(text=piece)
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    @property
    def _llm_type(self) -> str:
        return "good-llm"


class StopDroppedLLM(GoodLLM):
    """Cuts at the stop sequence but drops it. Fails: test_stop_sequence_included."""

    def reply(self, prompt: str, stop: list[str] | None) -> str:
        for seq in stop or []:
            if seq in prompt:
                prompt = prompt[: prompt.index(seq)]
        return prompt


class StopIgnoredLLM(GoodLLM):
    """Never cuts at a stop sequence. Fails: test_stop_sequence_respected."""

    def reply(self, prompt: str, stop: list[str] | None) -> str:
        return prompt


class CallbackAfterYieldLLM(GoodLLM):
    """Fires on_llm_new_token after the yield. Fails: test_on_llm_new_token_before_yield."""

    def _stream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            chunk = GenerationChunk(text=piece)
            yield chunk
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)

    async def _astream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            chunk = GenerationChunk(text=piece)
            yield chunk
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)


class NoCallbackLLM(GoodLLM):
    """Never fires on_llm_new_token. Fails: test_on_llm_new_token_before_yield."""

    def _stream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            yield GenerationChunk(text=piece)

    async def _astream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            yield GenerationChunk(text=piece)


class NoModelNameLLM(GoodLLM):
    """Identifying params without model_name. Fails: test_identifying_params_include_model_name."""

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"temperature": 0.0}


class LLMTypeNotStrLLM(GoodLLM):
    """_llm_type is not a string. Fails: test_llm_type_is_str."""

    @property
    def _llm_type(self) -> str:
        return None  # type: ignore[return-value]


class PlainStrKeyLLM(GoodLLM):
    """API key as a plain str, so repr() prints it. Fails: test_secrets_are_secret_str."""

    api_key: str = "sk-plain-secret-printed"  # type: ignore[assignment]


class StreamDropsLastPieceLLM(GoodLLM):
    """The sync stream loses the last piece (off by one). Fails: test_stream."""

    def _stream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        pieces = self.pieces(prompt, stop)
        for piece in pieces[: len(pieces) - 1]:
            chunk = GenerationChunk(text=piece)
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk


class AsyncStreamDuplicatesLLM(GoodLLM):
    """The async stream repeats its first piece. Fails: test_astream."""

    async def _astream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        pieces = self.pieces(prompt, stop)
        pieces = pieces[:1] + pieces
        for piece in pieces:
            chunk = GenerationChunk(text=piece)
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk


class AsyncDisagreesLLM(GoodLLM):
    """_acall shouts: ainvoke differs from invoke. Fails: test_ainvoke, test_abatch."""

    async def _acall(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> str:
        return self.reply(prompt, stop).upper()


class BatchRepeatsFirstLLM(GoodLLM):
    """_generate answers every prompt of a batch with the first one's reply. Fails: test_batch."""

    def _generate(
        self, prompts: list[str], stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> LLMResult:
        text = self.reply(prompts[0], stop)
        return LLMResult(generations=[[Generation(text=text)] for _ in prompts])


class MergeLosingChunk(GenerationChunk):
    """A chunk class whose + keeps only the left side (a custom-chunk bug)."""

    def __add__(self, other: GenerationChunk) -> GenerationChunk:  # type: ignore[override]
        return self


class EventsEndWrongLLM(GoodLLM):
    """Streams chunks that do not add up, so on_llm_end disagrees. Fails: test_astream_events."""

    async def _astream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in self.pieces(prompt, stop):
            chunk = MergeLosingChunk(text=piece)
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk


class SyncOnlyLLM(LLM):
    """No _acall, no _astream: passes, with a ConformanceWarning from test_native_async."""

    model_name: str = "sync-only"

    def _call(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> str:
        return _cut(prompt, stop)

    def _stream(
        self, prompt: str, stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> Any:
        for piece in _cut(prompt, stop):
            chunk = GenerationChunk(text=piece)
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    @property
    def _llm_type(self) -> str:
        return "sync-only"
