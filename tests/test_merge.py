"""The merge of summaries: properties (hypothesis) and the rules on examples.

Properties, over generated summaries grounded in two small articles: the same pieces in any order give the
same merge; merging a summary with itself changes nothing; every quote of the merged summary still stands
in the article the merge says it is from; nothing is lost (every item of every piece is in exactly one
merged item).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.article import Article
from summarizer.gold import load_gold
from summarizer.grounding import evidence_context, locate
from summarizer.merge import MergedSummary, Piece, compatible_terms, merge, numbers, ranked
from summarizer.schema import ITEM_LIST_NAMES, NegotiationSummary, iter_evidence

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ARTICLES = {
    "a.txt": Article.from_text(
        "Alpha and Beta resume trade talks in Geneva\n"
        "Alpha negotiators offered lower steel tariffs on Monday.\n"
        "Beta officials rejected the steel offer within hours.\n"
        "Gamma mediators proposed a phased quota for fishing rights.\n"
        "Alpha delegates accepted the phased quota after long debate.\n"
        "Beta ministers demanded guarantees for their farmers first.\n"
        "Negotiators expect another round in Vienna next week.\n"
        "The mediators' drafts spoke of a quota over four years, then over six.\n"
    ),
    "b.txt": Article.from_text(
        "Beta softens its stance as Alpha talks continue\n"
        "Beta ministers dropped their demand for farm guarantees.\n"
        "Alpha envoys welcomed the change in Beta policy warmly.\n"
        "Gamma mediators tabled a revised quota of six years.\n"
        "Both delegations signed a framework deal on fishing quotas.\n"
        "Steel tariffs remain the hardest unresolved question between them.\n"
        "Their first draft had spoken of four years.\n"
    ),
}
PARTIES = [
    ("alpha", "Alpha", ["Alphan government"]),
    ("beta", "Beta", []),
    ("gamma", "Gamma", ["the mediators"]),
]
ISSUES = [
    ("steel-tariffs", "steel tariffs"),
    ("fishing-quota", "fishing quota"),
    ("farm-guarantees", "farm guarantees"),
]
TERMS = ["a quota over six years", "a quota over four years", "lower steel tariffs", "guarantees for farmers"]
STANCES = ["supports", "opposes", "conditional", "undecided"]
RESPONSES = ["accepted", "rejected", "conditional", "considering"]
STATUSES = ["pending", "accepted", "rejected", "mixed", "withdrawn"]


@st.composite
def evidence(draw: Any, article: Article) -> dict[str, Any]:
    """A quote of three to five words from one sentence of ``article`` (the headline included)."""
    sentence = draw(st.sampled_from(article.sentences))
    words = sentence.text.rstrip(".").split()
    length = draw(st.integers(min_value=3, max_value=min(5, len(words))))
    start = draw(st.integers(min_value=0, max_value=len(words) - length))
    return {"sentence_ids": [sentence.id], "quote": " ".join(words[start : start + length])}


@st.composite
def summaries(draw: Any, key: str) -> NegotiationSummary:
    """A valid summary grounded in article ``key``, its items drawn from small pools so that some repeat."""
    article = ARTICLES[key]
    quotes = st.lists(evidence(article), min_size=1, max_size=2)
    parties = draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique_by=lambda p: p[0]))
    issues = draw(st.lists(st.sampled_from(ISSUES), min_size=1, max_size=3, unique_by=lambda i: i[0]))
    party_ids = [p[0] for p in parties]
    issue_ids = [i[0] for i in issues]
    party = st.sampled_from(party_ids)
    issue = st.sampled_from(issue_ids)
    responses = st.lists(
        st.fixed_dictionaries({"party": party, "response": st.sampled_from(RESPONSES), "evidence": quotes}),
        max_size=2,
        unique_by=lambda r: r["party"],
    )
    data: dict[str, Any] = {
        "headline": article.headline,
        "abstract": draw(st.sampled_from(["Talks went on.", "Positions moved."])),
        "is_negotiation": True,
        "parties": [
            {"id": pid, "name": name, "kind": "state", "aliases": aliases, "evidence": draw(quotes)}
            for pid, name, aliases in parties
        ],
        "issues": [{"id": iid, "label": label, "evidence": draw(quotes)} for iid, label in issues],
        "positions": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "party": party,
                        "issue": issue,
                        "stance": st.sampled_from(STANCES),
                        "summary": st.sampled_from(["Holds firm.", "Moves a little."]),
                        "evidence": quotes,
                    }
                ),
                max_size=4,
            )
        ),
        "proposals": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "proposers": st.lists(party, min_size=1, max_size=2, unique=True),
                        "issues": st.lists(issue, min_size=1, max_size=2, unique=True),
                        "terms": st.sampled_from(TERMS),
                        "responses": responses,
                        "status": st.sampled_from(STATUSES),
                        "evidence": quotes,
                    }
                ),
                max_size=3,
            )
        ),
        "demands": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "party": party,
                        "issue": issue,
                        "what": st.sampled_from(TERMS),
                        "responses": responses,
                        "evidence": quotes,
                    }
                ),
                max_size=2,
            )
        ),
        "sticking_points": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "issue": issue,
                        "parties": st.lists(party, max_size=2, unique=True),
                        "why": st.just("They disagree."),
                        "resolved": st.booleans(),
                        "evidence": quotes,
                    }
                ),
                max_size=2,
            )
        ),
        "statements": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "speaker": st.sampled_from(["Ana Ruiz", "Ruiz", "Li Wei"]),
                        "party": party,
                        "kind": st.sampled_from(["direct", "indirect"]),
                        "tone": st.sampled_from(["optimistic", "neutral"]),
                        "evidence": quotes,
                    }
                ),
                max_size=3,
            )
        ),
        "next_steps": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "event": st.sampled_from(["Another round in Vienna", "A vote on the deal"]),
                        "likelihood": st.sampled_from(["expected", "possible"]),
                        "parties": st.lists(party, max_size=2, unique=True),
                        "evidence": quotes,
                    }
                ),
                max_size=2,
            )
        ),
        "outlook": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "tone": st.sampled_from(["optimistic", "mixed"]),
                    "summary": st.just("Still far apart."),
                    "evidence": quotes,
                }
            )
        ),
    }
    return NegotiationSummary.model_validate(data, context=evidence_context(article))


@st.composite
def pieces(draw: Any, max_size: int = 4) -> list[Piece]:
    """Pieces of the two articles, dated so that both the same date and different dates occur."""
    found = []
    for _ in range(draw(st.integers(min_value=1, max_value=max_size))):
        key = draw(st.sampled_from(sorted(ARTICLES)))
        date = {"a.txt": "2027-01-01", "b.txt": draw(st.sampled_from(["2027-01-01", "2027-01-08"]))}[key]
        found.append(Piece(draw(summaries(key)), article=key, date=date))
    return found


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _essence(merged: MergedSummary) -> tuple[Any, ...]:
    """What a merge says, without where it came from (origins and sources count the inputs)."""
    return (merged.summary, merged.conflicts, merged.evidence)


@PROPERTY
@given(pieces(), st.randoms(use_true_random=False))
def test_the_same_pieces_in_any_order_merge_alike(found: list[Piece], random: Any) -> None:
    merged = merge(found)
    shuffled = list(found)
    random.shuffle(shuffled)
    assert merge(shuffled) == merged
    _check_every_quote_stands_in_its_article(merged)
    _check_nothing_is_lost(found, merged)


@PROPERTY
@given(pieces(max_size=3))
def test_merging_with_itself_changes_nothing(found: list[Piece]) -> None:
    once = merge(found)
    assert _essence(merge(found + found)) == _essence(once)
    (single,) = found[:1]
    assert merge([single, single]).summary == merge([single]).summary


def _check_every_quote_stands_in_its_article(merged: MergedSummary) -> None:
    """Every quote of the merged summary is tagged with an article, and stands there where it says."""
    paths = [path for path, _ in iter_evidence(merged.summary)]
    assert sorted(merged.evidence) == sorted(paths)
    for path, piece in iter_evidence(merged.summary):
        article = ARTICLES[merged.evidence[path]]
        located = locate(article, piece.sentence_ids, piece.quote)
        assert not isinstance(located, str), f"{path}: {located}"
        assert (piece.start, piece.end) == (located.start, located.end), path
        assert article.text[piece.start : piece.end] == piece.quote, path


def _check_nothing_is_lost(found: list[Piece], merged: MergedSummary) -> None:
    """Every item of every piece is in exactly one merged item, and every quote is kept."""
    for name in ITEM_LIST_NAMES:
        origins = sorted((o.source, o.index) for item in merged.origins[name] for o in item)
        expected = sorted(
            (rank, index)
            for rank, piece in enumerate(ranked(found))
            for index in range(len(getattr(piece.summary, name)))
        )
        assert origins == expected, name

    def quotes(summary: NegotiationSummary, article: str) -> set[tuple[Any, ...]]:
        # The outlook is one per summary: the latest piece's, with the evidence of those that see it alike.
        return {
            (article, tuple(e.sentence_ids), e.start, e.end, e.quote)
            for path, e in iter_evidence(summary)
            if not path.startswith("outlook")
        }

    given_quotes = set().union(*(quotes(p.summary, p.article) for p in found))
    merged_quotes = {
        (merged.evidence[path], tuple(e.sentence_ids), e.start, e.end, e.quote)
        for path, e in iter_evidence(merged.summary)
        if not path.startswith("outlook")
    }
    assert merged_quotes == given_quotes


def test_a_gold_summary_merged_alone_is_itself() -> None:
    """Items that are all distinct come out as they went in (every gold summary of the corpus and tracks)."""
    golds = sorted(SEEDS.glob("*.gold.json")) + sorted(SEEDS.glob("tracks/*/*.gold.json"))
    golds = [path for path in golds if path.name != "timeline.gold.json"]
    assert len(golds) > 20
    for gold_file in golds:
        _, gold = load_gold(gold_file.with_name(gold_file.name.replace(".gold.json", ".txt")))
        assert merge([gold]).summary == gold, gold_file.name


def _position(party: str, stance: str, quote: str, sentence: int, shift: str | None = None) -> dict[str, Any]:
    position: dict[str, Any] = {
        "party": party,
        "issue": "fishing-quota",
        "stance": stance,
        "summary": f"{party} {stance}.",
        "evidence": [{"sentence_ids": [sentence], "quote": quote}],
    }
    if shift:
        position["shift"] = {
            "previous_stance": shift,
            "evidence": [{"sentence_ids": [sentence], "quote": quote}],
        }
    return position


def _summary(key: str, **lists: Any) -> NegotiationSummary:
    article = ARTICLES[key]
    data = {
        "headline": article.headline,
        "abstract": "Talks.",
        "is_negotiation": True,
        "parties": [
            {
                "id": "alpha",
                "name": "Alpha",
                "kind": "state",
                "evidence": [{"sentence_ids": [0], "quote": "Alpha"}],
            },
            {
                "id": "beta",
                "name": "Beta",
                "kind": "state",
                "evidence": [{"sentence_ids": [0], "quote": "Beta"}],
            },
        ],
        "issues": [
            {
                "id": "fishing-quota",
                "label": "fishing quota",
                "evidence": [{"sentence_ids": [0], "quote": "talks"}],
            }
        ],
        **lists,
    }
    return NegotiationSummary.model_validate(data, context=evidence_context(article))


def test_aliases_and_representatives_align_parties_across_articles() -> None:
    a = _summary("a.txt")
    b = _summary("b.txt").model_copy(deep=True)
    b.parties[0].id = "alphan-government"
    b.parties[0].name = "Alphan government"
    b.parties[0].aliases = ["Alpha"]
    merged = merge([Piece(a, "a.txt", "2027-01-01"), Piece(b, "b.txt", "2027-01-08")])
    assert [p.id for p in merged.summary.parties] == ["alpha", "beta"]
    assert merged.summary.parties[0].aliases == ["Alphan government"]
    assert merged.sources[1].party_ids["alphan-government"] == "alpha"
    assert [merged.evidence[f"parties[0].evidence[{i}]"] for i in range(2)] == ["a.txt", "b.txt"]


def test_disagreement_is_kept_and_marked_a_change_over_time_or_a_contradiction() -> None:
    early = _summary("a.txt", positions=[_position("beta", "opposes", "Beta officials rejected", 2)])
    late = _summary("b.txt", positions=[_position("beta", "supports", "Beta ministers dropped", 1)])
    over_time = merge([Piece(late, "b.txt", "2027-01-08"), Piece(early, "a.txt", "2027-01-01")])
    assert [p.stance for p in over_time.summary.positions] == ["opposes", "supports"]
    (conflict,) = over_time.conflicts
    assert (conflict.list, conflict.items, conflict.fields, conflict.kind) == (
        "positions",
        (0, 1),
        ("stance",),
        "change",
    )
    same_day = merge([Piece(late, "b.txt", "2027-01-01"), Piece(early, "a.txt", "2027-01-01")])
    assert same_day.conflicts[0].kind == "contradiction"
    shifted = _summary(
        "b.txt", positions=[_position("beta", "supports", "Beta ministers dropped", 1, "opposes")]
    )
    told = merge([Piece(shifted, "b.txt", "2027-01-01"), Piece(early, "a.txt", "2027-01-01")])
    assert told.conflicts[0].kind == "change"


def test_agreeing_items_unite_with_the_union_of_their_evidence() -> None:
    first = _summary("a.txt", positions=[_position("alpha", "supports", "Alpha delegates accepted", 4)])
    second = _summary("b.txt", positions=[_position("alpha", "supports", "Alpha envoys welcomed", 2)])
    merged = merge([Piece(first, "a.txt", "2027-01-01"), Piece(second, "b.txt", "2027-01-08")])
    (position,) = merged.summary.positions
    assert [e.quote for e in position.evidence] == ["Alpha delegates accepted", "Alpha envoys welcomed"]
    assert [(o.source, o.index) for o in merged.origins["positions"][0]] == [(0, 0), (1, 0)]
    assert merged.conflicts == []


def test_terms_are_compatible_when_their_figures_agree_or_their_words_do() -> None:
    assert numbers("a four-year fill and 1,500 cubic metres") == {"4", "1500"}
    assert compatible_terms("Fill the reservoir over four years.", "A four-year fill (the opening plan)")
    assert compatible_terms("An eight-year fill and 900 cubic metres", "Fill the reservoir over eight years.")
    assert not compatible_terms("Fill the reservoir over six years", "Fill the reservoir over four years")
    assert compatible_terms(
        "Binding arbitration of disputes in any treaty", "Settle any dispute by binding arbitration"
    )
    assert not compatible_terms(
        "First releases of hostages and prisoners",
        "Teams return to work through lists of hostages and prisoners for days",
    )


def test_merge_needs_a_summary() -> None:
    import pytest

    with pytest.raises(ValueError, match="at least one"):
        merge([])


def test_pairs_of_pieces_in_every_order() -> None:
    """A deterministic check beside the property: all orders of three fixed pieces."""
    a = _summary("a.txt", positions=[_position("beta", "opposes", "Beta officials rejected", 2)])
    b = _summary("b.txt", positions=[_position("beta", "supports", "Beta ministers dropped", 1)])
    c = _summary("a.txt", positions=[_position("alpha", "supports", "Alpha delegates accepted", 4)])
    found = [
        Piece(a, "a.txt", "2027-01-01"),
        Piece(b, "b.txt", "2027-01-08"),
        Piece(c, "a.txt", "2027-01-01", 1),
    ]
    results = {merge(list(order)).model_dump_json() for order in itertools.permutations(found)}
    assert len(results) == 1


def test_a_partys_role_that_changes_between_dates_is_a_change_not_a_contradiction() -> None:
    early = _summary("a.txt")
    late = _summary("b.txt").model_copy(deep=True)
    late.parties[1].role = "mediator"
    over_time = merge([Piece(early, "a.txt", "2027-01-01"), Piece(late, "b.txt", "2027-01-08")])
    (conflict,) = over_time.conflicts
    assert (conflict.list, conflict.fields, conflict.kind) == ("parties", ("role",), "change")
    same_day = merge([Piece(early, "a.txt", "2027-01-01"), Piece(late, "b.txt", "2027-01-01")])
    assert same_day.conflicts[0].kind == "contradiction"
