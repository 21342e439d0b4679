"""The backend protocol: what every way of summarizing an article provides to the library.

A backend knows what it needs to start and stop (a client, a server), how it extracts one article, whether
its results may be cached, how many requests it takes at once, and what identifies its answers (the
fingerprint that goes into provenance and cache keys). ``api``, ``cache``, ``batch`` and the CLI ask the
backend; none of them compares backend names.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from summarizer import _version
from summarizer.article import SEGMENTER_VERSION, Article
from summarizer.config import Settings
from summarizer.prompts import prompt_version
from summarizer.result import Extraction, Provenance, SummaryResult
from summarizer.schema import SCHEMA_VERSION

__all__ = ["Backend", "file_identity"]


class Backend(ABC):
    """One way of summarizing articles under fixed settings; a context manager that starts and stops it."""

    name: ClassVar[str]
    """The name settings and the CLI use for this backend."""

    cacheable: ClassVar[bool] = True
    """Whether its results may be served from the result cache."""

    max_concurrency: ClassVar[int | None] = None
    """How many articles it takes at once (``None``: as many as the caller sends)."""

    cpu_bound: ClassVar[bool] = False
    """Whether it computes in this process (no server to wait for): a batch runs it one article at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._started = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.settings!r})"

    @property
    def model(self) -> str | None:
        """The model that answers, as provenance names it (``None`` for a backend without one)."""
        return None

    @property
    def base_url_host(self) -> str | None:
        """The host of the server that answers, if any."""
        return None

    def identity(self) -> dict[str, Any]:
        """This backend's settings that change the answer (never a secret)."""
        return {}

    def fingerprint(self) -> dict[str, Any]:
        """Everything that changes the answer: part of provenance and of cache keys."""
        return {
            "backend": self.name,
            **self.identity(),
            "prompt_version": prompt_version(),
            "schema_version": SCHEMA_VERSION,
            "segmenter_version": SEGMENTER_VERSION,
            "library_version": _version.__version__,
        }

    def cache_identity(self) -> dict[str, Any]:
        """What tells this backend's answers apart in cache keys: the fingerprint, unless a backend adds to
        it what must not be shown (a digest of a secret)."""
        return self.fingerprint()

    def start(self) -> None:
        """Acquire what extraction needs; called before the first article, and again does nothing."""
        if not self._started:
            self._start()
            self._started = True

    def _start(self) -> None:
        """What :meth:`start` does the first time: nothing, unless a backend needs a server or a client."""
        return None

    def close(self) -> None:
        """Release what :meth:`start` acquired."""
        self._started = False

    async def aclose(self) -> None:
        """The asynchronous twin of :meth:`close`."""
        self.close()

    @abstractmethod
    def extract(self, article: Article) -> Extraction:
        """The grounded summary of one article, what lenient grounding dropped, and the usage."""

    async def aextract(self, article: Article) -> Extraction:
        """The asynchronous twin of :meth:`extract` (by default, :meth:`extract` on a worker thread)."""
        return await asyncio.to_thread(self.extract, article)

    def summarize(self, article: Article) -> SummaryResult:
        """Summarize ``article`` into a result with provenance."""
        self.start()
        return self.result(article, self.extract(article))

    async def asummarize(self, article: Article) -> SummaryResult:
        """The asynchronous twin of :meth:`summarize`."""
        if not self._started:
            await asyncio.to_thread(self.start)  # starting may launch a server: keep it off the event loop
        return self.result(article, await self.aextract(article))

    def result(self, article: Article, extraction: Extraction) -> SummaryResult:
        """The result for ``article`` from what :meth:`extract` produced."""
        # Every part is already validated (the summary by its extraction, provenance as built here):
        # constructing instead of validating keeps the summary's checks from running a second time.
        return SummaryResult.model_construct(
            summary=extraction.summary,
            provenance=Provenance(
                backend=self.name,
                model=self.model,
                base_url_host=self.base_url_host,
                prompt_version=prompt_version(),
                schema_version=SCHEMA_VERSION,
                segmenter_version=SEGMENTER_VERSION,
                library_version=_version.__version__,
                article_sha256=article.sha256,
                settings=self.fingerprint(),
                article_encoding=article.encoding,
            ),
            usage=extraction.usage,
            dropped=extraction.dropped,
            source=article.source,
        )

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def file_identity(path: str | Path | None) -> str | None:
    """A file's identity: name, size and a hash of its first and last MiB (hashing a GGUF whole is slow)."""
    if path is None:
        return None
    stat = Path(path).stat()
    # Every result's provenance asks again; re-read only when the file changed.
    return _hashed_identity(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _hashed_identity(path: str, size: int, mtime_ns: int) -> str:
    file = Path(path)
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        digest.update(handle.read(1 << 20))
        if size > 2 << 20:
            handle.seek(-(1 << 20), os.SEEK_END)
            digest.update(handle.read())
    return f"{file.name}:{size}:{digest.hexdigest()[:16]}"
