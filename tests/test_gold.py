"""Every gold summary in seeds/ validates with the library's own grounding code, and its spans are exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.article import load_article
from summarizer.gold import validate_gold
from summarizer.schema import NegotiationSummary, iter_evidence

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD_FILES = sorted(SEEDS.glob("*.gold.json"))
SEED_GOLD = SEEDS / "trump-putin-call-2025-03.gold.json"


def _article_path(gold_file: Path) -> Path:
    return gold_file.with_name(gold_file.name.removesuffix(".gold.json") + ".txt")


def _validated(gold_file: Path) -> NegotiationSummary:
    article = load_article(_article_path(gold_file))
    return validate_gold(json.loads(gold_file.read_text(encoding="utf-8")), article)


def test_the_seed_gold_file_exists() -> None:
    assert SEED_GOLD in GOLD_FILES


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda path: path.name)
def test_gold_file_has_its_article(gold_file: Path) -> None:
    assert _article_path(gold_file).is_file()


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda path: path.name)
def test_gold_file_validates_and_every_span_is_exact(gold_file: Path) -> None:
    article = load_article(_article_path(gold_file))
    summary = _validated(gold_file)
    evidence = list(iter_evidence(summary))
    assert evidence or not summary.is_negotiation, "a negotiation summary without evidence"
    for path, piece in evidence:
        assert piece.match == "exact", path
        assert piece.start is not None, path
        assert piece.end is not None, path
        assert article.text[piece.start : piece.end] == piece.quote, path
        assert any(
            article.sentence(i).start <= piece.start < article.sentence(i).end for i in piece.sentence_ids
        )


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda path: path.name)
def test_stored_spans_are_the_grounded_spans(gold_file: Path) -> None:
    """The file on disk already holds what grounding computes (``python -m summarizer.gold`` was run)."""
    stored = NegotiationSummary.model_validate(json.loads(gold_file.read_text(encoding="utf-8")))
    assert stored.model_dump(mode="json") == _validated(gold_file).model_dump(mode="json")


def test_seed_gold_holds_what_the_analysis_requires() -> None:
    gold = _validated(SEED_GOLD)
    parties = {party.id: party for party in gold.parties}
    assert set(parties) >= {"russia", "ukraine", "united-states"}
    assert {"Kremlin", "Moscow"} <= set(parties["russia"].aliases)
    assert {"White House", "Washington"} <= set(parties["united-states"].aliases)
    assert "Kyiv" in parties["ukraine"].aliases
    representatives = {
        rep.name.split()[-1]: party.id for party in gold.parties for rep in party.representatives
    }
    assert representatives == {
        "Witkoff": "united-states",
        "Waltz": "united-states",
        "Trump": "united-states",
        "Peskov": "russia",
        "Putin": "russia",
        "Zelensky": "ukraine",
    }
    assert {issue.id for issue in gold.issues} >= {
        "ceasefire",
        "security-guarantees",
        "minerals-deal",
        "territory",
        "arms-deliveries",
    }
    [proposal] = [p for p in gold.proposals if "ceasefire" in p.issues]
    assert proposal.proposers == ["united-states"]
    assert {r.party: r.response for r in proposal.responses} == {"ukraine": "accepted", "russia": "rejected"}
    assert any(d.party == "ukraine" and d.issue == "security-guarantees" for d in gold.demands)
    assert "minerals-deal" in {point.issue for point in gold.sticking_points}
    venues = {(s.speaker, s.venue, s.reported_by) for s in gold.statements}
    assert ("Steve Witkoff", "CNN's State of the Union", None) in venues
    assert ("Dmitry Peskov", None, "Interfax") in venues
    assert ("Mike Waltz", "ABC's This Week", None) in venues
    assert any(step.when == "this week" and "call" in step.event for step in gold.next_steps)
    assert any(p.party == "united-states" and p.issue == "arms-deliveries" for p in gold.positions)
    assert gold.outlook is not None


def test_a_gold_written_in_schema_1_still_loads() -> None:
    v1_file = Path(__file__).resolve().parent / "fixtures" / "schema1" / SEED_GOLD.name
    v1 = json.loads(v1_file.read_text(encoding="utf-8"))
    summary = validate_gold(v1, load_article(_article_path(SEED_GOLD)))
    assert [(p.proposers, p.issues) for p in summary.proposals] == [
        ([p["proposer"]], [p["issue"]]) for p in v1["proposals"]
    ]
    assert all(piece.match == "exact" for _, piece in iter_evidence(summary))
