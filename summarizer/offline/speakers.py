"""Who a speech verb's speaker is, read from the dependency parse.

The subject of the verb (climbing from "adding" or "and added" to the clause that has one), the agent of a
passive ("was told by"), the object of "according to". A name in apposition is the speaker and the noun it
stands beside is the title ("Clinton's communications director, Jennifer Palmieri": Palmieri, whose party is
the possessive's); pronouns and "the spokeswoman" refer back to the nearest compatible speaker; an unnamed
source ("officials familiar with the talks", "the Trump campaign") is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors import ORG_HEADS, Actors, Mention
from .document import Doc, SentenceView
from .lexicon import Lexicon
from .pipeline import is_pronoun
from .pipeline import is_proper as _tagged_proper
from .text import phrase_key
from .words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Speaker", "SpeakerFinder", "according_to", "subject_of"]

UNNAMED_HEADS = word_list("attribution.txt", "unnamed_heads")
DOCUMENT_HEADS = word_list("attribution.txt", "document_heads")
_RELATIVE = frozenset({"who", "that", "which"})
_PERSONAL = {"he": "m", "she": "f"}
_GROUP_PRONOUNS = word_list("attribution.txt", "group_pronouns")
GROUP_PRONOUN_REACH = 2
"""How many sentences back "it" or "they" still refers to the body or group that spoke last."""
_PREPOSITIONS = frozenset(
    {"than", "of", "in", "to", "from", "with", "by", "for", "on", "at", "against", "about"}
)
_GROUP_KINDS = frozenset({"organization", "country", "institution"})
_CLIMB = frozenset({"conj", "xcomp", "advcl", "dep"})
"""Dependencies through which a subjectless verb shares its head's subject ("and added", "adding")."""
_MAX_CLIMB = 3
_NAME_DEPS = frozenset({"compound", "flat"})
_LEFT_OUT = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "parataxis"})
"""Parts of a subject's phrase that are not its name ("Lopez, who ...", "X and Y")."""
_MAX_UNNAMED_WORDS = 10


@dataclass(frozen=True)
class Speaker:
    """A speaker as a statement names it: display name, identity key, title and party key."""

    name: str
    key: str
    title: str | None
    party: str
    plural: bool = False
    """Whether a group speaker is named in the plural ("officials", "Democrats"): "they", not "it"."""

    @property
    def person(self) -> bool:
        """Whether the speaker is a named person."""
        return self.key.startswith("p:")


def is_proper(token: Token) -> bool:
    """Whether ``token`` is a proper noun: tagged so and written with a capital (the tagger reads some
    lower-case nouns at the start of a sentence as names: "The harbour ministry said")."""
    return _tagged_proper(token) and token.text[:1].isupper()


def subject_of(verb: Token) -> Token | None:
    """The token that heads the speaker of ``verb``: its subject, a passive's agent, or a relative's noun."""
    node = verb
    for _ in range(_MAX_CLIMB + 1):
        subjects = [
            c
            for c in node.children
            if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and node.i != verb.i)
        ]
        if subjects:
            # the subject nearest the verb ("Salem, New Hampshire, Trump went ...")
            before = [c for c in subjects if c.i < node.i]
            subject = before[-1] if before else subjects[0]
            if subject.lower_ in _RELATIVE and node.dep_ == "relcl":
                return node.head
            return subject
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((g for g in agent.children if g.dep_ == "pobj"), None)
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            return None
        node = node.head
    return None


def according_to(cue: Token) -> Token | None:
    """The object of "according to"."""
    to = next((c for c in cue.children if c.lower_ == "to"), None)
    if to is None and cue.i + 1 < len(cue.doc) and cue.doc[cue.i + 1].lower_ == "to":
        to = cue.doc[cue.i + 1]
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _name_span(token: Token) -> Span:
    """The name a proper noun heads: its compound and flat parts ("Jennifer Palmieri"), and an "of" with a
    proper noun after it ("Department of Agriculture")."""
    left = right = token.i
    for child in token.lefts:
        if child.dep_ in _NAME_DEPS and is_proper(child):
            left = min(left, child.left_edge.i)
    for child in token.rights:
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.dep_ == "prep" and child.lower_ == "of" and objects and all(is_proper(o) for o in objects):
            right = max(right, child.right_edge.i)
    return token.doc[left : right + 1]


def _phrase(token: Token) -> Span:
    """The noun phrase ``token`` heads, without appositions, relative clauses and coordination."""
    doc = token.doc
    left, right = token.i, token.i
    for child in token.children:
        if child.dep_ in _LEFT_OUT:
            continue
        left, right = min(left, child.left_edge.i), max(right, child.right_edge.i)
    while left < token.i and (doc[left].tag_ == "DT" or doc[left].is_punct):
        left += 1
    return doc[left : right + 1]


class SpeakerFinder:
    """Resolves the speaker of each speech verb, remembering who spoke last for pronouns."""

    def __init__(self, doc: Doc, actors: Actors, lexicon: Lexicon) -> None:
        self.doc, self.actors, self.lexicon = doc, actors, lexicon
        self.last_person: Speaker | None = None
        self.last_group: Speaker | None = None
        self.last_group_at = -1

    def remember(self, speaker: Speaker, sid: int) -> None:
        """Note the speaker of the latest statement (in sentence ``sid``), for "he said" and "they said"."""
        if speaker.person:
            self.last_person = speaker
        else:
            self.last_group, self.last_group_at = speaker, sid

    def speaker(self, s: SentenceView, head: Token) -> Speaker | None:
        """The speaker whose phrase ``head`` heads, in sentence ``s``."""
        word = head.lower_
        if word in _PERSONAL:
            return self._pronoun(s, head, _PERSONAL[word])
        if word in _GROUP_PRONOUNS:
            return self._group_pronoun(s, head)
        if is_pronoun(head):
            return None
        appositions = [c for c in head.children if c.dep_ == "appos"]
        if not is_proper(head):
            named = next((a for a in appositions if is_proper(a)), None)
            if named is not None:
                return self._named(s, named, title=_phrase(head))
        if is_proper(head) or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            fuller = next((a for a in appositions if is_proper(a) and len(_name_span(a)) > 1), None)
            if fuller is not None and len(_name_span(head)) == 1:
                # "The Senate's top Democrat, Rosa Delgado, said": the name is the apposition
                return self._named(s, fuller, title=_phrase(head))
            title = next((_phrase(a) for a in appositions if not is_proper(a)), None)
            return self._named(s, head, title=title)
        return self._common(s, head)

    # -- the kinds of speaker -------------------------------------------------------------------------------
    def _pronoun(self, s: SentenceView, head: Token, gender: str) -> Speaker | None:
        last = self.last_person
        if last is not None and self.actors.genders.get(last.key, gender) == gender:
            return last
        mention = self._mention(s, head)
        if mention is not None and mention.kind == "person" and mention.anaphor:
            return self.describe(mention)
        return None

    def _group_pronoun(self, s: SentenceView, head: Token) -> Speaker | None:
        """ "It said" / "they said": a body or group of the pronoun's number ("the ministry" for "it",
        "officials" for "they") named before it in its sentence, else the one that spoke just before, else
        one named in the sentence before; otherwise the pronoun names nobody the article has given."""
        plural = head.lower_ == "they"
        offset = s.start + head.idx
        here = [m for m in self.actors.mentions[s.id] if m.end <= offset]
        mention = self._group_mention(here, plural)
        if mention is not None:
            return self.describe(mention)
        last = self.last_group
        if last is not None and s.id - self.last_group_at <= GROUP_PRONOUN_REACH and last.plural == plural:
            return last
        mention = self._group_mention(self.actors.mentions[s.id - 1] if s.id > 0 else [], plural)
        return self.describe(mention) if mention is not None else None

    def _group_mention(self, mentions: list[Mention], plural: bool) -> Mention | None:
        """The last mention of a body or group of the given number in ``mentions``."""
        for mention in reversed(mentions):
            if mention.kind not in _GROUP_KINDS or mention.locative or mention.adjective:
                continue
            if not self.actors.party_of(mention) or not self._may_be_subject(mention):
                continue
            return mention if _plural(mention.surface) == plural else None
        return None

    def _may_be_subject(self, mention: Mention) -> bool:
        """Whether a mention stands where an antecedent of "it" or "they" does: not a possessive ("Veridia's
        own") nor the object of a preposition ("harder than Veridia")."""
        if mention.possessive:
            return False
        norms = self.doc.sentences[mention.sid].norms
        return mention.i == 0 or norms[mention.i - 1] not in _PREPOSITIONS

    def _named(self, s: SentenceView, head: Token, title: Span | None) -> Speaker | None:
        name = _name_span(head)
        mention = self._mention(s, head)
        if mention is not None and mention.kind != "media":
            described = self.describe(mention)
            if title is not None and described.person and described.title is None:
                return Speaker(described.name, described.key, _plain(title), described.party)
            return described
        if mention is not None:
            return None  # a news outlet is where it was reported, not who said it
        text = self.doc.text[self._start(s, name) : self._end(s, name)]
        party = self._party_within(s, title) if title is not None else ""
        if head.ent_type_ not in ("ORG", "GPE", "NORP"):
            return Speaker(text, "p:" + phrase_key(text), _plain(title) if title else None, party)
        party = party or "@" + phrase_key(text).replace(" ", "-")
        return Speaker(text, "o:" + phrase_key(text), None, party, head.tag_ == "NNPS")

    def _common(self, s: SentenceView, head: Token) -> Speaker | None:
        mention = self._mention(s, head)
        if mention is not None and mention.kind != "media" and mention.anaphor:
            return self.describe(mention)  # "the union", "the spokeswoman": someone named earlier
        phrase = _phrase(head)
        if self._media_within(s, phrase):
            return None  # "the Interfax news agency": an outlet reports, it does not speak
        lemma = _singular(head.lower_)
        source = lemma in UNNAMED_HEADS or lemma in DOCUMENT_HEADS or lemma in ORG_HEADS
        if not source and not self.lexicon.is_role_word(lemma):
            return None  # "Mr. Obama's eyes welled ...": a source is a person, a body or a document
        if len(phrase) > _MAX_UNNAMED_WORDS:
            phrase = phrase.doc[phrase.start : head.i + 1]
        text = self.doc.text[self._start(s, phrase) : self._end(s, phrase)]
        plural = head.tag_ in ("NNS", "NNPS")
        return Speaker(text, "u:" + text.lower(), None, self._party_within(s, phrase), plural)

    # -- helpers --------------------------------------------------------------------------------------------
    def describe(self, mention: Mention) -> Speaker:
        """The speaker a mention of the actor finder stands for."""
        actors = self.actors
        party = actors.party_of(mention)
        if mention.kind == "person":
            person = actors.persons.get(mention.entity)
            if person is not None:
                title = person.title or person.dictionary_title
                return Speaker(person.name, mention.entity, title, person.party)
            return Speaker(mention.surface, mention.entity, mention.title, party)
        if mention.kind in ("country", "place"):
            name = self.lexicon.party_info(party).name if party else mention.surface
            return Speaker(name, "o:" + party, None, party)
        name = actors.org_names.get(party) or (mention.surface if not mention.anaphor else "")
        if not name:
            name = self.lexicon.party_info(party).name
        if mention.kind == "institution":
            name = _strip_article(mention.surface)
        return Speaker(name, "o:" + (party or mention.surface), None, party)

    def _mention(self, s: SentenceView, token: Token) -> Mention | None:
        return self.actors.covering(s.id, s.start + token.idx)

    def _media_within(self, s: SentenceView, span: Span) -> bool:
        start, end = self._start(s, span), self._end(s, span)
        return any(
            m.kind == "media" and start <= m.start and m.end <= end for m in self.actors.mentions[s.id]
        )

    def _party_within(self, s: SentenceView, span: Span) -> str:
        """The party of the body, place or person named inside a phrase ("Clinton's", "a union")."""
        start, end = self._start(s, span), self._end(s, span)
        for mention in self.actors.mentions[s.id]:
            if start <= mention.start and mention.end <= end and mention.kind != "media":
                party = self.actors.party_of(mention)
                if party:
                    return party
        return ""

    @staticmethod
    def _start(s: SentenceView, span: Span) -> int:
        return s.start + span[0].idx

    @staticmethod
    def _end(s: SentenceView, span: Span) -> int:
        last = span[-1]
        return s.start + last.idx + len(last.text)


def _plural(surface: str) -> bool:
    """Whether a name is written in the plural ("Democrats", "the rebels"), not "Congress" or "the Times"."""
    last = surface.rstrip("’'").split()[-1].lower() if surface.split() else ""
    return (
        last.endswith("s")
        and not last.endswith(("ss", "us", "is"))
        and last != _singular(last)
        and (surface[:1].islower() or surface.split()[-1][:1].isupper())
    )


def _singular(noun: str) -> str:
    """ "officials" -> "official", "people" stays: the word lists hold singular nouns (and "people")."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def _plain(span: Span) -> str:
    return span.text.strip(" ,")


def _strip_article(text: str) -> str:
    for article in ("the ", "The "):
        if text.startswith(article):
            return text[len(article) :]
    return text
