"""Scoring summaries against hand-made gold summaries, per article and over a corpus.

The corpus is every ``*.txt`` in a directory that has a ``<name>.gold.json`` beside it. A prediction is
matched to its gold summary list by list, one to one; the matching rules are documented in
:mod:`summarizer.evaluate.matching`, the scoring conventions in :mod:`summarizer.evaluate.report`.

Measured per article and over the corpus: precision, recall and F1 of each list and overall (micro);
accuracies on matched pairs: stance (positions), response (the gold responses of matched proposals and
demands), speaker (statements), tone (statements and the outlook), role (parties), agreement status
(agreements) and resolved (sticking points);
shift precision and recall (a predicted position with a shift matched to a gold position with a shift; not
part of the overall score); the grounding outcome of every predicted piece of evidence (exact / fuzzy /
failed, where failed means lenient grounding dropped it); and calls and tokens per article.

A track (a folder with a ``timeline.gold.json``, see ``seeds/tracks/README.md``) is also scored as a whole:
the timeline built from the predictions (:mod:`summarizer.timeline`) against the gold timeline, for
stance-over-time accuracy and shift recall (:mod:`summarizer.evaluate.timeline`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.errors import ConfigurationError, EvaluationError, SummarizerError, Usage
from summarizer.gold import gold_path, load_gold
from summarizer.grounding import ground_leniently
from summarizer.schema import NegotiationSummary, iter_evidence

from .matching import LIST_NAMES, match_summaries, response_agreement, same_speaker
from .report import Accuracy, ArticleScore, Grounding, ListScore, Report, Tables
from .timeline import TIMELINE_GOLD, TimelineScore, load_timeline_gold, score_timeline, timeline_of

if TYPE_CHECKING:
    from summarizer.article import Article
    from summarizer.result import SummaryResult

__all__ = [
    "LIST_NAMES",
    "Accuracy",
    "ArticleScore",
    "EvaluationError",
    "Grounding",
    "ListScore",
    "Report",
    "Tables",
    "TimelineScore",
    "corpus_articles",
    "evaluate_backend",
    "score_predictions",
    "score_summary",
    "score_timeline",
]

_EVIDENCE_PATH = re.compile(r"\.evidence\[\d+\]$")


def score_summary(
    predicted: NegotiationSummary,
    gold: NegotiationSummary,
    *,
    article: str = "",
    dropped: Iterable[str] = (),
    usage: Usage | None = None,
) -> ArticleScore:
    """Compare one predicted summary with its gold summary.

    ``dropped`` are the JSON paths lenient grounding removed (each ``...evidence[i]`` counts as failed
    evidence); ``usage`` is what producing the prediction cost.
    """
    alignment = match_summaries(predicted, gold)
    pairs = alignment.pairs
    lists = {
        name: ListScore(len(pairs[name]), len(getattr(predicted, name)), len(getattr(gold, name)))
        for name in LIST_NAMES
    }

    def accuracy(name: str, agrees: Callable[[Any, Any], bool]) -> Accuracy:
        items_p, items_g = getattr(predicted, name), getattr(gold, name)
        return Accuracy(sum(agrees(items_p[p], items_g[g]) for p, g in pairs[name]), len(pairs[name]))

    answered = [
        response_agreement(alignment, getattr(predicted, name)[p], getattr(gold, name)[g])
        for name in ("proposals", "demands")
        for p, g in pairs[name]
    ]
    shifts = ListScore(
        sum(
            predicted.positions[p].shift is not None and gold.positions[g].shift is not None
            for p, g in pairs["positions"]
        ),
        sum(position.shift is not None for position in predicted.positions),
        sum(position.shift is not None for position in gold.positions),
    )
    tones = [predicted.statements[p].tone == gold.statements[g].tone for p, g in pairs["statements"]]
    if predicted.outlook is not None and gold.outlook is not None:
        tones.append(predicted.outlook.tone == gold.outlook.tone)
    return ArticleScore(
        article=article,
        lists=lists,
        stance=accuracy("positions", lambda p, g: p.stance == g.stance),
        response=Accuracy(sum(c for c, _ in answered), sum(t for _, t in answered)),
        speaker=accuracy("statements", lambda p, g: same_speaker(p.speaker, g.speaker)),
        tone=Accuracy(sum(tones), len(tones)),
        role=accuracy("parties", lambda p, g: p.role == g.role),
        agreement_status=accuracy("agreements", lambda p, g: p.status == g.status),
        resolved=accuracy("sticking_points", lambda p, g: p.resolved == g.resolved),
        shifts=shifts,
        grounding=_grounding(predicted, dropped),
        usage=usage,
        is_negotiation_correct=predicted.is_negotiation == gold.is_negotiation,
        pairs=pairs,
    )


def _grounding(summary: NegotiationSummary, dropped: Iterable[str]) -> Grounding:
    matches = [evidence.match for _, evidence in iter_evidence(summary)]
    return Grounding(
        exact=matches.count("exact"),
        fuzzy=matches.count("fuzzy"),
        failed=sum(1 for path in dropped if _EVIDENCE_PATH.search(path)),
        unchecked=matches.count(None),
    )


def _failed(
    article: str,
    gold: NegotiationSummary,
    error: str,
    usage: Usage | None = None,
    failure: BaseException | None = None,
) -> ArticleScore:
    """The score of an article without a usable prediction: a failure, never an empty prediction's credit.

    Every gold item (and every gold shift) is missed, every list scores 0.0 (even an empty gold list: see
    ``ListScore.failed``), and ``is_negotiation`` counts as wrong.
    """
    lists = {name: ListScore(0, 0, len(getattr(gold, name)), failed=1) for name in LIST_NAMES}
    shifts = ListScore(0, 0, sum(position.shift is not None for position in gold.positions), failed=1)
    return ArticleScore(
        article=article,
        lists=lists,
        shifts=shifts,
        usage=usage,
        error=error,
        is_negotiation_correct=False,
        failure=failure,
    )


def corpus_articles(corpus_dir: Path) -> list[Path]:
    """Every ``*.txt`` in ``corpus_dir`` with a ``.gold.json`` beside it, sorted by name."""
    if not corpus_dir.is_dir():
        raise EvaluationError(f"{corpus_dir}: no such directory")
    articles = sorted(path for path in corpus_dir.glob("*.txt") if gold_path(path).is_file())
    if not articles:
        raise EvaluationError(f"{corpus_dir}: no article (*.txt) with a .gold.json beside it")
    return articles


def _load_gold(article_path: Path) -> tuple[Article, NegotiationSummary]:
    try:
        return load_gold(article_path)
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise EvaluationError(f"{gold_path(article_path)}: not a valid gold summary: {exc}") from exc


def _usage_counts(usage: Any) -> Usage | None:
    """Calls and tokens from a :class:`Usage` or its saved JSON."""
    if usage is None or isinstance(usage, Usage):
        return usage
    return Usage.model_validate(usage)


def _read_prediction(path: Path, article: Article) -> tuple[NegotiationSummary, list[str], Usage | None]:
    """A saved SummaryResult's JSON, or a bare summary's; ungrounded evidence is grounded leniently."""
    data = json.loads(path.read_text(encoding="utf-8"))
    usage = None
    dropped: list[str] = []
    if isinstance(data, dict) and "summary" in data:
        expected = (data.get("provenance") or {}).get("article_sha256")
        if expected and expected != article.sha256:
            raise ValueError("it was made from a different text of the article (article_sha256 differs)")
        usage = _usage_counts(data.get("usage"))
        dropped = [str(item.get("path", "")) for item in data.get("dropped") or [] if isinstance(item, dict)]
        data = data["summary"]
    summary = NegotiationSummary.model_validate(data)
    if any(evidence.match is None for _, evidence in iter_evidence(summary)):
        summary, removed = ground_leniently(summary, article)
        dropped += [item.path for item in removed]
    return summary, dropped, usage


def score_predictions(predictions_dir: Path, corpus_dir: Path, *, timeline: bool | None = None) -> Report:
    """Score saved predictions (``<article stem>.json`` in ``predictions_dir``) against the gold files.

    A missing or unreadable prediction is reported as that article's error and scores as an empty prediction.
    ``timeline``: also score the timeline of the predictions against the track's gold timeline (by default
    when ``corpus_dir`` has a ``timeline.gold.json``).
    """
    if not predictions_dir.is_dir():
        raise EvaluationError(f"{predictions_dir}: no such directory")
    gold_timeline = _gold_timeline(corpus_dir, timeline)
    scores = []
    summaries: dict[str, NegotiationSummary] = {}
    for article_path in corpus_articles(corpus_dir):
        article, gold = _load_gold(article_path)
        name = article_path.stem
        prediction = predictions_dir / f"{name}.json"
        if not prediction.is_file():
            scores.append(_failed(name, gold, f"no prediction ({prediction.name} is missing)"))
            continue
        try:
            summary, dropped, usage = _read_prediction(prediction, article)
        except (OSError, ValueError) as exc:
            message = _one_line(exc)
            scores.append(_failed(name, gold, f"unusable prediction {prediction.name}: {message}"))
            continue
        summaries[article_path.name] = summary
        scores.append(score_summary(summary, gold, article=name, dropped=dropped, usage=usage))
    return Report(tuple(scores), timeline=_timeline_score(gold_timeline, summaries))


def evaluate_backend(
    corpus_dir: Path, *, summarize: Callable[[Path], SummaryResult], timeline: bool | None = None
) -> Report:
    """Summarize every corpus article with ``summarize`` and score the results.

    An article whose summarization raises a :class:`SummarizerError` is reported with that error (its
    message as ``error``, the exception as ``failure``, and the usage it carries) and scores 0; a
    :class:`ConfigurationError` stops the run.
    ``timeline``: also score the timeline of the results (see :func:`score_predictions`).
    """
    gold_timeline = _gold_timeline(corpus_dir, timeline)
    scores = []
    summaries: dict[str, NegotiationSummary] = {}
    for article_path in corpus_articles(corpus_dir):
        _, gold = _load_gold(article_path)
        name = article_path.stem
        try:
            result = summarize(article_path)
        except ConfigurationError:
            raise
        except SummarizerError as exc:
            usage = _usage_counts(getattr(exc, "usage", None))
            scores.append(_failed(name, gold, _one_line(exc), usage, failure=exc))
            continue
        dropped = [item.path for item in result.dropped]
        summaries[article_path.name] = result.summary
        scores.append(
            score_summary(
                result.summary, gold, article=name, dropped=dropped, usage=_usage_counts(result.usage)
            )
        )
    return Report(tuple(scores), timeline=_timeline_score(gold_timeline, summaries))


def _gold_timeline(corpus_dir: Path, wanted: bool | None) -> dict[str, Any] | None:
    """The gold timeline when it is asked for, or by default when the folder has one."""
    if wanted is None:
        wanted = (corpus_dir / TIMELINE_GOLD).is_file()
    return load_timeline_gold(corpus_dir) if wanted else None


def _timeline_score(
    gold: dict[str, Any] | None, summaries: dict[str, NegotiationSummary]
) -> TimelineScore | None:
    """The score of the summaries' timeline against the gold timeline, if there is one."""
    return None if gold is None else score_timeline(timeline_of(gold, summaries), gold)


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."
