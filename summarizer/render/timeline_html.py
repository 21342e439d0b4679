"""A timeline as one self-contained HTML page: per issue a grid of parties by dates; a click opens the words.

The left pane holds the timeline: for every issue a table whose rows are the parties and whose columns are
the dates of the articles, each cell the stance that article gives (↺ where the article says the position
changed); then the changes of position with the quotes before and after, the proposals' and agreements'
lives and the sticking points, every quote a button. The right pane holds the articles' texts, cut in Python
at every quoted span (as the single-article page does) and hidden until needed: clicking a cell or a quote
shows its article with those words marked. All text is HTML-escaped and a Content Security Policy allows
only this page's own style sheet and script (by hash), so the page loads nothing and runs nothing else.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping

from summarizer.article import Article
from summarizer.errors import ArticleError
from summarizer.timeline import Point, Quote, StanceEntry, Timeline

from ._html_assets import BASE_STYLE, page_head
from ._segments import Span, split_runs

__all__ = ["TIMELINE_SCRIPT", "TIMELINE_STYLE", "render_timeline_html"]

TIMELINE_STYLE = (
    BASE_STYLE
    + """h3{font-size:.95rem;margin:.8rem 0 .3rem}
.meta{margin:0;color:#666;font-size:.85rem}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0 0;padding:0;list-style:none;
 font-size:.85rem}
main{flex:1;display:grid;grid-template-columns:minmax(0,1.2fr) minmax(0,1fr);min-height:0}
.pane{overflow:auto;padding:.4rem 1.2rem 2rem;min-height:0}
#timeline-pane{border-right:1px solid #ddd;background:#fff}
table.grid{border-collapse:collapse;margin:.2rem 0 .6rem;font-size:.85rem}
.grid th,.grid td{border:1px solid #e2e2e2;padding:.15rem .3rem;text-align:left;vertical-align:top}
.grid thead th{background:#f3f3f3;font-weight:600;white-space:nowrap}
.stance{font:inherit;border:0;border-radius:3px;padding:.05rem .4rem;margin:.05rem 0;cursor:pointer;
 display:block;width:100%;text-align:left;background:var(--bg);border-left:4px solid var(--c)}
.supports{--c:#009e73;--bg:#dff3ec}.opposes{--c:#d55e00;--bg:#fbe6d9}
.conditional{--c:#e69f00;--bg:#fdf0d5}.undecided{--c:#888;--bg:#eee}
.stance.active,.cite.active{outline:2px solid #111}
ul.items{list-style:none;margin:0;padding:0}
ul.items ul{list-style:none;margin:.2rem 0 .2rem .8rem;padding:0}
.items>li{border-left:4px solid #bbb;background:#fff;padding:.25rem .6rem;margin:.35rem 0}
.tag{display:inline-block;font-size:.78rem;padding:0 .4em;border-radius:3px;background:#eee;color:#333;
 margin-left:.2em}
.who{font-weight:600}
.cite{font:inherit;font-style:italic;color:#333;background:none;border:0;padding:0 .1em;margin:0;
 text-align:left;cursor:pointer;text-decoration:underline solid #888 2px;text-underline-offset:3px}
.cite.fz{text-decoration-style:dashed}
#reader-title{font-size:1rem;margin:0;padding:.6rem 0 .3rem;text-transform:none;letter-spacing:0;
 color:#1d1d1f;position:sticky;top:0;background:#fafafa}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.65 Georgia,"Times New Roman",serif;
 max-width:46rem;margin:.6rem 0}
.q{background:#eef2f8;text-decoration:underline solid #8aa 1px;text-underline-offset:3px}
.q.marked{background:#ffe15a;box-shadow:inset 0 2px 0 #111,inset 0 -2px 0 #111}
.note{color:#8a4b00}
@media (max-width:900px){main{display:block}.pane{overflow:visible}#timeline-pane{border-right:0}}
"""
)

# Spans are cut into segments in Python: the script only looks segments up by the numbers they carry.
TIMELINE_SCRIPT = """
(function () {
  "use strict";
  var pane = document.getElementById("timeline");
  var reader = document.getElementById("reader");
  var title = document.getElementById("reader-title");
  function clear() {
    reader.querySelectorAll(".marked").forEach(function (el) { el.classList.remove("marked"); });
    pane.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }
  function show(el) {
    clear();
    el.classList.add("active");
    var shown = null;
    reader.querySelectorAll("article").forEach(function (art) {
      var here = art.getAttribute("data-a") === el.getAttribute("data-a");
      art.hidden = !here;
      if (here) { shown = art; }
    });
    if (!shown) { return; }
    title.textContent = shown.getAttribute("data-title");
    var keys = (el.getAttribute("data-q") || "").split(" ");
    keys = keys.filter(function (k) { return /^[0-9]+$/.test(k); });
    if (!keys.length) { return; }
    var selector = keys.map(function (k) { return '[data-k~="' + k + '"]'; }).join(",");
    var segments = shown.querySelectorAll(selector);
    segments.forEach(function (seg) { seg.classList.add("marked"); });
    if (segments.length) { segments[0].scrollIntoView({block: "center"}); }
  }
  pane.addEventListener("click", function (event) {
    var el = event.target.closest("[data-q]");
    if (el) { show(el); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
  });
})();
"""


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=True).replace("\r", "&#13;")


def _quote_key(quote: Quote) -> tuple[object, ...]:
    return (quote.article, tuple(quote.sentence_ids), quote.start, quote.end, quote.quote)


def _all_quotes(timeline: Timeline) -> Iterable[Quote]:
    for history in timeline.stances:
        for entry in history.history:
            yield from entry.evidence
    for shift in timeline.shifts:
        yield from (*shift.signal, *shift.before.evidence, *shift.after.evidence)
    for life in timeline.proposals:
        for event in life.events:
            yield from event.evidence
    for agreement in timeline.agreements:
        for step in agreement.history:
            yield from step.evidence
    for point in timeline.sticking_points:
        for one in (point.opened, *point.mentions, point.resolved):
            if one is not None:
                yield from one.evidence


class _Page:
    def __init__(self, timeline: Timeline, texts: Mapping[str, str]) -> None:
        self.t = timeline
        self.texts = texts
        self.parties = {p.id: p.name for p in timeline.parties}
        self.issues = {i.id: i.label for i in timeline.issues}
        self.index = {a.article: i for i, a in enumerate(timeline.articles)}
        self.numbers: dict[tuple[object, ...], int] = {}
        for quote in _all_quotes(timeline):
            self.numbers.setdefault(_quote_key(quote), len(self.numbers))

    def render(self) -> str:
        title = _esc(self.t.title)
        first, last = self.t.articles[0].date, self.t.articles[-1].date
        meta = f"{len(self.t.articles)} articles from {first} to {last}"
        legend = "".join(
            f'<li><span class="stance {s}">{s}</span></li>'
            for s in ("supports", "opposes", "conditional", "undecided")
        )
        legend += "<li>↺ the article says the position changed</li>"
        return (
            page_head(title, TIMELINE_STYLE, TIMELINE_SCRIPT)
            + f'<body>\n<header>\n<h1>{title}</h1>\n<p class="meta">{_esc(meta)}</p>\n'
            f'<ul class="legend" aria-label="Legend">{legend}</ul>\n</header>\n<main>\n'
            '<section id="timeline-pane" class="pane" aria-label="Timeline">\n<div id="timeline">\n'
            f"{self.timeline_html()}</div>\n</section>\n"
            '<section id="reader-pane" class="pane" aria-label="Articles">\n'
            '<h2 id="reader-title">Click a stance or a quote to read its article</h2>\n'
            f'<div id="reader">{self.articles_html()}</div>\n</section>\n'
            f"</main>\n<script>{TIMELINE_SCRIPT}</script>\n</body>\n</html>\n"
        )

    # --- the articles --------------------------------------------------------------------------------------
    def articles_html(self) -> str:
        spans: dict[str, list[Span]] = {}
        for key, number in self.numbers.items():
            article, _, start, end, _ = key
            if isinstance(start, int) and isinstance(end, int):
                spans.setdefault(str(article), []).append(Span(start, end, number))
        out = []
        for position, article in enumerate(self.t.articles):
            label = f"{article.date} · {article.headline}"
            head = f'<article class="text" data-a="{position}" data-title="{_esc(label)}" hidden>'
            text = self.texts.get(article.article)
            if text is None:
                out.append(
                    f'{head}<p class="note">The text of {_esc(article.article)} was not given.</p></article>'
                )
                continue
            pieces = []
            for run in split_runs(len(text), spans.get(article.article, [])):
                piece = _esc(text[run.start : run.end])
                if run.keys:
                    keys = " ".join(map(str, run.keys))
                    piece = f'<span class="q" data-k="{keys}">{piece}</span>'
                pieces.append(piece)
            out.append(head + "".join(pieces) + "</article>")
        return "\n".join(out)

    # --- the timeline --------------------------------------------------------------------------------------
    def party(self, party_id: str | None) -> str:
        return _esc(self.parties.get(party_id or "", party_id or ""))

    def issue(self, issue_id: str) -> str:
        return _esc(self.issues.get(issue_id, issue_id))

    def keys(self, quotes: Iterable[Quote]) -> str:
        return " ".join(str(self.numbers[_quote_key(q)]) for q in quotes)

    def cites(self, quotes: Iterable[Quote]) -> str:
        buttons = []
        for quote in quotes:
            fuzzy = " fz" if quote.match == "fuzzy" else ""
            buttons.append(
                f'<button type="button" class="cite{fuzzy}" data-a="{self.index.get(quote.article, -1)}" '
                f'data-q="{self.numbers[_quote_key(quote)]}">“{_esc(quote.quote)}”</button>'
            )
        return " ".join(buttons)

    def timeline_html(self) -> str:
        sections = (
            self.stances(),
            self.shifts(),
            self.proposals(),
            self.agreements(),
            self.sticking_points(),
        )
        return "".join(sections) + self.contradictions()

    def contradictions(self) -> str:
        if not self.t.contradictions:
            return ""
        items = []
        for conflict in self.t.contradictions:
            differ = "; ".join(f"{field}: {' / '.join(values)}" for field, values in conflict.values.items())
            items.append(
                f'<li><span class="who">{_esc(conflict.section)}</span> {_esc(differ)} '
                f'<span class="tag">{_esc(", ".join(conflict.articles))}</span></li>\n'
            )
        heading = "<h2>Contradictions between articles of one date</h2>"
        return f'{heading}\n<ul class="items">\n{"".join(items)}</ul>\n'

    def stance_button(self, entry: StanceEntry, shifted: bool) -> str:
        mark = " ↺" if shifted else ""
        where = self.index.get(entry.article, -1)
        return (
            f'<button type="button" class="stance {entry.stance}" data-a="{where}" '
            f'data-q="{self.keys(entry.evidence)}" title="{_esc(entry.summary)}">'
            f"{entry.stance}{mark}</button>"
        )

    def stances(self) -> str:
        if not self.t.stances:
            return ""
        shifted = {(s.party, s.issue, s.after.article) for s in self.t.shifts if s.stated}
        dates = [(a.date, a.article) for a in self.t.articles]
        head = "".join(f'<th title="{_esc(article)}">{_esc(date)}</th>' for date, article in dates)
        out = ["<h2>Stances over time</h2>\n"]
        for issue in self.t.issues:
            rows = []
            for history in (h for h in self.t.stances if h.issue == issue.id):
                cells = []
                for _, article in dates:
                    entries = [e for e in history.history if e.article == article]
                    cell = "".join(
                        self.stance_button(e, (history.party, issue.id, e.article) in shifted)
                        for e in entries
                    )
                    cells.append(f"<td>{cell}</td>")
                rows.append(f'<tr><th scope="row">{self.party(history.party)}</th>{"".join(cells)}</tr>')
            if rows:
                out.append(
                    f'<h3>{_esc(issue.label)}</h3>\n<table class="grid"><thead><tr><th>party</th>{head}</tr>'
                    f"</thead><tbody>{''.join(rows)}</tbody></table>\n"
                )
        return "".join(out)

    def shifts(self) -> str:
        if not self.t.shifts:
            return ""
        items = []
        for shift in self.t.shifts:
            how = (
                f"says {self.cites(shift.signal)}"
                if shift.stated
                else "(the stance changed between articles)"
            )
            items.append(
                f'<li><span class="who">{self.party(shift.party)}</span> on {self.issue(shift.issue)}: '
                f'<span class="tag">{shift.before.stance}</span> → '
                f'<span class="tag">{shift.after.stance}</span> '
                f"{_esc(shift.after.date)} {how}<ul>"
                f"<li>before, {_esc(shift.before.date)}: {self.cites(shift.before.evidence)}</li>"
                f"<li>after, {_esc(shift.after.date)}: {self.cites(shift.after.evidence)}</li></ul></li>\n"
            )
        return f'<h2>Changes of position</h2>\n<ul class="items">\n{"".join(items)}</ul>\n'

    def proposals(self) -> str:
        if not self.t.proposals:
            return ""
        items = []
        for life in self.t.proposals:
            proposers = ", ".join(self.party(p) for p in life.proposers)
            issues = ", ".join(self.issue(i) for i in life.issues)
            events = []
            for event in life.events:
                who = f" {self.party(event.party)} {_esc(event.response)}" if event.party else ""
                by = f" (by {_esc(event.by)})" if event.by else ""
                events.append(
                    f"<li>{_esc(event.date)} {_esc(event.event)}{who}{by} → {_esc(event.status)} "
                    f"{self.cites(event.evidence)}</li>"
                )
            items.append(
                f'<li><span class="who">{proposers}</span> <span class="tag">{issues}</span> '
                f'{_esc(life.terms)} <span class="tag">{_esc(life.final_status)}</span>'
                f"<ul>{''.join(events)}</ul></li>\n"
            )
        return f'<h2>Proposals</h2>\n<ul class="items">\n{"".join(items)}</ul>\n'

    def agreements(self) -> str:
        if not self.t.agreements:
            return ""
        items = []
        for life in self.t.agreements:
            steps = "".join(
                f"<li>{_esc(step.date)} {_esc(step.status)} {self.cites(step.evidence)}</li>"
                for step in life.history
            )
            parties = ", ".join(self.party(p) for p in life.parties)
            items.append(
                f'<li><span class="who">{parties}</span> {_esc(life.terms)} '
                f'<span class="tag">{_esc(life.final_status)}</span><ul>{steps}</ul></li>\n'
            )
        return f'<h2>Agreements</h2>\n<ul class="items">\n{"".join(items)}</ul>\n'

    def point(self, label: str, point: Point) -> str:
        return f"<li>{label} {_esc(point.date)}: {_esc(point.why)} {self.cites(point.evidence)}</li>"

    def sticking_points(self) -> str:
        if not self.t.sticking_points:
            return ""
        items = []
        for life in self.t.sticking_points:
            steps = [self.point("opened", life.opened)] if life.opened else []
            steps += [self.point("still open", point) for point in life.mentions]
            if life.resolved:
                steps.append(self.point("resolved", life.resolved))
            state = f"resolved {_esc(life.resolved.date)}" if life.resolved else "open"
            items.append(
                f'<li><span class="who">{self.issue(life.issue)}</span> <span class="tag">{state}</span>'
                f"<ul>{''.join(steps)}</ul></li>\n"
            )
        return f'<h2>Sticking points</h2>\n<ul class="items">\n{"".join(items)}</ul>\n'


def render_timeline_html(timeline: Timeline, articles: Mapping[str, Article | str] | None = None) -> str:
    """A self-contained page of ``timeline``; ``articles`` (by key) are the texts a click opens.

    Raises :class:`ArticleError` when a given text is not the one the timeline's article was read from.
    """
    texts: dict[str, str] = {}
    known = {a.article: a for a in timeline.articles}
    for key, article in (articles or {}).items():
        text = article.text if isinstance(article, Article) else article.removeprefix("\ufeff")
        expected = known[key].sha256 if key in known else None
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if expected is not None and digest != expected:
            raise ArticleError(f"{key}: this is not the text the timeline's summary of it was made from")
        texts[key] = text
    return _Page(timeline, texts).render()
