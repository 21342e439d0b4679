"""The HTML page in headless Chromium: loads cleanly and offline, clicks mark the right span, runs nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from summarizer.article import Article
from summarizer.render import render_html
from summarizer.result import SummaryResult
from summarizer.schema import iter_evidence

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# CI sets SUMMARIZER_REQUIRE_BROWSER=1: there a missing browser fails instead of skipping.
_REQUIRED = os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1"
if _REQUIRED:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing (CI installs it)")
if shutil.which(CHROMIUM) is None:
    if _REQUIRED:
        raise RuntimeError(f"{CHROMIUM} is missing but SUMMARIZER_REQUIRE_BROWSER=1")
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium package (CI does)", allow_module_level=True
    )

# Every quote button is clicked through the page's own handler; returns what each click marked.
CLICK_ALL = """() => Array.from(document.querySelectorAll("#summary .cite[data-ev]")).map((cite) => {
  cite.click();
  const marked = Array.from(document.querySelectorAll("#article .marked"));
  return [Number(cite.dataset.ev), marked.map((seg) => seg.textContent).join("")];
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole module."""
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A loaded page and everything it did: console messages, errors, requests and dialogs."""

    page: Any
    url: str
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def visit(browser: Any, article: Article, result: SummaryResult, folder: Path) -> Visit:
    path = folder / "page.html"
    path.write_text(render_html(result, article), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen = Visit(page, path.as_uri())
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.console.append(f"pageerror: {error}"))
    page.on("request", lambda request: seen.requests.append(request.url))

    def dismiss(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(seen.url)
    return seen


def spans(result: SummaryResult, article: Article) -> dict[int, str]:
    return {
        number: article.text[evidence.start : evidence.end]
        for number, (_, evidence) in enumerate(iter_evidence(result.summary))
        if evidence.start is not None and evidence.end is not None
    }


def test_seed_page_loads_cleanly_and_every_quote_marks_its_span(
    browser: Any, seed_case: tuple[Article, SummaryResult], tmp_path: Path
) -> None:
    article, result = seed_case
    seen = visit(browser, article, result, tmp_path)
    page = seen.page
    expected = spans(result, article)
    marked = dict(page.evaluate(CLICK_ALL))
    assert marked == expected

    # A real click on an item far down the summary scrolls the article pane to its span.
    last = max(expected)
    page.locator(f'#summary .cite[data-ev="{last}"]').click()
    first_mark = page.locator("#article .marked").first
    pane = page.locator("#article-pane").bounding_box()
    box = first_mark.bounding_box()
    assert pane is not None
    assert box is not None
    assert pane["y"] <= box["y"]
    assert box["y"] + box["height"] <= pane["y"] + pane["height"]
    assert "".join(page.locator("#article .marked").all_text_contents()) == expected[last]

    # Clicking a highlight in the article selects the summary quote that cites it.
    page.locator("#article [data-k]").first.click()
    assert page.locator("#summary .cite.active").count() == 1
    page.keyboard.press("Escape")
    assert page.locator("#article .marked").count() == 0

    assert seen.console == []
    assert seen.requests == [seen.url]
    page.close()


def test_hostile_page_runs_nothing_and_maps_astral_text(
    browser: Any, hostile_case: tuple[Article, SummaryResult], tmp_path: Path
) -> None:
    article, result = hostile_case
    seen = visit(browser, article, result, tmp_path)
    page = seen.page
    assert page.evaluate('document.getElementById("article").textContent') == article.text
    assert dict(page.evaluate(CLICK_ALL)) == spans(result, article)
    page.hover("#article")
    page.hover("#summary-pane")
    page.locator("#summary li.item").first.click()  # a whole item marks all its spans
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate('document.querySelectorAll("script").length') == 1
    assert page.evaluate('document.querySelectorAll("#summary img, #article img, b, i").length') == 0
    assert "<script>window.__pwned=4</script>" in page.title()
    assert seen.dialogs == []
    assert seen.console == []
    assert seen.requests == [seen.url]

    # Exact and fuzzy evidence look different: solid versus dashed underline.
    def underline(text: str) -> str:
        segment = page.locator("#article [data-k]", has_text=text).first
        return str(segment.evaluate("(el) => getComputedStyle(el).textDecorationStyle"))

    assert underline("Talks 🤝 resume in Geneva") == "solid"
    assert underline("Minister Ana Ruiz said") == "dashed"
    page.close()
