"""The dated tracks in seeds/tracks/: per-article golds that ground exactly and agree with each other, and a
timeline gold whose every quote stands in the sentences it cites and whose every item matches the per-article
golds (the format is described in seeds/tracks/README.md)."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from summarizer.article import Article, load_article
from summarizer.evaluate import corpus_articles
from summarizer.gold import load_gold
from summarizer.schema import NegotiationSummary, Proposal, iter_evidence

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TRACKS = sorted(path for path in (SEEDS / "tracks").iterdir() if path.is_dir())
TRACK_ARTICLES = [article for track in TRACKS for article in sorted(track.glob("*.txt"))]
RECORDED_MANIFEST = ROOT / "cassettes" / "test_cassettes" / "recorded.json"

STANCES = {"supports", "opposes", "conditional", "undecided"}
RESPONSES = {"accepted", "rejected", "conditional", "considering"}
PROPOSAL_STATUSES = {"pending", "accepted", "rejected", "mixed", "withdrawn", "superseded"}
PROPOSAL_EVENTS = {"made", "answered", "superseded", "withdrawn"}
AGREEMENT_STATUSES = {"agreed_in_principle", "signed", "in_force", "collapsed"}
ROLES = {"side", "mediator", "guarantor", "observer", "other"}


def _track_id(path: Path) -> str:
    return path.name


@cache
def _article(path: Path) -> Article:
    return load_article(path)


@cache
def _gold(path: Path) -> NegotiationSummary:
    return load_gold(path)[1]


@cache
def _timeline(track: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((track / "timeline.gold.json").read_text(encoding="utf-8"))
    return data


def _articles(track: Path) -> list[Path]:
    return sorted(track.glob("*.txt"))


def _golds(track: Path) -> dict[str, NegotiationSummary]:
    """Each article's gold summary by the article's file name."""
    return {path.name: _gold(path) for path in _articles(track)}


def _cited(node: Any, article: str | None = None) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """Every piece of evidence in the timeline with the article named by the nearest enclosing item."""
    if isinstance(node, list):
        for item in node:
            yield from _cited(item, article)
    elif isinstance(node, dict):
        if "sentence_ids" in node and "quote" in node:
            yield article, node
            return
        article = node.get("article", article)
        for value in node.values():
            yield from _cited(value, article)


def _dated_items(timeline: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every timeline item that names an article (and so a date)."""
    for stance in timeline["stances"]:
        yield from stance["history"]
    for proposal in timeline["proposals"]:
        yield from proposal["events"]
    for agreement in timeline["agreements"]:
        yield from agreement["history"]
    for point in timeline["sticking_points"]:
        yield point["opened"]
        yield from point["mentions"]
        if point["resolved"] is not None:
            yield point["resolved"]
    for shift in timeline["shifts"]:
        yield shift["before"]
        yield shift["after"]


def test_there_is_a_track() -> None:
    assert TRACKS, "seeds/tracks/ holds no track"


def test_corpus_readers_do_not_pick_up_the_tracks() -> None:
    """``summarizer eval seeds`` and the replayed recordings read seeds/ without recursing into tracks/."""
    assert not [path for path in corpus_articles(SEEDS) if "tracks" in path.relative_to(SEEDS).parts]
    if RECORDED_MANIFEST.exists():
        cases = json.loads(RECORDED_MANIFEST.read_text(encoding="utf-8"))["cases"].values()
        assert not [case["article"] for case in cases if "/" in case["article"]]


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_track_articles_are_dated_in_order_and_tagged(track: Path) -> None:
    articles = _articles(track)
    assert len(articles) >= 5
    dates = []
    for path in articles:
        meta = json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))
        assert meta["track"] == track.name, path.name
        assert meta["written_for_project"] is True, path.name
        assert meta["title"] == _article(path).headline, path.name
        dates.append(datetime.date.fromisoformat(meta["published"]))
    assert dates == sorted(dates), "file order must be publication order"
    assert len(set(dates)) == len(dates)


@pytest.mark.parametrize("article_path", TRACK_ARTICLES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_article_gold_grounds_exactly(article_path: Path) -> None:
    article = _article(article_path)
    summary = _gold(article_path)
    assert summary.is_negotiation
    for path, evidence in iter_evidence(summary):
        assert evidence.match == "exact", path
        assert evidence.start is not None, path
        assert evidence.end is not None, path
        assert article.text[evidence.start : evidence.end] == evidence.quote, path
    stored = json.loads(article_path.with_name(article_path.stem + ".gold.json").read_text(encoding="utf-8"))
    assert stored == summary.model_dump(mode="json"), "run `python -m summarizer.gold` on the article"


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_party_and_issue_ids_are_consistent_across_articles(track: Path) -> None:
    timeline = _timeline(track)
    party_names = {party["id"]: party["name"] for party in timeline["parties"]}
    party_roles = {party["id"]: party["role"] for party in timeline["parties"]}
    issue_labels = {issue["id"]: issue["label"] for issue in timeline["issues"]}
    kinds: dict[str, set[str]] = {}
    used_parties: set[str] = set()
    used_issues: set[str] = set()
    for name, gold in _golds(track).items():
        for party in gold.parties:
            assert party_names.get(party.id) == party.name, f"{name}: party {party.id!r}"
            assert party_roles[party.id] == party.role, f"{name}: role of {party.id!r}"
            kinds.setdefault(party.id, set()).add(party.kind)
            used_parties.add(party.id)
        for issue in gold.issues:
            assert issue_labels.get(issue.id) == issue.label, f"{name}: issue {issue.id!r}"
            used_issues.add(issue.id)
    assert all(len(kind) == 1 for kind in kinds.values()), kinds
    assert used_parties == set(party_names), "the timeline lists exactly the parties of the articles"
    assert used_issues == set(issue_labels), "the timeline lists exactly the issues of the articles"
    assert {party["role"] for party in timeline["parties"]} <= ROLES


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_every_timeline_quote_occurs_verbatim_in_the_sentences_it_cites(track: Path) -> None:
    timeline = _timeline(track)
    published = {entry["file"]: entry["published"] for entry in timeline["articles"]}
    assert list(published) == [path.name for path in _articles(track)]
    for item in _dated_items(timeline):
        assert item["date"] == published[item["article"]], item
    cited = list(_cited(timeline))
    assert len(cited) > 100
    for article_name, evidence in cited:
        assert article_name in published, evidence
        article = _article(track / article_name)
        ids = evidence["sentence_ids"]
        assert ids
        assert all(0 <= i < len(article.sentences) for i in ids), (article_name, evidence)
        region = article.text[article.sentence(min(ids)).start : article.sentence(max(ids)).end]
        assert evidence["quote"], (article_name, evidence)
        assert evidence["quote"] in region, (article_name, evidence)


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_stance_histories_are_the_per_article_positions(track: Path) -> None:
    timeline = _timeline(track)
    order = [path.name for path in _articles(track)]
    in_timeline: Counter[tuple[str, str, str, str]] = Counter()
    for stance in timeline["stances"]:
        history = stance["history"]
        assert [order.index(entry["article"]) for entry in history] == sorted(
            order.index(entry["article"]) for entry in history
        ), f"{stance['party']} on {stance['issue']}: not in date order"
        for entry in history:
            assert entry["stance"] in STANCES
            assert entry["evidence"]
            in_timeline[(entry["article"], stance["party"], stance["issue"], entry["stance"])] += 1
    in_golds = Counter(
        (name, position.party, position.issue, position.stance)
        for name, gold in _golds(track).items()
        for position in gold.positions
    )
    assert in_timeline == in_golds


def _same_plan(proposal: Proposal, proposers: list[str], issues: list[str]) -> bool:
    """Whether a per-article proposal is (part of) the timeline's plan: same proposers, no other issue."""
    return set(proposal.proposers) == set(proposers) and set(proposal.issues) <= set(issues)


def _gold_answers(
    gold: NegotiationSummary, proposers: list[str], plan_issues: list[str], answered: list[str]
) -> set[tuple[str, str]]:
    """Every (party, response) to the article's proposals of that plan that cover the issues answered."""
    return {
        (response.party, response.response)
        for proposal in gold.proposals
        if _same_plan(proposal, proposers, plan_issues) and set(proposal.issues) & set(answered)
        for response in proposal.responses
    }


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_proposal_lives_match_the_per_article_golds(track: Path) -> None:
    timeline = _timeline(track)
    golds = _golds(track)
    ids = {proposal["id"] for proposal in timeline["proposals"]}
    assert len(ids) == len(timeline["proposals"])
    for proposal in timeline["proposals"]:
        name, events = proposal["id"], proposal["events"]
        assert events[0]["event"] == "made", name
        assert proposal["final_status"] == events[-1]["status"], name
        for event in events:
            assert event["event"] in PROPOSAL_EVENTS, name
            assert event["status"] in PROPOSAL_STATUSES, name
            gold = golds[event["article"]]
            issues = event.get("issues", proposal["issues"])
            assert set(issues) <= set(proposal["issues"]), name
            if event["event"] == "made":
                assert any(
                    _same_plan(p, proposal["proposers"], proposal["issues"]) for p in gold.proposals
                ), f"{name}: no proposal in the gold of {event['article']}"
            elif event["event"] == "answered":
                assert event["response"] in RESPONSES, name
                answer = (event["party"], event["response"])
                assert answer in _gold_answers(gold, proposal["proposers"], proposal["issues"], issues), (
                    name,
                    event["article"],
                    answer,
                )
            elif event["event"] == "superseded":
                assert event["by"] in ids, name
    finals = Counter(proposal["final_status"] for proposal in timeline["proposals"])
    assert finals["rejected"] >= 1
    assert finals["accepted"] >= 1


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_a_plan_is_made_whole(track: Path) -> None:
    """Schema 2 keeps a plan whole: where it is made, the article has one proposal with all its issues."""
    timeline = _timeline(track)
    golds = _golds(track)
    for proposal in timeline["proposals"]:
        made = golds[proposal["events"][0]["article"]]
        plan = (set(proposal["proposers"]), set(proposal["issues"]))
        assert [p for p in made.proposals if (set(p.proposers), set(p.issues)) == plan], proposal["id"]


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_agreements_move_forward_and_rest_on_accepted_proposals(track: Path) -> None:
    timeline = _timeline(track)
    order = [entry["file"] for entry in timeline["articles"]]
    status_of = {proposal["id"]: proposal["final_status"] for proposal in timeline["proposals"]}
    agreement_ids = {agreement["id"] for agreement in timeline["agreements"]}
    assert timeline["agreements"]
    for agreement in timeline["agreements"]:
        history = agreement["history"]
        assert [entry["status"] for entry in history][-1] == agreement["final_status"]
        assert all(entry["status"] in AGREEMENT_STATUSES for entry in history)
        positions = [order.index(entry["article"]) for entry in history]
        assert positions == sorted(positions)
        assert all(status_of[proposal] == "accepted" for proposal in agreement["from_proposals"])
        assert agreement.get("part_of") in agreement_ids | {None}, agreement["id"]


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_agreements_are_the_per_article_agreements(track: Path) -> None:
    """Each status in an agreement's history is an agreement of that article's gold, and nothing else is."""
    timeline = _timeline(track)
    golds = _golds(track)
    in_timeline = Counter(
        (entry["article"], frozenset(agreement["parties"]), entry["status"])
        for agreement in timeline["agreements"]
        for entry in agreement["history"]
    )
    in_golds = Counter(
        (name, frozenset(agreement.parties), agreement.status)
        for name, gold in golds.items()
        for agreement in gold.agreements
    )
    assert in_timeline == in_golds
    issues = {
        (entry["article"], entry["status"]): set(agreement["issues"])
        for agreement in timeline["agreements"]
        for entry in agreement["history"]
    }
    for name, gold in golds.items():
        for agreement in gold.agreements:
            assert set(agreement.issues) <= issues[(name, agreement.status)], (name, agreement.issues)


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_sticking_points_agree_with_the_per_article_golds(track: Path) -> None:
    """Open where it was opened and mentioned, listed as resolved where it was settled, nowhere else."""
    timeline = _timeline(track)
    golds = _golds(track)
    order = [entry["file"] for entry in timeline["articles"]]
    expected: set[tuple[str, str, bool]] = set()
    for point in timeline["sticking_points"]:
        issue = point["issue"]
        open_in = [point["opened"], *point["mentions"]]
        expected |= {(entry["article"], issue, False) for entry in open_in}
        positions = [order.index(entry["article"]) for entry in open_in]
        assert positions == sorted(positions), issue
        if point["resolved"] is not None:
            article = point["resolved"]["article"]
            assert order.index(article) > positions[-1], issue
            expected.add((article, issue, True))
    listed = {
        (name, sticking.issue, sticking.resolved)
        for name, gold in golds.items()
        for sticking in gold.sticking_points
    }
    assert listed == expected
    assert any(resolved for _, _, resolved in listed)


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_every_shift_points_at_stance_entries_in_date_order(track: Path) -> None:
    timeline = _timeline(track)
    order = [entry["file"] for entry in timeline["articles"]]
    entries = {
        (stance["party"], stance["issue"], entry["article"], entry["stance"])
        for stance in timeline["stances"]
        for entry in stance["history"]
    }
    assert timeline["shifts"]
    for shift in timeline["shifts"]:
        before, after = shift["before"], shift["after"]
        for side in (before, after):
            key = (shift["party"], shift["issue"], side["article"], side["stance"])
            assert key in entries, key
            assert side["evidence"], key
        assert order.index(before["article"]) <= order.index(after["article"])
        assert any(shift["signal"] in evidence["quote"] for evidence in after["evidence"]), shift["signal"]


@pytest.mark.parametrize("track", TRACKS, ids=_track_id)
def test_shifts_are_the_per_article_shifts(track: Path) -> None:
    """Every timeline shift is a position's ``shift`` in the article that flags it, its signal quoted there;
    every per-article shift repeats a timeline shift (a recap may tell an earlier change again)."""
    timeline = _timeline(track)
    golds = _golds(track)
    order = [entry["file"] for entry in timeline["articles"]]
    for shift in timeline["shifts"]:
        after = shift["after"]
        [position] = [
            p
            for p in golds[after["article"]].positions
            if (p.party, p.issue) == (shift["party"], shift["issue"])
        ]
        assert position.stance == after["stance"], shift["signal"]
        assert position.shift is not None, shift["signal"]
        assert position.shift.previous_stance == shift["before"]["stance"], shift["signal"]
        assert any(shift["signal"] in evidence.quote for evidence in position.shift.evidence), shift["signal"]
    for name, gold in golds.items():
        for position in gold.positions:
            if position.shift is None:
                continue
            assert any(
                (shift["party"], shift["issue"]) == (position.party, position.issue)
                and shift["before"]["stance"] == position.shift.previous_stance
                and order.index(shift["after"]["article"]) <= order.index(name)
                for shift in timeline["shifts"]
            ), (name, position.party, position.issue)
