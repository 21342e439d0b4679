"""General cues for what schema 2 added: a party the article calls a mediator, a point it says was settled.

Both read folded text (:func:`~summarizer.offline.text.fold`) and name no article's phrase: a mediator is
named right after "mediated/brokered/facilitated by" or "mediators from", or right before "mediators", ",
which has been trying to broker" or "acting as mediator" (a side that "brokered a deal" with another is not
one); a sentence says a point was settled with "resolved", "settled", "agreed on" or "no longer an obstacle",
unless a "not", "still", "yet" or "to be" comes shortly before.
"""

from __future__ import annotations

import re

__all__ = ["names_a_mediator", "says_settled"]

_MEDIATOR_BEFORE = re.compile(
    r"\b(?:(?:mediated|brokered|facilitated) by|mediators? (?:from|of)(?: [\w-]+){0,3} and|"
    r"mediators? (?:from|of)|(?:mediator|facilitator),?)(?: the)? $"
)
_MEDIATOR_AFTER = re.compile(
    r"^(?:'s?)?(?: and [\w-]+)? (?:mediators?|mediation|facilitators?)\b|"
    r"^,? (?:which|who)\b[\w ]{0,30}?\b(?:mediat|broker|facilitat)\w*|"
    r"^(?: has been| is| was| have been| are)? (?:mediating|facilitating|"
    r"(?:acting |serving )?as (?:a |the )?(?:mediators?|facilitators?|go-between))\b"
)
_SETTLED = re.compile(
    r"\b(?:resolved|resolves|settled|settles|agreed on(?! \w+day\b)|"
    r"no longer (?:an? |the )?(?:obstacle|sticking point|stumbling block|issue))\b"
)
_NOT_YET = re.compile(r"(?:\bnot|n't|\bnever|\byet|\bstill|\bto be|\bwhether|\bif)\b[^.;]{0,20}$")


def names_a_mediator(before: str, after: str) -> bool:
    """Whether the folded words just ``before`` and ``after`` a party's mention call it a mediator."""
    return bool(_MEDIATOR_BEFORE.search(before) or _MEDIATOR_AFTER.search(after))


def says_settled(sentence: str) -> bool:
    """Whether a folded sentence says something was settled ("was resolved", "no longer an obstacle")."""
    return any(not _NOT_YET.search(sentence[: match.start()]) for match in _SETTLED.finditer(sentence))
