"""``summarizer track``: follow one negotiation over several dated articles, as a timeline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._common import (
    EXIT_CODES_HELP,
    ExitCode,
    cached_summarizer,
    configure_logging,
    most_severe,
    report_failure,
    reporting_errors,
    warn,
)
from ._options import (
    backend_options,
    cache_options,
    concurrency_option,
    encoding_option,
    nonempty_path,
    nonempty_paths,
)

__all__ = ["track_command"]

TRACK_FORMATS = ("json", "markdown", "html")
"""summarizer.render.FORMATS, kept here so that --help imports no library."""


@click.command(
    "track",
    epilog=EXIT_CODES_HELP,
    short_help="Follow a negotiation over dated articles: a timeline of positions.",
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", callback=nonempty_paths)
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="NAME=YYYY-MM-DD",
    help="The publication date of an input (its file name or stem); repeatable. Without it, the "
    '"published" field of NAME.meta.json beside the article or the saved result.',
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(TRACK_FORMATS),
    default="json",
    show_default=True,
    help="json, markdown, or html (a self-contained page: a grid of parties by dates per issue; a click "
    "opens the article's words).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=nonempty_path,
    help="A file (default: stdout).",
)
@click.option("--title", help="The timeline's title (default: the latest article's headline).")
@backend_options
@concurrency_option
@encoding_option
@cache_options
@click.option("-v", "--verbose", count=True, help="Log progress; show tracebacks.")
def track_command(
    paths: tuple[str, ...],
    dates: tuple[str, ...],
    fmt: str,
    output: str | None,
    title: str | None,
    concurrency: int,
    encoding: str | None,
    verbose: int,
    **options: Any,
) -> None:
    """Follow a negotiation over PATH... : articles (*.txt), saved results (*.json from `summarize`), or
    folders of either, each with its date.

    Articles are summarized like `summarize` does (the configured backend, through the cache); saved
    results are read as they are. Everything is merged in date order into a timeline: per issue each
    party's stance over time with its quotes, each proposal's life (made, answered, accepted or dropped),
    each agreement's, sticking points opened and resolved, and every change of position with the words
    before and after.
    """
    with configure_logging(verbose), reporting_errors(verbose):
        target = Path(output) if output is not None else None
        raise SystemExit(_run(paths, dates, fmt, target, title, concurrency, encoding, options))


def _run(
    paths: tuple[str, ...],
    dates: tuple[str, ...],
    fmt: str,
    output: Path | None,
    title: str | None,
    concurrency: int,
    encoding: str | None,
    options: dict[str, Any],
) -> int:
    # Imported here: --help must not load the library.
    from summarizer.batch import atomic_write_text
    from summarizer.render import render_timeline
    from summarizer.track import collect_track, parse_dates, summarize_track, track_timeline

    items = collect_track(paths, parse_dates(dates), encoding=encoding)
    failed: list[ExitCode] = []
    if any(item.result is None for item in items):
        summarizer = cached_summarizer(options)
        try:
            limit = summarizer.backend.max_concurrency or concurrency
            items, report = summarize_track(items, summarizer.summarize, concurrency=min(concurrency, limit))
        finally:
            summarizer.close()
        for outcome in report.with_status("failed"):
            failed.append(report_failure(outcome.input.label, outcome.error or Exception()))
        if not items:
            warn("no article could be summarized; there is no timeline to show")
            return most_severe(failed) if failed else ExitCode.FAILURES
    timeline = track_timeline(items, title=title)
    texts = {item.key: item.article for item in items if item.article is not None}
    text = render_timeline(timeline, fmt, articles=texts)
    if output is not None:
        atomic_write_text(output, text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    first, last = timeline.articles[0].date, timeline.articles[-1].date
    warn(f"timeline of {len(timeline.articles)} article(s) from {first} to {last}")
    return most_severe(failed)  # as for a batch of `summarize`: the most severe class of fault seen
