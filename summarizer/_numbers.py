"""What a number is in text: the one reader the free-text check and the merge of summaries share.

A *number* is a written one (``4,100``, ``1.2``, ``70%``, ``12th``, the ``16`` of ``F-16``), not glued to
a word (``G77`` is a name) and not part of a dotted run (``127.0.0.1``, ``2.4.1`` are addresses and versions),
or a spelled one (``ten``, ``sixth``, ``twenty-five``, ``ninetieth``). Its value is canonical: ``1,500`` and
``1500`` are ``1500``, ``1.50`` is ``1.5``. Spelled numbers that are pronouns, idioms or scales far more often
than counts ("one of them", "first", "a second round", "hundreds") can be left out: a summary may use them
without the article counting anything, and two texts that use them need not name the same figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

__all__ = ["NOT_COUNTS", "SPELLED", "WORD", "canonical", "figures", "number_values"]

WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_](?:&[^\W\d_])+\b|[^\W_]+(?:'[^\W_]+)*")
"""A word: an abbreviation ("U.S.", "R&D") taken whole, else a run of letters and digits with inner
apostrophes (a spelled number is one such word)."""

# Each pattern that must start with a digit or a letter says so first, in a lookahead: the engine then skips
# every other position at once instead of trying its lookbehind and alternatives there (2-3 times faster).
_NUMBER = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![.,]?\d)(?!\.\d)")
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}")


def _listed(words: str) -> list[str]:
    return words.split()


_UNITS = _listed("zero one two three four five six seven eight nine")
_TEENS = _listed("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = _listed("twenty thirty forty fifty sixty seventy eighty ninety")
_ORDINALS = _listed(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
)
SPELLED: dict[str, int] = (
    {word: n for n, word in enumerate(_UNITS)}
    | {word: n + 10 for n, word in enumerate(_TEENS)}
    | {word: 20 + 10 * n for n, word in enumerate(_TENS)}
    | {word: n for n, word in enumerate(_ORDINALS)}
    | {word.removesuffix("y") + "ieth": 20 + 10 * n for n, word in enumerate(_TENS)}
    | {"hundred": 100, "hundredth": 100, "thousand": 1000, "thousandth": 1000}
)
"""Every spelled number word, lower-case, with its value."""
_TENS_INITIALS = "".join(sorted({tens[0] for tens in _TENS}))
_SPELLED_COMPOUND = re.compile(
    rf"(?=[{_TENS_INITIALS}])\b({'|'.join(_TENS)})[- ]({'|'.join(_UNITS[1:])}|{'|'.join(_ORDINALS[1:10])})\b",
    re.IGNORECASE,
)
NOT_COUNTS = frozenset({"zero", "zeroth", "one", "first", "second", "hundred", "hundredth", "thousand"})
"""Spelled numbers that are pronouns, idioms or scales far more often than counts."""


def canonical(number: str) -> str:
    """A written number's value as one string: ``1,500`` -> ``1500``, ``1.50`` -> ``1.5``."""
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return number
    return format(value.normalize(), "f")


def number_values(
    text: str, words: Iterable[re.Match[str]] | None = None, *, counts_only: bool = False
) -> Iterator[tuple[str, str]]:
    """Every number in ``text`` as (its canonical value, the words that wrote it).

    ``words`` are ``text``'s :data:`WORD` matches when the caller has them already; ``counts_only`` leaves
    out :data:`NOT_COUNTS`.
    """
    for match in _NUMBER.finditer(_DOTTED.sub(" ", text)):
        whole = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
        yield canonical(whole), match.group(0)
    compounds: set[int] = set()
    for match in _SPELLED_COMPOUND.finditer(text):
        tens, unit = match.group(1).lower(), match.group(2).lower()
        compounds.update((match.start(1), match.start(2)))
        yield str(SPELLED[tens] + SPELLED[unit]), match.group(0)
    for match in WORD.finditer(text) if words is None else words:
        word = match.group().lower()
        if word not in SPELLED or match.start() in compounds:
            continue
        if counts_only and word in NOT_COUNTS:
            continue
        yield str(SPELLED[word]), match.group()


def figures(text: str) -> frozenset[str]:
    """The values of the numbers ``text`` counts with (:data:`NOT_COUNTS` left out)."""
    return frozenset(value for value, _ in number_values(text, counts_only=True))
