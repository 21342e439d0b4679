"""The scripted model and its two faces: an httpx2 transport, and a threaded HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2

from ._answers import CHAT_PATH, Answer, ChatRequest, Reply, http_error, resolve

__all__ = ["ScriptedModel", "ScriptedServer", "ScriptedTransport"]


class ScriptedModel:
    """Answers chat completions from a script and records every request; safe to share between threads.

    ``ScriptedModel(a, b, c)`` answers ``a`` to the first request, ``b`` to the second, ``c`` to the third,
    and ``then`` to every later one; without ``then`` a request beyond the script gets HTTP 400 saying so.
    ``ScriptedModel.always(x)`` answers ``x`` every time (``x`` may be a function of the request).
    """

    def __init__(self, *answers: Answer, then: Answer | None = None) -> None:
        self._script = list(answers)
        self._then = then
        self._requests: list[ChatRequest] = []
        self._lock = threading.Lock()

    @classmethod
    def always(cls, reply: Answer) -> ScriptedModel:
        """A model that gives ``reply`` to every request."""
        return cls(then=reply)

    @property
    def requests(self) -> list[ChatRequest]:
        """Every request received so far, in order."""
        with self._lock:
            return list(self._requests)

    @property
    def calls(self) -> int:
        """How many requests were received so far."""
        with self._lock:
            return len(self._requests)

    @property
    def remaining(self) -> int:
        """Scripted answers not yet given (``then`` not counted)."""
        with self._lock:
            return len(self._script)

    def bodies(self) -> list[Any]:
        """The JSON bodies of the requests received so far."""
        return [request.body for request in self.requests]

    def __call__(self, request: ChatRequest) -> Reply:
        """Record ``request`` and give the next answer of the script."""
        with self._lock:
            self._requests.append(request)
            number = len(self._requests)
            if not request.path.endswith(CHAT_PATH):
                return http_error(404, f"scripted model: no route {request.method} {request.path}")
            if self._script:
                next_answer: Answer | None = self._script.pop(0)
            else:
                next_answer = self._then
        if next_answer is None:
            return http_error(400, f"scripted model: request #{number} is beyond the script")
        return resolve(next_answer, request)

    def transport(self) -> ScriptedTransport:
        """The in-process face: an httpx2 transport answering from this model."""
        return ScriptedTransport(self)


def _read_timeout(request: httpx2.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if isinstance(value, int | float) else None


class ScriptedTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """An httpx2 transport (sync and async) that hands every request to a :class:`ScriptedModel`.

    Delays are slept (asynchronously on the async path); a delay past the request's read timeout, and a
    :func:`hang`, raise ``httpx2.ReadTimeout`` as a real transport would.
    """

    def __init__(self, model: ScriptedModel) -> None:
        self.model = model

    def _reply(self, request: httpx2.Request) -> tuple[Reply, float, bool]:
        """The reply, how long to wait before it, and whether the client times out instead."""
        chat = ChatRequest.parse(request.method, request.url.path, request.headers, request.content)
        reply = self.model(chat)
        limit = _read_timeout(request)
        if reply.hang:
            return reply, 0.0, True
        if reply.drop:
            raise httpx2.RemoteProtocolError("the scripted model closed the connection", request=request)
        if limit is not None and reply.delay > limit:
            return reply, limit, True
        return reply, reply.delay, False

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Answer ``request`` from the model."""
        request.read()
        reply, wait, timed_out = self._reply(request)
        time.sleep(wait)
        if timed_out:
            raise httpx2.ReadTimeout("the scripted model did not answer in time", request=request)
        return reply.response()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Answer ``request`` from the model without blocking the event loop."""
        await request.aread()
        reply, wait, timed_out = self._reply(request)
        await asyncio.sleep(wait)
        if timed_out:
            raise httpx2.ReadTimeout("the scripted model did not answer in time", request=request)
        return reply.response()


class ScriptedServer:
    """The scripted model over real HTTP on 127.0.0.1 (a free port), served from a background thread.

    Use it as a context manager; :attr:`base_url` (``http://127.0.0.1:PORT/v1``) is known from construction.
    Requests are recorded on the model (:attr:`requests`, :attr:`calls`).
    """

    def __init__(self, model: ScriptedModel, *, hang_limit: float = 60.0) -> None:
        self.model = model
        self.hang_limit = hang_limit
        self._released = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), name="scripted-server", daemon=True
        )

    @property
    def requests(self) -> list[ChatRequest]:
        """Every request received so far, in order."""
        return self.model.requests

    @property
    def calls(self) -> int:
        """How many requests were received so far."""
        return self.model.calls

    def release(self) -> None:
        """Let every hung request (and every later one) go on; see :func:`hang`."""
        self._released.set()

    def _answer(self, request: ChatRequest) -> Reply | None:
        """The reply to send, after its delay or hang; ``None`` to close the connection unanswered."""
        reply = self.model(request)
        while reply.hang:
            self._released.wait(self.hang_limit)
            if reply.after_release is None:
                return None
            reply = resolve(reply.after_release, request)
        if reply.drop:
            return None
        time.sleep(reply.delay)
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                content = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name: value for name, value in self.headers.items()}
                reply = server._answer(ChatRequest.parse(self.command, self.path, headers, content))
                if reply is None:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_POST = do_GET = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
        self._httpd.shutdown()
        self._httpd.server_close()
