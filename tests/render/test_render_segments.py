"""Cutting text into runs: contiguous, complete, and every span recoverable from its runs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarizer.render._segments import Run, Span, split_runs


@st.composite
def spans_over_text(draw: st.DrawFn) -> tuple[int, list[Span]]:
    length = draw(st.integers(min_value=0, max_value=60))
    count = draw(st.integers(min_value=0, max_value=8))
    spans = []
    for key in range(count):
        start = draw(st.integers(min_value=0, max_value=length))
        end = draw(st.integers(min_value=start, max_value=length))
        spans.append(Span(start, end, key))
    return length, spans


@given(spans_over_text())
def test_runs_tile_the_text_and_rebuild_every_span(case: tuple[int, list[Span]]) -> None:
    length, spans = case
    runs = split_runs(length, spans)
    assert [r.start for r in runs[1:]] == [r.end for r in runs[:-1]]
    if length:
        assert runs[0].start == 0
        assert runs[-1].end == length
    assert all(r.start < r.end for r in runs)
    for span in spans:
        covered = [r for r in runs if span.key in r.keys]
        if span.start == span.end:
            assert covered == []
            continue
        assert (covered[0].start, covered[-1].end) == (span.start, span.end)
        assert [r.start for r in covered[1:]] == [r.end for r in covered[:-1]], "a span's runs are contiguous"


@given(spans_over_text())
def test_keys_are_innermost_first(case: tuple[int, list[Span]]) -> None:
    length, spans = case
    size = {s.key: s.end - s.start for s in spans}
    for run in split_runs(length, spans):
        assert [size[k] for k in run.keys] == sorted(size[k] for k in run.keys)


def test_overlapping_and_nested_spans() -> None:
    #            0123456789
    runs = split_runs(10, [Span(1, 6, 0), Span(4, 9, 1), Span(2, 3, 2)])
    assert runs == [
        Run(0, 1, ()),
        Run(1, 2, (0,)),
        Run(2, 3, (2, 0)),
        Run(3, 4, (0,)),
        Run(4, 6, (0, 1)),
        Run(6, 9, (1,)),
        Run(9, 10, ()),
    ]


def test_spans_outside_the_text_are_ignored() -> None:
    assert split_runs(3, [Span(2, 5, 0), Span(-1, 1, 1)]) == [Run(0, 3, ())]
