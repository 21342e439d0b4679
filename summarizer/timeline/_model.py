"""The timeline of a negotiation told over several dated articles, as plain data (pydantic, JSON-able)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.schema import AgreementStatus, MatchKind, PartyRole, ProposalStatus, ResponseKind, Stance

__all__ = [
    "TIMELINE_FORMAT",
    "TIMELINE_FORMAT_VERSION",
    "AgreementLife",
    "AgreementStep",
    "Contradiction",
    "Point",
    "ProposalEvent",
    "ProposalLife",
    "Quote",
    "Shift",
    "StanceEntry",
    "StanceHistory",
    "StickingPointLife",
    "Timeline",
    "TimelineArticle",
    "TimelineIssue",
    "TimelineParty",
]

TIMELINE_FORMAT: Literal["summarizer-timeline"] = "summarizer-timeline"
"""What a timeline's JSON says it is."""
TIMELINE_FORMAT_VERSION = 1
"""Bumped when the timeline's layout changes."""

ProposalEventKind = Literal["made", "answered", "accepted", "rejected", "withdrawn", "status", "dropped"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(_Data):
    """A piece of evidence and the article it quotes (sentence ids and spans are that article's)."""

    article: str
    sentence_ids: list[int]
    quote: str
    start: int | None = None
    end: int | None = None
    match: MatchKind | None = None


class TimelineArticle(_Data):
    """One article of the track: its key (file name), publication date, headline and where it was read."""

    article: str
    date: str
    headline: str
    source: str | None = None
    sha256: str | None = None


class TimelineParty(_Data):
    """A party under its merged id."""

    id: str
    name: str
    role: PartyRole
    aliases: list[str] = []


class TimelineIssue(_Data):
    """An issue under its merged id."""

    id: str
    label: str


class StanceEntry(_Data):
    """What one article says a party holds on an issue."""

    article: str
    date: str
    stance: Stance
    summary: str
    evidence: list[Quote]


class StanceHistory(_Data):
    """A party's stance on an issue over time, in date order."""

    issue: str
    party: str
    history: list[StanceEntry]


class ProposalEvent(_Data):
    """A step in a proposal's life; ``status`` is the proposal's status after it."""

    article: str
    date: str
    event: ProposalEventKind
    status: ProposalStatus | Literal["dropped"]
    party: str | None = None
    response: ResponseKind | None = None
    by: str | None = None
    """For ``dropped``: the proposal that was made on its issues after it was last mentioned."""
    evidence: list[Quote] = []


class ProposalLife(_Data):
    """A proposal from the article that first reports it to the last: made, answered, accepted or dropped."""

    id: str
    proposers: list[str]
    issues: list[str]
    terms: str
    events: list[ProposalEvent]
    final_status: ProposalStatus | Literal["dropped"]


class AgreementStep(_Data):
    """An agreement's status as one article reports it."""

    article: str
    date: str
    status: AgreementStatus
    evidence: list[Quote]


class AgreementLife(_Data):
    """An agreement's statuses over time (agreed in principle, signed, in force, collapsed)."""

    id: str
    parties: list[str]
    issues: list[str]
    terms: str
    history: list[AgreementStep]
    final_status: AgreementStatus


class Point(_Data):
    """A sticking point as one article reports it: why it keeps the parties apart, or how it was settled."""

    article: str
    date: str
    why: str
    evidence: list[Quote]


class StickingPointLife(_Data):
    """The sticking point on one issue: the article that opened it, later mentions, and its resolution."""

    issue: str
    parties: list[str]
    opened: Point | None
    mentions: list[Point]
    resolved: Point | None


class Shift(_Data):
    """A change of a party's position on an issue, with the words before and after.

    ``stated``: the article says the position changed (``signal`` holds those words, from the position's
    ``shift``); otherwise the stance label changed from one article to a later one without a word about it.
    ``before`` is the party's previous stance entry on the issue (or, when there is none, the stance the
    article says it held before, with the signal as its evidence). ``retold`` holds the words of later
    articles that tell the same change again (a shift from the same earlier stance): a recap, not a new one.
    """

    party: str
    issue: str
    stated: bool
    signal: list[Quote]
    before: StanceEntry
    after: StanceEntry
    retold: list[Quote] = []


class Contradiction(_Data):
    """Articles of one date that say different things about the same thing: the summary list (``section``)
    it is in, what differs, the values each gave, and the articles."""

    section: str
    fields: list[str]
    values: dict[str, list[str]]
    articles: list[str]


class Timeline(_Data):
    """Per issue each party's stance over time, the lives of proposals and agreements, sticking points opened
    and resolved, every change of position, and the contradictions between articles of one date."""

    format: Literal["summarizer-timeline"] = TIMELINE_FORMAT
    format_version: int = TIMELINE_FORMAT_VERSION
    title: str
    articles: list[TimelineArticle]
    parties: list[TimelineParty]
    issues: list[TimelineIssue]
    stances: list[StanceHistory]
    proposals: list[ProposalLife]
    agreements: list[AgreementLife]
    sticking_points: list[StickingPointLife]
    shifts: list[Shift]
    contradictions: list[Contradiction] = []
