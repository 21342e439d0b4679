"""Reading an article that does not fit a model's context window: overlapping chunks, then one summary.

A request carries a fixed part (the instructions, the user template, the JSON schema of the answer) and the
numbered article, and the model's answer must fit in the same window. Sizes are estimated conservatively
from characters (:data:`CHARS_PER_TOKEN`; with SmolLM2's tokenizer the measured ratio is 3.55 for the fixed
part and 3.69 for the whole seed request, see ``make bench``) on the request exactly as it would be built.
When the article does not fit, it is split on sentence boundaries into chunks that do: each chunk is the
headline (sentence 0) followed by a run of consecutive sentences, and consecutive chunks share
:data:`OVERLAP_SENTENCES` sentences so that nothing said across a boundary is lost. A chunk is an
:class:`~summarizer.article.Article` of its own (sentences numbered from 0 in the prompt); its summary is
re-based onto the whole article (:func:`rebase`: sentence ids mapped back and every quote grounded again in
the whole article) and the chunks' summaries are merged with :func:`summarizer.merge.merge`, so callers get
one summary of the whole article with its sentence ids and spans.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .article import Article, Sentence
from .errors import ConfigurationError
from .grounding import ground_leniently
from .prompts import build_messages
from .result import Dropped
from .schema import NegotiationSummary, iter_evidence

__all__ = [
    "CHARS_PER_TOKEN",
    "MESSAGE_OVERHEAD_TOKENS",
    "OVERLAP_SENTENCES",
    "Chunk",
    "Measure",
    "estimate_tokens",
    "plan_chunks",
    "rebase",
    "request_characters",
    "request_tokens",
]

CHARS_PER_TOKEN = 3.5
"""Characters per token assumed when estimating a request's size: fewer than English prose has."""

MESSAGE_OVERHEAD_TOKENS = 64
"""Tokens added for the chat template's role markers and the tool definition around the schema."""

OVERLAP_SENTENCES = 2
"""Sentences that consecutive chunks share."""


def estimate_tokens(text: str | int) -> int:
    """Tokens that a text (or a number of characters) takes, estimated from above."""
    length = text if isinstance(text, int) else len(text)
    return math.ceil(length / CHARS_PER_TOKEN)


Measure = Callable[[Article], int]
"""The characters of the request an article makes (its messages, and the tools or response format)."""


@lru_cache(maxsize=1)
def _schema_chars() -> int:
    return len(json.dumps(NegotiationSummary.model_json_schema(), separators=(",", ":")))


def request_characters(article: Article) -> int:
    """The characters of the messages for ``article`` plus the compact JSON schema of the answer.

    What a tools-mode request carries; a backend that knows how its requests are built passes its own
    measure to :func:`plan_chunks` (JSON mode, for one, writes the schema into the prompt indented).
    """
    return sum(len(message["content"]) for message in build_messages(article)) + _schema_chars()


def request_tokens(article: Article, measure: Measure = request_characters) -> int:
    """The estimated prompt tokens of the request for ``article``."""
    return estimate_tokens(measure(article)) + MESSAGE_OVERHEAD_TOKENS


@dataclass(frozen=True)
class Chunk:
    """A part of an article read on its own: the headline, then sentences ``first``..``last`` of the whole.

    ``article`` is the part as an article: its sentence 0 is the headline and its sentence ``k`` (from 1)
    is sentence ``first + k - 1`` of the whole article. A chunk with ``whole`` set is the article itself.
    """

    article: Article
    first: int
    last: int
    whole: bool = False

    def original_id(self, sentence_id: int) -> int:
        """The id in the whole article of the chunk's sentence ``sentence_id``."""
        if self.whole or sentence_id <= 0:
            return sentence_id
        return self.first + sentence_id - 1


def _excerpt(article: Article, first: int, last: int) -> Article:
    """The headline and sentences ``first``..``last`` of ``article`` as an article, the text kept verbatim."""
    headline = article.sentences[0]
    body_start, body_end = article.sentences[first].start, article.sentences[last].end
    separator = "\n"
    text = headline.text + separator + article.text[body_start:body_end]
    shift = len(headline.text) + len(separator) - body_start
    sentences = [Sentence(0, 0, len(headline.text), headline.text)]
    sentences += [
        Sentence(number, s.start + shift, s.end + shift, s.text)
        for number, s in enumerate(article.sentences[first : last + 1], start=1)
    ]
    return Article(
        text=text,
        sentences=tuple(sentences),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=article.source,
        metadata=dict(article.metadata),
    )


def plan_chunks(
    article: Article, *, context_window: int, answer_tokens: int, measure: Measure = request_characters
) -> list[Chunk]:
    """The chunks ``article`` is read in: itself when it fits, else overlapping runs of sentences.

    A request fits when its estimated prompt tokens (from ``measure``) plus ``answer_tokens`` stay within
    ``context_window``.
    A sentence too long to fit even alone with the headline becomes a chunk by itself (the server will say
    if it overflows). Raises :class:`ConfigurationError` when the window leaves no room for any sentence.
    """
    last_id = len(article.sentences) - 1
    whole = Chunk(article, 1, last_id, whole=True)
    limit = context_window - answer_tokens
    if last_id < 1 or request_tokens(article, measure) <= limit:
        return [whole]
    headline = article.sentences[0]
    headline_only = request_tokens(
        Article(
            headline.text,
            (Sentence(0, 0, len(headline.text), headline.text),),
            "",
            article.source,
            dict(article.metadata),
        ),
        measure,
    )
    if headline_only >= limit:
        raise ConfigurationError(
            f"a context window of {context_window:,} tokens leaves no room for the article: the "
            f"instructions, schema and headline take about {headline_only:,} tokens and the answer "
            f"{answer_tokens:,}; raise the context window or lower max_tokens"
        )
    # Each sentence costs its text plus its "[id] " prefix and a line break in the numbered prompt.
    width = len(str(last_id)) + 4
    room = (limit - headline_only) * CHARS_PER_TOKEN
    chunks: list[Chunk] = []
    start = 1
    while True:
        end, used = start, len(article.sentences[start].text) + width
        while end < last_id and used + len(article.sentences[end + 1].text) + width <= room:
            end += 1
            used += len(article.sentences[end].text) + width
        part = _excerpt(article, start, end)
        while end > start and request_tokens(part, measure) > limit:  # the estimate per sentence rounds down
            end -= 1
            part = _excerpt(article, start, end)
        chunks.append(Chunk(part, start, end))
        if end == last_id:
            return chunks
        start = max(start + 1, end + 1 - OVERLAP_SENTENCES)


def rebase(
    summary: NegotiationSummary, chunk: Chunk, whole: Article
) -> tuple[NegotiationSummary, list[Dropped]]:
    """``summary`` of ``chunk`` as a summary of the whole article: sentence ids mapped, every quote grounded.

    Every quote that grounded in the chunk grounds in the whole article in the same sentences; one that
    spans the headline and a later sentence cannot (they are not adjacent there) and is dropped, with its
    item if nothing else supports it. Paths in the dropped list are the chunk summary's.
    """
    if chunk.whole:
        return summary, []
    data = summary.model_copy(deep=True)
    for _, evidence in iter_evidence(data):
        evidence.sentence_ids = [chunk.original_id(i) for i in evidence.sentence_ids]
        evidence.start = evidence.end = evidence.match = None
    return ground_leniently(data, whole)
