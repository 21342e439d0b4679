"""What the scripted model answers: the request it sees, the replies, completion bodies and faults."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias

import httpx2

from summarizer.schema import NegotiationSummary

__all__ = [
    "MODEL_NAME",
    "TOOL_NAME",
    "Answer",
    "ChatRequest",
    "Reply",
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
