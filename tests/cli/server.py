"""A tiny scripted OpenAI-compatible server on 127.0.0.1, for driving the real CLI over real HTTP.

It answers ``POST /v1/chat/completions`` from a responder function of the request body and records every
request, so tests can count the model calls a run made.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2

from tests.scripted import completion, error, gold_answer

__all__ = ["BROKEN", "SLOW", "OpenAIServer", "gold_responder", "user_text"]

BROKEN = "BROKEN-ARTICLE"
"""An article containing this marker gets an answer whose quote is not in the article."""
SLOW = "SLOW-ARTICLE"
"""An article containing this marker gets no answer until the server is released (or 30 s pass)."""

Responder = Callable[[dict[str, Any]], httpx2.Response]


def user_text(body: dict[str, Any]) -> str:
    """The article as the prompt shows it: the first user message."""
    return next(str(m.get("content")) for m in body["messages"] if m.get("role") == "user")


class OpenAIServer:
    """A threaded HTTP server answering chat completions from ``responder``; use it as a context manager."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def calls(self) -> int:
        """Chat-completion requests received so far."""
        with self._lock:
            return len(self.requests)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                with server._lock:
                    server.requests.append(body)
                if not self.path.endswith("/chat/completions"):
                    reply = error(404, f"no route {self.path}")
                else:
                    reply = server.responder(body)
                self.send_response(reply.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.content)))
                self.end_headers()
                self.wfile.write(reply.content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def gold_responder(
    server_release: threading.Event | None = None, *, tokens: tuple[int, int] = (100, 50)
) -> Responder:
    """Answers every article with the seed's gold summary (valid for the seed and copies with lines appended).

    Articles marked :data:`BROKEN` get an ungrounded quote; :data:`SLOW` ones wait for ``server_release``.
    """
    answer = gold_answer()
    broken = json.loads(json.dumps(answer))
    broken["parties"][0]["evidence"][0]["quote"] = "words that stand nowhere in this article"

    def respond(body: dict[str, Any]) -> httpx2.Response:
        text = user_text(body)
        if SLOW in text and server_release is not None:
            server_release.wait(30)
        arguments = broken if BROKEN in text else answer
        return completion(arguments, prompt_tokens=tokens[0], completion_tokens=tokens[1])

    return respond
