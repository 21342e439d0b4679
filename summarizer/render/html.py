"""The summary as one self-contained HTML page: the article with its evidence highlighted, the summary beside.

Every piece of evidence is numbered; the article is cut in Python into segments at every span boundary
(so overlapping and nested spans need no nested tags and the page never converts string offsets), and each
segment lists the numbers of the spans that cover it. Clicking a summary item or one of its quotes marks
those segments and scrolls to them. All article and model text is HTML-escaped, and a Content Security
Policy allows only this page's own style sheet and script (by hash) and no network access at all.
"""

from __future__ import annotations

import colorsys
import html
from collections.abc import Iterable

from summarizer.article import Article
from summarizer.result import SummaryResult
from summarizer.schema import (
    Agreement,
    Demand,
    Evidence,
    NegotiationSummary,
    NextStep,
    Outlook,
    Party,
    Position,
    Proposal,
    Response,
    Statement,
    StickingPoint,
)

from ._common import Names, article_text, cite_all, split_input
from ._html_assets import NEUTRAL_COLOUR, PALETTE, SCRIPT, STYLE, page_head
from ._segments import Span, split_runs

__all__ = ["render_html"]


def _esc(text: str | None) -> str:
    """Text for HTML content or a quoted attribute; a carriage return survives the parser as ``&#13;``."""
    return html.escape(text or "", quote=True).replace("\r", "&#13;")


def render_html(result: SummaryResult | NegotiationSummary, article: Article | str) -> str:
    """A self-contained HTML page of the result over ``article`` (an :class:`Article` or its text).

    Raises :class:`~summarizer.errors.ArticleError` if the article is not the one the result was made
    from (its hash differs) or a span falls outside it.
    """
    summary, full = split_input(result)
    text = article_text(article, full)
    page = _Page(summary, full, text)
    return page.render()


class _Page:
    """Builds the page; holds the numbering of the evidence and the colour of every party."""

    def __init__(self, summary: NegotiationSummary, full: SummaryResult | None, text: str) -> None:
        self.summary = summary
        self.full = full
        self.text = text
        self.names = Names(summary)
        self.cited = cite_all(summary, len(text))
        self.colour_index = {party.id: i for i, party in enumerate(summary.parties)}

    # --- colours -----------------------------------------------------------------------------------
    def colour_class(self, party_id: str | None) -> str:
        """``p0``, ``p1``... for declared parties; ``pn`` for none."""
        index = self.colour_index.get(party_id) if party_id is not None else None
        return "pn" if index is None else f"p{index}"

    def style(self) -> str:
        """The fixed style sheet plus one colour rule per party."""
        rules = [_colour_rule("pn", NEUTRAL_COLOUR)]
        rules += [_colour_rule(f"p{i}", _colour(i)) for i in range(len(self.summary.parties))]
        return STYLE + "\n".join(rules) + "\n"

    # --- the page ----------------------------------------------------------------------------------
    def render(self) -> str:
        """The whole document."""
        headline = _esc(self.summary.headline)
        return (
            page_head(headline, self.style(), SCRIPT)
            + f"<body>\n<header>\n<h1>{headline}</h1>\n{self.meta()}\n{self.legend()}\n</header>\n<main>\n"
            f'<section id="summary-pane" class="pane" aria-label="Summary">\n<div id="summary">\n'
            f"{self.summary_html()}</div>\n</section>\n"
            f'<section id="article-pane" class="pane" aria-label="Article">\n<h2>Article</h2>\n'
            f'<div id="article">{self.article_html()}</div>\n</section>\n'
            f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
        )

    def meta(self) -> str:
        """One line of provenance under the headline."""
        count = len(self.cited)
        fuzzy = sum(1 for c in self.cited.values() if c.fuzzy)
        facts = [f"{count} quotes, {fuzzy} approximate"]
        if self.full is not None:
            made = self.full.provenance
            facts.insert(0, f"{made.backend}{' · ' + made.model if made.model else ''}")
            if self.full.source:
                facts.insert(0, self.full.source)
        return f'<p class="meta">{_esc(" · ".join(facts))}</p>'

    def legend(self) -> str:
        """Party colours, and how exact, approximate and overlapping evidence look."""
        entries = [
            f'<li><span class="sw {self.colour_class(p.id)}"></span>{_esc(p.name)}'
            f"{'' if p.role == 'side' else f' ({_esc(p.role)})'}</li>"
            for p in self.summary.parties
        ]
        entries += [
            '<li><span class="sw pn"></span>no single party</li>',
            '<li><span class="ev pn sample">exact quote</span></li>',
            '<li><span class="ev pn fz sample">≈ approximate (fuzzy) quote</span></li>',
            '<li><span class="ev pn d2 sample">overlapping evidence</span></li>',
            '<li><span class="ev sel sample">selected</span></li>',
        ]
        return f'<ul class="legend" aria-label="Legend">{"".join(entries)}</ul>'

    def article_html(self) -> str:
        """The article text, cut into plain and highlighted segments."""
        spans = [
            Span(c.evidence.start, c.evidence.end, c.number)
            for c in self.cited.values()
            if c.evidence.start is not None and c.evidence.end is not None
        ]
        by_number = {c.number: c for c in self.cited.values()}
        out: list[str] = []
        for run in split_runs(len(self.text), spans):
            piece = _esc(self.text[run.start : run.end])
            if not run.keys:
                out.append(piece)
                continue
            inner = by_number[run.keys[0]]
            classes = ["ev", self.colour_class(inner.party)]
            if inner.fuzzy:
                classes.append("fz")
            if len(run.keys) > 1:
                classes.append(f"d{min(len(run.keys), 3)}")
            keys = " ".join(str(k) for k in run.keys)
            out.append(f'<span class="{" ".join(classes)}" data-k="{keys}">{piece}</span>')
        return "".join(out)

    # --- the summary -------------------------------------------------------------------------------
    def quotes(self, evidence: Iterable[Evidence]) -> str:
        """Clickable quotes; an approximate one is dashed and marked ≈, one without a span is struck out."""
        out = []
        for piece in evidence:
            cited = self.cited[id(piece)]
            if not cited.located:
                missing = 'class="cite missing" title="not found in the article"'
                out.append(f"<span {missing}>“{_esc(piece.quote)}”</span>")
                continue
            attributes = f'type="button" class="cite" data-ev="{cited.number}"'
            mark = ""
            if cited.fuzzy:
                says = self.text[piece.start or 0 : piece.end or 0]
                attributes = attributes.replace('"cite"', '"cite fz"')
                attributes += f' title="approximate match; the article says: {_esc(says)}"'
                mark = "≈"
            out.append(f"<button {attributes}>{mark}“{_esc(piece.quote)}”</button>")
        return " ".join(out)

    def item(self, party: str | None, evidence: list[Evidence], body: str, children: str = "") -> str:
        """A clickable summary item in its party's colour, its quotes after its text."""
        keys = " ".join(str(self.cited[id(e)].number) for e in evidence if self.cited[id(e)].located)
        return (
            f'<li class="item {self.colour_class(party)}" data-ev="{keys}" tabindex="0">'
            f"{body} {self.quotes(evidence)}{children}</li>\n"
        )

    def who(self, party_id: str | None) -> str:
        """A party's name, emphasised."""
        return f'<span class="who">{_esc(self.names.party(party_id))}</span>'

    def summary_html(self) -> str:
        """Abstract and every section that has items."""
        s = self.summary
        parts = [f'<p class="abstract">{_esc(s.abstract)}</p>\n']
        if not s.is_negotiation:
            parts.append(
                '<p class="note">This article is not about a negotiation; nothing was extracted.</p>\n'
            )
        for title, items in self.sections():
            if items:
                parts.append(f'<h2>{title}</h2>\n<ul class="items">\n{"".join(items)}</ul>\n')
        parts.append(self.about())
        return "".join(parts)

    def sections(self) -> list[tuple[str, list[str]]]:
        """Each section's title and its rendered items, in reading order."""
        s = self.summary
        positions = sorted(s.positions, key=lambda p: self.issue_order(p.issue))
        outlook = s.outlook
        return [
            ("Parties", [self.party_item(p) for p in s.parties]),
            (
                "Issues",
                [self.item(None, i.evidence, f'<span class="who">{_esc(i.label)}</span>') for i in s.issues],
            ),
            ("Positions", [self.position_item(p) for p in positions]),
            ("Demands", [self.demand_item(d) for d in s.demands]),
            (
                "Concessions",
                [self.claim_item(c.party, c.beneficiary, c.issue, c.what, c.evidence) for c in s.concessions],
            ),
            ("Proposals", [self.proposal_item(p) for p in s.proposals]),
            ("Agreements", [self.agreement_item(a) for a in s.agreements]),
            ("Sticking points", [self.sticking_item(p) for p in s.sticking_points]),
            ("Who said what", [self.statement_item(st) for st in s.statements]),
            ("Next steps", [self.step_item(n) for n in s.next_steps]),
            (
                "Outlook",
                [] if outlook is None else [self.item(None, outlook.evidence, self.outlook_body(outlook))],
            ),
        ]

    def party_item(self, party: Party) -> str:
        """Name, kind, aliases, and the representatives nested under it."""
        aliases = f'<span class="tag">also {_esc(", ".join(party.aliases))}</span>' if party.aliases else ""
        reps = "".join(
            self.item(party.id, rep.evidence, _esc(rep.name + (f", {rep.title}" if rep.title else "")))
            for rep in party.representatives
        )
        role = "" if party.role == "side" else f'<span class="tag role">{_esc(party.role)}</span>'
        body = f'{self.who(party.id)} <span class="tag">{_esc(party.kind)}</span>{role}{aliases}'
        return self.item(party.id, party.evidence, body, f'<ul class="items">{reps}</ul>' if reps else "")

    def position_item(self, position: Position) -> str:
        """Who holds which stance on what; a shift nested under it ("was X, now Y") with its words."""
        body = (
            f'{self.who(position.party)} <span class="tag">{_esc(position.stance)}</span> '
            f"on {_esc(self.names.issue(position.issue))}: {_esc(position.summary)}"
        )
        shift = position.shift
        nested = ""
        if shift is not None:
            change = (
                f'was <span class="tag">{_esc(shift.previous_stance)}</span>, '
                f'now <span class="tag">{_esc(position.stance)}</span>'
            )
            nested = f'<ul class="items">{self.item(position.party, shift.evidence, change)}</ul>'
        return self.item(position.party, position.evidence, body, nested)

    def claim_item(
        self, party: str, other: str | None, issue: str, what: str, evidence: list[Evidence], nested: str = ""
    ) -> str:
        """A demand (of an addressee) or a concession (to a beneficiary)."""
        towards = f" → {self.who(other)}" if other else ""
        return self.item(party, evidence, f"{self.who(party)}{towards} {self.on(issue)}{_esc(what)}", nested)

    def demand_item(self, demand: Demand) -> str:
        """A demand with each party's response nested under it."""
        d = demand
        return self.claim_item(d.party, d.addressee, d.issue, d.what, d.evidence, self.responses(d.responses))

    def responses(self, responses: list[Response]) -> str:
        """The answers to a proposal or a demand, as a nested list (empty without answers)."""
        items = "".join(
            self.item(r.party, r.evidence, f'{self.who(r.party)} <span class="tag">{_esc(r.response)}</span>')
            for r in responses
        )
        return f'<ul class="items">{items}</ul>' if items else ""

    def proposal_item(self, proposal: Proposal) -> str:
        """Proposers, issues, terms and status, with each party's response nested under it."""
        proposers = " and ".join(self.who(p) for p in proposal.proposers)
        verb = "propose" if len(proposal.proposers) > 1 else "proposes"
        body = (
            f"{proposers} {verb} {''.join(self.on(i) for i in proposal.issues)}{_esc(proposal.terms)} "
            f'<span class="tag">{_esc(proposal.status)}</span>'
        )
        owner = proposal.proposers[0] if len(proposal.proposers) == 1 else None
        return self.item(owner, proposal.evidence, body, self.responses(proposal.responses))

    def agreement_item(self, agreement: Agreement) -> str:
        """The parties, issues and terms of a deal, and its status."""
        parties = ", ".join(self.who(p) for p in agreement.parties)
        status = agreement.status.replace("_", " ")
        body = (
            f"{parties} {''.join(self.on(i) for i in agreement.issues)}{_esc(agreement.terms)} "
            f'<span class="tag">{_esc(status)}</span>'
        )
        owner = agreement.parties[0] if len(agreement.parties) == 1 else None
        return self.item(owner, agreement.evidence, body)

    def sticking_item(self, point: StickingPoint) -> str:
        """The issue, who is stuck on it, and why."""
        between = ", ".join(self.names.party(p) for p in point.parties)
        body = f'<span class="who">{_esc(self.names.issue(point.issue))}</span>'
        body += f" ({_esc(between)}): " if between else ": "
        party = point.parties[0] if len(point.parties) == 1 else None
        resolved = ' <span class="tag ok">resolved</span>' if point.resolved else ""
        return self.item(party, point.evidence, body + _esc(point.why) + resolved)

    def statement_item(self, st: Statement) -> str:
        """Speaker, party, where and through whom, kind and tone."""
        title = f", {_esc(st.speaker_title)}" if st.speaker_title else ""
        party = f" ({_esc(self.names.party(st.party))})" if st.party else ""
        where = f" · on {_esc(st.venue)}" if st.venue else ""
        via = f" · via {_esc(st.reported_by)}" if st.reported_by else ""
        body = (
            f'<span class="who">{_esc(st.speaker)}</span>{title}{party}{where}{via} '
            f'<span class="tag">{_esc(st.kind)}</span><span class="tag">{_esc(st.tone)}</span>'
        )
        return self.item(st.party, st.evidence, body)

    def step_item(self, step: NextStep) -> str:
        """When, what, how likely, and who takes part."""
        when = f'<span class="who">{_esc(step.when)}</span>: ' if step.when else ""
        who = ", ".join(self.names.party(x) for x in step.parties)
        tags = f'<span class="tag">{_esc(step.likelihood)}</span>'
        if who:
            tags += f'<span class="tag">{_esc(who)}</span>'
        party = step.parties[0] if len(step.parties) == 1 else None
        return self.item(party, step.evidence, f"{when}{_esc(step.event)} {tags}")

    def outlook_body(self, outlook: Outlook) -> str:
        """The tone and where things seem headed."""
        return f'<span class="tag">{_esc(outlook.tone)}</span> {_esc(outlook.summary)}'

    def issue_order(self, issue_id: str) -> int:
        """Position of an issue in the declared list (unknown ones last)."""
        order = [i.id for i in self.summary.issues]
        return order.index(issue_id) if issue_id in order else len(order)

    def on(self, issue_id: str) -> str:
        """The issue as a tag, ahead of the item's text."""
        return f"<span class='tag'>{_esc(self.names.issue(issue_id))}</span> "

    def about(self) -> str:
        """Provenance, usage and anything lenient grounding dropped."""
        if self.full is None:
            return ""
        made, usage = self.full.provenance, self.full.usage
        rows = [
            (
                "Made by",
                f"summarizer {made.library_version} · {made.backend}"
                + (f" · {made.model}" if made.model else ""),
            ),
            (
                "Versions",
                f"prompt {made.prompt_version} · schema {made.schema_version} · "
                f"segmenter {made.segmenter_version}",
            ),
            ("Usage", f"{usage.calls} calls · {usage.total_tokens:,} tokens"),
            (
                "Article",
                f"sha256 {made.article_sha256[:16]}…"
                + (f" · {self.full.source}" if self.full.source else ""),
            ),
        ]
        listing = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in rows)
        dropped = ""
        if self.full.dropped:
            entries = "".join(f"<li>{_esc(d.path)}: {_esc(d.reason)}</li>" for d in self.full.dropped)
            dropped = (
                f"<p>Left out because their evidence was not found in the article:</p><ul>{entries}</ul>"
            )
        return f'<h2>About this summary</h2>\n<div class="about"><dl>{listing}</dl>{dropped}</div>\n'


def _colour(index: int) -> tuple[int, int, int]:
    if index < len(PALETTE):
        return PALETTE[index]
    # Beyond the palette, step round the hue circle by the golden angle.
    red, green, blue = colorsys.hls_to_rgb((index * 0.381966) % 1.0, 0.42, 0.65)
    return round(red * 255), round(green * 255), round(blue * 255)


def _colour_rule(name: str, rgb: tuple[int, int, int]) -> str:
    r, g, b = rgb
    return f".{name}{{--c:rgb({r},{g},{b});--bg:rgba({r},{g},{b},.2)}}"
