"""The article as the rules see it: tokenised sentences, quotation spans, exact snippets for evidence, and
the spaCy parse of the sentences that can hold a statement or an act.

Sentences and their ids are :mod:`summarizer.article`'s; the parser reads each chosen sentence on its own, and
its tokens map back to the article by character offsets (``sentence.start + token.idx``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.article import Article

from .pipeline import is_proper, parse, recognise
from .text import Token, fold, tokenize

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token as SpacyToken

__all__ = ["Doc", "Quotation", "SentenceView", "build_doc", "dateline_end", "parse_docs"]

# Typewriter doubles ('' and ``) stand for quotation marks in text from news archives and plain-text feeds.
_OPENERS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“", "''": "''", "``": "''"}
_EDGE_PUNCT = " ,;:.-–—"
_MARKS = re.compile("''|``|[\r\n“”\"‘’«»„]")
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
    parses: dict[int, SpacyDoc] = field(default_factory=dict)

    def parse_of(self, sentence_id: int) -> SpacyDoc | None:
        """The parse of sentence ``sentence_id``, if it was chosen for parsing."""
        return self.parses.get(sentence_id)

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


def build_doc(
    article: Article,
    wanted: Callable[[SentenceView], bool] | None = None,
    known: Callable[[str], bool] | None = None,
) -> Doc:
    """Tokenise every sentence and find the quotations of ``article``; parse the ``wanted`` sentences."""
    doc = _tokenised(article)
    if wanted is not None:
        parse_docs([doc], wanted, known)
    return doc


def parse_docs(
    docs: Sequence[Doc], wanted: Callable[[SentenceView], bool], known: Callable[[str], bool] | None = None
) -> None:
    """Parse the ``wanted`` sentences of all ``docs`` in one batch and attach each parse to its sentence;
    label the entities of those whose subject (or agent, or apposition) is a proper noun that is neither
    ``known`` (a name the dictionaries hold) nor seen in an earlier sentence of the article (the actor finder
    recognises it there from its first appearance)."""
    chosen = [(doc, s) for doc in docs for s in doc.sentences if wanted(s)]
    parses = parse([_without_dateline(s.text) for _, s in chosen])
    for (doc, sentence), parsed in zip(chosen, parses, strict=True):
        doc.parses[sentence.id] = parsed
    is_known = known or (lambda name: False)
    needing: list[SpacyDoc] = []
    for doc in docs:
        seen: set[str] = set()  # last words of the names an earlier sentence of this article showed
        for sid in sorted(doc.parses):
            parsed = doc.parses[sid]
            names = [_name(t) for t in parsed if _names_an_actor(t)]
            if any(name.split()[-1] not in seen and not is_known(name) for name in names):
                needing.append(parsed)
            seen.update(t.text for t in parsed if is_proper(t))
    recognise(needing)


def _name(token: SpacyToken) -> str:
    """The proper name ``token`` ends: it and the proper nouns compounded before it ("Jennifer Palmieri")."""
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and is_proper(token.doc[start - 1]):
        start -= 1
    return token.doc[start : token.i + 1].text


_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "appos", "poss"})
# A wire story's dateline, "WASHINGTON (AP) — " or "Cleveland, July 19 (UPI) – ": a place, not a subject.
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’]*(?:[ ,]+[A-Z][\w.'’]*)*,?(?: [A-Z][a-z]{2,8}\.? \d{1,2})? ?\([^()]{2,40}\)"
    r"|[A-Z][A-Z.'’]+(?:[ ,]+[A-Z][A-Z.'’]+)*(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?) ?[–—-]{1,2} "
)


def dateline_end(text: str) -> int:
    """Where the dateline that opens ``text`` ends ("WASHINGTON (AP) — "), 0 when there is none."""
    found = _DATELINE.match(text)
    return found.end() if found else 0


def _without_dateline(text: str) -> str:
    """``text`` with a leading dateline blanked out (same length, so offsets hold)."""
    end = dateline_end(text)
    return " " * end + text[end:]


def _names_an_actor(token: SpacyToken) -> bool:
    """A proper noun that speaks or acts: subject, apposition, possessor, passive agent, "according to"."""
    if not is_proper(token):
        return False
    if token.dep_ in _ACTOR_DEPS or (token.dep_ == "compound" and token.head.dep_ in _ACTOR_DEPS):
        return True
    return token.dep_ == "pobj" and (token.head.dep_ == "agent" or token.head.head.lower_ == "according")


def _tokenised(article: Article) -> Doc:
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
                open_at, closer = found.end(), _OPENERS[char]
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
    width = 2 if text.startswith(("''", "``"), index) else 1
    after = text[index + width] if index + width < len(text) else " "
    if text[index] in "‘\"'":
        return not before.isalnum() and not after.isspace()
    return not after.isspace()


def _can_close(text: str, index: int, closer: str) -> bool:
    after = text[index + len(closer)] if index + len(closer) < len(text) else " "
    if closer == "’":
        return not after.isalpha()
    return True
