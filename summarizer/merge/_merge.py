"""The merge itself: pieces in canonical order, ids aligned, items grouped, groups united."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from pydantic import BaseModel

from summarizer.schema import (
    ITEM_LISTS,
    Evidence,
    Issue,
    NegotiationSummary,
    Outlook,
    Party,
    Representative,
    Response,
    iter_evidence,
)

from ._align import Cluster, align_issues, align_parties
from ._model import Conflict, MergedSummary, Origin, Piece, SourceRef, ranked
from ._rules import RULES, Rule, same_person

__all__ = ["merge", "relabel"]

ABSTRACT_LIMIT = 1200
"""The schema's limit on an abstract's length; abstracts of the pieces are joined up to it."""


def merge(summaries: Iterable[NegotiationSummary | Piece]) -> MergedSummary:
    """Merge summaries into one; the same inputs in any order give the same result.

    A bare :class:`NegotiationSummary` is a piece of "the one article" (``Piece(summary)``). Parties and
    issues are aligned across pieces and renamed to one id each; items that say the same thing are united
    with the union of their evidence; items about the same thing that disagree are all kept and listed in
    ``conflicts``. Nothing is dropped: every item of every piece is in exactly one merged item.
    """
    pieces = ranked([one if isinstance(one, Piece) else Piece(one) for one in summaries])
    if not pieces:
        raise ValueError("merge needs at least one summary")
    return _Merger(pieces).run()


def relabel(
    summary: NegotiationSummary, party_ids: dict[str, str], issue_ids: dict[str, str]
) -> NegotiationSummary:
    """A copy of ``summary`` with its party and issue ids renamed (ids not in a map stay as they are)."""
    data = summary.model_copy(deep=True)
    names = {"party": party_ids, "issue": issue_ids}
    for party in data.parties:
        party.id = party_ids.get(party.id, party.id)
    for issue in data.issues:
        issue.id = issue_ids.get(issue.id, issue.id)
    for entry in ITEM_LISTS[2:]:
        for item in getattr(data, entry.name):
            for path, kind in entry.refs:
                head, _, tail = path.partition("[].")
                if tail:
                    for child in getattr(item, head):
                        setattr(child, tail, _renamed(getattr(child, tail), names[kind]))
                else:
                    setattr(item, head, _renamed(getattr(item, head), names[kind]))
    return data


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [names.get(one, one) for one in value]
    return None if value is None else names.get(value, value)


@dataclass
class _Group:
    """Items of one list that are one thing: ``(piece, position in its list, item)``, the first the model."""

    key: tuple[Any, ...]
    members: list[tuple[int, int, Any]] = field(default_factory=list)

    @property
    def first(self) -> Any:
        """The item whose wording the merged item keeps."""
        return self.members[0][2]


class _Merger:
    """One merge: the ranked pieces, renamed, and every piece of evidence copied with its article."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self.party_clusters, party_ids = align_parties(pieces)
        self.issue_clusters, issue_ids = align_issues(pieces)
        self.sources = [
            SourceRef(
                article=piece.article,
                date=piece.date,
                order=piece.order,
                party_ids=party_ids[index],
                issue_ids=issue_ids[index],
            )
            for index, piece in enumerate(pieces)
        ]
        self.summaries = [
            relabel(piece.summary, party_ids[index], issue_ids[index]) for index, piece in enumerate(pieces)
        ]
        self.article_of: dict[int, str] = {}  # id() of every evidence copy -> its article
        self.conflicts: list[Conflict] = []
        self.origins: dict[str, list[list[Origin]]] = {}

    def run(self) -> MergedSummary:
        lists: dict[str, list[Any]] = {
            "parties": [self.party(i, cluster) for i, cluster in enumerate(self.party_clusters)],
            "issues": [self.issue(cluster) for cluster in self.issue_clusters],
        }
        self.origins["parties"] = [self.origin(c.members) for c in self.party_clusters]
        self.origins["issues"] = [self.origin(c.members) for c in self.issue_clusters]
        for entry in ITEM_LISTS[2:]:
            groups = self.group(entry.name, RULES[entry.name])
            lists[entry.name] = [self.unite(entry.name, group) for group in groups]
            self.origins[entry.name] = [self.origin(group.members) for group in groups]
        first = self.summaries[0]
        summary = NegotiationSummary(
            headline=first.headline,
            abstract=self.abstract(),
            is_negotiation=any(one.is_negotiation for one in self.summaries),
            outlook=self.outlook(),
            **lists,
        )
        evidence = {path: self.article_of[id(piece)] for path, piece in iter_evidence(summary)}
        return MergedSummary(
            summary=summary,
            sources=self.sources,
            origins=self.origins,
            evidence=evidence,
            conflicts=self.conflicts,
            relabelled=self.summaries,
        )

    # --- evidence --------------------------------------------------------------------------------------
    def evidence(self, members: Iterable[tuple[int, Sequence[Evidence]]]) -> list[Evidence]:
        """The union of several pieces' evidence, each quote once, copied and tagged with its article."""
        seen: set[tuple[Any, ...]] = set()
        united: list[Evidence] = []
        for index, evidence in members:
            article = self.pieces[index].article
            for piece in evidence:
                key = (article, tuple(piece.sentence_ids), piece.start, piece.end, piece.quote)
                if key in seen:
                    continue
                seen.add(key)
                copy = piece.model_copy()
                self.article_of[id(copy)] = article
                united.append(copy)
        return united

    def origin(self, members: Iterable[tuple[int, int, Any]]) -> list[Origin]:
        """Where a merged item's members came from."""
        return [Origin(source=index, index=position) for index, position, _ in members]

    # --- parties and issues ------------------------------------------------------------------------------
    def party(self, position: int, cluster: Cluster[Party]) -> Party:
        """One party from a cluster: the first member's id, name, kind and role; all names and people."""
        first = cluster.members[0][2]
        names = [first.name]
        for _, _, member in cluster.members:
            names += [member.name, *member.aliases]
        aliases = _distinct(names)[1:]
        people: list[list[tuple[int, Representative]]] = []
        for index, _, member in cluster.members:
            for person in member.representatives:
                match = next((p for p in people if same_person(p[0][1].name, person.name)), None)
                if match is None:
                    people.append([(index, person)])
                else:
                    match.append((index, person))
        representatives = [
            Representative(
                name=group[0][1].name,
                title=next((p.title for _, p in group if p.title), None),
                evidence=self.evidence((index, p.evidence) for index, p in group),
            )
            for group in people
        ]
        differ = tuple(
            name
            for name in ("kind", "role")
            if len({getattr(member, name) for _, _, member in cluster.members}) > 1
        )
        if differ:
            self.conflict("parties", (position,), differ, [cluster.members])
        return Party(
            id=cluster.id,
            name=first.name,
            kind=first.kind,
            role=first.role,
            aliases=aliases,
            representatives=representatives,
            evidence=self.evidence((index, member.evidence) for index, _, member in cluster.members),
        )

    def issue(self, cluster: Cluster[Issue]) -> Issue:
        """One issue from a cluster: the first member's id and label, everyone's evidence."""
        first = cluster.members[0][2]
        return Issue(
            id=cluster.id,
            label=first.label,
            evidence=self.evidence((index, member.evidence) for index, _, member in cluster.members),
        )

    # --- the other lists ---------------------------------------------------------------------------------
    def group(self, name: str, rule: Rule) -> list[_Group]:
        """The items of list ``name`` of every piece, grouped; conflicts between groups recorded."""
        groups: list[_Group] = []
        for index, summary in enumerate(self.summaries):
            for position, item in enumerate(getattr(summary, name)):
                key = rule.key(item)
                target = next(
                    (
                        group
                        for group in groups
                        if group.key == key
                        and self.same(rule, group, index, item)
                        and not rule.disagreement(group.first, item)
                    ),
                    None,
                )
                if target is None:
                    target = _Group(key)
                    groups.append(target)
                target.members.append((index, position, item))
        for (i, a), (j, b) in combinations(enumerate(groups), 2):
            if a.key != b.key or not self.same(rule, a, b.members[0][0], b.first):
                continue
            differ = rule.disagreement(a.first, b.first)
            if differ:
                self.conflict(
                    name, (i, j), differ, [a.members, b.members], _explained(name, a.first, b.first)
                )
        return groups

    def same(self, rule: Rule, group: _Group, index: int, item: BaseModel) -> bool:
        """Whether ``item`` of piece ``index`` says the same thing as ``group``'s first item."""
        first, this = self.pieces[group.members[0][0]], self.pieces[index]
        later = (this.date or "") > (first.date or "")
        return rule.same(group.first, item, one_article=first.article == this.article, later=later)

    def conflict(
        self,
        name: str,
        items: tuple[int, ...],
        fields: tuple[str, ...],
        sides: list[list[tuple[int, int, Any]]],
        explained: bool = False,
    ) -> None:
        """Record a conflict; a contradiction when two sides share a date, else a change over time."""
        dates = [{self.pieces[index].date for index, _, _ in side} for side in sides]
        # One side (a party's kind or role) disagrees with itself: a contradiction only within one date.
        shared = len(dates[0]) == 1 if len(sides) == 1 else any(a & b for a, b in combinations(dates, 2))
        articles = sorted({self.pieces[index].article for side in sides for index, _, _ in side})
        self.conflicts.append(
            Conflict(
                list=name,
                items=items,
                fields=fields,
                kind="contradiction" if shared and not explained else "change",
                articles=tuple(articles),
            )
        )

    def unite(self, name: str, group: _Group) -> BaseModel:
        """One item from a group: the first member's wording and state, everyone's evidence."""
        members = group.members
        item: Any = group.first.model_copy(deep=True)
        item.evidence = self.evidence((index, member.evidence) for index, _, member in members)
        if hasattr(item, "responses"):
            item.responses = self.responses(members)
        if name == "positions":
            shifted = [(index, member.shift) for index, _, member in members if member.shift is not None]
            if shifted:
                item.shift = shifted[0][1].model_copy()
                item.shift.evidence = self.evidence((index, shift.evidence) for index, shift in shifted)
        if name == "sticking_points":
            item.parties = _distinct(p for _, _, member in members for p in member.parties)
        return item  # type: ignore[no-any-return]

    def responses(self, members: Sequence[tuple[int, int, Any]]) -> list[Response]:
        """Each party's answers, each once, in order of appearance, with all the evidence for them."""
        by_answer: dict[tuple[str, str], list[tuple[int, Response]]] = {}
        for index, _, member in members:
            for response in member.responses:
                by_answer.setdefault((response.party, response.response), []).append((index, response))
        return [
            Response(
                party=party,
                response=kind,
                evidence=self.evidence((index, answer.evidence) for index, answer in answers),
            )
            for (party, kind), answers in by_answer.items()
        ]

    # --- what each summary has once ------------------------------------------------------------------------
    def abstract(self) -> str:
        """The pieces' distinct abstracts, in order, as many as fit in the schema's limit."""
        abstracts = _distinct(summary.abstract for summary in self.summaries)
        joined = abstracts[0]
        for more in abstracts[1:]:
            if len(joined) + 1 + len(more) > ABSTRACT_LIMIT:
                break
            joined = f"{joined} {more}"
        return joined

    def outlook(self) -> Outlook | None:
        """The latest piece's outlook, with the evidence of every piece that sees the talks alike."""
        outlooks = [(index, s.outlook) for index, s in enumerate(self.summaries) if s.outlook is not None]
        if not outlooks:
            return None
        latest = outlooks[-1][1]
        alike = [(index, outlook) for index, outlook in outlooks if outlook.tone == latest.tone]
        first = alike[0][1]
        tones = _distinct(outlook.tone for _, outlook in outlooks)
        if len(tones) > 1:
            sides = [[(i, 0, o) for i, o in outlooks if o.tone == tone] for tone in tones]
            self.conflict("outlook", (), ("tone",), sides)
        return Outlook(
            tone=first.tone,
            summary=first.summary,
            evidence=self.evidence((index, outlook.evidence) for index, outlook in alike),
        )


def _explained(name: str, a: Any, b: Any) -> bool:
    """Two positions whose stances differ because one of them reports the shift from the other."""
    if name != "positions":
        return False
    return (b.shift is not None and b.shift.previous_stance == a.stance) or (
        a.shift is not None and a.shift.previous_stance == b.stance
    )


def _distinct(values: Iterable[str]) -> list[str]:
    """Values in order of appearance, each once (names compared as they are written)."""
    return list(dict.fromkeys(values))
