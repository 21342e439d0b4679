"""The timeline page in headless Chromium: a click on a stance or a quote opens its article at those words."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.article import load_article
from summarizer.gold import load_gold
from summarizer.render import render_timeline
from summarizer.timeline import DatedSummary, build_timeline

from .test_render_browser import CHROMIUM, CHROMIUM_ARGS

_REQUIRED = os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1"
if _REQUIRED:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing (CI installs it)")
if shutil.which(CHROMIUM) is None:
    if _REQUIRED:
        raise RuntimeError(f"{CHROMIUM} is missing but SUMMARIZER_REQUIRE_BROWSER=1")
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package", allow_module_level=True)

TRACK = Path(__file__).resolve().parents[2] / "seeds" / "tracks" / "meruna-water-talks"

# Every quote button, clicked through the page's own handler: which article shows, and the marked words.
CLICK_QUOTES = """() => Array.from(document.querySelectorAll("#timeline .cite[data-q]")).map((cite) => {
  cite.click();
  const shown = Array.from(document.querySelectorAll("#reader article")).filter((a) => !a.hidden);
  const marked = Array.from(document.querySelectorAll("#reader .marked")).map((s) => s.textContent).join("");
  return [cite.dataset.a, shown.map((a) => a.dataset.a), cite.textContent, marked];
})"""

CLICK_STANCES = """() => Array.from(document.querySelectorAll("#timeline .stance[data-q]")).map((cell) => {
  cell.click();
  const shown = Array.from(document.querySelectorAll("#reader article")).filter((a) => !a.hidden);
  const marks = Array.from(document.querySelectorAll("#reader .marked"));
  const inside = marks.every((m) => shown.length === 1 && shown[0].contains(m));
  return [cell.dataset.a, shown.map((a) => a.dataset.a), marks.length, inside];
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page_file(folder: Path) -> Path:
    dated, texts = [], {}
    for path in sorted(TRACK.glob("*.txt")):
        article, gold = load_gold(path)
        dated.append(
            DatedSummary(
                gold, path.name, article.metadata["published"], article.headline, sha256=article.sha256
            )
        )
        texts[path.name] = load_article(path)
    timeline = build_timeline(dated, title="Meruna <script>window.__pwned=1</script> talks")
    target = folder / "timeline.html"
    target.write_text(render_timeline(timeline, "html", texts), encoding="utf-8")
    return target


def test_every_quote_and_stance_opens_its_article_at_its_words(browser: Any, tmp_path: Path) -> None:
    url = _page_file(tmp_path).as_uri()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    assert page.locator("#reader article:not([hidden])").count() == 0

    quotes = page.evaluate(CLICK_QUOTES)
    assert len(quotes) > 50
    for wanted, shown, label, marked in quotes:
        assert shown == [wanted]
        assert label.removeprefix("“").removesuffix("”") == marked

    stances = page.evaluate(CLICK_STANCES)
    assert len(stances) == 48
    for wanted, shown, marks, inside in stances:
        assert shown == [wanted]
        assert marks > 0
        assert inside

    # A real click on a cell in the grid shows its article's headline above the words.
    cell = page.locator("#timeline .stance").first
    cell.click()
    assert page.locator("#reader-title").text_content().startswith("2027-")
    assert page.locator("#reader .marked").first.is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#reader .marked").count() == 0

    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.title()
    assert console == []
    assert requests == [url]
    page.close()
