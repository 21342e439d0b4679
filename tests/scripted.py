"""A scripted OpenAI-compatible transport for fast, offline tests of the whole call path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import openai

from summarizer.config import Settings
from summarizer.llm import RetryingTransport, RetryPolicy

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_ARTICLE = SEEDS / "trump-putin-call-2025-03.txt"

Reply = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]


def gold_answer(name: str = "trump-putin-call-2025-03") -> dict[str, Any]:
    """A gold summary as the model would write it: without the spans grounding adds."""
    data = json.loads((SEEDS / f"{name}.gold.json").read_text(encoding="utf-8"))

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("start", "end", "match")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    result: dict[str, Any] = strip(data)
    return result


def completion(
    arguments: dict[str, Any] | str,
    *,
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    finish_reason: str = "tool_calls",
) -> httpx2.Response:
    """A chat completion whose single tool call carries ``arguments``."""
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_0",
                            "type": "function",
                            "function": {"name": "NegotiationSummary", "arguments": text},
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
    return httpx2.Response(200, json=body)


def error(status: int, message: str = "error", headers: dict[str, str] | None = None) -> httpx2.Response:
    """An OpenAI-style error response."""
    return httpx2.Response(status, json={"error": {"message": message, "type": "test"}}, headers=headers)


class Script:
    """Answers requests in order from a list of replies and records every request it saw."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError(f"unexpected request #{len(self.requests)}: {request.method} {request.url}")
        reply = self.replies.pop(0)
        return reply(request) if callable(reply) else reply

    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies of the requests seen so far."""
        return [json.loads(request.content) for request in self.requests]


FAST_RETRIES = RetryPolicy(attempts=3, initial_wait=0.0, max_wait=2.0, max_backoff=0.0)


def client_for(script: Script, policy: RetryPolicy = FAST_RETRIES) -> openai.OpenAI:
    """An openai client whose HTTP goes through ``script`` beneath the library's retry policy."""
    http_client = httpx2.Client(transport=RetryingTransport(httpx2.MockTransport(script), policy))
    return openai.OpenAI(
        api_key="test-key-not-secret",
        base_url="http://127.0.0.1:9/v1",
        max_retries=0,
        http_client=http_client,
    )


def settings(**changes: Any) -> Settings:
    """Settings for the openai backend pointed at the scripted server."""
    values: dict[str, Any] = {"backend": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "test-model"}
    values.update(changes)
    return Settings(**values)
