"""The summary as JSON: the validated model in its declared field order, UTF-8, spans included."""

from __future__ import annotations

import json
from typing import Any

from summarizer.result import SummaryResult
from summarizer.schema import NegotiationSummary

__all__ = ["render_json"]


def render_json(result: SummaryResult | NegotiationSummary) -> str:
    """The result (or a bare summary) as indented JSON that validates back into the same model.

    Fields keep the order the models declare; the free-form ``provenance.settings`` mapping is sorted by
    key, so equal results always give identical text. Non-ASCII characters are written as they are.
    """
    data: dict[str, Any] = result.model_dump(mode="json")
    provenance = data.get("provenance")
    if isinstance(provenance, dict) and isinstance(provenance.get("settings"), dict):
        provenance["settings"] = _sorted(provenance["settings"])
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value
