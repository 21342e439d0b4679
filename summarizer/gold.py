"""Authoring gold summaries: write sentence ids and quotes by hand, let the grounding code fill the spans.

``python -m summarizer.gold seeds/NAME.txt`` reads ``seeds/NAME.gold.json``, grounds every piece of evidence
in the article with the library's own code (strictly: a quote that is not exact is an error), and writes the
file back with ``start``, ``end`` and ``match`` filled in. ``--check`` only verifies.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from .article import Article, load_article
from .grounding import evidence_context
from .schema import NegotiationSummary, iter_evidence

__all__ = ["gold_path", "load_gold", "main", "validate_gold"]


def gold_path(article_path: str | Path) -> Path:
    """``seeds/x.txt`` -> ``seeds/x.gold.json``."""
    path = Path(article_path)
    return path.with_name(path.stem + ".gold.json")


def validate_gold(data: object, article: Article) -> NegotiationSummary:
    """Validate and ground a gold summary; every quote must match the article exactly."""
    summary = NegotiationSummary.model_validate(data, context=evidence_context(article))
    fuzzy = [path for path, evidence in iter_evidence(summary) if evidence.match != "exact"]
    if fuzzy:
        raise ValueError(f"gold evidence must be exact; fuzzy at: {', '.join(fuzzy)}")
    return summary


def load_gold(article_path: str | Path) -> tuple[Article, NegotiationSummary]:
    """The article and its validated gold summary."""
    article = load_article(article_path)
    data = json.loads(gold_path(article_path).read_text(encoding="utf-8"))
    return article, validate_gold(data, article)


def main(argv: list[str] | None = None) -> int:
    """Ground (or with ``--check`` only verify) the gold files of the given articles."""
    parser = argparse.ArgumentParser(prog="python -m summarizer.gold", description=__doc__)
    parser.add_argument("articles", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="verify only; write nothing")
    args = parser.parse_args(argv)
    failed = 0
    for article_path in args.articles:
        target = gold_path(article_path)
        try:
            _, summary = load_gold(article_path)
        except (OSError, ValueError, ValidationError) as exc:
            failed += 1
            print(f"{target}: {exc}", file=sys.stderr)
            continue
        if not args.check:
            text = json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
            target.write_text(text, encoding="utf-8")
        print(f"{target}: ok ({sum(1 for _ in iter_evidence(summary))} pieces of evidence)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
