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


@dataclass(frozen=True, slots=True)
class ToneHit:
    """A tone cue word ('optimistic' or 'pessimistic') and its span."""

    tone: str
    sid: int
    start: int
    end: int


def _tone_hits(text: str, folded: bool = False) -> list[tuple[str, int, int]]:
    folded_text = text if folded else fold(text)
    hits = []
    for match in _TONE.finditer(folded_text):
        tone = "optimistic" if match.group("opt") else "pessimistic"
        if _NEGATION.search(folded_text[max(0, match.start() - 30) : match.start()]):
            tone = "pessimistic" if tone == "optimistic" else "optimistic"
        hits.append((tone, match.start(), match.end()))
    return hits


def tone_of(text: str) -> str:
    """'optimistic', 'pessimistic', 'mixed' or 'neutral' from the cue words of ``text``."""
    hits = _tone_hits(text)
    return _verdict(
        sum(1 for h in hits if h[0] == "optimistic"), sum(1 for h in hits if h[0] == "pessimistic")
    )


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
