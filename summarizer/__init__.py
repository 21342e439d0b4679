"""Typed, grounded summaries of news articles about negotiations.

>>> from pathlib import Path
>>> from summarizer import summarize
>>> result = summarize(Path("seeds/trump-putin-call-2025-03.txt"), backend="offline")  # doctest: +SKIP

The names below are imported on first use, so ``import summarizer`` (and the CLI's ``--help``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import asummarize, summarize
    from .article import Article, Sentence, load_article
    from .backends import Backend, create_backend
    from .config import Settings
    from .errors import (
        ArticleError,
        ConfigurationError,
        ExtractionError,
        ProviderError,
        SummarizerError,
        TruncatedOutputError,
    )
    from .result import Dropped, Provenance, SummaryResult, Usage
    from .schema import SCHEMA_VERSION, NegotiationSummary

_EXPORTS = {
    "SCHEMA_VERSION": "schema",
    "Article": "article",
    "ArticleError": "errors",
    "Backend": "backends",
    "ConfigurationError": "errors",
    "Dropped": "result",
    "ExtractionError": "errors",
    "NegotiationSummary": "schema",
    "Provenance": "result",
    "ProviderError": "errors",
    "Sentence": "article",
    "Settings": "config",
    "SummarizerError": "errors",
    "SummaryResult": "result",
    "TruncatedOutputError": "errors",
    "Usage": "result",
    "asummarize": "api",
    "create_backend": "backends",
    "load_article": "article",
    "summarize": "api",
}

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleError",
    "Backend",
    "ConfigurationError",
    "Dropped",
    "ExtractionError",
    "NegotiationSummary",
    "Provenance",
    "ProviderError",
    "Sentence",
    "Settings",
    "SummarizerError",
    "SummaryResult",
    "TruncatedOutputError",
    "Usage",
    "__version__",
    "asummarize",
    "create_backend",
    "load_article",
    "summarize",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
