"""Every exception the library raises, described in one place.

All of them derive from :class:`SummarizerError`, so a caller can catch one base class. The CLI maps each
class to a message and an exit code. Messages never carry an API key.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field, model_validator

from .redaction import redact

__all__ = [
    "CONFIGURATION_STATUS",
    "ArticleError",
    "ConfigurationError",
    "EvaluationError",
    "ExtractionError",
    "ProviderError",
    "SummarizerError",
    "TruncatedOutputError",
    "Usage",
]


class Usage(BaseModel):
    """Calls and tokens summed over every request made for one article, failed ones included.

    Defined here because errors carry it and this module imports nothing internal; results use the same type.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    chunks: int = 0
    """Pieces the article was sent to the model in: 1 when it fit the context window, 0 without a model."""

    @model_validator(mode="before")
    @classmethod
    def _derived_total(cls, data: Any) -> Any:
        # Saved results carry the derived total; it is recomputed, never trusted.
        if isinstance(data, dict) and "total_tokens" in data:
            data = {key: value for key, value in data.items() if key != "total_tokens"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            chunks=self.chunks + other.chunks,
        )


CONFIGURATION_STATUS = frozenset({401, 403, 404})
"""Provider answers that mean the configuration is wrong: a rejected key, a forbidden or unknown model."""


class SummarizerError(Exception):
    """Base class of every error the library raises. A URL in its message shows no user info or query."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(redact(arg) if isinstance(arg, str) else arg for arg in args))


class ConfigurationError(SummarizerError):
    """The backend cannot be used as configured (no key, no base URL, unknown backend or mode)."""


class ArticleError(SummarizerError):
    """The input is not a usable article: missing, empty, binary, not UTF-8 or too large."""


class ProviderError(SummarizerError):
    """The model server answered with an error, or could not be reached, after the transport retries."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        retryable: bool = False,
        usage: Usage | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retryable = retryable
        self.usage = usage or Usage()

    @property
    def misconfigured(self) -> bool:
        """Whether the answer means the configuration is wrong, so every other article would fail alike."""
        return self.status_code in CONFIGURATION_STATUS


class TruncatedOutputError(SummarizerError):
    """The model stopped at its output-token limit (``finish_reason == "length"``); raise ``max_tokens``."""

    def __init__(self, message: str, *, usage: Usage | None = None) -> None:
        super().__init__(message)
        self.usage = usage or Usage()


class EvaluationError(SummarizerError):
    """The corpus cannot be evaluated: no such directory, no gold files, or an invalid gold file."""


class ExtractionError(SummarizerError):
    """The model's answers still failed validation after every re-ask."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int,
        errors: list[str],
        usage: Usage | None = None,
        last_answer: Any = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.errors = errors
        self.usage = usage or Usage()
        self.last_answer = last_answer
