"""The whole extractor: validation, grounding, determinism, the seed article's bars, a made-up article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.article import load_article
from summarizer.grounding import evidence_context
from summarizer.offline import extract
from summarizer.schema import NegotiationSummary, iter_evidence

from .helpers import article, summary_of

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "trump-putin-call-2025-03.txt"

MADE_UP = (
    "Dockers and port operators edge towards deal as strike enters third day",
    "The Atlantic Dockworkers Union rejected a revised pay offer from the Harbour Employers Association on "
    "Tuesday, extending a strike that has stranded dozens of ships.",
    "The offer, a 4% rise over two years, was tabled by the association after ten hours of talks.",
    "“Our members cannot accept a pay cut in real terms,” said Maria Kovacs, the union’s general secretary.",
    "Kovacs added that the union was ready to talk all night if the employers moved on automation.",
    "The association’s chief executive, Peter Lund, said in a statement that the money had run out.",
    "Labour Minister Ana Ruiz is expected to meet both sides this week, according to the Daily Courier.",
)


@pytest.fixture(scope="module")
def seed() -> NegotiationSummary:
    return extract(load_article(SEED))


def _dump(summary: NegotiationSummary) -> str:
    return json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def test_output_passes_the_same_validation_as_a_model_answer(seed: NegotiationSummary) -> None:
    article_ = load_article(SEED)
    data = json.loads(seed.model_dump_json())
    for _, evidence in iter_evidence(seed):
        assert evidence.match == "exact"
        assert article_.text[evidence.start : evidence.end] == evidence.quote  # type: ignore[misc]
    for key in ("start", "end", "match"):
        _drop(data, key)
    again = NegotiationSummary.model_validate(data, context=evidence_context(article_))
    assert _dump(again) == _dump(seed)


def _drop(node: object, key: str) -> None:
    if isinstance(node, dict):
        node.pop(key, None)
        for value in node.values():
            _drop(value, key)
    elif isinstance(node, list):
        for value in node:
            _drop(value, key)


def test_seed_parties_and_representatives(seed: NegotiationSummary) -> None:
    parties = {p.id: p for p in seed.parties}
    assert {"russia", "ukraine", "united-states"} <= set(parties)
    people = {r.name: party.id for party in seed.parties for r in party.representatives}
    for name, party in [
        ("Steve Witkoff", "united-states"),
        ("Mike Waltz", "united-states"),
        ("Donald Trump", "united-states"),
        ("Dmitry Peskov", "russia"),
        ("Vladimir Putin", "russia"),
        ("Volodymyr Zelensky", "ukraine"),
    ]:
        assert people[name] == party
    assert {"Kremlin", "Moscow"} <= set(parties["russia"].aliases)
    assert {"White House", "Washington"} <= set(parties["united-states"].aliases)
    assert "Kyiv" in parties["ukraine"].aliases


def test_seed_ceasefire_proposal_and_responses(seed: NegotiationSummary) -> None:
    [proposal] = [p for p in seed.proposals if "ceasefire" in p.issues]
    assert proposal.proposers == ["united-states"]
    assert "30-day ceasefire" in proposal.terms
    responses = {r.party: r.response for r in proposal.responses}
    assert responses == {"ukraine": "accepted", "russia": "rejected"}


def test_seed_demand_sticking_point_statements_and_next_step(seed: NegotiationSummary) -> None:
    assert any(d.party == "ukraine" and d.issue == "security-guarantees" for d in seed.demands)
    assert any(p.issue == "minerals" and 16 in p.evidence[0].sentence_ids for p in seed.sticking_points)
    witkoff = [s for s in seed.statements if s.speaker == "Steve Witkoff"]
    assert any(s.venue == "CNN's State of the Union" for s in witkoff)
    peskov = [s for s in seed.statements if s.speaker == "Dmitry Peskov"]
    assert peskov
    assert peskov[0].reported_by == "Interfax"
    assert peskov[0].party == "russia"
    assert any(s.when == "this week" and "call" in s.event.lower() for s in seed.next_steps)


def test_made_up_article() -> None:
    summary = summary_of(*MADE_UP[1:], headline=MADE_UP[0])
    assert summary.is_negotiation
    names = {p.name for p in summary.parties}
    assert {"Atlantic Dockworkers Union", "Harbour Employers Association"} <= names
    union = next(p for p in summary.parties if p.name == "Atlantic Dockworkers Union")
    assert [r.name for r in union.representatives] == ["Maria Kovacs"]
    [proposal] = summary.proposals
    assert proposal.proposers == ["harbour-employers-association"]
    assert {r.party: r.response for r in proposal.responses} == {"atlantic-dockworkers-union": "rejected"}
    speakers = {s.speaker: s for s in summary.statements}
    assert speakers["Maria Kovacs"].kind == "direct"
    assert speakers["Peter Lund"].venue == "a statement"
    assert any(step.when == "this week" and step.likelihood == "expected" for step in summary.next_steps)
    assert any(i.id == "wages" for i in summary.issues)


def test_an_article_not_about_a_negotiation_is_marked_so() -> None:
    summary = summary_of(
        "The city’s new tram line opened on Saturday after four years of construction.",
        "Thousands of residents lined the route, and the mayor rode the first car from the harbour to the "
        "university.",
        "Trams will run every six minutes at peak times, the transport authority said.",
        headline="New tram line opens to crowds",
    )
    assert not summary.is_negotiation
    assert summary.parties == summary.issues == summary.statements == summary.next_steps == []
    assert summary.outlook is None
    assert "\n" not in summary.abstract


def test_same_input_gives_byte_identical_json_across_processes() -> None:
    code = (
        "import sys; from summarizer.article import load_article; from summarizer.offline import extract; "
        "sys.stdout.write(extract(load_article(sys.argv[1])).model_dump_json())"
    )
    outputs = set()
    for seed_value in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed_value, PYTHONPATH=str(ROOT))
        result = subprocess.run(
            [sys.executable, "-c", code, str(SEED)], capture_output=True, check=True, env=env, cwd=ROOT
        )
        outputs.add(result.stdout)
    outputs.add(extract(load_article(SEED)).model_dump_json().encode())
    assert len(outputs) == 1


def test_user_actor_file_is_used(tmp_path: Path) -> None:
    extra = tmp_path / "actors.tsv"
    extra.write_text("Velmora Shipping\tVelmora Shipping\torganization\n", encoding="utf-8")
    text = article(
        "Velmora Shipping rejected the port authority’s offer on tariffs for its container ships.",
        "Velmora Shipping said talks on the tariffs would resume next week, and that a deal was possible.",
        "The port authority insisted that the new tariffs were needed to pay for dredging.",
    )
    summary = extract(text, actor_files=[extra])
    assert "Velmora Shipping" in {p.name for p in summary.parties}
