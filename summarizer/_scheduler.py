"""The batch scheduler: many articles through one summarizer, bounded concurrency, failures collected.

On one asyncio event loop with ``concurrency`` requests in flight when given an asynchronous summarizer
(outputs are written on a worker thread meanwhile), else on a few worker threads. Identical articles (same
text and metadata) are sent once and share the result. One failure never stops the others; scheduling stops
once a token budget is spent or after an error that would fail every article (bad configuration, a rejected
key, an unknown model).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .article import Article
from .errors import ConfigurationError, ProviderError
from .result import SummaryResult

if TYPE_CHECKING:
    from .batch import BatchInput

__all__ = ["OFF_LOOP_BYTES", "ASummarize", "BatchReport", "Outcome", "Summarize", "run_batch"]

Status = Literal["done", "failed", "skipped"]
Summarize = Callable[[Article], tuple[SummaryResult, bool]]
ASummarize = Callable[[Article], Awaitable[tuple[SummaryResult, bool]]]
OFF_LOOP_BYTES = 20_000
"""Articles at least this large are read and segmented on a worker thread, off the event loop."""


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
    """The result (or the error) is that of an identical article in the same batch, sent once: its calls
    and tokens are counted with that article's, not again."""

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
    except _SharedFailure as shared:
        return Outcome(index, item, "failed", article=article, error=shared.error, shared=True)
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
            try:
                result, _ = first.result()
            except Exception as exc:
                raise _SharedFailure(exc) from None
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


class _SharedFailure(Exception):
    """Carries an identical article's error out of the worker (the outcome is marked shared)."""

    def __init__(self, error: Exception) -> None:
        super().__init__("shared failure")
        self.error = error


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
                try:
                    result, _ = await asyncio.shield(first)
                except Exception as exc:  # its error, and its usage, counted once: with the first copy
                    return Outcome(index, item, "failed", article=article, error=exc, shared=True)
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

    loop = asyncio.get_running_loop()
    # Outputs are written on one thread, in order, so the loop keeps serving requests meanwhile.
    output = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarize-output")
    writes: list[asyncio.Future[None]] = []

    async def worker() -> None:
        # Each worker takes its next article as soon as it is done with one: the next request goes out
        # before the loop turns to the other answers that arrived meanwhile, so requests overlap the work.
        while queue and report.stop_reason is None:
            index, item = queue.popleft()
            outcome = await work(index, item)
            _account(report, outcomes, outcome, max_total_tokens)
            writes.append(loop.run_in_executor(output, _deliver, outcome, on_outcome))

    workers = [asyncio.create_task(worker()) for _ in range(min(concurrency, len(inputs)))]
    try:
        await asyncio.gather(*workers)
        for index, item in queue:
            skipped = Outcome(index, item, "skipped", reason=f"not started: {report.stop_reason}")
            outcomes[index] = skipped
            writes.append(loop.run_in_executor(output, _deliver, skipped, on_outcome))
        await asyncio.gather(*writes)
    except BaseException:
        output.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        for task in workers:
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
