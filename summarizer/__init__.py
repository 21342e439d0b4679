"""Typed, grounded summaries of news articles about negotiations.

>>> from pathlib import Path
>>> from summarizer import summarize
>>> result = summarize(Path("seeds/trump-putin-call-2025-03.txt"), backend="offline")  # doctest: +SKIP
"""

from ._version import __version__
from .api import Dropped, Provenance, SummaryResult, Usage, asummarize, summarize
from .article import Article, Sentence, load_article
from .config import Settings
from .errors import (
    ArticleError,
    ConfigurationError,
    ExtractionError,
    ProviderError,
    SummarizerError,
    TruncatedOutputError,
)
from .schema import SCHEMA_VERSION, NegotiationSummary

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleError",
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
    "load_article",
    "summarize",
]
