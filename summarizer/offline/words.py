"""Word lists and cue patterns kept as data: ``data/*.txt`` files of ``[section]`` lists, each with a line
that says where it comes from."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["patterns", "word_list"]


@lru_cache(maxsize=64)
def _sections(file: str) -> dict[str, tuple[str, ...]]:
    text = resources.files(__package__).joinpath("data", file).read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return {name: tuple(lines) for name, lines in sections.items()}


def patterns(file: str, section: str) -> tuple[str, ...]:
    """The lines of ``[section]`` in ``data/<file>``, one pattern each (``KeyError`` for a missing one)."""
    return _sections(file)[section]


def word_list(file: str, section: str) -> frozenset[str]:
    """The blank-separated words of ``[section]`` in ``data/<file>`` (``_`` stands for a blank inside one)."""
    return frozenset(word.replace("_", " ") for line in _sections(file)[section] for word in line.split())
