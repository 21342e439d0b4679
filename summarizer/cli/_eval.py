"""``summarizer eval``: score a backend, or saved predictions, against the gold corpus."""

from __future__ import annotations

import json
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
from ._options import backend_options, cache_options

__all__ = ["eval_command"]


@click.command("eval", epilog=EXIT_CODES_HELP, short_help="Score a backend against the gold corpus.")
@click.argument(
    "corpus_dir",
    required=False,
    default="seeds",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
)
@click.option(
    "--predictions",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="Score saved JSON outputs in this folder (as `summarize -o FOLDER` writes them) instead of running "
    "a backend.",
)
@click.option(
    "--timeline/--no-timeline",
    default=None,
    help="Also score the timeline of the articles against CORPUS_DIR/timeline.gold.json (a track, see "
    "seeds/tracks/README.md): stance-over-time accuracy and shift recall. Default: when that file exists.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON instead of a table.")
@backend_options
@cache_options
@click.option("-v", "--verbose", count=True, help="Log progress; show tracebacks.")
def eval_command(
    corpus_dir: Path,
    predictions: Path | None,
    timeline: bool | None,
    as_json: bool,
    verbose: int,
    **options: Any,
) -> None:
    """Score summaries of CORPUS_DIR (default: seeds) against its *.gold.json files, and a track's timeline.

    Runs the configured backend over every article that has a gold file (through the result cache), or
    with --predictions scores outputs saved earlier. Prints precision, recall and F1 per list, accuracies
    on matched items, the grounding rate, and calls and tokens per article.
    """
    with configure_logging(verbose), reporting_errors(verbose):
        report = _score(corpus_dir, predictions, timeline, options)
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            # Imported here: only this path needs it, and --help must stay fast.
            from rich.console import Console

            # Piped output keeps a readable width instead of rich's 80-column default.
            Console(file=sys.stdout, width=None if sys.stdout.isatty() else 140).print(report.render_table())
        failed = [article for article in report.articles if article.error is not None]
        codes = []
        for article in failed:
            if article.failure is not None:  # summarizing it raised: reported as summarize reports it
                codes.append(report_failure(article.article, article.failure))
            else:  # a saved prediction missing or unusable
                warn(f"failed: {article.article}: {article.error}")
                codes.append(ExitCode.FAILURES)
        if failed:
            warn(f"{len(failed)} of {len(report.articles)} article(s) failed; each scores 0")
        raise SystemExit(most_severe(codes))


def _score(corpus_dir: Path, predictions: Path | None, timeline: bool | None, options: dict[str, Any]) -> Any:
    # Imported here: `summarizer eval --help` must not load the library.
    from summarizer.evaluate import evaluate_backend, score_predictions

    if predictions is not None:
        return score_predictions(predictions, corpus_dir, timeline=timeline)
    summarizer = cached_summarizer(options)
    try:
        return evaluate_backend(corpus_dir, summarize=summarizer, timeline=timeline)
    finally:
        summarizer.close()
