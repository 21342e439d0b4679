"""Tone (the speaker's view of the chances of agreement) from cue words of progress and trouble."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Doc
from .text import fold
from .words import patterns

__all__ = ["ToneHit", "find_tone", "overall_tone", "tone_of"]


_OPTIMISTIC = "|".join(patterns("tone.txt", "optimistic"))
_PESSIMISTIC = "|".join(patterns("tone.txt", "pessimistic"))
_NEGATION = re.compile(r"\b(?:not|no|never|n't|without|hardly|little|nor)\s+(?:\w+\s+){0,2}$")
_TONE = re.compile(rf"\b(?=[a-z])(?:(?P<opt>{_OPTIMISTIC})|(?P<pes>{_PESSIMISTIC}))\b")
# A condition ("if no deal is reached by Friday", "unless talks fail"), up to its comma, is a case the
# speaker considers, not a view of the chances: its cues do not count in a statement (over a whole article
# the risks it names still weigh on the outlook).
_CONDITION = re.compile(
    r"(?<!as )(?<!even )\b(?:if|unless|in case|should (?:the|a|an|they|he|she|it|we))\b[^,.;:!?]*"
)
# A turn of the speaker's own words ("real but uneven", "positive, but no more than that"): a cue, then a
# contrast word and a negation or a cue of the other side, make a mixed view; so do words granted before a
# contrast word and one-sided cues after it ("some movement, but not enough").
_CONTRAST = re.compile(r"\b(?:but|however|though|although)\b(?! also\b)")
_DENIAL = re.compile(r"\b(?:not|no|never|nobody|nothing|cannot)\b|n't\b")
# An agreement on its way but not reached ("we do not yet have a deal", "conditions had yet to be settled").
_NOT_YET = re.compile(r"\b(?:not|n't) (?:\w+ )?yet\b|\byet to\b|\bstill (?:has|have|had|needs?) to\b")


@dataclass(frozen=True, slots=True)
class ToneHit:
    """A tone cue word ('optimistic' or 'pessimistic') and its span."""

    tone: str
    sid: int
    start: int
    end: int


def _tone_hits(text: str, folded: bool = False, conditions_count: bool = True) -> list[tuple[str, int, int]]:
    folded_text = text if folded else fold(text)
    hits = []
    conditions = [] if conditions_count else [m.span() for m in _CONDITION.finditer(folded_text)]
    for match in _TONE.finditer(folded_text):
        if any(start <= match.start() < end for start, end in conditions):
            continue
        tone = "optimistic" if match.group("opt") else "pessimistic"
        if _NEGATION.search(folded_text[max(0, match.start() - 30) : match.start()]):
            tone = "pessimistic" if tone == "optimistic" else "optimistic"
        hits.append((tone, match.start(), match.end()))
    return hits


def tone_of(text: str) -> str:
    """'optimistic', 'pessimistic', 'mixed' or 'neutral' from the cue words of ``text``."""
    folded = fold(text)
    hits = _tone_hits(folded, folded=True, conditions_count=False)
    verdict = _verdict(
        sum(1 for h in hits if h[0] == "optimistic"), sum(1 for h in hits if h[0] == "pessimistic")
    )
    if verdict == "neutral":
        return "mixed" if _NOT_YET.search(folded) else verdict
    if verdict != "mixed" and _turns(folded, hits, verdict):
        return "mixed"
    return verdict


def _turns(folded: str, hits: list[tuple[str, int, int]], verdict: str) -> bool:
    """Whether the speaker qualifies a view: a contrast word after a cue, then a denial or a cue of the
    other side; or a contrast word after some words granted (not denied: "not X but Y" corrects) and before
    one-sided cues."""
    first = min(start for _, start, _ in hits)
    for match in _CONTRAST.finditer(folded):
        if match.start() < first:
            granted = folded[: match.start()]
            if granted.strip() and not _DENIAL.search(granted) and all(t == verdict for t, _, _ in hits):
                return True
            continue
        rest = folded[match.end() :]
        if _DENIAL.search(rest) or any(t != verdict and s >= match.end() for t, s, _ in hits):
            return True
    return False


def _verdict(optimistic: int, pessimistic: int) -> str:
    if not optimistic and not pessimistic:
        return "neutral"
    if optimistic and pessimistic and min(optimistic, pessimistic) * 2 >= max(optimistic, pessimistic):
        return "mixed"
    return "optimistic" if optimistic > pessimistic else "pessimistic"


def find_tone(doc: Doc) -> list[ToneHit]:
    """Every tone cue of the article body (the headline included)."""
    return [
        ToneHit(tone, s.id, s.start + start, s.start + end)
        for s in doc.sentences
        for tone, start, end in _tone_hits(s.folded, folded=True)
    ]


def overall_tone(hits: list[ToneHit]) -> str:
    """The article's tone from all its cues."""
    return _verdict(
        sum(1 for h in hits if h.tone == "optimistic"), sum(1 for h in hits if h.tone == "pessimistic")
    )
