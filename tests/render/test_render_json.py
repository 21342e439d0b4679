"""JSON output: the validated model, in declared field order, UTF-8 as is, spans included, deterministic."""

from __future__ import annotations

import json

import pytest

from summarizer.article import Article
from summarizer.grounding import evidence_context
from summarizer.render import render, render_json
from summarizer.result import SummaryResult
from summarizer.schema import NegotiationSummary, iter_evidence

from .builders import result_for


def test_round_trips_to_the_same_result(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    text = render(result, "json")
    assert SummaryResult.model_validate_json(text) == result


def test_summary_revalidates_against_the_article(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    data = json.loads(render_json(result))
    again = NegotiationSummary.model_validate(data["summary"], context=evidence_context(article))
    assert again == result.summary


def test_fields_keep_their_declared_order(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    data = json.loads(render_json(result))
    assert list(data) == list(SummaryResult.model_fields)
    assert list(data["summary"]) == list(NegotiationSummary.model_fields)
    assert list(data["summary"]["positions"][0]["evidence"][0]) == [
        "sentence_ids",
        "quote",
        "start",
        "end",
        "match",
    ]


def test_evidence_spans_are_included(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    data = json.loads(render_json(result))
    fuzzy = data["summary"]["parties"][1]["representatives"][0]["evidence"][0]
    assert fuzzy["match"] == "fuzzy"
    assert article.text[fuzzy["start"] : fuzzy["end"]] == 'Minister Ana Ruiz said: "We reject'
    for _, evidence in iter_evidence(result.summary):
        assert evidence.start is not None
        assert evidence.end is not None


def test_schema_2_fields_are_written(hostile_case: tuple[Article, SummaryResult]) -> None:
    _, result = hostile_case
    summary = json.loads(render_json(result))["summary"]
    assert [party["role"] for party in summary["parties"]] == ["side", "mediator"]
    assert summary["proposals"][0]["proposers"] == ["union", "ministry"]
    assert summary["proposals"][0]["issues"] == ["tariffs", "cap"]
    assert summary["agreements"][0]["status"] == "agreed_in_principle"
    assert summary["sticking_points"][0]["resolved"] is True
    assert summary["demands"][0]["responses"][0]["response"] == "rejected"
    assert summary["positions"][0]["shift"]["previous_stance"] == "supports"
    assert summary["positions"][1]["shift"] is None


def test_non_ascii_is_written_as_is(hostile_case: tuple[Article, SummaryResult]) -> None:
    _, result = hostile_case
    text = render_json(result)
    assert "🇪🇺 Union" in text
    assert "𝔘𝔫𝔦𝔬𝔫" in text
    assert "\\u" not in text
    text.encode("utf-8")  # no lone surrogates


def test_output_is_deterministic_whatever_the_settings_order(
    seed_case: tuple[Article, SummaryResult],
) -> None:
    article, result = seed_case
    one = result_for(result.summary, article, model="m", temperature=0.0, seed=7)
    other = result_for(result.summary, article, seed=7, temperature=0.0, model="m")
    assert list(one.provenance.settings) != list(other.provenance.settings)
    assert render_json(one) == render_json(other) == render_json(one.model_copy(deep=True))
    assert render_json(one).endswith("}\n")


def test_a_bare_summary_renders_too(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    assert NegotiationSummary.model_validate_json(render(result.summary, "json")) == result.summary


def test_unknown_format_is_a_configuration_error(seed_case: tuple[Article, SummaryResult]) -> None:
    from summarizer.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="choose one of json, markdown, html"):
        render(seed_case[1], "yaml")
