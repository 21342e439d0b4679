"""Backend ``local``: an embedded llama.cpp server on a GGUF, asked like any OpenAI-compatible server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.config import Settings
from summarizer.errors import ConfigurationError
from summarizer.local import DEFAULT_CONTEXT_WINDOW, default_model_path, local_model_path, shared_server

from ._base import file_identity
from .openai import OpenAIBackend

if TYPE_CHECKING:
    import openai

__all__ = ["LOCAL_DEFAULT_DEADLINE", "LOCAL_DEFAULT_MAX_TOKENS", "LocalBackend"]

LOCAL_DEFAULT_MAX_TOKENS = 2048
"""Without a cap a small local model under a grammar can write until its context is full (minutes)."""
LOCAL_DEFAULT_DEADLINE = 900.0
"""A small model on two busy cores writes 2,048 tokens in up to five minutes, and may be re-asked."""


class LocalBackend(OpenAIBackend):
    """llama-cpp-python's server on 127.0.0.1, started on first use and shared by the whole process."""

    name = "local"
    max_concurrency = 1  # the server computes one completion at a time; more requests only queue and time out
    read_until_deadline = True  # generation takes minutes on a CPU: only the deadline bounds the wait

    def __init__(
        self,
        settings: Settings,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
    ) -> None:
        if settings.mode == "json_schema":
            raise ConfigurationError(
                "the local llama.cpp server rejects response_format json_schema; use mode 'tools' (the "
                "default) or 'json' with the local backend"
            )
        super().__init__(settings, client=client, async_client=async_client)
        # With a caller's own client the caller runs the server; otherwise start() starts ours.
        self._serve = client is None and async_client is None

    @property
    def model_path(self) -> Path | None:
        """The GGUF file: the configured one, else the default model if installed."""
        if self.settings.local_model is not None:
            return Path(self.settings.local_model)
        return default_model_path()

    @property
    def model(self) -> str:
        """The model name: the configured one, else the GGUF's file name without its suffix."""
        if self.settings.model:
            return self.settings.model
        path = self.model_path
        return path.stem if path is not None else "local-model"

    @property
    def max_tokens(self) -> int:
        """The configured cap, else :data:`LOCAL_DEFAULT_MAX_TOKENS`."""
        return self.settings.max_tokens or LOCAL_DEFAULT_MAX_TOKENS

    @property
    def deadline(self) -> float:
        """The configured deadline, else :data:`LOCAL_DEFAULT_DEADLINE`."""
        return self.settings.deadline if self.settings.deadline is not None else LOCAL_DEFAULT_DEADLINE

    @property
    def base_url_host(self) -> str | None:
        """127.0.0.1, where the embedded server listens (or the host of a caller's own server)."""
        if self.settings.base_url is None:
            return "127.0.0.1"
        return super().base_url_host

    @property
    def context_window(self) -> int:  # the local server always has one
        """Tokens of context the server is started with (and articles that would not fit are split to)."""
        return self.settings.context_window or DEFAULT_CONTEXT_WINDOW

    def identity(self) -> dict[str, Any]:
        """The GGUF file's identity (the port changes every run), the context window and generation."""
        return {
            "local_model": file_identity(self.model_path),
            "local_context_window": self.context_window,
            **self._generation(),
        }

    def _start(self) -> None:
        if self._serve:
            server = shared_server(local_model_path(self.settings.local_model), self.context_window)
            self.settings = self.settings.with_(base_url=server.base_url)
