"""Scoring a timeline against a track's ``timeline.gold.json`` (its format: ``seeds/tracks/README.md``).

1. **Alignment.** The timeline's parties are paired one to one with the gold's (score 3 for the same id, 2
   for a shared id, name or alias), its issues likewise (3 for the same id, 2 for a shared id or label,
   ``1 + J`` for labels whose content words have a Jaccard similarity ``J`` of at least 0.5).
2. **Stance over time.** Every gold stance entry (issue, party, date, stance) is looked up among the
   timeline's entries of the aligned issue and party on that date: *found* when there is one, *correct*
   when one of them has the gold stance. Stance-over-time accuracy is correct over gold entries; accuracy
   on found entries is given beside it.
3. **Shifts.** A gold shift is *recalled* when the timeline flags a change (stated or seen) of the aligned
   party on the aligned issue dated like the gold's ``after``. Precision is over the timeline's stated
   shifts: the share that match a gold shift.
4. **Sticking points.** A gold resolution (issue, date) is recalled when the timeline has the aligned
   issue's sticking point resolved on that date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from summarizer.align import assign, content_words, jaccard, name_key, name_keys
from summarizer.errors import EvaluationError
from summarizer.schema import NegotiationSummary
from summarizer.timeline import DatedSummary, Timeline, build_timeline

__all__ = [
    "TIMELINE_GOLD",
    "Count",
    "TimelineScore",
    "load_timeline_gold",
    "score_timeline",
    "timeline_of",
]

TIMELINE_GOLD = "timeline.gold.json"
"""The gold timeline's file name in a track's folder."""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Count:
    """How many of ``total`` were right; the rate is ``None`` when there was nothing to count."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        """Hits over total."""
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, object]:
        """Counts and the rate."""
        return {"hits": self.hits, "total": self.total, "rate": _round(self.rate)}


@dataclass(frozen=True)
class TimelineScore:
    """How a timeline compares with the gold timeline of its track."""

    track: str
    stance: Count
    """Gold stance entries whose stance the timeline has on that date (stance-over-time accuracy)."""
    stance_found: Count
    """Gold stance entries the timeline has any entry for."""
    stance_on_found: Count
    """Of the found entries, those with the right stance."""
    shift_recall: Count
    shift_precision: Count
    resolved_recall: Count
    articles: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-able, keys in a fixed order."""
        return {
            "track": self.track,
            "articles": self.articles,
            "stance_over_time": self.stance.as_dict(),
            "stance_found": self.stance_found.as_dict(),
            "stance_on_found": self.stance_on_found.as_dict(),
            "shift_recall": self.shift_recall.as_dict(),
            "shift_precision": self.shift_precision.as_dict(),
            "resolved_recall": self.resolved_recall.as_dict(),
        }

    def render_table(self) -> Table:
        """One row per measure."""
        table = Table(title=f"Timeline of {self.track} ({self.articles} articles)")
        table.add_column("measure")
        for column in ("right", "of", "rate"):
            table.add_column(column, justify="right")
        rows = [
            ("stance over time (accuracy)", self.stance),
            ("stance entries found", self.stance_found),
            ("stance right where found", self.stance_on_found),
            ("shift recall", self.shift_recall),
            ("shift precision (stated)", self.shift_precision),
            ("sticking points resolved (recall)", self.resolved_recall),
        ]
        for label, count in rows:
            rate = "-" if count.rate is None else f"{count.rate:.3f}"
            table.add_row(label, str(count.hits), str(count.total), rate)
        return table


def load_timeline_gold(track_dir: Path) -> dict[str, Any]:
    """The gold timeline of a track; :class:`EvaluationError` if it is missing or not one."""
    path = track_dir / TIMELINE_GOLD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no gold timeline") from None
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{path}: unreadable gold timeline ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != "summarizer-timeline-gold":
        raise EvaluationError(f"{path}: not a gold timeline (format summarizer-timeline-gold)")
    return data


def timeline_of(gold: Mapping[str, Any], summaries: Mapping[str, NegotiationSummary]) -> Timeline:
    """The timeline of ``summaries`` (by article file name), dated as the gold timeline dates the articles.

    Articles without a summary (their summarization failed) are left out; when none has one, the timeline is
    empty (it scores 0, and the report still says why each article failed).
    """
    dates = {entry["file"]: entry["published"] for entry in gold["articles"]}
    dated = [
        DatedSummary(summary, article=name, date=dates[name])
        for name, summary in summaries.items()
        if name in dates
    ]
    if not dated:
        return Timeline(
            title=str(gold.get("track", "track")),
            articles=[],
            parties=[],
            issues=[],
            stances=[],
            proposals=[],
            agreements=[],
            sticking_points=[],
            shifts=[],
        )
    return build_timeline(dated)


def _pairs(predicted: list[Any], gold: list[Any], score: Any) -> dict[str, str]:
    matrix = [[score(p, g) for g in gold] for p in predicted]
    return {predicted[p].id: gold[g]["id"] for p, g in assign(matrix)}


def _party(predicted: Any, gold: Mapping[str, Any]) -> float:
    if name_key(predicted.id) == name_key(gold["id"]):
        return 3.0
    if name_keys([predicted.id, predicted.name, *predicted.aliases]) & name_keys([gold["id"], gold["name"]]):
        return 2.0
    return 0.0


def _issue(predicted: Any, gold: Mapping[str, Any]) -> float:
    if name_key(predicted.id) == name_key(gold["id"]):
        return 3.0
    if name_keys([predicted.id, predicted.label]) & name_keys([gold["id"], gold["label"]]):
        return 2.0
    similarity = max(
        jaccard(content_words(a), content_words(b))
        for a in (predicted.id, predicted.label)
        for b in (gold["id"], gold["label"])
    )
    return 1.0 + similarity if similarity >= 0.5 else 0.0


def score_timeline(timeline: Timeline, gold: Mapping[str, Any]) -> TimelineScore:
    """Compare a timeline with a gold timeline (the parsed ``timeline.gold.json``)."""
    parties = _pairs(timeline.parties, list(gold["parties"]), _party)
    issues = _pairs(timeline.issues, list(gold["issues"]), _issue)
    predicted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for history in timeline.stances:
        key = (issues.get(history.issue, ""), parties.get(history.party, ""))
        for entry in history.history:
            predicted[(*key, entry.date)].add(entry.stance)
    found = correct = total = 0
    for history in gold["stances"]:
        for entry in history["history"]:
            total += 1
            stances = predicted.get((history["issue"], history["party"], entry["date"]))
            if stances:
                found += 1
                correct += entry["stance"] in stances
    flagged = {
        (issues.get(shift.issue, ""), parties.get(shift.party, ""), shift.after.date): shift.stated
        for shift in timeline.shifts
    }
    gold_shifts = {(s["issue"], s["party"], s["after"]["date"]) for s in gold["shifts"]}
    stated = [key for key, said in flagged.items() if said]
    resolved = {
        (issues.get(point.issue, ""), point.resolved.date)
        for point in timeline.sticking_points
        if point.resolved is not None
    }
    gold_resolved = [(p["issue"], p["resolved"]["date"]) for p in gold["sticking_points"] if p["resolved"]]
    return TimelineScore(
        track=str(gold.get("track", "")),
        articles=len(timeline.articles),
        stance=Count(correct, total),
        stance_found=Count(found, total),
        stance_on_found=Count(correct, found),
        shift_recall=Count(len(gold_shifts & flagged.keys()), len(gold_shifts)),
        shift_precision=Count(sum(1 for key in stated if key in gold_shifts), len(stated)),
        resolved_recall=Count(sum(1 for key in gold_resolved if key in resolved), len(gold_resolved)),
    )
