"""Whether a future marker governs an event word in a parsed sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

__all__ = ["governs", "token_at"]

# Dependencies that open a clause of their own: a marker inside one says nothing of the words outside it
# ("what might lie ahead" is about what lies ahead, not about the deal the sentence mentions).
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "csubj", "csubjpass", "parataxis", "pcomp", "acl"})
# Markers that qualify the word they hang on ("will meet", "if they meet", "a possible deal", "is likely").
_MODIFIER_DEPS = frozenset({"aux", "auxpass", "mark", "amod", "advmod", "acomp", "neg", "npadvmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def token_at(parsed: SpacyDoc, offset: int) -> Token | None:
    """The token of ``parsed`` that covers character ``offset`` of its text."""
    for token in parsed:
        if token.idx <= offset < token.idx + len(token.text) and not token.is_space:
            return token
    return None


def _clause_root(token: Token) -> Token:
    """The head of the clause ``token`` belongs to: climb until a clause of its own or the root."""
    while token.head.i != token.i and not _opens_clause(token):
        token = token.head
    return token


def _opens_clause(token: Token) -> bool:
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False  # a purpose ("would travel next week to meet them") belongs to its verb's clause
    if token.dep_ in _CLAUSE_DEPS:
        return True
    # "X will meet Y and Z voted against it": a conjunct with its own subject is a clause of its own
    return token.dep_ == "conj" and any(child.dep_ in _SUBJECT_DEPS for child in token.children)


def governs(marker: Token, event: Token) -> bool:
    """Whether future ``marker`` speaks of ``event``: the event is in the marker's clause, under the word the
    marker qualifies ("the talks could resume", "a summit is likely", "a vote is expected") or is the noun
    a clause with the marker describes ("talks that could resume")."""
    governor = marker.head if marker.dep_ in _MODIFIER_DEPS else marker
    if governor.dep_ in ("relcl", "acl") and governor.head.i == event.i:
        return True
    if event.i != governor.i and not event.is_ancestor(governor) and not governor.is_ancestor(event):
        return False
    if governor.is_ancestor(event) or event.i == governor.i:
        return _clause_root(event).i == _clause_root(governor).i
    # the event heads the marker's word ("the meeting, expected next week"): only within one clause
    return _clause_root(governor).i == _clause_root(event).i and governor.dep_ not in _CLAUSE_DEPS
