"""The summary as a Markdown brief that a person reads in a minute, every item with its quote.

All article and model text goes through :func:`escape`: line breaks become spaces and every character
that Markdown or inline HTML could act on is backslash-escaped, so a quote can neither break a table
nor turn into a link, an image or markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.result import SummaryResult
from summarizer.schema import Evidence, NegotiationSummary, Position, Response, iter_evidence

from ._common import Names, split_input

__all__ = ["escape", "render_markdown"]

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Everything that can open emphasis, code, links, images, autolinks, raw HTML, entities, tables,
# strikethrough or headings. Escaping a few characters that would have been harmless is the price of
# not having to reason about context.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&!~#$])")
# At the start of a line these begin a list, a quote, a heading or a thematic break.
_BLOCK_START = re.compile(r"^([-+=:]|\d{1,9}(?=[.)]))")


def escape(text: str | None, *, line_start: bool = False) -> str:
    """``text`` as inert Markdown on one line: shows literally, in a paragraph or a table cell alike.

    With ``line_start``, a leading ``-``, ``+``, ``=``, ``:`` or ``1.`` is escaped too, for text that begins
    a line, where it would start a list or a thematic break.
    """
    if not text:
        return ""
    flat = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)).replace("\t", " ").strip()
    escaped = _SPECIAL.sub(r"\\\1", flat)
    match = _BLOCK_START.match(escaped) if line_start else None
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():
        # "1. text" -> "1\. text": escape the punctuation after the number.
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def render_markdown(result: SummaryResult | NegotiationSummary) -> str:
    """A Markdown brief of the result: headline, abstract, parties, positions table, and the rest."""
    summary, full = split_input(result)
    names = Names(summary)
    lines = [f"# {escape(summary.headline)}", "", escape(summary.abstract, line_start=True), ""]
    if not summary.is_negotiation:
        lines += ["_This article is not about a negotiation; nothing was extracted._", ""]
    for section in (
        _issues(summary),
        _parties(summary),
        _positions(summary, names),
        _demands_and_concessions(summary, names),
        _proposals(summary, names),
        _agreements(summary, names),
        _sticking_points(summary, names),
        _statements(summary, names),
        _next_steps(summary, names),
        _outlook(summary),
    ):
        if section:
            lines += [*section, ""]
    lines += _footer(summary, full)
    return "\n".join(lines).rstrip("\n") + "\n"


def _quotes(evidence: list[Evidence]) -> str:
    """The item's quotes; an approximate (fuzzy) one is marked with ≈."""
    shown = []
    for piece in evidence:
        mark = "≈" if piece.match == "fuzzy" else ""
        shown.append(f"_{mark}“{escape(piece.quote)}”_")
    return " · ".join(shown)


def _bold(text: str) -> str:
    return f"**{text}**" if text else ""


def _parties(summary: NegotiationSummary) -> list[str]:
    if not summary.parties:
        return []
    lines = ["## Parties", ""]
    for party in summary.parties:
        role = f", **{party.role}**" if party.role != "side" else ""
        aliases = f"; also {', '.join(escape(a) for a in party.aliases)}" if party.aliases else ""
        lines.append(
            f"- {_bold(escape(party.name))} ({party.kind}{role}{aliases}) — {_quotes(party.evidence)}"
        )
        for rep in party.representatives:
            title = f", {escape(rep.title)}" if rep.title else ""
            lines.append(f"  - {escape(rep.name)}{title} — {_quotes(rep.evidence)}")
    return lines


def _issues(summary: NegotiationSummary) -> list[str]:
    """One line naming the agenda; each issue's quotes show where it comes up (HTML and JSON keep them)."""
    if not summary.issues:
        return []
    return ["**On the table:** " + " · ".join(escape(issue.label) for issue in summary.issues)]


def _positions(summary: NegotiationSummary, names: Names) -> list[str]:
    """A table with one row per issue and one column per party that takes a position."""
    if not summary.positions:
        return []
    # Declared order first; dict.fromkeys keeps the first occurrence of each id.
    held = {pos.party for pos in summary.positions}
    party_ids = list(dict.fromkeys([*(p.id for p in summary.parties if p.id in held), *sorted(held)]))
    raised = {pos.issue for pos in summary.positions}
    issue_ids = list(dict.fromkeys([*(i.id for i in summary.issues if i.id in raised), *sorted(raised)]))
    header = ["Issue", *(escape(names.party(p)) for p in party_ids)]
    lines = ["## Positions", "", _row(header), _row(["---"] * len(header))]
    for issue_id in issue_ids:
        cells = [_bold(escape(names.issue(issue_id)))]
        for party_id in party_ids:
            here = [p for p in summary.positions if p.party == party_id and p.issue == issue_id]
            cells.append(" ; ".join(_position(p) for p in here))
        lines.append(_row(cells))
    return lines


def _position(position: Position) -> str:
    """A stance, its summary and quotes; a shift reads "was X, now Y" with the words that say it changed."""
    shift = position.shift
    changed = (
        f" (was {shift.previous_stance}, now {position.stance}: {_quotes(shift.evidence)})" if shift else ""
    )
    return f"**{position.stance}**{changed}: {escape(position.summary)} {_quotes(position.evidence)}"


def _responses(responses: list[Response], names: Names) -> list[str]:
    """Each answer to a proposal or a demand, one indented line each."""
    return [
        f"  - {escape(names.party(r.party))}: **{r.response}** — {_quotes(r.evidence)}" for r in responses
    ]


def _names(ids: list[str], lookup: Callable[[str], str]) -> str:
    return ", ".join(escape(lookup(one)) for one in ids)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _demands_and_concessions(summary: NegotiationSummary, names: Names) -> list[str]:
    lines: list[str] = []
    if summary.demands:
        lines += ["## Demands", ""]
        for demand in summary.demands:
            to = f" → {escape(names.party(demand.addressee))}" if demand.addressee else ""
            lines.append(
                f"- {_bold(escape(names.party(demand.party)))}{to} ({escape(names.issue(demand.issue))}): "
                f"{escape(demand.what)} — {_quotes(demand.evidence)}"
            )
            lines += _responses(demand.responses, names)
    if summary.concessions:
        lines += [*([""] if lines else []), "## Concessions", ""]
        for concession in summary.concessions:
            to = f" → {escape(names.party(concession.beneficiary))}" if concession.beneficiary else ""
            lines.append(
                f"- {_bold(escape(names.party(concession.party)))}{to} "
                f"({escape(names.issue(concession.issue))}): {escape(concession.what)} — "
                f"{_quotes(concession.evidence)}"
            )
    return lines


def _proposals(summary: NegotiationSummary, names: Names) -> list[str]:
    if not summary.proposals:
        return []
    lines = ["## Proposals", ""]
    for proposal in summary.proposals:
        proposers = " and ".join(_bold(escape(names.party(p))) for p in proposal.proposers)
        verb = "propose" if len(proposal.proposers) > 1 else "proposes"
        lines.append(
            f"- {proposers} {verb} ({_names(proposal.issues, names.issue)}): {escape(proposal.terms)} — "
            f"status **{proposal.status}** — {_quotes(proposal.evidence)}"
        )
        lines += _responses(proposal.responses, names)
    return lines


def _agreements(summary: NegotiationSummary, names: Names) -> list[str]:
    if not summary.agreements:
        return []
    lines = ["## Agreements", ""]
    for agreement in summary.agreements:
        issues = f" ({_names(agreement.issues, names.issue)})" if agreement.issues else ""
        lines.append(
            f"- {_names(agreement.parties, names.party)}{issues}: {escape(agreement.terms)} — "
            f"**{agreement.status.replace('_', ' ')}** — {_quotes(agreement.evidence)}"
        )
    return lines


def _sticking_points(summary: NegotiationSummary, names: Names) -> list[str]:
    if not summary.sticking_points:
        return []
    lines = ["## Sticking points", ""]
    for point in summary.sticking_points:
        between = ", ".join(escape(names.party(p)) for p in point.parties)
        resolved = " — **resolved**" if point.resolved else ""
        lines.append(
            f"- {_bold(escape(names.issue(point.issue)))}{f' ({between})' if between else ''}: "
            f"{escape(point.why)}{resolved} — {_quotes(point.evidence)}"
        )
    return lines


def _statements(summary: NegotiationSummary, names: Names) -> list[str]:
    if not summary.statements:
        return []
    lines = [
        "## Who said what",
        "",
        _row(["Speaker", "Party", "Where", "Reported by", "Kind, tone", "Quote"]),
        _row(["---"] * 6),
    ]
    for statement in summary.statements:
        title = f", {escape(statement.speaker_title)}" if statement.speaker_title else ""
        lines.append(
            _row(
                [
                    f"{_bold(escape(statement.speaker))}{title}",
                    escape(names.party(statement.party)),
                    escape(statement.venue),
                    escape(statement.reported_by),
                    f"{statement.kind}, {statement.tone}",
                    _quotes(statement.evidence),
                ]
            )
        )
    return lines


def _next_steps(summary: NegotiationSummary, names: Names) -> list[str]:
    if not summary.next_steps:
        return []
    lines = ["## Next steps", ""]
    for step in summary.next_steps:
        when = f"{_bold(escape(step.when))}: " if step.when else ""
        who = ", ".join(escape(names.party(p)) for p in step.parties)
        detail = step.likelihood + (f"; {who}" if who else "")
        lines.append(f"- {when}{escape(step.event)} ({detail}) — {_quotes(step.evidence)}")
    return lines


def _outlook(summary: NegotiationSummary) -> list[str]:
    outlook = summary.outlook
    if outlook is None:
        return []
    return ["## Outlook", "", f"**{outlook.tone}**: {escape(outlook.summary)} — {_quotes(outlook.evidence)}"]


def _footer(summary: NegotiationSummary, full: SummaryResult | None) -> list[str]:
    pieces = [evidence for _, evidence in iter_evidence(summary)]
    fuzzy = sum(1 for evidence in pieces if evidence.match == "fuzzy")
    facts = [f"{len(pieces)} quotes" + (f" ({fuzzy} approximate, marked ≈)" if fuzzy else "")]
    if full is not None:
        made = full.provenance
        model = f" {escape(made.model)}" if made.model else ""
        facts.insert(0, f"summarizer {escape(made.library_version)}, {escape(made.backend)}{model}")
        if full.usage.calls:
            facts.append(f"{full.usage.calls} calls, {full.usage.total_tokens:,} tokens")
        if full.source:
            facts.append(f"source {escape(full.source)}")
    lines = ["---", "", f"_{' · '.join(facts)}_"]
    if full is not None and full.dropped:
        lines += ["", "Left out because their evidence could not be found in the article:", ""]
        lines += [f"- {escape(item.path)}: {escape(item.reason)}" for item in full.dropped]
    return lines
