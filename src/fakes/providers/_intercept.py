"""The in-process interception: httpx clients' transports answered by the fakes.

respx would be the natural base, but it patches httpx only, and the openai (3.x)
and anthropic (2.x) SDKs send through httpx2, its fork with the same API. Both
libraries pick a client's transport in ``Client._transport_for_url``; patching
that one method (as respx's own "httpx" mocker does) answers every client, with
any transport (LiteLLM's aiohttp one included), and no socket is opened.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import struct
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any, NamedTuple

import httpx

from fakes.core import CallLog, Chunking, FakesError, InvalidInputError, Replies
from fakes.providers._answers import ProviderError, Routing
from fakes.wire._anthropic_messages import (
    anthropic_chat,
    anthropic_error,
    anthropic_message,
    anthropic_stream,
)
from fakes.wire._openai_chat import (
    chat_completion,
    chat_stream,
    include_usage,
    openai_chat,
    openai_error,
)
from fakes.wire._openai_responses import openai_responses, responses_body, responses_stream

__all__ = ["FakeProviders", "UnfakedHostError"]

OPENAI = "api.openai.com"
ANTHROPIC = "api.anthropic.com"
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

# Set for the interception's duration: SDKs that insist on a key construct, and a
# real key never leaves in a request. The base URLs go, so the SDKs call the hosts we answer.
_DUMMY_KEYS = {"OPENAI_API_KEY": "sk-fakes", "ANTHROPIC_API_KEY": "sk-ant-fakes"}
_BASE_URL_VARS = ("OPENAI_BASE_URL", "OPENAI_API_BASE", "ANTHROPIC_BASE_URL")


class Reply(NamedTuple):
    """An HTTP answer, before it becomes the calling library's ``Response``."""

    status: int
    content: bytes
    content_type: str = "application/json"


def _json(status: int, body: Any) -> Reply:
    return Reply(status, json.dumps(body).encode("utf-8", "surrogatepass"))


Handler = Callable[[bytes], Reply]


class UnfakedHostError(FakesError):
    """An HTTP call to a host that ``fake_providers`` does not answer."""


def _body(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProviderError(400, f"the request body is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise ProviderError(
            400, f"the request body must be a JSON object, not {type(body).__name__}"
        )
    return body


def _sse(body: bytes) -> Reply:
    return Reply(200, body, "text/event-stream")


class FakeProviders:
    """Answer the OpenAI and Anthropic APIs in this process, with no socket opened.

    While started (``with FakeProviders() as providers:``, or the
    ``fake_providers`` fixture), every HTTP call made through httpx or httpx2 to
    ``api.openai.com`` or ``api.anthropic.com`` is answered by the fakes in that
    provider's wire format: the openai and anthropic SDKs, langchain-openai,
    langchain-anthropic and LiteLLM with real model names all reach them. Model
    names map to routes of :data:`fakes.routes.ROUTES` (default ``parrot``; see
    :meth:`route`), every call is in :attr:`calls`, and a call to any other
    host raises :class:`UnfakedHostError` (loopback passes through, for a
    ``fakes serve`` of your own).
    """

    def __init__(
        self, routes: Mapping[str, str] | None = None, *, chunking: Chunking = "word"
    ) -> None:
        self.routing = Routing(routes)
        """Model names to routes, the script, and the call log."""
        self.chunking: Chunking = chunking
        """How streamed replies are cut: "word" (default), "char" or a size."""
        self._endpoints: dict[tuple[str, str], tuple[Handler, ErrorBody]] = {
            (OPENAI, "/v1/chat/completions"): (self._openai_chat, openai_error),
            (OPENAI, "/v1/embeddings"): (self._openai_embed, openai_error),
            (OPENAI, "/v1/images/generations"): (self._openai_image, openai_error),
            (OPENAI, "/v1/responses"): (self._openai_responses, openai_error),
            (ANTHROPIC, "/v1/messages"): (self._anthropic, anthropic_error),
        }
        self._undo: list[Callable[[], None]] = []

    @property
    def calls(self) -> CallLog:
        """Every call answered, in order."""
        return self.routing.calls

    def route(self, pattern: str, route: str) -> None:
        """Answer model names matching the glob ``pattern`` with ``route`` (``"tools"``, ...)."""
        self.routing.route(pattern, route)

    def script(self, replies: Sequence[Any], *, cycle: bool = False) -> Replies:
        """Make models routed to ``script`` answer ``replies`` in order (see ``route``)."""
        return self.routing.script(replies, cycle=cycle)

    # -- starting and stopping -------------------------------------------------------

    def start(self) -> FakeProviders:
        """Start answering and set the dummy API keys; returns self."""
        if self._undo:
            raise RuntimeError("FakeProviders is already started")
        saved = {name: os.environ.get(name) for name in (*_DUMMY_KEYS, *_BASE_URL_VARS)}
        self._undo.append(lambda: _restore(saved))
        os.environ.update(_DUMMY_KEYS)
        for name in _BASE_URL_VARS:
            os.environ.pop(name, None)
        for module in _http_libraries():
            for client in (module.Client, module.AsyncClient):
                self._patch(module, client)
        return self

    def stop(self) -> None:
        """Stop answering and restore the environment (undoing ``start`` in reverse)."""
        while self._undo:
            self._undo.pop()()

    def __enter__(self) -> FakeProviders:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _patch(self, module: Any, client: type) -> None:
        original = client.__dict__["_transport_for_url"]
        answer = self._answer

        def transport_for_url(client_self: Any, url: Any) -> Any:
            if url.host in _LOOPBACK:
                return original(client_self, url)
            return module.MockTransport(lambda request: _response(module, answer(request)))

        client._transport_for_url = transport_for_url  # type: ignore[attr-defined]
        self._undo.append(lambda: setattr(client, "_transport_for_url", original))

    # -- the endpoints ---------------------------------------------------------------

    def _answer(self, request: Any) -> Reply:
        host, path = request.url.host, request.url.path
        endpoint = self._endpoints.get((host, path)) if request.method == "POST" else None
        if endpoint is None:
            if host not in (OPENAI, ANTHROPIC):
                raise UnfakedHostError(
                    f"fake_providers answers {OPENAI} and {ANTHROPIC} only; "
                    f"{request.method} {request.url} was not sent anywhere"
                )
            unknown: ErrorBody = openai_error if host == OPENAI else anthropic_error
            return _json(404, unknown(404, f"pytest-fakes does not fake {request.method} {path}"))
        handler, error_body = endpoint
        try:
            return handler(request.content)
        except ProviderError as error:
            return _json(error.status, error_body(error.status, str(error)))
        except InvalidInputError as error:
            return _json(400, error_body(400, str(error)))

    def _openai_chat(self, content: bytes) -> Reply:
        body = _body(content)
        chat = openai_chat(body)
        answer = self.routing.chat(chat, provider="openai")
        if chat.stream:
            return _sse(chat_stream(answer, self.chunking, with_usage=include_usage(body)))
        return _json(200, chat_completion(answer))

    def _openai_responses(self, content: bytes) -> Reply:
        chat = openai_responses(_body(content))
        answer = self.routing.chat(chat, provider="openai")
        if chat.stream:
            return _sse(responses_stream(answer, self.chunking))
        return _json(200, responses_body(answer))

    def _anthropic(self, content: bytes) -> Reply:
        chat = anthropic_chat(_body(content))
        answer = self.routing.chat(chat, provider="anthropic")
        if chat.stream:
            return _sse(anthropic_stream(answer, self.chunking))
        return _json(200, anthropic_message(answer))

    def _openai_embed(self, content: bytes) -> Reply:
        body = _body(content)
        model, raw = body.get("model"), body.get("input")
        if not isinstance(model, str) or not model:
            raise ProviderError(400, f"model must be a non-empty string, got {model!r}")
        texts = [raw] if isinstance(raw, str) else raw
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            raise ProviderError(400, "input must be a string or a list of strings")
        vectors, tokens = self.routing.embed(
            model, texts, dimensions=body.get("dimensions"), provider="openai"
        )
        as_base64 = body.get("encoding_format") == "base64"  # the openai SDK's default
        data = [
            {"object": "embedding", "index": index, "embedding": _encoded(vector, as_base64)}
            for index, vector in enumerate(vectors)
        ]
        usage = {"prompt_tokens": tokens, "total_tokens": tokens}
        return _json(200, {"object": "list", "data": data, "model": model, "usage": usage})

    def _openai_image(self, content: bytes) -> Reply:
        body = _body(content)
        model = body.get("model") or "dall-e-2"  # the API's own default model
        options = {key: value for key, value in body.items() if key not in ("model", "prompt")}
        data = self.routing.image(str(model), body.get("prompt"), options, provider="openai")
        return _json(200, {"created": int(time.time()), "data": data})


ErrorBody = Callable[[int, str], dict[str, Any]]


def _http_libraries() -> list[Any]:
    """httpx, and httpx2 when installed (the openai and anthropic SDKs use it)."""
    modules: list[Any] = [httpx]
    with suppress(ImportError):
        modules.append(importlib.import_module("httpx2"))
    return modules


def _response(module: Any, reply: Reply) -> Any:
    return module.Response(
        reply.status, content=reply.content, headers={"content-type": reply.content_type}
    )


def _restore(saved: Mapping[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _encoded(vector: list[float], as_base64: bool) -> Any:
    if not as_base64:
        return vector
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
