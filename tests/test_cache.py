"""The result cache: keys, round trips, damaged entries, concurrent processes, and the cached summarizer."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import cache as cache_module
from summarizer._json_store import DATABASE_NAME
from summarizer.api import summarize
from summarizer.article import Article, load_article
from summarizer.backends import create_backend
from summarizer.cache import CachedSummarizer, ResultCache, cache_key, default_cache_dir
from summarizer.config import Settings
from summarizer.grounding import evidence_check
from summarizer.result import SummaryResult
from summarizer.schema import EVIDENCE_CHECK, NegotiationSummary
from summarizer.testing import ScriptedModel
from tests.scripted import SEED_ARTICLE, client_for, gold_answer, settings

ROOT = Path(__file__).resolve().parent.parent
SEED = load_article(SEED_ARTICLE)


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


def test_key_holds_no_secret_of_the_base_url_but_tells_them_apart() -> None:
    secret = "sk-" + "gatewaykey123"
    with_secret = create_backend(settings(base_url=f"https://user:{secret}@gw.test/v1?api-key={secret}"))
    other = create_backend(settings(base_url="https://user:other@gw.test/v1?api-key=other"))
    assert secret not in json.dumps(with_secret.fingerprint())
    assert with_secret.fingerprint()["base_url"] == "https://***@gw.test/v1?api-key=***"
    assert with_secret.fingerprint() == other.fingerprint()  # what provenance shows
    assert cache_key("a" * 64, with_secret.cache_identity()) != cache_key("a" * 64, other.cache_identity())
    assert secret not in json.dumps(with_secret.cache_identity())


def test_round_trip_sets_the_callers_source(tmp_path: Path, result: SummaryResult) -> None:
    copy = Article.from_text(SEED.text, source="elsewhere/copy.txt")
    with ResultCache(tmp_path) as cache:
        assert cache.get("k", SEED) is None
        cache.put("k", result)
        again = cache.get("k", copy)
    assert again is not None
    assert again.source == "elsewhere/copy.txt"
    assert again.model_copy(update={"source": result.source}) == result


def test_a_hit_is_validated_once_and_grounded(
    tmp_path: Path, result: SummaryResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    validations: list[int] = []
    groundings: list[int] = []
    reference_errors = NegotiationSummary.reference_errors

    def counted_references(self: NegotiationSummary) -> list[str]:
        validations.append(len(self.parties))
        return reference_errors(self)

    def counted_context(article: Article) -> dict[str, object]:
        check = evidence_check(article)

        def counted_check(summary: NegotiationSummary) -> list[str]:
            groundings.append(len(summary.parties))
            return check(summary)

        return {EVIDENCE_CHECK: counted_check}

    with ResultCache(tmp_path) as cache:
        cache.put("k", result)
        monkeypatch.setattr(NegotiationSummary, "reference_errors", counted_references)
        monkeypatch.setattr(cache_module, "evidence_context", counted_context)
        again = cache.get("k", SEED)
    assert again == result
    assert len(validations) == 1
    assert len(groundings) == 1


def _write_raw(folder: Path, key: str, value: object) -> None:
    """Write ``value`` into the store's file directly, as another program (or an attacker) could."""
    with contextlib.closing(sqlite3.connect(folder / DATABASE_NAME)) as db, db:
        db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, 0, 0)", (key, value))


@pytest.mark.parametrize("bad", ["not json at all", '{"summary": {}}', b"\x80bytes", 42])
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    tmp_path: Path, result: SummaryResult, bad: object, caplog: pytest.LogCaptureFixture
) -> None:
    with ResultCache(tmp_path) as cache:
        _write_raw(tmp_path, "k", bad)
        assert cache.get("k", SEED) is None
        assert "k" not in cache
        cache.put("k", result)
        assert cache.get("k", SEED) is not None
    assert "fails its checks" in caplog.text


class _Payload:
    """Unpickling this runs ``touch`` on a marker file: what the issue's attack did."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_written_into_the_store_never_runs(
    tmp_path: Path, result: SummaryResult, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    with ResultCache(tmp_path / "c") as cache:
        cache.put("k", result)
        _write_raw(tmp_path / "c", "k", payload)
        _write_raw(tmp_path / "c", "text", payload.decode("latin-1"))
        assert cache.get("k", SEED) is None
        assert cache.get("text", SEED) is None
    assert not marker.exists()
    assert "not JSON text" in caplog.text


def test_an_old_diskcache_database_is_renamed_and_never_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "pwned"
    legacy = tmp_path / "c" / "cache.db"
    legacy.parent.mkdir()
    with contextlib.closing(sqlite3.connect(legacy)) as db, db:
        db.execute("CREATE TABLE Cache (key BLOB, value BLOB)")
        db.execute("INSERT INTO Cache VALUES (?, ?)", (b"k", pickle.dumps(_Payload(marker))))
    with ResultCache(tmp_path / "c") as cache:
        assert len(cache) == 0
    assert not legacy.exists()
    assert (tmp_path / "c" / "cache.db.retired").is_file()
    assert "never read" in caplog.text
    assert not marker.exists()


def test_a_hand_edited_entry_is_grounded_again_and_dropped(
    tmp_path: Path, result: SummaryResult, caplog: pytest.LogCaptureFixture
) -> None:
    made_up = result.model_dump(mode="json")
    made_up["summary"]["parties"].append(
        {
            "id": "atlantis",
            "name": "Atlantis",
            "kind": "state",
            "evidence": [{"sentence_ids": [1], "quote": "Atlantis agreed to everything"}],
        }
    )
    other_quote = result.model_dump(mode="json")
    other_quote["summary"]["parties"][0]["evidence"][0]["quote"] = "words that are not in the article"
    named = result.model_dump(mode="json")
    named["summary"]["abstract"] = "Macron agreed to withdraw all troops."
    with ResultCache(tmp_path) as cache:
        for key, data in (("party", made_up), ("quote", other_quote), ("name", named)):
            _write_raw(tmp_path, key, json.dumps(data))
            assert cache.get(key, SEED) is None, key
            assert key not in cache
        _write_raw(tmp_path, "elsewhere", result.model_dump_json())
        assert cache.get("elsewhere", Article.from_text(SEED.text + "\nA different article.")) is None
    assert "Atlantis agreed to everything" in caplog.text
    assert "name(s) 'Macron' not in the article" in caplog.text
    assert "made from another article" in caplog.text


def test_a_damaged_database_is_set_aside(tmp_path: Path, result: SummaryResult) -> None:
    with ResultCache(tmp_path) as cache:
        cache.put("k", result)
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not an sqlite database" * 100)
    with ResultCache(tmp_path) as cache:
        assert cache.get("k", SEED) is None
        cache.put("k", result)
        assert cache.get("k", SEED) is not None
    assert list(tmp_path.glob(f"{DATABASE_NAME}.corrupt-*"))


def test_the_folder_is_private_and_the_files_are_0600(tmp_path: Path, result: SummaryResult) -> None:
    folder = tmp_path / "deep" / "cache"
    with ResultCache(folder) as cache:
        cache.put("k", result)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        files = [path for path in folder.iterdir() if path.name.startswith(DATABASE_NAME)]
        assert {path.name for path in files} >= {DATABASE_NAME}
        assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}


def test_the_oldest_entries_go_when_the_store_is_full(tmp_path: Path, result: SummaryResult) -> None:
    size = len(result.model_dump_json().encode("utf-8"))
    with ResultCache(tmp_path, size_limit=3 * size) as cache:
        for key in "abcde":
            cache.put(key, result)
        assert [key in cache for key in "abcde"] == [False, False, True, True, True]


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "summarizer" / "results"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


_WRITER = """
import sys
from summarizer.article import load_article
from summarizer.grounding import evidence_check
from summarizer.result import SummaryResult
from summarizer.schema import EVIDENCE_CHECK, NegotiationSummary
from summarizer.cache import ResultCache
result = SummaryResult.model_validate_json(open(sys.argv[2], encoding="utf-8").read())
article = load_article(sys.argv[4])
with ResultCache(sys.argv[1]) as cache:
    for i in range(25):
        cache.put(f"{sys.argv[3]}-{i}", result)
        cache.put("shared", result)
        assert cache.get(f"{sys.argv[3]}-{i // 2}", article) is not None
"""


def test_several_processes_write_at_once(tmp_path: Path, result: SummaryResult) -> None:
    stored = tmp_path / "result.json"
    stored.write_text(result.model_dump_json(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path / "c"), str(stored), name, str(SEED_ARTICLE)],
            env=env,
        )
        for name in ("p", "q", "r")
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0]
    with ResultCache(tmp_path / "c") as cache:
        assert len(cache) == 76
        assert all(cache.get(f"{name}-{i}", SEED) is not None for name in "pqr" for i in range(25))


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
