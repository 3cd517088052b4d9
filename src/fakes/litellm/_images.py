"""The images of route ``fakes/image``: generated from a prompt, or edited from an image.

Every image is a deterministic solid-colour PNG (:func:`fakes.core.png_base64`):
its colour comes from the prompt, and for an edit also from the SHA-256 of the
input image's bytes, so the same edit gives the same bytes on any machine.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
from collections.abc import Mapping, Sequence
from typing import Any

from litellm.types.utils import ImageObject, ImageResponse

from fakes.core._media import png_base64
from fakes.litellm._errors import FakesProviderError

__all__ = ["edit_sources", "image_response"]

_MAX_IMAGE_SIDE = 4096
_DEFAULT_SIDE = 256
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image_response(
    prompt: str, optional: Mapping[str, Any], where: str, *, source: str = "", size: Any = None
) -> ImageResponse:
    """Answer an image call: ``n`` PNGs of ``size``, as data: URLs or ``b64_json``.

    ``source`` (an edit's input digest) goes into each image's colour with the
    prompt; ``size`` is the default size when the call passes none.
    """
    width, height = _image_size(optional.get("size") or size, where)
    count = optional.get("n") or 1
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise FakesProviderError(400, f"{where}: n must be a positive int, got {count!r}")
    as_url = optional.get("response_format", "url") == "url"
    images: list[ImageObject] = []
    for index in range(count):
        encoded = png_base64(width, height, f"{index}:{source}{prompt}")
        if as_url:
            # A data: URL, so the image is usable without any download.
            images.append(
                ImageObject(url=f"data:image/png;base64,{encoded}", revised_prompt=prompt)
            )
        else:
            images.append(ImageObject(b64_json=encoded, revised_prompt=prompt))
    return ImageResponse(created=int(time.time()), data=images)


def edit_sources(image: Any, where: str) -> tuple[str, str | None]:
    """Read an edit's input images; return their digest and the first one's size.

    An image is ``bytes``, a binary file object, a path, or an upload tuple
    ``(filename, content[, content_type])`` as the OpenAI SDK takes; a list of
    them edits them together. The size (``"WxH"``) is read from a PNG header,
    None for other formats.
    """
    items = list(image) if isinstance(image, (list, tuple)) and not _is_upload(image) else [image]
    if not items:
        raise FakesProviderError(400, f"{where}: image must not be empty")
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
            raise FakesProviderError(400, f"{where} cannot be read: {error}") from error
    read = getattr(item, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    raise FakesProviderError(
        400, f"{where} must be bytes, a binary file or a path, got {type(item).__name__}"
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
    raise FakesProviderError(
        400, f"{where}: size must be 'WIDTHxHEIGHT' (each 1-{_MAX_IMAGE_SIDE}), got {size!r}"
    )
