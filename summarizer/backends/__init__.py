"""The backends, one module each behind one protocol (:class:`Backend`), created by name from settings.

Each backend module is imported only when it is used: the offline path must not load openai and instructor.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from summarizer.config import Settings

from ._base import Backend

if TYPE_CHECKING:
    import openai

__all__ = ["BACKEND_CLASSES", "Backend", "backend_class", "create_backend"]

BACKEND_CLASSES = {
    "openai": ("summarizer.backends.openai", "OpenAIBackend"),
    "local": ("summarizer.backends.local", "LocalBackend"),
    "offline": ("summarizer.backends.offline", "OfflineBackend"),
}
"""Where each backend of :data:`summarizer.config.BACKENDS` lives, as (module, class); a test ties the two."""


def backend_class(name: str) -> type[Backend]:
    """The class of the backend called ``name``, its module imported on first use."""
    module_name, class_name = BACKEND_CLASSES[name]
    cls: type[Backend] = getattr(importlib.import_module(module_name), class_name)
    return cls


def create_backend(
    settings: Settings,
    *,
    client: openai.OpenAI | None = None,
    async_client: openai.AsyncOpenAI | None = None,
) -> Backend:
    """The backend ``settings`` choose; ``client``/``async_client`` reuse your own openai clients."""
    cls = backend_class(settings.backend)
    clients: dict[str, Any] = {}
    if client is not None:
        clients["client"] = client
    if async_client is not None:
        clients["async_client"] = async_client
    if clients and not hasattr(cls, "client"):
        raise TypeError(f"backend {settings.backend!r} takes no openai client")
    return cls(settings, **clients)
