"""Upgrade gold summaries written in schema 1 to schema 2, in place.

Run ``python scripts/upgrade_golds.py`` (every ``*.gold.json`` under ``seeds/``, tracks included) or name gold
files or articles. Each proposal's ``proposer`` becomes ``proposers: [proposer]`` and its ``issue`` becomes
``issues: [issue]`` (:func:`summarizer.schema.upgrade_v1`); the summary is then grounded against its article
as ``python -m summarizer.gold`` does and written back with every schema-2 field spelled out (party role
``side``, no agreements, sticking points unresolved, demands unanswered, no shifts). Running it again on an
upgraded file changes nothing. What schema 2 can say beyond that is annotated by hand (seeds/ANNOTATION.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarizer.article import load_article
from summarizer.gold import validate_gold
from summarizer.schema import upgrade_v1

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SUFFIX = ".gold.json"


def _gold_file(path: Path) -> Path:
    return path if path.name.endswith(_SUFFIX) else path.with_name(path.stem + _SUFFIX)


def _article_file(gold_file: Path) -> Path:
    return gold_file.with_name(gold_file.name.removesuffix(_SUFFIX) + ".txt")


def upgrade(gold_file: Path) -> bool:
    """Upgrade one gold file in place; whether its text changed."""
    before = gold_file.read_text(encoding="utf-8")
    data = upgrade_v1(json.loads(before))
    summary = validate_gold(data, load_article(_article_file(gold_file)))
    after = json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if after != before:
        gold_file.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str] | None = None) -> int:
    """Upgrade the named gold files (or articles), or every gold file under seeds/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="gold files or articles (default: seeds/**)")
    args = parser.parse_args(argv)
    files = [_gold_file(path) for path in args.paths] or sorted(SEEDS.rglob(f"*{_SUFFIX}"))
    failed = 0
    for gold_file in files:
        if gold_file.name == "timeline.gold.json":
            continue  # a track's timeline has its own format (seeds/tracks/README.md)
        try:
            changed = upgrade(gold_file)
        except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            failed += 1
            print(f"{gold_file}: {exc}", file=sys.stderr)
            continue
        print(f"{gold_file}: {'upgraded' if changed else 'already schema 2'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
