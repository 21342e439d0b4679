"""Filling a :class:`NegotiationSummary` from a model through instructor, with grounding as validation.

instructor defines the request (the tool or response format its mode needs, built from the schema) and reads
the answer (the tool call or JSON, validated against the schema, grounded quotes and declared ids). Both are
prepared once per schema version and mode and reused: instructor's own call path would rebuild its response
model, schema and tool definition for every article. The request is sent here, through the library's
client, and an invalid answer is re-asked here, up to ``max_reasks`` times, with a small message: the
previous answer (cut to a bounded length) and the first few validation errors with a count of the rest, so a
re-ask is never much larger than the first request. Afterwards ``strict`` raises :class:`ExtractionError`;
``lenient`` keeps the last answer with its ungrounded items dropped and listed. A truncated answer fails at
once. Faults of the server or the network are :class:`ProviderError` saying what happened, never re-asked.
Every request, transport retry and re-ask for one article stays within its deadline (``Settings.deadline``,
resolved by the backend).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError
from instructor.v2.core.providers import Provider, normalize_mode_for_provider, provider_from_mode
from instructor.v2.core.registry import mode_registry
from instructor.v2.validation.async_validators import reject_async_validators
from openai.types.chat import ChatCompletion
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
    "RequestTemplate",
    "aextract_summary",
    "extract_summary",
    "request_characters",
    "request_template",
    "response_model",
]

# instructor logs failures at ERROR; a library must not write to the user's stderr by itself.
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
OFF_LOOP_CHARS = 20_000
"""Articles at least this long are validated on a worker thread, so the event loop keeps serving the rest."""

# The request goes out as built: the SDK's create() would re-walk every message and the whole tool schema.
_PATH = "/chat/completions"

# Exceptions instructor raises for an answer it cannot use; such an answer is re-asked.
_INVALID_ANSWER = (ValidationError, ValueError, InstructorError, AssertionError)


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


@lru_cache(maxsize=8)
def _answer_parser(mode: str, schema_version: str = SCHEMA_VERSION) -> Callable[..., Any]:
    """instructor's reader of an answer in ``mode``, what ``from_response`` calls, looked up once.

    ``from_response`` also walks the whole response model for async validators on every call (as long as
    validating the answer); the model is fixed per schema version, so that check runs once, here.
    """
    model = response_model(schema_version)
    reject_async_validators(model)
    provider = provider_from_mode(_MODES[mode], Provider.OPENAI)
    handlers = mode_registry.get_handlers(provider, normalize_mode_for_provider(_MODES[mode], provider))
    return handlers.response_parser


@dataclass(frozen=True)
class RequestTemplate:
    """What instructor adds to every request in one mode: fixed parameters and a system-message suffix."""

    parameters: dict[str, Any]
    system_suffix: str

    def fill(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        """The request parameters for ``messages`` (the system message extended as instructor extends it)."""
        if self.system_suffix:
            first, *rest = messages
            messages = [{**first, "content": first["content"] + self.system_suffix}, *rest]
        return {**self.parameters, "messages": messages}


class _Captured(Exception):
    def __init__(self, request: dict[str, Any]) -> None:
        super().__init__("captured")
        self.request = request


_SYSTEM_PROBE = "\x00system\x00"


@lru_cache(maxsize=8)
def request_template(mode: str, schema_version: str = SCHEMA_VERSION) -> RequestTemplate:
    """instructor's request for ``mode`` and the current schema, prepared by instructor once and reused.

    instructor's own call path builds it from a probe conversation; what it adds to the probe (the tool
    definition and choice, or a response format, or the schema appended to the system message) is kept.
    """
    del schema_version  # the key of the cache: the schema is fixed for a version of the package

    def capture(**request: Any) -> Any:
        raise _Captured(request)

    create = instructor.patch(create=capture, mode=_MODES[mode])
    probe = [{"role": "system", "content": _SYSTEM_PROBE}, {"role": "user", "content": "probe"}]
    try:
        create(response_model=response_model(), messages=probe, max_retries=0, model="probe")
    except Exception as exc:
        captured = _find_captured(exc)
    messages = captured.pop("messages")
    captured.pop("model", None)
    system = str(messages[0]["content"])
    if not system.startswith(_SYSTEM_PROBE) or len(messages) != len(probe) or messages[1] != probe[1]:
        raise RuntimeError(f"instructor's {mode} mode changes the conversation in an unexpected way")
    return RequestTemplate(parameters=captured, system_suffix=system[len(_SYSTEM_PROBE) :])


def _find_captured(error: BaseException | None) -> dict[str, Any]:
    while error is not None:
        if isinstance(error, _Captured):
            return error.request
        error = error.__cause__ or error.__context__
    raise RuntimeError("instructor did not prepare a request")


@dataclass
class _Attempts:
    """One article's requests: the first one, the re-asks, and what their answers were."""

    article: Article
    settings: Settings
    meter: UsageMeter
    made: int = 0
    answered: Usage = field(
        default_factory=Usage
    )  # counted from the answers, for a caller's unmetered client
    first: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.first = self.messages = build_messages(self.article)
        self.context = evidence_context(self.article)
        self.model = response_model()

    def request(self) -> dict[str, Any]:
        """The parameters of the next request."""
        settings = self.settings
        request = request_template(settings.mode).fill(self.messages)
        request["model"] = settings.model
        request["temperature"] = settings.temperature
        if settings.seed is not None:
            request["seed"] = settings.seed
        if settings.max_tokens is not None:
            request["max_tokens"] = settings.max_tokens
        self.made += 1
        # The SDK's own order (messages, model, then the rest by name): the same bytes as its create().
        first = {"messages": request.pop("messages"), "model": request.pop("model")}
        return first | dict(sorted(request.items()))

    def parse(self, completion: Any) -> NegotiationSummary:
        """The validated, grounded summary in ``completion``; instructor's error when it is not valid."""
        self._count(completion)
        read = _answer_parser(self.settings.mode)
        summary: NegotiationSummary = read(
            response=completion,
            response_model=self.model,
            validation_context=self.context,
            strict=True,
            stream=False,
            is_async=False,
        )
        return _clean(summary)

    def failed(self, exc: Exception, completion: Any) -> Extraction | None:
        """``None`` to re-ask; otherwise the lenient extraction, or a typed error is raised."""
        if isinstance(exc, IncompleteOutputException):
            raise TruncatedOutputError(
                "the model stopped at its output-token limit (finish_reason 'length'); raise max_tokens",
                usage=self.usage(),
            ) from None
        if not isinstance(exc, _INVALID_ANSWER):
            raise _provider_error(exc, self.usage()) from None
        errors = _validation_messages(exc)
        last_answer = _answer_text(completion)
        left = time_left()
        if self.made <= self.settings.max_reasks and (left is None or left > 0):
            self.messages = self.first + _reask_messages(last_answer, errors)
            return None
        return _final(exc, errors, last_answer, self.article, self.settings, self.made, self.usage())

    def _count(self, completion: Any) -> None:
        counts = getattr(completion, "usage", None)
        self.answered = self.answered + Usage(
            calls=1,
            prompt_tokens=int(getattr(counts, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(counts, "completion_tokens", 0) or 0),
        )

    def usage(self) -> Usage:
        """The transport meter's count (failed requests included); for a caller's own client, the answers'."""
        metered_usage = self.meter.usage
        if metered_usage.calls:
            return metered_usage
        return self.answered if self.answered.calls else Usage(calls=max(self.made, 1))


@contextmanager
def _article_scope(settings: Settings) -> Iterator[UsageMeter]:
    seconds = settings.deadline if settings.deadline is not None else DEFAULT_DEADLINE
    with deadline(seconds), metered() as meter:
        yield meter


def request_characters(article: Article, settings: Settings) -> int:
    """The characters of the request for ``article`` as it is sent in the settings' mode.

    Its messages (JSON mode writes the answer's schema into them) and its tools or response format (as
    compact JSON), from the request template instructor prepared: the measure the splitting of long articles
    estimates tokens from.
    """
    request = request_template(settings.mode).fill(build_messages(article))
    text = sum(len(str(message.get("content") or "")) for message in request["messages"])
    rest = {key: value for key, value in request.items() if key != "messages"}
    return text + len(json.dumps(rest, separators=(",", ":"), ensure_ascii=False))


def extract_summary(article: Article, settings: Settings, client: openai.OpenAI) -> Extraction:
    """Ask the model behind ``client`` for a grounded summary of ``article``."""
    with _article_scope(settings) as meter:
        attempts = _Attempts(article, settings, meter)
        while True:
            completion = None
            try:
                completion = client.post(_PATH, body=attempts.request(), cast_to=ChatCompletion)
                summary = attempts.parse(completion)
            except Exception as exc:  # mapped to typed errors, or re-asked
                outcome = attempts.failed(exc, completion)
                if outcome is not None:
                    return outcome
                continue
            return Extraction(summary, [], attempts.usage())


async def aextract_summary(article: Article, settings: Settings, client: openai.AsyncOpenAI) -> Extraction:
    """The asynchronous twin of :func:`extract_summary`; a long article is validated off the event loop."""
    with _article_scope(settings) as meter:
        attempts = _Attempts(article, settings, meter)
        off_loop = len(article.text) >= OFF_LOOP_CHARS
        while True:
            completion = None
            try:
                completion = await client.post(_PATH, body=attempts.request(), cast_to=ChatCompletion)
                if off_loop:
                    summary = await asyncio.to_thread(attempts.parse, completion)
                else:
                    summary = attempts.parse(completion)
            except Exception as exc:  # mapped to typed errors, or re-asked
                outcome = attempts.failed(exc, completion)
                if outcome is not None:
                    return outcome
                continue
            return Extraction(summary, [], attempts.usage())


def _clean(summary: NegotiationSummary) -> NegotiationSummary:
    """The plain summary type, without the raw completion instructor attaches (no second validation)."""
    values = {name: getattr(summary, name) for name in NegotiationSummary.model_fields}
    return NegotiationSummary.model_construct(_fields_set=set(summary.model_fields_set), **values)


def _provider_error(exc: Exception, usage: Usage) -> Exception:
    """The typed error for a fault of the server or the network; anything else unchanged."""
    if isinstance(exc, openai.APIConnectionError):
        reason = exc.__cause__
        if isinstance(reason, CutShortAnswer):
            return TruncatedOutputError(
                f"the model stopped at its output-token limit ({reason}); raise max_tokens", usage=usage
            )
        if isinstance(reason, TransportFault):
            return ProviderError(
                str(reason),
                status_code=reason.status_code,
                retryable=True,
                usage=usage,
            )
        return ProviderError(
            f"the model server could not be reached: {type(reason or exc).__name__}",
            retryable=True,
            usage=usage,
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        return ProviderError(
            f"the model server answered HTTP {status}: {_provider_message(exc)}",
            status_code=status,
            retryable=status in RETRYABLE_STATUS,
            usage=usage,
        )
    if isinstance(exc, openai.OpenAIError):
        return ProviderError(
            f"the model server's answer could not be used: {exc}", retryable=True, usage=usage
        )
    return exc


def _final(
    exc: Exception,
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
        + (errors[0] if errors else str(exc)),
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
