"""What every format does alike: an article that is not about a negotiation, and the format table."""

from __future__ import annotations

import json

import pytest

from summarizer.article import Article
from summarizer.render import FORMATS, SUFFIXES, render

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
