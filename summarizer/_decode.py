"""Reading an article's bytes with a cap, and decoding them: a BOM decides, else UTF-8, else detection.

A byte-order mark decides between UTF-8, UTF-16 and UTF-32. Without one the bytes are UTF-8 if they decode
as UTF-8; otherwise charset-normalizer names the most plausible encoding (Windows-1252, the superset of
Latin-1, wins a tie: news text in English rarely is anything else). A caller may name the encoding instead.
Input with NUL bytes (and no BOM) or many control characters is binary, and refused.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

from .errors import ArticleError

__all__ = ["MAX_ARTICLE_BYTES", "decode_article", "read_capped"]

MAX_ARTICLE_BYTES = 2_000_000
"""Larger inputs are refused with :class:`ArticleError` (about 300,000 words, far beyond any news article)."""

# Longest first: a UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = ("cp1252", "iso8859_15", "latin_1")
"""Encodings chosen when detection finds them as plausible as its first choice."""
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def read_capped(stream: BinaryIO, name: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """At most ``limit`` bytes of ``stream``; :class:`ArticleError` as soon as there are more.

    Reads ``limit + 1`` bytes at most, so an endless stream (``yes | summarizer summarize -``) is refused
    at once, in bounded memory.
    """
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ArticleError(f"{name}: is over the limit of {limit:,} bytes")
    return raw


def decode_article(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``raw`` and the name of the encoding it was read in; :class:`ArticleError` if it is not
    text. ``encoding`` overrides the detection."""
    if encoding is not None:
        return _checked(_decode_as(raw, name, encoding), name), _codec_name(encoding, name)
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return _checked(_decode_as(raw, name, codec), name), codec
    if b"\x00" in raw:
        raise ArticleError(f"{name}: looks binary (it contains NUL bytes), not a text article")
    try:
        return _checked(raw.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as exc:
        detected = _detect(raw)
        if detected is None:
            raise ArticleError(
                f"{name}: is not UTF-8 (bad byte at offset {exc.start}) and its encoding cannot be detected; "
                "name it with --encoding"
            ) from None
    return _checked(_decode_as(raw, name, detected), name), detected


def _detect(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        return None
    best = min((match.chaos, -match.coherence) for match in matches)
    tied = [match for match in matches if (match.chaos, -match.coherence) == best]
    for preferred in _PREFERRED:
        if any(preferred in match.could_be_from_charset for match in tied):
            return _codec_name(preferred, "")
    return _codec_name(tied[0].encoding, "")


def _codec_name(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ArticleError(f"{name}: {encoding!r} is not an encoding Python knows") from None


def _decode_as(raw: bytes, name: str, encoding: str) -> str:
    try:
        return raw.decode(_codec_name(encoding, name))
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: is not {encoding} (bad byte at offset {exc.start})") from None


def _checked(text: str, name: str) -> str:
    controls = sum(1 for char in text if (char < " " and char not in _ALLOWED_CONTROLS) or char == "\x7f")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise ArticleError(f"{name}: looks binary (it is full of control characters), not a text article")
    return text
