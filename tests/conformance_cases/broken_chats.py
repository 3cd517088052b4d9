"""A correct custom chat model and copies of it with exactly one checklist bug each.

Each broken class says in its docstring which conformance check it must fail;
tests/test_conformance_broken.py runs the checks on it with pytester.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field


def _usage(inp: int, out: int, extra: int = 0) -> UsageMetadata:
    return UsageMetadata(input_tokens=inp, output_tokens=out, total_tokens=inp + out + extra)


class GoodChat(BaseChatModel):
    """Echoes the last message (ChatParrotLink done right): passes every check."""

    model_name: str = Field(default="good-chat", alias="model")

    def reply(self, messages: list[BaseMessage], stop: list[str] | None) -> str:
        text = str(messages[-1].content)
        for seq in stop or []:
            if seq in text:
                text = text[: text.index(seq) + len(seq)]
        return text

    def message(self, messages: list[BaseMessage], stop: list[str] | None) -> AIMessage:
        text = self.reply(messages, stop)
        inp = sum(len(str(m.content)) for m in messages)
        return AIMessage(content=text, usage_metadata=_usage(inp, len(text)))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kw: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.message(messages, stop))])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kw: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.message(messages, stop))])

    def chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> list[AIMessageChunk]:
        text = self.reply(messages, stop)
        inp = sum(len(str(m.content)) for m in messages)
        out = [AIMessageChunk(content=ch, usage_metadata=_usage(0, 1)) for ch in text]
        out.append(AIMessageChunk(content="", usage_metadata=_usage(inp, 0), chunk_position="last"))
        return out

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kw: Any,
    ) -> Any:
        for message in self.chunks(messages, stop):
            yield ChatGenerationChunk(message=message)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kw: Any,
    ) -> Any:
        for message in self.chunks(messages, stop):
            yield ChatGenerationChunk(message=message)

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    @property
    def _llm_type(self) -> str:
        return "good-chat"


class EveryChunkLastChat(GoodChat):
    """Marks every chunk chunk_position="last". Fails: test_final_chunk_is_last."""

    def chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> list[AIMessageChunk]:
        out = super().chunks(messages, stop)
        for chunk in out:
            chunk.chunk_position = "last"
        return out


class UsageTotalWrongChat(GoodChat):
    """total_tokens is input + output + 1. Fails: test_usage_metadata_totals."""

    def message(self, messages: list[BaseMessage], stop: list[str] | None) -> AIMessage:
        text = self.reply(messages, stop)
        inp = sum(len(str(m.content)) for m in messages)
        return AIMessage(content=text, usage_metadata=_usage(inp, len(text), extra=1))

    def chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> list[AIMessageChunk]:
        text = self.reply(messages, stop)
        inp = sum(len(str(m.content)) for m in messages)
        out = [AIMessageChunk(content=ch) for ch in text]
        # All usage on the final chunk, wrong the same way invoke's is.
        out.append(
            AIMessageChunk(
                content="", usage_metadata=_usage(inp, len(text), extra=1), chunk_position="last"
            )
        )
        return out


class StreamUsageRepeatedChat(GoodChat):
    """Every chunk repeats the input tokens, so the stream over-counts.

    Fails: test_streamed_usage_adds_up.
    """

    def chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> list[AIMessageChunk]:
        text = self.reply(messages, stop)
        inp = sum(len(str(m.content)) for m in messages)
        out = [AIMessageChunk(content=ch, usage_metadata=_usage(inp, 1)) for ch in text]
        out.append(AIMessageChunk(content="", chunk_position="last"))
        return out


class NoUsageChat(GoodChat):
    """Reports no usage at all. Fails: test_usage_metadata_totals, test_streamed_usage_adds_up."""

    def message(self, messages: list[BaseMessage], stop: list[str] | None) -> AIMessage:
        return AIMessage(content=self.reply(messages, stop))

    def chunks(self, messages: list[BaseMessage], stop: list[str] | None) -> list[AIMessageChunk]:
        out = [AIMessageChunk(content=ch) for ch in self.reply(messages, stop)]
        out.append(AIMessageChunk(content="", chunk_position="last"))
        return out


class StopDroppedChat(GoodChat):
    """Cuts before the stop sequence. Fails: test_stop_sequence_included."""

    def reply(self, messages: list[BaseMessage], stop: list[str] | None) -> str:
        text = str(messages[-1].content)
        for seq in stop or []:
            if seq in text:
                text = text[: text.index(seq)]
        return text


class NoModelNameChat(GoodChat):
    """Identifying params without model_name.

    Fails: test_identifying_params_include_model_name.
    """

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"name": self.model_name}


class HumanReplyChat(GoodChat):
    """_generate answers with a ChatMessage, not an AIMessage.

    Fails: test_invoke, test_batch.
    """

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kw: Any,
    ) -> ChatResult:
        from langchain_core.messages import ChatMessage

        good = self.message(messages, stop)
        return ChatResult(
            generations=[
                ChatGeneration(message=ChatMessage(role="assistant", content=good.content))
            ]
        )


class SyncOnlyChat(GoodChat):
    """No _agenerate / _astream: passes, with a ConformanceWarning from test_native_async."""

    _agenerate = BaseChatModel._agenerate
    _astream = BaseChatModel._astream
