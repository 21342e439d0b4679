"""Three ways to read a summary: JSON for machines, a Markdown brief, and an HTML page over the article.

``render(result, "html", article=...)`` needs the article the summary was made from (an
:class:`~summarizer.article.Article` or its text), because the page shows it with every quote highlighted;
JSON and Markdown need only the result. ``result`` may also be a bare :class:`NegotiationSummary`
(e.g. a gold annotation), which is rendered without provenance.

``render_timeline(timeline, fmt, articles=...)`` renders a :class:`~summarizer.timeline.Timeline` the same
three ways; its HTML page opens the articles' words when given their texts (by article key).
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping

from summarizer.article import Article
from summarizer.errors import ConfigurationError
from summarizer.result import SummaryResult
from summarizer.schema import NegotiationSummary
from summarizer.timeline import Timeline

from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .timeline_html import render_timeline_html
from .timeline_markdown import render_timeline_markdown

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_timeline",
    "render_timeline_html",
    "render_timeline_markdown",
]

FORMATS = ("json", "markdown", "html")
"""The output formats :func:`render` knows."""

SUFFIXES = {"json": ".json", "markdown": ".md", "html": ".html"}
"""The file suffix for each format."""


def render(result: SummaryResult | NegotiationSummary, fmt: str, article: Article | str | None = None) -> str:
    """``result`` in format ``fmt`` ("json", "markdown" or "html"); "html" requires ``article``.

    Raises :class:`ConfigurationError` for an unknown format or an HTML request without the article, and
    :class:`~summarizer.errors.ArticleError` when the article is not the one the summary was made from.
    """
    if fmt == "json":
        return render_json(result)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "html":
        if article is None:
            raise ConfigurationError(
                "the html format shows the article with its evidence highlighted: pass article= "
                "(the Article or the text the summary was made from)"
            )
        return render_html(result, article)
    raise ConfigurationError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_timeline(timeline: Timeline, fmt: str, articles: Mapping[str, Article | str] | None = None) -> str:
    """``timeline`` in format ``fmt`` ("json", "markdown" or "html"); the page opens ``articles``' words.

    Raises :class:`ConfigurationError` for an unknown format.
    """
    if fmt == "json":
        return jsonlib.dumps(timeline.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_timeline_markdown(timeline)
    if fmt == "html":
        return render_timeline_html(timeline, articles)
    raise ConfigurationError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
