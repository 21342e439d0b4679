"""Issue keywords, tone cues and next steps, from made-up sentences."""

from __future__ import annotations

import pytest

from summarizer.offline.issues import find_issues, find_next_steps
from summarizer.offline.lexicon import load_lexicon
from summarizer.offline.tone import tone_of

from .helpers import doc_of


@pytest.mark.parametrize(
    ("sentence", "issue"),
    [
        ("The two sides discussed a cease-fire along the front line.", "ceasefire"),
        ("Seoul wants firm security guarantees before any deal.", "security-guarantees"),
        ("The union wants a 6% pay rise over two years.", "wages"),
        ("Exporters fear higher tariffs on aluminium.", "tariffs"),
        ("Creditors are asking for a smaller haircut on the bonds.", "debt"),
        ("Tehran refuses to cap uranium enrichment at 3.67%.", "nuclear-programme"),
        ("Families of the hostages protested outside parliament.", "hostages"),
        ("Negotiators argued over the loss and damage fund.", "climate-finance"),
    ],
)
def test_issue_keywords(sentence: str, issue: str) -> None:
    doc = doc_of(sentence)
    assert issue in {hit.issue for hit in find_issues(doc, load_lexicon())[1]}


def test_issue_spans_are_exact() -> None:
    doc = doc_of("Both sides want a truce – and rare earths remain on the table.")
    for hit in find_issues(doc, load_lexicon())[1]:
        assert doc.text[hit.start : hit.end].lower() in ("truce", "rare earths")


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("The talks were constructive and both sides expressed optimism.", "optimistic"),
        ("The negotiations stalled amid mutual accusations and anger.", "pessimistic"),
        ("There was progress on prices, but the dispute over jobs deepened.", "mixed"),
        ("The delegations met on Tuesday.", "neutral"),
        ("Officials saw no progress at all.", "pessimistic"),
    ],
)
def test_tone_from_cue_words(text: str, tone: str) -> None:
    assert tone_of(text) == tone


def test_next_steps_from_future_markers() -> None:
    doc = doc_of(
        "The two leaders are expected to speak by phone this week.",
        "A new round of talks could take place in the coming weeks.",
        "Last week the ministers met in Rome.",
    )
    steps = find_next_steps(doc)
    kinds = {(step.kind, step.when, step.likelihood) for step in steps}
    assert ("call", "this week", "expected") in kinds
    assert ("talks", "in the coming weeks", "possible") in kinds
    assert all(step.spans[0][0] != 3 for step in steps)


def test_next_steps_of_one_kind_are_merged() -> None:
    doc = doc_of(
        "A summit is likely next month.",
        "Officials said the summit would be held next month in Vienna.",
    )
    [step] = find_next_steps(doc)
    assert step.kind == "meeting"
    assert [span[0] for span in step.spans] == [1, 2]


@pytest.mark.parametrize(
    ("sentence", "when"),
    [
        ("Union members will vote on the offer in a ballot that closes on November 14.", "on November 14"),
        ("The two delegations are expected to meet again by Sept. 3rd in the capital.", "by Sept. 3rd"),
        ("The parliament will vote on the coalition treaty on 12 March in a special session.", "on 12 March"),
    ],
)
def test_a_date_is_the_time_of_an_expected_step_and_is_never_cut(sentence: str, when: str) -> None:
    doc = doc_of(sentence)
    [step] = find_next_steps(doc)
    assert step.when == when
    _, start, end = step.spans[0]
    assert when in doc.text[start:end]


def test_a_past_date_with_no_future_marker_is_no_next_step() -> None:
    assert find_next_steps(doc_of("The ministers met in Rome on March 3 for a first round of talks.")) == []


def test_a_programme_title_is_not_a_time() -> None:
    doc = doc_of("The minister told ABC’s ‘This Week’ that a deal was possible.")
    assert all(step.when != "This Week" for step in find_next_steps(doc))
