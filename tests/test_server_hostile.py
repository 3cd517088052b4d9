"""Hostile clients against `fake_openai_server` (issue 18): clear JSON errors, no leftovers.

The same session proxy as tests/test_server.py. A body that is not a JSON object
and a request without credentials used to get uvicorn's plain-text 500; a client
that hung up mid-stream left the proxy streaming to nobody, its event loop held.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import openai
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

# Generous hang guard, not a speed bound: the answers take milliseconds.
TIMEOUT = 60.0
HELLO = {"model": "parrot", "messages": [{"role": "user", "content": "hello"}]}


@pytest.fixture
def http(fake_openai_server):
    with httpx.Client(base_url=fake_openai_server.base_url, timeout=TIMEOUT) as c:
        yield c


@pytest.fixture
def auth(fake_openai_server) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake_openai_server.api_key}"}


def error_of(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("body", ["[1, 2]", '"hello"', "3", "null", "true", '  [{"a": 1}]'])
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/embeddings", "/chat/completions"])
def test_a_body_that_is_not_a_json_object_is_a_json_400(http, auth, path, body):
    response = http.post(path, content=body, headers={**auth, "content-type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["message"] == "the request body must be a JSON object"


def test_a_body_without_content_type_is_read_as_json_too(http, auth):
    response = http.post("/v1/chat/completions", content="[1]", headers=auth)
    assert response.status_code == 400
    assert "JSON object" in error_of(response)["message"]


def test_invalid_json_stays_litellms_json_400(http, auth):
    response = http.post(
        "/v1/chat/completions",
        content="{not json",
        headers={**auth, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "Invalid JSON" in error_of(response)["message"]


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({}, "No api key passed in"),
        ({"Authorization": "sk-fakes"}, "Bearer"),
        ({"Authorization": ""}, "No api key passed in"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/v1/chat/completions"), ("GET", "/v1/models")]
)
def test_missing_or_malformed_auth_is_a_json_401(http, headers, says, method, path):
    response = http.request(method, path, json=HELLO if method == "POST" else None, headers=headers)
    assert response.status_code == 401
    assert says in error_of(response)["message"]


def test_the_sdk_sees_an_authentication_error_for_a_malformed_key(fake_openai_server):
    with (
        openai.OpenAI(
            base_url=fake_openai_server.base_url,
            api_key=fake_openai_server.api_key,
            default_headers={"Authorization": f"Token {fake_openai_server.api_key}"},
            max_retries=0,
        ) as c,
        pytest.raises(openai.AuthenticationError, match="Bearer"),
    ):
        c.chat.completions.create(model="parrot", messages=HELLO["messages"])


@pytest.mark.parametrize("n", [2, 0, -1])
def test_n_other_than_one_is_a_400(client, n):
    with pytest.raises(openai.BadRequestError, match="n must be 1"):
        client.chat.completions.create(model="parrot", messages=HELLO["messages"], n=n)


def test_n_of_one_is_fine(client):
    reply = client.chat.completions.create(model="parrot", messages=HELLO["messages"], n=1)
    assert [choice.message.content for choice in reply.choices] == ["hello"]


@pytest.mark.parametrize("value", [-1, 0])
def test_bad_max_tokens_is_a_400(client, value):
    with pytest.raises(openai.BadRequestError, match="max_tokens must be a positive int"):
        client.chat.completions.create(model="parrot", messages=HELLO["messages"], max_tokens=value)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/chat/completions",
            {"model": "parrot", "messages": [{"role": "user", "content": "a\ud800"}]},
        ),
        ("/v1/embeddings", {"model": "embed", "input": "a\ud800"}),
        ("/v1/images/generations", {"model": "image", "prompt": "a\ud800"}),
    ],
)
def test_a_lone_surrogate_is_a_json_400(http, auth, path, body):
    # JSON can spell a lone surrogate ("\ud800"); the proxy's parser refuses it.
    response = http.post(
        path, content=json.dumps(body), headers={**auth, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "surrogate" in error_of(response)["message"]


def abandon_stream(proxy, characters: int) -> None:
    """Start a long stream, read its first bytes, and hang up on it."""
    body = json.dumps(
        {
            "model": "parrot",
            "stream": True,
            "messages": [{"role": "user", "content": "x" * characters}],
        }
    ).encode()
    request = (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {proxy.api_key}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((proxy.host, proxy.port), timeout=TIMEOUT) as connection:
        connection.sendall(request + body)
        received = b""
        while b"data: " not in received:
            piece = connection.recv(4096)
            assert piece, f"the proxy closed the stream early: {received!r}"
            received += piece


def test_abandoned_streams_stop_and_the_proxy_keeps_answering(fake_openai_server, client):
    # Each stream would take minutes to send in full (LiteLLM's per-chunk cost); had
    # the proxy kept producing them for nobody, with its event loop held, the call
    # below would not be answered within the hang guard.
    for _ in range(5):
        abandon_stream(fake_openai_server, 200_000)
    with openai.OpenAI(
        base_url=fake_openai_server.base_url,
        api_key=fake_openai_server.api_key,
        max_retries=0,
        timeout=TIMEOUT,
    ) as c:
        reply = c.chat.completions.create(model="parrot", messages=HELLO["messages"])
    assert reply.choices[0].message.content == "hello"
    assert fake_openai_server.running
