"""Names no dictionary holds, from spaCy's entity recogniser: the people, organisations and groups that speak
or act in a sentence the rules read ("Hadar Front spokeswoman Lina Haddad told ...").

Each becomes an actor the finder then recognises throughout the article: a person (whose party comes from
their title, as for any person), or an organisation or group that is a party of its own, with a stable id
made from its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .declared import Declared
from .document import Doc
from .lexicon import Actor, Lexicon
from .text import phrase_key

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["entity_actors"]

# Entity labels of the OntoNotes scheme the English model uses, and what the rules make of them. Places (GPE)
# are left to the dictionaries and to the article's own declarations (declared.py): unknown ones are mostly
# cities where something happens.
_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "organization"}
MIN_NAME_WORDS = 2
"""A one-word PERSON or ORG is too often a surname, a misread word ("Trade") or a short form of a longer
name; a one-word organisation counts only as an acronym ("SAMR")."""
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "appos", "poss"})


def entity_actors(doc: Doc, lexicon: Lexicon) -> list[Declared]:
    """The named entities of the parsed sentences of ``doc`` that no dictionary knows, in order."""
    found: list[Declared] = []
    seen: set[str] = set()
    for sid in sorted(doc.parses):
        for entity in doc.parses[sid].ents:
            kind = _KINDS.get(entity.label_)
            words = [t for t in entity if not (t.i == entity.start and t.lower_ == "the")]
            if kind is None or not words or not all(t.text[:1].isupper() for t in words):
                continue
            if not _acts(entity.root) or (entity.label_ == "NORP" and entity.root.tag_ != "NNPS"):
                continue  # a name that neither speaks nor acts here, or an adjective ("Democratic")
            if kind == "organization" and _personal(entity.root, lexicon):
                kind = "person"  # "the central bank governor, Lucía Ibáñez", "Leah Amsel, whose son ..."
            if kind == "person":
                words = _without_title(words, lexicon)  # "Russian President Vladimir Putin"
            if len(words) < MIN_NAME_WORDS and not (kind == "organization" and words[0].text.isupper()):
                continue
            offset = doc.sentences[sid].start
            name = doc.text[offset + words[0].idx : offset + words[-1].idx + len(words[-1].text)]
            key = phrase_key(name)
            norms = key.split()
            if key in seen or any(lexicon.match_actor(norms, k) is not None for k in range(len(norms))):
                continue
            seen.add(key)
            if kind == "person":
                found.append(Declared(key, Actor("person", "", name), "person"))
            else:
                party = "@" + key.replace(" ", "-")
                found.append(Declared(key, Actor(kind, party, name), "organization"))
    people = [" " + item.key for item in found if item.party_kind == "person"]
    # "Ibáñez Peña" said, after "Saúl Ibáñez Peña": the recogniser's organisation is the person's surname
    return [item for item in found if item.party_kind == "person" or not _surname_of(item.key, people)]


def _surname_of(key: str, people: list[str]) -> bool:
    return any(person.endswith(" " + key) for person in people)


def _without_title(words: list[Token], lexicon: Lexicon) -> list[Token]:
    """A person's name without the title the recogniser took into it ("Vice President", "Russian
    President", "Sen."): leading role, title and demonym words, as long as a name of two words is left."""
    while len(words) > MIN_NAME_WORDS:
        norm = words[0].lower_.rstrip(".")
        known = lexicon.match_actor([norm], 0)
        if (
            lexicon.is_role_word(norm)
            or norm in lexicon.title_words
            or (known and known[1].kind == "country")
        ):
            words = words[1:]
        else:
            break
    return words


def _personal(root: Token, lexicon: Lexicon) -> bool:
    """Whether a name the recogniser took for an organisation reads as a person's: in apposition to a role
    (either way round), or followed by "who" or "whose"."""
    if root.dep_ == "appos" and lexicon.is_role_word(root.head.lower_):
        return True
    if any(c.dep_ == "appos" and lexicon.is_role_word(c.lower_) for c in root.children):
        return True  # "Ivo Marsh, the board's chief negotiator, said"
    return any(
        child.dep_ == "relcl" and any(t.lower_ in ("who", "whose") for t in child.subtree if t.i < child.i)
        for child in root.children
    )


def _acts(root: Token) -> bool:
    """Whether an entity stands where an actor does: subject, apposition, possessor, agent, "according to"."""
    node = root.head if root.dep_ == "compound" else root
    if node.dep_ in _ACTOR_DEPS:
        return True
    return node.dep_ == "pobj" and (node.head.dep_ == "agent" or node.head.head.lower_ == "according")
