"""The HTML page as text: self-contained, escaped, every span cut out exactly (the browser tests click it)."""

from __future__ import annotations

import base64
import hashlib
import html
import re

import pytest

from summarizer.article import Article
from summarizer.errors import ArticleError, ConfigurationError
from summarizer.render import render, render_html
from summarizer.result import SummaryResult
from summarizer.schema import NegotiationSummary, iter_evidence

SEGMENT = re.compile(r'<span class="([^"]*)" data-k="([0-9 ]+)">([^<]*)</span>')


def article_part(page: str) -> str:
    return page.split('<div id="article">', 1)[1].split("</div>\n</section>", 1)[0]


def segments(page: str) -> list[tuple[list[str], list[int], str]]:
    """(classes, keys, text) of every highlighted segment, in order."""
    return [
        (classes.split(), [int(k) for k in keys.split()], html.unescape(text))
        for classes, keys, text in SEGMENT.findall(article_part(page))
    ]


@pytest.mark.parametrize("case", ["seed_case", "hostile_case"])
def test_article_text_survives_exactly(case: str, request: pytest.FixtureRequest) -> None:
    article, result = request.getfixturevalue(case)
    shown = html.unescape(re.sub(r"<[^>]*>", "", article_part(render_html(result, article))))
    assert shown == article.text


@pytest.mark.parametrize("case", ["seed_case", "hostile_case"])
def test_every_span_is_cut_out_exactly(case: str, request: pytest.FixtureRequest) -> None:
    article, result = request.getfixturevalue(case)
    page = render(result, "html", article=article)
    cut = segments(page)
    for number, (path, evidence) in enumerate(iter_evidence(result.summary)):
        assert evidence.start is not None
        assert evidence.end is not None
        text = "".join(t for _, keys, t in cut if number in keys)
        assert text == article.text[evidence.start : evidence.end], path
        assert f'data-ev="{number}"' in page, f"{path} has no clickable quote"


def test_colours_and_match_kinds(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    cut = segments(render_html(result, article))
    by_text = {text: classes for classes, _, text in cut}
    assert by_text["Union of Pipes | Co "][:2] == ["ev", "p0"]  # the union is the first party
    assert "fz" in by_text['Minister Ana Ruiz said: "']  # fuzzy: dashed
    assert "fz" not in by_text["Talks 🤝 resume in Geneva"]
    assert by_text["Talks 🤝 resume in Geneva"][1] == "pn"  # the outlook belongs to no party
    depths = {c for classes, _, _ in cut for c in classes if c.startswith("d")}
    assert depths >= {"d2", "d3"}, "overlaps are shown"


def test_nothing_injected_gets_through(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    page = render_html(result, article)
    assert page.count("<script") == 1
    assert "<b>" not in page
    assert "<i>" not in page
    assert "<img" not in page
    assert 'onmouseover="' not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    assert "<title>Geneva talks &lt;script&gt;window.__pwned=4&lt;/script&gt; | resume</title>" in page


def test_schema_2_fields_show_on_the_page(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    page = render_html(result, article)
    summary = page.split('<div id="summary">', 1)[1].split("</section>", 1)[0]
    ministry = '<span class="who">Ministry</span> <span class="tag">state</span>'
    assert ministry + '<span class="tag role">mediator</span>' in summary
    assert "Ministry (mediator)</li>" in page.split('class="legend"', 1)[1], "the legend marks the mediator"
    assert (
        '<span class="who">Union of Pipes | Co &lt;b&gt;bold&lt;/b&gt;</span> and '
        "<span class=\"who\">Ministry</span> propose <span class='tag'>Tariffs | duties</span> "
        "<span class='tag'>A &lt;i&gt;cap&lt;/i&gt; | limit</span> "
    ) in summary
    agreements = summary.split("<h2>Agreements</h2>", 1)[1].split("</ul>", 1)[0]
    assert "Talk &lt;script&gt;window.__pwned=6&lt;/script&gt; | again" in agreements
    assert '<span class="tag">agreed in principle</span>' in agreements
    assert 'class="item pn"' in agreements, "a deal between two parties takes no single party's colour"
    sticking = summary.split("<h2>Sticking points</h2>", 1)[1].split("</ul>", 1)[0]
    assert '<span class="tag ok">resolved</span>' in sticking
    assert 'was <span class="tag">supports</span>, now <span class="tag">opposes</span>' in summary
    demands = summary.split("<h2>Demands</h2>", 1)[1].split("<h2>", 1)[0]
    assert '<span class="who">Ministry</span> <span class="tag">rejected</span>' in demands


def test_page_is_self_contained_and_locked_down(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    page = render_html(result, article)
    assert not re.search(r"(?:src|href)=\"(?!data:)", page), "no external resources"
    assert "http://" not in page
    assert "https://" not in page
    assert "@import" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]

    def digest(source: str) -> str:
        return base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()

    assert "default-src 'none'" in policy.group(1)
    assert f"style-src 'sha256-{digest(style)}'" in policy.group(1)
    assert f"script-src 'sha256-{digest(script)}'" in policy.group(1)


def test_deterministic_and_text_or_article_alike(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    page = render_html(result, article)
    assert page == render_html(result.model_copy(deep=True), article.text)
    assert page == render_html(result, "\ufeff" + article.text), "a BOM is dropped as when reading"


def test_the_article_is_required_and_must_match(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    with pytest.raises(ConfigurationError, match="pass article="):
        render(result, "html")
    with pytest.raises(ArticleError, match="not the article the summary was made from"):
        render_html(result, article.text + " More.")


def test_a_bare_summary_renders_without_provenance(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    page = render_html(result.summary, article.text)
    assert "About this summary" not in page
    with pytest.raises(ArticleError, match="lies outside the article"):
        render_html(result.summary, article.text[:100])


def test_ungrounded_evidence_shows_but_cannot_be_clicked(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    raw = result.summary.model_dump()

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("start", "end", "match")}
        return [strip(v) for v in node] if isinstance(node, list) else node

    ungrounded = NegotiationSummary.model_validate(strip(raw))
    page = render_html(ungrounded, article)
    assert 'data-k="' not in page
    assert page.count('class="cite missing"') == sum(1 for _ in iter_evidence(ungrounded))


def test_many_parties_get_distinct_colours(seed_case: tuple[Article, SummaryResult]) -> None:
    article, result = seed_case
    data = result.summary.model_dump()
    template = data["parties"][0]
    data["parties"] += [{**template, "id": f"extra-{i}", "representatives": []} for i in range(10)]
    page = render_html(NegotiationSummary.model_validate(data), article)
    colours = re.findall(r"\.p\d+\{--c:(rgb\([^)]*\))", page)
    assert len(colours) == len(set(colours)) == 13


def test_fuzzy_quotes_say_what_the_article_says(hostile_case: tuple[Article, SummaryResult]) -> None:
    article, result = hostile_case
    page = render_html(result, article)
    assert (
        'class="cite fz" data-ev="1" title="approximate match; the article says: '
        'Minister Ana Ruiz said: &quot;We reject">≈“Minister Ana Ruiz said We reject”</button>'
    ) in page
