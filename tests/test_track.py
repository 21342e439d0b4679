"""Reading a track's inputs: saved results are read with a byte cap like articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import article as article_module
from summarizer import track
from summarizer.article import Article
from summarizer.backends import create_backend
from summarizer.config import Settings
from summarizer.errors import ArticleError
from summarizer.result import Extraction, SummaryResult
from summarizer.schema import NegotiationSummary

MERUNA = Path(__file__).resolve().parent.parent / "seeds" / "tracks" / "meruna-water-talks"


def test_an_oversized_saved_result_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(track, "MAX_SAVED_RESULT_BYTES", 1000)
    saved = tmp_path / "huge.json"
    saved.write_text('{"summary": "' + "x" * 5000 + '"}', encoding="utf-8")
    (tmp_path / "huge.meta.json").write_text('{"published": "2026-01-02"}', encoding="utf-8")
    with pytest.raises(ArticleError, match="over the limit of 1,000 bytes"):
        track.collect_track([saved])


def test_each_article_is_read_and_segmented_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """collect_track reads every article; summarize_track summarizes those, without reading them again."""
    reads: list[str | None] = []
    segmentations: list[int] = []
    from_bytes = Article.from_bytes.__func__  # type: ignore[attr-defined]
    segment = article_module._segment

    def counted_read(cls: type[Article], raw: bytes, **options: Any) -> Article:
        reads.append(options.get("source"))
        return from_bytes(cls, raw, **options)  # type: ignore[no-any-return]

    def counted_segment(text: str) -> Iterator[Any]:
        segmentations.append(len(text))
        return segment(text)  # type: ignore[no-any-return]

    monkeypatch.setattr(Article, "from_bytes", classmethod(counted_read))
    monkeypatch.setattr(article_module, "_segment", counted_segment)
    items = track.collect_track([MERUNA])
    assert len(reads) == len(segmentations) == len(items) == 6
    backend = create_backend(Settings(backend="offline"))
    nothing = NegotiationSummary(headline="Talks", abstract="Nothing was negotiated.", is_negotiation=False)

    def summarize(article: Article) -> tuple[SummaryResult, bool]:
        return backend.result(article, Extraction(nothing)), False

    summarized, report = track.summarize_track(items, summarize, concurrency=2)
    assert report.complete
    assert len(summarized) == len(items)
    assert len(reads) == len(segmentations) == len(items)
    assert all(one.article is item.article for one, item in zip(summarized, items, strict=True))
