"""The Markdown brief: every section with its quotes, and text that can neither break a table nor inject."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.article import Article
from summarizer.render import render, render_markdown
from summarizer.render.markdown import escape
from summarizer.result import SummaryResult
from summarizer.schema import iter_evidence

markdown_it = pytest.importorskip("markdown_it")


def to_html(markdown: str) -> str:
    """CommonMark with raw HTML allowed (the default), plus GFM tables and strikethrough."""
    return str(markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown))


class Structure(HTMLParser):
    """Tags, attributes, text and table shapes of a rendered document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(markdown: str) -> Structure:
    parsed = Structure()
    parsed.feed(to_html(markdown))
    return parsed


@dataclass(frozen=True)
class Quoted:
    """A quote as the brief shows it."""

    quote: str
    fuzzy: bool


def _quotes_in(markdown: str) -> list[Quoted]:
    html = to_html(markdown)
    return [Quoted(unescape(q), bool(mark)) for mark, q in re.findall(r"<em>(≈?)“(.*?)”</em>", html)]


SAFE_TAGS = {"h1", "h2", "p", "ul", "li", "strong", "em", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def test_seed_brief_has_every_section_and_every_quote(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    text = render(result, "markdown")
    summary = result.summary
    assert text.startswith(f"# {summary.headline}\n")
    for title in (
        "Parties",
        "Positions",
        "Demands",
        "Concessions",
        "Proposals",
        "Agreements",
        "Sticking points",
    ):
        assert f"\n## {title}\n" in text
    for title in ("Who said what", "Next steps", "Outlook"):
        assert f"\n## {title}\n" in text
    parsed = structure(text)
    shown = " ".join("".join(parsed.text).split())
    quoted = [item.quote for item in _quotes_in(text)]
    for path, evidence in iter_evidence(summary):
        if not path.startswith("issues["):  # the agenda is one line of labels
            assert evidence.quote in quoted, path
    assert "On the table: Ceasefire · Security guarantees for Ukraine · Territory" in shown
    for party in summary.parties:
        for rep in party.representatives:
            assert rep.name in shown
    assert "Steve Witkoff, White House special envoy" in shown
    assert "CNN's State of the Union" in shown
    assert "Interfax" in shown
    assert parsed.tags <= SAFE_TAGS


def test_positions_table_is_by_issue_and_party(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    text = render_markdown(result)
    header = next(line for line in text.splitlines() if line.startswith("| Issue |"))
    assert header == "| Issue | United States | Russia | Ukraine |"
    ceasefire = next(line for line in text.splitlines() if line.startswith("| **Ceasefire** |"))
    assert "**supports**" in ceasefire
    assert "**conditional**" in ceasefire


def test_schema_2_fields_show_in_the_seed_brief(seed_case: tuple[Article, SummaryResult]) -> None:
    _, result = seed_case
    text = render_markdown(result)
    assert "- **United States** (state, **mediator**; also US, White House" in text
    assert "- **Russia** (state; also Kremlin" in text, "a side's role goes without saying"
    assert "**supports** (was conditional, now supports: _“which was restored later”_): Trump paused" in text
    demands = text.split("## Demands", 1)[1].split("## Concessions", 1)[0]
    assert (
        "  - United States: **rejected** — _“the White House has been reluctant to commit to that”_"
        in demands
    )
    assert "  - United States: **considering** — " in demands
    agreements = text.split("## Agreements\n\n", 1)[1].split("\n\n", 1)[0]
    assert agreements == (
        "- United States, Ukraine (US-Ukraine minerals deal): A minerals deal between Washington and Kyiv. — "
        "**collapsed** — _“Washington’s minerals deal with Kyiv fell through”_"
    )
    assert "resolved**" not in text.split("## Sticking points", 1)[1].split("## Who said what", 1)[0]


def test_joint_proposals_resolved_points_and_agreements_in_the_hostile_brief(
    hostile_case: tuple[Article, SummaryResult],
) -> None:
    _, result = hostile_case
    shown = " ".join("".join(structure(render_markdown(result)).text).split())
    assert (
        "Union of Pipes | Co <b>bold</b> and Ministry propose (Tariffs | duties, A <i>cap</i> | limit): "
        "Meet | again <b>soon</b> — status pending"
    ) in shown
    assert "Ministry (state, mediator)" in shown
    assert "A <i>cap</i> | limit (Ministry): The *cap* | [y](javascript:alert(1)) — resolved —" in shown
    assert "Talk <script>window.__pwned=6</script> | again — agreed in principle —" in shown
    assert "opposes (was supports, now opposes: “it will not sign”)" in shown
    assert "Ministry: rejected — “We reject”" in shown


def test_hostile_text_neither_breaks_tables_nor_injects(hostile_case: tuple[Article, SummaryResult]) -> None:
    _, result = hostile_case
    text = render_markdown(result)
    parsed = structure(text)
    assert parsed.tags <= SAFE_TAGS, "raw HTML, links or images got through"
    assert not any(name in ("href", "src") or name.startswith("on") for name, _ in parsed.attributes)
    # Positions: issue column + two parties, header + one row; statements: six columns, header + one row.
    assert parsed.rows == [3, 3, 6, 6]
    shown = " ".join("".join(parsed.text).split())
    for literal in (
        "[x](javascript:alert(1))",
        "<script>window.__pwned=1;alert(1)</script>",
        '<img src=x onerror="window.__pwned=3"> [click](javascript:alert(1)) " onmouseover="alert(1) '
        "second | line",
        "Union of Pipes | Co <b>bold</b>",
        "1. The union | refuses to sign",
        "![img](http://127.0.0.1:9/x.png)",
    ):
        assert literal in shown
    assert "_≈“Minister Ana Ruiz said We reject”_" in text, "fuzzy quotes are marked"
    assert "<em>≈“Minister Ana Ruiz said We reject”</em>" in to_html(text)


def test_positions_table_rows_keep_their_width(hostile_case: tuple[Article, SummaryResult]) -> None:
    _, result = hostile_case
    lines = render_markdown(result).splitlines()
    start = lines.index("## Positions")
    table = lines[start + 2 : lines.index("", start + 2)]
    parsed = structure("\n".join(table))
    assert parsed.rows == [3, 3], table


def test_footer_reports_provenance_usage_and_dropped(hostile_case: tuple[Article, SummaryResult]) -> None:
    _, result = hostile_case
    from summarizer.result import Dropped

    dropped = result.model_copy(
        update={"dropped": [Dropped(path="demands[1]", reason="no grounded | evidence")]}
    )
    shown = " ".join("".join(structure(render_markdown(dropped)).text).split())
    assert "summarizer 0.0.test, offline" in shown
    assert "2 calls, 1,234 tokens" in shown
    assert "16 quotes (2 approximate, marked ≈)" in shown
    assert "source in|put/<x>.txt" in shown
    assert "demands[1]: no grounded | evidence" in shown


MARKDOWN_CHARS = [*"\\`*_[]<>|&!~#$()-+=:.;'\"/1 \n\r\t", "\u2028", "\x85", "&amp;", "&#x3C;", "<!--", "]]>"]


@given(st.lists(st.sampled_from(MARKDOWN_CHARS) | st.text(max_size=3), max_size=30).map("".join))
def test_escaped_text_renders_literally_in_a_paragraph_and_a_cell(raw: str) -> None:
    visible = "".join(c for c in raw if c.isspace() or unicodedata.category(c) != "Cc")
    expected = " ".join(visible.split())
    lines = ("x " + escape(raw), escape(raw, line_start=True))
    for line in lines:
        assert "\n" not in line
        assert "\r" not in line
        parsed = structure(line)
        assert parsed.tags <= {"p"}, parsed.tags
        got = " ".join("".join(parsed.text).split())
        assert got == " ".join(("x " + expected if line is lines[0] else expected).split())
    cell = structure(f"| a | b |\n| --- | --- |\n| {escape(raw)} | z |")
    assert cell.rows == [2, 2]
    assert cell.tags <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert " ".join("".join(cell.text).split()) == " ".join(f"a b {expected} z".split())
