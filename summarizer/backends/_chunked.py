"""Extracting an article in chunks when it does not fit the model's context window, and merging the parts.

One request when the article fits. Otherwise every chunk (:func:`summarizer.chunking.plan_chunks`) is
extracted and grounded on its own, one after the other, re-based onto the whole article and merged
(:func:`summarizer.merge.merge`); the usage sums every request and ``usage.chunks`` says how many chunks
there were. An error in one chunk stops the article: it carries the usage spent so far, and its message
says which chunk failed (sentence ids in it are the chunk's own).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from summarizer.article import Article
from summarizer.chunking import Chunk, rebase
from summarizer.errors import SummarizerError, Usage
from summarizer.merge import Piece, merge
from summarizer.result import Dropped, Extraction

__all__ = ["aextract_in_chunks", "extract_in_chunks"]


def extract_in_chunks(
    article: Article, chunks: Sequence[Chunk], extract: Callable[[Article], Extraction]
) -> Extraction:
    """Extract ``article`` through ``extract``, chunk by chunk when there is more than one chunk."""
    done: list[Extraction] = []
    spent = Usage()
    for number, chunk in enumerate(chunks):
        try:
            extraction = extract(chunk.article)
        except SummarizerError as error:
            raise _charged(error, spent, chunks, number) from None
        spent += extraction.usage
        done.append(extraction)
    return _combine(article, chunks, done, spent)


async def aextract_in_chunks(
    article: Article, chunks: Sequence[Chunk], extract: Callable[[Article], Awaitable[Extraction]]
) -> Extraction:
    """The asynchronous twin of :func:`extract_in_chunks`."""
    done: list[Extraction] = []
    spent = Usage()
    for number, chunk in enumerate(chunks):
        try:
            extraction = await extract(chunk.article)
        except SummarizerError as error:
            raise _charged(error, spent, chunks, number) from None
        spent += extraction.usage
        done.append(extraction)
    return _combine(article, chunks, done, spent)


def _charged(error: SummarizerError, spent: Usage, chunks: Sequence[Chunk], number: int) -> SummarizerError:
    """``error`` with the usage of the chunks before it added, and which chunk it was in."""
    usage = getattr(error, "usage", None)
    if isinstance(usage, Usage):
        error.usage = spent + usage + Usage(chunks=len(chunks))  # type: ignore[attr-defined]
    if len(chunks) > 1:
        chunk = chunks[number]
        where = f"chunk {number + 1} of {len(chunks)} (the headline and sentences {chunk.first}-{chunk.last})"
        error.args = (f"{where}: {error}", *error.args[1:])
    return error


def _combine(article: Article, chunks: Sequence[Chunk], done: list[Extraction], spent: Usage) -> Extraction:
    usage = spent + Usage(chunks=len(chunks))
    if len(chunks) == 1 and chunks[0].whole:
        return Extraction(done[0].summary, done[0].dropped, usage)
    pieces = []
    dropped: list[Dropped] = []
    for number, (chunk, extraction) in enumerate(zip(chunks, done, strict=True)):
        summary, lost = rebase(extraction.summary, chunk, article)
        pieces.append(Piece(summary, order=number))
        dropped += [
            Dropped(path=f"chunks[{number}].{item.path}", reason=item.reason)
            for item in [*extraction.dropped, *lost]
        ]
    return Extraction(merge(pieces).summary, dropped, usage)
