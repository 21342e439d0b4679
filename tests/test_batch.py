"""The batch runner: inputs and their relative paths, bounded concurrency, stops, and atomic writers."""

from __future__ import annotations

import io
import json
import os
import threading
import time
from pathlib import Path, PurePath
from typing import Any

import pytest

from summarizer.article import Article
from summarizer.backends import create_backend
from summarizer.batch import (
    BatchInput,
    DirectoryWriter,
    JsonlWriter,
    Outcome,
    atomic_write_text,
    collect_inputs,
    output_paths,
    run_batch,
)
from summarizer.cache import CachedSummarizer, ResultCache
from summarizer.errors import ArticleError, ConfigurationError, ExtractionError, ProviderError, Usage
from summarizer.result import SummaryResult
from summarizer.testing import ScriptedModel
from tests.scripted import SEED_ARTICLE, client_for, gold_answer, settings


def _touch(path: Path, text: str = "Headline\nBody sentence one.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _relative(inputs: list[BatchInput]) -> list[str]:
    return [item.relative.as_posix() for item in inputs]


def test_a_folder_gives_every_txt_below_it(tmp_path: Path) -> None:
    for name in ("b.txt", "a/x.txt", "a/deeper/y.txt", ".hidden/z.txt", "a/.h.txt", "c.meta.json", "c.md"):
        _touch(tmp_path / "in" / name)
    assert _relative(collect_inputs([tmp_path / "in"])) == ["a/deeper/y.txt", "a/x.txt", "b.txt"]


def test_relative_paths_never_collide(tmp_path: Path) -> None:
    first = _touch(tmp_path / "europe" / "report.txt")
    second = _touch(tmp_path / "asia" / "report.txt")
    assert _relative(collect_inputs([first, second, first])) == ["europe/report.txt", "asia/report.txt"]
    assert _relative(collect_inputs([tmp_path / "europe", tmp_path / "asia"])) == [
        "europe/report.txt",
        "asia/report.txt",
    ]
    assert _relative(collect_inputs([first])) == ["report.txt"]


def test_named_sidecars_are_skipped(tmp_path: Path) -> None:
    article = _touch(tmp_path / "a.txt")
    sidecar = _touch(tmp_path / "a.gold.json", "{}")
    assert _relative(collect_inputs([article, sidecar])) == ["a.txt"]
    with pytest.raises(ArticleError, match="only sidecar"):
        collect_inputs([sidecar])


def test_stdin_input() -> None:
    inputs = collect_inputs(["-"], stdin=io.BytesIO(b"Talks resume\nThey met."))
    assert _relative(inputs) == ["stdin.txt"]
    assert inputs[0].load().headline == "Talks resume"
    with pytest.raises(ArticleError, match="named twice"):
        collect_inputs(["-", "-"], stdin=io.BytesIO(b"x"))


class _Endless(io.RawIOBase):
    """``yes``: an endless stream that counts what was read from it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"y\n" * (len(buffer) // 2) + b"y" * (len(buffer) % 2)
        self.served += len(buffer)
        return len(buffer)


def test_stdin_is_read_with_a_cap_and_refused_at_once() -> None:
    endless = _Endless()
    with pytest.raises(ArticleError, match="<stdin>: is over the limit of 2,000,000 bytes"):
        collect_inputs(["-"], stdin=io.BufferedReader(endless))
    assert endless.served < 2_000_000 + 64 * 1024


@pytest.mark.parametrize(
    ("paths", "message"),
    [([], "no input"), (["/nonexistent/article.txt"], "no such file"), (["."], None)],
    ids=["nothing", "missing", "empty-folder"],
)
def test_bad_inputs_are_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str], message: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArticleError, match=message or "no \\*.txt articles"):
        collect_inputs(paths)


def test_output_paths_mirror_inputs_and_keep_suffix_twins_apart(tmp_path: Path) -> None:
    inputs = [
        BatchInput("a", PurePath("x/report.txt")),
        BatchInput("b", PurePath("notes.txt")),
        BatchInput("c", PurePath("notes.text")),
    ]
    assert output_paths(inputs, tmp_path, ".md") == [
        tmp_path / "x/report.md",
        tmp_path / "notes.txt.md",
        tmp_path / "notes.text.md",
    ]


def test_atomic_write_leaves_nothing_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "a.json"
    atomic_write_text(target, "old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _inputs(n: int) -> list[BatchInput]:
    return [
        BatchInput(f"item{i}", PurePath(f"item{i}.txt"), text=f"Talks {i}\nThey met again.") for i in range(n)
    ]


class _Fake:
    """A summarize function with a scripted behaviour per article headline; records concurrency."""

    def __init__(
        self, result: SummaryResult, errors: dict[str, Exception] | None = None, delay: float = 0.01
    ):
        self.result, self.errors, self.delay = result, errors or {}, delay
        self.active = self.peak = self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, article: Article) -> tuple[SummaryResult, bool]:
        with self.lock:
            self.active += 1
            self.calls += 1
            self.peak = max(self.peak, self.active)
        time.sleep(self.delay)
        with self.lock:
            self.active -= 1
        if article.headline in self.errors:
            raise self.errors[article.headline]
        return self.result.model_copy(update={"source": article.headline}), False


@pytest.fixture(scope="module")
def result() -> SummaryResult:
    """A real result (150 tokens, one call) made through the scripted model."""
    from summarizer.api import summarize

    return summarize(SEED_ARTICLE, settings=settings(), client=client_for(ScriptedModel(gold_answer())))


def test_concurrency_is_bounded_and_failures_are_collected(result: SummaryResult) -> None:
    fake = _Fake(
        result,
        {
            "Talks 3": ExtractionError(
                "bad answer",
                attempts=3,
                errors=["x"],
                usage=Usage(calls=3, prompt_tokens=30, completion_tokens=0),
            )
        },
    )
    seen: list[int] = []
    report = run_batch(_inputs(8), fake, concurrency=3, on_outcome=lambda o: seen.append(o.index))
    assert fake.peak == 3
    assert sorted(seen) == list(range(8))
    assert [o.status for o in report.outcomes] == ["done"] * 3 + ["failed"] + ["done"] * 4
    assert [o.result.source for o in report.outcomes if o.result] == [
        f"Talks {i}" for i in range(8) if i != 3
    ]
    assert report.tokens == 7 * 150 + 30
    assert report.calls == 7 + 3
    assert not report.complete
    assert report.stop_reason is None


def test_an_error_every_article_would_repeat_stops_scheduling(result: SummaryResult) -> None:
    fake = _Fake(result, {"Talks 1": ProviderError("HTTP 401", status_code=401)})
    report = run_batch(_inputs(6), fake, concurrency=1)
    assert [o.status for o in report.outcomes] == ["done", "failed"] + ["skipped"] * 4
    assert fake.calls == 2
    assert report.stop_reason is not None
    assert "item1" in report.stop_reason
    fake = _Fake(result, {"Talks 0": ConfigurationError("no key")})
    assert [o.status for o in run_batch(_inputs(3), fake, concurrency=1).outcomes] == [
        "failed",
        "skipped",
        "skipped",
    ]


def test_token_budget_stops_new_articles(result: SummaryResult) -> None:
    report = run_batch(_inputs(5), _Fake(result), concurrency=1, max_total_tokens=301)
    assert [o.status for o in report.outcomes] == ["done"] * 3 + ["skipped"] * 2
    assert report.stop_reason == "the token budget of 301 is spent (450 used)"
    assert report.outcomes[-1].reason == f"not started: {report.stop_reason}"


def test_unreadable_article_fails_alone(result: SummaryResult, tmp_path: Path) -> None:
    bad = _touch(tmp_path / "bad.txt")
    bad.write_bytes(b"\xff\xfe")
    inputs = [*_inputs(2), BatchInput("bad", PurePath("bad.txt"), path=bad)]
    report = run_batch(inputs, _Fake(result), concurrency=2)
    assert [o.status for o in report.outcomes] == ["done", "done", "failed"]
    assert isinstance(report.outcomes[2].error, ArticleError)


def test_shared_client_and_cache_second_run_makes_no_call(tmp_path: Path) -> None:
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    inputs = [BatchInput(f"c{i}", PurePath(f"c{i}.txt"), text=f"{seed}\nCopy {i}.") for i in range(5)]
    model = ScriptedModel(*[gold_answer()] * 5)
    client = client_for(model)
    with ResultCache(tmp_path) as cache:
        first = run_batch(
            inputs,
            CachedSummarizer(create_backend(settings(), client=client), cache=cache).summarize,
            concurrency=3,
        )
        assert first.complete
        assert first.cached == 0
        assert model.calls == 5
        second = run_batch(
            inputs,
            CachedSummarizer(create_backend(settings(), client=client), cache=cache).summarize,
            concurrency=3,
        )
    assert second.complete
    assert second.cached == 5
    assert second.tokens == 0
    assert model.calls == 5


def test_directory_writer_writes_only_results(result: SummaryResult, tmp_path: Path) -> None:
    inputs = _inputs(2)
    writer = DirectoryWriter(inputs, tmp_path, ".json", lambda r, a: r.model_dump_json())
    writer(Outcome(0, inputs[0], "done", result=result))
    writer(Outcome(1, inputs[1], "failed", error=RuntimeError("x")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["item0.json"]


def test_jsonl_writer_keeps_input_order(result: SummaryResult, tmp_path: Path) -> None:
    inputs = _inputs(4)
    stream = io.BytesIO()
    writer = JsonlWriter(stream)
    outcomes = [
        Outcome(i, inputs[i], "done", result=result.model_copy(update={"source": f"s{i}"})) for i in range(4)
    ]
    outcomes[2] = Outcome(2, inputs[2], "failed", error=RuntimeError("x"))
    writer(outcomes[1])
    assert stream.getvalue() == b""
    writer(outcomes[0])
    writer(outcomes[3])
    assert [json.loads(line)["source"] for line in stream.getvalue().splitlines()] == ["s0", "s1"]
    writer(outcomes[2])
    writer.commit()
    assert [json.loads(line)["source"] for line in stream.getvalue().splitlines()] == ["s0", "s1", "s3"]


def test_jsonl_file_appears_only_when_complete(result: SummaryResult, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    writer = JsonlWriter(target)
    writer(Outcome(0, _inputs(1)[0], "done", result=result))
    assert not target.exists()
    writer.abort()
    assert list(tmp_path.iterdir()) == []
    writer = JsonlWriter(target)
    writer(Outcome(0, _inputs(1)[0], "done", result=result))
    writer.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["all.jsonl"]
    assert json.loads(target.read_text(encoding="utf-8"))["provenance"]["backend"] == "openai"


def test_an_output_that_cannot_be_written_fails_its_article_only(result: SummaryResult) -> None:
    def write(outcome: Outcome) -> None:
        if outcome.index == 1:
            raise OSError(28, "No space left on device", "out/item1.json")

    report = run_batch(_inputs(3), _Fake(result), concurrency=2, on_outcome=write)
    assert [o.status for o in report.outcomes] == ["done", "failed", "done"]
    assert isinstance(report.outcomes[1].error, OSError)


class _AsyncFake(_Fake):
    """The asynchronous twin of :class:`_Fake`, for the event-loop scheduler."""

    async def asummarize(self, article: Article) -> tuple[SummaryResult, bool]:
        import asyncio

        with self.lock:
            self.active += 1
            self.calls += 1
            self.peak = max(self.peak, self.active)
        await asyncio.sleep(self.delay)
        with self.lock:
            self.active -= 1
        if article.headline in self.errors:
            raise self.errors[article.headline]
        return self.result.model_copy(update={"source": article.headline}), False


def test_the_event_loop_scheduler_bounds_concurrency_collects_failures_and_closes(
    result: SummaryResult,
) -> None:
    fake = _AsyncFake(result, {"Talks 3": ProviderError("HTTP 500", status_code=500)})
    seen: list[tuple[int, str]] = []
    closed: list[bool] = []

    async def finish() -> None:
        closed.append(True)

    report = run_batch(
        _inputs(9),
        fake,
        asummarize=fake.asummarize,
        finish=finish,
        concurrency=4,
        on_outcome=lambda o: seen.append((o.index, threading.current_thread().name)),
    )
    assert fake.peak == 4
    assert [o.status for o in report.outcomes] == ["done"] * 3 + ["failed"] + ["done"] * 5
    assert sorted(index for index, _ in seen) == list(range(9))
    assert {name for _, name in seen} == {"summarize-output_0"}  # outputs written on one thread, in turn
    assert report.calls == 8
    assert closed == [True]


def test_the_event_loop_scheduler_stops_on_budget(result: SummaryResult) -> None:
    fake = _AsyncFake(result)
    report = run_batch(_inputs(5), fake, asummarize=fake.asummarize, concurrency=1, max_total_tokens=301)
    assert [o.status for o in report.outcomes] == ["done"] * 3 + ["skipped"] * 2


@pytest.mark.parametrize("scheduler", ["threads", "event loop"])
def test_identical_articles_that_fail_count_their_usage_once(result: SummaryResult, scheduler: str) -> None:
    spent = Usage(calls=3, prompt_tokens=200, completion_tokens=40)
    error = ExtractionError("the model's answer failed validation", attempts=3, errors=[], usage=spent)
    twins = [
        BatchInput("a.txt", PurePath("a.txt"), text="Talks\nThey met."),
        BatchInput("b.txt", PurePath("b.txt"), text="Talks\nThey met."),
        BatchInput("c.txt", PurePath("c.txt"), text="Other talks\nThey met again."),
    ]
    fake = _AsyncFake(result, {"Talks": error}, delay=0.05)
    extra = {"asummarize": fake.asummarize} if scheduler == "event loop" else {}
    # Counted once, the twins spend 240 tokens and the third article 150: the budget of 400 is not reached.
    report = run_batch(twins, fake, concurrency=3, max_total_tokens=400, **extra)  # type: ignore[arg-type]
    assert fake.calls == 2
    assert [o.status for o in report.outcomes] == ["failed", "failed", "done"]
    assert [o.shared for o in report.outcomes] == [False, True, False]
    assert report.outcomes[1].error is error
    assert [o.tokens for o in report.outcomes] == [240, 0, 150]
    assert (report.tokens, report.calls) == (390, 4)
    assert report.stop_reason is None


@pytest.mark.parametrize("scheduler", ["threads", "event loop"])
def test_identical_articles_are_sent_once_and_share_the_result(result: SummaryResult, scheduler: str) -> None:
    twins = [
        BatchInput("a.txt", PurePath("a.txt"), text="Talks\nThey met."),
        BatchInput("b.txt", PurePath("b.txt"), text="Talks\nThey met."),
        BatchInput("c.txt", PurePath("c.txt"), text="Talks\nThey met again."),
    ]
    fake = _AsyncFake(result, delay=0.05)
    extra = {"asummarize": fake.asummarize} if scheduler == "event loop" else {}
    report = run_batch(twins, fake, concurrency=3, **extra)  # type: ignore[arg-type]
    assert fake.calls == 2
    assert [o.status for o in report.outcomes] == ["done"] * 3
    assert [o.shared for o in report.outcomes] == [False, True, False]
    assert report.outcomes[1].result is not None
    assert report.outcomes[1].result.summary == report.outcomes[0].result.summary  # type: ignore[union-attr]
    assert report.calls == 2
    assert report.tokens == 300
