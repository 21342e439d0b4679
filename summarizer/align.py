"""Telling whether two names, parties or issues are the same, and pairing things one to one.

Shared by the merge of summaries (:mod:`summarizer.merge`) and the evaluation
(:mod:`summarizer.evaluate.matching`, whose module documentation states the rules). Imports only the schema.

- :func:`name_key`: names and ids in normal form (slug, a leading "the" dropped, plurals stemmed).
- :func:`party_score` and :func:`issue_score`: how surely two parties or issues are the same (0: not).
- :func:`evidence_overlap`: how much two evidence lists of the same article overlap.
- :func:`assign`: the one-to-one pairs with the largest summed score (Hungarian algorithm).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .schema import Evidence, Issue, Party, slugify

__all__ = [
    "STOP_WORDS",
    "Pair",
    "assign",
    "content_words",
    "evidence_overlap",
    "issue_score",
    "jaccard",
    "name_key",
    "name_keys",
    "party_score",
    "same_speaker",
    "words",
]

STOP_WORDS = frozenset(
    ("the", "a", "an", "of", "for", "and", "on", "to", "in", "with", "over", "about", "by")
)
"""Words left out when the words of two labels are compared."""

MIN_JACCARD = 0.5
MIN_ISSUE_OVERLAP = 0.5

Pair = tuple[int, int]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(value: str) -> list[str]:
    """The words of a name in normal form: slugified, stemmed, a leading "the" dropped."""
    slug = slugify(value)
    found = [_stem(word) for word in str(slug).split("-") if word]
    if len(found) > 1 and found[0] == "the":
        found = found[1:]
    return found


def name_key(value: str) -> str:
    """The form names and ids are compared in: ``"The Security_Guarantees"`` -> ``security-guarantee``."""
    return "-".join(words(value))


def name_keys(names: Iterable[str]) -> set[str]:
    """The keys of several names, each also without its hyphens ("al-shabaab" and "alshabaab")."""
    keys: set[str] = set()
    for name in names:
        key = name_key(name)
        if key:
            keys.update((key, key.replace("-", "")))
    return keys


def content_words(value: str) -> frozenset[str]:
    """The words of a label without stop words (all of them if nothing else is left)."""
    found = words(value)
    return frozenset(word for word in found if word not in STOP_WORDS) or frozenset(found)


def jaccard(a: Iterable[object], b: Iterable[object]) -> float:
    """Size of the intersection over size of the union (0.0 for two empty sets)."""
    set_a, set_b = set(a), set(b)
    union = set_a | set_b
    return len(set_a & set_b) / len(union) if union else 0.0


def same_speaker(predicted: str, gold: str) -> bool:
    """Whether two speaker names name the same person: equal, or the same last word ("Witkoff")."""
    a, b = words(predicted), words(gold)
    return bool(a and b) and (a == b or a[-1] == b[-1])


def _positions(evidence: Sequence[Evidence]) -> set[int] | None:
    spans = [(e.start, e.end) for e in evidence if e.start is not None and e.end is not None]
    if len(spans) < len(evidence):
        return None
    return {i for start, end in spans for i in range(start, end)}


def evidence_overlap(predicted: Sequence[Evidence], gold: Sequence[Evidence]) -> tuple[bool, float]:
    """Whether two evidence lists of one article overlap at all, and how much (0-1).

    The Jaccard similarity of the cited sentence-id sets, averaged with that of the character spans (as
    sets of positions) when both lists have spans; they overlap when they share a sentence or a character.
    """
    sentences_a = {i for e in predicted for i in e.sentence_ids}
    sentences_b = {i for e in gold for i in e.sentence_ids}
    sentence_score = jaccard(sentences_a, sentences_b)
    chars_a, chars_b = _positions(predicted), _positions(gold)
    if chars_a is None or chars_b is None:
        return bool(sentences_a & sentences_b), sentence_score
    char_score = jaccard(chars_a, chars_b)
    return bool(sentences_a & sentences_b) or char_score > 0, (sentence_score + char_score) / 2


def assign(scores: Sequence[Sequence[float]]) -> list[Pair]:
    """The one-to-one (row, column) pairs with the largest summed score; pairs scoring <= 0 are left out."""
    rows = len(scores)
    columns = len(scores[0]) if rows else 0
    if not rows or not columns:
        return []
    if rows > columns:
        transposed = [[scores[r][c] for r in range(rows)] for c in range(columns)]
        return sorted((r, c) for c, r in assign(transposed))
    # Kuhn-Munkres with potentials on costs = -score, rows <= columns; 1-based with 0 as a sentinel.
    infinity = float("inf")
    row_potential = [0.0] * (rows + 1)
    column_potential = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        current = 0
        slack = [infinity] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[current] = True
            active = owner[current]
            delta, nearest = infinity, 0
            for column in range(1, columns + 1):
                if used[column]:
                    continue
                reduced = -scores[active - 1][column - 1] - row_potential[active] - column_potential[column]
                if reduced < slack[column]:
                    slack[column], way[column] = reduced, current
                if slack[column] < delta:
                    delta, nearest = slack[column], column
            for column in range(columns + 1):
                if used[column]:
                    row_potential[owner[column]] += delta
                    column_potential[column] -= delta
                else:
                    slack[column] -= delta
            current = nearest
            if owner[current] == 0:
                break
        while current:
            previous = way[current]
            owner[current] = owner[previous]
            current = previous
    pairs = [(owner[column] - 1, column - 1) for column in range(1, columns + 1) if owner[column]]
    return sorted((r, c) for r, c in pairs if scores[r][c] > 0)


def party_score(a: Party, b: Party) -> float:
    """3 for the same id, 2 for a shared id, name or alias, 1 for a shared representative, else 0."""
    if name_key(a.id) == name_key(b.id):
        return 3.0
    if name_keys([a.id, a.name, *a.aliases]) & name_keys([b.id, b.name, *b.aliases]):
        return 2.0
    if any(same_speaker(x.name, y.name) for x in a.representatives for y in b.representatives):
        return 1.0
    return 0.0


def issue_score(a: Issue, b: Issue, *, same_article: bool = True) -> float:
    """3 for the same id, 2 for a shared id or label, ``1 + J`` for labels alike in their words, else 0.

    Within one article (``same_article``), issues whose evidence overlaps by at least half also score
    ``1 + overlap``; sentence ids of different articles say nothing about each other.
    """
    if name_key(a.id) == name_key(b.id):
        return 3.0
    if name_keys([a.id, a.label]) & name_keys([b.id, b.label]):
        return 2.0
    similarity = max(
        jaccard(content_words(x), content_words(y)) for x in (a.id, a.label) for y in (b.id, b.label)
    )
    if similarity >= MIN_JACCARD:
        return 1.0 + similarity
    if not same_article:
        return 0.0
    overlap = evidence_overlap(a.evidence, b.evidence)[1]
    return 1.0 + overlap if overlap >= MIN_ISSUE_OVERLAP else 0.0
