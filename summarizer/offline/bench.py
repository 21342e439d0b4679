"""Timing the offline extractor: ``python -m summarizer.offline.bench [ARTICLE ...] [--megabytes N]``.

Reports, separately: the first extraction in a fresh process (cold: it loads the dictionaries), loading the
dictionaries alone, segmenting each article (``Article.from_text``, with the segmenter's cache cleared), and
extraction warm (dictionaries cached) as the median of several runs. With ``--megabytes`` it also times one
large text built from the given articles, every line made unique so that no segmenter cache helps.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from summarizer.article import Article, _pysbd_pieces, load_article
from summarizer.offline import extract
from summarizer.offline.lexicon import _cached, load_lexicon

__all__ = ["main"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _time(function: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _big_text(pieces: list[str], megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    chunks: list[str] = []
    size = copy = 0
    while size < target:
        copy += 1
        for piece in pieces:
            lines = [f"Copy{copy} {line}" if line.strip() else line for line in piece.splitlines()]
            chunks.append("\n".join(lines))
            size += len(chunks[-1].encode("utf-8")) + 1
    return "\n".join(chunks)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m summarizer.offline.bench", description=__doc__)
    parser.add_argument(
        "articles", nargs="*", type=Path, default=[Path("seeds/trump-putin-call-2025-03.txt")]
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--megabytes", type=float, default=0.0)
    args = parser.parse_args(argv)
    out = sys.stdout
    articles = [load_article(path) for path in args.articles]
    _cached.cache_clear()
    first = _time(lambda: extract(articles[0]), 1)
    out.write(f"first extraction, cold (dictionaries loaded on the way): {_ms(first)}\n")
    _cached.cache_clear()
    out.write(f"dictionaries alone (cold load): {_ms(_time(load_lexicon, 1))}\n")
    for path, article in zip(args.articles, articles, strict=True):
        _pysbd_pieces.cache_clear()
        segment = _time(partial(Article.from_text, article.text), 1)
        warm = _time(partial(extract, article), args.repeat)
        out.write(
            f"{path.name}: {len(article.text):,} chars, {len(article.sentences)} sentences; "
            f"segmentation {_ms(segment)}; extraction warm median {_ms(warm)}\n"
        )
    if args.megabytes:
        big_text = _big_text([article.text for article in articles], args.megabytes)
        _pysbd_pieces.cache_clear()
        start = time.perf_counter()
        big = Article.from_text(big_text)
        segmented = time.perf_counter() - start
        start = time.perf_counter()
        summary = extract(big)
        extracted = time.perf_counter() - start
        out.write(
            f"{len(big_text.encode('utf-8')) / 1e6:.2f} MB, {len(big.sentences):,} sentences: segmentation "
            f"{_ms(segmented)}; extraction {_ms(extracted)} ({len(summary.statements)} statements)\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
