"""``ChatModelConformance``: the seed checklist for custom chat models."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from fakes.conformance._base import Framework, LanguageModelChecks, calling, warn_thread_pool
from fakes.conformance._common import fail, overrides
from fakes.core import content_text

__all__ = ["ChatModelConformance"]


def _content_text(content: Any) -> str:
    # The model under test may return anything; what is not content is shown as text.
    return content_text(content) if isinstance(content, (str, list)) else str(content)


def _calls(message: Any) -> list[tuple[str, Any]]:
    return [(c["name"], c["args"]) for c in getattr(message, "tool_calls", None) or []]


_RETURN_HINT = "return ChatResult(generations=[ChatGeneration(message=AIMessage(...))])"
_YIELD_HINT = "yield ChatGenerationChunk(message=AIMessageChunk(...)) from _stream"


class ChatModelConformance(LanguageModelChecks):
    """Conformance checks for a custom chat model; subclass it in your tests.

    Set ``model_class`` and ``model_params``; every ``test_*`` method is one
    item of LangChain's "Contributing" checklist (plus the streaming, usage and
    event rules of langchain-core 1.x) and fails with a message that says what
    is wrong and how to fix it::

        from fakes.conformance import ChatModelConformance

        class TestMyChat(ChatModelConformance):
            model_class = MyChat
            model_params = {"model": "my-model"}
            has_tool_calling = False

    Flags: ``returns_usage_metadata`` (default True), ``has_tool_calling``
    (default False; when True, ``tool_prompt`` must make the model call
    ``magic_add``), ``supports_stop``, ``deterministic``.
    """

    model_class: ClassVar[type[BaseChatModel]]
    event_prefix: ClassVar[str] = "on_chat_model"
    framework = Framework(BaseChatModel, AIMessage, _RETURN_HINT, AIMessageChunk, _YIELD_HINT)
    returns_usage_metadata: ClassVar[bool] = True
    """Whether invoke and stream report ``usage_metadata``."""
    has_tool_calling: ClassVar[bool] = False
    """Whether ``bind_tools`` works and the model can call a tool."""
    tool_prompt: ClassVar[str] = "Please call magic_add(a=2, b=3)"
    """Input that makes the model call the ``magic_add`` tool."""
    tool_choice: ClassVar[str | None] = None
    """``tool_choice`` passed to ``bind_tools`` in the tool check (None: not passed)."""

    def text_of(self, output: Any) -> str:
        """Return the text of a message, a chunk, a ChatResult or a ChatGeneration."""
        if isinstance(output, BaseMessage):
            return _content_text(output.content)
        if isinstance(output, ChatGeneration):
            return _content_text(output.message.content)
        if isinstance(output, ChatResult):
            return _content_text(output.generations[0].message.content)
        return _content_text(output)

    def accumulate(self, chunks: list[Any]) -> Any:
        """Add chunks with ``+``, as langchain-core merges them."""
        total = chunks[0]
        for chunk in chunks[1:]:
            total = total + chunk
        return total

    def same(self, first: Any, second: Any) -> str | None:
        """Compare text and tool calls."""
        difference = super().same(first, second)
        if difference is not None:
            return difference
        if _calls(first) != _calls(second):
            return f"tool calls {_calls(first)} != {_calls(second)}"
        return None

    # -- chat-only checks ----------------------------------------------------------

    @pytest.mark.asyncio
    async def test_final_chunk_is_last(self, model: Any) -> None:
        """The final streamed chunk, and only it, has ``chunk_position="last"``."""
        for how in ("stream", "astream"):
            with calling("chunk_position", f"{how}()"):
                if how == "stream":
                    chunks = list(model.stream(self.prompt))
                else:
                    chunks = [c async for c in model.astream(self.prompt)]
            positions = [getattr(c, "chunk_position", None) for c in chunks]
            lasts = [i for i, p in enumerate(positions) if p == "last"]
            if lasts != [len(chunks) - 1]:
                fail(
                    "chunk_position",
                    f"{how}() gave chunk_position {positions}; exactly the final chunk must be "
                    "'last'",
                    "set chunk_position='last' on the final AIMessageChunk only (or on none: "
                    "langchain-core then appends an empty final chunk itself)",
                )

    def _usage(self, check: str, message: Any, what: str) -> dict[str, int]:
        usage = getattr(message, "usage_metadata", None)
        if not usage:
            fail(
                check,
                f"{what} has no usage_metadata",
                "set usage_metadata={'input_tokens': .., 'output_tokens': .., "
                "'total_tokens': ..} on the AIMessage, or set returns_usage_metadata = False",
            )
        return dict(usage)

    @pytest.mark.asyncio
    async def test_usage_metadata_totals(self, model: Any) -> None:
        """``total_tokens == input_tokens + output_tokens`` for invoke and the stream."""
        if not self.returns_usage_metadata:
            pytest.skip("returns_usage_metadata = False on the test class")
        with calling("usage_totals", "invoke()"):
            invoked = model.invoke(self.prompt)
        with calling("usage_totals", "astream()"):
            streamed = self.accumulate([c async for c in model.astream(self.prompt)])
        for what, message in (("invoke()", invoked), ("astream() added up", streamed)):
            usage = self._usage("usage_totals", message, what)
            total = usage.get("input_tokens", 0) + usage.get("output_tokens", 0)
            if usage.get("total_tokens") != total:
                fail(
                    "usage_totals",
                    f"{what}: total_tokens={usage.get('total_tokens')} but input_tokens + "
                    f"output_tokens = {usage.get('input_tokens')} + "
                    f"{usage.get('output_tokens')} = {total}",
                    "compute total_tokens as input_tokens + output_tokens",
                )

    def test_streamed_usage_adds_up(self, model: Any) -> None:
        """The streamed chunks' usage adds up to the invoke usage."""
        if not self.returns_usage_metadata:
            pytest.skip("returns_usage_metadata = False on the test class")
        if not self.deterministic:
            pytest.skip("deterministic = False: usage of two calls cannot be compared")
        with calling("usage_stream", "invoke()"):
            want = self._usage("usage_stream", model.invoke(self.prompt), "invoke()")
        with calling("usage_stream", "stream()"):
            streamed = self.accumulate(list(model.stream(self.prompt)))
        got = self._usage("usage_stream", streamed, "stream() added up")
        keys = ("input_tokens", "output_tokens", "total_tokens")
        if any(got.get(k) != want.get(k) for k in keys):
            fail(
                "usage_stream",
                f"stream() usage adds up to { {k: got.get(k) for k in keys} }, invoke() "
                f"reports { {k: want.get(k) for k in keys} }",
                "give each chunk only its own share: input tokens once (first or last "
                "chunk), output tokens per chunk; chunks' usage is summed",
            )

    def test_tool_calling(self, model: Any) -> None:
        """With ``has_tool_calling``, bound tools are called, streamed and invoked alike."""
        if not self.has_tool_calling:
            pytest.skip("has_tool_calling = False on the test class")
        from langchain_core.tools import tool

        @tool
        def magic_add(a: int, b: int) -> int:
            """Add two integers in a magic way."""
            return a + b

        kwargs = {} if self.tool_choice is None else {"tool_choice": self.tool_choice}
        with calling("tool_calling", "bind_tools([magic_add])"):
            bound = model.bind_tools([magic_add], **kwargs)
        with calling("tool_calling", "invoke() with tools"):
            invoked = bound.invoke(self.tool_prompt)
        names = [name for name, _ in _calls(invoked)]
        if "magic_add" not in names:
            fail(
                "tool_calling",
                f"invoke({self.tool_prompt!r}) made tool calls {names}",
                "return AIMessage(tool_calls=[...]) for bound tools, or set `tool_prompt`",
            )
        with calling("tool_calling", "stream() with tools"):
            streamed = self.accumulate(list(bound.stream(self.tool_prompt)))
        if _calls(streamed) != _calls(invoked):
            fail(
                "tool_calling",
                f"stream() tool calls {_calls(streamed)} != invoke() {_calls(invoked)}",
                "stream tool calls as tool_call_chunks (name and id first, then args pieces "
                "with the same index)",
            )

    def test_native_async(self, model: Any) -> None:
        """``_agenerate`` (and ``_astream`` when ``_stream`` exists) are native async."""
        cls = type(model)
        missing = []
        if not overrides(cls, BaseChatModel, "_agenerate"):
            missing.append("_agenerate")
        if overrides(cls, BaseChatModel, "_stream") and not overrides(
            cls, BaseChatModel, "_astream"
        ):
            missing.append("_astream")
        warn_thread_pool(cls, missing)
