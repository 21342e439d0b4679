"""The OpenAI-compatible client: one transport retry policy and a usage meter beneath instructor.

Transport faults (429, 5xx, timeouts, connection errors) are retried here, around the single HTTP call, by one
tenacity policy: exponential backoff with jitter, ``Retry-After`` honoured, bounded in attempts and
total wait.
400/401/403/404 are answered at once. The openai SDK's own retries are off, and instructor re-asks only for
invalid answers, so nothing retries twice. Every completion that comes back is counted into the meter of the
article being summarized (a context variable, so concurrent articles on one client keep separate counts).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx2
import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from .config import Settings
from .errors import Usage

__all__ = [
    "RETRYABLE_STATUS",
    "AsyncRetryingTransport",
    "CutShortAnswer",
    "RetryPolicy",
    "RetryingTransport",
    "UsageMeter",
    "make_async_client",
    "make_client",
    "metered",
]

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
_RETRYABLE_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


class UsageMeter:
    """Counts the completions of one article as they arrive; :attr:`usage` is the total so far."""

    def __init__(self) -> None:
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    @property
    def usage(self) -> Usage:
        """The counts so far."""
        return Usage(
            calls=self.calls, prompt_tokens=self.prompt_tokens, completion_tokens=self.completion_tokens
        )


_meter: ContextVar[UsageMeter | None] = ContextVar("summarizer_usage_meter", default=None)


@contextlib.contextmanager
def metered() -> Iterator[UsageMeter]:
    """Count every completion received inside the block into the returned meter."""
    meter = UsageMeter()
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)


class CutShortAnswer(Exception):
    """The answer used up ``max_tokens`` although the server did not report ``finish_reason: length``.

    llama.cpp's server labels every tool-call answer ``tool_calls``, even one cut off at the limit; without
    this check the cut-off JSON would be re-asked as if the model had written it badly.
    """


def _inspect(request: httpx2.Request, response: httpx2.Response) -> None:
    """Count the completion into the current meter; raise :class:`CutShortAnswer` for a mislabelled cut."""
    if response.status_code >= 400:
        return
    try:
        body = json.loads(response.content)
        counts = body.get("usage") or {}
        finish_reason = (body.get("choices") or [{}])[0].get("finish_reason")
    except (ValueError, AttributeError, IndexError):
        body, counts, finish_reason = {}, {}, None
    usage = _meter.get()
    if usage is not None:
        usage.calls += 1
        usage.prompt_tokens += int(counts.get("prompt_tokens") or 0)
        usage.completion_tokens += int(counts.get("completion_tokens") or 0)
    limit = _max_tokens(request)
    produced = int(counts.get("completion_tokens") or 0)
    if limit is not None and produced >= limit and finish_reason not in (None, "length"):
        raise CutShortAnswer(f"the answer used all {limit} output tokens but was labelled {finish_reason!r}")


def _max_tokens(request: httpx2.Request) -> int | None:
    try:
        sent = json.loads(request.content)
    except ValueError:
        return None
    limit = sent.get("max_tokens") or sent.get("max_completion_tokens") if isinstance(sent, dict) else None
    return int(limit) if isinstance(limit, int) else None


class _RetryableStatus(Exception):
    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


@dataclass(frozen=True)
class RetryPolicy:
    """How transport faults are retried: attempts, backoff and the longest total wait."""

    attempts: int = 4
    initial_wait: float = 0.5
    max_wait: float = 60.0
    max_backoff: float = 20.0

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_exponential_jitter(multiplier=self.initial_wait, max=self.max_backoff)(state)
        outcome = state.outcome
        if outcome is not None and outcome.failed:
            error = outcome.exception()
            if isinstance(error, _RetryableStatus):
                retry_after = _retry_after(error.response)
                if retry_after is not None:
                    return min(max(retry_after, 0.0), self.max_wait)
        return backoff

    def _kwargs(self) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(self.attempts) | stop_after_delay(self.max_wait),
            "wait": self._wait,
            "retry": retry_if_exception_type((_RetryableStatus, *_RETRYABLE_ERRORS)),
            "retry_error_callback": _give_up,
        }

    def retrying(self) -> Retrying:
        """A tenacity controller for one synchronous HTTP call."""
        return Retrying(**self._kwargs())

    def async_retrying(self) -> AsyncRetrying:
        """A tenacity controller for one asynchronous HTTP call."""
        return AsyncRetrying(**self._kwargs())


def _give_up(state: RetryCallState) -> httpx2.Response:
    """After the last attempt: hand back the last error response, or re-raise the last network error."""
    assert state.outcome is not None
    error = state.outcome.exception()
    if isinstance(error, _RetryableStatus):
        return error.response
    assert error is not None
    raise error


def _retry_after(response: httpx2.Response) -> float | None:
    value = response.headers.get("retry-after-ms")
    if value is not None:
        with contextlib.suppress(ValueError):
            return float(value) / 1000
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        moment = email.utils.parsedate_to_datetime(value)
        return moment.timestamp() - time.time() if moment else None


class RetryingTransport(httpx2.BaseTransport):
    """Wraps a transport: retries transport faults under :class:`RetryPolicy`, meters usage."""

    def __init__(self, inner: httpx2.BaseTransport | None = None, policy: RetryPolicy | None = None) -> None:
        self.inner = inner or httpx2.HTTPTransport()
        self.policy = policy or RetryPolicy()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, retrying transport faults."""
        response: httpx2.Response = self.policy.retrying()(self._send_once, request)
        _inspect(request, response)
        return response

    def _send_once(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        response.read()
        if response.status_code in RETRYABLE_STATUS:
            response.close()
            raise _RetryableStatus(response)
        return response

    def close(self) -> None:
        """Close the wrapped transport."""
        self.inner.close()


class AsyncRetryingTransport(httpx2.AsyncBaseTransport):
    """The asynchronous twin of :class:`RetryingTransport`."""

    def __init__(
        self, inner: httpx2.AsyncBaseTransport | None = None, policy: RetryPolicy | None = None
    ) -> None:
        self.inner = inner or httpx2.AsyncHTTPTransport()
        self.policy = policy or RetryPolicy()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, retrying transport faults."""
        response: httpx2.Response = await self.policy.async_retrying()(self._send_once, request)
        _inspect(request, response)
        return response

    async def _send_once(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        if response.status_code in RETRYABLE_STATUS:
            await response.aclose()
            raise _RetryableStatus(response)
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.inner.aclose()


def _policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(attempts=settings.transport_attempts, max_wait=settings.transport_max_wait)


def _sdk_options(settings: Settings) -> dict[str, Any]:
    """What both openai clients are built with: the SDK's own retries off, the timeout per request."""
    return {
        "api_key": settings.api_key or "not-needed",
        "base_url": settings.base_url,
        "max_retries": 0,
        "timeout": settings.timeout,
    }


def make_client(settings: Settings, transport: httpx2.BaseTransport | None = None) -> openai.OpenAI:
    """An ``openai.OpenAI`` client with SDK retries off and the transport policy beneath it."""
    http_client = httpx2.Client(
        transport=RetryingTransport(transport, _policy(settings)), timeout=settings.timeout
    )
    return openai.OpenAI(**_sdk_options(settings), http_client=http_client)


def make_async_client(
    settings: Settings, transport: httpx2.AsyncBaseTransport | None = None
) -> openai.AsyncOpenAI:
    """An ``openai.AsyncOpenAI`` client with SDK retries off and the transport policy beneath it."""
    http_client = httpx2.AsyncClient(
        transport=AsyncRetryingTransport(transport, _policy(settings)), timeout=settings.timeout
    )
    return openai.AsyncOpenAI(**_sdk_options(settings), http_client=http_client)
