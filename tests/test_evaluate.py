"""The scorer: self-agreement, empty lists, order independence, one wrong attribute, id variants, numbers."""

from __future__ import annotations

import io
import itertools
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer.article import Article
from summarizer.errors import ConfigurationError, ExtractionError, Usage
from summarizer.evaluate import (
    LIST_NAMES,
    EvaluationError,
    ListScore,
    Report,
    evaluate_backend,
    score_predictions,
    score_summary,
)
from summarizer.evaluate.matching import assign, evidence_overlap, name_key, same_speaker
from summarizer.gold import load_gold
from summarizer.grounding import evidence_context
from summarizer.schema import Evidence, NegotiationSummary

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "trump-putin-call-2025-03.txt"


@pytest.fixture(scope="module")
def seed() -> tuple[Article, NegotiationSummary]:
    return load_gold(SEED)


def _empty() -> NegotiationSummary:
    return NegotiationSummary(headline="h", abstract="a", is_negotiation=True)


def _without_pairs(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if key != "pairs"}


def test_gold_against_itself_scores_one_everywhere(seed: tuple[Article, NegotiationSummary]) -> None:
    _, gold = seed
    score = score_summary(gold, gold)
    for name in LIST_NAMES:
        lists = score.lists[name]
        assert (lists.precision, lists.recall, lists.f1) == (1.0, 1.0, 1.0), name
        assert lists.matched == len(getattr(gold, name)) > 0, name
        assert score.pairs[name] == [(i, i) for i in range(lists.gold)], name
    assert score.overall.f1 == 1.0
    accuracies = score.as_dict()["accuracy"]
    assert isinstance(accuracies, dict)
    assert set(accuracies) == {
        "stance",
        "response",
        "speaker",
        "tone",
        "role",
        "agreement_status",
        "resolved",
    }
    assert all(value["accuracy"] == 1.0 for value in accuracies.values()), accuracies
    assert score.shifts.f1 == 1.0
    assert score.shifts.gold == sum(p.shift is not None for p in gold.positions) > 0
    assert score.grounding.rate("exact") == 1.0
    assert score.is_negotiation_correct is True


def test_empty_prediction_scores_zero_recall(seed: tuple[Article, NegotiationSummary]) -> None:
    _, gold = seed
    score = score_summary(_empty(), gold)
    for name in LIST_NAMES:
        assert score.lists[name].recall == 0.0, name
        assert score.lists[name].f1 == 0.0, name
    assert score.overall.recall == 0.0
    assert score.stance.value is None
    assert score.speaker.value is None
    assert score.role.value is None
    assert (score.shifts.recall, score.shifts.precision) == (0.0, 0.0)
    assert score.grounding.total == 0


def test_empty_prediction_of_an_empty_gold_is_perfect() -> None:
    score = score_summary(_empty(), _empty())
    assert score.overall.as_dict() == {
        "matched": 0,
        "predicted": 0,
        "gold": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }


def _shuffled(summary: NegotiationSummary, rng: random.Random) -> NegotiationSummary:
    copy = summary.model_copy(deep=True)
    for name in LIST_NAMES:
        items = list(getattr(copy, name))
        rng.shuffle(items)
        setattr(copy, name, items)
    for proposal in copy.proposals:
        rng.shuffle(proposal.responses)
        rng.shuffle(proposal.proposers)
        rng.shuffle(proposal.issues)
    for demand in copy.demands:
        rng.shuffle(demand.responses)
    for agreement in copy.agreements:
        rng.shuffle(agreement.parties)
    for item in itertools.chain(*(getattr(copy, name) for name in LIST_NAMES)):
        rng.shuffle(item.evidence)
    return copy


@pytest.mark.parametrize("seed_value", range(4))
def test_order_does_not_matter(seed: tuple[Article, NegotiationSummary], seed_value: int) -> None:
    _, gold = seed
    rng = random.Random(seed_value)
    prediction = _with_one_wrong_stance(gold)
    prediction.statements[0].speaker = "Steve Witkoff"  # same person, other spelling: unchanged either way
    prediction.positions.pop(0)
    baseline = score_summary(prediction, gold)
    shuffled_prediction, shuffled_gold = _shuffled(prediction, rng), _shuffled(gold, rng)
    shuffled = score_summary(shuffled_prediction, shuffled_gold)
    assert _without_pairs(shuffled.as_dict()) == _without_pairs(baseline.as_dict())
    for name in LIST_NAMES:  # the very same items are paired, wherever they stand
        before = {
            (_key(getattr(prediction, name)[p]), _key(getattr(gold, name)[g]))
            for p, g in baseline.pairs[name]
        }
        after = {
            (_key(getattr(shuffled_prediction, name)[p]), _key(getattr(shuffled_gold, name)[g]))
            for p, g in shuffled.pairs[name]
        }
        assert before == after, name


def _key(item: Any) -> str:
    return json.dumps(
        {k: v for k, v in item.model_dump(mode="json").items() if not isinstance(v, list)}, sort_keys=True
    )


def _with_one_wrong_stance(gold: NegotiationSummary) -> NegotiationSummary:
    prediction = gold.model_copy(deep=True)
    russia = next(p for p in prediction.positions if p.party == "russia")
    assert russia.stance != "opposes"
    russia.stance = "opposes"
    return prediction


def test_one_wrong_stance_loses_exactly_that(seed: tuple[Article, NegotiationSummary]) -> None:
    _, gold = seed
    perfect = score_summary(gold, gold)
    score = score_summary(_with_one_wrong_stance(gold), gold)
    assert (score.stance.correct, score.stance.total) == (perfect.stance.correct - 1, perfect.stance.total)
    expected = perfect.as_dict()
    expected["accuracy"]["stance"] = score.stance.as_dict()  # type: ignore[index]
    assert score.as_dict() == expected


def _rename(summary: NegotiationSummary, parties: dict[str, str], issues: dict[str, str]) -> dict[str, Any]:
    """The summary as JSON with party and issue ids renamed everywhere they are declared or used."""

    def walk(node: Any, key: str | None = None, list_name: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, k, list_name if key is None else key) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key, list_name) for v in node]
        if isinstance(node, str):
            if key in ("party", "addressee", "beneficiary", "proposers", "parties") or (
                key == "id" and list_name == "parties"
            ):
                return parties.get(node, node)
            if key in ("issue", "issues") or (key == "id" and list_name == "issues"):
                return issues.get(node, node)
        return node

    data = summary.model_dump(mode="json")
    return {k: walk(v, k, k) for k, v in data.items()}


def test_id_spelling_variants_still_align(seed: tuple[Article, NegotiationSummary]) -> None:
    article, gold = seed
    data = _rename(
        gold,
        parties={"united-states": "us", "russia": "Russian_Federation", "ukraine": "the-ukraine"},
        issues={
            "security-guarantees": "security_guarantee",
            "minerals-deal": "minerals",
            "arms-deliveries": "Arms Delivery",
            "ukraine-status": "status-of-ukraine",
        },
    )
    for party in data["parties"]:
        if party["id"] == "russian-federation":
            party["name"] = "Russian Federation"
            party["aliases"] = ["Kremlin"]
    prediction = NegotiationSummary.model_validate(data, context=evidence_context(article))
    assert {p.id for p in prediction.parties} == {"us", "russian-federation", "the-ukraine"}
    score = score_summary(prediction, gold)
    assert score.overall.f1 == 1.0
    assert score.pairs["parties"] == [(0, 0), (1, 1), (2, 2)]
    assert score.pairs["issues"] == [(i, i) for i in range(len(gold.issues))]
    assert (score.stance.value, score.response.value, score.speaker.value) == (1.0, 1.0, 1.0)
    assert (score.role.value, score.agreement_status.value, score.shifts.f1) == (1.0, 1.0, 1.0)


def test_name_key_folds_separators_case_and_plurals() -> None:
    variants = ["security-guarantees", "security_guarantees", "security guarantees", "Security Guarantee"]
    assert {name_key(v) for v in variants} == {"security-guarantee"}
    assert name_key("The Arms Deliveries") == name_key("arms-delivery")
    assert name_key("ceasefire") != name_key("territory")


def test_same_speaker() -> None:
    assert same_speaker("Witkoff", "Steve Witkoff")
    assert same_speaker("Dmitry S. Peskov", "Dmitry Peskov")
    assert not same_speaker("Mike Waltz", "Steve Witkoff")


# A small hand-built pair whose every number is worked out by hand.
SMALL_TEXT = (
    "Talks stall over fishing rights\n"
    "Norway and the EU met in Oslo on Monday.\n"
    "Brussels wants access to Norwegian waters, officials said.\n"
    "Norway rejected the demand, minister Ola Berg said.\n"
    "Both sides agreed to meet again in June.\n"
)


def _ev(sentence: int, quote: str) -> list[dict[str, Any]]:
    return [{"sentence_ids": [sentence], "quote": quote}]


SMALL_GOLD: dict[str, Any] = {
    "headline": "Talks stall over fishing rights",
    "abstract": "Norway rejected an EU demand for access to its waters.",
    "is_negotiation": True,
    "parties": [
        {"id": "norway", "name": "Norway", "kind": "state", "evidence": _ev(1, "Norway and the EU met")},
        {
            "id": "european-union",
            "name": "European Union",
            "kind": "bloc",
            "aliases": ["EU", "Brussels"],
            "evidence": _ev(1, "Norway and the EU met"),
        },
    ],
    "issues": [
        {"id": "fishing-rights", "label": "Fishing rights", "evidence": _ev(0, "over fishing rights")},
        {"id": "water-access", "label": "Access to waters", "evidence": _ev(2, "access to Norwegian waters")},
    ],
    "positions": [
        {
            "party": "european-union",
            "issue": "water-access",
            "stance": "supports",
            "summary": "The EU wants access.",
            "evidence": _ev(2, "Brussels wants access to Norwegian waters"),
        },
        {
            "party": "norway",
            "issue": "water-access",
            "stance": "opposes",
            "summary": "Norway refuses access.",
            "evidence": _ev(3, "Norway rejected the demand"),
        },
    ],
    "statements": [
        {
            "speaker": "Ola Berg",
            "speaker_title": "minister",
            "party": "norway",
            "kind": "indirect",
            "tone": "pessimistic",
            "evidence": _ev(3, "Norway rejected the demand, minister Ola Berg said"),
        }
    ],
    "next_steps": [
        {
            "event": "Another meeting.",
            "when": "June",
            "likelihood": "expected",
            "parties": ["norway", "european-union"],
            "evidence": _ev(4, "agreed to meet again in June"),
        }
    ],
}

SMALL_PREDICTION: dict[str, Any] = {
    "headline": "Talks stall over fishing rights",
    "abstract": "Fishing talks stalled.",
    "is_negotiation": True,
    "parties": [
        {"id": "eu", "name": "EU", "kind": "bloc", "evidence": _ev(1, "the EU met in Oslo")},
        {"id": "norway", "name": "Norway", "kind": "state", "evidence": _ev(1, "Norway and the EU")},
        {"id": "denmark", "name": "Denmark", "kind": "state", "evidence": _ev(1, "met in Oslo on Monday")},
    ],
    "issues": [
        {"id": "fishing_rights", "label": "Fishing", "evidence": _ev(0, "Talks stall over fishing rights")},
        {"id": "tariffs", "label": "Tariffs", "evidence": _ev(1, "met in Oslo on Monday")},
    ],
    "positions": [
        # Matches the EU's gold position through its party and its evidence (the issue is wrong); bad stance.
        {
            "party": "eu",
            "issue": "fishing-rights",
            "stance": "opposes",
            "summary": "The EU objects.",
            "evidence": _ev(2, "Brussels wants access to Norwegian waters"),
        },
        # Right party, but neither issue nor evidence agrees with Norway's gold position: no match.
        {
            "party": "norway",
            "issue": "tariffs",
            "stance": "opposes",
            "summary": "Norway met the EU.",
            "evidence": _ev(1, "Norway and the EU met in Oslo"),
        },
    ],
    "statements": [
        {
            "speaker": "Berg",
            "party": "norway",
            "kind": "indirect",
            "tone": "pessimistic",
            "evidence": _ev(3, "minister Ola Berg said"),
        },
        {
            "speaker": "Jonas Store",
            "party": "norway",
            "kind": "direct",
            "tone": "neutral",
            "evidence": _ev(3, "Norway rejected the demand"),
        },
    ],
}


@pytest.fixture(scope="module")
def small() -> tuple[NegotiationSummary, NegotiationSummary]:
    article = Article.from_text(SMALL_TEXT)
    context = evidence_context(article)
    return (
        NegotiationSummary.model_validate(SMALL_PREDICTION, context=context),
        NegotiationSummary.model_validate(SMALL_GOLD, context=context),
    )


def test_small_pair_counts_and_rates(small: tuple[NegotiationSummary, NegotiationSummary]) -> None:
    prediction, gold = small
    score = score_summary(prediction, gold, dropped=["positions[2].evidence[0]", "positions[2]"])
    counts = {name: (s.matched, s.predicted, s.gold) for name, s in score.lists.items()}
    assert counts == {
        "parties": (2, 3, 2),
        "issues": (1, 2, 2),
        "positions": (1, 2, 2),
        "demands": (0, 0, 0),
        "concessions": (0, 0, 0),
        "proposals": (0, 0, 0),
        "agreements": (0, 0, 0),
        "sticking_points": (0, 0, 0),
        "statements": (1, 2, 1),
        "next_steps": (0, 0, 1),
    }
    assert score.pairs["parties"] == [(0, 1), (1, 0)]
    assert score.pairs["positions"] == [(0, 0)]
    assert score.pairs["statements"] == [(0, 0)]  # Berg, not Store: the same speaker wins the tie on evidence
    assert score.lists["parties"].f1 == pytest.approx(0.8)
    assert score.lists["statements"].f1 == pytest.approx(2 / 3)
    assert score.lists["next_steps"].as_dict() == {
        "matched": 0,
        "predicted": 0,
        "gold": 1,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    overall = score.overall
    assert (overall.matched, overall.predicted, overall.gold) == (5, 9, 8)
    assert overall.precision == pytest.approx(5 / 9)
    assert overall.recall == pytest.approx(5 / 8)
    assert overall.f1 == pytest.approx(10 / 17)
    assert (score.stance.correct, score.stance.total) == (0, 1)
    assert (score.speaker.correct, score.speaker.total) == (1, 1)
    assert score.response.value is None
    assert score.grounding.as_dict()["exact"] == 9
    assert score.grounding.failed == 1


# Schema 2's fields: roles, joint multi-issue proposals, agreements, answered demands, resolved, shifts.
V2_TEXT = (
    "Mediator brokers fishing deal\n"
    "Norway and the EU agreed on Friday to share the cod quota, in a deal brokered by Iceland.\n"
    "Norway and Iceland had jointly proposed a split of the cod and herring quotas.\n"
    "The EU accepted the plan.\n"
    "Brussels demanded access to Norwegian waters, and Norway refused.\n"
    "The dispute over herring is no longer an obstacle, officials said.\n"
    "Norway, which had opposed any quota split, now supports it.\n"
)


def _party(party_id: str, name: str, role: str, quote: str, **extra: Any) -> dict[str, Any]:
    return {"id": party_id, "name": name, "kind": "state", "role": role, "evidence": _ev(1, quote), **extra}


def _issue(issue_id: str, label: str, sentence: int, quote: str) -> dict[str, Any]:
    return {"id": issue_id, "label": label, "evidence": _ev(sentence, quote)}


def _v2_summary(
    *, eu: str, cod: str, mediator_role: str, proposers: list[str], status: str, resolved: bool
) -> dict[str, Any]:
    """The gold summary of V2_TEXT, or a prediction with the given ids and answers."""
    return {
        "headline": "Mediator brokers fishing deal",
        "abstract": "Norway and the EU agreed to share the cod quota.",
        "is_negotiation": True,
        "parties": [
            _party("norway", "Norway", "side", "Norway and the EU agreed"),
            _party(eu, "European Union", "side", "the EU agreed", aliases=["EU"]),
            _party("iceland", "Iceland", mediator_role, "brokered by Iceland"),
        ],
        "issues": [
            _issue(cod, "Cod quota", 1, "share the cod quota"),
            _issue("herring-quota", "Herring quota", 2, "herring quotas"),
            _issue("water-access", "Access to waters", 4, "access to Norwegian waters"),
        ],
        "positions": [],
        "demands": [
            {
                "party": eu,
                "addressee": "norway",
                "issue": "water-access",
                "what": "Access to Norwegian waters.",
                "responses": [
                    {
                        "party": "norway",
                        "response": "rejected" if eu == "eu" else "conditional",
                        "evidence": _ev(4, "Norway refused"),
                    }
                ],
                "evidence": _ev(4, "Brussels demanded access to Norwegian waters"),
            }
        ],
        "proposals": [
            {
                "proposers": proposers,
                "issues": [cod, "herring-quota"],
                "terms": "A split of the cod and herring quotas.",
                "responses": [{"party": eu, "response": "accepted", "evidence": _ev(3, "The EU accepted")}],
                "status": "accepted",
                "evidence": _ev(2, "jointly proposed a split of the cod and herring quotas"),
            }
        ],
        "agreements": [
            {
                "parties": ["norway", eu],
                "issues": [cod],
                "terms": "Norway and the EU share the cod quota.",
                "status": status,
                "evidence": _ev(1, "agreed on Friday to share the cod quota"),
            }
        ],
        "sticking_points": [
            {
                "issue": "herring-quota",
                "parties": ["norway", eu],
                "why": "The herring split.",
                "resolved": resolved,
                "evidence": _ev(5, "The dispute over herring is no longer an obstacle"),
            }
        ],
    }


def _v2_position(party: str, issue: str, sentence: int, quote: str, shift: bool) -> dict[str, Any]:
    return {
        "party": party,
        "issue": issue,
        "stance": "supports",
        "summary": "Supports it.",
        "shift": {"previous_stance": "opposes", "evidence": _ev(sentence, quote)} if shift else None,
        "evidence": _ev(sentence, quote),
    }


def test_schema_2_fields_are_scored() -> None:
    article = Article.from_text(V2_TEXT)
    gold_data = _v2_summary(
        eu="eu",
        cod="cod-quota",
        mediator_role="mediator",
        proposers=["norway", "iceland"],
        status="agreed_in_principle",
        resolved=True,
    )
    gold_data["positions"] = [
        _v2_position("norway", "cod-quota", 6, "which had opposed any quota split, now supports it", True),
        _v2_position("eu", "water-access", 4, "Brussels demanded access", False),
    ]
    predicted_data = _v2_summary(
        eu="european-union",
        cod="cod",
        mediator_role="side",
        proposers=["iceland"],
        status="signed",
        resolved=False,
    )
    predicted_data["positions"] = [
        _v2_position("norway", "cod", 6, "now supports it", True),
        _v2_position("european-union", "water-access", 4, "Brussels demanded access", True),
    ]
    # Nobody but the EU made this one: no proposer in common with the gold proposal, so no pair.
    predicted_data["proposals"].append(
        {
            "proposers": ["european-union"],
            "issues": ["cod"],
            "terms": "The EU accepted.",
            "status": "pending",
            "evidence": _ev(3, "The EU accepted the plan"),
        }
    )
    context = evidence_context(article)
    gold = NegotiationSummary.model_validate(gold_data, context=context)
    predicted = NegotiationSummary.model_validate(predicted_data, context=context)

    score = score_summary(predicted, gold)
    counts = {name: (s.matched, s.predicted, s.gold) for name, s in score.lists.items()}
    assert counts["parties"] == counts["issues"] == (3, 3, 3)
    assert counts["proposals"] == (1, 2, 1)  # Jaccard 1/2 on the proposers, 1 on the issues
    assert counts["agreements"] == counts["demands"] == counts["sticking_points"] == (1, 1, 1)
    assert counts["positions"] == (2, 2, 2)
    assert (score.role.correct, score.role.total) == (2, 3)  # Iceland is the mediator, not a side
    assert (score.agreement_status.correct, score.agreement_status.total) == (0, 1)
    assert (score.resolved.correct, score.resolved.total) == (0, 1)
    # The proposal's answer is right, the demand's is not: responses of both count.
    assert (score.response.correct, score.response.total) == (1, 2)
    # One shift found (its previous stance is not checked), one where the gold has none.
    assert (score.shifts.matched, score.shifts.predicted, score.shifts.gold) == (1, 2, 1)
    assert (score.shifts.precision, score.shifts.recall) == (0.5, 1.0)
    assert score.overall == sum((score.lists[name] for name in LIST_NAMES), ListScore())
    data = score.as_dict()
    assert data["shifts"] == score.shifts.as_dict()
    assert data["accuracy"]["role"] == {"correct": 2, "total": 3, "accuracy": 0.6667}  # type: ignore[index]


def test_a_proposal_pairs_by_proposers_and_issues_through_the_alignment() -> None:
    context = evidence_context(Article.from_text(V2_TEXT))

    def summary(proposers: list[str]) -> NegotiationSummary:
        data = _v2_summary(
            eu="eu",
            cod="cod-quota",
            mediator_role="mediator",
            proposers=proposers,
            status="signed",
            resolved=True,
        )
        return NegotiationSummary.model_validate(data, context=context)

    gold = summary(["norway", "iceland"])
    for proposers, expected in ((["iceland", "norway"], 1), (["norway"], 1), (["eu"], 0)):
        assert score_summary(summary(proposers), gold).lists["proposals"].matched == expected, proposers


def test_evidence_overlap_uses_sentences_and_characters() -> None:
    a = [Evidence(sentence_ids=[1], quote="x", start=0, end=10)]
    b = [Evidence(sentence_ids=[1, 2], quote="y", start=5, end=15)]
    overlaps, value = evidence_overlap(a, b)
    assert overlaps
    assert value == pytest.approx((1 / 2 + 5 / 15) / 2)
    unspanned = [Evidence(sentence_ids=[2], quote="z")]
    assert evidence_overlap(unspanned, b) == (True, 0.5)
    assert evidence_overlap(unspanned, a) == (False, 0.0)


def test_assign_prefers_the_larger_total_over_the_single_best_pair() -> None:
    assert assign([[2.0, 1.9], [1.0, 0.0]]) == [(0, 1), (1, 0)]
    assert assign([[0.0, 0.0], [0.0, 3.0], [1.0, 0.0]]) == [(1, 1), (2, 0)]
    assert assign([]) == []
    assert assign([[0.0]]) == []


def test_assign_is_optimal_on_random_matrices() -> None:
    rng = random.Random(7)
    for _ in range(150):
        rows, columns = rng.randint(1, 5), rng.randint(1, 5)
        matrix = [[rng.choice([0.0, 0.0, rng.uniform(0.1, 3)]) for _ in range(columns)] for _ in range(rows)]
        pairs = assign(matrix)
        assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
        best = max(
            sum(matrix[r][c] for r, c in zip(chosen_rows, perm, strict=True))
            for k in range(min(rows, columns) + 1)
            for chosen_rows in itertools.combinations(range(rows), k)
            for perm in itertools.permutations(range(columns), k)
        )
        assert sum(matrix[r][c] for r, c in pairs) == pytest.approx(best)


# Corpus runs: saved predictions and a backend function.


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    for suffix in (".txt", ".gold.json"):
        shutil.copy(SEEDS / f"{SEED.stem}{suffix}", directory / f"{SEED.stem}{suffix}")
    (directory / "small.txt").write_text(SMALL_TEXT, encoding="utf-8")
    small_gold = NegotiationSummary.model_validate(
        SMALL_GOLD, context=evidence_context(Article.from_text(SMALL_TEXT))
    )
    (directory / "small.gold.json").write_text(small_gold.model_dump_json(), encoding="utf-8")
    (directory / "no-gold.txt").write_text("Not part of the corpus.\n", encoding="utf-8")
    return directory


def test_score_predictions_reads_results_and_bare_summaries(
    corpus: Path, tmp_path: Path, seed: tuple[Article, NegotiationSummary]
) -> None:
    article, gold = seed
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    result = {
        "summary": gold.model_dump(mode="json"),
        "usage": {"calls": 2, "prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500},
        "dropped": [
            {"path": "positions[9].evidence[0]", "reason": "not found"},
            {"path": "positions[9]", "reason": "x"},
        ],
        "provenance": {"article_sha256": article.sha256},
    }
    (predictions / f"{SEED.stem}.json").write_text(json.dumps(result), encoding="utf-8")
    # A bare summary without spans is grounded on reading; its one bad quote is dropped with its item.
    bare = json.loads(json.dumps(SMALL_PREDICTION))
    bare["statements"][1]["evidence"][0]["quote"] = "words that are nowhere in the article"
    (predictions / "small.json").write_text(json.dumps(bare), encoding="utf-8")

    report = score_predictions(predictions, corpus)
    by_name = {article.article: article for article in report.articles}
    assert list(by_name) == ["small", SEED.stem]
    assert by_name[SEED.stem].overall.f1 == 1.0
    assert by_name[SEED.stem].grounding.failed == 1
    assert by_name["small"].lists["statements"].predicted == 1
    assert by_name["small"].grounding.as_dict()["failed"] == 1
    assert by_name["small"].grounding.unchecked == 0
    assert by_name["small"].usage is None
    data = report.as_dict()
    assert list(data) == ["aggregate", "articles"]
    aggregate = data["aggregate"]
    assert isinstance(aggregate, dict)
    assert aggregate["usage_per_article"] == {
        "calls": 2.0,
        "prompt_tokens": 1000.0,
        "completion_tokens": 500.0,
        "chunks": 0.0,
        "total_tokens": 1500.0,
    }
    assert aggregate["grounding"]["failed"] == 2
    assert json.loads(json.dumps(data)) == data


def test_score_predictions_reports_missing_and_mismatched_predictions(corpus: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    stale = {"summary": SMALL_PREDICTION, "usage": None, "provenance": {"article_sha256": "0" * 64}}
    (predictions / "small.json").write_text(json.dumps(stale), encoding="utf-8")
    report = score_predictions(predictions, corpus)
    errors = {article.article: article.error for article in report.articles}
    assert "different text" in (errors["small"] or "")
    assert "missing" in (errors[SEED.stem] or "")
    assert report.overall.recall == 0.0
    assert report.shifts.gold > 0, "the shifts of an article without a prediction are missed too"
    assert report.as_dict()["aggregate"]["failed_articles"] == 2  # type: ignore[index]


def test_corpus_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such directory"):
        score_predictions(tmp_path, tmp_path / "absent")
    with pytest.raises(EvaluationError, match=r"no article \(\*\.txt\) with a \.gold\.json"):
        score_predictions(tmp_path, tmp_path)
    (tmp_path / "bad.txt").write_text("Headline\nBody.\n", encoding="utf-8")
    (tmp_path / "bad.gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not a valid gold summary"):
        score_predictions(tmp_path, tmp_path)


class _Result:
    """Shaped like ``summarizer.api.SummaryResult`` as far as the scorer reads it."""

    def __init__(self, summary: NegotiationSummary) -> None:
        self.summary = summary
        self.usage = Usage(calls=1, prompt_tokens=300, completion_tokens=100)
        self.dropped: list[Any] = []


def test_evaluate_backend_scores_results_and_records_failures(
    corpus: Path, seed: tuple[Article, NegotiationSummary]
) -> None:
    _, gold = seed

    def summarize(path: Path) -> Any:
        if path.stem == "small":
            raise ExtractionError(
                "still invalid",
                attempts=3,
                errors=["x"],
                usage=Usage(calls=3, prompt_tokens=900, completion_tokens=300),
            )
        return _Result(gold)

    report = evaluate_backend(corpus, summarize=summarize)
    small, seed_score = report.articles
    assert small.error is not None
    assert small.error.startswith("still invalid")
    assert isinstance(small.failure, ExtractionError)  # for the CLI to word it and pick the exit code
    assert small.usage is not None
    assert small.usage.total_tokens == 1200
    assert seed_score.overall.f1 == 1.0
    assert report.usage_per_article == {
        "calls": 2.0,
        "prompt_tokens": 600.0,
        "completion_tokens": 200.0,
        "chunks": 0.0,
        "total_tokens": 800.0,
    }

    def unconfigured(path: Path) -> Any:
        raise ConfigurationError("no backend")

    with pytest.raises(ConfigurationError):
        evaluate_backend(corpus, summarize=unconfigured)


def test_report_renders_as_tables(seed: tuple[Article, NegotiationSummary]) -> None:
    _, gold = seed
    report = Report(
        (score_summary(gold, gold, article="seed"), score_summary(_empty(), gold, article="empty"))
    )
    buffer = io.StringIO()
    Console(file=buffer, width=140).print(report.render_table())
    text = buffer.getvalue()
    assert "Scores per list" in text
    assert "Scores per article" in text
    assert "sticking_points" in text
    assert "agreements" in text
    assert "shifts (in positions)" in text
    assert "role 1.000, agreement status 1.000, resolved 1.000" in " ".join(text.split())
    assert len(report.render_table()) == 2


def test_a_result_saved_in_schema_1_is_scored_against_the_schema_2_gold(corpus: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    saved = Path(__file__).resolve().parent / "fixtures" / "schema1" / f"{SEED.stem}.result.json"
    shutil.copy(saved, predictions / saved.name.replace(".result", ""))
    report = score_predictions(predictions, corpus)
    seed_score = next(article for article in report.articles if article.article == SEED.stem)
    assert seed_score.error is None
    assert seed_score.lists["proposals"].matched == 1, "the v1 proposal is paired with the gold one"
    assert seed_score.lists["agreements"].predicted == 0
    assert seed_score.role.total > 0
    assert seed_score.grounding.exact > 0


def test_tone_is_scored_on_matched_statements_and_the_outlook() -> None:
    from summarizer.evaluate import score_summary
    from summarizer.gold import load_gold
    from tests.scripted import SEED_ARTICLE

    _, gold = load_gold(SEED_ARTICLE)
    assert gold.outlook is not None
    assert gold.statements
    perfect = score_summary(gold, gold)
    assert perfect.tone.value == 1.0
    assert perfect.tone.total == len(gold.statements) + 1
    flipped = gold.model_copy(
        update={
            "outlook": gold.outlook.model_copy(
                update={"tone": "optimistic" if gold.outlook.tone != "optimistic" else "pessimistic"}
            )
        }
    )
    assert score_summary(flipped, gold).tone.correct == len(gold.statements)
