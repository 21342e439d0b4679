"""Backend ``offline``: the rule-based extractor, no model, deterministic."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from summarizer.article import Article
from summarizer.errors import ExtractionError
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
        """The rule-based summary of ``article``; :class:`ExtractionError` if the rules built a bad one."""
        try:
            return Extraction(extract(article, actor_files=self.settings.actor_files))
        except ValidationError as error:
            # The rules should never build one; if they do, the caller gets a library error, not pydantic's.
            errors = _messages(error)
            raise ExtractionError(
                f"the offline rules built a summary that fails validation: {errors[0]}",
                attempts=1,
                errors=errors,
            ) from error


def _messages(error: ValidationError) -> list[str]:
    """One line per problem, ``path: message``."""
    messages = []
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item["loc"])
        for line in item["msg"].removeprefix("Value error, ").splitlines() or [""]:
            messages.append(f"{location}: {line}" if location else line)
    return messages or [str(error)]
