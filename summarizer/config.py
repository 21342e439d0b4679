"""Settings, read in one place: explicit arguments beat the environment, and nothing is guessed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigurationError

__all__ = ["BACKENDS", "DEFAULT_MAX_REASKS", "MODES", "Settings"]

BACKENDS = ("openai", "local", "offline")
MODES = ("tools", "json_schema", "json")
DEFAULT_MAX_REASKS = 2
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 120.0
LOCAL_DEFAULT_MAX_TOKENS = 2048
"""Without a cap a small local model under a grammar can write until its context is full (minutes)."""

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
    timeout: float = DEFAULT_TIMEOUT
    local_model: str | None = None
    local_context_window: int | None = None
    actor_files: tuple[str, ...] = ()
    transport_attempts: int = 4
    transport_max_wait: float = 60.0

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **explicit: Any) -> Settings:
        """Build settings from explicit values (``None`` means unset) and then the environment.

        The backend is the explicit one, else ``openai`` when an API key or base URL is configured;
        with neither, a :class:`ConfigurationError` says how to configure one. The library never falls
        back silently; only the CLI picks a default, and says so.
        """
        env = os.environ if environ is None else environ
        unknown = set(explicit) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values = {key: value for key, value in explicit.items() if value is not None}
        values.setdefault("api_key", env.get("OPENAI_API_KEY") or None)
        values.setdefault("base_url", env.get("OPENAI_BASE_URL") or None)
        values.setdefault("model", env.get("SUMMARIZER_MODEL") or None)
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
        if self.timeout <= 0:
            raise ConfigurationError("timeout must be positive")
        if self.max_tokens is not None and self.max_tokens <= 0:
            raise ConfigurationError("max_tokens must be positive")
        if self.backend == "openai" and self.api_key is None and self.base_url is None:
            raise ConfigurationError(f"the openai backend needs a key or a base URL: {_HOW_TO_CONFIGURE}")
        if self.local_model is not None and not Path(self.local_model).is_file():
            raise ConfigurationError(f"local model {self.local_model!r} is not a file")
        missing = [name for name in self.actor_files if not Path(name).is_file()]
        if missing:
            raise ConfigurationError(f"actor dictionary {missing[0]!r} is not a file")

    @property
    def effective_model(self) -> str:
        """The model name sent in requests."""
        if self.model:
            return self.model
        if self.backend == "openai" and self.base_url is None:
            return DEFAULT_OPENAI_MODEL
        if self.backend == "local":
            path = self.local_model or _default_local_model()
            return Path(path).stem if path else "local-model"
        return "default"

    @property
    def effective_max_tokens(self) -> int | None:
        """The output-token cap sent in requests: the configured one, or a default for the local backend."""
        if self.max_tokens is None and self.backend == "local":
            return LOCAL_DEFAULT_MAX_TOKENS
        return self.max_tokens

    def with_(self, **changes: Any) -> Settings:
        """A copy with some values changed."""
        settings = replace(self, **changes)
        settings.check()
        return settings

    def fingerprint(self) -> dict[str, Any]:
        """Everything that changes the answer, the secret excluded: part of provenance and cache keys."""
        from . import _version
        from .article import SEGMENTER_VERSION
        from .prompts import prompt_version
        from .schema import SCHEMA_VERSION

        return {
            "backend": self.backend,
            # The embedded server's port changes every run; the model file identifies it instead.
            "base_url": self.base_url if self.backend == "openai" else None,
            "model": self.effective_model,
            "local_model": _file_identity(self.local_model or _default_local_model())
            if self.backend == "local"
            else None,
            "local_context_window": self.local_context_window if self.backend == "local" else None,
            "actor_files": [_file_identity(name) for name in self.actor_files]
            if self.backend == "offline"
            else [],
            "mode": self.mode,
            "max_reasks": self.max_reasks,
            "lenient": self.lenient,
            "temperature": self.temperature,
            "seed": self.seed,
            "max_tokens": self.effective_max_tokens,
            "prompt_version": prompt_version(),
            "schema_version": SCHEMA_VERSION,
            "segmenter_version": SEGMENTER_VERSION,
            "library_version": _version.__version__,
        }


def _default_local_model() -> str | None:
    from .local import default_model_path

    path = default_model_path()
    return str(path) if path else None


def _file_identity(path: str | None) -> str | None:
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
