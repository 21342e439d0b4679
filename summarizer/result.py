"""What summarizing produces: the result a caller receives and the pieces every backend hands back.

Pure data, importing only the schema and the errors: backends, grounding, renderers, the cache and the
evaluation all use these types, so they sit low in the layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from .errors import Usage
from .schema import NegotiationSummary

__all__ = ["Dropped", "Extraction", "Provenance", "SummaryResult", "Usage"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Frozen):
    """How a summary was made: enough to reproduce it and to key a cache."""

    backend: str
    model: str | None
    base_url_host: str | None
    prompt_version: str
    schema_version: str
    segmenter_version: str
    library_version: str
    article_sha256: str
    settings: dict[str, Any]
    article_encoding: str = "utf-8"
    """The encoding the article's bytes were read in (detected, or named by the caller)."""


class Dropped(_Frozen):
    """An item that lenient grounding removed, and why."""

    path: str
    reason: str


class SummaryResult(BaseModel):
    """A validated, grounded summary with its provenance, usage, and anything lenient mode dropped."""

    model_config = ConfigDict(extra="forbid")

    summary: NegotiationSummary
    provenance: Provenance
    usage: Usage
    dropped: list[Dropped] = []
    source: str | None = None


@dataclass
class Extraction:
    """What a backend produced for one article: the summary, what lenient grounding dropped, the usage."""

    summary: NegotiationSummary
    dropped: list[Dropped] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
