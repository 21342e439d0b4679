"""What goes into a merge and what comes out: pieces with their article, and the merged summary."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schema import NegotiationSummary

__all__ = ["Conflict", "ConflictKind", "MergedSummary", "Origin", "Piece", "SourceRef", "ranked"]

ConflictKind = Literal["contradiction", "change"]


@dataclass(frozen=True)
class Piece:
    """One summary to merge, with the article its evidence points into and when that article appeared.

    ``article`` names the article (a file name, a URL, any key; ``""`` for "the one article"): pieces with
    the same key are parts of one article, so their sentence ids and spans can be compared. ``date`` (ISO,
    ``YYYY-MM-DD``) orders articles in time; ``order`` orders the pieces of one article (a chunk's number).
    """

    summary: NegotiationSummary
    article: str = ""
    date: str | None = None
    order: int = 0

    @cached_property
    def digest(self) -> str:
        """A hash of the summary's content: the last tie-break of the canonical order."""
        data = json.dumps(self.summary.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    @property
    def rank_key(self) -> tuple[str, str, int, str]:
        """Where the piece stands in the canonical order: date, article, order, content."""
        return (self.date or "", self.article, self.order, self.digest)


def ranked(pieces: list[Piece] | tuple[Piece, ...]) -> list[Piece]:
    """``pieces`` in the canonical order every merge uses, whatever order they came in."""
    return sorted(pieces, key=lambda piece: piece.rank_key)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(_Frozen):
    """One merged piece, in canonical order, with how its party and issue ids were renamed."""

    article: str
    date: str | None = None
    order: int = 0
    party_ids: dict[str, str] = {}
    issue_ids: dict[str, str] = {}


class Origin(_Frozen):
    """Where a merged item came from: a piece (index into ``sources``) and the item's index in its list."""

    source: int
    index: int


class Conflict(_Frozen):
    """Items that say different things about the same thing, all kept.

    ``items`` are indices into the merged summary's list ``list`` (one index when a party's or an issue's
    pieces disagree: they are merged all the same, as ids must stay unique; none for the outlook).
    ``fields`` are what differs (``stance``, ``status``, ``responses``, ...). ``kind`` is ``contradiction``
    when they are said at the same time (one article, or one date) and ``change`` when a later article says
    otherwise: a development of the talks rather than a disagreement.
    """

    list: str
    items: tuple[int, ...]
    fields: tuple[str, ...]
    kind: ConflictKind
    articles: tuple[str, ...]


class MergedSummary(BaseModel):
    """The merge of several summaries: one summary, and where each of its items and quotes came from.

    ``evidence`` maps the JSON path of every piece of evidence in ``summary`` (as
    :func:`~summarizer.schema.iter_evidence` names it) to the article it quotes; its sentence ids and spans
    are that article's. ``origins`` lists, per list name and merged item, the pieces it was made of: an
    origin's item is ``relabelled[origin.source].<list>[origin.index]``.
    """

    model_config = ConfigDict(extra="forbid")

    summary: NegotiationSummary
    sources: list[SourceRef]
    origins: dict[str, list[list[Origin]]]
    evidence: dict[str, str]
    conflicts: list[Conflict] = []
    relabelled: list[NegotiationSummary] = Field(default_factory=list, exclude=True, repr=False)
    """Each source's summary with its ids renamed as ``sources`` says, in the same order (not serialized):
    the copies the merge was made from, so a reader of ``origins`` need not rename them again."""

    @property
    def articles(self) -> list[str]:
        """The articles merged, in canonical order, each once."""
        return list(dict.fromkeys(source.article for source in self.sources))
