"""The CLI as a separate process: what start-up imports, and an interrupted batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.testing import ScriptedServer

from .conftest import SLOW, Invoke, write_article

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openai", "instructor", "httpx2", "rich", "sqlite3", "tenacity", "rapidfuzz", "pysbd")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer.cli", *args]


def _imported_modules(importtime_log: str) -> set[str]:
    """The modules ``python -X importtime`` reports (``import time: self | cumulative | name`` lines)."""
    lines = (line.split("|") for line in importtime_log.splitlines() if line.startswith("import time:"))
    return {parts[2].strip() for parts in lines if len(parts) == 3} - {"package"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--help"], "Usage: summarizer"),
        (["summarize", "--help"], "Usage: summarizer summarize"),
        (["eval", "--help"], "Usage: summarizer eval"),
        (["--version"], "summarizer "),
    ],
    ids=["help", "summarize-help", "eval-help", "version"],
)
def test_help_and_version_import_no_model_client(args: list[str], expected: str) -> None:
    # Start-up speed comes from not importing the model stack; a wall clock would fail on a loaded machine.
    command = [sys.executable, "-X", "importtime", "-m", "summarizer.cli", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(expected)
    imported = _imported_modules(done.stderr)
    assert "summarizer.cli" in imported, "the import log was not read"
    assert {"openai", "instructor"} & imported == set()


def test_importing_the_cli_loads_no_heavy_module() -> None:
    probe = f"import sys, summarizer.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=_env(), timeout=30, check=True
    )
    assert done.stdout.strip() == "[]"


def test_an_interrupted_batch_leaves_only_whole_files_and_resumes(
    tmp_path: Path, server: ScriptedServer, invoke: Invoke
) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    for i in range(3):
        write_article(corpus / f"a{i}.txt", copy=i)
    write_article(corpus / "z-slow.txt", SLOW)
    args = ["summarize", str(corpus), "--base-url", server.base_url, "-o", str(out)]
    process = subprocess.Popen(
        _cli(*args, "--cache-dir", str(invoke.cache_dir), "--concurrency", "1"),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while server.calls < 4 and time.monotonic() < deadline:  # wait until the slow article is in flight
        time.sleep(0.02)
    assert server.calls == 4
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr

    files = sorted(p.name for p in out.iterdir())
    assert files == ["a0.json", "a1.json", "a2.json"], files  # whole outputs only, no temporary file
    for name in files:
        json.loads((out / name).read_text(encoding="utf-8"))

    server.release()
    resumed = invoke(args)
    assert resumed.exit_code == 0, resumed.stderr
    assert server.calls == 5  # only the article that was cut off went to the model again
    assert "3 from the cache" in resumed.stderr


def test_a_fully_cached_batch_imports_no_model_client(
    tmp_path: Path, server: ScriptedServer, invoke: Invoke
) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    for i in range(2):
        write_article(corpus / f"a{i}.txt", copy=i)
    args = ["summarize", str(corpus), "--base-url", server.base_url, "-o", str(out)]
    assert invoke(args).exit_code == 0  # fills the cache
    calls = server.calls
    command = [sys.executable, "-X", "importtime", "-m", "summarizer.cli", *args]
    command += ["--cache-dir", str(invoke.cache_dir)]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 done; 2 from the cache; 0 tokens in 0 model call(s)" in done.stderr
    assert server.calls == calls
    assert {"openai", "instructor"} & _imported_modules(done.stderr) == set()
