"""Aligning the parties and issues of several summaries: which ids across pieces name the same one.

Pieces are taken in canonical order. Each piece's parties are paired one to one with the parties seen so far
(:func:`summarizer.align.assign` on :func:`~summarizer.align.party_score`: the same id, a shared name or
alias, a shared representative); an unpaired party starts a cluster of its own. Issues alike
(:func:`~summarizer.align.issue_score`; overlapping evidence counts only within one article). Two parties of
one piece never share a cluster. A cluster keeps the id of its first member, made unique with a suffix when
another cluster already has it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from summarizer.align import assign, issue_score, party_score
from summarizer.schema import Issue, Party

from ._model import Piece

__all__ = ["Cluster", "align_issues", "align_parties"]

Declared = TypeVar("Declared", Party, Issue)


@dataclass
class Cluster(Generic[Declared]):
    """Parties (or issues) of several pieces that are one: ``(piece, position in its list, item)``."""

    id: str
    members: list[tuple[int, int, Declared]] = field(default_factory=list)


def _align(
    pieces: Sequence[Piece],
    declared: Callable[[Piece], Sequence[Declared]],
    score: Callable[[Declared, Declared, bool], float],
) -> tuple[list[Cluster[Declared]], list[dict[str, str]]]:
    clusters: list[Cluster[Declared]] = []
    renames: list[dict[str, str]] = []
    for index, piece in enumerate(pieces):
        items = declared(piece)
        matrix = [
            [
                max(
                    score(member, item, pieces[at].article == piece.article)
                    for at, _, member in cluster.members
                )
                for cluster in clusters
            ]
            for item in items
        ]
        paired = dict(assign(matrix)) if clusters else {}
        rename: dict[str, str] = {}
        taken = {cluster.id for cluster in clusters}
        for row, item in enumerate(items):
            if row in paired:
                cluster = clusters[paired[row]]
            else:
                cluster = Cluster(_unique(item.id, taken))
                taken.add(cluster.id)
                clusters.append(cluster)
            cluster.members.append((index, row, item))
            rename[item.id] = cluster.id
        renames.append(rename)
    return clusters, renames


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def align_parties(pieces: Sequence[Piece]) -> tuple[list[Cluster[Party]], list[dict[str, str]]]:
    """The clusters of parties, and for each piece how its party ids are renamed."""
    return _align(pieces, lambda piece: piece.summary.parties, lambda a, b, _: party_score(a, b))


def align_issues(pieces: Sequence[Piece]) -> tuple[list[Cluster[Issue]], list[dict[str, str]]]:
    """The clusters of issues, and for each piece how its issue ids are renamed."""
    return _align(
        pieces,
        lambda piece: piece.summary.issues,
        lambda a, b, one_article: issue_score(a, b, same_article=one_article),
    )
