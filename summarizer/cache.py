"""A persistent on-disk cache of summary results, keyed by everything that changes the answer.

The key is a hash of the article's SHA-256 and :meth:`Backend.cache_identity` (backend, base URL, model or
GGUF identity, every generation parameter, prompt, schema, segmenter and library versions), so a result made
with other settings is never returned; it holds no secret (a base URL's user info and query enter it only as
a digest). Storage is one SQLite file holding JSON text only (:mod:`summarizer._json_store`), safe when
several processes read and write at once; nothing read from it is ever unpickled or executed. A result read
back is validated against the schema and grounded in its article in one pass: an entry that fails is removed
with a warning, and the article is summarized again. A cache that cannot be written to degrades to no cache;
it never fails a summary. The folder is private (0700), the database files 0600; an old diskcache database
found there is renamed, never read.

The default location is ``$SUMMARIZER_CACHE_DIR``, else ``summarizer/results`` under the user's cache
directory (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux).

A backend whose results are not worth caching says so (``Backend.cacheable``; the offline backend is
deterministic and faster than a lookup).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path
from pydantic import ValidationError
from pydantic_core import from_json

from ._json_store import JsonStore
from .article import Article, load_article
from .backends import Backend
from .grounding import evidence_context
from .result import SummaryResult

__all__ = ["CACHE_FORMAT", "CachedSummarizer", "ResultCache", "cache_key", "default_cache_dir"]

CACHE_FORMAT = "2"
"""Bumped when the stored value's layout changes; part of every key."""

_log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``<user cache dir>/summarizer/results``."""
    configured = os.environ.get("SUMMARIZER_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return user_cache_path("summarizer", appauthor=False) / "results"


def cache_key(article_sha256: str, fingerprint: Mapping[str, Any]) -> str:
    """The cache key of one article under one set of settings: a SHA-256 hex digest."""
    payload = json.dumps(
        {"format": CACHE_FORMAT, "article": article_sha256, "settings": dict(fingerprint)},
        sort_keys=True,
        ensure_ascii=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


class ResultCache:
    """Summary results on disk, safe for concurrent threads and processes; never trusted on the way out.

    Every result read back is validated against the schema and grounded again in the article it is for
    (every quote, every name and number of the free text); one that fails is removed with a warning and
    counts as a miss, so the caller summarizes the article again.
    """

    def __init__(self, directory: str | Path | None = None, *, size_limit: int = 1 << 30) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_cache_dir()
        self._store = JsonStore(self.directory, size_limit=size_limit)

    def get(self, key: str, article: Article) -> SummaryResult | None:
        """The result under ``key`` checked against ``article`` (its source set to the article's); ``None``
        if there is none or it fails a check."""
        try:
            raw = self._store.get(key)
            if raw is None:
                return None
            data = from_json(raw)  # pydantic's parser: bounded nesting, ValueError for bad JSON
            if _article_sha256(data) != article.sha256:
                raise ValueError("it was made from another article")
            # One validation, grounded: the context makes the summary's own validator check every quote,
            # name and number against the article.
            result = SummaryResult.model_validate(data, context=evidence_context(article))
        except (ValidationError, ValueError, sqlite3.Error) as exc:
            reason = " ".join(str(exc).split())
            _log.warning(
                "cache entry %s for %s fails its checks (%s); it is dropped and the article summarized again",
                key[:12],
                article.source or "the article",
                reason[:300],
            )
            self.discard(key)
            return None
        return result.model_copy(update={"source": article.source})

    def put(self, key: str, result: SummaryResult) -> None:
        """Store ``result`` under ``key`` as JSON text; a failure to write is logged, not raised."""
        try:
            self._store.set(key, result.model_dump_json())
        except sqlite3.Error as exc:  # a full disk or a locked database must not cost the summary itself
            _log.warning("could not write cache entry %s: %s", key[:12], exc)

    def discard(self, key: str) -> None:
        """Remove ``key`` if it is there."""
        try:
            self._store.delete(key)
        except sqlite3.Error as exc:
            _log.warning("could not remove cache entry %s: %s", key[:12], exc)

    def __contains__(self, key: object) -> bool:
        return key in self._store

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Close the database connection."""
        self._store.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _article_sha256(data: object) -> object:
    """The article hash a stored result names (``None`` if it names none)."""
    provenance = data.get("provenance") if isinstance(data, dict) else None
    return provenance.get("article_sha256") if isinstance(provenance, dict) else None


class CachedSummarizer:
    """Summarizes articles through one backend, consulting the cache first where the backend allows it.

    Thread-safe: a batch calls it from several worker threads. ``calls`` counts backend calls made (cache
    misses), ``hits`` the results served from the cache.
    """

    def __init__(self, backend: Backend, *, cache: ResultCache | None = None) -> None:
        self.backend = backend
        self.cache = cache if backend.cacheable else None
        self.hits = 0
        self.calls = 0
        self._lock = threading.Lock()
        self._identity = backend.cache_identity()

    def key(self, article: Article) -> str:
        """The cache key of ``article`` under this backend's settings."""
        return cache_key(article.sha256, self._identity)

    def lookup(self, article: Article) -> SummaryResult | None:
        """The cached result for ``article``, if any (counted as a hit)."""
        if self.cache is None:
            return None
        result = self.cache.get(self.key(article), article)
        if result is not None:
            with self._lock:
                self.hits += 1
        return result

    def summarize(self, article: Article) -> tuple[SummaryResult, bool]:
        """The result for ``article`` and whether it came from the cache."""
        cached = self.lookup(article)
        if cached is not None:
            return cached, True
        with self._lock:
            self.calls += 1
        result = self.backend.summarize(article)
        if self.cache is not None:
            self.cache.put(self.key(article), result)
        return result, False

    async def asummarize(self, article: Article) -> tuple[SummaryResult, bool]:
        """The asynchronous twin of :meth:`summarize` (a batch's event loop calls it)."""
        cached = self.lookup(article)
        if cached is not None:
            return cached, True
        with self._lock:
            self.calls += 1
        result = await self.backend.asummarize(article)
        if self.cache is not None:
            self.cache.put(self.key(article), result)
        return result, False

    def __call__(self, article: Article | Path) -> SummaryResult:
        """The result for ``article`` (an :class:`Article` or a file), from the cache when it is there."""
        if isinstance(article, Path):
            article = load_article(article)
        return self.summarize(article)[0]

    def close(self) -> None:
        """Close the backend and the cache."""
        self.backend.close()
        if self.cache is not None:
            self.cache.close()
