"""Free-text checks: names and numbers in the summary's own words must stand in the article."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from summarizer import ExtractionError, load_article, summarize
from summarizer.freetext import free_text, free_text_errors, unsupported, vocabulary
from summarizer.gold import load_gold
from summarizer.grounding import ground_leniently
from summarizer.schema import NegotiationSummary
from summarizer.testing import ScriptedModel, answer

from .scripted import SEEDS, client_for, gold_answer, settings

GOLD_ARTICLES = sorted(
    article
    for gold in SEEDS.rglob("*.gold.json")
    if (article := gold.with_name(gold.name.replace(".gold.json", ".txt"))).is_file()
)
"""Every article with a gold summary: the corpus and the tracks (a track's timeline has no article)."""
PORT = load_article(SEEDS / "port-strike-wages.txt")
SEED = load_article(SEEDS / "trump-putin-call-2025-03.txt")


def _problems(text: str, article_text: str) -> list[tuple[str, str]]:
    return [(problem.kind, problem.text) for problem in unsupported(text, vocabulary(article_text))]


@pytest.mark.parametrize("article_path", GOLD_ARTICLES, ids=lambda path: str(Path(path).relative_to(SEEDS)))
def test_every_gold_free_text_field_passes(article_path: Path) -> None:
    article, gold = load_gold(article_path)
    fields = list(free_text(gold))
    assert len(fields) >= 2
    failing = {path: _problems(text, article.text) for path, text in fields}
    assert {path: found for path, found in failing.items() if found} == {}


def test_a_made_up_claim_fails_where_the_article_does_not_say_it() -> None:
    assert "Putin" not in PORT.text
    assert _problems("Putin agreed to withdraw all troops.", PORT.text) == [("name", "Putin")]
    assert _problems("In the end Putin agreed to withdraw all troops.", PORT.text) == [("name", "Putin")]
    assert _problems("Putin agreed to withdraw all troops.", SEED.text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Macron agreed to a truce.", [("name", "Macron")]),  # a name at the start of a sentence
        ("Officials met in Riyadh.", [("name", "Riyadh")]),  # a name inside one
        ("Both sides agreed; Negotiators met again.", []),  # ordinary words after a stop or semicolon
        ("Reportedly, the Kremlin dropped its demands.", []),
        ("Vladimir Putin wants 5,000 troops out.", [("number", "5,000")]),
        ("Russian and Ukrainian officials welcomed a 30-day ceasefire.", []),  # demonyms, 30-day
        ("U.S. envoy Witkoff expects a call this week.", []),  # "US" in the article
        ("United States envoy Witkoff expects a call.", []),  # the article's "US" spelled out
        ("Ukraine wants thirty days.", []),  # thirty = 30 in "30-day"
        ("Ukraine wants a 90-day pause.", [("number", "90")]),
        ("NATO membership is off the table.", [("name", "NATO")]),
        ("Talks resume Tuesday.", [("name", "Tuesday")]),
        ("Talks resume on Friday with one of the envoys.", []),  # "one" is not a count
        ("Eleven envoys met.", [("number", "Eleven")]),
    ],
)
def test_names_and_numbers_against_the_seed_article(text: str, expected: list[tuple[str, str]]) -> None:
    assert _problems(text, SEED.text) == expected


def test_acronyms_abbreviations_and_spelled_numbers_match_both_ways() -> None:
    article = (
        "Talks stall\nThe United Nations and the Transportation Security Administration disagree on gross "
        "domestic product, research and development and ten other points, 1.2 million workers and 70 percent."
    )
    assert _problems("UN, TSA, GDP and R&D are at odds over 10 points.", article) == []
    assert _problems("The 1,200,000 workers want 70% more.", article) == []
    assert _problems("The IMF wants 11 points.", article) == [("name", "IMF"), ("number", "11")]
    split = "Quota split\nThe trawlers keep 59% and members of parliament want a vote."
    assert _problems("MPs want a vote; the inshore fleet gets 41%.", split) == []  # 41 = 100 - 59
    assert _problems("The inshore fleet gets 42%.", split) == [("number", "42")]


def test_a_made_up_abstract_is_a_validation_error_and_is_reasked() -> None:
    bad = copy.deepcopy(gold_answer("port-strike-wages"))
    bad["abstract"] = "Putin agreed to withdraw all troops. " + bad["abstract"]
    model = ScriptedModel(answer(bad), answer(gold_answer("port-strike-wages")))
    result = summarize(PORT, client=client_for(model), settings=settings())
    assert len(model.requests) == 2
    reask = json.dumps(model.bodies()[1]["messages"])
    assert "abstract: name(s) 'Putin' not in the article" in reask
    assert "Putin" not in result.summary.abstract


def test_strict_mode_fails_when_the_made_up_claim_stays() -> None:
    bad = copy.deepcopy(gold_answer("port-strike-wages"))
    bad["positions"][0]["summary"] = "Wants 12% over 2 years, as Putin demanded."
    model = ScriptedModel(answer(bad), answer(bad))
    with pytest.raises(ExtractionError) as caught:
        summarize(PORT, client=client_for(model), settings=settings(max_reasks=1))
    assert any(error.startswith("positions[0].summary: name(s) 'Putin'") for error in caught.value.errors)


def test_lenient_mode_drops_or_replaces_what_fails_and_lists_it() -> None:
    answer = copy.deepcopy(gold_answer("port-strike-wages"))
    answer["headline"] = "Putin ends the port strike"
    answer["abstract"] = "The strike goes on. Putin agreed to withdraw all troops."
    answer["positions"][0]["summary"] = "Wants 99 percent."
    answer["outlook"]["summary"] = "Macron expects a deal."
    summary = NegotiationSummary.model_validate(answer)
    grounded, dropped = ground_leniently(summary, PORT)
    assert grounded.headline == PORT.headline
    assert grounded.abstract == "The strike goes on."
    assert grounded.outlook is None
    assert len(grounded.positions) == len(answer["positions"]) - 1
    reasons = {item.path: item.reason for item in dropped}
    assert reasons["headline"].startswith("name(s) 'Putin' not in the article")
    assert reasons["abstract (sentence 2)"] == "name(s) 'Putin' not in the article"
    assert reasons["positions[0].summary"] == "number(s) '99' not in the article"
    assert reasons["outlook.summary"] == "name(s) 'Macron' not in the article"
    assert free_text_errors(grounded, PORT.text) == []


def test_lenient_summarize_reports_the_free_text_it_dropped() -> None:
    bad = copy.deepcopy(gold_answer("port-strike-wages"))
    bad["demands"][0]["what"] = "Macron wants the port sold."
    model = ScriptedModel(answer(bad), answer(bad))
    result = summarize(PORT, client=client_for(model), settings=settings(max_reasks=1, lenient=True))
    assert [item.path for item in result.dropped] == ["demands[0].what"]
    assert len(result.summary.demands) == len(bad["demands"]) - 1
