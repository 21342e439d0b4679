"""Cutting a text into runs so that overlapping spans can be highlighted without nesting tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Run", "Span", "split_runs"]


@dataclass(frozen=True)
class Span:
    """A highlighted range ``text[start:end]`` (Python string indices) and its key."""

    start: int
    end: int
    key: int


@dataclass(frozen=True)
class Run:
    """A stretch of text covered by the same spans; ``keys`` lists them innermost (shortest) first."""

    start: int
    end: int
    keys: tuple[int, ...]


def split_runs(length: int, spans: Iterable[Span]) -> list[Run]:
    """Cut ``range(length)`` at every span boundary; each run knows which spans cover it.

    Empty spans are ignored. The runs are contiguous, cover the whole text, and the runs that carry a
    span's key join up to exactly that span, however the spans overlap or nest.
    """
    live = [span for span in spans if 0 <= span.start < span.end <= length]
    cuts = sorted({0, length, *(s.start for s in live), *(s.end for s in live)})
    # Sorting once by (length, key) makes every run's key tuple innermost-first.
    ordered = sorted(live, key=lambda s: (s.end - s.start, s.key))
    runs: list[Run] = []
    for start, end in pairwise(cuts):
        keys = tuple(s.key for s in ordered if s.start <= start and end <= s.end)
        runs.append(Run(start, end, keys))
    return runs
