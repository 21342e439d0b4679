"""Backend ``offline``: the rule-based extractor, no model, deterministic."""

from __future__ import annotations

from typing import Any

from summarizer.article import Article
from summarizer.offline import RULES_VERSION, extract
from summarizer.result import Extraction

from ._base import Backend, file_identity

__all__ = ["OfflineBackend"]


class OfflineBackend(Backend):
    """Rules and CAMEO/Phoenix dictionaries over the article's sentences; grounded by construction."""

    name = "offline"
    # Faster than a cache lookup (and only the rules version, not a prompt, tells its answers apart).
    cacheable = False
    cpu_bound = True  # rules in this process: threads would only share one core's worth of the GIL

    def identity(self) -> dict[str, Any]:
        """The rules' version and the user's extra actor dictionaries, by content."""
        return {
            "rules_version": RULES_VERSION,
            "actor_files": [file_identity(name) for name in self.settings.actor_files],
        }

    def extract(self, article: Article) -> Extraction:
        """The rule-based summary of ``article``."""
        return Extraction(extract(article, actor_files=self.settings.actor_files))
