"""Tokens with offsets, and the phrase keys that dictionaries and articles are matched on.

A phrase key is the lower-cased word tokens of a phrase joined by single spaces, with dotted abbreviations
undotted (``U.S.`` -> ``us``), apostrophes and possessive ``'s`` dropped and hyphens kept as their own
token. The dictionary builder and the runtime matcher both use :func:`phrase_key`, so they always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FUNCTION_WORDS",
    "Token",
    "fold",
    "phrase_key",
    "tokenize",
    "word_set",
]

_FOLD = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"})


def fold(text: str) -> str:
    """Lower-case ``text`` with quote marks and dashes made ASCII; same length, so offsets still hold."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else "".join(c.lower()[:1] or c for c in folded)


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|[^\W_]+(?P<possessive>['’][sS](?![^\W_])|(?<=[sS])['’](?![^\W_]))?|\S"
)
_APOSTROPHES = frozenset("'’‘`´")


def word_set(text: str) -> frozenset[str]:
    """The blank-separated words of ``text`` as a set (for word lists written as one string)."""
    return frozenset(text.split())


FUNCTION_WORDS = word_set(
    "the of and for de del da du la le al el von van der den bin ibn on in to at a an - & ' ’"
)
"""Words that may stay lower-case inside a proper name ("Bank of England", "the White House")."""


@dataclass(slots=True)
class Token:
    """One token: its text, its key form, its offsets in the text it came from, and a possessive flag.

    ``is_word`` (a word or number, not punctuation) and ``is_capitalized`` are computed once, when tokenising.
    """

    text: str
    norm: str
    start: int
    end: int
    possessive: bool = False
    is_word: bool = False
    is_capitalized: bool = False


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens whose offsets are ``offset`` plus their index in ``text``.

    A possessive ``'s`` (or a bare trailing apostrophe after ``s``) is folded into the preceding token's
    ``possessive`` flag; other apostrophes are dropped.
    """
    tokens: list[Token] = []
    append = tokens.append
    lower = text.lower()
    same_length = len(lower) == len(text)
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        suffix = match.group("possessive")
        if suffix:
            end -= len(suffix)
        piece = text[start:end]
        first = piece[0]
        if first.isalnum():
            norm = lower[start:end] if same_length else piece.lower()
            if "." in norm:
                norm = norm.replace(".", "")
            append(Token(piece, norm, start + offset, end + offset, bool(suffix), True, first.isupper()))
        elif piece not in _APOSTROPHES:
            append(Token(piece, piece, start + offset, end + offset, False, False, False))
    return tokens


@lru_cache(maxsize=65536)
def phrase_key(text: str) -> str:
    """The key under which a phrase is stored and looked up: ``"the U.S. Army's"`` -> ``"the us army"``."""
    return " ".join(token.norm for token in tokenize(text.replace("_", " ")))
