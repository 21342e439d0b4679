"""JSON text under text keys in one SQLite file: a store that cannot hold, let alone run, code.

Values go in and come out as ``str``; nothing is ever unpickled or otherwise deserialised beyond reading
text, and a value that is not text (a blob someone wrote into the file) is reported, never interpreted.
SQLite in write-ahead-log mode with a busy timeout lets several processes read and write at once. The
folder is made private (0700) and the database files 0600.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["DATABASE_NAME", "JsonStore", "NotText"]

DATABASE_NAME = "results.sqlite3"
"""The database file inside the cache folder."""

LEGACY_DATABASE = "cache.db"
"""The file of the diskcache store used before: it may hold pickles, so it is never opened."""

_BUSY_TIMEOUT_S = 30.0
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results ("
    " key TEXT PRIMARY KEY, value TEXT NOT NULL, size INTEGER NOT NULL, stored REAL NOT NULL)",
    # Covers both the total size summed on every write and the oldest-first eviction, without the values.
    "CREATE INDEX IF NOT EXISTS results_stored_size ON results (stored, size)",
)

_log = logging.getLogger("summarizer.cache")


class NotText(ValueError):
    """A stored value that is not text: someone else wrote it, and it is not read."""


class JsonStore:
    """Text values in ``<directory>/results.sqlite3``; safe for threads (one lock) and processes (WAL)."""

    def __init__(self, directory: Path, *, size_limit: int) -> None:
        self.directory = directory
        self.path = directory / DATABASE_NAME
        self.size_limit = size_limit
        self._lock = threading.Lock()
        self._make_private_folder()
        _retire_legacy_store(directory)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            # The file is damaged: set it aside and start afresh rather than fail the run.
            aside = self.path.with_name(f"{DATABASE_NAME}.corrupt-{int(time.time())}")
            _log.warning("cache database %s is unreadable (%s); moved to %s", self.path, exc, aside.name)
            try:
                self.path.replace(aside)
            except OSError:
                raise ConfigurationError(
                    f"the cache database {self.path} is damaged and cannot be moved aside; "
                    "delete it or disable the cache"
                ) from None
            self._db = self._connect()

    def _make_private_folder(self) -> None:
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                f"the cache directory {self.directory} cannot be created ({exc.strerror or exc}); "
                "choose another one or disable the cache"
            ) from None
        # A folder someone else shares (``--cache-dir /tmp``) keeps its mode; the database files stay 0600.
        if _owned(self.directory) and (self.path.exists() or not any(self.directory.iterdir())):
            _chmod(self.directory, 0o700)

    def _connect(self) -> sqlite3.Connection:
        try:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:
            raise ConfigurationError(
                f"the cache database {self.path} cannot be opened ({exc.strerror or exc}); "
                "choose another folder or disable the cache"
            ) from None
        db = sqlite3.connect(
            self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
        except sqlite3.DatabaseError:
            db.close()
            raise
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            _chmod(self.directory / name, 0o600)
        return db

    def get(self, key: str) -> str | None:
        """The text under ``key``; ``None`` if absent; :class:`NotText` for a value that is not text."""
        with self._lock:
            row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        value = row[0]
        if not isinstance(value, str):
            raise NotText(f"the stored value is {type(value).__name__}, not JSON text")
        return value

    def set(self, key: str, text: str) -> None:
        """Store ``text`` under ``key``, then drop the oldest values while the store is over its limit."""
        size = len(text.encode("utf-8"))
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO results (key, value, size, stored) VALUES (?, ?, ?, ?)",
                (key, text, size, time.time()),
            )
            total = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()[0]
            while total > self.size_limit:
                oldest = self._db.execute(
                    "SELECT key, size FROM results ORDER BY stored LIMIT 1 OFFSET 0"
                ).fetchone()
                if oldest is None or oldest[0] == key:
                    break
                self._db.execute("DELETE FROM results WHERE key = ?", (oldest[0],))
                total -= oldest[1]

    def delete(self, key: str) -> None:
        """Remove ``key`` if it is there."""
        with self._lock:
            self._db.execute("DELETE FROM results WHERE key = ?", (key,))

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM results WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()


def _retire_legacy_store(directory: Path) -> None:
    """Rename the database of the old diskcache store, which may hold pickles, so nothing reads it."""
    legacy = directory / LEGACY_DATABASE
    if not legacy.is_file():
        return
    retired = legacy.with_name(f"{LEGACY_DATABASE}.retired")
    with contextlib.suppress(OSError):
        legacy.replace(retired)
    _log.warning(
        "an old-format cache (%s, which may hold pickled values) is never read; it was renamed to %s: "
        "delete it and the folders beside it",
        legacy,
        retired.name,
    )


def _owned(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        if _owned(path):
            path.chmod(mode)
