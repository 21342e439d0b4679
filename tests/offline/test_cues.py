"""Schema 2's offline cues: a party the article calls a mediator, a sticking point it says was settled."""

from __future__ import annotations

import pytest

from summarizer.offline.cues import names_a_mediator, says_settled

from .helpers import summary_of

TALKS = (
    "Norway and Iceland resumed talks on the cod quota on Monday.",
    "Norway rejected Iceland's proposal to split the cod quota, fisheries minister Ola Berg said.",
    "The quota remains the main sticking point, Berg said.",
)


def _roles(*paragraphs: str) -> dict[str, str]:
    return {party.id: party.role for party in summary_of(*TALKS, *paragraphs).parties}


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks were mediated by Denmark.",
        "The session was brokered by Denmark, officials said.",
        "Denmark, which has been trying to broker a deal, hosted the session.",
        "Danish mediators carried messages between the delegations.",
        "Denmark has been acting as mediator since the spring.",
    ],
)
def test_a_party_the_article_calls_a_mediator_gets_that_role(sentence: str) -> None:
    roles = _roles(sentence, "Denmark urged both sides to compromise on the cod quota.")
    assert roles["denmark"] == "mediator"
    assert roles["norway"] == roles["iceland"] == "side"


def test_a_side_that_brokered_a_deal_stays_a_side() -> None:
    roles = _roles("Denmark and Sweden brokered a deal on herring last year.", "Denmark urged a deal.")
    assert roles["denmark"] == "side"


@pytest.mark.parametrize(
    ("sentence", "resolved"),
    [
        ("The sticking point over the cod quota was resolved on Friday, officials said.", True),
        ("The cod quota is no longer an obstacle, Berg said.", True),
        ("The cod quota still needs to be resolved, Berg said.", False),
        ("The sticking point over the cod quota has not been settled, Berg said.", False),
    ],
)
def test_a_sticking_point_said_settled_is_resolved(sentence: str, resolved: bool) -> None:
    summary = summary_of(*TALKS[:2], sentence)
    [point] = [p for p in summary.sticking_points if 3 in p.evidence[0].sentence_ids]
    assert point.resolved is resolved


def test_the_cues_read_folded_text_around_a_mention_and_in_a_sentence() -> None:
    assert names_a_mediator("talks mediated by the ", "")
    assert names_a_mediator("", " mediators carried messages")
    assert names_a_mediator("", ", which has been trying to broker a deal")
    assert not names_a_mediator("", " and sweden brokered a deal")
    assert says_settled("the impasse over the quota was settled on friday.")
    assert not says_settled("issues still need to be resolved.")
    assert not says_settled("they agreed on wednesday to extend the truce.")
