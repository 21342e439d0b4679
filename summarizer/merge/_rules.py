"""When two items of one list say the same thing, and where two that are about the same thing disagree.

Each list has a :class:`Rule`:

- ``identity``: what must be equal (the kind of item is the list; then its parties and issue, ids already
  renamed to the merged ones). Lists of ids compare as sets.
- ``within``: lists of ids of which one item's must hold the other's; a later article may name fewer (it
  recalls "the four-year fill" of a plan on the fill and the flow), never more: a plan that takes in a new
  issue is a new plan.
- ``terms``: the item's free text that must be compatible (:func:`compatible_terms`), or ``None`` when the
  identity alone says it is the same thing (a party's position on an issue, the sticking point on an
  issue). Within one article, quotes that overlap say the same thing too.
- ``same_article_only``: only items of one article can be the same (a statement is one utterance).
- ``state``: what the item says about its subject (a stance, a status, each party's response): items that
  are the same thing but disagree on it are kept apart and marked as a conflict. Responses disagree when a
  party's answers in one item and in the other have nothing in common.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer._numbers import figures
from summarizer.align import content_words, jaccard, words
from summarizer.schema import Evidence

__all__ = ["RULES", "Rule", "compatible_terms", "numbers", "quotes_overlap", "same_person"]

MIN_WORD_JACCARD = 0.4
"""Texts without figures on both sides are compatible from this share of common content words."""


def numbers(text: str) -> frozenset[str]:
    """The figures a text names, in digits or words: ``"a four-year fill of 1,500"`` -> ``{"4", "1500"}``.

    A number and its value are read as the free-text check reads them (``summarizer._numbers.figures``):
    "twenty-five" is 25, "1.50" is 1.5, "G77" and "2.4.1" hold none; "one", "first" and "second" carry no
    figure ("no one", "one of the", "a second round").
    """
    return figures(text)


def compatible_terms(a: str, b: str) -> bool:
    """Whether two texts can describe the same thing.

    When both name figures, one's figures must all be among the other's ("four years" and "four years and
    600 cubic metres" agree, "four years" and "six years" do not). Otherwise the Jaccard similarity of their
    content words must reach :data:`MIN_WORD_JACCARD`.
    """
    figures_a, figures_b = numbers(a), numbers(b)
    if figures_a and figures_b:
        return figures_a <= figures_b or figures_b <= figures_a
    words_a, words_b = content_words(a), content_words(b)
    return jaccard(words_a, words_b) >= MIN_WORD_JACCARD


def _figures_clash(a: str, b: str) -> bool:
    figures_a, figures_b = numbers(a), numbers(b)
    return bool(figures_a and figures_b) and not (figures_a <= figures_b or figures_b <= figures_a)


def quotes_overlap(a: Sequence[Evidence], b: Sequence[Evidence]) -> bool:
    """Whether two evidence lists of one article quote overlapping words (or, without spans, a sentence)."""
    spans_a = [(e.start, e.end) for e in a if e.start is not None and e.end is not None]
    spans_b = [(e.start, e.end) for e in b if e.start is not None and e.end is not None]
    if len(spans_a) == len(a) and len(spans_b) == len(b):
        return any(sa < eb and sb < ea for sa, ea in spans_a for sb, eb in spans_b)
    return bool({i for e in a for i in e.sentence_ids} & {i for e in b for i in e.sentence_ids})


def _ids(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, list) else value


def _answers(item: Any) -> dict[str, set[str]]:
    """Each party's answers (a party may accept one part of a plan and reject another)."""
    answers: dict[str, set[str]] = {}
    for response in item.responses:
        answers.setdefault(response.party, set()).add(response.response)
    return answers


@dataclass(frozen=True)
class Rule:
    """How items of one list are told to be the same thing, and what they may disagree on."""

    identity: tuple[str, ...]
    terms: str | None = None
    within: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    same_article_only: bool = False
    same_speaker: bool = False

    def key(self, item: BaseModel) -> tuple[Any, ...]:
        """The values that must be equal for two items to be the same thing."""
        return tuple(_ids(getattr(item, name)) for name in self.identity)

    def same(self, a: BaseModel, b: BaseModel, *, one_article: bool, later: bool = False) -> bool:
        """Whether ``a`` and ``b`` (with equal keys) are the same thing.

        ``one_article``: both quote one article; ``later``: ``b`` is from a later date than ``a``.
        """
        if self.same_speaker and not same_person(getattr(a, "speaker"), getattr(b, "speaker")):  # noqa: B009
            return False
        for name in self.within:
            ids_a, ids_b = set(getattr(a, name)), set(getattr(b, name))
            if not ids_b <= ids_a and (later or not ids_a <= ids_b):
                return False
        terms_a = "" if self.terms is None else str(getattr(a, self.terms))
        terms_b = "" if self.terms is None else str(getattr(b, self.terms))
        if one_article and quotes_overlap(getattr(a, "evidence"), getattr(b, "evidence")):  # noqa: B009
            return not _figures_clash(terms_a, terms_b)
        if self.same_article_only:
            return False
        return self.terms is None or compatible_terms(terms_a, terms_b)

    def disagreement(self, a: BaseModel, b: BaseModel) -> tuple[str, ...]:
        """The state fields on which ``a`` and ``b`` differ (``None``, unknown, differs from nothing)."""
        differ = []
        for name in self.state:
            if name == "responses":
                answers_a, answers_b = _answers(a), _answers(b)
                common = answers_a.keys() & answers_b.keys()
                if any(not answers_a[party] & answers_b[party] for party in common):
                    differ.append(name)
            elif name == "shift":
                shift_a, shift_b = getattr(a, "shift"), getattr(b, "shift")  # noqa: B009
                if shift_a and shift_b and shift_a.previous_stance != shift_b.previous_stance:
                    differ.append(name)
            elif None not in (getattr(a, name), getattr(b, name)) and getattr(a, name) != getattr(b, name):
                differ.append(name)
        return tuple(differ)


def same_person(a: str, b: str) -> bool:
    """Whether two names name one person: equal, or one ending the other ("Kellen", "Dariusz Kellen")."""
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    return longer[len(longer) - len(shorter) :] == shorter


RULES: dict[str, Rule] = {
    "positions": Rule(("party", "issue"), state=("stance", "shift")),
    "demands": Rule(("party", "addressee", "issue"), "what", state=("responses",)),
    "concessions": Rule(("party", "beneficiary", "issue"), "what"),
    "proposals": Rule(("proposers",), "terms", within=("issues",), state=("status", "responses")),
    "agreements": Rule(("parties",), "terms", within=("issues",), state=("status",)),
    "sticking_points": Rule(("issue",), state=("resolved",)),
    "statements": Rule(("party",), state=("kind", "tone"), same_article_only=True, same_speaker=True),
    "next_steps": Rule(("parties",), "event", state=("when", "likelihood")),
}
"""The rule of every list but parties and issues (aligned first) and the outlook (one per summary)."""
