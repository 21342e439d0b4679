"""A negotiation over time: the timeline of positions, proposals, agreements and sticking points.

:func:`build_timeline` takes the summaries of a negotiation's articles with their dates
(:class:`DatedSummary`), merges them (:func:`summarizer.merge.merge`: one id per party and issue across
articles, the same proposal followed from article to article) and reads every merged item's history:

- **stances**: per issue, each party's stance in every article that gives one, with its quotes;
- **proposals**: each proposal's life: made, answered (each party's answer when it changes), accepted,
  rejected or withdrawn, or dropped when a later proposal on its issues is made while it is still open;
- **agreements**: each agreement's statuses (agreed in principle, signed, in force, collapsed);
- **sticking points**: the article that opened each one, the later mentions, and the one that reports it
  settled;
- **shifts**: every change of position, with the quotes before and after: stated (the article says so,
  from a position's ``shift``) or seen (the stance label changed between two dates);
- **contradictions**: items of articles of one date that disagree (from the merge's conflicts).

Every quote carries the article it is from; its sentence ids and spans are that article's.
"""

from ._build import DatedSummary, build_timeline
from ._model import (
    TIMELINE_FORMAT,
    TIMELINE_FORMAT_VERSION,
    AgreementLife,
    AgreementStep,
    Contradiction,
    Point,
    ProposalEvent,
    ProposalLife,
    Quote,
    Shift,
    StanceEntry,
    StanceHistory,
    StickingPointLife,
    Timeline,
    TimelineArticle,
    TimelineIssue,
    TimelineParty,
)

__all__ = [
    "TIMELINE_FORMAT",
    "TIMELINE_FORMAT_VERSION",
    "AgreementLife",
    "AgreementStep",
    "Contradiction",
    "DatedSummary",
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
    "build_timeline",
]
