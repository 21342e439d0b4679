"""What the transport gives up on, said plainly, and the per-article deadline every attempt stays within.

:func:`deadline` sets, for everything sent inside it (a context variable, so concurrent articles keep their
own), the moment by which the article must be done; :func:`time_left` reads it. An attempt's timeouts are
cut to the time left (:func:`attempt_timeouts`). A response is checked (:func:`checked`): a status worth
retrying, or a success that is not a chat completion (a captive portal's page, a misrouted proxy), raises an
error the retry policy retries. Once it stops, :func:`give_up_error` turns the last fault into a
:class:`TransportFault` whose message says what happened to which URL (redacted: no credentials).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import httpx2

from .redaction import redact_url

__all__ = [
    "NETWORK_ERRORS",
    "RETRYABLE_STATUS",
    "DeadlinePassed",
    "NotACompletion",
    "RetryableStatus",
    "TimedOut",
    "TransportFault",
    "attempt_timeouts",
    "checked",
    "deadline",
    "give_up_error",
    "time_left",
]

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
NETWORK_ERRORS = (httpx2.NetworkError, httpx2.RemoteProtocolError)
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("summarizer_deadline", default=None)
"""(the ``time.monotonic()`` by which the article must be done, the seconds it was given)"""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Bound every request sent inside the block, retries and re-asks included, to ``seconds`` from now."""
    if seconds is None:
        yield
        return
    ends = time.monotonic() + seconds
    outer = _deadline.get()
    if outer is not None and outer[0] < ends:
        ends, seconds = outer
    token = _deadline.set((ends, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds left before the current deadline (negative once passed), ``None`` without one."""
    current = _deadline.get()
    return None if current is None else current[0] - time.monotonic()


def _deadline_seconds() -> float | None:
    current = _deadline.get()
    return None if current is None else current[1]


class TransportFault(Exception):
    """What the transport gave up on, in words for the user; ``status_code`` when the server answered."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class RetryableStatus(Exception):
    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


class NotACompletion(Exception):
    """A success status whose body is not a chat completion (a captive portal, a misrouted proxy)."""

    def __init__(self, request: httpx2.Request, response: httpx2.Response) -> None:
        content_type = response.headers.get("content-type", "no content type").split(";")[0].strip()
        lines = response.content[:2000].decode("utf-8", "replace").strip().splitlines()
        first = lines[0][:200] if lines else "(empty body)"
        super().__init__(
            f"{redact_url(str(request.url))} answered HTTP {response.status_code} with {content_type}, "
            f"not a chat completion; the body begins: {first}"
        )
        self.status_code = response.status_code


class TimedOut(Exception):
    """One attempt's timeout, with the seconds it waited and whether the deadline was what cut it short."""

    def __init__(
        self, request: httpx2.Request, error: httpx2.TimeoutException, seconds: float | None
    ) -> None:
        self.connecting = isinstance(error, httpx2.ConnectTimeout | httpx2.PoolTimeout)
        self.by_deadline = _deadline_bound(seconds)
        url = redact_url(str(request.url))
        waited = f"{seconds:g} s" if seconds is not None else "a while"
        if self.by_deadline:
            budget = _deadline_seconds()
            message = f"timed out waiting for {url}: the deadline of {budget:g} s for this article passed"
        elif self.connecting:
            message = f"could not connect to {url}: no connection within {waited}"
        else:
            message = f"timed out after {waited} waiting for {url}"
        super().__init__(message)


def _deadline_bound(seconds: float | None) -> bool:
    left = time_left()
    return left is not None and (seconds is None or left <= 0.05 or seconds >= left - 0.05)


def _is_completion_path(request: httpx2.Request) -> bool:
    return request.url.path.endswith("/chat/completions")


def checked(request: httpx2.Request, response: httpx2.Response) -> httpx2.Response:
    """Raise for a status worth retrying and for a success that is not a completion; keep the parsed body."""
    if response.status_code in RETRYABLE_STATUS:
        raise RetryableStatus(response)
    if response.status_code < 300 and _is_completion_path(request):
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("choices"), list) or not body["choices"]:
            raise NotACompletion(request, response)
        response.extensions = {**response.extensions, "summarizer_completion": body}
    return response


def attempt_timeouts(
    request: httpx2.Request, configured: dict[str, Any]
) -> tuple[dict[str, Any], float | None]:
    """The request's timeouts cut to the time left before the deadline, and the read timeout that applies."""
    left = time_left()
    if left is not None and left <= 0:
        raise DeadlinePassed()
    capped = {
        key: (left if value is None else min(value, left)) if left is not None else value
        for key, value in configured.items()
    }
    return capped, capped.get("read")


class DeadlinePassed(Exception):
    def __init__(self) -> None:
        super().__init__("deadline")


def give_up_error(
    request: httpx2.Request, error: BaseException, trail: list[BaseException] | None = None
) -> BaseException:
    """What the caller sees once retrying ends: a :class:`TransportFault` that says what happened.

    When the deadline ended the retries, the fault that made them is named first, with how often it came.
    """
    url = redact_url(str(request.url))
    by_deadline = isinstance(error, DeadlinePassed) or (isinstance(error, TimedOut) and error.by_deadline)
    if by_deadline:
        budget = _deadline_seconds()
        passed = f"the deadline of {budget:g} s for this article passed" if budget else "the deadline passed"
        earlier = [fault for fault in trail or [] if not (isinstance(fault, TimedOut) and fault.by_deadline)]
        if earlier:
            cause = give_up_error(request, earlier[-1])
            return TransportFault(f"{cause} ({len(earlier)} time(s)); then {passed}")
        return TransportFault(f"timed out waiting for {url}: {passed}")
    if isinstance(error, TimedOut | NotACompletion):
        return TransportFault(str(error), status_code=getattr(error, "status_code", None))
    if isinstance(error, httpx2.ConnectError):
        return TransportFault(f"could not connect to {url} ({_reason(error)})")
    if isinstance(error, NETWORK_ERRORS):
        return TransportFault(f"the connection to {url} failed before an answer came ({_reason(error)})")
    if isinstance(error, RetryableStatus):
        return TransportFault(
            f"{url} answered HTTP {error.response.status_code}", status_code=error.response.status_code
        )
    return error


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__
