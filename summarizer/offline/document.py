"""The article as the rules see it: tokenised sentences, quotation spans, and exact snippets for evidence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from summarizer.article import Article

from .text import Token, fold, tokenize

__all__ = ["Doc", "Quotation", "SentenceView", "build_doc"]

_OPENERS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}
_EDGE_PUNCT = " ,;:.-–—"
_MARKS = re.compile('[\r\n“”"‘’«»„]')
MAX_QUOTE = 600
"""Longest evidence quote the schema accepts."""


@dataclass(frozen=True, slots=True)
class SentenceView:
    """A sentence with its tokens (offsets are into the whole article)."""

    id: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    norms: tuple[str, ...]
    folded: str


@dataclass(frozen=True, slots=True)
class Quotation:
    """Words inside quotation marks: inner offsets, the sentences they span, and how many words."""

    start: int
    end: int
    first_sentence: int
    last_sentence: int
    words: int


@dataclass
class Doc:
    """Tokenised sentences and quotation spans of one article."""

    article: Article
    sentences: list[SentenceView]
    quotations: list[Quotation] = field(default_factory=list)
    _quote_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _by_sentence: dict[int, list[Quotation]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The article text."""
        return self.article.text

    def quotation_at(self, offset: int) -> Quotation | None:
        """The quotation whose inner span contains ``offset``, if any."""
        index = bisect.bisect_right(self._quote_starts, offset) - 1
        if index >= 0:
            quotation = self.quotations[index]
            if quotation.start <= offset < quotation.end:
                return quotation
        return None

    def quotations_in(self, sentence_id: int) -> list[Quotation]:
        """Quotations that overlap sentence ``sentence_id``."""
        return self._by_sentence.get(sentence_id, [])

    def snippet(self, start: int, end: int) -> str:
        """``text[start:end]`` trimmed of edge punctuation and cut to :data:`MAX_QUOTE` characters."""
        start, end = self.trim(start, end)
        return self.text[start:end]

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Offsets narrowed past surrounding blanks and punctuation, at most :data:`MAX_QUOTE` long."""
        text = self.text
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if end - start > MAX_QUOTE:
            cut = text.rfind(" ", start, start + MAX_QUOTE)
            end = cut if cut > start else start + MAX_QUOTE
            while end > start and text[end - 1] in _EDGE_PUNCT:
                end -= 1
        return start, end

    def sentence_of(self, offset: int) -> int:
        """The id of the sentence that contains (or follows) character ``offset``."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)


def build_doc(article: Article) -> Doc:
    """Tokenise every sentence and find the quotations of ``article``."""
    sentences = []
    for sentence in article.sentences:
        tokens = tuple(tokenize(sentence.text, sentence.start))
        sentences.append(
            SentenceView(
                sentence.id,
                sentence.start,
                sentence.end,
                sentence.text,
                tokens,
                tuple(t.norm for t in tokens),
                fold(sentence.text),
            )
        )
    doc = Doc(article, sentences, _sentence_starts=[s.start for s in sentences])
    doc.quotations = _quotations(doc)
    doc._quote_starts = [q.start for q in doc.quotations]
    for quotation in doc.quotations:
        for sid in range(quotation.first_sentence, quotation.last_sentence + 1):
            doc._by_sentence.setdefault(sid, []).append(quotation)
    return doc


def _quotations(doc: Doc) -> list[Quotation]:
    """Quotation spans; one left open at a line break ends there (news quotes reopen per paragraph)."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for found in _MARKS.finditer(text):
        index, char = found.start(), found.group()
        if char in "\r\n":
            if open_at is not None:
                spans.append((open_at, index))
                open_at = None
            continue
        if open_at is None:
            if char in _OPENERS and _can_open(text, index):
                open_at, closer = index + 1, _OPENERS[char]
        elif char == closer and _can_close(text, index, closer):
            spans.append((open_at, index))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    out = []
    for start, end in spans:
        inner = text[start:end]
        words = len(inner.split())
        if words == 0:
            continue
        first, last = doc.sentence_of(start), doc.sentence_of(max(start, end - 1))
        out.append(Quotation(start, end, first, last, words))
    return out


def _can_open(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if text[index] == "‘" or text[index] == '"':
        return not before.isalnum() and not after.isspace()
    return not after.isspace()


def _can_close(text: str, index: int, closer: str) -> bool:
    after = text[index + 1] if index + 1 < len(text) else " "
    if closer == "’":
        return not after.isalpha()
    return True
