"""Filling a :class:`NegotiationSummary` from a model through instructor, with grounding as validation.

instructor sends each request and validates the answer (schema, grounded quotes, declared ids) against a
response model built once per schema version and reused, so nothing is rebuilt per article. An invalid
answer is re-asked here, up to ``max_reasks`` times, with a small message: the previous answer (cut to a
bounded length) and the first few validation errors with a count of the rest, so a re-ask is never much
larger than the first request. Afterwards ``strict`` raises :class:`ExtractionError`; ``lenient`` keeps the
last answer with its ungrounded items dropped and listed. A truncated answer fails at once. Faults of the
server or the network are :class:`ProviderError` with what happened, never re-asked. Every request, retry and
re-ask for one article stays within its deadline (``Settings.deadline``, resolved by the backend).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from .article import Article
from .config import DEFAULT_DEADLINE, Settings
from .errors import ExtractionError, ProviderError, TruncatedOutputError, Usage
from .grounding import evidence_context, ground_leniently
from .llm import RETRYABLE_STATUS, CutShortAnswer, TransportFault, UsageMeter, deadline, metered, time_left
from .prompts import build_messages, reask_message
from .result import Extraction
from .schema import SCHEMA_VERSION, NegotiationSummary

__all__ = [
    "REASK_ANSWER_CHARS",
    "REASK_ERRORS_SHOWN",
    "aextract_summary",
    "extract_summary",
    "response_model",
]

# instructor logs every failed attempt at ERROR; a library must not write to the user's stderr by itself.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}

REASK_ERRORS_SHOWN = 8
"""A re-ask lists this many validation errors and counts the rest."""
REASK_ERROR_CHARS = 300
"""Each listed error is cut to this many characters."""
REASK_ANSWER_CHARS = 4000
"""The previous answer shown in a re-ask is cut to this many characters."""


@lru_cache(maxsize=4)
def response_model(schema_version: str = SCHEMA_VERSION) -> type[NegotiationSummary]:
    """instructor's response model for the summary, built once per schema version and reused.

    instructor wraps a plain model in a new class on every call (and so regenerates its JSON schema and tool
    definition); a model that is already wrapped is used as it is, and its JSON schema is generated once.
    The requests it gives are byte for byte those of the plain model.
    """
    del schema_version  # the key of the cache: one schema per version of the package
    wrapped: type[NegotiationSummary] = instructor.response_schema(NegotiationSummary)
    schema_json = json.dumps(NegotiationSummary.model_json_schema())

    def model_json_schema(cls: type[NegotiationSummary], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return NegotiationSummary.model_json_schema(*args, **kwargs)
        schema: dict[str, Any] = json.loads(schema_json)  # a fresh copy: callers may change it
        return schema

    wrapped.model_json_schema = classmethod(model_json_schema)  # type: ignore[assignment, method-assign]
    return wrapped


@dataclass
class _Attempts:
    """One article's requests: the first one, the re-asks, and what their failures were."""

    article: Article
    settings: Settings
    meter: UsageMeter
    made: int = 0
    own_usage: Usage = field(default_factory=Usage)  # instructor's counts, for a caller's unmetered client
    first: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    def request(self) -> dict[str, Any]:
        """The keyword arguments of the next instructor call (one attempt; re-asks happen here)."""
        settings = self.settings
        if not self.messages:
            self.first = build_messages(self.article)
            self.messages = self.first
        request: dict[str, Any] = {
            "model": settings.model,
            "messages": self.messages,
            "response_model": response_model(),
            "max_retries": 0,
            "context": evidence_context(self.article),
            "temperature": settings.temperature,
        }
        if settings.seed is not None:
            request["seed"] = settings.seed
        if settings.max_tokens is not None:
            request["max_tokens"] = settings.max_tokens
        self.made += 1
        return request

    def succeeded(self, summary: NegotiationSummary) -> Extraction:
        """The extraction of a valid answer."""
        self._count(summary)
        return Extraction(_clean(summary), [], self._total())

    def failed(self, exc: Exception) -> Extraction | None:
        """``None`` to re-ask; otherwise the lenient extraction, or a typed error is raised."""
        if isinstance(exc, InstructorRetryException):
            self._count(exc)
        error = _typed_error(exc, self._total())
        if error is not None:
            raise error from None
        assert isinstance(exc, InstructorRetryException)
        errors = _validation_messages(exc.__cause__)
        last_answer = _answer_text(exc.last_completion)
        left = time_left()
        if self.made <= self.settings.max_reasks and (left is None or left > 0):
            self.messages = self.first + _reask_messages(last_answer, errors)
            return None
        return _final(exc, errors, last_answer, self.article, self.settings, self.made, self._total())

    def _count(self, result: object) -> None:
        total = getattr(result, "_total_usage", None) or getattr(result, "total_usage", None)
        if total is not None:
            counted = Usage(
                calls=1,
                prompt_tokens=total.prompt_tokens or 0,
                completion_tokens=total.completion_tokens or 0,
            )
        else:
            counted = Usage(calls=1)
        self.own_usage = self.own_usage + counted

    def _total(self) -> Usage:
        """The transport meter's count; for a caller's own client (no meter), instructor's."""
        usage = self.meter.usage
        return usage if usage.calls else self.own_usage


@contextmanager
def _article_scope(settings: Settings) -> Iterator[UsageMeter]:
    seconds = settings.deadline if settings.deadline is not None else DEFAULT_DEADLINE
    with deadline(seconds), metered() as meter:
        yield meter


def extract_summary(article: Article, settings: Settings, client: openai.OpenAI) -> Extraction:
    """Ask the model behind ``client`` for a grounded summary of ``article``."""
    patched = instructor.from_openai(client, mode=_MODES[settings.mode])
    with _article_scope(settings) as meter:
        attempts = _Attempts(article, settings, meter)
        while True:
            try:
                summary = patched.chat.completions.create(**attempts.request())
            except Exception as exc:  # mapped to typed errors, re-asked, or re-raised as is
                outcome = attempts.failed(exc)
                if outcome is not None:
                    return outcome
                continue
            return attempts.succeeded(summary)


async def aextract_summary(article: Article, settings: Settings, client: openai.AsyncOpenAI) -> Extraction:
    """The asynchronous twin of :func:`extract_summary`."""
    patched = instructor.from_openai(client, mode=_MODES[settings.mode])
    with _article_scope(settings) as meter:
        attempts = _Attempts(article, settings, meter)
        while True:
            try:
                summary = await patched.chat.completions.create(**attempts.request())
            except Exception as exc:  # mapped to typed errors, re-asked, or re-raised as is
                outcome = attempts.failed(exc)
                if outcome is not None:
                    return outcome
                continue
            return attempts.succeeded(summary)


def _clean(summary: NegotiationSummary) -> NegotiationSummary:
    """The plain summary type, without the raw completion instructor attaches (no second validation)."""
    values = {name: getattr(summary, name) for name in NegotiationSummary.model_fields}
    return NegotiationSummary.model_construct(_fields_set=set(summary.model_fields_set), **values)


def _typed_error(exc: Exception, usage: Usage) -> Exception | None:
    """The typed error for anything but an invalid answer (which is re-asked); ``None`` for an invalid one."""
    if isinstance(exc, IncompleteOutputException):
        return TruncatedOutputError(
            "the model stopped at its output-token limit (finish_reason 'length'); raise max_tokens",
            usage=usage if usage.calls else Usage(calls=1),
        )
    if not isinstance(exc, InstructorRetryException):
        return exc
    cause = exc.__cause__
    if isinstance(cause, openai.APIConnectionError):
        reason = cause.__cause__
        if isinstance(reason, CutShortAnswer):
            return TruncatedOutputError(
                f"the model stopped at its output-token limit ({reason}); raise max_tokens", usage=usage
            )
        if isinstance(reason, TransportFault):
            return ProviderError(
                f"the model server failed: {reason}",
                status_code=reason.status_code,
                retryable=True,
                usage=usage,
            )
        return ProviderError(
            f"the model server could not be reached: {type(reason or cause).__name__}",
            retryable=True,
            usage=usage,
        )
    if isinstance(cause, openai.APIStatusError):
        status = cause.status_code
        return ProviderError(
            f"the model server answered HTTP {status}: {_provider_message(cause)}",
            status_code=status,
            retryable=status in RETRYABLE_STATUS,
            usage=usage,
        )
    if isinstance(cause, openai.OpenAIError):
        return ProviderError(
            f"the model server's answer could not be used: {cause}", retryable=True, usage=usage
        )
    return None


def _final(
    exc: InstructorRetryException,
    errors: list[str],
    last_answer: str | None,
    article: Article,
    settings: Settings,
    attempts: int,
    usage: Usage,
) -> Extraction:
    """After the last attempt: the lenient summary, or :class:`ExtractionError`."""
    if settings.lenient and last_answer is not None:
        try:
            parsed = NegotiationSummary.model_validate_json(_strip_fences(last_answer))
        except ValidationError:
            pass
        else:
            summary, dropped = ground_leniently(parsed, article)
            return Extraction(summary, dropped, usage)
    raise ExtractionError(
        f"the model's answer failed validation after {attempts} attempt(s): "
        + (errors[0] if errors else str(exc.__cause__ or exc)),
        attempts=attempts,
        errors=errors,
        usage=usage,
        last_answer=last_answer,
    ) from None


def _reask_messages(last_answer: str | None, errors: list[str]) -> list[dict[str, Any]]:
    """The previous answer (cut short if long) and what was wrong with it (the first few errors)."""
    messages: list[dict[str, Any]] = []
    if last_answer:
        shown = last_answer
        if len(shown) > REASK_ANSWER_CHARS:
            omitted = len(shown) - REASK_ANSWER_CHARS
            shown = f"{shown[:REASK_ANSWER_CHARS]} [... {omitted:,} more characters not shown]"
        messages.append({"role": "assistant", "content": shown})
    listed = [_cut(error, REASK_ERROR_CHARS) for error in errors[:REASK_ERRORS_SHOWN]]
    rest = len(errors) - len(listed)
    messages.append({"role": "user", "content": reask_message(listed or ["the answer was not valid"], rest)})
    return messages


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _provider_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        detail = body.get("error", body)
        message = detail.get("message") if isinstance(detail, dict) else detail
        if message:
            return str(message)[:300]
    return error.message[:300]


def _validation_messages(error: BaseException | None) -> list[str]:
    if isinstance(error, ValidationError):
        messages = []
        for item in error.errors(include_url=False):
            location = ".".join(str(part) for part in item["loc"])
            text = item["msg"].removeprefix("Value error, ")
            for line in text.splitlines():
                messages.append(f"{location}: {line}" if location else line)
        return messages
    return [str(error)] if error is not None else []


def _answer_text(completion: Any) -> str | None:
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None)
    if calls:
        return str(calls[0].function.arguments)
    content = getattr(message, "content", None)
    return str(content) if content else None


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def _strip_fences(text: str) -> str:
    return _FENCE.sub("", text.strip())
