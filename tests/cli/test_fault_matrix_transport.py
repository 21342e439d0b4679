"""The transport and extraction rows of the fault matrix, black-box through the CLI over real HTTP.

Each row drives ``summarizer summarize`` against a scripted server on 127.0.0.1 that misbehaves one way
(hangs, refuses, answers a web page, answers a huge invalid summary, sees the same article twice) and checks
the exit code, the one-line message, how many requests the server saw and what was written.
"""

from __future__ import annotations

import copy
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.extract import REASK_ERRORS_SHOWN
from summarizer.testing import Answer, ChatRequest, ScriptedModel, ScriptedServer, answer, hang, not_json
from tests.scripted import SEED_ARTICLE, gold_answer

from .conftest import Invoke, write_article

Serve = Callable[[ScriptedModel], ScriptedServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start scripted servers on 127.0.0.1; all are stopped (hung requests released) after the test."""
    started: list[ScriptedServer] = []

    def start(model: ScriptedModel) -> ScriptedServer:
        server = ScriptedServer(model, hang_limit=10).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def _url(server: ScriptedServer) -> str:
    return f"{server.base_url}/chat/completions"


def _sizes(server: ScriptedServer) -> list[int]:
    return [len(json.dumps(body)) for body in server.model.bodies()]


def _run(invoke: Invoke, base_url: str, *args: str) -> Any:
    env = {"OPENAI_BASE_URL": base_url, "SUMMARIZER_MODEL": "test-model"}
    return invoke(["summarize", *args], env=env)


def test_a_read_timeout_says_how_long_it_waited_for_which_url(
    invoke: Invoke, serve: Serve, tmp_path: Path
) -> None:
    server = serve(ScriptedModel.always(hang()))
    out = tmp_path / "out.json"
    started = time.monotonic()
    result = _run(
        invoke, server.base_url, str(SEED_ARTICLE), "-o", str(out), "--timeout", "0.3", "--deadline", "2.5"
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert f"timed out after 0.3 s waiting for {_url(server)}" in result.stderr
    assert "could not be reached" not in result.stderr
    assert 2 <= server.calls <= 4  # retried, within the deadline
    assert elapsed < 5
    assert "then the deadline of 2.5 s for this article passed" in result.stderr
    assert not out.exists()


def test_the_deadline_bounds_the_whole_article(invoke: Invoke, serve: Serve, tmp_path: Path) -> None:
    server = serve(ScriptedModel.always(hang()))
    started = time.monotonic()
    result = _run(invoke, server.base_url, str(SEED_ARTICLE), "--timeout", "60", "--deadline", "1")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert f"waiting for {_url(server)}: the deadline of 1 s for this article passed" in result.stderr
    assert server.calls == 1
    assert elapsed < 4
    assert result.stdout == ""


def test_a_refused_connection_says_could_not_connect(invoke: Invoke, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = "sk-" + "in-the-url-0123456789"
    base_url = f"http://proxy:{secret}@127.0.0.1:{port}/v1"
    result = _run(invoke, base_url, str(SEED_ARTICLE), "--deadline", "1")
    assert result.exit_code == 1
    assert f"could not connect to http://***@127.0.0.1:{port}/v1/chat/completions" in result.stderr
    assert secret not in result.stderr
    assert "timed out" not in result.stderr
    assert result.stdout == ""


_NOT_COMPLETIONS = {  # article marker: (content type, body, the content type the message names)
    "captive-portal": (
        "text/html; charset=utf-8",
        "<html><body>Sign in to the hotel Wi-Fi</body></html>\n<p>",
        "text/html",
    ),
    "not-json": ("application/json", "upstream says: not json at all", "application/json"),
    "json-not-a-completion": ("application/json", '{"status": "ok"}', "application/json"),
}


def test_a_200_that_is_not_a_completion_is_a_provider_error_retried_never_reasked(
    invoke: Invoke, serve: Serve, tmp_path: Path
) -> None:
    def respond(request: ChatRequest) -> Answer:
        marker = next(name for name in _NOT_COMPLETIONS if name in request.user_text)
        content_type, body, _ = _NOT_COMPLETIONS[marker]
        return not_json(body, content_type=content_type)

    server = serve(ScriptedModel.always(respond))
    for marker in _NOT_COMPLETIONS:  # one batch, the three faults at once
        write_article(tmp_path / "in" / f"{marker}.txt", marker)
    out = tmp_path / "out"
    result = _run(invoke, server.base_url, str(tmp_path / "in"), "-o", str(out), "--deadline", "1.6")
    assert result.exit_code == 1
    for marker, (_, body, shown) in _NOT_COMPLETIONS.items():
        line = next(line for line in result.stderr.splitlines() if f"{marker}.txt" in line)
        assert f"{_url(server)} answered HTTP 200 with {shown}, not a chat completion" in line
        assert f"the body begins: {body.splitlines()[0]}" in line
        sent = [request for request in server.requests if marker in request.user_text]
        assert len(sent) >= 2  # retried like a 5xx ...
        assert all(request.reasks == 0 for request in sent)  # ... the same request: never re-asked
    assert not out.exists() or not list(out.iterdir())


def _huge_invalid_answer() -> dict[str, Any]:
    answer = copy.deepcopy(gold_answer())
    statement = answer["statements"][0]
    answer["statements"] = [
        {**statement, "evidence": [{"sentence_ids": [1], "quote": f"invented words number {i} " * 8}]}
        for i in range(400)
    ]
    return answer


def test_a_reask_stays_small_however_large_the_bad_answer(
    invoke: Invoke, serve: Serve, tmp_path: Path
) -> None:
    huge = json.dumps(_huge_invalid_answer())
    server = serve(ScriptedModel(answer(huge), then=gold_answer()))
    out = tmp_path / "out.json"
    result = _run(invoke, server.base_url, str(SEED_ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    first, reask = _sizes(server)
    assert len(huge) > 100_000
    assert reask <= first + 16_000
    last = server.model.bodies()[1]["messages"][-1]["content"]
    assert last.count("\n- ") == REASK_ERRORS_SHOWN + 1  # the errors shown, then the count of the rest
    assert "more error(s) like these" in last
    assert json.loads(out.read_text(encoding="utf-8"))["usage"]["calls"] == 2


def test_identical_articles_in_one_batch_are_sent_once(invoke: Invoke, serve: Serve, tmp_path: Path) -> None:
    server = serve(ScriptedModel.always(gold_answer()))
    inputs = tmp_path / "in"
    write_article(inputs / "a.txt")
    write_article(inputs / "b.txt")
    write_article(inputs / "c.txt", copy=1)
    out = tmp_path / "out"
    result = _run(invoke, server.base_url, str(inputs), "-o", str(out), "--concurrency", "4")
    assert result.exit_code == 0, result.stderr
    assert server.calls == 2
    written = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in out.glob("*.json")}
    assert sorted(written) == ["a.json", "b.json", "c.json"]
    assert written["a.json"]["summary"] == written["b.json"]["summary"]
    assert written["b.json"]["source"].endswith("b.txt")
