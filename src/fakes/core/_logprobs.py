"""Deterministic log probabilities in OpenAI's shape, one entry per output token.

A token is a character, as everywhere in the fakes. Its log probability depends
on the character alone: ``-(0.5 + 3.5 * (crc32(char) % 1000) / 1000)``, rounded
to 4 places, so it lies in [-4.0, -0.5]. With ``top_logprobs=k`` each entry
lists k alternatives: the token itself first, then the first characters of
:data:`ALTERNATIVES` that differ from it, each one nat less likely than the one
before. The probabilities of the alternatives never add up to more than 1.
"""

from __future__ import annotations

import zlib
from typing import Any

from fakes.core._errors import InvalidInputError

__all__ = ["ALTERNATIVES", "MAX_TOP_LOGPROBS", "check_logprobs", "token_logprobs"]

MAX_TOP_LOGPROBS = 20
"""The most alternatives a call may ask for, as OpenAI allows."""

ALTERNATIVES = " etaoinshrdlucmfwypvbgkjqxz.,"
"""The characters alternatives are taken from, in order (more than 20, so any k fits)."""


def check_logprobs(logprobs: Any, top_logprobs: Any) -> int | None:
    """Return the number of alternatives per token to report, or None for no logprobs.

    ``logprobs`` is a bool (None: False); ``top_logprobs`` an int from 0 to 20, and
    only with ``logprobs=True``, as OpenAI requires.
    """
    if logprobs is not None and not isinstance(logprobs, bool):
        raise InvalidInputError(f"logprobs must be a bool, got {logprobs!r}")
    if top_logprobs is None:
        return 0 if logprobs else None
    if (
        isinstance(top_logprobs, bool)
        or not isinstance(top_logprobs, int)
        or not 0 <= top_logprobs <= MAX_TOP_LOGPROBS
    ):
        raise InvalidInputError(
            f"top_logprobs must be an int from 0 to {MAX_TOP_LOGPROBS}, got {top_logprobs!r}"
        )
    if not logprobs:
        raise InvalidInputError("top_logprobs needs logprobs=True")
    return top_logprobs


def _logprob(token: str) -> float:
    return -round(0.5 + 3.5 * (zlib.crc32(token.encode("utf-8", "surrogatepass")) % 1000) / 1000, 4)


def _entry(token: str, logprob: float) -> dict[str, Any]:
    return {
        "token": token,
        "logprob": logprob,
        "bytes": list(token.encode("utf-8", "surrogatepass")),
    }


def token_logprobs(text: str, top: int) -> list[dict[str, Any]]:
    """Return one entry per character of ``text``: token, logprob, bytes, ``top`` alternatives.

    The entries of a text's pieces, put together, are the entries of the whole
    text, so a stream's chunks carry exactly their own tokens' entries.
    """
    entries = []
    for token in text:
        logprob = _logprob(token)
        entry = _entry(token, logprob)
        alternatives = [_entry(token, logprob)] if top else []
        others = (char for char in ALTERNATIVES if char != token)
        for rank, other in zip(range(1, top), others, strict=False):
            alternatives.append(_entry(other, round(logprob - rank, 4)))
        entry["top_logprobs"] = alternatives
        entries.append(entry)
    return entries
