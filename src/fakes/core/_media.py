"""Deterministic embedding vectors and PNG images: same input, same bytes, any machine."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
import zlib

__all__ = ["embedding_vector", "png_base64", "png_bytes"]


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate (valid in a Python str, not in UTF-8) still hashes,
    # so such input gets a vector or an image as any text does.
    return text.encode("utf-8", "surrogatepass")


def embedding_vector(text: str, dimensions: int) -> list[float]:
    """Return a deterministic unit vector for ``text`` (same text, same vector, any machine).

    Components come from SHA-256 of the text (counter mode), so different texts
    get unrelated directions; the vector is scaled to length 1.
    """
    values: list[float] = []
    counter = 0
    while len(values) < dimensions:
        digest = hashlib.sha256(_utf8(f"{counter}:{text}")).digest()
        for (word,) in struct.iter_unpack(">I", digest):
            values.append(word / 2**31 - 1.0)
        counter += 1
    values = values[:dimensions]
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def png_bytes(width: int, height: int, seed: str) -> bytes:
    """Draw a solid-colour PNG whose colour is derived from ``seed`` (deterministic bytes)."""
    red, green, blue = hashlib.sha256(_utf8(seed)).digest()[:3]
    row = b"\x00" + bytes((red, green, blue)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def png_base64(width: int, height: int, seed: str) -> str:
    """:func:`png_bytes`, base64-encoded as the images API returns it."""
    return base64.b64encode(png_bytes(width, height, seed)).decode("ascii")
