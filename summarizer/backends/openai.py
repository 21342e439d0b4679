"""Backend ``openai``: OpenAI or any OpenAI-compatible server, through instructor and one client."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from summarizer.article import Article
from summarizer.chunking import Chunk, plan_chunks
from summarizer.config import DEFAULT_DEADLINE, Settings
from summarizer.redaction import redact_url, url_secret_digest
from summarizer.result import Extraction

from ._base import Backend
from ._chunked import aextract_in_chunks, extract_in_chunks

if TYPE_CHECKING:
    import openai

# The model client (openai, instructor, httpx2) is imported on first use, not with this module: a fully
# cached run creates the backend for its fingerprint and never asks it anything.

__all__ = ["DEFAULT_ANSWER_TOKENS", "DEFAULT_OPENAI_MODEL", "OpenAIBackend"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
"""The model asked when none is configured and the server is OpenAI's own."""

DEFAULT_ANSWER_TOKENS = 4096
"""Tokens kept free for the answer when splitting articles without a ``max_tokens`` (at most a quarter of
the context window)."""


class OpenAIBackend(Backend):
    """A model behind an OpenAI-compatible API; pass ``client``/``async_client`` to reuse your own."""

    name = "openai"

    read_until_deadline: ClassVar[bool] = False
    """Whether, without a configured timeout, the wait for an answer is bounded by the deadline alone."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
    ) -> None:
        super().__init__(settings)
        self._client = client
        self._async_client = async_client
        self._own_async_client = async_client is None
        self._request_settings_for: tuple[Settings, Settings] | None = None

    @property
    def model(self) -> str:
        """The model name sent in requests."""
        if self.settings.model:
            return self.settings.model
        return DEFAULT_OPENAI_MODEL if self.settings.base_url is None else "default"

    @property
    def max_tokens(self) -> int | None:
        """The output-token cap sent in requests (``None``: the server's)."""
        return self.settings.max_tokens

    @property
    def deadline(self) -> float:
        """Seconds one article may take, requests, retries and re-asks included."""
        return self.settings.deadline if self.settings.deadline is not None else DEFAULT_DEADLINE

    @property
    def base_url_host(self) -> str | None:
        """The server's host name (``api.openai.com`` without a base URL)."""
        if self.settings.base_url is None:
            return "api.openai.com"
        return urlsplit(self.settings.base_url).hostname

    @property
    def context_window(self) -> int | None:
        """Tokens the model reads and writes per request, if known (``None``: articles are never split)."""
        return self.settings.context_window

    def identity(self) -> dict[str, Any]:
        """The server (its user info and query redacted), the model, every generation setting, and the context
        window when one is set."""
        base_url = self.settings.base_url
        window = {"context_window": self.settings.context_window} if self.settings.context_window else {}
        return {"base_url": redact_url(base_url) if base_url else None, **self._generation(), **window}

    def cache_identity(self) -> dict[str, Any]:
        """The fingerprint, and a digest of the base URL's secret parts when it has any: a gateway's
        ``?api-version=`` may change the answer, but its value must not stand in provenance."""
        digest = url_secret_digest(self.settings.base_url)
        return {**self.fingerprint(), "base_url_secrets": digest} if digest else self.fingerprint()

    def chunks(self, article: Article) -> list[Chunk]:
        """How ``article`` is read: whole when it fits the context window (or none is known), else chunked."""
        window = self.context_window
        last = len(article.sentences) - 1
        if window is None:
            return [Chunk(article, 1, last, whole=True)]
        from summarizer.extract import request_characters

        answer = self.max_tokens or min(DEFAULT_ANSWER_TOKENS, window // 4)
        settings = self._request_settings()
        return plan_chunks(
            article,
            context_window=window,
            answer_tokens=answer,
            measure=lambda part: request_characters(part, settings),
        )

    def _generation(self) -> dict[str, Any]:
        settings = self.settings
        return {
            "model": self.model,
            "mode": settings.mode,
            "max_reasks": settings.max_reasks,
            "lenient": settings.lenient,
            "temperature": settings.temperature,
            "seed": settings.seed,
            "max_tokens": self.max_tokens,
        }

    def _request_settings(self) -> Settings:
        """The settings requests are built from, with the model, token cap and deadline resolved."""
        cached = self._request_settings_for
        if cached is None or cached[0] is not self.settings:
            resolved = self.settings.with_(
                model=self.model, max_tokens=self.max_tokens, deadline=self.deadline
            )
            cached = self._request_settings_for = (self.settings, resolved)
        return cached[1]

    @property
    def client(self) -> openai.OpenAI:
        """The synchronous client: the one given, else the process's pooled client for this server.

        A pooled client may be closed once it leaves the pool; :meth:`extract` holds it with a lease.
        """
        if self._client is not None:
            return self._client
        from summarizer.llm import shared_client

        return shared_client(self.settings, read_until_deadline=self.read_until_deadline)

    def _held_client(self) -> contextlib.AbstractContextManager[openai.OpenAI]:
        """The client for one article's requests: the one given, else a lease on the pooled one."""
        if self._client is not None:
            return contextlib.nullcontext(self._client)
        from summarizer.llm import leased_client

        return leased_client(self.settings, read_until_deadline=self.read_until_deadline)

    @property
    def async_client(self) -> openai.AsyncOpenAI:
        """The asynchronous client, built on first use unless one was given (one per event loop's run)."""
        if self._async_client is None:
            from summarizer.llm import make_async_client

            self._async_client = make_async_client(
                self.settings, read_until_deadline=self.read_until_deadline
            )
        return self._async_client

    def extract(self, article: Article) -> Extraction:
        """Ask the model for a grounded summary of ``article``, in chunks if it does not fit the window."""
        self.start()
        from summarizer.extract import extract_summary
        from summarizer.llm import deadline

        settings = self._request_settings()
        # One deadline for the whole article, however many chunks; the client is held until its end.
        with deadline(settings.deadline), self._held_client() as client:
            return extract_in_chunks(
                article, self.chunks(article), lambda part: extract_summary(part, settings, client)
            )

    async def aextract(self, article: Article) -> Extraction:
        """The asynchronous twin of :meth:`extract`."""
        from summarizer.extract import aextract_summary
        from summarizer.llm import deadline

        settings = self._request_settings()
        with deadline(settings.deadline):
            return await aextract_in_chunks(
                article,
                self.chunks(article),
                lambda part: aextract_summary(part, settings, self.async_client),
            )

    async def aclose(self) -> None:
        """Close the asynchronous client this backend built (the pooled client stays open for the process)."""
        if self._own_async_client and self._async_client is not None:
            await self._async_client.close()
            self._async_client = None
        self.close()
