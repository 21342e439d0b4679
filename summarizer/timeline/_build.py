"""Building a timeline from dated summaries: merge them, then read every merged item's history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.merge import Conflict, MergedSummary, Piece, merge
from summarizer.schema import Evidence, NegotiationSummary, slugify

from ._model import (
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

__all__ = ["DatedSummary", "build_timeline"]

_SETTLED = ("accepted", "rejected", "withdrawn")


@dataclass(frozen=True)
class DatedSummary:
    """One article's summary, its key (a file name) and its publication date (``YYYY-MM-DD``)."""

    summary: NegotiationSummary
    article: str
    date: str
    headline: str | None = None
    source: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class _Seen:
    """One origin of a merged item: the article, its date, and the item as that article has it."""

    article: str
    date: str
    rank: int
    position: int
    item: Any


def build_timeline(summaries: Iterable[DatedSummary], *, title: str | None = None) -> Timeline:
    """The timeline of a negotiation from its articles' summaries (in any order; dates order them).

    The summaries are merged (:func:`summarizer.merge.merge`, one piece per article), so parties and issues
    carry one id across articles and the same proposal, agreement or sticking point is followed from article
    to article; each article's own item (its stance, status, answers) gives that date's entry.
    """
    dated = list(summaries)
    if not dated:
        raise ValueError("a timeline needs at least one summary")
    keys = [one.article for one in dated]
    if len(set(keys)) < len(keys):
        raise ValueError("two summaries name the same article")
    merged = merge(Piece(one.summary, article=one.article, date=one.date) for one in dated)
    by_key = {one.article: one for one in dated}
    return _Builder(merged, by_key).build(title)


class _Builder:
    def __init__(self, merged: MergedSummary, by_key: dict[str, DatedSummary]) -> None:
        self.merged = merged
        self.summary = merged.summary
        self.sources = merged.sources
        self.by_key = by_key
        # The merge's own renamed copies, in its canonical order: sorted and copied once, by the merge.
        self.local = merged.relabelled

    def build(self, title: str | None) -> Timeline:
        articles = [self.article(key) for key in self.merged.articles]
        stances, shifts = self.stances_and_shifts()
        return Timeline(
            title=title or (articles[-1].headline if articles else self.summary.headline),
            articles=articles,
            parties=[
                TimelineParty(id=p.id, name=p.name, role=p.role, aliases=p.aliases)
                for p in self.summary.parties
            ],
            issues=[TimelineIssue(id=i.id, label=i.label) for i in self.summary.issues],
            stances=stances,
            proposals=self.proposals(),
            agreements=self.agreements(),
            sticking_points=self.sticking_points(),
            shifts=shifts,
            contradictions=[
                self.contradiction(c) for c in self.merged.conflicts if c.kind == "contradiction"
            ],
        )

    def article(self, key: str) -> TimelineArticle:
        dated = self.by_key[key]
        return TimelineArticle(
            article=key,
            date=dated.date,
            headline=dated.headline or dated.summary.headline,
            source=dated.source,
            sha256=dated.sha256,
        )

    def contradiction(self, conflict: Conflict) -> Contradiction:
        """A conflict of one date, with the values the articles gave for what differs."""
        if conflict.list == "outlook":
            items: list[Any] = [s.outlook for s in self.local if s.outlook is not None]
        else:
            items = [one.item for one in self.seen(conflict.list, conflict.items)]
        values = {
            field: list(dict.fromkeys(_value(getattr(item, field)) for item in items))
            for field in conflict.fields
        }
        return Contradiction(
            section=conflict.list,
            fields=list(conflict.fields),
            values=values,
            articles=list(conflict.articles),
        )

    # --- reading origins ---------------------------------------------------------------------------------
    def seen(self, name: str, indices: Iterable[int]) -> list[_Seen]:
        """Every origin of the merged items ``indices`` of list ``name``, in date order."""
        found = []
        for index in indices:
            for origin in self.merged.origins[name][index]:
                source = self.sources[origin.source]
                item = getattr(self.local[origin.source], name)[origin.index]
                found.append(_Seen(source.article, source.date or "", origin.source, origin.index, item))
        return sorted(found, key=lambda seen: (seen.date, seen.rank, seen.position))

    def threads(self, name: str) -> list[list[int]]:
        """Merged items of list ``name`` that are one thing over time (joined by a conflict), in order."""
        count = len(getattr(self.summary, name))
        parent = list(range(count))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for conflict in self.merged.conflicts:
            if conflict.list == name and len(conflict.items) == 2:
                a, b = (root(i) for i in conflict.items)
                parent[max(a, b)] = min(a, b)
        groups: dict[int, list[int]] = {}
        for index in range(count):
            groups.setdefault(root(index), []).append(index)
        return sorted(groups.values(), key=lambda members: _when(self.seen(name, members)[0]))

    # --- the sections --------------------------------------------------------------------------------------
    def histories(self) -> list[tuple[str, str, list[_Seen]]]:
        """Every (issue, party) with the positions the articles give it, in date order."""
        found: dict[tuple[str, str], list[_Seen]] = {}
        for index, position in enumerate(self.summary.positions):
            found.setdefault((position.issue, position.party), []).extend(self.seen("positions", [index]))
        issue_order = {issue.id: i for i, issue in enumerate(self.summary.issues)}
        party_order = {party.id: i for i, party in enumerate(self.summary.parties)}
        ordered = sorted(found, key=lambda key: (issue_order.get(key[0], 0), party_order.get(key[1], 0)))
        return [(issue, party, sorted(found[issue, party], key=_when)) for issue, party in ordered]

    def stance(self, seen: _Seen) -> StanceEntry:
        """One article's stance entry."""
        item = seen.item
        return StanceEntry(
            article=seen.article,
            date=seen.date,
            stance=item.stance,
            summary=item.summary,
            evidence=_quotes(seen.article, item.evidence),
        )

    def stances_and_shifts(self) -> tuple[list[StanceHistory], list[Shift]]:
        """Each party's stance history per issue, and every change of position in them.

        A change is stated when the article says the position changed (the position's ``shift``), unless
        an earlier article already stated a change of that party on that issue from the same stance: then
        it is that change told again (its words go to ``retold``). Otherwise a change is seen when the
        stance label differs from the one an earlier article gave.
        """
        stances: list[StanceHistory] = []
        shifts: list[Shift] = []
        for issue, party, seen in self.histories():
            entries = [self.stance(one) for one in seen]
            stances.append(StanceHistory(issue=issue, party=party, history=entries))
            stated: dict[str, Shift] = {}  # previous stance -> the change first stated from it
            for at, (one, entry) in enumerate(zip(seen, entries, strict=True)):
                previous = entries[at - 1] if at else None
                said = one.item.shift
                if said is not None and said.previous_stance in stated:
                    stated[said.previous_stance].retold.extend(_quotes(one.article, said.evidence))
                elif said is not None:
                    signal = _quotes(one.article, said.evidence)
                    before = previous or StanceEntry(
                        article=one.article,
                        date=one.date,
                        stance=said.previous_stance,
                        summary="",
                        evidence=signal,
                    )
                    shift = Shift(
                        party=party, issue=issue, stated=True, signal=signal, before=before, after=entry
                    )
                    stated[said.previous_stance] = shift
                    shifts.append(shift)
                    continue
                if previous is not None and previous.stance != entry.stance and previous.date != entry.date:
                    shifts.append(
                        Shift(party=party, issue=issue, stated=False, signal=[], before=previous, after=entry)
                    )
        shifts.sort(key=lambda shift: (shift.after.date, shift.after.article))
        return stances, shifts

    def proposals(self) -> list[ProposalLife]:
        lives = [self.proposal(thread) for thread in self.threads("proposals")]
        _unique_ids(lives)
        for life in lives:
            self.mark_dropped(life, lives)
        return lives

    def proposal(self, thread: list[int]) -> ProposalLife:
        seen = self.seen("proposals", thread)
        first = seen[0].item
        events: list[ProposalEvent] = []
        answers: dict[str, set[str]] = {}  # each party's answers in the last article that gave any
        status: str | None = None
        for one in seen:
            item = one.item
            where = {"article": one.article, "date": one.date}
            if status is None:
                events.append(
                    ProposalEvent(
                        **where,
                        event="made",
                        status=item.status,
                        evidence=_quotes(one.article, item.evidence),
                    )
                )
            given: dict[str, set[str]] = {}
            for response in item.responses:
                given.setdefault(response.party, set()).add(response.response)
                if response.response not in answers.get(response.party, set()):
                    events.append(
                        ProposalEvent(
                            **where,
                            event="answered",
                            status=item.status,
                            party=response.party,
                            response=response.response,
                            evidence=_quotes(one.article, response.evidence),
                        )
                    )
            answers.update(given)
            if status is not None and item.status != status:
                kind = item.status if item.status in _SETTLED else "status"
                events.append(
                    ProposalEvent(
                        **where, event=kind, status=item.status, evidence=_quotes(one.article, item.evidence)
                    )
                )
            status = item.status
        return ProposalLife(
            id=_slug(*first.proposers, *first.issues, seen[0].date),
            proposers=list(first.proposers),
            issues=list(first.issues),
            terms=first.terms,
            events=events,
            final_status=seen[-1].item.status,
        )

    def mark_dropped(self, life: ProposalLife, lives: list[ProposalLife]) -> None:
        """A proposal still open when last reported is dropped once a later one on its issues is made.

        The replacement is the first made after it, among those the one sharing most of its issues.
        """
        if life.final_status not in ("pending", "mixed"):
            return
        last = life.events[-1].date
        later = [
            other
            for other in lives
            if other is not life and other.events[0].date > last and set(other.issues) & set(life.issues)
        ]
        if not later:
            return
        replacement = min(
            later,
            key=lambda other: (
                other.events[0].date,
                -len(set(other.issues) & set(life.issues)),
                other.events[0].article,
            ),
        )
        made = replacement.events[0]
        life.events.append(
            ProposalEvent(
                article=made.article, date=made.date, event="dropped", status="dropped", by=replacement.id
            )
        )
        life.final_status = "dropped"

    def agreements(self) -> list[AgreementLife]:
        lives = []
        for thread in self.threads("agreements"):
            seen = self.seen("agreements", thread)
            history: list[AgreementStep] = []
            for one in seen:
                if not history or history[-1].status != one.item.status:
                    history.append(
                        AgreementStep(
                            article=one.article,
                            date=one.date,
                            status=one.item.status,
                            evidence=_quotes(one.article, one.item.evidence),
                        )
                    )
            first = seen[0].item
            lives.append(
                AgreementLife(
                    id=_slug(*first.parties, "agreement", seen[0].date),
                    parties=list(first.parties),
                    issues=list(first.issues),
                    terms=first.terms,
                    history=history,
                    final_status=history[-1].status,
                )
            )
        _unique_ids(lives)
        return lives

    def sticking_points(self) -> list[StickingPointLife]:
        lives = []
        for thread in self.threads("sticking_points"):
            seen = self.seen("sticking_points", thread)
            opened: Point | None = None
            mentions: list[Point] = []
            resolved: Point | None = None
            parties: list[str] = []
            for one in seen:
                point = Point(
                    article=one.article,
                    date=one.date,
                    why=one.item.why,
                    evidence=_quotes(one.article, one.item.evidence),
                )
                parties += [p for p in one.item.parties if p not in parties]
                if one.item.resolved:
                    resolved = resolved or point
                elif opened is None:
                    opened = point
                else:
                    mentions.append(point)
                    resolved = None  # reported open again after a settlement
            lives.append(
                StickingPointLife(
                    issue=seen[0].item.issue,
                    parties=parties,
                    opened=opened,
                    mentions=mentions,
                    resolved=resolved,
                )
            )
        return lives


def _when(seen: _Seen) -> tuple[str, int, int]:
    return (seen.date, seen.rank, seen.position)


def _value(value: Any) -> str:
    """A state value as text: a stance, a status, a party's answers, a shift's earlier stance."""
    if isinstance(value, list):
        return ", ".join(f"{r.party} {r.response}" for r in value)
    if hasattr(value, "previous_stance"):
        return f"was {value.previous_stance}"
    return str(value)


def _quotes(article: str, evidence: Iterable[Evidence]) -> list[Quote]:
    return [Quote(article=article, **piece.model_dump()) for piece in evidence]


def _slug(*parts: str) -> str:
    return str(slugify("-".join(parts)))


def _unique_ids(lives: Sequence[ProposalLife | AgreementLife]) -> None:
    seen: dict[str, int] = {}
    for life in lives:
        count = seen.get(life.id, 0) + 1
        seen[life.id] = count
        if count > 1:
            life.id = f"{life.id}-{count}"
