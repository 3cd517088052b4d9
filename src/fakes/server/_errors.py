"""JSON errors where LiteLLM's proxy would answer a bad request with a plain-text 500.

Two of its failure paths end in uvicorn's bare ``500 Internal Server Error``:

- any authentication failure (no ``Authorization`` header, no ``Bearer`` prefix):
  LiteLLM's auth error handler asks whether the error came from its database and
  imports ``prisma`` to find out, which is not installed without a database, so the
  handler itself fails. :func:`patch_auth_errors` answers "the database is not
  down" when ``prisma`` is missing, so LiteLLM's own 401 comes through.
- a body that is JSON but not an object (``[...]``, ``"text"``, ``3``): LiteLLM
  calls ``.get`` on it. :class:`JSONErrors` answers it with a 400 before LiteLLM
  sees it, and turns any other exception that escapes the app before a response
  started into a JSON 500 that names it.

Both are installed by the proxy subprocess (:mod:`fakes.server._child`) only.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["JSONErrors", "patch_auth_errors"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_LOG = logging.getLogger("fakes.server")

# The first byte of a JSON text that is not an object (whitespace skipped).
_NOT_AN_OBJECT = frozenset(b'["-0123456789tfn')
_JSON_WHITESPACE = b" \t\r\n"


def patch_auth_errors() -> bool:
    """Let LiteLLM's auth errors reach the client without ``prisma`` installed.

    Returns whether the patch applied (False when ``prisma`` is installed, or when
    LiteLLM no longer has the method: then its own code runs unchanged).
    """
    if importlib.util.find_spec("prisma") is not None:
        return False
    from litellm.proxy.db.exception_handler import PrismaDBExceptionHandler

    # The one question every error path asks (auth errors, the unhandled-exception
    # handler); each of the checks it makes imports prisma.
    name = "is_database_service_unavailable_error"
    original = getattr(PrismaDBExceptionHandler, name, None)
    if original is None:
        return False

    def is_database_service_unavailable_error(error: Exception) -> bool:
        try:
            return bool(original(error))
        except ImportError:
            # No prisma means no database client: no error can be a database outage.
            return False

    setattr(PrismaDBExceptionHandler, name, staticmethod(is_database_service_unavailable_error))
    return True


class JSONErrors:
    """ASGI middleware: JSON errors for what LiteLLM's proxy answers in plain text.

    A JSON 400 for a body that is not a JSON object, a JSON 500 instead of a
    plain-text one for an unhandled exception. Everything else passes through
    untouched (the body is inspected by its first byte only).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request through the wrapped app."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        if _json_body(scope):
            first = await receive()
            if _not_an_object(first):
                await _answer(send, 400, "the request body must be a JSON object", "request_body")
                return
            receive = _replay(first, receive)
        try:
            await self.app(scope, receive, watch)
        except Exception as error:
            if started:
                raise
            await _answer(send, 500, f"the proxy failed: {type(error).__name__}: {error}", None)
            raise


def _json_body(scope: Scope) -> bool:
    if scope.get("method") not in ("POST", "PUT", "PATCH"):
        return False
    for name, value in scope.get("headers") or ():
        if name == b"content-type":
            return b"json" in value.lower()
    return True  # LiteLLM reads a body without a content type as JSON too


def _not_an_object(message: Message) -> bool:
    # Only the first chunk is looked at: the first non-blank byte decides. A body
    # that starts with "{" but is not JSON is LiteLLM's to refuse (it does, with a 400).
    if message.get("type") != "http.request":
        return False
    start = bytes(message.get("body", b"")).lstrip(_JSON_WHITESPACE)[:1]
    return bool(start) and start[0] in _NOT_AN_OBJECT


def _replay(first: Message, receive: Receive) -> Receive:
    pending: list[Message] = [first]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


async def _answer(send: Send, status: int, message: str, param: str | None) -> None:
    """Send an OpenAI-shaped error, as LiteLLM's own errors are shaped."""
    kind = "invalid_request_error" if status < 500 else "internal_server_error"
    body = json.dumps(
        {"error": {"message": message, "type": kind, "param": param, "code": str(status)}}
    ).encode()
    if status >= 500:
        _LOG.error("answered HTTP %d: %s", status, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
