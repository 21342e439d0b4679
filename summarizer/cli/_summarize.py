"""``summarizer summarize``: one article to stdout or a file, or many to a folder or JSONL."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._common import (
    EXIT_CODES_HELP,
    ExitCode,
    cached_summarizer,
    configure_logging,
    describe,
    exit_code_for,
    fail,
    fault_class,
    most_severe,
    reporting_errors,
    warn,
    without_label,
)
from ._options import (
    backend_options,
    cache_options,
    concurrency_option,
    encoding_option,
    nonempty_path,
    nonempty_paths,
    version_option,
)

if TYPE_CHECKING:
    from summarizer.article import Article
    from summarizer.batch import BatchInput, BatchReport, Outcome
    from summarizer.cache import CachedSummarizer
    from summarizer.result import SummaryResult

__all__ = ["summarize_command"]

SHOWN_SKIPPED = 10
"""How many articles that were not started the closing line names (all of them with -v)."""

FORMAT_CHOICES = ("json", "markdown", "html", "jsonl")
"""summarizer.render.FORMATS and jsonl, kept here so that --help imports no library (a test ties them)."""


@click.command(
    "summarize",
    epilog=EXIT_CODES_HELP,
    short_help="Summarize articles into grounded negotiation summaries.",
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", callback=nonempty_paths)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="json",
    show_default=True,
    help="json, markdown, html (a self-contained page), or jsonl (one result per line).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True),
    callback=nonempty_path,
    help="A file for one article (default: stdout); a folder for many, or for a folder of inputs, or when "
    "it ends with / (outputs mirror the inputs' relative paths); the file for jsonl.",
)
@backend_options
@concurrency_option
@click.option(
    "--max-total-tokens",
    type=click.IntRange(1),
    help="Stop starting new articles once this many tokens are spent; the rest are listed as not started.",
)
@encoding_option
@cache_options
@click.option("-v", "--verbose", count=True, help="Log progress; show tracebacks and every validation error.")
@version_option
def summarize_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    concurrency: int,
    max_total_tokens: int | None,
    encoding: str | None,
    verbose: int,
    **options: Any,
) -> None:
    """Summarize PATH... : article files, folders (every *.txt below, recursively) or - for stdin.

    One article goes to stdout unless -o names a file; many need -o FOLDER, or --format jsonl (stdout or
    -o FILE). Results are cached: a re-run with the same settings makes no model call.

    The backend: --backend if given; otherwise a key (OPENAI_API_KEY) or a base URL (--base-url,
    OPENAI_BASE_URL) selects openai; with nothing configured the offline extractor is used, and a notice
    on stderr says so.
    """
    with configure_logging(verbose), reporting_errors(verbose):
        run = _Run(fmt, output, concurrency, max_total_tokens, verbose, options, encoding=encoding)
        raise SystemExit(run.run(paths))


class _Run:
    """One invocation of ``summarize``, from the parsed options."""

    def __init__(
        self,
        fmt: str,
        output: str | None,
        concurrency: int,
        max_total_tokens: int | None,
        verbose: int,
        options: dict[str, Any],
        *,
        encoding: str | None = None,
    ) -> None:
        self.fmt = fmt
        self.encoding = encoding
        self.output = Path(output) if output is not None else None
        # pathlib drops a trailing slash, which says "a folder" even for one article.
        self.output_names_folder = output is not None and output.endswith(("/", os.sep))
        self.concurrency = concurrency
        self.max_total_tokens = max_total_tokens
        self.verbose = verbose
        self.options = options

    def run(self, paths: tuple[str, ...]) -> int:
        # Imported here: --help must not load the library.
        from summarizer.batch import collect_inputs

        inputs = collect_inputs(paths, stdin=sys.stdin.buffer, encoding=self.encoding)
        to_folder = self._check_output(len(inputs), any(Path(path).is_dir() for path in paths))
        summarizer = cached_summarizer(self.options)
        try:
            if self.fmt != "jsonl" and not to_folder:
                return self._single(inputs[0], summarizer)
            return self._batch(inputs, summarizer, to_folder)
        finally:
            summarizer.close()

    def _check_output(self, count: int, from_folder: bool) -> bool:
        """Whether outputs go to a folder; a usage error for combinations that cannot work."""
        output = self.output
        if self.fmt == "jsonl":
            if output is not None and (output.is_dir() or self.output_names_folder):
                raise click.UsageError(f"-o {output} is a folder; with --format jsonl, -o names the file")
            return False
        if output is None:
            if count > 1:
                raise click.UsageError(
                    f"{count} articles need -o FOLDER (or --format jsonl); only one article goes to stdout"
                )
            return False
        to_folder = count > 1 or from_folder or self.output_names_folder or output.is_dir()
        if to_folder and output.exists() and not output.is_dir():
            raise click.UsageError(f"-o {output} is a file; {count} article(s) from folders need a folder")
        return to_folder

    def _render(self, result: SummaryResult, article: Article | None) -> str:
        if self.fmt == "jsonl":
            return json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n"
        # Imported here: --help must not load the library.
        from summarizer.render import render

        text = render(result, self.fmt, article=article)
        return text if text.endswith("\n") else text + "\n"

    def _single(self, item: BatchInput, summarizer: CachedSummarizer) -> int:
        # Imported here: --help must not load the library.
        from summarizer.batch import atomic_write_text

        try:
            article = item.load()
            result, _ = summarizer.summarize(article)
            text = self._render(result, article)
            if self.output is not None:
                atomic_write_text(self.output, text)
        except Exception as error:
            fail(error, verbose=self.verbose, label=item.label)
        _report_dropped(item.label, result)
        if self.output is None:
            stdout = sys.stdout.buffer
            stdout.write(text.encode("utf-8"))
            stdout.flush()
        return ExitCode.OK

    def _batch(self, inputs: list[BatchInput], summarizer: CachedSummarizer, to_folder: bool) -> int:
        # Imported here: --help must not load the library.
        from summarizer.batch import DirectoryWriter, JsonlWriter, run_batch
        from summarizer.render import SUFFIXES

        jsonl: JsonlWriter | None = None
        if to_folder:
            assert self.output is not None
            writer: Any = DirectoryWriter(inputs, self.output, SUFFIXES[self.fmt], self._render)
        else:
            jsonl = JsonlWriter(self.output if self.output is not None else sys.stdout.buffer)
            writer = jsonl
        progress = _Progress(len(inputs), enabled=len(inputs) > 1 and sys.stderr.isatty())

        def on_outcome(outcome: Outcome) -> None:
            progress.advance(outcome)
            writer(outcome)
            if outcome.result is not None:
                _report_dropped(outcome.input.label, outcome.result)
            if outcome.status == "failed" and self.verbose:
                reason = without_label(describe(outcome.error or Exception()), outcome.input.label)
                warn(f"{outcome.input.label}: failed: {reason}")

        try:
            backend = summarizer.backend
            if backend.cpu_bound:  # computed here: one at a time, no event loop, no threads sharing the GIL
                scheduling: dict[str, Any] = {"concurrency": 1}
            else:  # one event loop, requests in flight at the server's pace
                limit = backend.max_concurrency or self.concurrency
                scheduling = {
                    "concurrency": min(self.concurrency, limit),
                    "asummarize": summarizer.asummarize,
                    "finish": backend.aclose,
                }
            report = run_batch(
                inputs,
                summarizer.summarize,
                max_total_tokens=self.max_total_tokens,
                on_outcome=on_outcome,
                **scheduling,
            )
        except BaseException:
            progress.close()
            if jsonl is not None:
                jsonl.abort()
            raise
        progress.close()
        if jsonl is not None:
            jsonl.commit()
        return _report(report, self.verbose)


def _report_dropped(label: str, result: SummaryResult) -> None:
    """One line on stderr naming what lenient mode dropped from ``result``, if anything."""
    if result.dropped:
        paths = ", ".join(item.path for item in result.dropped)
        warn(f"{label}: lenient mode dropped {len(result.dropped)} item(s): {paths}")


def _report(report: BatchReport, verbose: int) -> int:
    """The closing lines on stderr: what failed and why, what was not started, the tally; the exit code.

    The exit code is the most severe fault class seen (configuration, then input, then the rest).
    """
    done, failed, skipped = (report.with_status(s) for s in ("done", "failed", "skipped"))
    rows = [(o.input.label, without_label(describe(o.error or Exception()), o.input.label)) for o in failed]
    if rows and sys.stderr.isatty():
        # Imported here: only this path needs it, and --help must stay fast.
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Failed articles", title_justify="left")
        table.add_column("article", overflow="fold")
        table.add_column("reason", overflow="fold")
        for row in rows:
            table.add_row(*row)
        Console(file=sys.stderr, highlight=False).print(table)
    else:  # one greppable line per article in logs and pipes
        for label, reason in rows:
            warn(f"failed: {label}: {reason}")
    warn(
        f"{_tally(done, failed, skipped)}; {report.cached} from the cache; "
        f"{report.tokens:,} tokens in {report.calls} model call(s)"
    )
    if skipped:
        shown = skipped if verbose else skipped[:SHOWN_SKIPPED]
        names = ", ".join(outcome.input.label for outcome in shown)
        if len(shown) < len(skipped):
            names += f" and {len(skipped) - len(shown)} more (-v lists them)"
        warn(f"stopped early: {report.stop_reason}; not started: {names}")
    codes = [exit_code_for(outcome.error or Exception()) for outcome in failed]
    return most_severe([*codes, *([ExitCode.FAILURES] if skipped else [])])


def _tally(done: list[Outcome], failed: list[Outcome], skipped: list[Outcome]) -> str:
    """``12 done, 1 input error, 2 provider errors, 3 not started``."""
    classes: dict[str, int] = {}
    for outcome in failed:
        name = fault_class(outcome.error or Exception())
        classes[name] = classes.get(name, 0) + 1
    parts = [f"{len(done)} done"]
    parts += [f"{count} {name}{'s' if count > 1 else ''}" for name, count in classes.items()]
    if skipped:
        parts.append(f"{len(skipped)} not started")
    return ", ".join(parts)


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self._bar: Any = None
        if not enabled:
            return
        # Imported here: only this path needs it, and --help must stay fast.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("summarizing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("", total=total)
        self._bar.start()

    def advance(self, outcome: Outcome) -> None:
        """Count one more finished input."""
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=outcome.input.label)

    def close(self) -> None:
        """Take the bar off the screen."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
