"""Loading an article and segmenting it into numbered sentences with exact character offsets.

Offsets are Python string indices into the text exactly as read: the bytes are decoded (a BOM decides UTF-8,
16 or 32; else UTF-8; else the detected encoding, see :mod:`summarizer._decode`) without translating line
endings (so ``\\r\\n`` stays as it is), and only a leading BOM is dropped. At most
:data:`MAX_ARTICLE_BYTES` are ever read. Every line break ends a
segment, so headlines and crossheads without a final stop stand alone; the first segment is the headline.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._decode import MAX_ARTICLE_BYTES, decode_article, read_capped
from .errors import ArticleError

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SEGMENTER_VERSION",
    "Article",
    "Sentence",
    "load_article",
    "path_label",
    "read_metadata",
]


SEGMENTER_VERSION = "pysbd-0.3+quote-split-1"
"""Changes whenever segmentation may change; sentence ids depend on it, so it is part of every cache key."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# News databases end many a headline with the separator that joined it to the next field ("...despite
# policy snags;"): not part of the title.
_TRAILING_SEPARATORS = frozenset(";:,-\u2013\u2014")
# pysbd keeps "...discussion.’ He added" together; a stop inside a closing quote followed by a capital
# is a sentence end in news prose.
_MISSED_SPLIT = re.compile(r"(?<=[.?!][’”\"'])\s+(?=[A-Z“‘\"])")


@dataclass(frozen=True)
class Sentence:
    """One segment of the article: its id, and ``text[start:end]`` of the article."""

    id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """An article's verbatim text, its sentences, its hash and optional metadata from a sidecar file."""

    text: str
    sentences: tuple[Sentence, ...]
    sha256: str
    source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    """The encoding the text was read in (``utf-8`` for text given as a ``str``)."""

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
        encoding: str = "utf-8",
    ) -> Article:
        """Segment ``text`` (kept verbatim but for a leading BOM) into an article."""
        if text.startswith("\ufeff"):
            text = text[1:]
        _check_text(text, source)
        return cls(
            text=text,
            sentences=tuple(_segment(text)),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            source=source,
            metadata=dict(metadata or {}),
            encoding=encoding,
        )

    @classmethod
    def from_bytes(
        cls,
        raw: bytes,
        *,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
        encoding: str | None = None,
    ) -> Article:
        """Decode ``raw`` (in ``encoding``, or as :mod:`summarizer._decode` detects) into an article."""
        name = source or "article"
        if len(raw) > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{name}: {len(raw):,} bytes is over the limit of {MAX_ARTICLE_BYTES:,}")
        text, used = decode_article(raw, name, encoding)
        return cls.from_text(text, source=source, metadata=metadata, encoding=used)

    @property
    def headline(self) -> str:
        """The headline as a title: the first segment without a separator it ends with (``;``, ``:``, a dash).

        The segment itself, ``sentences[0]``, stays verbatim: sentence ids and evidence quotes use it.
        """
        first = self.sentences[0].text
        end = len(first)
        while end and (first[end - 1] in _TRAILING_SEPARATORS or first[end - 1].isspace()):
            end -= 1
        return first[:end] or first

    def sentence(self, sentence_id: int) -> Sentence:
        """The sentence with that id; ``IndexError`` if there is none."""
        if not 0 <= sentence_id < len(self.sentences):
            raise IndexError(sentence_id)
        return self.sentences[sentence_id]

    def numbered(self) -> str:
        """The article as the prompt shows it: one ``[id] sentence`` per line."""
        return "\n".join(f"[{s.id}] {s.text}" for s in self.sentences)


def load_article(path: str | Path, *, encoding: str | None = None) -> Article:
    """Read an article file (in ``encoding``, else as detected), and its ``<name>.meta.json`` sidecar."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = read_capped(handle, str(path))
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a directory, not an article file") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror})") from None
    return Article.from_bytes(raw, source=path_label(path), metadata=read_metadata(path), encoding=encoding)


def path_label(path: str | Path) -> str:
    """``path`` as text every output can carry: a file name's bytes that are not UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_metadata(path: Path) -> dict[str, Any]:
    """The article's ``<name>.meta.json`` sidecar (``{}`` if there is none); :class:`ArticleError` if bad."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{sidecar}: unreadable metadata ({exc})") from None
    if not isinstance(data, dict):
        raise ArticleError(f"{sidecar}: metadata must be a JSON object")
    return data


def _check_text(text: str, source: str | None) -> None:
    name = source or "article"
    if not text.strip():
        raise ArticleError(f"{name}: is empty")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: is over the limit of {MAX_ARTICLE_BYTES:,} bytes")
    if "\x00" in text:
        raise ArticleError(f"{name}: looks binary (it contains NUL characters), not a text article")


def _segment(text: str) -> Iterator[Sentence]:
    next_id = 0
    line_start = 0
    for brk in [*_LINE_BREAK.finditer(text), None]:
        line_end = brk.start() if brk else len(text)
        for start, end in _split_line(text[line_start:line_end]):
            yield Sentence(
                next_id, line_start + start, line_start + end, text[line_start + start : line_start + end]
            )
            next_id += 1
        if brk:
            line_start = brk.end()


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans within one line, trimmed of surrounding white space."""
    if not line.strip():
        return []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _pysbd_pieces(line):
        for part in _MISSED_SPLIT.split(piece):
            stripped = part.strip()
            if not stripped:
                continue
            # Locate each piece in the original line so offsets never drift, whatever pysbd did.
            start = line.find(stripped, cursor)
            if start < 0:
                return _fallback_split(line)
            spans.append((start, start + len(stripped)))
            cursor = start + len(stripped)
    return spans


@lru_cache(maxsize=4096)
def _pysbd_pieces(line: str) -> tuple[str, ...]:
    from ._segmenter import pysbd_sentences

    return tuple(pysbd_sentences(line))


def _fallback_split(line: str) -> list[tuple[int, int]]:
    stripped = line.strip()
    start = line.find(stripped)
    return [(start, start + len(stripped))]
