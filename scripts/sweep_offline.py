"""Run the offline backend over many articles and their variants, and report every failure by kind.

``python scripts/sweep_offline.py FOLDER_OR_FILE ... [--failures out.jsonl]`` summarizes every ``*.txt``
under the given paths through :func:`summarizer.summarize` (the function the CLI calls), in one process so the
parser loads once, as written and as six variants of it: lower-cased, upper-cased, on one line (every run of
line breaks made one space), glued (line breaks deleted, so a paragraph's last word runs into the next one's
first), with curly quote marks made straight, and with ``''`` as its double quote marks.

A failure is one of: an exception (counted by its type and the innermost place in this package that raised
it), a result that no longer validates as a :class:`SummaryResult` or whose evidence does not ground in the
article, or a value past a schema limit (an id over 60 characters, a text over 600, an empty or blank string,
a party or issue id declared twice). Prints the count of each kind; ``--failures`` writes one JSON line each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer import summarize
from summarizer.article import Article
from summarizer.grounding import evidence_context
from summarizer.result import SummaryResult
from summarizer.schema import ITEM_LISTS, NegotiationSummary

__all__ = ["VARIANTS", "check", "main"]

_CURLY = str.maketrans({c: "'" for c in "‘’‚‛"} | {c: '"' for c in "“”„‟"})
VARIANTS: dict[str, Callable[[str], str]] = {
    "as-is": lambda text: text,
    "lower": str.lower,
    "upper": str.upper,
    "one-line": lambda text: re.sub(r"\s*[\r\n]+\s*", " ", text).strip(),
    "glued": lambda text: re.sub(r"[\r\n]+", "", text),
    "straight-quotes": lambda text: text.translate(_CURLY),
    "two-apostrophes": lambda text: re.sub('[“”"]', "''", text),
}
"""How each article is varied: a name and a function of its text."""
ID_LIMIT, TEXT_LIMIT, ABSTRACT_LIMIT = 60, 600, 1200


def _strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def check(result: SummaryResult, article: Article) -> list[tuple[str, str]]:
    """Every ``(kind, detail)`` by which ``result`` breaks the schema, its grounding or a limit."""
    problems: list[tuple[str, str]] = []
    try:
        SummaryResult.model_validate(result.model_dump(mode="json"))
    except ValidationError as error:
        problems.append(("invalid-result", str(error).splitlines()[0]))
    summary = result.summary
    try:
        NegotiationSummary.model_validate(summary.model_dump(), context=evidence_context(article))
    except ValidationError as error:
        problems.append(("ungrounded", str(error).splitlines()[0]))
    ids = [("parties", p.id) for p in summary.parties] + [("issues", i.id) for i in summary.issues]
    for entry in ITEM_LISTS:
        for item in getattr(summary, entry.name):
            ids += [(f"{entry.name}.{path}", value) for path, _, value in entry.references(item)]
    for where, value in ids:
        if len(value) > ID_LIMIT:
            problems.append(("id-too-long", f"{where}: {len(value)} characters"))
    for name in ("parties", "issues"):
        declared = Counter(item.id for item in getattr(summary, name))
        problems += [("duplicate-id", f"{name}: {id_}") for id_, n in declared.items() if n > 1]
    for path, value in _strings(summary.model_dump(mode="json"), ""):
        if not value.strip():
            problems.append(("empty-string", path))
        limit = ABSTRACT_LIMIT if path == "abstract" else TEXT_LIMIT
        if len(value) > limit:
            problems.append(("text-too-long", f"{path}: {len(value)} characters"))
    return problems


def _place(error: BaseException) -> str:
    """The innermost frame of this package in ``error``'s traceback, as ``module:line function``."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/summarizer/" in f.filename]
    if not frames:
        return "?"
    frame = frames[-1]
    module = frame.filename.rsplit("/summarizer/", 1)[1]
    return f"{module}:{frame.lineno} {frame.name}"


def _articles(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return found


def main(argv: list[str] | None = None) -> int:
    """Sweep the articles under the given paths; exit 1 if anything failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated: " + ", ".join(VARIANTS)
    )
    parser.add_argument("--failures", type=Path, help="write one JSON line per failure here")
    args = parser.parse_args(argv)
    variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    files = _articles(args.paths)
    kinds: Counter[str] = Counter()
    runs, failed_runs, slowest = 0, 0, (0.0, "")
    out = args.failures.open("w", encoding="utf-8") if args.failures else None
    began = time.perf_counter()
    for path in files:
        original = path.read_text(encoding="utf-8")
        for variant in variants:
            text = VARIANTS[variant](original)
            runs += 1
            started = time.perf_counter()
            problems: list[tuple[str, str]] = []
            try:
                result = summarize(text, backend="offline")
            except Exception as error:
                problems.append((f"exception {type(error).__name__} at {_place(error)}", str(error)[:300]))
            else:
                problems = check(result, Article.from_text(text))
            took = time.perf_counter() - started
            slowest = max(slowest, (took, f"{path.name} [{variant}]"))
            if problems:
                failed_runs += 1
            for kind, detail in problems:
                kinds[kind] += 1
                if out is not None:
                    record = {"file": str(path), "variant": variant, "kind": kind, "detail": detail}
                    out.write(json.dumps(record) + "\n")
    if out is not None:
        out.close()
    print(
        f"{len(files)} articles x {len(variants)} variants = {runs} runs "
        f"in {time.perf_counter() - began:.0f} s; "
        f"{failed_runs} runs with a failure; slowest {slowest[0]:.2f} s ({slowest[1]})"
    )
    for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        print(f"{n:6d}  {kind}")
    return 1 if failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())
