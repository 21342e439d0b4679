"""A scripted OpenAI-compatible model: test code that uses ``summarizer`` offline, fast and deterministically.

Script what the "model" answers, then plug it in one of two ways::

    from summarizer import summarize
    from summarizer.config import Settings
    from summarizer.llm import make_client
    from summarizer.testing import ScriptedModel, http_error

    model = ScriptedModel(http_error(503, headers={"Retry-After": "0"}), my_summary)
    settings = Settings(backend="openai", base_url="http://scripted.invalid/v1", model="any")
    result = summarize(article, settings=settings, client=make_client(settings, transport=model.transport()))
    assert model.calls == 2

    with ScriptedServer(ScriptedModel.always(my_summary)) as server:  # real HTTP on 127.0.0.1
        subprocess.run(["summarizer", "summarize", "a.txt", "--base-url", server.base_url], check=True)

An answer is a :class:`~summarizer.schema.NegotiationSummary` (sent without the spans grounding adds, as a
model writes it), a ``dict`` (sent as JSON, as is), a ``str`` (sent verbatim: invalid JSON included), a
:class:`Reply` (a whole HTTP response: the faults :func:`http_error`, :func:`not_json`, :func:`hang`,
:func:`disconnect`), or a
function of the :class:`ChatRequest` returning an answer (:func:`answer`, :func:`truncated`, :func:`delayed`
and your own). Summaries, dicts and strings go out as a tool call when the request offers tools (mode
``tools``) and as message content otherwise (``json``, ``json_schema``).

:class:`ScriptedModel` holds the script and records every request; :meth:`ScriptedModel.transport` is its
in-process face (an httpx2 transport, for ``summarizer.llm.make_client(settings, transport=...)`` or your own
``openai`` client) and :class:`ScriptedServer` its face over real HTTP, for the CLI or any other process.
Nothing in the library imports this module.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeAlias

import httpx2

from .schema import NegotiationSummary

__all__ = [
    "MODEL_NAME",
    "TOOL_NAME",
    "Answer",
    "ChatRequest",
    "Reply",
    "ScriptedModel",
    "ScriptedServer",
    "ScriptedTransport",
    "answer",
    "content_body",
    "delayed",
    "disconnect",
    "hang",
    "http_error",
    "model_answer",
    "not_json",
    "resolve",
    "tool_call_body",
    "truncated",
]

TOOL_NAME = "NegotiationSummary"
"""The tool the library asks the model to call (instructor names it after the response model)."""
MODEL_NAME = "scripted-model"
"""The model name scripted completions report."""
CHAT_PATH = "/chat/completions"

_EVIDENCE_SPANS = ("start", "end", "match")
_HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>\n"
)


@dataclass(frozen=True)
class ChatRequest:
    """One request the scripted model received: method, path, lower-cased headers and the parsed JSON body."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: Any
    """The parsed JSON body; the raw text when it is not JSON."""

    @classmethod
    def parse(cls, method: str, path: str, headers: Mapping[str, str], content: bytes) -> ChatRequest:
        """Build a request from what came over the wire."""
        try:
            body: Any = json.loads(content) if content else None
        except ValueError:
            body = content.decode("utf-8", errors="replace")
        return cls(method, path, {name.lower(): value for name, value in headers.items()}, body)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages sent."""
        messages = self.body.get("messages") if isinstance(self.body, dict) else None
        return list(messages) if isinstance(messages, list) else []

    @property
    def user_text(self) -> str:
        """The first user message: for the library, the numbered article."""
        return next((str(m.get("content")) for m in self.messages if m.get("role") == "user"), "")

    @property
    def reasks(self) -> int:
        """How many answers the conversation already holds: 0 on the first ask, 1 on the first re-ask."""
        return sum(1 for message in self.messages if message.get("role") == "assistant")

    @property
    def mode(self) -> str:
        """``tools`` when tools are offered, ``json_schema`` for a JSON-schema, or ``json``."""
        body = self.body if isinstance(self.body, dict) else {}
        if body.get("tools"):
            return "tools"
        response_format = body.get("response_format") or {}
        return "json_schema" if response_format.get("type") == "json_schema" else "json"

    @property
    def tool_name(self) -> str:
        """The name of the tool the request asks for (:data:`TOOL_NAME` when it names none)."""
        body = self.body if isinstance(self.body, dict) else {}
        choice = body.get("tool_choice")
        if isinstance(choice, dict) and isinstance(choice.get("function"), dict):
            return str(choice["function"].get("name") or TOOL_NAME)
        tools = body.get("tools") or [{}]
        return str((tools[0].get("function") or {}).get("name") or TOOL_NAME)

    @property
    def max_tokens(self) -> int | None:
        """The output-token cap the request sets, if any."""
        body = self.body if isinstance(self.body, dict) else {}
        limit = body.get("max_tokens") or body.get("max_completion_tokens")
        return limit if isinstance(limit, int) else None


@dataclass(frozen=True)
class Reply:
    """A whole HTTP response, sent after ``delay`` seconds; with ``hang``, not sent until released."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang: bool = False
    after_release: Answer | None = None
    """What a hung request gets once :meth:`ScriptedServer.release` is called (None: the connection drops)."""
    drop: bool = False
    """Close the connection without answering (the client sees the server disconnect)."""

    @classmethod
    def json(cls, data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
        """A JSON response."""
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return cls(status, body, {"content-type": "application/json", **(headers or {})})

    def response(self) -> httpx2.Response:
        """This reply as an httpx2 response."""
        return httpx2.Response(self.status, headers=dict(self.headers), content=self.body)


Answer: TypeAlias = "NegotiationSummary | Mapping[str, Any] | str | Reply | Callable[[ChatRequest], Answer]"
"""What a scripted model can answer; see the module documentation."""


def model_answer(summary: NegotiationSummary | Mapping[str, Any]) -> dict[str, Any]:
    """A summary as a model writes it: JSON data without the spans (start, end, match) grounding adds."""
    data = summary.model_dump(mode="json") if isinstance(summary, NegotiationSummary) else summary

    def strip(node: Any) -> Any:
        if isinstance(node, Mapping):
            evidence = "quote" in node and "sentence_ids" in node
            return {k: strip(v) for k, v in node.items() if not (evidence and k in _EVIDENCE_SPANS)}
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    stripped: dict[str, Any] = strip(data)
    return stripped


def _text(content: NegotiationSummary | Mapping[str, Any] | str) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, NegotiationSummary):
        content = model_answer(content)
    return json.dumps(content, ensure_ascii=False)


def _body(
    message: dict[str, Any], finish_reason: str, prompt_tokens: int, completion_tokens: int, model: str
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def tool_call_body(
    arguments: NegotiationSummary | Mapping[str, Any] | str,
    *,
    name: str = TOOL_NAME,
    finish_reason: str = "tool_calls",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    model: str = MODEL_NAME,
) -> dict[str, Any]:
    """A chat-completion body whose one tool call carries ``arguments`` (mode ``tools``)."""
    call = {"id": "call_0", "type": "function", "function": {"name": name, "arguments": _text(arguments)}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return _body(message, finish_reason, prompt_tokens, completion_tokens, model)


def content_body(
    content: NegotiationSummary | Mapping[str, Any] | str,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    model: str = MODEL_NAME,
) -> dict[str, Any]:
    """A chat-completion body whose message content is ``content`` (modes ``json`` and ``json_schema``)."""
    message = {"role": "assistant", "content": _text(content)}
    return _body(message, finish_reason, prompt_tokens, completion_tokens, model)


def answer(
    content: NegotiationSummary | Mapping[str, Any] | str,
    *,
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    finish_reason: str | None = None,
) -> Callable[[ChatRequest], Reply]:
    """``content`` in the request's mode (a tool call or message content) with the given usage.

    ``finish_reason`` defaults to ``tool_calls`` in mode ``tools`` and ``stop`` otherwise.
    """

    def reply(request: ChatRequest) -> Reply:
        if request.mode == "tools":
            body = tool_call_body(
                content,
                name=request.tool_name,
                finish_reason=finish_reason or "tool_calls",
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        else:
            body = content_body(
                content,
                finish_reason=finish_reason or "stop",
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        return Reply.json(body)

    return reply


def truncated(
    content: NegotiationSummary | Mapping[str, Any] | str = '{"headline": "Talks',
    *,
    keep: float = 0.5,
) -> Callable[[ChatRequest], Reply]:
    """An answer cut at the output-token limit: the first ``keep`` of ``content``, finish reason ``length``.

    It reports the request's ``max_tokens`` (or 50) as its completion tokens.
    """
    text = _text(content)
    cut = text[: max(1, int(len(text) * keep))]

    def reply(request: ChatRequest) -> Reply:
        tokens = request.max_tokens or 50
        return answer(cut, completion_tokens=tokens, finish_reason="length")(request)

    return reply


def delayed(then: Answer, seconds: float) -> Callable[[ChatRequest], Reply]:
    """``then``, sent after ``seconds``; past the client's read timeout the client sees a timeout."""

    def reply(request: ChatRequest) -> Reply:
        return replace(resolve(then, request), delay=seconds)

    return reply


def hang(then: Answer | None = None) -> Reply:
    """No answer: the server holds the request until :meth:`ScriptedServer.release`, then answers ``then``.

    Without ``then`` the released connection is closed unanswered. The transport raises the read timeout the
    client would eventually see, at once.
    """
    return Reply(status=0, hang=True, after_release=then)


def disconnect() -> Reply:
    """No answer: the connection is closed as soon as the request has arrived."""
    return Reply(status=0, drop=True)


def http_error(
    status: int,
    message: str = "scripted error",
    *,
    headers: Mapping[str, str] | None = None,
    error_type: str = "scripted_error",
) -> Reply:
    """An OpenAI-style error: HTTP ``status``, body ``{"error": {"message": ...}}``, ``headers``."""
    return Reply.json({"error": {"message": message, "type": error_type}}, status=status, headers=headers)


def not_json(
    body: str = _HTML_PAGE, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
) -> Reply:
    """A response that is not a completion at all, such as a proxy's HTML page served with status 200."""
    return Reply(status, body.encode("utf-8"), {"content-type": content_type})


def resolve(reply: Answer, request: ChatRequest) -> Reply:
    """The HTTP response an answer gives to ``request``."""
    while not isinstance(reply, Reply):
        if isinstance(reply, NegotiationSummary | Mapping | str):
            return answer(reply)(request)
        reply = reply(request)
    return reply


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
