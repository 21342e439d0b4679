"""A timeline as a Markdown brief: stances per issue as a grid of parties by dates, then every change."""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.timeline import Point, Quote, StanceEntry, Timeline

__all__ = ["render_timeline_markdown"]


def _cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, line breaks flattened."""
    return " ".join(text.replace("|", "\\|").split())


def _quotes(quotes: Iterable[Quote], limit: int = 2) -> str:
    shown = [f"“{_cell(q.quote)}”" for q in list(quotes)[:limit]]
    return " ".join(shown)


class _Brief:
    def __init__(self, timeline: Timeline) -> None:
        self.t = timeline
        self.parties = {p.id: p.name for p in timeline.parties}
        self.issues = {i.id: i.label for i in timeline.issues}
        self.dates = {a.article: a.date for a in timeline.articles}

    def party(self, party_id: str) -> str:
        return self.parties.get(party_id, party_id)

    def names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.party(one) for one in ids)

    def issue(self, issue_id: str) -> str:
        return self.issues.get(issue_id, issue_id)

    def render(self) -> str:
        t = self.t
        out = [f"# {_cell(t.title)}", ""]
        first, last = t.articles[0].date, t.articles[-1].date
        out += [f"{len(t.articles)} articles from {first} to {last}.", ""]
        out += ["| date | article | headline |", "|---|---|---|"]
        out += [f"| {a.date} | {_cell(a.article)} | {_cell(a.headline)} |" for a in t.articles]
        out += [""]
        out += self.stances()
        out += self.shifts()
        out += self.proposals()
        out += self.agreements()
        out += self.sticking_points()
        out += self.contradictions()
        return "\n".join(out).rstrip() + "\n"

    def stances(self) -> list[str]:
        if not self.t.stances:
            return []
        out = ["## Stances over time", ""]
        shifted = {(s.party, s.issue, s.after.article) for s in self.t.shifts if s.stated}
        for issue in self.t.issues:
            histories = [h for h in self.t.stances if h.issue == issue.id]
            if not histories:
                continue
            dates = sorted({entry.date for h in histories for entry in h.history})
            out += [f"### {_cell(issue.label)}", ""]
            out += ["| party | " + " | ".join(dates) + " |", "|---|" + "---|" * len(dates)]
            for history in histories:
                cells = []
                for date in dates:
                    entries = [e for e in history.history if e.date == date]
                    marks = [
                        e.stance + (" ↺" if (history.party, issue.id, e.article) in shifted else "")
                        for e in entries
                    ]
                    cells.append(", ".join(marks) or "·")
                out.append(f"| {_cell(self.party(history.party))} | " + " | ".join(cells) + " |")
            out.append("")
        out += ["↺: the article says the position changed. ·: the article gives no stance.", ""]
        return out

    def entry(self, label: str, entry: StanceEntry) -> str:
        return f"  - {label} ({entry.date}, {entry.stance}): {_quotes(entry.evidence)}"

    def shifts(self) -> list[str]:
        if not self.t.shifts:
            return []
        out = ["## Changes of position", ""]
        for shift in self.t.shifts:
            how = (
                f"says {_quotes(shift.signal, 1)}" if shift.stated else "the stance changed between articles"
            )
            out.append(
                f"- **{_cell(self.party(shift.party))}** on {_cell(self.issue(shift.issue))}: "
                f"{shift.before.stance} → {shift.after.stance} ({shift.after.date}; {how})"
            )
            out.append(self.entry("before", shift.before))
            out.append(self.entry("after", shift.after))
        return [*out, ""]

    def proposals(self) -> list[str]:
        if not self.t.proposals:
            return []
        out = ["## Proposals", ""]
        for life in self.t.proposals:
            issues = ", ".join(self.issue(i) for i in life.issues)
            out.append(
                f"- **{_cell(self.names(life.proposers))}** on {_cell(issues)}: {_cell(life.terms)} "
                f"— **{life.final_status}**"
            )
            for event in life.events:
                who = f" {self.party(event.party)} {event.response}" if event.party else ""
                by = f" (by {event.by})" if event.by else ""
                quotes = f": {_quotes(event.evidence, 1)}" if event.evidence else ""
                out.append(f"  - {event.date} {event.event}{who}{by} → {event.status}{quotes}")
        return [*out, ""]

    def agreements(self) -> list[str]:
        if not self.t.agreements:
            return []
        out = ["## Agreements", ""]
        for life in self.t.agreements:
            out.append(
                f"- **{_cell(self.names(life.parties))}**: {_cell(life.terms)} — **{life.final_status}**"
            )
            out += [f"  - {step.date} {step.status}: {_quotes(step.evidence, 1)}" for step in life.history]
        return [*out, ""]

    def point(self, label: str, point: Point) -> str:
        return f"  - {label} {point.date}: {_cell(point.why)} {_quotes(point.evidence, 1)}"

    def sticking_points(self) -> list[str]:
        if not self.t.sticking_points:
            return []
        out = ["## Sticking points", ""]
        for life in self.t.sticking_points:
            state = f"resolved {life.resolved.date}" if life.resolved else "open"
            out.append(f"- **{_cell(self.issue(life.issue))}** ({_cell(self.names(life.parties))}): {state}")
            if life.opened:
                out.append(self.point("opened", life.opened))
            out += [self.point("still open", point) for point in life.mentions]
            if life.resolved:
                out.append(self.point("resolved", life.resolved))
        return [*out, ""]

    def contradictions(self) -> list[str]:
        if not self.t.contradictions:
            return []
        out = ["## Contradictions between articles of one date", ""]
        for conflict in self.t.contradictions:
            differ = "; ".join(f"{field}: {' / '.join(values)}" for field, values in conflict.values.items())
            out.append(f"- {conflict.section}: {_cell(differ)} ({', '.join(conflict.articles)})")
        return [*out, ""]


def render_timeline_markdown(timeline: Timeline) -> str:
    """The timeline as Markdown: the articles, a stance grid per issue, shifts, proposals, sticking points."""
    return _Brief(timeline).render()
