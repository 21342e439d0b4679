"""Prompt templates: files under ``prompts/`` (shipped in the wheel), rendered with ``string.Template``.

The prompt version is ``PROMPT_SERIES`` plus a hash of every template's bytes, so editing a template changes
the version, and with it every result's provenance and every cache key.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from string import Template

from .article import Article

__all__ = [
    "PROMPT_SERIES",
    "TEMPLATE_NAMES",
    "build_messages",
    "load_template",
    "prompt_version",
    "reask_message",
]

PROMPT_SERIES = "3"
"""Bumped by hand when the prompts change meaning; the content hash tracks every edit anyway."""

TEMPLATE_NAMES = ("system.txt", "user.txt", "reask.txt")


def _prompt_dir() -> Path:
    packaged = resources.files("summarizer") / "prompts"
    if packaged.is_dir():
        return Path(str(packaged))
    # A source checkout: the templates live at the top level, beside the package.
    return Path(__file__).resolve().parent.parent / "prompts"


@cache
def load_template(name: str) -> str:
    """The text of one template."""
    return (_prompt_dir() / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def prompt_version() -> str:
    """``<series>-<hash of all templates>``, e.g. ``1-3f2a9c1d``."""
    digest = hashlib.sha256()
    for name in TEMPLATE_NAMES:
        digest.update(name.encode() + b"\0" + load_template(name).encode() + b"\0")
    return f"{PROMPT_SERIES}-{digest.hexdigest()[:8]}"


def build_messages(article: Article) -> list[dict[str, str]]:
    """The chat messages for one article: the system rules and the numbered article."""
    metadata = {k: v for k, v in article.metadata.items() if k in ("title", "source", "published", "url")}
    user = Template(load_template("user.txt")).substitute(
        metadata=json.dumps(metadata, ensure_ascii=False) if metadata else "none",
        sentence_count=len(article.sentences),
        article=article.numbered(),
    )
    return [
        {"role": "system", "content": load_template("system.txt").strip()},
        {"role": "user", "content": user.strip()},
    ]


def reask_message(errors: list[str], more: int) -> str:
    """The user message of a re-ask: the listed validation errors, and how many more there were."""
    listed = "\n".join(f"- {error}" for error in errors)
    if more:
        listed += f"\n- ... and {more} more error(s) like these"
    return Template(load_template("reask.txt")).substitute(errors=listed).strip()
