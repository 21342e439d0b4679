"""Fixtures shared by the renderer tests: the gold seed and the hostile article, each with a result."""

from __future__ import annotations

import pytest

from summarizer.article import Article
from summarizer.result import SummaryResult

from .builders import hostile, seed


@pytest.fixture(scope="session")
def seed_case() -> tuple[Article, SummaryResult]:
    """The seed article and a result carrying its gold summary."""
    return seed()


@pytest.fixture(scope="session")
def hostile_case() -> tuple[Article, SummaryResult]:
    """An article full of astral characters, markup and pipes, and a result with overlapping evidence."""
    return hostile()
