"""The fault matrix of issue 13, black-box through the CLI against a scripted model server on 127.0.0.1.

Each row feeds the real command a fault a careless or hostile user could cause and checks the exit code, the
message, how many requests reached the model and what was written. Rows that need a real process (an
endless stdin, kill -9) run the CLI in a subprocess; the rest go through click's runner.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import pickle
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer._json_store import DATABASE_NAME
from summarizer.article import MAX_ARTICLE_BYTES
from summarizer.testing import Answer, ChatRequest, ScriptedModel, ScriptedServer, hang, http_error
from tests.scripted import SEED_ARTICLE, SEEDS, gold_answer

from .conftest import SLOW, Invoke, write_article

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-" + "fault-matrix-0123456789"
PROVIDER_FAULT = "PROVIDER-FAULT"
"""An article containing this marker gets HTTP 500 every time."""
PORT = SEEDS / "port-strike-wages.txt"


def _model() -> ScriptedModel:
    """The seed's gold summary for copies of the seed; 500 for marked articles; marked slow ones hang."""
    gold = gold_answer()

    def respond(request: ChatRequest) -> Answer:
        if PROVIDER_FAULT in request.user_text:
            return http_error(500, "scripted overload", headers={"Retry-After": "0"})
        if SLOW in request.user_text:
            return hang(then=gold)
        return gold

    return ScriptedModel.always(respond)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """The scripted model over HTTP on 127.0.0.1."""
    with ScriptedServer(_model()) as running:
        yield running


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer.cli", *args]


def _store(cache_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(cache_dir / DATABASE_NAME)


class _Payload:
    """Unpickling this creates a marker file: the code the issue's pickled cache entry ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


# 1. The cache cannot run code, and never serves what fails its checks.


def test_a_pickle_in_the_cache_never_runs_and_the_article_is_summarized_again(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    args = ["summarize", str(SEED_ARTICLE), "--base-url", server.base_url]
    assert invoke(args).exit_code == 0
    marker = tmp_path / "pwned"
    with contextlib.closing(_store(invoke.cache_dir)) as db, db:
        db.execute("UPDATE results SET value = ?", (pickle.dumps(_Payload(marker)),))
    again = invoke(args)
    assert again.exit_code == 0, again.stderr
    assert not marker.exists()
    assert "fails its checks (the stored value is bytes, not JSON text)" in again.stderr
    assert server.calls == 2
    assert json.loads(again.stdout)["summary"]["parties"]


def test_a_hand_edited_cache_entry_is_grounded_again_and_recomputed(
    invoke: Invoke, server: ScriptedServer
) -> None:
    args = ["summarize", str(SEED_ARTICLE), "--base-url", server.base_url]
    first = invoke(args)
    edited = json.loads(first.stdout)
    edited["summary"]["parties"].append(
        {
            "id": "atlantis",
            "name": "Atlantis",
            "kind": "state",
            "evidence": [{"sentence_ids": [1], "quote": "Atlantis agreed to everything", "match": "exact"}],
        }
    )
    with contextlib.closing(_store(invoke.cache_dir)) as db, db:
        db.execute("UPDATE results SET value = ?", (json.dumps(edited),))
    again = invoke(args)
    assert again.exit_code == 0, again.stderr
    assert "fails its checks" in again.stderr
    assert "Atlantis agreed to everything" in again.stderr
    assert "atlantis" not in again.stdout
    assert server.calls == 2
    folder_mode = stat.S_IMODE(invoke.cache_dir.stat().st_mode)
    file_mode = stat.S_IMODE((invoke.cache_dir / DATABASE_NAME).stat().st_mode)
    assert (folder_mode, file_mode) == (0o700, 0o600)


# 2. Secrets in the base URL.


def test_a_key_in_the_base_url_reaches_no_output_cache_or_message(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    url = server.base_url.replace("http://", f"http://user:{KEY}@")
    out = tmp_path / "out.json"
    done = invoke(["summarize", str(SEED_ARTICLE), "--base-url", url, "-o", str(out), "-v"])
    assert done.exit_code == 0, done.stderr
    assert server.calls == 1
    assert server.requests[0].headers["authorization"].startswith("Basic ")  # the key went where it belongs
    provenance = json.loads(out.read_text(encoding="utf-8"))["provenance"]
    assert provenance["settings"]["base_url"] == url.replace(f"user:{KEY}", "***")
    stored = b"".join(path.read_bytes() for path in invoke.cache_dir.iterdir())
    assert KEY.encode() not in stored
    assert KEY not in done.stderr

    query = f"{server.base_url}?api-key={KEY}"
    queried = invoke(["summarize", str(SEED_ARTICLE), "--base-url", query, "-v", "--no-cache"])
    assert KEY not in queried.stderr + queried.stdout
    assert json.loads(queried.stdout)["provenance"]["settings"]["base_url"].endswith("/v1?api-key=***")


@pytest.mark.parametrize("url", ["notaurl", "file:///etc/passwd", "http://", f"ftp://u:{KEY}@h/v1"])
def test_a_base_url_that_is_not_an_http_url_exits_3(invoke: Invoke, server: ScriptedServer, url: str) -> None:
    done = invoke(["summarize", str(SEED_ARTICLE), "--base-url", url])
    assert done.exit_code == 3
    assert "is invalid: it must be an http:// or https:// URL with a host" in done.stderr
    assert KEY not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""
    assert server.calls == 0


# 3. Bounded input.


def test_an_endless_stdin_is_refused_at_once_in_bounded_memory(
    server: ScriptedServer, tmp_path: Path
) -> None:
    process = subprocess.Popen(
        _cli("summarize", "-", "--base-url", server.base_url, "--no-cache"),
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stderr is not None
    written = 0
    cap = 64 * MAX_ARTICLE_BYTES  # `yes` would never stop; the feeder does, should the CLI not

    def feed() -> None:  # `yes`: as fast as the pipe takes it, until the reader goes away
        nonlocal written
        chunk = b"y\n" * 32768
        with contextlib.suppress(BrokenPipeError, OSError):
            while written < cap:
                process.stdin.write(chunk)  # type: ignore[union-attr]
                written += len(chunk)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    started = time.monotonic()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    feeder.join(timeout=30)
    with process.stderr:
        stderr = process.stderr.read().decode()
    with contextlib.suppress(BrokenPipeError, OSError):
        process.stdin.close()
    assert process.returncode == 4, stderr
    assert "<stdin>: is over the limit of 2,000,000 bytes" in stderr
    assert written < 2 * MAX_ARTICLE_BYTES, written  # the limit, plus what the pipe held
    assert usage.ru_maxrss < 400 * 1024, f"{usage.ru_maxrss} KiB"  # was 5.9 GB
    assert elapsed < 60
    assert server.calls == 0


# 4. Encodings.


def test_utf16_and_latin1_articles_are_read_and_their_encoding_recorded(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    utf16, latin1 = tmp_path / "utf16.txt", tmp_path / "latin1.txt"
    utf16.write_bytes(text.encode("utf-16"))
    latin1.write_bytes((text + "\nCafé owners in Genève were not asked.").encode("cp1252", "replace"))
    encodings = []
    for path in (utf16, latin1):
        done = invoke(["summarize", str(path), "--base-url", server.base_url])
        assert done.exit_code == 0, done.stderr
        encodings.append(json.loads(done.stdout)["provenance"]["article_encoding"])
    assert encodings == ["utf-16", "cp1252"]
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    refused = invoke(["summarize", str(binary), "--base-url", server.base_url])
    assert refused.exit_code == 4
    assert "looks binary" in refused.stderr
    assert server.calls == 2


# 5. Exit codes: one per fault class, with or without -o; the most severe in a batch, with a tally.


def test_an_input_error_exits_4_with_or_without_an_output_folder(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    empty = tmp_path / "in" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    for extra in ([], ["-o", str(tmp_path / "out") + "/"], ["-o", str(tmp_path / "one.json")]):
        done = invoke(["summarize", str(empty), "--base-url", server.base_url, *extra])
        assert done.exit_code == 4, (extra, done.stderr)
        assert done.stderr.count(str(empty)) == 1, done.stderr
        assert "is empty" in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not (tmp_path / "one.json").exists()
    assert server.calls == 0


def test_a_batch_exits_with_the_most_severe_fault_and_tallies_them(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_article(corpus / "a.txt")
    write_article(corpus / "b.txt", copy=1)
    write_article(corpus / "c-overloaded.txt", PROVIDER_FAULT)
    done = invoke(["summarize", str(corpus), "-o", str(out), "--base-url", server.base_url])
    assert done.exit_code == 1, done.stderr
    assert "2 done, 1 provider error; 0 from the cache" in done.stderr
    (corpus / "d-empty.txt").write_bytes(b"  \n")
    again = invoke(["summarize", str(corpus), "-o", str(out), "--base-url", server.base_url])
    assert again.exit_code == 4, again.stderr
    assert "2 done, 1 provider error, 1 input error; 2 from the cache" in again.stderr
    assert again.stderr.count(str(corpus / "d-empty.txt")) == 1
    assert sorted(path.name for path in out.iterdir()) == ["a.json", "b.json"]
    assert server.calls == 2 + 4 + 4  # two good articles once; the 500 tried 4 times in each run


# 6. Temporary files.


def _temporary_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_kill_9_during_jsonl_leaves_a_temporary_file_the_next_run_removes(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_article(corpus / "a.txt")
    write_article(corpus / "z-slow.txt", SLOW)
    args = ["summarize", str(corpus), "--format", "jsonl", "-o", str(out / "all.jsonl")]
    args += ["--base-url", server.base_url, "--concurrency", "1"]
    process = subprocess.Popen(
        _cli(*args, "--cache-dir", str(invoke.cache_dir)),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while server.calls < 2 and time.monotonic() < deadline:  # the slow article is in flight
        time.sleep(0.02)
    assert server.calls == 2
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    left = _temporary_files(out)
    assert len(left) == 1, left
    assert left[0].startswith(f".all.jsonl.summarizer-{process.pid}-"), left
    assert not (out / "all.jsonl").exists()

    server.release()
    resumed = invoke(args)
    assert resumed.exit_code == 0, resumed.stderr
    assert _temporary_files(out) == []
    assert len((out / "all.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert server.calls == 3  # the finished article came from the cache


# 7. Lenient mode and the free-text checks.


def _port_answer_with(**changes: str) -> dict[str, object]:
    answer = copy.deepcopy(gold_answer("port-strike-wages"))
    for path, value in changes.items():
        list_name, index, field_name = path.split(".")
        answer[list_name][int(index)][field_name] = value
    return answer


def test_a_made_up_claim_in_the_free_text_is_reasked_then_fails_strict_mode(
    invoke: Invoke, tmp_path: Path
) -> None:
    made_up = copy.deepcopy(gold_answer("port-strike-wages"))
    made_up["abstract"] = "Putin agreed to withdraw all troops."
    with ScriptedServer(ScriptedModel.always(made_up)) as model_server:
        done = invoke(["summarize", str(PORT), "--base-url", model_server.base_url, "--max-reasks", "1"])
        assert done.exit_code == 1
        assert "abstract: name(s) 'Putin' not in the article" in done.stderr
        assert model_server.calls == 2
        assert "abstract: name(s) 'Putin' not in the article" in json.dumps(model_server.requests[1].messages)
    assert done.stdout == ""


def test_lenient_mode_says_what_it_dropped(invoke: Invoke, tmp_path: Path) -> None:
    answer = _port_answer_with(**{"positions.0.summary": "Wants what Macron offered."})
    answer["parties"][0]["evidence"].append(
        {"sentence_ids": [1], "quote": "words that are not in the article"}
    )
    out = tmp_path / "port.json"
    with ScriptedServer(ScriptedModel.always(answer)) as model_server:
        args = ["summarize", str(PORT), "--base-url", model_server.base_url, "--lenient", "--max-reasks", "1"]
        done = invoke([*args, "-o", str(out)])
        assert model_server.calls == 2
    assert done.exit_code == 0, done.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    dropped = [item["path"] for item in written["dropped"]]
    assert "positions[0].summary" in dropped
    assert f"parties[0].evidence[{len(answer['parties'][0]['evidence']) - 1}]" in dropped
    assert f"{PORT}: lenient mode dropped {len(dropped)} item(s): {', '.join(dropped)}" in done.stderr


# 8. eval counts a failed article as a failure.


def test_eval_exits_1_and_never_credits_a_failed_article(invoke: Invoke, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".gold.json"):
        name = f"not-negotiation-marathon{suffix}"
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    with ScriptedServer(
        ScriptedModel.always(http_error(500, "down", headers={"Retry-After": "0"}))
    ) as model_server:
        done = invoke(["eval", str(corpus), "--json", "--base-url", model_server.base_url, "--no-cache"])
        assert model_server.calls == 4
    assert done.exit_code == 1, done.stderr
    aggregate = json.loads(done.stdout)["aggregate"]
    assert aggregate["failed_articles"] == 1
    assert aggregate["overall"]["f1"] == 0.0
    assert aggregate["is_negotiation_correct"] == 0
    assert "failed: not-negotiation-marathon: " in done.stderr
    assert "ProviderError" not in done.stderr  # worded as summarize words it (tests/cli/test_eval.py)
