"""The OpenAI-compatible client: one transport retry policy, a deadline and a usage meter beneath instructor.

Transport faults (429, 5xx, timeouts, connection errors, and a 200 whose body is not a chat completion) are
retried here, around the single HTTP call, by one tenacity policy: exponential backoff with jitter,
``Retry-After`` honoured, bounded in attempts and total wait. 400/401/403/404 are answered at once. The openai
SDK's own retries are off, and re-asks happen only for invalid answers, so nothing retries twice. What the
transport finally gives up on is a :class:`TransportFault` whose message says what happened to which URL
("timed out after 120 s waiting for ...", "could not connect to ...", "answered 200 with text/html ...").

Every attempt is bounded by the article's deadline (:func:`deadline`, a context variable): the request's
timeouts are cut to the time left, and no retry starts after it. Every completion that comes back is counted
into the meter of the article being summarized (a context variable too, so concurrent articles on one client
keep separate counts).

Clients are pooled (:func:`shared_client`): one per base URL, key and timeouts for the process, closed at
exit, so articles reuse connections and nothing is rebuilt per call; a plain-http URL gets no TLS setup. The
pool is bounded; a request holds its client with :func:`leased_client`, so a client that leaves the pool while
a request uses it is closed when that request ends, never under it.
"""

from __future__ import annotations

import atexit
import contextlib
import email.utils
import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

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
from tenacity.stop import stop_base

from ._faults import (
    NETWORK_ERRORS,
    RETRYABLE_STATUS,
    DeadlinePassed,
    NotACompletion,
    RetryableStatus,
    TimedOut,
    TransportFault,
    attempt_timeouts,
    checked,
    deadline,
    give_up_error,
    time_left,
)
from .config import DEFAULT_TIMEOUT, Settings
from .errors import Usage

__all__ = [
    "RETRYABLE_STATUS",
    "AsyncRetryingTransport",
    "CutShortAnswer",
    "RetryPolicy",
    "RetryingTransport",
    "TransportFault",
    "UsageMeter",
    "close_shared_clients",
    "deadline",
    "leased_client",
    "make_async_client",
    "make_client",
    "metered",
    "shared_client",
    "time_left",
]


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
    body = response.extensions.get("summarizer_completion")
    if not isinstance(body, dict):
        return
    try:
        counts = body.get("usage") or {}
        finish_reason = body["choices"][0].get("finish_reason")
    except (AttributeError, IndexError, KeyError, TypeError):
        counts, finish_reason = {}, None
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


@dataclass(frozen=True)
class RetryPolicy:
    """How transport faults are retried: attempts, backoff and the longest total wait."""

    attempts: int = 4
    initial_wait: float = 0.5
    max_wait: float = 60.0
    max_backoff: float = 20.0

    def _wait(self, state: RetryCallState) -> float:
        wait = wait_exponential_jitter(multiplier=self.initial_wait, max=self.max_backoff)(state)
        outcome = state.outcome
        if outcome is not None and outcome.failed:
            error = outcome.exception()
            if isinstance(error, RetryableStatus):
                retry_after = _retry_after(error.response)
                if retry_after is not None:
                    wait = min(max(retry_after, 0.0), self.max_wait)
        left = time_left()
        return wait if left is None else max(0.0, min(wait, left))

    def _kwargs(self) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(self.attempts) | stop_after_delay(self.max_wait) | _stop_at_deadline(),
            "wait": self._wait,
            "retry": retry_if_exception_type((RetryableStatus, NotACompletion, TimedOut, *NETWORK_ERRORS)),
            "retry_error_callback": _give_up,
        }

    def retrying(self) -> Retrying:
        """A tenacity controller for one synchronous HTTP call."""
        return Retrying(**self._kwargs())

    def async_retrying(self) -> AsyncRetrying:
        """A tenacity controller for one asynchronous HTTP call."""
        return AsyncRetrying(**self._kwargs())


class _stop_at_deadline(stop_base):  # named like tenacity's stop conditions
    """Stop once the article's deadline has passed, or when the last attempt was cut short by it."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        left = time_left()
        if left is not None and left <= 0:
            return True
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None and outcome.failed else None
        return isinstance(error, TimedOut) and error.by_deadline


def _give_up(state: RetryCallState) -> httpx2.Response:
    """After the last attempt: hand back the last error response, or raise what the transport gave up on."""
    assert state.outcome is not None
    error = state.outcome.exception()
    if isinstance(error, RetryableStatus):
        return error.response
    assert error is not None
    request, _, trail = state.args
    raise give_up_error(request, error, trail) from error


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
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):  # a malformed header is no reason to give up: back off as usual
        return None
    return moment.timestamp() - time.time() if moment else None


class RetryingTransport(httpx2.BaseTransport):
    """Wraps a transport: retries transport faults under :class:`RetryPolicy`, meters usage."""

    def __init__(self, inner: httpx2.BaseTransport | None = None, policy: RetryPolicy | None = None) -> None:
        self.inner = inner or httpx2.HTTPTransport()
        self.policy = policy or RetryPolicy()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``, retrying transport faults, within the deadline."""
        configured = dict(request.extensions.get("timeout") or {})
        trail: list[BaseException] = []
        try:
            response: httpx2.Response = self.policy.retrying()(self._send_once, request, configured, trail)
        except DeadlinePassed as error:
            raise give_up_error(request, error, trail) from None
        _inspect(request, response)
        return response

    def _send_once(
        self, request: httpx2.Request, configured: dict[str, Any], trail: list[BaseException]
    ) -> httpx2.Response:
        timeouts, read = attempt_timeouts(request, configured)
        request.extensions = {**request.extensions, "timeout": timeouts}
        try:
            response = self.inner.handle_request(request)
            response.read()
        except httpx2.TimeoutException as error:
            trail.append(TimedOut(request, error, read))
            raise trail[-1] from error
        except NETWORK_ERRORS as error:
            trail.append(error)
            raise
        try:
            return checked(request, response)
        except Exception as error:
            trail.append(error)
            response.close()
            raise

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
        """Send ``request``, retrying transport faults, within the deadline."""
        configured = dict(request.extensions.get("timeout") or {})
        trail: list[BaseException] = []
        try:
            response: httpx2.Response = await self.policy.async_retrying()(
                self._send_once, request, configured, trail
            )
        except DeadlinePassed as error:
            raise give_up_error(request, error, trail) from None
        _inspect(request, response)
        return response

    async def _send_once(
        self, request: httpx2.Request, configured: dict[str, Any], trail: list[BaseException]
    ) -> httpx2.Response:
        timeouts, read = attempt_timeouts(request, configured)
        request.extensions = {**request.extensions, "timeout": timeouts}
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
        except httpx2.TimeoutException as error:
            trail.append(TimedOut(request, error, read))
            raise trail[-1] from error
        except NETWORK_ERRORS as error:
            trail.append(error)
            raise
        try:
            return checked(request, response)
        except Exception as error:
            trail.append(error)
            await response.aclose()
            raise

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.inner.aclose()


def _policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(attempts=settings.transport_attempts, max_wait=settings.transport_max_wait)


def request_timeouts(settings: Settings, *, read_until_deadline: bool = False) -> httpx2.Timeout:
    """The per-request timeouts: ``settings.timeout`` (default 120 s) for connecting, sending and reading.

    With ``read_until_deadline`` and no timeout configured, the wait for the answer is bounded only by the
    article's deadline: a local model on a busy CPU writes its ``max_tokens`` in minutes, and a fixed read
    timeout would cut answers that are still coming.
    """
    seconds = settings.timeout if settings.timeout is not None else DEFAULT_TIMEOUT
    if read_until_deadline and settings.timeout is None:
        return httpx2.Timeout(seconds, read=None)
    return httpx2.Timeout(seconds)


@lru_cache(maxsize=1)
def _no_tls() -> ssl.SSLContext:
    """For plain-http URLs: a context that loads no certificates (fast) and would refuse any TLS peer."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _verify(settings: Settings) -> ssl.SSLContext | bool:
    base_url = settings.base_url or "https://api.openai.com/v1"
    return _no_tls() if urlsplit(base_url).scheme == "http" else True


def _sdk_options(settings: Settings, timeout: httpx2.Timeout) -> dict[str, Any]:
    """What both openai clients are built with: the SDK's own retries off, the timeouts per request."""
    return {
        "api_key": settings.api_key or "not-needed",
        "base_url": settings.base_url,
        "max_retries": 0,
        "timeout": timeout,
    }


def make_client(
    settings: Settings, transport: httpx2.BaseTransport | None = None, *, read_until_deadline: bool = False
) -> openai.OpenAI:
    """A new ``openai.OpenAI`` client with SDK retries off and the transport policy beneath it."""
    timeout = request_timeouts(settings, read_until_deadline=read_until_deadline)
    inner = transport or httpx2.HTTPTransport(verify=_verify(settings))
    http_client = httpx2.Client(transport=RetryingTransport(inner, _policy(settings)), timeout=timeout)
    return openai.OpenAI(**_sdk_options(settings, timeout), http_client=http_client)


def make_async_client(
    settings: Settings,
    transport: httpx2.AsyncBaseTransport | None = None,
    *,
    read_until_deadline: bool = False,
) -> openai.AsyncOpenAI:
    """A new ``openai.AsyncOpenAI`` client with SDK retries off and the transport policy beneath it."""
    timeout = request_timeouts(settings, read_until_deadline=read_until_deadline)
    inner = transport or httpx2.AsyncHTTPTransport(verify=_verify(settings))
    http_client = httpx2.AsyncClient(
        transport=AsyncRetryingTransport(inner, _policy(settings)), timeout=timeout
    )
    return openai.AsyncOpenAI(**_sdk_options(settings, timeout), http_client=http_client)


@dataclass
class _Pooled:
    """A pooled client, how many requests hold it, and whether it has left the pool."""

    client: openai.OpenAI
    leases: int = 0
    retired: bool = False


_pool: dict[tuple[Any, ...], _Pooled] = {}  # least recently used first
_pool_lock = threading.Lock()
_POOL_SIZE = 8
_atexit_registered = False


def shared_client(settings: Settings, *, read_until_deadline: bool = False) -> openai.OpenAI:
    """The process's client for ``settings``' server, key and timeouts: built once, closed at exit.

    Thread-safe, like the client itself. The pool keeps a few clients: when more are needed (a long-lived
    process, or a batch, that talks to many servers or keys) the least recently used leaves it, and is closed
    at once if no :func:`leased_client` holds it, else when the last one lets it go. Hold a client across a
    request with :func:`leased_client`; one taken from here may be closed meanwhile.
    """
    with _pool_lock:
        return _take(settings, read_until_deadline).client


@contextlib.contextmanager
def leased_client(settings: Settings, *, read_until_deadline: bool = False) -> Iterator[openai.OpenAI]:
    """The pooled client of :func:`shared_client`, kept open until the block ends (even out of the pool)."""
    with _pool_lock:
        entry = _take(settings, read_until_deadline)
        entry.leases += 1
    try:
        yield entry.client
    finally:
        with _pool_lock:
            entry.leases -= 1
            done = entry.retired and entry.leases == 0
        if done:
            entry.client.close()


def _take(settings: Settings, read_until_deadline: bool) -> _Pooled:
    """The pool's entry for ``settings`` (built if new, least recently used evicted); hold the pool's lock."""
    global _atexit_registered
    timeout = request_timeouts(settings, read_until_deadline=read_until_deadline)
    key = (
        settings.base_url,
        settings.api_key,
        (timeout.connect, timeout.read, timeout.write, timeout.pool),
        settings.transport_attempts,
        settings.transport_max_wait,
    )
    entry = _pool.pop(key, None)
    if entry is None:
        if not _atexit_registered:
            atexit.register(close_shared_clients)
            _atexit_registered = True
        while len(_pool) >= _POOL_SIZE:
            _retire(_pool.pop(next(iter(_pool))))
        entry = _Pooled(make_client(settings, read_until_deadline=read_until_deadline))
    _pool[key] = entry  # (re)inserted last: the most recently used
    return entry


def _retire(entry: _Pooled) -> None:
    """Take ``entry`` out of service: closed now if idle, else by its last lease (pool lock held)."""
    entry.retired = True
    if entry.leases == 0:
        entry.client.close()


def close_shared_clients() -> None:
    """Close every pooled client; one a request still holds is closed when that request ends (at exit this
    runs by itself)."""
    with _pool_lock:
        entries = list(_pool.values())
        _pool.clear()
        for entry in entries:
            _retire(entry)
