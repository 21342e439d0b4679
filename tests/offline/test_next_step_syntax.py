"""Next steps read through the parse: a possible or reported future must govern its event word."""

from __future__ import annotations

import pytest

from summarizer.offline.issues import find_next_steps

from .helpers import doc_of


@pytest.mark.parametrize(
    "sentence",
    [
        # the marker speaks of what lies ahead, not of the deal
        "What made ministers say they came to strike a deal was the fear of what might lie ahead.",
        # a condition on something else, and a past decision
        "The mayor's decision to skip the summit was criticised even if it might prove popular.",
        # a marker inside a clause about something else
        "The envoy could gain from scenes of chaos that allow him to call for calm.",
        # a negated possibility is no next step
        "Farmers could not vote in the closed primaries.",
    ],
)
def test_a_future_marker_that_does_not_govern_the_event_gives_no_step(sentence: str) -> None:
    assert find_next_steps(doc_of(sentence)) == []


def test_a_reported_future_that_governs_the_event_is_a_step() -> None:
    doc = doc_of("The union said its members would vote on the offer.")
    [step] = find_next_steps(doc)
    assert (step.kind, step.likelihood) == ("vote", "expected")


def test_a_possible_event_under_its_marker_stays() -> None:
    [step] = find_next_steps(doc_of("A new round of talks could take place in the coming weeks."))
    assert step.kind == "talks"
