"""Token-level tests the actor finder builds on: capitalisation, name shapes, titles in apposition."""

from __future__ import annotations

from .lexicon import Lexicon
from .pipeline import verb_lemmas
from .text import FUNCTION_WORDS, Token, word_set
from .words import word_list

__all__ = [
    "COLLECTIVE_HEADS",
    "LOCATIVE",
    "NOT_TITLE_WORDS",
    "SPEECH_CUES",
    "appositive_role",
    "capital_runs",
    "capitalised",
    "is_locative",
    "name_like",
    "parenthesised_acronym",
    "reversed_appositive",
    "speech_adjacent",
    "title_case",
]

LOCATIVE = word_set("in at near from across into outside around throughout inside within")
"""Prepositions before a place that make it a location rather than an actor."""
SPEECH_CUES = word_list("attribution.txt", "speech")
"""Speech verbs (lemmas; every inflection counts) next to which an unknown capitalised name is a person."""
COLLECTIVE_HEADS = word_list("names.txt", "collective_heads")
"""Nouns for the body around a person ("the government of President X"): no part of the person's title."""
NOT_TITLE_WORDS = word_list("names.txt", "not_title_words")
"""Prepositions and determiners the agent dictionary holds inside phrases, which never make a title."""
_CLAUSE_OPENERS = word_list("names.txt", "clause_openers")
_CLAUSE_CUTTERS = word_list("names.txt", "clause_cutters")
_SPEECH_FORMS = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes"})


def title_case(tokens: tuple[Token, ...]) -> bool:
    """Whether a sentence is written in Title Case (a headline or crosshead), where capitals prove nothing."""
    words = [t for t in tokens if t.is_word and t.text[0].isalpha()]
    capitals = sum(1 for t in words if t.is_capitalized)
    return len(words) >= 5 and capitals > 0.7 * len(words)


def capitalised(tokens: tuple[Token, ...], i: int, length: int) -> bool:
    """Whether ``length`` tokens from ``i`` are written as a name ("US" in capitals, not the pronoun "us")."""
    words = [t for t in tokens[i : i + length] if t.is_word]
    if not words or not words[0].is_capitalized:
        return False
    if length == 1 and len(words[0].norm) <= 3:
        return words[0].text.isupper() or "." in words[0].text
    return all(t.is_capitalized or t.norm in FUNCTION_WORDS or t.text[0].isdigit() for t in words)


def name_like(token: Token, lexicon: Lexicon) -> bool:
    """Whether a token looks like part of a person's name: capitalised, not a role or function word."""
    return (
        token.is_word
        and token.is_capitalized
        and token.text[1:].islower()
        and token.norm not in FUNCTION_WORDS
        and not lexicon.is_role_word(token.norm)
        and token.norm not in lexicon.title_words
    )


def is_locative(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether the place at token ``i`` is only where something happens ("in Geneva")."""
    k = i - 1
    if k >= 0 and tokens[k].norm == "the":
        k -= 1
    return k >= 0 and tokens[k].norm in LOCATIVE


def capital_runs(tokens: tuple[Token, ...], covered: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised, uncovered words (with "of", "and", "the" inside), as token ranges."""
    runs, i, n = [], 0, len(tokens)
    while i < n:
        if (
            covered[i]
            or not tokens[i].is_word
            or not tokens[i].is_capitalized
            or tokens[i].norm in FUNCTION_WORDS
        ):
            i += 1
            continue
        j = i + 1
        while j < n and not covered[j]:
            t = tokens[j]
            if (t.is_word and t.is_capitalized) or (
                t.norm in ("of", "and", "for", "the", "-") and j + 1 < n and tokens[j + 1].is_capitalized
            ):
                j += 1
            else:
                break
        while j > i and not tokens[j - 1].is_capitalized:
            j -= 1
        runs.append((i, j))
        i = max(j, i + 1)
    return runs


def parenthesised_acronym(tokens: tuple[Token, ...], j: int) -> str | None:
    """The key of "(FCF)" right after a name that ends before token ``j``, if there is one."""
    if (
        j + 2 < len(tokens)
        and tokens[j].text == "("
        and tokens[j + 2].text == ")"
        and tokens[j + 1].text.isupper()
    ):
        return tokens[j + 1].norm
    return None


def speech_adjacent(tokens: tuple[Token, ...], i: int, j: int) -> bool:
    """Whether the words ``i:j`` stand right before or after a speech verb ("Lopez said", "said Lopez")."""
    forms = verb_lemmas(SPEECH_CUES)
    after = tokens[j].norm if j < len(tokens) else ""
    before = tokens[i - 1].norm if i > 0 else ""
    return after in forms or before in forms


def appositive_role(tokens: tuple[Token, ...], j: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """Token range of ", the union's general secretary," right after a name, if it names a role.

    The apposition is a noun phrase: it does not open with a word that starts a clause or an adverbial
    (", especially when ...", ", these people said,"), holds no speech verb, and ends before a relative
    clause or a participle ("a businessman arrested in ...", "an adviser who ...") and a dangling "of".
    """
    if j >= len(tokens) or tokens[j].text != ",":
        return None
    k = j + 1
    while k < len(tokens) and k - j <= 9 and tokens[k].text not in (",", ";", ".", "(", ")", "“", "”", '"'):
        k += 1
    if k == j + 1 or not any(lexicon.is_role_word(t.norm) for t in tokens[j + 1 : k]):
        return None
    if tokens[j + 1].norm in NOT_TITLE_WORDS or tokens[j + 1].norm in _CLAUSE_OPENERS:
        return None
    if any(t.norm in _SPEECH_FORMS or t.norm == "or" for t in tokens[j + 1 : k]):
        return None  # ", these people said,", ", his business or his family,": no title
    role_seen = False
    for m in range(j + 1, k):
        norm = tokens[m].norm
        if role_seen and (norm in _CLAUSE_CUTTERS or _participle_like(tokens[m], lexicon)):
            k = m
            break
        role_seen = role_seen or lexicon.is_role_word(norm)
    while k > j + 1 and tokens[k - 1].norm in FUNCTION_WORDS:
        k -= 1
    if k == j + 1 or not any(lexicon.is_role_word(t.norm) for t in tokens[j + 1 : k]):
        return None
    return j + 1, k


def _participle_like(token: Token, lexicon: Lexicon) -> bool:
    """A lower-case "-ed" or "-ing" word that is no role or title ("arrested", "running")."""
    norm = token.norm
    return (
        token.text[:1].islower()
        and norm.endswith(("ed", "ing"))
        and not lexicon.is_role_word(norm)
        and norm not in lexicon.title_words
    )


def reversed_appositive(tokens: tuple[Token, ...], i: int, lexicon: Lexicon) -> bool:
    """ "Moldara's president, Radomir Kelbas": a role, a comma, then the name."""
    return i >= 2 and tokens[i - 1].text == "," and lexicon.is_role_word(tokens[i - 2].norm)
