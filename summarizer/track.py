"""Following a negotiation over many articles: the library side of ``summarizer track``.

:func:`collect_track` reads what the command is given: article files (``*.txt``), saved results (the
``SummaryResult`` JSON that ``summarizer summarize`` writes) and folders of either, each with its date: a
``--date NAME=YYYY-MM-DD`` given for it, else the ``published`` field of its ``<name>.meta.json`` (beside
the article, or beside the saved result). :func:`summarize_track` summarizes the articles (through the
batch runner: the configured backend, concurrency and the result cache), and :func:`track_timeline` merges
everything in date order into a :class:`~summarizer.timeline.Timeline`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from pydantic import ValidationError

from ._decode import MAX_ARTICLE_BYTES, read_capped
from .article import Article, load_article, path_label, read_metadata
from .batch import SKIPPED_SUFFIXES, BatchInput, BatchReport, run_batch
from .errors import ArticleError
from .result import SummaryResult
from .timeline import DatedSummary, Timeline, build_timeline

__all__ = ["TrackItem", "collect_track", "parse_dates", "summarize_track", "track_timeline"]

MAX_SAVED_RESULT_BYTES = 10 * MAX_ARTICLE_BYTES
"""The largest saved result read: its quotes and spans come from an article of at most MAX_ARTICLE_BYTES."""

_NOT_RESULTS = (*SKIPPED_SUFFIXES, "timeline.gold.json")


@dataclass(frozen=True)
class TrackItem:
    """One article of a track: its key (the article's file name), date, text if known, and its result."""

    label: str
    key: str
    date: str
    path: Path
    article: Article | None = None
    result: SummaryResult | None = None


def parse_dates(pairs: Sequence[str]) -> dict[str, str]:
    """``["01-talks.txt=2027-02-02", ...]`` as a mapping; :class:`ArticleError` for a malformed one."""
    dates: dict[str, str] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name.strip():
            raise ArticleError(f"--date {pair!r}: expected NAME=YYYY-MM-DD")
        dates[name.strip()] = _iso_date(value.strip(), f"--date {pair}")
    return dates


def _iso_date(value: object, where: str) -> str:
    text = str(value)[:10] if value is not None else ""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ArticleError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def collect_track(
    paths: Sequence[str | Path], dates: Mapping[str, str] | None = None, *, encoding: str | None = None
) -> list[TrackItem]:
    """Every article and saved result named (folders: their ``*.txt``, else their result ``*.json``).

    Articles are read in ``encoding`` (``None``: detected, as :func:`~summarizer.article.load_article`
    does); a saved result's article is found again in ``encoding``, else in the one the result recorded.

    Raises :class:`ArticleError` for a missing input, an unreadable result, an article without a date, or
    the same article named twice.
    """
    given = dict(dates or {})
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            articles = sorted(p for p in path.rglob("*.txt") if p.is_file() and not _hidden(p, path))
            results = sorted(
                p
                for p in path.rglob("*.json")
                if p.is_file() and not _hidden(p, path) and not p.name.endswith(_NOT_RESULTS)
            )
            found = articles or results
            if not found:
                raise ArticleError(f"{path}: no articles (*.txt) or saved results (*.json) in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise ArticleError(f"{path}: not a regular file or folder")
        else:
            raise ArticleError(f"{path}: no such file or folder")
    items = [_item(path, given, encoding) for path in dict.fromkeys(files)]
    keys = [item.key for item in items]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ArticleError(f"the same article is named twice: {', '.join(twice)}")
    if not items:
        raise ArticleError("no articles to follow")
    unused = set(given) - {name for item in items for name in _names(item.path, item.key)}
    if unused:
        raise ArticleError(f"--date names no input: {', '.join(sorted(unused))}")
    return items


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _names(path: Path, key: str) -> tuple[str, ...]:
    return (str(path), path.name, path.stem, key, PurePath(key).stem)


def _item(path: Path, dates: Mapping[str, str], encoding: str | None) -> TrackItem:
    if path.suffix == ".json":
        result, article = _saved(path, encoding)
        key = PurePath(result.source).name if result.source else path.with_suffix(".txt").name
        metadata = article.metadata if article is not None else read_metadata(path)
        item = TrackItem(str(path), key, "", path, article, result)
    else:
        article = load_article(path, encoding=encoding)
        metadata = article.metadata
        item = TrackItem(str(path), path_label(path.name), "", path, article)
    chosen = next((dates[name] for name in _names(path, item.key) if name in dates), None)
    if chosen is None:
        published = metadata.get("published") or read_metadata(path).get("published")
        if published is None:
            raise ArticleError(
                f'{path}: no date: add a "published" field to {path.stem}.meta.json or pass '
                f"--date {path.name}=YYYY-MM-DD"
            )
        chosen = _iso_date(published, f"{path}: published")
    return replace(item, date=chosen)


def _saved(path: Path, encoding: str | None) -> tuple[SummaryResult, Article | None]:
    """A saved result and, when it can be found unchanged, the article it was made from."""
    try:
        with path.open("rb") as handle:
            raw = read_capped(handle, str(path), MAX_SAVED_RESULT_BYTES)
        result = SummaryResult.model_validate_json(raw)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror})") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]  # no place: the JSON itself is bad
        raise ArticleError(f"{path}: not a saved summary result ({detail})") from None
    candidates = [path.with_suffix(".txt")]
    if result.source:
        candidates[:0] = [Path(result.source), path.parent / PurePath(result.source).name]
    for candidate in candidates:
        if candidate.is_file():
            try:
                article = load_article(candidate, encoding=encoding or result.provenance.article_encoding)
            except ArticleError:
                continue
            if article.sha256 == result.provenance.article_sha256:
                return result, article
    return result, None


@dataclass(frozen=True)
class _ReadInput(BatchInput):
    """A batch input whose article :func:`collect_track` has already read, decoded and segmented."""

    article: Article | None = None

    def load(self) -> Article:
        """The article as it was read (read again only if it was not)."""
        return self.article if self.article is not None else super().load()


def summarize_track(
    items: Sequence[TrackItem],
    summarize: Callable[[Article], tuple[SummaryResult, bool]],
    *,
    concurrency: int = 4,
) -> tuple[list[TrackItem], BatchReport]:
    """The items with every article summarized (saved results are kept), and the batch's report.

    Items whose summarization failed are left out of the list; the report says why.
    """
    todo = [item for item in items if item.result is None]
    inputs = [
        _ReadInput(label=item.label, relative=PurePath(item.key), path=item.path, article=item.article)
        for item in todo
    ]
    report = run_batch(inputs, summarize, concurrency=concurrency) if inputs else BatchReport()
    done = {todo[outcome.index].key: outcome for outcome in report.outcomes if outcome.result is not None}
    summarized = []
    for item in items:
        if item.result is not None:
            summarized.append(item)
        elif item.key in done:
            outcome = done[item.key]
            summarized.append(replace(item, result=outcome.result, article=outcome.article or item.article))
    return summarized, report


def track_timeline(items: Sequence[TrackItem], *, title: str | None = None) -> Timeline:
    """The timeline of the summarized items, merged in date order."""
    dated = []
    for item in items:
        if item.result is None:
            raise ValueError(f"{item.label} has not been summarized")
        dated.append(
            DatedSummary(
                item.result.summary,
                article=item.key,
                date=item.date,
                headline=item.article.headline if item.article is not None else None,
                source=item.result.source or str(item.path),
                sha256=item.result.provenance.article_sha256,
            )
        )
    return build_timeline(dated, title=title)
