"""Reading a track's inputs: saved results are read with a byte cap like articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import track
from summarizer.errors import ArticleError


def test_an_oversized_saved_result_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(track, "MAX_SAVED_RESULT_BYTES", 1000)
    saved = tmp_path / "huge.json"
    saved.write_text('{"summary": "' + "x" * 5000 + '"}', encoding="utf-8")
    (tmp_path / "huge.meta.json").write_text('{"published": "2026-01-02"}', encoding="utf-8")
    with pytest.raises(ArticleError, match="over the limit of 1,000 bytes"):
        track.collect_track([saved])
