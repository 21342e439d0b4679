"""Tone of a speaker's words: refusals, turns, conditions, agreements not yet reached (made up)."""

from __future__ import annotations

import pytest

from summarizer.offline.tone import find_tone, overall_tone, tone_of

from .helpers import doc_of


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        # a negation between the modal and the verb makes a refusal, not openness
        ("The ministry said it would not accept any cut to the pension fund.", "pessimistic"),
        ("The ministry said it would probably accept a smaller cut.", "optimistic"),
        # a cue, a contrast word and then a denial: the speaker qualifies the view
        ("The reply is a positive one. But a pause of two days is not a settlement.", "mixed"),
        ("Progress has been real but uneven.", "mixed"),
        ("There was some movement, but not enough.", "mixed"),
        ("The union will not return to work.", "pessimistic"),
        ("Some progress was made in the morning session.", "optimistic"),
        ("It is not the end of the road, but the offer is something we can work with.", "optimistic"),
        # an agreement on its way but not reached
        ("We have a draft, but we do not yet have an accord.", "mixed"),
        ("Two questions had yet to be settled.", "mixed"),
        # a condition is a case considered, not a view of the chances
        ("An arbiter will step in if no deal is reached by Monday.", "neutral"),
        ("It looks as if the talks will collapse.", "pessimistic"),
        # a side stating its position is neutral
        ("We are not going to pay for the old contracts.", "neutral"),
        # the distance between the sides
        ("The differences have narrowed to a handful of clauses.", "optimistic"),
        ("The gap on hours has widened since March.", "pessimistic"),
        ("The board is open to widening the scope of the review.", "neutral"),
        ("Both capitals remain committed to a negotiated settlement.", "optimistic"),
        # adverbs of the evaluative words, openness to talk, doors left open or closed, an end without a deal
        ("The council answered positively.", "optimistic"),
        ("The guild said it was ready to talk through the night.", "optimistic"),
        ("The door remains open for a second round.", "optimistic"),
        ("By walking away they closed the door on a settlement.", "pessimistic"),
        ("The round may end without a pay agreement.", "pessimistic"),
    ],
)
def test_tone_of_statements(text: str, tone: str) -> None:
    assert tone_of(text) == tone


def test_conditions_still_count_for_the_outlook() -> None:
    doc = doc_of("An arbiter will step in if the talks fail.", "Nothing else was said.")
    hits = find_tone(doc)
    assert [h.tone for h in hits] == ["pessimistic"]
    assert overall_tone(hits) == "pessimistic"
