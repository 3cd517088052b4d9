"""The embedding and image generation checks of ``LiteLLMHandlerConformance``."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from fakes.conformance._base import calling
from fakes.conformance._common import fail
from fakes.conformance._common import import_litellm as _litellm

__all__ = ["MediaChecks"]


class MediaChecks:
    """Checks of ``embedding`` / ``image_generation`` and their async forms.

    A part of :class:`~fakes.conformance.LiteLLMHandlerConformance`; each check
    skips when the handler does not implement its method.
    """

    model: ClassVar[str]
    embedding_model: ClassVar[str | None] = None
    """Model name of the embedding checks (None: ``model``)."""
    image_model: ClassVar[str | None] = None
    """Model name of the image generation checks (None: ``model``)."""
    embedding_input: ClassVar[list[str]] = ["hello", "world"]
    """Input of the embedding checks."""
    image_prompt: ClassVar[str] = "a cat in a hat"
    """Prompt of the image generation checks."""

    def get_handler(self) -> Any:
        """Return the handler under test (the conformance class defines it)."""
        raise NotImplementedError

    def _require(self, handler: Any, name: str) -> None:
        raise NotImplementedError

    def _embedding_kwargs(self) -> dict[str, Any]:
        litellm = _litellm()
        return {
            "model": self.embedding_model or self.model,
            "input": list(self.embedding_input),
            "model_response": litellm.EmbeddingResponse(),
            "print_verbose": lambda *args, **kwargs: None,
            "logging_obj": None,
            "optional_params": {},
            "api_key": None,
            "api_base": None,
            "timeout": 600.0,
            "litellm_params": {},
        }

    def _check_embedding(self, check: str, result: Any) -> None:
        litellm = _litellm()
        if not isinstance(result, litellm.EmbeddingResponse):
            fail(
                check,
                f"{check}() returned {type(result).__name__}, not EmbeddingResponse",
                "return litellm.EmbeddingResponse(data=[{'object': 'embedding', 'index': i, "
                "'embedding': [...]}, ...])",
            )
        if len(result.data or []) != len(self.embedding_input):
            fail(
                check,
                f"{check}() of {len(self.embedding_input)} inputs returned "
                f"{len(result.data or [])} embeddings",
                "return one embedding per input, in order",
            )

    def test_embedding_returns_embedding_response(self) -> None:
        """``embedding`` returns an ``EmbeddingResponse`` with one vector per input."""
        handler = self.get_handler()
        self._require(handler, "embedding")
        with calling("embedding", "handler.embedding()"):
            result = handler.embedding(**self._embedding_kwargs())
        self._check_embedding("embedding", result)

    @pytest.mark.asyncio
    async def test_aembedding_returns_embedding_response(self) -> None:
        """``aembedding`` returns an ``EmbeddingResponse`` with one vector per input."""
        handler = self.get_handler()
        self._require(handler, "aembedding")
        with calling("aembedding", "handler.aembedding()"):
            result = await handler.aembedding(**self._embedding_kwargs())
        self._check_embedding("aembedding", result)

    def _image_kwargs(self) -> dict[str, Any]:
        litellm = _litellm()
        return {
            "model": self.image_model or self.model,
            "prompt": self.image_prompt,
            "model_response": litellm.ImageResponse(),
            "api_key": None,
            "api_base": None,
            "optional_params": {},
            "logging_obj": None,
            "timeout": 600.0,
            "client": None,
        }

    def _check_image(self, check: str, result: Any) -> None:
        litellm = _litellm()
        if not isinstance(result, litellm.ImageResponse) or not result.data:
            fail(
                check,
                f"{check}() returned {result!r}, not an ImageResponse with data",
                "return ImageResponse(created=..., data=[ImageObject(url=...)])",
            )

    def test_image_generation_returns_image_response(self) -> None:
        """``image_generation`` returns an ``ImageResponse``."""
        handler = self.get_handler()
        self._require(handler, "image_generation")
        with calling("image_generation", "handler.image_generation()"):
            result = handler.image_generation(**self._image_kwargs())
        self._check_image("image_generation", result)

    @pytest.mark.asyncio
    async def test_aimage_generation_returns_image_response(self) -> None:
        """``aimage_generation`` returns an ``ImageResponse``."""
        handler = self.get_handler()
        self._require(handler, "aimage_generation")
        with calling("aimage_generation", "handler.aimage_generation()"):
            result = await handler.aimage_generation(**self._image_kwargs())
        self._check_image("aimage_generation", result)
