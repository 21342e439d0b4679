"""The transport and extraction rows of the fault matrix, black-box through the CLI over real HTTP.

Each row drives ``summarizer summarize`` against a scripted server on 127.0.0.1 that misbehaves one way
(hangs, refuses, answers a web page, answers a huge invalid summary, sees the same article twice) and checks
the exit code, the one-line message, how many requests the server saw and what was written.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from summarizer.extract import REASK_ERRORS_SHOWN
from tests.scripted import SEED_ARTICLE, completion, gold_answer

from .conftest import Invoke, write_article

Reply = tuple[int, str, bytes]


@dataclass
class Scripted:
    """A server on 127.0.0.1 whose replies come from ``respond``; it records every request body."""

    respond: Callable[[int, bytes], Reply | None]
    bodies: list[bytes] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                scripted.bodies.append(body)
                reply = scripted.respond(len(scripted.bodies), body)
                if reply is None:  # hang: no answer until the test ends
                    scripted.release.wait(30)
                    return
                status, content_type, content = reply
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    @property
    def url(self) -> str:
        """The chat-completions URL, as messages name it."""
        return f"{self.base_url}/chat/completions"

    def close(self) -> None:
        """Let hanging handlers go and stop the server."""
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[int, bytes], Reply | None]], Scripted]]:
    """Start scripted servers; all are stopped after the test."""
    started: list[Scripted] = []

    def start(respond: Callable[[int, bytes], Reply | None]) -> Scripted:
        server = Scripted(respond)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def _json(reply: Any) -> Reply:
    return 200, "application/json", reply.content


def _gold(_: int, __: bytes) -> Reply:
    return _json(completion(gold_answer()))


def _run(invoke: Invoke, server_url: str, *args: str) -> Any:
    env = {"OPENAI_BASE_URL": server_url, "SUMMARIZER_MODEL": "test-model"}
    return invoke(["summarize", *args], env=env)


def test_a_read_timeout_says_how_long_it_waited_for_which_url(
    invoke: Invoke, serve: Callable[..., Scripted], tmp_path: Path
) -> None:
    server = serve(lambda n, body: None)
    out = tmp_path / "out.json"
    started = time.monotonic()
    result = _run(
        invoke, server.base_url, str(SEED_ARTICLE), "-o", str(out), "--timeout", "0.3", "--deadline", "2.5"
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert f"timed out after 0.3 s waiting for {server.url}" in result.stderr
    assert "could not be reached" not in result.stderr
    assert 2 <= len(server.bodies) <= 4  # retried, within the deadline
    assert elapsed < 5
    assert "then the deadline of 2.5 s for this article passed" in result.stderr
    assert not out.exists()


def test_the_deadline_bounds_the_whole_article(
    invoke: Invoke, serve: Callable[..., Scripted], tmp_path: Path
) -> None:
    server = serve(lambda n, body: None)
    started = time.monotonic()
    result = _run(invoke, server.base_url, str(SEED_ARTICLE), "--timeout", "60", "--deadline", "1")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert f"waiting for {server.url}: the deadline of 1 s for this article passed" in result.stderr
    assert len(server.bodies) == 1
    assert elapsed < 4
    assert result.stdout == ""


def test_a_refused_connection_says_could_not_connect(invoke: Invoke, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/v1"
    result = _run(invoke, base_url, str(SEED_ARTICLE), "--deadline", "1")
    assert result.exit_code == 1
    assert f"could not connect to {base_url}/chat/completions" in result.stderr
    assert "timed out" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content_type", "body", "shown"),
    [
        (
            "text/html; charset=utf-8",
            b"<html><body>Sign in to the hotel Wi-Fi</body></html>\n<p>",
            "text/html",
        ),
        ("application/json", b"upstream says: not json at all", "application/json"),
        ("application/json", b'{"status": "ok"}', "application/json"),
    ],
    ids=["captive-portal-html", "not-json", "json-not-a-completion"],
)
def test_a_200_that_is_not_a_completion_is_a_provider_error_retried_never_reasked(
    invoke: Invoke, serve: Callable[..., Scripted], content_type: str, body: bytes, shown: str
) -> None:
    server = serve(lambda n, request: (200, content_type, body))
    result = _run(invoke, server.base_url, str(SEED_ARTICLE), "--deadline", "1.6")
    assert result.exit_code == 1
    first_line = body.decode().splitlines()[0]
    assert f"{server.url} answered HTTP 200 with {shown}, not a chat completion" in result.stderr
    assert f"the body begins: {first_line}" in result.stderr
    assert len(server.bodies) >= 2  # retried like a 5xx ...
    assert len(set(server.bodies)) == 1  # ... with the same request: never re-asked
    assert result.stdout == ""


def _huge_invalid_answer() -> dict[str, Any]:
    answer = copy.deepcopy(gold_answer())
    statement = answer["statements"][0]
    answer["statements"] = [
        {**statement, "evidence": [{"sentence_ids": [1], "quote": f"invented words number {i} " * 8}]}
        for i in range(400)
    ]
    return answer


def test_a_reask_stays_small_however_large_the_bad_answer(
    invoke: Invoke, serve: Callable[..., Scripted], tmp_path: Path
) -> None:
    huge = json.dumps(_huge_invalid_answer())

    def respond(n: int, body: bytes) -> Reply:
        return _json(completion(huge if n == 1 else gold_answer()))

    server = serve(respond)
    out = tmp_path / "out.json"
    result = _run(invoke, server.base_url, str(SEED_ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    first, reask = server.bodies
    assert len(huge) > 100_000
    assert len(reask) <= len(first) + 16_000
    last = json.loads(reask)["messages"][-1]["content"]
    assert last.count("\n- ") == REASK_ERRORS_SHOWN + 1  # the errors shown, then the count of the rest
    assert "more error(s) like these" in last
    assert json.loads(out.read_text(encoding="utf-8"))["usage"]["calls"] == 2


def test_identical_articles_in_one_batch_are_sent_once(
    invoke: Invoke, serve: Callable[..., Scripted], tmp_path: Path
) -> None:
    server = serve(_gold)
    inputs = tmp_path / "in"
    write_article(inputs / "a.txt")
    write_article(inputs / "b.txt")
    write_article(inputs / "c.txt", copy=1)
    out = tmp_path / "out"
    result = _run(invoke, server.base_url, str(inputs), "-o", str(out), "--concurrency", "4")
    assert result.exit_code == 0, result.stderr
    assert len(server.bodies) == 2
    written = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in out.glob("*.json")}
    assert sorted(written) == ["a.json", "b.json", "c.json"]
    assert written["a.json"]["summary"] == written["b.json"]["summary"]
    assert written["b.json"]["source"].endswith("b.txt")
