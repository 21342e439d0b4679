"""Timing the offline extractor: ``python scripts/bench_offline.py [ARTICLE ...] [--batch N]``.

Reports, separately: importing spaCy and loading the English pipeline (cold, once per process), the
dictionaries alone, the first extraction; then for each article its segmentation (``Article.from_text``,
segmenter cache cleared), the parse of the sentences the rules read, and the whole extraction warm (median of
several runs); a batch of ``--batch`` articles cycled from the given ones (default: the corpus in seeds/),
parsed together through ``nlp.pipe`` with the model loaded once (articles per second); and the CLI's whole
run on the first article (a fresh process: imports, model load, segmentation, extraction, rendering).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from summarizer.article import Article, _pysbd_pieces, load_article
from summarizer.offline import extract, extract_many
from summarizer.offline.lexicon import _cached, load_lexicon
from summarizer.offline.prepare import parsed_docs

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump-putin-call-2025-03.txt"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _time(function: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _cli_run(path: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    command = [sys.executable, "-m", "summarizer.cli", "summarize", str(path), "--backend", "offline"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python scripts/bench_offline.py", description=__doc__)
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100, help="articles in the batch run (0: none)")
    args = parser.parse_args(argv)
    paths = args.articles or [SEED, *sorted(p for p in (ROOT / "seeds").glob("*.txt") if p != SEED)]
    out = sys.stdout
    started = time.perf_counter()
    import spacy  # noqa: F401  (timed: what the offline backend's first use costs)

    out.write(f"import spaCy: {_ms(time.perf_counter() - started)}\n")
    from summarizer.offline.pipeline import load_pipeline, model_folder

    started = time.perf_counter()
    load_pipeline()
    out.write(f"load the English pipeline ({model_folder().name}, checksums included): ")
    out.write(f"{_ms(time.perf_counter() - started)}\n")
    articles = [load_article(path) for path in paths]
    _cached.cache_clear()
    out.write(f"dictionaries alone (cold load): {_ms(_time(load_lexicon, 1))}\n")
    out.write(f"first extraction (warms caches): {_ms(_time(lambda: extract(articles[0]), 1))}\n")
    for path, article in zip(paths, articles, strict=True):
        _pysbd_pieces.cache_clear()
        segment = _time(partial(Article.from_text, article.text), 1)
        docs = parsed_docs([article], load_lexicon())
        parse = _time(partial(parsed_docs, [article], load_lexicon()), max(1, args.repeat // 4))
        warm = _time(partial(extract, article), args.repeat)
        out.write(
            f"{path.name}: {len(article.text):,} chars, {len(article.sentences)} sentences "
            f"({len(docs[0].parses)} parsed); segmentation {_ms(segment)}; parse {_ms(parse)}; "
            f"extraction warm median {_ms(warm)} (parse included)\n"
        )
    if args.batch:
        batch = [articles[i % len(articles)] for i in range(args.batch)]
        chars = sum(len(a.text) for a in batch) / len(batch)
        started, cpu = time.perf_counter(), time.process_time()
        extract_many(batch)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        out.write(
            f"batch of {len(batch)} articles (mean {chars:,.0f} chars), parsed together, model loaded: "
            f"{seconds:.2f} s, {len(batch) / seconds:.1f} articles/s, {len(batch) / cpu:.1f} per CPU second "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)\n"
        )
    out.write(f"CLI whole run on {paths[0].name} (fresh process): {_cli_run(paths[0]):.2f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
