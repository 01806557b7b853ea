"""Whether a version of a file in the git history is marked private: read from its bytes on the
safe side, broken front matter, UTF-16 and UTF-32 included (:func:`is_private_text`), or from
front matter the build read cleanly (:func:`is_private_front`)."""

from __future__ import annotations

import codecs
import pickle
import re
from collections.abc import Mapping
from typing import Any

from mentorsite.read.frontmatter import normalise, split

_PRIVATE_LINE = re.compile(
    r"""(?:^|[{\[,])[ \t]*(?:-[ \t]+)*["']?private["']?[ \t]*:"""
    r"""(?![ \t]*(?:false|no|off)[ \t]*(?:#.*)?$)""",
    re.IGNORECASE | re.MULTILINE,
)
"""A ``private:`` key that does not say false, in front matter that does not parse or is no
mapping: at a line's start, as a list's item (``- private: true``) or in braces or brackets
(``{private: true}``)."""


def is_private_text(blob: bytes | None) -> bool:
    """Whether a file version is marked private, even when its front matter is broken."""
    if blob and b"\0" in blob:
        blob = _wide_as_utf8(blob)
    if not blob or (b"private" not in blob and b"\\" not in blob):
        return False  # most versions never mention it (nor escape a key): no YAML to read
    text = normalise(blob.decode("utf-8", "replace"))
    front = split(text)
    if not front.problems:
        return marks_private(front.meta)
    head = text.split("\n---", 1)[0]
    return bool(_PRIVATE_LINE.search(head))


def _wide_as_utf8(blob: bytes) -> bytes:
    """A version saved as UTF-16 or UTF-32 (Notepad's "Unicode"), as UTF-8: its
    ``private: true`` holds no byte string ``private``, and its text, read as UTF-8 with each
    letter beside a replacement character, was still readable on the site."""
    codec = next((codec for bom, codec in _WIDE_BOMS if blob.startswith(bom)),
                 "utf-16-be" if blob[:1] == b"\0" else "utf-16-le")
    return blob.decode(codec, "replace").encode("utf-8", "replace")


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""UTF-32's before UTF-16's: its little-endian mark begins with UTF-16's."""


def marks_private(meta: Mapping[str, Any]) -> bool:
    """Whether a version's ``private`` asks for privacy, read on the safe side: anything but
    ``false`` does (``"true"``, ``1``, left empty), as an old version is shown in history
    whatever errors it had, and a pair who wrote ``private: "true"`` meant it."""
    return "private" in meta and meta["private"] is not False


def is_private_front(pickled: bytes) -> bool:
    """Whether a front matter the build read cleanly (pickled, see
    :data:`~mentorsite.read.load.Fronts`) marks its file private: as :func:`is_private_text`
    finds for the same text, without its bytes (they are not read from git)."""
    return b"private" in pickled and marks_private(pickle.loads(pickled))
