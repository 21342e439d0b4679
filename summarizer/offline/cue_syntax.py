"""What the parse says about a cue word the act rules found by its spelling: a noun or a verb, whose stance
it can carry, whether an answer verb takes it, and who is the subject of a participle or a pronoun.

Every function takes the parsed token at the cue (None when the sentence was not parsed) and says what the
rules should assume then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from .speakers import subject_of
from .words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["carries_stance", "is_given", "is_noun", "named_subject", "subjectless_participle"]

_GIVING_FORMS = word_list("acts.txt", "giving_verbs")
"""Forms of the verbs with which a party gives a concession ("made concessions", "offered a compromise")."""
_SUBJECTLESS_CLAUSES = frozenset({"pcomp", "acl", "advcl"})
"""Dependencies of a participle that has no subject of its own: a modifier, not a party's act."""


def is_noun(token: Token | None) -> TypeGuard[Token]:
    """Whether the parse reads the cue as a noun (False when unparsed)."""
    return token is not None and token.tag_.startswith("NN")


def carries_stance(token: Token | None) -> bool:
    """Whether a stance cue can carry a party's stance: not a particle or adverb ("dial back") nor a
    participle modifying a noun ("rebels backed by"), and as a noun only with its owner ("Norway's support
    for"); True when unparsed."""
    if token is None:
        return True
    if token.tag_ in ("RP", "RB") or token.dep_ == "prt":
        return False
    if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
        return False  # "fighters backed by the agency": backing for those it modifies, not on an issue
    if token.tag_.startswith("NN"):
        return any(c.dep_ == "poss" for c in token.children)
    return True


def is_given(token: Token | None) -> bool:
    """Whether a concession noun is the object of a verb of giving ("made concessions"); True when
    unparsed."""
    if token is None:
        return True
    head = token.head
    return head.dep_ != "prep" and token.dep_ in ("dobj", "nsubjpass") and head.lower_ in _GIVING_FORMS


def subjectless_participle(verb: Token) -> bool:
    """ "by requiring schools to ...", "a plan backed by ...": a participle whose act is nobody's here."""
    return verb.tag_ in ("VBG", "VBN") and verb.dep_ in _SUBJECTLESS_CLAUSES


def named_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` when it is a noun or a name, not a pronoun."""
    head = subject_of(verb) if verb.tag_.startswith("VB") else None
    return head if head is not None and head.tag_ != "PRP" else None
