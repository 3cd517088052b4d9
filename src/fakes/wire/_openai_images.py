"""The images of route ``fakes/image``: generated from a prompt, or edited from an image.

Every image is a deterministic solid-colour PNG (:func:`fakes.core.png_base64`):
its colour comes from the prompt, and for an edit also from the SHA-256 of the
input image's bytes, so the same edit gives the same bytes on any machine.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from fakes.core import InvalidInputError
from fakes.core._media import png_base64

__all__ = ["edit_sources", "image_data"]

_MAX_IMAGE_SIDE = 4096
_DEFAULT_SIDE = 256
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image_data(
    prompt: str, options: Mapping[str, Any], where: str, *, source: str = "", size: Any = None
) -> list[dict[str, str]]:
    """Answer an image call: ``n`` PNGs of ``size``, as data: URLs or ``b64_json`` entries.

    ``source`` (an edit's input digest) goes into each image's colour with the
    prompt; ``size`` is the default size when the call passes none. Bad options
    raise :class:`~fakes.core.InvalidInputError` naming ``where``.
    """
    width, height = _image_size(options.get("size") or size, where)
    count = options.get("n") or 1
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InvalidInputError(f"{where}: n must be a positive int, got {count!r}")
    as_url = options.get("response_format", "url") == "url"
    images: list[dict[str, str]] = []
    for index in range(count):
        encoded = png_base64(width, height, f"{index}:{source}{prompt}")
        # A data: URL, so the image is usable without any download.
        image = {"url": f"data:image/png;base64,{encoded}"} if as_url else {"b64_json": encoded}
        images.append({**image, "revised_prompt": prompt})
    return images


def edit_sources(image: Any, where: str) -> tuple[str, str | None]:
    """Read an edit's input images; return their digest and the first one's size.

    An image is ``bytes``, a binary file object, a path, or an upload tuple
    ``(filename, content[, content_type])`` as the OpenAI SDK takes; a list of
    them edits them together. The size (``"WxH"``) is read from a PNG header,
    None for other formats.
    """
    items = list(image) if isinstance(image, (list, tuple)) and not _is_upload(image) else [image]
    if not items:
        raise InvalidInputError(f"{where}: image must not be empty")
    digest = hashlib.sha256()
    size: str | None = None
    for position, item in enumerate(items):
        data = _image_bytes(item, f"{where}: image #{position}")
        digest.update(hashlib.sha256(data).digest())
        if position == 0:
            size = _png_size(data)
    return digest.hexdigest() + ":", size


def _is_upload(value: Sequence[Any]) -> bool:
    return (
        2 <= len(value) <= 4
        and isinstance(value[0], (str, type(None)))
        and not isinstance(value[1], (str, type(None)))
    )


def _image_bytes(item: Any, where: str) -> bytes:
    if isinstance(item, tuple) and _is_upload(item):
        item = item[1]
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item)
    if isinstance(item, (str, os.PathLike)):
        try:
            with open(item, "rb") as file:
                return file.read()
        except OSError as error:
            raise InvalidInputError(f"{where} cannot be read: {error}") from error
    read = getattr(item, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    raise InvalidInputError(
        f"{where} must be bytes, a binary file or a path, got {type(item).__name__}"
    )


def _png_size(data: bytes) -> str | None:
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    if 1 <= width <= _MAX_IMAGE_SIDE and 1 <= height <= _MAX_IMAGE_SIDE:
        return f"{width}x{height}"
    return None


def _image_size(size: Any, where: str) -> tuple[int, int]:
    if size is None or size == "auto":
        return _DEFAULT_SIDE, _DEFAULT_SIDE
    if isinstance(size, str):
        width, _, height = size.partition("x")
        if width.isdigit() and height.isdigit():
            w, h = int(width), int(height)
            if 1 <= w <= _MAX_IMAGE_SIDE and 1 <= h <= _MAX_IMAGE_SIDE:
                return w, h
    raise InvalidInputError(
        f"{where}: size must be 'WIDTHxHEIGHT' (each 1-{_MAX_IMAGE_SIDE}), got {size!r}"
    )
