"""What a mention stands for: the records of mentions and people, and references back ("he", "the union",
"the envoy", "the group") with the genders that decide them.

The actor finder (:mod:`summarizer.offline.actors`) fills these records sentence by sentence; a reference back
resolves to the nearest earlier mention it can stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Doc, SentenceView
from .lexicon import Lexicon
from .text import phrase_key, word_set
from .words import word_list

__all__ = [
    "Actors",
    "Mention",
    "Person",
    "References",
    "anaphor",
    "courtesy_gender",
    "covered_tokens",
    "party_inside",
]

# Nouns that refer back to an organisation named earlier ("the union said").
_ORG_ANAPHORS = word_list("actors.txt", "org_anaphors")
_PRONOUNS = word_set("he she him her his")
_FEMININE = word_list("actors.txt", "feminine")
_MASCULINE = word_list("actors.txt", "masculine")
_GENERIC_ORG_NOUNS = word_list("names.txt", "generic_org_nouns")
_GENERIC_REACH = 4
"""How many sentences back "the group" looks for the organisation it refers to."""
_TOPICAL = word_set("on about to toward towards against over")
"""Prepositions before a place in a title that say what the role is about, not whom it serves."""
_RECENT_PEOPLE = 8
"""How many of the last named people a pronoun may refer back to."""


@dataclass(slots=True)
class Mention:
    """A stretch of a sentence that names an actor (or refers back to one)."""

    sid: int
    i: int
    j: int
    start: int
    end: int
    kind: str
    party: str
    entity: str
    surface: str
    possessive: bool = False
    locative: bool = False
    title: str | None = None
    title_start: int | None = None
    anaphor: bool = False
    name: str = ""
    known_title: str | None = None
    adjective: bool = False
    in_title: bool = False
    """Part of a person's title ("Secretary of State" in "Secretary of State John Kerry"): no alias."""


@dataclass
class Person:
    """A person the article names, with the title and party found for them."""

    entity: str
    name: str
    party: str
    title: str | None
    evidence: Mention
    dictionary_title: str | None = None


@dataclass
class Actors:
    """Every mention by sentence, the people, and organisations' names and kinds as the article gives them."""

    mentions: list[list[Mention]]
    persons: dict[str, Person] = field(default_factory=dict)
    org_names: dict[str, str] = field(default_factory=dict)
    party_kinds: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    def party_of(self, mention: Mention) -> str:
        """The party a mention stands for ('' if none known)."""
        if mention.kind == "person" and mention.entity in self.persons:
            return self.persons[mention.entity].party
        return mention.party

    def covering(self, sid: int, offset: int) -> Mention | None:
        """The mention of sentence ``sid`` covering character ``offset`` of the article."""
        return next((m for m in self.mentions[sid] if m.start <= offset < m.end), None)

    def at(self, sid: int, token_index: int) -> Mention | None:
        """The mention covering token ``token_index`` of sentence ``sid``."""
        for mention in self.mentions[sid]:
            if mention.i <= token_index < mention.j:
                return mention
        return None


def courtesy_gender(word: str) -> str:
    """ "f" or "m" for a gendered pronoun, courtesy title or role noun ("Mrs", "spokesman"), else ""."""
    return "f" if word in _FEMININE else "m" if word in _MASCULINE else ""


class References:
    """Resolves references back to people and organisations named earlier, and learns people's genders."""

    def __init__(self, doc: Doc, lexicon: Lexicon, actors: Actors) -> None:
        self.doc, self.lexicon, self.actors = doc, lexicon, actors
        self.recent_people: list[Mention] = []
        # the last word of each multi-word organisation name: "the Front" after "the Hadar Front"
        self.org_heads: dict[str, str] = {}

    def remember(self, mentions: list[Mention], norms: tuple[str, ...]) -> None:
        """Note the people and organisation names of a sentence just read, for later references."""
        for mention in mentions:
            if mention.kind == "person" and not mention.anaphor:
                self.recent_people = [*self.recent_people[1 - _RECENT_PEOPLE :], mention]
            if mention.kind == "organization" and not mention.anaphor and mention.j - mention.i >= 2:
                self.org_heads[norms[mention.j - 1]] = mention.party

    def org_anaphor_party(self, s: SentenceView, a: int, b: int) -> str:
        """The party of the organisation a noun among tokens ``a:b`` refers back to ("the union's")."""
        for k in range(a, b):
            if s.norms[k] in _ORG_ANAPHORS:
                return self.resolve_org(s.id, s.norms[k]) or ""
        return ""

    def resolve_org(self, sid: int, noun: str) -> str | None:
        """The party of the organisation named by sentence ``sid`` that ``noun`` ("the union") refers to."""
        singular = noun[:-1] if noun.endswith("s") else noun
        for back in range(sid, max(-1, sid - 12), -1):
            for mention in reversed(self.actors.mentions[back]):
                if mention.kind == "organization" and not mention.anaphor:
                    words = phrase_key(mention.surface).split()
                    if noun in words or singular in words or (singular == "union" and "workers" in words):
                        return mention.party
        if noun not in _GENERIC_ORG_NOUNS:
            return None
        # "the group": the organisation named last, whatever its name says it is
        for back in range(sid, max(-1, sid - _GENERIC_REACH), -1):
            for mention in reversed(self.actors.mentions[back]):
                if mention.kind == "organization" and mention.party:
                    return mention.party
        return None

    def anaphors(self, s: SentenceView, mentions: list[Mention]) -> list[Mention]:
        """Mentions that refer back in sentence ``s``: "he", "the union", "the Front", "the envoy"."""
        tokens, norms, out = s.tokens, s.norms, []
        covered = covered_tokens(mentions, len(tokens))
        for k, token in enumerate(tokens):
            if covered[k] or (token.norm != "the" and token.norm not in _PRONOUNS):
                continue
            if token.norm in _PRONOUNS:
                earlier = [m for m in mentions if m.kind == "person" and m.j <= k and not m.anaphor]
                last = self.antecedent(token.norm, earlier)
                if last is not None:
                    out.append(anaphor(s, k, k, "person", last.party, last.entity, self.doc.text))
                    out[-1].possessive = token.norm in ("his", "her")
                continue
            if k + 1 >= len(tokens):
                continue
            head_party = self.org_head(s, k + 1, covered)
            if head_party:
                out.append(anaphor(s, k, k + 1, "organization", head_party, head_party, self.doc.text))
                continue
            end, head = k + 1, -1
            while (
                end < len(tokens)
                and end - k <= 4
                and not covered[end]
                and (
                    norms[end] in self.lexicon.title_words
                    or norms[end] in _ORG_ANAPHORS
                    or self.lexicon.is_role_word(norms[end])
                )
            ):
                if norms[end] in _ORG_ANAPHORS or self.lexicon.is_role_word(norms[end]):
                    head = end
                end += 1
            if head < 0:
                continue
            noun = norms[head]
            if noun in _ORG_ANAPHORS:
                party = self.resolve_org(s.id, noun)
                if party:
                    out.append(anaphor(s, k, head, "organization", party, party, self.doc.text))
            elif self.lexicon.is_role_word(noun) and not noun.endswith("s"):
                person = self.resolve_role(noun, party_inside(mentions, k, head))
                if person is not None:
                    out.append(anaphor(s, k, head, "person", person.party, person.entity, self.doc.text))
        return out

    def antecedent(self, pronoun: str, earlier: list[Mention]) -> Mention | None:
        """The latest person named before ``pronoun`` whose known gender does not contradict it."""
        gender = "f" if pronoun in _FEMININE else "m"
        for mention in (*reversed(earlier), *reversed(self.recent_people)):
            if self.actors.genders.get(mention.entity, gender) == gender:
                return mention
        return None

    def gender_from_title(self, s: SentenceView, mention: Mention) -> None:
        """ "Ms Varga", "the union's spokeswoman, Ana Ruiz": a courtesy title or gendered role says it."""
        before = mention.i - 2 if mention.i >= 2 and s.norms[mention.i - 1] == "." else mention.i - 1
        words = [s.norms[mention.i]] + ([s.norms[before]] if before >= 0 else [])  # "Mrs. Clinton"
        words += phrase_key(mention.title or "").split()
        for word in words:
            if word in _FEMININE or word in _MASCULINE:
                self.actors.genders[mention.entity] = "f" if word in _FEMININE else "m"
                return

    def gender_from_agreement(
        self, s: SentenceView, mentions: list[Mention], pronouns: list[Mention]
    ) -> None:
        """ "Ana Ruiz said she would ...": the only person named in a sentence agrees with its pronouns."""
        named = {m.entity for m in mentions if m.kind == "person" and not m.anaphor}
        if len(named) != 1:
            return
        [entity] = named
        if entity in self.actors.genders:
            return
        first = min(m.i for m in mentions if m.entity == entity)
        for pronoun in pronouns:
            if pronoun.entity == entity and pronoun.i > first and s.norms[pronoun.i] in _PRONOUNS:
                self.actors.genders[entity] = "f" if s.norms[pronoun.i] in _FEMININE else "m"
                return

    def org_head(self, s: SentenceView, k: int, covered: list[bool]) -> str:
        """The organisation whose name ends in the capitalised word at ``k`` ("the Front"), if any."""
        token = s.tokens[k]
        if covered[k] or not token.is_capitalized or not token.text[1:].islower():
            return ""
        if k + 1 < len(s.tokens) and s.tokens[k + 1].is_capitalized and not token.possessive:
            return ""  # part of a longer name
        return self.org_heads.get(token.norm, "")

    def resolve_role(self, noun: str, party: str) -> Person | None:
        """The latest person whose title holds ``noun`` ("the envoy"), of ``party`` if one is given."""
        recent = list(self.actors.persons.values())[-40:]
        for person in reversed(recent):
            titles = " ".join(t for t in (person.title, person.dictionary_title) if t).lower()
            if noun in phrase_key(titles).split() and (not party or person.party == party):
                return person
        return None


def anaphor(s: SentenceView, k: int, last: int, kind: str, party: str, entity: str, text: str) -> Mention:
    """A mention of tokens ``k..last`` that refers back to ``entity`` ("he", "the union", "the Front")."""
    first, final = s.tokens[k], s.tokens[last]
    return Mention(
        s.id,
        k,
        last + 1,
        first.start,
        final.end,
        kind,
        party,
        entity,
        text[first.start : final.end],
        final.possessive,
        anaphor=True,
    )


def covered_tokens(mentions: list[Mention], n: int) -> list[bool]:
    """For each of ``n`` tokens, whether a mention covers it."""
    covered = [False] * n
    for mention in mentions:
        for k in range(mention.i, mention.j):
            covered[k] = True
    return covered


def party_inside(mentions: list[Mention], i: int, j: int, norms: tuple[str, ...] = ()) -> str:
    """The party of the first body, state or institution mentioned within tokens ``i:j`` (of a sentence
    whose ``norms`` are given: not one the title is about, "adviser on Syria", "envoy to Syria")."""
    for mention in mentions:
        if i <= mention.i and mention.j <= j and mention.kind in ("country", "institution", "organization"):
            if norms and mention.i > 0 and norms[mention.i - 1] in _TOPICAL:
                continue
            return mention.party
    return ""
