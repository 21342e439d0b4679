"""Running many articles: bounded concurrency, failures collected, a token budget, atomic outputs.

:func:`collect_inputs` turns files, folders (every ``*.txt`` below, recursively) and ``-`` (standard input)
into :class:`BatchInput` items whose ``relative`` path mirrors the input tree, so outputs never collide.
:func:`run_batch` summarizes them through one summarizer (one client, one cache): on one asyncio event loop
with ``concurrency`` requests in flight when given an asynchronous summarizer, else on a few worker threads.
It sends identical articles (same text and metadata) once and shares the result, never lets one failure
stop the others, and stops scheduling new articles once a token budget is spent or after an error that would
fail every article (bad configuration, a rejected key, an unknown model).
Outcomes reach a callback in the calling thread, where :class:`DirectoryWriter` and :class:`JsonlWriter` write
them atomically: a temporary file in the target folder, then a rename, so an interrupted run never leaves a
half-written output.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import BinaryIO, Literal

from ._decode import decode_article, read_capped
from ._tempfiles import open_temporary
from .article import Article, load_article
from .errors import ArticleError, ConfigurationError, ProviderError
from .result import SummaryResult

__all__ = [
    "BatchInput",
    "BatchReport",
    "DirectoryWriter",
    "JsonlWriter",
    "Outcome",
    "atomic_write_text",
    "collect_inputs",
    "output_paths",
    "read_stdin_article",
    "run_batch",
]

STDIN = "-"
STDIN_LABEL = "<stdin>"
SKIPPED_SUFFIXES = (".meta.json", ".gold.json")

Status = Literal["done", "failed", "skipped"]
Summarize = Callable[[Article], tuple[SummaryResult, bool]]
ASummarize = Callable[[Article], Awaitable[tuple[SummaryResult, bool]]]
OFF_LOOP_BYTES = 20_000
"""Articles at least this large are read and segmented on a worker thread, off the event loop."""


@dataclass(frozen=True)
class BatchInput:
    """One article to summarize: its label, the relative path its output mirrors, and where to read it."""

    label: str
    relative: PurePath
    path: Path | None = None
    text: str | None = None
    encoding: str | None = None
    """The encoding to read ``path`` in (``None``: detect it); for ``text``, the one it was read in."""

    def load(self) -> Article:
        """Read and segment the article; :class:`ArticleError` if it is not usable."""
        if self.path is not None:
            return load_article(self.path, encoding=self.encoding)
        return Article.from_text(self.text or "", encoding=self.encoding or "utf-8")


def read_stdin_article(stream: BinaryIO, encoding: str | None = None) -> tuple[str, str]:
    """Standard input's text and encoding, read with the byte cap and the same checks as a file."""
    text, used = decode_article(read_capped(stream, STDIN_LABEL), STDIN_LABEL, encoding)
    if not text.strip():
        raise ArticleError(f"{STDIN_LABEL}: is empty")
    return text, used


def collect_inputs(
    paths: Sequence[str | Path], *, stdin: BinaryIO | None = None, encoding: str | None = None
) -> list[BatchInput]:
    """Expand files, folders and ``-`` into articles, each with a relative path unique within the batch.

    Folders contribute every ``*.txt`` below them (hidden files and folders excepted), in sorted order.
    Sidecars (``*.meta.json``, ``*.gold.json``) are skipped even when named. Relative paths are taken from the
    deepest folder common to all inputs, so ``a/report.txt`` and ``b/report.txt`` stay apart. ``-`` reads
    ``stdin`` at once (and refuses it as soon as it passes the size limit); ``encoding`` overrides detection.
    """
    if not paths:
        raise ArticleError("no input given: name article files, folders, or - for standard input")
    found: list[tuple[Path, Path]] = []  # (file, the folder its relative path starts from)
    stdin_text: tuple[str, str] | None = None
    for raw in paths:
        if str(raw) == STDIN:
            if stdin_text is not None:
                raise ArticleError("standard input (-) is named twice")
            stdin_text = read_stdin_article(stdin if stdin is not None else io.BytesIO(), encoding)
            continue
        path = Path(raw)
        if path.is_dir():
            articles = sorted(
                file
                for file in path.rglob("*.txt")
                if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts)
            )
            if not articles:
                raise ArticleError(f"{path}: no *.txt articles in this folder")
            found.extend((file, path) for file in articles)
        elif path.is_file():
            if not path.name.endswith(SKIPPED_SUFFIXES):
                found.append((path, path.parent))
        elif path.exists():
            raise ArticleError(f"{path}: not a regular file or folder")
        else:
            raise ArticleError(f"{path}: no such file or folder")
    inputs = _with_relative_paths(found, encoding)
    if stdin_text is not None:
        text, used = stdin_text
        inputs.append(BatchInput(STDIN_LABEL, PurePath("stdin.txt"), text=text, encoding=used))
    if not inputs:
        raise ArticleError(
            "no articles to summarize: only sidecar files (*.meta.json, *.gold.json) were named"
        )
    return inputs


def _with_relative_paths(found: list[tuple[Path, Path]], encoding: str | None) -> list[BatchInput]:
    if not found:
        return []
    seen: set[str] = set()
    unique: list[tuple[Path, str, str]] = []
    for file, root in found:
        absolute = os.path.abspath(file)
        if absolute not in seen:
            seen.add(absolute)
            unique.append((file, absolute, os.path.abspath(root)))
    common = os.path.commonpath([root for _, _, root in unique])
    return [
        BatchInput(str(file), PurePath(os.path.relpath(absolute, common)), path=file, encoding=encoding)
        for file, absolute, _ in unique
    ]


def output_paths(inputs: Sequence[BatchInput], directory: Path, extension: str) -> list[Path]:
    """Where each input's output goes: its relative path under ``directory`` with ``extension``."""
    planned = [directory / item.relative.with_suffix(extension) for item in inputs]
    counts: dict[Path, int] = {}
    for path in planned:
        counts[path] = counts.get(path, 0) + 1
    # Two inputs that differ only in suffix (notes.txt, notes.text) keep their full names.
    return [
        directory / f"{item.relative}{extension}" if counts[path] > 1 else path
        for item, path in zip(inputs, planned, strict=True)
    ]


@lru_cache(maxsize=1)
def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary file is removed on any error; one a killed process left is swept by the next writer
    into that folder (:mod:`summarizer._tempfiles`).
    """
    handle, temporary = open_temporary(path)
    try:
        with handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass
class Outcome:
    """What became of one input: done (with its result), failed (with the error) or skipped (with why)."""

    index: int
    input: BatchInput
    status: Status
    result: SummaryResult | None = None
    article: Article | None = None
    error: Exception | None = None
    cached: bool = False
    reason: str | None = None
    shared: bool = False
    """The result is that of an identical article in the same batch, sent once."""

    def __repr__(self) -> str:
        # Short: event-loop and error messages show outcomes, and a whole result runs to megabytes.
        return f"Outcome({self.index}, {self.input.label!r}, {self.status!r})"

    @property
    def tokens(self) -> int:
        """Tokens this outcome spent now: zero for a cache hit, a shared result or a skipped input."""
        if self.cached or self.shared or self.status == "skipped":
            return 0
        if self.result is not None:
            return self.result.usage.total_tokens
        usage = getattr(self.error, "usage", None)
        return int(getattr(usage, "total_tokens", 0) or 0)

    @property
    def calls(self) -> int:
        """Model calls this outcome made now."""
        if self.cached or self.shared or self.status == "skipped":
            return 0
        usage = self.result.usage if self.result is not None else getattr(self.error, "usage", None)
        return int(getattr(usage, "calls", 0) or 0)


@dataclass
class BatchReport:
    """Every outcome in input order, the tokens spent, and why scheduling stopped early, if it did."""

    outcomes: list[Outcome] = field(default_factory=list)
    tokens: int = 0
    calls: int = 0
    stop_reason: str | None = None

    def with_status(self, status: Status) -> list[Outcome]:
        """The outcomes with that status, in input order."""
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def cached(self) -> int:
        """How many results came from the cache."""
        return sum(1 for outcome in self.outcomes if outcome.cached)

    @property
    def complete(self) -> bool:
        """Whether every input was summarized."""
        return all(outcome.status == "done" for outcome in self.outcomes)


def _work(index: int, item: BatchInput, summarize: Summarize) -> Outcome:
    article: Article | None = None
    try:
        article = item.load()
        result, cached = summarize(article)
    except _SharedResult as shared:
        assert article is not None
        return _shared(index, item, article, shared.result)
    except Exception as exc:  # one article's failure, whatever it is, must not stop the others
        return Outcome(index, item, "failed", article=article, error=exc)
    return Outcome(index, item, "done", result=result, article=article, cached=cached)


def _fatal(error: Exception | None) -> bool:
    if isinstance(error, ConfigurationError):
        return True
    return isinstance(error, ProviderError) and error.misconfigured


def _identity(article: Article) -> tuple[str, str]:
    """What makes two articles the same request: their text and the metadata the prompt shows."""
    return article.sha256, json.dumps(article.metadata, sort_keys=True, default=str)


def _shared(index: int, item: BatchInput, article: Article, result: SummaryResult) -> Outcome:
    mine = result.model_copy(update={"source": article.source})
    return Outcome(index, item, "done", result=mine, article=article, shared=True)


def run_batch(
    inputs: Sequence[BatchInput],
    summarize: Summarize,
    *,
    asummarize: ASummarize | None = None,
    finish: Callable[[], Awaitable[None]] | None = None,
    concurrency: int = 4,
    max_total_tokens: int | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchReport:
    """Summarize ``inputs``, up to ``concurrency`` at once; call ``on_outcome`` as each one ends.

    ``summarize`` (and ``asummarize``, its asynchronous twin) return a result and whether it came from the
    cache (see :meth:`summarizer.cache.CachedSummarizer.summarize`). With ``asummarize`` the batch runs on one
    event loop in this thread, ``on_outcome`` is called on one worker thread in turn (writing outputs never
    holds up the requests), and ``finish`` is awaited on the loop at the end (to close asynchronous clients);
    without, articles run on worker threads and ``on_outcome`` is called in this thread. An article
    identical to one already started is not sent again: it gets that article's result (or error).
    If ``on_outcome`` raises for an outcome (an output that cannot be written), that outcome becomes a
    failure with the exception. Once ``max_total_tokens`` are spent, or after an error that every article
    would repeat, no new article starts; those in flight finish, the rest are reported as skipped. On an
    interrupt (``KeyboardInterrupt``) no new article starts and the exception propagates at once; requests
    in flight are cancelled (threads already calling the model end on their own).
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if max_total_tokens is not None and max_total_tokens < 1:
        raise ValueError("max_total_tokens must be positive")
    if asummarize is not None:
        return asyncio.run(_run_async(inputs, asummarize, finish, concurrency, max_total_tokens, on_outcome))
    summarize = _sent_once(summarize)
    report = BatchReport()
    outcomes: list[Outcome | None] = [None] * len(inputs)
    queue = deque(enumerate(inputs))
    running: dict[Future[Outcome], int] = {}
    executor = ThreadPoolExecutor(
        max_workers=max(1, min(concurrency, len(inputs))), thread_name_prefix="summarize"
    )
    try:
        while queue or running:
            while queue and len(running) < concurrency and report.stop_reason is None:
                index, item = queue.popleft()
                running[executor.submit(_work, index, item, summarize)] = index
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=running.__getitem__):
                del running[future]
                outcome = future.result()
                _account(report, outcomes, outcome, max_total_tokens)
                _deliver(outcome, on_outcome)
        for index, item in queue:
            skipped = Outcome(index, item, "skipped", reason=f"not started: {report.stop_reason}")
            outcomes[index] = skipped
            _deliver(skipped, on_outcome)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    report.outcomes = [outcome for outcome in outcomes if outcome is not None]
    return report


def _sent_once(summarize: Summarize) -> Summarize:
    """``summarize`` for threads, where an article identical to one already sent waits for its result."""
    pending: dict[tuple[str, str], Future[tuple[SummaryResult, bool]]] = {}
    lock = threading.Lock()

    def once(article: Article) -> tuple[SummaryResult, bool]:
        key = _identity(article)
        mine: Future[tuple[SummaryResult, bool]] = Future()
        with lock:
            first = pending.setdefault(key, mine)
        if first is not mine:
            result, _ = first.result()
            raise _SharedResult(result)
        try:
            answer = summarize(article)
        except BaseException as exc:
            mine.set_exception(exc)
            raise
        mine.set_result(answer)
        return answer

    return once


class _SharedResult(Exception):
    """Carries an identical article's result out of the worker (the outcome is marked shared)."""

    def __init__(self, result: SummaryResult) -> None:
        super().__init__("shared")
        self.result = result


async def _run_async(
    inputs: Sequence[BatchInput],
    asummarize: ASummarize,
    finish: Callable[[], Awaitable[None]] | None,
    concurrency: int,
    max_total_tokens: int | None,
    on_outcome: Callable[[Outcome], None] | None,
) -> BatchReport:
    """:func:`run_batch` on the running event loop: ``concurrency`` articles in flight at once."""
    report = BatchReport()
    outcomes: list[Outcome | None] = [None] * len(inputs)
    queue = deque(enumerate(inputs))
    started: dict[tuple[str, str], asyncio.Future[tuple[SummaryResult, bool]]] = {}

    async def work(index: int, item: BatchInput) -> Outcome:
        article: Article | None = None
        try:
            large = item.path is not None and item.path.stat().st_size >= OFF_LOOP_BYTES
            article = await asyncio.to_thread(item.load) if large else item.load()
            key = _identity(article)
            first = started.get(key)
            if first is not None:
                result, _ = await asyncio.shield(first)
                return _shared(index, item, article, result)
            started[key] = mine = asyncio.get_running_loop().create_future()
            try:
                result, cached = await asummarize(article)
            except BaseException as exc:
                mine.set_exception(exc)
                mine.exception()  # retrieved: identical articles re-raise it; nobody else need
                raise
            mine.set_result((result, cached))
        except Exception as exc:  # one article's failure, whatever it is, must not stop the others
            return Outcome(index, item, "failed", article=article, error=exc)
        return Outcome(index, item, "done", result=result, article=article, cached=cached)

    running: set[asyncio.Task[Outcome]] = set()
    loop = asyncio.get_running_loop()
    # Outputs are written on one thread, in order, so the loop keeps serving requests meanwhile.
    output = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarize-output")
    writes: list[asyncio.Future[None]] = []

    def refill() -> None:
        while queue and len(running) < concurrency and report.stop_reason is None:
            index, item = queue.popleft()
            running.add(asyncio.create_task(work(index, item)))

    def deliver(outcome: Outcome) -> None:
        writes.append(loop.run_in_executor(output, _deliver, outcome, on_outcome))

    try:
        refill()
        while running:
            finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for outcome in sorted((task.result() for task in finished), key=lambda done: done.index):
                _account(report, outcomes, outcome, max_total_tokens)
                deliver(outcome)
            refill()
        for index, item in queue:
            skipped = Outcome(index, item, "skipped", reason=f"not started: {report.stop_reason}")
            outcomes[index] = skipped
            deliver(skipped)
        await asyncio.gather(*writes)
    except BaseException:
        output.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        for task in running:
            task.cancel()
        if finish is not None:
            await finish()
    output.shutdown(wait=True)
    report.outcomes = [outcome for outcome in outcomes if outcome is not None]
    return report


def _account(
    report: BatchReport, outcomes: list[Outcome | None], outcome: Outcome, max_total_tokens: int | None
) -> None:
    """Count ``outcome`` into the report; stop scheduling when the budget is spent or on a fatal error."""
    outcomes[outcome.index] = outcome
    report.tokens += outcome.tokens
    report.calls += outcome.calls
    if report.stop_reason is None:
        report.stop_reason = _stop_reason(outcome, report.tokens, max_total_tokens)


def _deliver(outcome: Outcome, on_outcome: Callable[[Outcome], None] | None) -> None:
    """Hand ``outcome`` to the callback; if that fails (the output cannot be written), so did the article."""
    if on_outcome is None:
        return
    try:
        on_outcome(outcome)
    except Exception as exc:
        outcome.status = "failed"
        outcome.error = exc


def _stop_reason(outcome: Outcome, spent: int, budget: int | None) -> str | None:
    if budget is not None and spent >= budget:
        return f"the token budget of {budget:,} is spent ({spent:,} used)"
    if outcome.status == "failed" and _fatal(outcome.error):
        return f"{outcome.input.label} failed with an error every article would repeat"
    return None


class DirectoryWriter:
    """Writes each finished result to its mirrored path under a folder, atomically."""

    def __init__(
        self,
        inputs: Sequence[BatchInput],
        directory: Path,
        extension: str,
        render: Callable[[SummaryResult, Article | None], str],
    ) -> None:
        self.paths = output_paths(inputs, directory, extension)
        self.render = render
        self.written: list[Path] = []

    def __call__(self, outcome: Outcome) -> None:
        """Write ``outcome``'s result, if it has one."""
        if outcome.result is None:
            return
        path = self.paths[outcome.index]
        atomic_write_text(path, self.render(outcome.result, outcome.article))
        self.written.append(path)


class JsonlWriter:
    """One result per line (UTF-8) in input order, with its source path and provenance; failures left out.

    To a stream, lines go out as soon as every earlier input has ended. To a file, lines gather in a
    temporary file that :meth:`commit` renames into place; :meth:`abort` removes it.
    """

    def __init__(self, target: Path | BinaryIO) -> None:
        self._ready: dict[int, Outcome] = {}
        self._next = 0
        self.lines = 0
        self._path: Path | None = None
        self._temporary: Path | None = None
        self._stream: BinaryIO
        if isinstance(target, Path):
            self._path = target
            self._stream, self._temporary = open_temporary(target)
        else:
            self._stream = target

    def __call__(self, outcome: Outcome) -> None:
        """Take one outcome; write every line that is now in order."""
        self._ready[outcome.index] = outcome
        self._emit(self._pop_ready())

    def _pop_ready(self) -> Iterable[Outcome]:
        while self._next in self._ready:
            yield self._ready.pop(self._next)
            self._next += 1

    def _emit(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            if outcome.result is None:
                continue
            line = json.dumps(outcome.result.model_dump(mode="json"), ensure_ascii=False) + "\n"
            self._stream.write(line.encode("utf-8"))
            self._stream.flush()
            self.lines += 1

    def commit(self) -> None:
        """Write what is left, in order, and move the file into place."""
        self._emit(self._ready.pop(index) for index in sorted(self._ready))
        if self._path is None or self._temporary is None:
            return
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        os.chmod(self._temporary, _file_mode())
        os.replace(self._temporary, self._path)
        self._temporary = None

    def abort(self) -> None:
        """Discard a file that is not complete."""
        if self._temporary is None:
            return
        self._stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self._temporary)
        self._temporary = None
