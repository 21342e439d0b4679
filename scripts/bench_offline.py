"""Timing the offline extractor: ``python scripts/bench_offline.py [ARTICLE ...] [--batch N]``.

Reports, separately: importing spaCy and loading the English pipeline (cold, once per process), the
dictionaries alone, the first extraction; then for each article its segmentation (``Article.from_text``,
segmenter cache cleared), the parse of the sentences the rules read, and the whole extraction warm (median of
several runs); a batch of ``--batch`` articles cycled from the given ones (default: the corpus in seeds/),
parsed together through ``nlp.pipe`` with the model loaded once (articles per second); one large article
of ``--big`` characters (default 1 MB; see :func:`varied_text`) read from its text, cold caches, by stage
(wall and CPU time); and the CLI's whole run on the first article (a fresh process: imports, model load,
segmentation, extraction, rendering).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from summarizer.article import Article, _pysbd_pieces, load_article
from summarizer.offline import extract, extract_many
from summarizer.offline.assemble import assemble
from summarizer.offline.lexicon import _cached, load_lexicon
from summarizer.offline.prepare import parsed_docs

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump-putin-call-2025-03.txt"
# A capitalised word after a lower-case one: a name, a month, a day ("told Alemu on Monday").
_NAME_WORD = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\d+")


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


def varied_text(size: int, seed: int = 0) -> str:
    """News prose of ``size`` characters that repeats no article: the body sentences of the corpus (seeds/ and
    its tracks) in shuffled paragraphs of 2-6, every sentence once per round; from the second round on, the
    name words are permuted among themselves and the numbers redrawn, so a sentence seldom recurs verbatim
    (only the short ones without a name or a number do) and the parser and name finder meet new names, as
    in a long real text, instead of the same few sentences again."""
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("seeds/tracks/*/*.txt"))
    sentences = [s.text for p in paths for s in load_article(p).sentences[1:]]
    names = sorted({found.group() for sentence in sentences for found in _NAME_WORD.finditer(sentence)})
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    for round_ in range(size):  # bounded: every round adds the whole corpus
        order = rng.sample(sentences, len(sentences))
        swap = dict(zip(names, rng.sample(names, len(names)), strict=True)) if round_ else {}
        k = 0
        while k < len(order) and total < size:
            count = rng.randint(2, 6)
            paragraph = " ".join(order[k : k + count])
            k += count
            paragraphs.append(_vary(paragraph, swap, rng) if swap else paragraph)
            total += len(paragraphs[-1]) + 2
        if total >= size:
            break
    return "\n\n".join(paragraphs)[:size]


def _vary(paragraph: str, swap: dict[str, str], rng: random.Random) -> str:
    """``paragraph`` with its name words swapped and its numbers redrawn (as many digits)."""
    paragraph = _NAME_WORD.sub(lambda m: swap.get(m.group(), m.group()), paragraph)
    return _NUMBER.sub(lambda m: str(rng.randint(2, 10 ** len(m.group()) - 1)), paragraph)


def _big_article(size: int, out: TextIO) -> None:
    """One article of ``size`` characters, read cold (segmenter cache cleared), timed stage by stage."""
    text = varied_text(size, seed=7)
    _pysbd_pieces.cache_clear()
    lexicon = load_lexicon()
    wall, cpu = time.perf_counter(), time.process_time()
    stages: list[tuple[str, float, float]] = []

    def lap(name: str) -> None:
        nonlocal wall, cpu
        stages.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()

    article = Article.from_text(text)
    lap("segmentation")
    collecting = gc.isenabled()
    gc.disable()  # as extract_many does
    try:
        docs = parsed_docs([article], lexicon)
        lap("tokens and parse")
        assemble(docs[0], lexicon)
        lap("rules and validation")
    finally:
        if collecting:
            gc.enable()
    sentences = [s.text for s in article.sentences]
    distinct = len(set(sentences))
    total_wall, total_cpu = sum(s[1] for s in stages), sum(s[2] for s in stages)
    out.write(
        f"{len(text):,} chars of varied news ({len(sentences):,} sentences, {distinct:,} distinct, "
        f"{len(docs[0].parses):,} parsed), from its text: {total_wall:.2f} s wall, {total_cpu:.2f} s CPU = "
        + ", ".join(f"{name} {w:.2f} / {c:.2f}" for name, w, c in stages)
        + f" (load average {os.getloadavg()[0]:.1f})\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python scripts/bench_offline.py", description=__doc__)
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100, help="articles in the batch run (0: none)")
    parser.add_argument("--big", type=int, default=1_000_000, help="size of one large article (0: none)")
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
    if args.big:
        _big_article(args.big, out)
    out.write(f"CLI whole run on {paths[0].name} (fresh process): {_cli_run(paths[0]):.2f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
