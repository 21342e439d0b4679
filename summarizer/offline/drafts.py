"""What the act rules collect before assembly: items, proposals, agreements and the issues acts name."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Acts", "AgreementDraft", "Item", "ProposalDraft", "Span"]

Span = tuple[int, int, int]
"""A piece of evidence: sentence id, start and end offsets in the article."""


@dataclass
class Item:
    """A party's act on an issue: kind, party, other party, issue and the sentence spans that show it."""

    kind: str
    party: str
    other: str | None
    issue: str
    spans: list[tuple[int, int, int]]
    text: str = ""
    responses: dict[str, tuple[str, Span]] = field(default_factory=dict)
    previous: str | None = None
    """For a position: the stance held before, where the article says it changed."""


@dataclass
class AgreementDraft:
    """A deal the parties say they reached: parties, issues, terms, status and evidence."""

    parties: list[str]
    issues: list[str]
    terms: str
    status: str
    spans: list[Span]
    sides_pending: bool = False
    """Whether "both sides" still has to be resolved to parties (once the whole article is read)."""


@dataclass
class ProposalDraft:
    """A proposal with its proposer, issue, terms and the responses to it."""

    proposer: str
    issue: str
    terms: str
    spans: list[tuple[int, int, int]]
    responses: dict[str, tuple[str, tuple[int, int, int]]] = field(default_factory=dict)
    withdrawn: bool = False


@dataclass
class Acts:
    """Everything the parties did, ready for assembly."""

    proposals: list[ProposalDraft] = field(default_factory=list)
    demands: list[Item] = field(default_factory=list)
    concessions: list[Item] = field(default_factory=list)
    positions: list[Item] = field(default_factory=list)
    sticking_points: list[Item] = field(default_factory=list)
    agreements: list[AgreementDraft] = field(default_factory=list)
    phrase_issues: dict[str, tuple[str, Span]] = field(default_factory=dict)
    """Issues named by an act's object where no dictionary issue fits: id -> (label, evidence span)."""
    count: int = 0
