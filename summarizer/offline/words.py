"""Word lists kept as data: ``data/*.txt`` files of ``[section]`` lists, each saying where it comes from."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["word_list"]


@lru_cache(maxsize=64)
def _sections(file: str) -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("data", file).read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.update(word.replace("_", " ") for word in line.split())
    return {name: frozenset(words) for name, words in sections.items()}


def word_list(file: str, section: str) -> frozenset[str]:
    """The words of ``[section]`` in ``data/<file>`` (a ``KeyError`` names a missing section)."""
    return _sections(file)[section]
