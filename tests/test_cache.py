"""The result cache: keys, round trips, damaged entries, concurrent processes, and the cached summarizer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.api import summarize
from summarizer.article import load_article
from summarizer.backends import create_backend
from summarizer.cache import CachedSummarizer, ResultCache, cache_key, default_cache_dir
from summarizer.config import Settings
from summarizer.result import SummaryResult
from summarizer.testing import ScriptedModel
from tests.scripted import SEED_ARTICLE, client_for, gold_answer, settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result() -> SummaryResult:
    """A real result for the seed article, made through the scripted model."""
    return summarize(SEED_ARTICLE, settings=settings(), client=client_for(ScriptedModel(gold_answer())))


def test_key_depends_on_the_article_and_every_setting() -> None:
    base = create_backend(settings()).fingerprint()
    key = cache_key("a" * 64, base)
    assert key == cache_key("a" * 64, dict(reversed(list(base.items()))))
    assert key != cache_key("b" * 64, base)
    for name, value in base.items():
        changed = {**base, name: f"{value}-changed"}
        assert cache_key("a" * 64, changed) != key, name


def test_key_ignores_the_api_key() -> None:
    with_key = create_backend(settings(api_key="sk-one")).fingerprint()
    assert cache_key("a" * 64, with_key) == cache_key(
        "a" * 64, create_backend(settings(api_key="sk-two")).fingerprint()
    )
    assert "sk-one" not in repr(with_key)


def test_round_trip_sets_the_callers_source(tmp_path: Path, result: SummaryResult) -> None:
    with ResultCache(tmp_path) as cache:
        assert cache.get("k") is None
        cache.put("k", result)
        again = cache.get("k", source="elsewhere/copy.txt")
    assert again is not None
    assert again.source == "elsewhere/copy.txt"
    assert again.model_copy(update={"source": result.source}) == result


@pytest.mark.parametrize("bad", ["not json at all", '{"summary": {}}', b"\x80bytes", 42])
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    tmp_path: Path, result: SummaryResult, bad: object
) -> None:
    with ResultCache(tmp_path) as cache:
        cache._store.set("k", bad)
        assert cache.get("k") is None
        assert "k" not in cache
        cache.put("k", result)
        assert cache.get("k") is not None


def test_a_damaged_value_file_is_a_miss(tmp_path: Path, result: SummaryResult) -> None:
    with ResultCache(tmp_path) as cache:
        cache._store.reset("disk_min_file_size", 0)  # store even small values in their own files
        cache.put("k", result)
        value_files = list(tmp_path.rglob("*.val"))
        assert value_files
        for path in value_files:
            path.write_bytes(b"\xff\x00 truncated")
        assert cache.get("k") is None
        cache.put("k", result)
        assert cache.get("k") is not None


def test_a_damaged_database_is_set_aside(tmp_path: Path, result: SummaryResult) -> None:
    with ResultCache(tmp_path) as cache:
        cache.put("k", result)
    (tmp_path / "cache.db").write_bytes(b"this is not an sqlite database" * 100)
    with ResultCache(tmp_path) as cache:
        assert cache.get("k") is None
        cache.put("k", result)
        assert cache.get("k") is not None
    assert list(tmp_path.glob("cache.db.corrupt-*"))


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "summarizer" / "results"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


_WRITER = """
import sys
from summarizer.result import SummaryResult
from summarizer.cache import ResultCache
result = SummaryResult.model_validate_json(open(sys.argv[2], encoding="utf-8").read())
with ResultCache(sys.argv[1]) as cache:
    for i in range(25):
        cache.put(f"{sys.argv[3]}-{i}", result)
        cache.put("shared", result)
        assert cache.get(f"{sys.argv[3]}-{i // 2}") is not None
"""


def test_several_processes_write_at_once(tmp_path: Path, result: SummaryResult) -> None:
    stored = tmp_path / "result.json"
    stored.write_text(result.model_dump_json(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path / "c"), str(stored), name], env=env)
        for name in ("p", "q", "r")
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0]
    with ResultCache(tmp_path / "c") as cache:
        assert len(cache) == 76
        assert all(cache.get(f"{name}-{i}") is not None for name in "pqr" for i in range(25))


def test_cached_summarizer_calls_the_model_once(tmp_path: Path) -> None:
    model = ScriptedModel(gold_answer())
    article = load_article(SEED_ARTICLE)
    with ResultCache(tmp_path) as cache:
        first = CachedSummarizer(create_backend(settings(), client=client_for(model)), cache=cache)
        result, cached = first.summarize(article)
        assert (cached, first.calls, first.hits) == (False, 1, 0)
        again = CachedSummarizer(create_backend(settings(), client=client_for(model)), cache=cache)
        second, cached = again.summarize(article)
        assert (cached, again.calls, again.hits) == (True, 0, 1)
        assert again(SEED_ARTICLE) == second
    assert model.calls == 1
    assert second == result


def test_the_offline_backend_is_not_cached(tmp_path: Path) -> None:
    with ResultCache(tmp_path) as cache:
        summarizer = CachedSummarizer(create_backend(Settings(backend="offline")), cache=cache)
    assert summarizer.cache is None
