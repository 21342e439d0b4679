"""What every format does alike: an article that is not about a negotiation, and the format table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.article import Article, load_article
from summarizer.render import FORMATS, SUFFIXES, render
from summarizer.result import SummaryResult

from .builders import result_for

TEXT = "Marathon record falls in Berlin\nThe runner finished in 2:00:35, a new world record."


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_non_negotiation_renders_plainly(fmt: str) -> None:
    from summarizer.schema import NegotiationSummary

    article = Article.from_text(TEXT)
    summary = NegotiationSummary(
        headline="Marathon record falls in Berlin",
        abstract="A runner set a marathon world record in Berlin.",
        is_negotiation=False,
    )
    out = render(result_for(summary, article), fmt, article=article)
    if fmt == "json":
        assert json.loads(out)["summary"]["is_negotiation"] is False
    else:
        assert "not about a negotiation" in out
        assert "Parties" not in out
    if fmt == "html":
        assert "data-k=" not in out
        assert "2:00:35, a new world record." in out


def test_every_format_has_a_suffix() -> None:
    assert set(SUFFIXES) == set(FORMATS)
    assert SUFFIXES["markdown"] == ".md"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_saved_in_schema_1_renders(fmt: str) -> None:
    root = Path(__file__).resolve().parents[2]
    saved = root / "tests" / "fixtures" / "schema1" / "trump-putin-call-2025-03.result.json"
    result = SummaryResult.model_validate_json(saved.read_text(encoding="utf-8"))
    out = render(result, fmt, article=load_article(root / "seeds" / "trump-putin-call-2025-03.txt"))
    assert "30-day ceasefire" in out
    if fmt == "json":
        assert json.loads(out)["summary"]["proposals"][0]["proposers"] == ["united-states"]
