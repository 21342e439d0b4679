"""A persistent on-disk cache of summary results, keyed by everything that changes the answer.

The key is a hash of the article's SHA-256 and :meth:`Backend.fingerprint` (backend, base URL, model or GGUF
identity, every generation parameter, prompt, schema, segmenter and library versions), so a result made with
other settings is never returned. Storage is :mod:`diskcache` (SQLite underneath), which is safe when
several processes read and write at once. Values are JSON text, never pickles: an entry that cannot be read
or no longer validates is treated as a miss, removed, and replaced by the next result. A cache that cannot
be written to degrades to no cache; it never fails a summary.

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
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import diskcache
from platformdirs import user_cache_path
from pydantic import ValidationError

from .article import Article, load_article
from .backends import Backend
from .errors import ConfigurationError
from .result import SummaryResult

__all__ = ["CACHE_FORMAT", "CachedSummarizer", "ResultCache", "cache_key", "default_cache_dir"]

CACHE_FORMAT = "1"
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
    """Summary results on disk, safe for concurrent threads and processes."""

    def __init__(self, directory: str | Path | None = None, *, size_limit: int = 1 << 30) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_cache_dir()
        self._size_limit = size_limit
        self._store: Any = self._open()

    def _open(self) -> Any:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                f"the cache directory {self.directory} cannot be created ({exc.strerror or exc}); "
                "choose another one or disable the cache"
            ) from None
        try:
            return diskcache.Cache(str(self.directory), size_limit=self._size_limit)
        except sqlite3.DatabaseError as exc:
            # The database file itself is damaged: set it aside and start afresh rather than fail the run.
            database = self.directory / "cache.db"
            aside = database.with_name(f"cache.db.corrupt-{int(time.time())}")
            _log.warning("cache database %s is unreadable (%s); moved to %s", database, exc, aside.name)
            try:
                database.replace(aside)
            except OSError:
                raise ConfigurationError(
                    f"the cache database {database} is damaged and cannot be moved aside; "
                    "delete it or disable the cache"
                ) from None
            return diskcache.Cache(str(self.directory), size_limit=self._size_limit)

    def get(self, key: str, *, source: str | None = None) -> SummaryResult | None:
        """The result under ``key`` with its ``source`` set to ``source``; ``None`` if absent or damaged."""
        try:
            raw = self._store.get(key, default=None, retry=True)
        except Exception as exc:  # a damaged row or value file is a miss, never an error
            _log.warning("cache entry %s is unreadable (%s); discarding it", key[:12], exc)
            self.discard(key)
            return None
        if raw is None:
            return None
        try:
            if not isinstance(raw, str):
                raise TypeError(f"stored value is {type(raw).__name__}, not JSON text")
            result = SummaryResult.model_validate_json(raw)
        except (ValidationError, TypeError, ValueError) as exc:
            _log.warning("cache entry %s is invalid (%s); discarding it", key[:12], str(exc).splitlines()[0])
            self.discard(key)
            return None
        return result.model_copy(update={"source": source})

    def put(self, key: str, result: SummaryResult) -> None:
        """Store ``result`` under ``key``; a failure to write is logged, not raised."""
        try:
            self._store.set(key, result.model_dump_json(), retry=True)
        except Exception as exc:  # a full disk or a locked database must not cost the summary itself
            _log.warning("could not write cache entry %s: %s", key[:12], exc)

    def discard(self, key: str) -> None:
        """Remove ``key`` if it is there."""
        try:
            self._store.delete(key, retry=True)
        except Exception as exc:
            _log.warning("could not remove cache entry %s: %s", key[:12], exc)

    def __contains__(self, key: object) -> bool:
        return bool(key in self._store)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Close the database connections."""
        self._store.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


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
        self._fingerprint = backend.fingerprint()

    def key(self, article: Article) -> str:
        """The cache key of ``article`` under this backend's settings."""
        return cache_key(article.sha256, self._fingerprint)

    def lookup(self, article: Article) -> SummaryResult | None:
        """The cached result for ``article``, if any (counted as a hit)."""
        if self.cache is None:
            return None
        result = self.cache.get(self.key(article), source=article.source)
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
