"""Filling a :class:`NegotiationSummary` from a model through instructor, with grounding as validation.

Invalid answers (schema errors, ungrounded quotes, undeclared ids) are re-asked by instructor up to
``max_reasks`` times with the validation errors only. Afterwards ``strict`` raises :class:`ExtractionError`;
``lenient`` keeps the last answer with its ungrounded items dropped and listed. A truncated answer fails at
once. Provider errors surface as :class:`ProviderError` with their status.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from .article import Article
from .config import Settings
from .errors import ExtractionError, ProviderError, TruncatedOutputError, Usage
from .grounding import evidence_context, ground_leniently
from .llm import RETRYABLE_STATUS, CutShortAnswer, metered
from .prompts import build_messages
from .result import Extraction
from .schema import NegotiationSummary

__all__ = ["aextract_summary", "extract_summary"]

# instructor logs every failed attempt at ERROR; a library must not write to the user's stderr by itself.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}


def _request(article: Article, settings: Settings) -> dict[str, Any]:
    request: dict[str, Any] = {
        "model": settings.model,
        "messages": build_messages(article),
        "response_model": NegotiationSummary,
        "max_retries": settings.max_reasks,
        "context": evidence_context(article),
        "temperature": settings.temperature,
    }
    if settings.seed is not None:
        request["seed"] = settings.seed
    if settings.max_tokens is not None:
        request["max_tokens"] = settings.max_tokens
    return request


def extract_summary(article: Article, settings: Settings, client: openai.OpenAI) -> Extraction:
    """Ask the model behind ``client`` for a grounded summary of ``article``."""
    patched = instructor.from_openai(client, mode=_MODES[settings.mode])
    with metered() as meter:
        try:
            summary = patched.chat.completions.create(**_request(article, settings))
        except Exception as exc:  # mapped to typed errors, or re-raised as is
            return _recover(exc, article, settings, meter.usage)
    return Extraction(_clean(summary), [], _usage(meter.usage, summary))


async def aextract_summary(article: Article, settings: Settings, client: openai.AsyncOpenAI) -> Extraction:
    """The asynchronous twin of :func:`extract_summary`."""
    patched = instructor.from_openai(client, mode=_MODES[settings.mode])
    with metered() as meter:
        try:
            summary = await patched.chat.completions.create(**_request(article, settings))
        except Exception as exc:  # mapped to typed errors, or re-raised as is
            return _recover(exc, article, settings, meter.usage)
    return Extraction(_clean(summary), [], _usage(meter.usage, summary))


def _clean(summary: NegotiationSummary) -> NegotiationSummary:
    """A copy without the raw completion instructor attaches (it would leak into equality and pickling)."""
    return NegotiationSummary.model_validate(summary.model_dump())


def _usage(metered_usage: Usage, result: object) -> Usage:
    """The transport meter's count; for a caller's own client (no meter), instructor's total."""
    if metered_usage.calls:
        return metered_usage
    total = getattr(result, "_total_usage", None) or getattr(result, "total_usage", None)
    if total is None:
        return metered_usage
    n_attempts = getattr(result, "n_attempts", 1)
    return Usage(
        calls=n_attempts,
        prompt_tokens=total.prompt_tokens or 0,
        completion_tokens=total.completion_tokens or 0,
    )


def _recover(exc: Exception, article: Article, settings: Settings, usage: Usage) -> Extraction:
    """Turn instructor's and openai's exceptions into typed errors, or a lenient summary."""
    if isinstance(exc, IncompleteOutputException):
        raise TruncatedOutputError(
            "the model stopped at its output-token limit (finish_reason 'length'); raise max_tokens",
            usage=usage if usage.calls else Usage(calls=1),
        ) from None
    if not isinstance(exc, InstructorRetryException):
        raise exc
    usage = _usage(usage, exc)
    cause = exc.__cause__
    if isinstance(cause, openai.APIConnectionError) and isinstance(cause.__cause__, CutShortAnswer):
        raise TruncatedOutputError(
            f"the model stopped at its output-token limit ({cause.__cause__}); raise max_tokens", usage=usage
        ) from None
    if isinstance(cause, openai.APIStatusError):
        status = cause.status_code
        raise ProviderError(
            f"the model server answered HTTP {status}: {_provider_message(cause)}",
            status_code=status,
            retryable=status in RETRYABLE_STATUS,
            usage=usage,
        ) from None
    if isinstance(cause, openai.APIConnectionError):
        raise ProviderError(
            f"the model server could not be reached: {type(cause.__cause__ or cause).__name__}",
            retryable=True,
            usage=usage,
        ) from None
    errors = _validation_messages(cause)
    last_answer = _answer_text(exc.last_completion)
    if settings.lenient and last_answer is not None:
        try:
            parsed = NegotiationSummary.model_validate_json(_strip_fences(last_answer))
        except ValidationError:
            pass
        else:
            summary, dropped = ground_leniently(parsed, article)
            return Extraction(summary, dropped, usage)
    attempts = exc.n_attempts
    raise ExtractionError(
        f"the model's answer failed validation after {attempts} attempt(s): "
        + (errors[0] if errors else str(cause)),
        attempts=attempts,
        errors=errors,
        usage=usage,
        last_answer=last_answer,
    ) from None


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
