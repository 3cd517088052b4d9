"""The one error the handler raises, carrying the HTTP status LiteLLM maps."""

from __future__ import annotations

from litellm.llms.custom_llm import CustomLLMError

__all__ = ["FakesProviderError"]


class FakesProviderError(CustomLLMError):
    """An error of the ``fakes`` provider with an HTTP status code.

    LiteLLM maps it like a real provider's error: 400 ``BadRequestError``,
    401 ``AuthenticationError``, 404 ``NotFoundError``, 408 ``Timeout``,
    429 ``RateLimitError``, 500 ``InternalServerError``, 503
    ``ServiceUnavailableError`` and so on. The message names the problem.
    """

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(status_code=status_code, message=message)  # type: ignore[no-untyped-call]
        self.status_code: int = status_code
        self.message: str = message
