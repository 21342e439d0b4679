"""Score records for one article and for a corpus, as JSON-able dicts and as terminal tables (rich).

Conventions: precision with nothing predicted is 1.0 when the gold list is empty too and 0.0 otherwise (and
likewise recall with an empty gold list), so an article that is correctly left empty scores 1.0. An article
that failed has no prediction at all: it is never credited as an empty one, its lists count as failed and
score 0.0 (its gold items still count as missed). An accuracy
over no pairs is ``None``. Corpus figures are micro-averaged: counts are summed over lists and articles
before dividing. Floats in :meth:`Report.as_dict` are rounded to four places.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from summarizer.errors import Usage

from .matching import LIST_NAMES, Pair

if TYPE_CHECKING:
    from .timeline import TimelineScore

__all__ = ["Accuracy", "ArticleScore", "Grounding", "ListScore", "Report", "Tables"]

_ACCURACIES = ("stance", "response", "speaker", "tone", "role", "agreement_status", "resolved")
_TABLE_ACCURACIES = ("stance", "response", "speaker")  # the per-article table's columns; the rest: caption


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class ListScore:
    """Matched, predicted and gold item counts of one list, and the precision, recall and F1 they give."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    failed: int = 0
    """How many of the summed lists belong to articles that failed (no prediction at all)."""

    @property
    def precision(self) -> float:
        """Matched over predicted (1.0 if both lists are empty, 0.0 if only the prediction is or an article
        failed)."""
        if self.predicted:
            return self.matched / self.predicted
        return 1.0 if self.gold == 0 and not self.failed else 0.0

    @property
    def recall(self) -> float:
        """Matched over gold (1.0 if both lists are empty, 0.0 if only the gold list is or an article
        failed)."""
        if self.gold:
            return self.matched / self.gold
        return 1.0 if self.predicted == 0 and not self.failed else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: ListScore) -> ListScore:
        return ListScore(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.failed + other.failed,
        )

    def as_dict(self) -> dict[str, object]:
        """Counts and rates."""
        return {
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass(frozen=True)
class Accuracy:
    """How many matched pairs agree on one attribute (stance, response, speaker, tone, role, status...)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """Correct over total, or ``None`` when there was nothing to compare."""
        return self.correct / self.total if self.total else None

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict[str, object]:
        """Counts and the accuracy."""
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.value)}


@dataclass(frozen=True)
class Grounding:
    """Predicted evidence by grounding outcome: exact, fuzzy, failed (dropped), unchecked (never grounded)."""

    exact: int = 0
    fuzzy: int = 0
    failed: int = 0
    unchecked: int = 0

    @property
    def total(self) -> int:
        """All pieces of predicted evidence, dropped ones included."""
        return self.exact + self.fuzzy + self.failed + self.unchecked

    def rate(self, kind: str) -> float | None:
        """Share of one outcome (``"exact"``, ``"fuzzy"``, ``"failed"``, ``"unchecked"``) in the total."""
        count: int = getattr(self, kind)
        return count / self.total if self.total else None

    def __add__(self, other: Grounding) -> Grounding:
        return Grounding(
            self.exact + other.exact,
            self.fuzzy + other.fuzzy,
            self.failed + other.failed,
            self.unchecked + other.unchecked,
        )

    def as_dict(self) -> dict[str, object]:
        """Counts and rates."""
        kinds = ("exact", "fuzzy", "failed", "unchecked")
        return {
            **{kind: getattr(self, kind) for kind in kinds},
            "total": self.total,
            **{f"{kind}_rate": _round(self.rate(kind)) for kind in kinds},
        }


@dataclass(frozen=True)
class ArticleScore:
    """How one prediction compares with its gold summary."""

    article: str
    lists: Mapping[str, ListScore]
    stance: Accuracy = Accuracy()
    response: Accuracy = Accuracy()
    speaker: Accuracy = Accuracy()
    tone: Accuracy = Accuracy()
    role: Accuracy = Accuracy()
    agreement_status: Accuracy = Accuracy()
    resolved: Accuracy = Accuracy()
    shifts: ListScore = ListScore()
    grounding: Grounding = Grounding()
    usage: Usage | None = None
    is_negotiation_correct: bool | None = None
    error: str | None = None
    pairs: Mapping[str, list[Pair]] = field(default_factory=dict)
    failure: BaseException | None = field(default=None, compare=False, repr=False)
    """The exception that made the article fail, when summarizing it raised one (not in the JSON)."""

    @property
    def overall(self) -> ListScore:
        """Micro-averaged over every list."""
        return sum((self.lists[name] for name in LIST_NAMES), ListScore())

    def as_dict(self) -> dict[str, object]:
        """JSON-able, keys in a fixed order; ``pairs`` holds (predicted index, gold index) per list."""
        return {
            "article": self.article,
            "error": self.error,
            "is_negotiation_correct": self.is_negotiation_correct,
            "overall": self.overall.as_dict(),
            "lists": {name: self.lists[name].as_dict() for name in LIST_NAMES},
            "accuracy": {name: getattr(self, name).as_dict() for name in _ACCURACIES},
            "shifts": self.shifts.as_dict(),
            "grounding": self.grounding.as_dict(),
            "usage": None if self.usage is None else self.usage.model_dump(),
            "pairs": {name: [list(pair) for pair in self.pairs.get(name, [])] for name in LIST_NAMES},
        }


class Tables(list["Table"]):
    """The report's tables; printable as a whole with ``console.print(tables)``."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self


@dataclass(frozen=True)
class Report:
    """Scores of every article of a corpus and their micro-averaged aggregate, and of a track's timeline."""

    articles: tuple[ArticleScore, ...]
    timeline: TimelineScore | None = None

    def list_score(self, name: str) -> ListScore:
        """One list's counts summed over the articles."""
        return sum((article.lists[name] for article in self.articles), ListScore())

    @property
    def overall(self) -> ListScore:
        """Every list of every article, summed."""
        return sum((article.overall for article in self.articles), ListScore())

    def accuracy(self, name: str) -> Accuracy:
        """One accuracy (``"stance"``, ``"role"``, ``"resolved"``...) summed over the articles."""
        return sum((getattr(article, name) for article in self.articles), Accuracy())

    @property
    def shifts(self) -> ListScore:
        """Shifts (positions with a shift matched to gold positions with one) summed over the articles."""
        return sum((article.shifts for article in self.articles), ListScore())

    @property
    def grounding(self) -> Grounding:
        """Grounding outcomes summed over the articles."""
        return sum((article.grounding for article in self.articles), Grounding())

    @property
    def usage_total(self) -> Usage | None:
        """Usage summed over the articles that report it, or ``None`` if none does."""
        usages = [article.usage for article in self.articles if article.usage is not None]
        return sum(usages, Usage()) if usages else None

    @property
    def usage_per_article(self) -> dict[str, float] | None:
        """Mean calls and tokens per article that reports usage."""
        usages = [article.usage for article in self.articles if article.usage is not None]
        total = self.usage_total
        if total is None:
            return None
        return {key: round(value / len(usages), 2) for key, value in total.model_dump().items()}

    def as_dict(self) -> dict[str, object]:
        """JSON-able, keys in a fixed order: the aggregate first, then each article."""
        total = self.usage_total
        aggregate = {
            "articles": len(self.articles),
            "failed_articles": sum(1 for article in self.articles if article.error is not None),
            "is_negotiation_correct": sum(1 for article in self.articles if article.is_negotiation_correct),
            "overall": self.overall.as_dict(),
            "lists": {name: self.list_score(name).as_dict() for name in LIST_NAMES},
            "accuracy": {name: self.accuracy(name).as_dict() for name in _ACCURACIES},
            "shifts": self.shifts.as_dict(),
            "grounding": self.grounding.as_dict(),
            "usage_total": None if total is None else total.model_dump(),
            "usage_per_article": self.usage_per_article,
        }
        report: dict[str, object] = {
            "aggregate": aggregate,
            "articles": [article.as_dict() for article in self.articles],
        }
        if self.timeline is not None:
            report["timeline"] = self.timeline.as_dict()
        return report

    def render_table(self) -> Tables:
        """Precision/recall/F1 per list over the corpus, one row per article, and the timeline's scores."""
        tables = Tables([self._lists_table(), self._articles_table()])
        if self.timeline is not None:
            tables.append(self.timeline.render_table())
        return tables

    def _lists_table(self) -> Table:
        table = Table(title="Scores per list (micro-averaged over the corpus)")
        table.add_column("list")
        for column in ("matched", "predicted", "gold", "precision", "recall", "F1"):
            table.add_column(column, justify="right")
        rows = [(name, self.list_score(name)) for name in LIST_NAMES]
        rows += [("overall", self.overall), ("shifts (in positions)", self.shifts)]
        for index, (name, score) in enumerate(rows):
            table.add_row(
                name,
                str(score.matched),
                str(score.predicted),
                str(score.gold),
                _fmt(score.precision),
                _fmt(score.recall),
                _fmt(score.f1),
                end_section=index in (len(rows) - 3, len(rows) - 2),
            )
        accuracies = ", ".join(
            f"{name.replace('_', ' ')} {_fmt(self.accuracy(name).value)}" for name in _ACCURACIES
        )
        grounding = self.grounding
        table.caption = (
            f"accuracy on matched pairs: {accuracies}; grounding: {grounding.exact} exact, "
            f"{grounding.fuzzy} fuzzy, {grounding.failed} failed, {grounding.unchecked} unchecked"
        )
        return table

    def _articles_table(self) -> Table:
        table = Table(title="Scores per article")
        table.add_column("article")
        for column in ("P", "R", "F1", "stance", "response", "speaker", "grounded", "calls", "tokens"):
            table.add_column(column, justify="right")
        for article in self.articles:
            table.add_row(
                *_article_cells(article.article, article, article.usage),
                style="red" if article.error else None,
            )
        per_article = self.usage_per_article
        mean = (
            None
            if per_article is None
            else Usage(**{k: round(v) for k, v in per_article.items() if k != "total_tokens"})
        )
        table.add_section()
        table.add_row(*_article_cells("all (per-article usage: mean)", self, mean))
        failed = [article for article in self.articles if article.error]
        if failed:
            table.caption = "; ".join(f"{article.article}: {article.error}" for article in failed)
        return table


def _article_cells(label: str, scores: ArticleScore | Report, usage: Usage | None) -> list[str]:
    overall = scores.overall
    accuracies: Iterable[Accuracy] = (
        (getattr(scores, name) for name in _TABLE_ACCURACIES)
        if isinstance(scores, ArticleScore)
        else (scores.accuracy(name) for name in _TABLE_ACCURACIES)
    )
    grounding = scores.grounding
    grounded = _fmt(None if not grounding.total else (grounding.exact + grounding.fuzzy) / grounding.total)
    return [
        label,
        _fmt(overall.precision),
        _fmt(overall.recall),
        _fmt(overall.f1),
        *(_fmt(accuracy.value) for accuracy in accuracies),
        grounded,
        "-" if usage is None else str(usage.calls),
        "-" if usage is None else f"{usage.total_tokens:,}",
    ]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
