"""Settings, read in one place: explicit arguments beat the environment, and nothing is guessed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigurationError
from .redaction import redact_url

__all__ = ["BACKENDS", "DEFAULT_DEADLINE", "DEFAULT_MAX_REASKS", "DEFAULT_TIMEOUT", "MODES", "Settings"]

BACKENDS = ("openai", "local", "offline")
MODES = ("tools", "json_schema", "json")
DEFAULT_MAX_REASKS = 2
DEFAULT_TIMEOUT = 120.0
"""Seconds one request may wait (to connect, to send, for each piece of the answer)."""
DEFAULT_DEADLINE = 300.0
"""Seconds one article may take in all: every request, transport retry and re-ask."""

_HOW_TO_CONFIGURE = (
    "set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL for an OpenAI-compatible server such as "
    "llama.cpp, Ollama or vLLM, or choose a backend explicitly: backend='local' (embedded llama.cpp, "
    "`pip install summarizer[local]`) or backend='offline' (rule-based, no model)"
)


@dataclass(frozen=True)
class Settings:
    """Everything that decides how an article is summarized. The API key is never shown in ``repr``."""

    backend: str
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str = "tools"
    max_reasks: int = DEFAULT_MAX_REASKS
    lenient: bool = False
    temperature: float = 0.0
    seed: int | None = None
    max_tokens: int | None = None
    timeout: float | None = None
    deadline: float | None = None
    local_model: str | None = None
    context_window: int | None = None
    actor_files: tuple[str, ...] = ()
    transport_attempts: int = 4
    transport_max_wait: float = 60.0

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **explicit: Any) -> Settings:
        """Build settings from explicit values (``None`` means unset) and then the environment.

        The backend is the explicit one, else ``local`` when a local model file is given, else ``openai``
        when an API key or base URL is configured; with none, a :class:`ConfigurationError` says how to
        configure one. The library never falls back silently; only the CLI picks a default, and says so.
        For the local backend a model that names a ``.gguf`` file is the local model.
        """
        env = os.environ if environ is None else environ
        unknown = set(explicit) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values = {key: value for key, value in explicit.items() if value is not None}
        values.setdefault("api_key", env.get("OPENAI_API_KEY") or None)
        values.setdefault("base_url", env.get("OPENAI_BASE_URL") or None)
        values.setdefault("model", env.get("SUMMARIZER_MODEL") or None)
        if "backend" not in values and "local_model" in values:
            values["backend"] = "local"
        model = values["model"]
        if values.get("backend") == "local" and "local_model" not in values and str(model).endswith(".gguf"):
            values["model"], values["local_model"] = None, model
        if "backend" not in values:
            if values["api_key"] is None and values["base_url"] is None:
                raise ConfigurationError(f"no backend is configured: {_HOW_TO_CONFIGURE}")
            values["backend"] = "openai"
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise :class:`ConfigurationError` for values that cannot work."""
        if self.backend not in BACKENDS:
            raise ConfigurationError(f"unknown backend {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        if self.mode not in MODES:
            raise ConfigurationError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.max_reasks < 0:
            raise ConfigurationError("max_reasks must be 0 or more")
        if self.timeout is not None and self.timeout <= 0:
            raise ConfigurationError("timeout must be positive")
        if self.deadline is not None and self.deadline <= 0:
            raise ConfigurationError("deadline must be positive")
        if self.max_tokens is not None and self.max_tokens <= 0:
            raise ConfigurationError("max_tokens must be positive")
        if self.context_window is not None and self.context_window <= 0:
            raise ConfigurationError("context_window must be positive")
        if self.backend == "openai" and self.api_key is None and self.base_url is None:
            raise ConfigurationError(f"the openai backend needs a key or a base URL: {_HOW_TO_CONFIGURE}")
        if self.backend == "openai" and self.base_url is not None:
            _check_base_url(self.base_url)
        if self.local_model is not None and not Path(self.local_model).is_file():
            raise ConfigurationError(f"local model {self.local_model!r} is not a file")
        missing = [name for name in self.actor_files if not Path(name).is_file()]
        if missing:
            raise ConfigurationError(f"actor dictionary {missing[0]!r} is not a file")
        for name in self.actor_files:
            _check_actor_file(name)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={redact_url(value) if f.name == 'base_url' and value else value!r}"
            for f in fields(self)
            if f.repr and (value := getattr(self, f.name)) is not None
        )
        return f"Settings({shown})"

    def with_(self, **changes: Any) -> Settings:
        """A copy with some values changed."""
        settings = replace(self, **changes)
        settings.check()
        return settings


def _check_actor_file(name: str) -> None:
    """An actor dictionary must be readable UTF-8 text, said once here rather than for every article."""
    try:
        stat = Path(name).stat()
        _check_utf8_file(str(Path(name).resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError as exc:
        raise ConfigurationError(
            f"actor dictionary {name!r} cannot be read ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            f"actor dictionary {name!r} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
            f"offset {exc.start}); save it as UTF-8"
        ) from None


@lru_cache(maxsize=16)
def _check_utf8_file(path: str, size: int, mtime_ns: int) -> None:
    # Keyed by size and time too: settings are checked again on every copy, the file read once.
    Path(path).read_bytes().decode("utf-8")


def _check_base_url(url: str) -> None:
    """An http(s) URL with a host, or a :class:`ConfigurationError` that says the URL is invalid."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a port that is not a number, an unclosed IPv6 bracket
        valid = False
    if not valid:
        raise ConfigurationError(
            f"the base URL {redact_url(url)!r} is invalid: it must be an http:// or https:// URL with a "
            "host, e.g. http://127.0.0.1:8080/v1"
        )
