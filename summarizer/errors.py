"""Every exception the library raises, described in one place.

All of them derive from :class:`SummarizerError`, so a caller can catch one base class. The CLI maps each
class to a message and an exit code. Messages never carry an API key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "ArticleError",
    "ConfigurationError",
    "EvaluationError",
    "ExtractionError",
    "ProviderError",
    "SummarizerError",
    "TruncatedOutputError",
    "Usage",
]


@dataclass
class Usage:
    """Tokens and calls summed over every request made for one article, failed ones included."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.calls + other.calls,
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
        )

    def as_dict(self) -> dict[str, int]:
        """The counts as a plain dict, total included."""
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


class SummarizerError(Exception):
    """Base class of every error the library raises."""


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
