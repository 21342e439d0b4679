"""Issues from a keyword lexicon and next steps from future markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .document import Doc, SentenceView
from .lexicon import Lexicon
from .step_syntax import governs, token_at
from .text import word_set
from .words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

__all__ = [
    "IssueHit",
    "NextStepDraft",
    "event_clause",
    "find_issues",
    "find_next_steps",
    "may_step",
]


_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|aug|sept?|oct|nov|dec)\.?)"
)
_WHEN = re.compile(
    r"\b(?=[a-z0-9])(?:"
    # a date ("on April 29", "by Jan. 3rd", "29 April") is a time, not a future: see _inherently_future
    rf"(?:(?:on|by|before|until|after|from) )?(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}} {_MONTH})\b|"
    r"(?:later |early |earlier )?(?:this|next) (?:week|weekend|month|year|round)|"
    r"(?:in|over|during) the (?:coming|next|following) (?:few )?(?:days|weeks|months|hours)|"
    r"in the next (?:few )?(?:days|weeks|months|hours)|"
    r"within (?:days|weeks|hours|months|(?:\w+ )?(?:days|weeks|months|hours))|"
    r"by the end of (?:the |this |next )?(?:week|month|year|\w+)|"
    r"(?:on |by |next |this )(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"tomorrow|tonight|"
    r"a matter of (?:days|weeks|months)|in (?:the )?(?:autumn|spring|summer|winter)|"
    r"(?:in|from) (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)|"
    r"next year|soon|shortly)\b"
)
_EXPECTED = re.compile(
    r"\b(?=[a-z])(?:will|won't|shall|expect(?:s|ed)?|set to|scheduled|plans? to|planned|due to|likely|"
    r"is to|are to|to be held|upcoming|agreed to (?:meet|resume|hold)|"
    r"would (?:attend|meet|resume|invite|hold|vote|travel))\b"
)
_POSSIBLE = re.compile(r"\b(?:may|might|could|possible|possibly|potential(?:ly)?|hopes? to|considering|if)\b")
# A weekday or month alone dates past events as often as future ones: it needs a future verb nearby.
_WEAK_WHEN = re.compile(
    r"(?:on|in|from|by) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)"
)
_REPORTED = re.compile(r"\b(?:would|'d)\b")
_NEGATED_FUTURE = re.compile(r"won't|(?:will|would|shall|could|might|may) (?:not|never)\b")
_PAST_ONLY = re.compile(r"\b(?:last (?:week|month|year)|ago|earlier this)\b")

# Event words and the kind of event they stand for (data/next_steps.txt); next steps of one kind and time
# are merged.
_EVENT_KINDS = (
    "call",
    "meeting",
    "talks",
    "deal",
    "vote",
    "signing",
    "deadline",
    "decision",
    "response",
    "announcement",
    "review",
    "hearing",
    "release",
    "exchange",
    "strike",
    "report",
)
_EVENTS = {word: kind for kind in _EVENT_KINDS for word in word_list("next_steps.txt", kind)}
_EVENT = re.compile(r"\b(?=[a-z])(?:" + "|".join(sorted(_EVENTS, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True, slots=True)
class IssueHit:
    """A keyword of an issue in a sentence, with its character span in the article."""

    issue: str
    sid: int
    start: int
    end: int


@dataclass
class NextStepDraft:
    """An expected or possible event before it becomes a schema item."""

    kind: str
    when: str | None
    likelihood: str
    spans: list[tuple[int, int, int]] = field(default_factory=list)


def find_issues(doc: Doc, lexicon: Lexicon) -> list[list[IssueHit]]:
    """Issue keywords per sentence."""
    out: list[list[IssueHit]] = []
    names = [cue.id for cue in lexicon.issues]
    for s in doc.sentences:
        hits = []
        for match in lexicon.issue_regex.finditer(s.folded):
            group = match.lastgroup
            if group is None:
                continue
            issue = names[int(group[1:])]
            hits.append(IssueHit(issue, s.id, s.start + match.start(), s.start + match.end()))
        out.append(hits)
    return out


def find_next_steps(doc: Doc) -> list[NextStepDraft]:
    """Expected or possible events (a future marker and an event word together), merged by kind and time."""
    drafts: list[NextStepDraft] = []
    for s in doc.sentences:
        draft = _next_step(s, doc)
        if draft is None:
            continue
        same = next(
            (
                d
                for d in drafts
                if d.kind == draft.kind and (d.when == draft.when or not d.when or not draft.when)
            ),
            None,
        )
        if same is None:
            drafts.append(draft)
            continue
        same.spans += draft.spans
        same.when = same.when or draft.when
        if draft.likelihood == "expected":
            same.likelihood = "expected"
    return drafts


def may_step(s: SentenceView) -> bool:
    """Whether sentence ``s`` may hold a next step (an event word and a future marker): worth parsing."""
    folded = s.folded
    return bool(
        _EVENT.search(folded)
        and (_EXPECTED.search(folded) or _POSSIBLE.search(folded) or _WHEN.search(folded))
    )


def _next_step(s: SentenceView, doc: Doc) -> NextStepDraft | None:
    folded = s.folded
    whens = [m for m in _WHEN.finditer(folded) if not _in_title(doc, s.start + m.start())]
    # "will not sign" announces that something will not happen: no next step
    expected = [m for m in _EXPECTED.finditer(folded) if not _NEGATED_FUTURE.match(folded, m.start())]
    possible = [m for m in _POSSIBLE.finditer(folded) if not _NEGATED_FUTURE.match(folded, m.start())]
    events = list(_EVENT.finditer(folded))
    if not events or not (whens or expected or possible):
        return None
    if _PAST_ONLY.search(folded) and not expected and not possible:
        return None
    markers = (
        [(m, "when") for m in whens]
        + [(m, "expected") for m in expected]
        + [(m, "possible") for m in possible]
    )
    future = [(m, kind) for m, kind in markers if kind != "when" or _inherently_future(m.group())]
    if not future:
        return None
    parsed = doc.parse_of(s.id)
    if parsed is not None:
        # a reported future ("said it would reply to the offer"), when the parse shows "would" governs it
        future += [
            (m, "reported")
            for m in _REPORTED.finditer(folded)
            if not _NEGATED_FUTURE.match(folded, m.start())
        ]
    pairs = [(e, m, kind) for e in events for m, kind in future if abs(e.start() - m.start()) <= 90]
    if parsed is not None:
        # "might", "could" and "if" are about whatever they qualify: the event must be under them
        pairs = [
            (e, m, kind)
            for e, m, kind in pairs
            if kind not in ("possible", "reported") or _linked(parsed, m.start(), e.start())
        ]
    if not pairs:
        return None
    event, anchor, kind = min(pairs, key=lambda pair: abs(pair[0].start() - pair[1].start()))
    near_expected = any(abs(m.start() - event.start()) <= 90 for m in expected) or kind == "reported"
    when = min(whens, key=lambda m: abs(m.start() - event.start()), default=None)
    if when is not None and (
        abs(when.start() - event.start()) > 120 or (_WEAK_WHEN.match(when.group()) and not near_expected)
    ):
        when = None
    start = min(event.start(), anchor.start(), when.start() if when else len(folded))
    end = max(event.end(), anchor.end(), when.end() if when else 0)
    start, end = event_clause(folded, start, end)
    likelihood = "expected" if near_expected else "possible"
    when_text = s.text[when.start() : when.end()] if when else None
    return NextStepDraft(
        _EVENTS[event.group()], when_text, likelihood, [(s.id, s.start + start, s.start + end)]
    )


def _linked(parsed: SpacyDoc, marker_at: int, event_at: int) -> bool:
    """Whether the future marker at ``marker_at`` governs the event word at ``event_at`` in the parse."""
    marker, event = token_at(parsed, marker_at), token_at(parsed, event_at)
    return marker is None or event is None or governs(marker, event)


def _in_title(doc: Doc, offset: int) -> bool:
    """Whether ``offset`` is inside a short quotation such as a programme title (ABC's 'This Week')."""
    quotation = doc.quotation_at(offset)
    return quotation is not None and quotation.words <= 3


def _inherently_future(when: str) -> bool:
    return bool(re.search(r"next|coming|following|tomorrow|later this|within|soon|shortly|matter of", when))


# Where a next step's clause begins and ends, and the words it should neither start nor end with.
_CLAUSE_EDGE_LEFT = ',;:"()'
_CLAUSE_EDGE_RIGHT = ',;:.")'
_CLAUSE_BREAK = re.compile(
    r" (?:and|but|which|who|while|after|amid|because|as|though|although|whereas|even as|even though|"
    r"before|unless|until|since|according to|despite|pending)\b"
)
_SPEECH_LEAD = re.compile(
    r"\b(?:said|says|told \w+|tells \w+|added|adds|announced|announces|warned|warns|stated|confirmed|"
    r"insisted|signalled|signaled|indicated|predicted|believes|expects|hopes|thinks)"
    r"(?:(?:\s+[\w’']+){1,4}?\s+that\s+|\s+(?:that\s+)?)"
)
_LEADING_WORDS = word_set("and but that so while as or then also which")
_TRAILING_WORDS = word_set(
    """of the a an to amid with on in for that by at from and or but its their his her our as into over
    about after before than this these those if while is are was were be been would will could"""
)
_CLAUSE_REACH = 10
"""Most words a next step's text reaches beyond its event, marker and time on either side."""


def event_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]`` that reads as an event: "she would meet the leaders next week".

    It begins after the clause's punctuation or a speech verb ("said that") and ends before the next
    punctuation or subordinate clause ("amid", "which", "but"), at most :data:`_CLAUSE_REACH` words either
    way, and neither begins nor ends on a function word ("... likely this week amid" loses "amid").
    """
    left, words = start, 0
    while left > 0 and text[left - 1] not in _CLAUSE_EDGE_LEFT:
        if text[left - 1] == " ":
            if left > 1 and text[left - 2] in ".!?":
                break  # a sentence inside a quotation ends there
            words += 1
            if words > _CLAUSE_REACH:
                break
        left -= 1
    leads = [lead.end() for lead in _SPEECH_LEAD.finditer(text, left, start)]
    if leads:
        left = leads[-1]
    right, words = end, 0
    while right < len(text) and text[right] not in _CLAUSE_EDGE_RIGHT:
        if text[right] == " ":
            if _CLAUSE_BREAK.match(text, right):
                break
            words += 1
            if words > _CLAUSE_REACH:
                break
        right += 1
    return _trim_words(text, left, right, start, end)


def _trim_words(text: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """``left:right`` without leading conjunctions and trailing function words outside ``start:end``."""
    while left < start:
        while left < start and not text[left].isalnum():
            left += 1
        word_end = left
        while word_end < len(text) and (text[word_end].isalnum() or text[word_end] in "'-"):
            word_end += 1
        if word_end > start or text[left:word_end] not in _LEADING_WORDS:
            break
        left = word_end
    while right > end:
        while right > end and not text[right - 1].isalnum():
            right -= 1
        word_start = right
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "'-"):
            word_start -= 1
        if word_start < end or text[word_start:right] not in _TRAILING_WORDS:
            break
        right = word_start
    return left, right
