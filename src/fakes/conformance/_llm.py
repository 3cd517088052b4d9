"""``LLMConformance``: the seed checklist for custom text LLMs (``langchain_core`` LLM)."""

from __future__ import annotations

from typing import Any, ClassVar

from langchain_core.language_models.llms import LLM, BaseLLM
from langchain_core.outputs import Generation, LLMResult

from fakes.conformance._base import Framework, LanguageModelChecks, warn_thread_pool
from fakes.conformance._common import overrides

__all__ = ["LLMConformance"]


_RETURN_HINT = "return the completion text as a str from _call"
_YIELD_HINT = "yield GenerationChunk objects from _stream/_astream"


class LLMConformance(LanguageModelChecks):
    """Conformance checks for a custom text LLM; subclass it in your tests.

    Set ``model_class`` and ``model_params``; every ``test_*`` method is one
    item of LangChain's "Contributing" checklist and fails with a message that
    says what is wrong and how to fix it::

        from fakes.conformance import LLMConformance

        class TestMyLLM(LLMConformance):
            model_class = MyLLM
            model_params = {"n": 50}

    Optional attributes: ``prompt`` / ``other_prompt`` (inputs),
    ``deterministic`` (False skips the "agrees with invoke" comparisons),
    ``supports_stop`` (False skips the stop-sequence checks). Override
    :meth:`make_model` when params are not enough.
    """

    model_class: ClassVar[type[BaseLLM]]
    event_prefix: ClassVar[str] = "on_llm"
    # The framework unwraps GenerationChunk into its text: stream yields str.
    framework = Framework(BaseLLM, str, _RETURN_HINT, str, _YIELD_HINT)

    def text_of(self, output: Any) -> str:
        """Return the text of a str, a Generation, an LLMResult or its dict form."""
        if isinstance(output, str):
            return output
        if isinstance(output, Generation):
            return output.text
        if isinstance(output, LLMResult):
            return output.generations[0][0].text
        if isinstance(output, dict) and "generations" in output:
            return str(output["generations"][0][0]["text"])
        return str(output)

    def accumulate(self, chunks: list[Any]) -> str:
        """Join the streamed text pieces."""
        return "".join(self.text_of(chunk) for chunk in chunks)

    def test_native_async(self, model: Any) -> None:
        """``_acall`` (and ``_astream`` when ``_stream`` exists) are native async."""
        cls = type(model)
        missing = []
        if issubclass(cls, LLM):
            if not (overrides(cls, LLM, "_acall") or overrides(cls, LLM, "_agenerate")):
                missing.append("_acall")
        elif not overrides(cls, BaseLLM, "_agenerate"):
            missing.append("_agenerate")
        if overrides(cls, BaseLLM, "_stream") and not overrides(cls, BaseLLM, "_astream"):
            missing.append("_astream")
        warn_thread_pool(cls, missing)
