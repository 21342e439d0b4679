"""Who is mentioned where: people with their titles, institutions, organisations and places, and the party
each stands for.

Sentences are read in order, so what the article declares ("Kremlin spokesman Dmitry Peskov", "Ruth Okafor,
the union's general secretary") is known when a later sentence says "Peskov" or "the union". The records
of mentions and people, and references back ("he", "the union"), are in :mod:`.references`.
"""

from __future__ import annotations

import re

from .declared import COURTESY_TITLES, declared_actors
from .document import Doc, SentenceView, dateline_end
from .entities import entity_actors
from .lexicon import Actor, Lexicon
from .names import (
    COLLECTIVE_HEADS,
    NOT_TITLE_WORDS,
    appositive_role,
    capital_runs,
    capitalised,
    is_locative,
    name_like,
    parenthesised_acronym,
    reversed_appositive,
    speech_adjacent,
    title_case,
)
from .references import Actors, Mention, Person, References, courtesy_gender, party_inside
from .references import covered_tokens as covered_by
from .text import FUNCTION_WORDS, Token, phrase_key, word_set
from .words import word_list

__all__ = ["Actors", "Mention", "Person", "find_actors"]

ORG_HEADS = word_list("actors.txt", "org_heads")
"""Head nouns of organisation names ("Union", "Cooperative")."""
_GOVERNMENT_HEADS = word_list("actors.txt", "government_heads")
_NAME_SUFFIXES = word_set("jr sr ii iii iv")
_DEMONYM_END = re.compile(r"(?:an|ian|ese|ish|i|ch)$")
_MIN_ACRONYM = 2
"""Fewest letters of an acronym that stands for an organisation's full name ("EU", "CDU")."""
_MAX_ACRONYM = 6


class _Finder:
    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.learned: dict[str, Actor] = {}
        self.learned_span: dict[str, int] = {}
        self.actors = Actors([[] for _ in doc.sentences])
        self.references = References(doc, lexicon, self.actors)
        for item in declared_actors(doc, lexicon):
            self.learn(item.key, item.actor)
            self.actors.party_kinds[item.actor.party] = item.party_kind
            self.actors.org_names.setdefault(item.actor.party, item.actor.name)
        for item in entity_actors(doc, lexicon):
            if item.key in self.learned:
                continue
            self.learn(item.key, item.actor)
            if item.actor.party:
                self.actors.party_kinds.setdefault(item.actor.party, item.party_kind)
                self.actors.org_names.setdefault(item.actor.party, item.actor.name)
                words = item.key.split()
                spelled = self._spelled_out(words, item.actor.name) if len(words) >= _MIN_ACRONYM else None
                if spelled is not None:  # the recogniser found both "CDU" and "Christian Democratic Union"
                    self.learn(item.key, spelled)
                    continue
                short = self.learned.get(item.key.split(" ", 1)[0])
                if short is not None and short.kind == "organization" and short is not item.actor:
                    # "Corvane" declared on its own, "Corvane Logistics" named in full: one party
                    self.learn(item.key.split(" ", 1)[0], item.actor)

    # -- dictionary look-up -------------------------------------------------------------------------------
    def learn(self, key: str, actor: Actor) -> None:
        """Remember a name the article itself introduced."""
        if not key:
            return
        self.learned[key] = actor
        first = key.split(" ", 1)[0]
        self.learned_span[first] = max(self.learned_span.get(first, 0), key.count(" ") + 1)

    def lookup(self, s: SentenceView, i: int) -> tuple[int, Actor] | None:
        """The longest known name (dictionary or learned) at token ``i``, written as a name."""
        norms = s.norms
        best = next((m for m in self.lexicon.actor_matches(norms, i) if capitalised(s.tokens, i, m[0])), None)
        longest = self.learned_span.get(norms[i], 0)
        for length in range(min(longest, len(norms) - i), 0, -1):
            actor = self.learned.get(" ".join(norms[i : i + length]))
            if actor is not None and (best is None or length >= best[0]):
                best = (length, actor)
                break
        if best is None and norms[i].endswith("s") and len(norms[i]) > 4:
            singular = self.lexicon.match_actor([norms[i][:-1]], 0)
            if singular is not None and singular[1].kind == "country":
                best = (1, singular[1])
        if best is None or not capitalised(s.tokens, i, best[0]):
            return None
        return best

    # -- one sentence -------------------------------------------------------------------------------------
    def sentence(self, s: SentenceView) -> None:
        """Find the mentions of one sentence."""
        tokens, mentions = s.tokens, []
        i = 0
        while i < len(tokens):
            found = self.lookup(s, i) if tokens[i].is_capitalized else None
            if found is None:
                i += 1
                continue
            length, actor = found
            if self._is_part_of_unknown_name(s, i, length, actor) or self._other_gender(s, i, actor):
                i += length
                continue
            personal = self._personal(s, i, i + length) if actor.kind == "institution" else ""
            if personal:
                actor = Actor(
                    "person",
                    actor.party if personal == "office" else "",
                    actor.name or self.doc.text[s.tokens[i].start : s.tokens[i + length - 1].end],
                )
            mentions.append(self._mention(s, i, i + length, actor))
            i += length
        if not title_case(tokens):
            covered = covered_by(mentions, len(tokens))
            mentions += self._unknown_orgs(s, covered)
            covered = covered_by(mentions, len(tokens))
            mentions += self._unknown_people(s, covered)
        mentions = self.drop_inside(mentions)
        mentions.sort(key=lambda m: m.i)
        for mention in mentions:
            if mention.kind == "person":
                self._titles(s, mention, mentions)
                self.references.gender_from_title(s, mention)
        pronouns = self.references.anaphors(s, mentions)
        self.references.gender_from_agreement(s, mentions, pronouns)
        mentions += pronouns
        mentions.sort(key=lambda m: m.i)
        self.actors.mentions[s.id] = mentions
        for mention in mentions:
            if mention.kind == "person" and not mention.anaphor:
                self._register_person(mention)
            elif mention.kind in ("organization", "country") and mention.party.startswith("@"):
                self.actors.org_names.setdefault(mention.party, mention.surface)
        self.references.remember(mentions, s.norms)

    def _is_part_of_unknown_name(self, s: SentenceView, i: int, length: int, actor: Actor) -> bool:
        """ "Sofia Lopez" is not Bulgaria's capital, and "Mike Johnson" is not the dictionary's Johnson."""
        tokens = s.tokens
        if length != 1 or actor.kind == "media":
            return False
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        if actor.kind in ("country", "place") and after is not None and name_like(after, self.lexicon):
            return self.lookup(s, i + 1) is None
        if (
            actor.kind in ("country", "place")
            and before is not None
            and i > 1
            and name_like(before, self.lexicon)
        ):
            return self.lookup(s, i - 1) is None
        if actor.kind == "person" and before is not None and name_like(before, self.lexicon) and i - 1 > 0:
            return self.lookup(s, i - 1) is None and before.norm not in ("mr", "ms", "mrs", "dr")
        if (
            actor.kind == "person"
            and after is not None
            and (name_like(after, self.lexicon) or _initial(after))
        ):
            return self.lookup(s, i + 1) is None  # "Petro O. Poroshenko" is not the dictionary's Petro
        return False

    def _same_person(self, entity: str) -> str:
        """The entity of a person already met under the same first and last name ("Vladimir V. Putin" is
        "Vladimir Putin"), else ``entity``."""
        words = _name_words(entity)
        if len(words) < 2:
            return entity
        for known in self.actors.persons:
            if known != entity and _name_words(known) == words:
                return known
        return entity

    def _personal(self, s: SentenceView, i: int, j: int) -> str:
        """How the dictionary body at tokens ``i:j`` is written as a person, if it is (the dictionaries file
        some people under a government): "office" after a role ("President Bashar al-Assad"), "person"
        after a courtesy title or before a role in apposition ("Mr. Assad", "Fethullah Gulen, the
        preacher"), which say nothing of whom they speak for; else ""."""
        tokens = s.tokens
        before = i - 2 if i >= 2 and tokens[i - 1].text == "." else i - 1
        if before >= 0 and self.lexicon.is_role_word(s.norms[before]) and j - i >= 2:
            return "office"
        if s.norms[i] in COURTESY_TITLES or (before >= 0 and s.norms[before] in COURTESY_TITLES):
            return "person"
        named = j - i >= 2 and not any(t.norm in ORG_HEADS for t in tokens[i:j])
        return "person" if named and appositive_role(tokens, j, self.lexicon) is not None else ""

    def _other_gender(self, s: SentenceView, i: int, actor: Actor) -> bool:
        """ "Mr. Clinton" after "Mrs. Clinton": a courtesy title of the other gender names someone else."""
        if actor.kind != "person":
            return False
        before = i - 2 if i >= 2 and s.tokens[i - 1].text == "." else i - 1
        word = s.norms[before] if before >= 0 else ""
        said = courtesy_gender(word)
        known = self.actors.genders.get("p:" + phrase_key(actor.name), said)
        return bool(said) and known != said

    def _mention(self, s: SentenceView, i: int, j: int, actor: Actor) -> Mention:
        tokens = s.tokens
        start, end = tokens[i].start, tokens[j - 1].end
        surface = self.doc.text[start:end]
        if actor.kind == "person":
            entity = self._same_person("p:" + phrase_key(actor.name))
        elif actor.kind == "media":
            entity = "m:" + actor.name
        else:
            entity = actor.party
        mention = Mention(
            s.id, i, j, start, end, actor.kind, actor.party, entity, surface, tokens[j - 1].possessive
        )
        if actor.kind == "person":
            mention.name = actor.name
            mention.known_title = actor.title
        if actor.kind in ("country", "place") and not mention.possessive:
            # "BERLIN — ..." or "in Geneva": where the news comes from or happens, not who acts
            mention.locative = is_locative(tokens, i) or start < s.start + dateline_end(s.text)
            nxt = tokens[j] if j < len(tokens) else None
            mention.adjective = (
                nxt is not None and nxt.is_word and _DEMONYM_END.search(mention.surface) is not None
            )
        return mention

    def _unknown_orgs(self, s: SentenceView, covered: list[bool]) -> list[Mention]:
        found = []
        for i, j in capital_runs(s.tokens, covered):
            words = [t.norm for t in s.tokens[i:j]]
            if not any(w in ORG_HEADS for w in words[1:]) and not (len(words) > 1 and words[0] in ORG_HEADS):
                continue
            if sum(1 for w in words if w not in FUNCTION_WORDS) < 2:
                continue
            if i > 0 and covered[i - 1]:
                # "Veridian Steel Federation": the demonym is part of the name, unless the body is the state's
                if any(w in _GOVERNMENT_HEADS for w in words):
                    continue
                i -= 1
            j = self._of_place(s, j)
            surface = self.doc.text[s.tokens[i].start : s.tokens[j - 1].end]
            party = "@" + phrase_key(surface).replace(" ", "-")
            actor = self._spelled_out(words, surface) or Actor("organization", party, surface)
            self.learn(phrase_key(surface), actor)
            acronym = parenthesised_acronym(s.tokens, j)
            if acronym:
                self.learn(acronym, actor)
            found.append(self._mention(s, i, j, actor))
            for k in range(i, j):
                covered[k] = True
        return found

    def _spelled_out(self, words: list[str], surface: str) -> Actor | None:
        """The organisation already known by the initials of ``words`` ("CDU" before "Christian Democratic
        Union"), as an actor of the same party under the full name; None when there is none."""
        initials = "".join(w[0] for w in words if w not in FUNCTION_WORDS and w[:1].isalpha())
        known = self.learned.get(initials) if len(initials) >= _MIN_ACRONYM else None
        if known is None or known.kind != "organization" or not known.name.isupper():
            return None
        return Actor("organization", known.party, surface)

    def _of_place(self, s: SentenceView, j: int) -> int:
        """Where a body's name ends when it goes on with "of" and a place ("Dock Workers of America")."""
        if j + 1 < len(s.tokens) and s.norms[j] == "of" and s.tokens[j + 1].is_capitalized:
            found = self.lookup(s, j + 1)
            if found is not None and found[1].kind in ("country", "place"):
                return j + 1 + found[0]
        return j

    def drop_inside(self, mentions: list[Mention]) -> list[Mention]:
        """Mentions with those swallowed by a longer organisation name removed."""
        orgs = [m for m in mentions if m.kind == "organization" and not m.anaphor]
        return [m for m in mentions if not any(o is not m and o.i <= m.i and m.j <= o.j for o in orgs)]

    def _unknown_people(self, s: SentenceView, covered: list[bool]) -> list[Mention]:
        tokens, found = s.tokens, []
        for i, j in capital_runs(tokens, covered):
            role_end = i
            while role_end < j and (
                tokens[role_end].norm in self.lexicon.title_words
                or self.lexicon.is_role_word(tokens[role_end].norm)
            ):
                role_end += 1
            name_start = role_end if role_end > i and self._has_role(tokens, i, role_end) else i
            name = [t for t in tokens[name_start:j] if t.norm not in FUNCTION_WORDS]
            if not 2 <= len(name) <= 4 or any(self.lexicon.is_role_word(t.norm) for t in name):
                continue
            if name_start < j and tokens[name_start].norm in FUNCTION_WORDS:
                continue  # "State Administration for Market Regulation": a body's name goes on
            cued = (
                name_start > i
                or (name_start > 0 and self.lexicon.is_role_word(tokens[name_start - 1].norm))
                or reversed_appositive(tokens, name_start, self.lexicon)
                or speech_adjacent(tokens, name_start, j)
                or appositive_role(tokens, j, self.lexicon)
            )
            if not cued:
                continue
            surface = self.doc.text[tokens[name_start].start : tokens[j - 1].end]
            actor = Actor("person", "", surface)
            found.append(self._mention(s, name_start, j, actor))
        return found

    def _has_role(self, tokens: tuple[Token, ...], i: int, j: int) -> bool:
        return any(self.lexicon.is_role_word(t.norm) for t in tokens[i:j])

    # -- titles and parties of people ---------------------------------------------------------------------
    def _titles(self, s: SentenceView, person: Mention, mentions: list[Mention]) -> None:
        tokens = s.tokens
        end = person.i
        if reversed_appositive(tokens, end, self.lexicon):
            end -= 1  # "Moldara's president, Radomir Kelbas"
        k = end
        within: list[Mention] = []
        while k > 0:
            prev = tokens[k - 1]
            inside = next((m for m in mentions if m.i <= k - 1 < m.j and m.kind != "person"), None)
            if inside is not None and inside.kind in ("country", "institution", "organization"):
                k = inside.i
                within.append(inside)
                continue
            if prev.norm in ("of", "for") and k - 2 >= 0 and tokens[k - 2].norm in self.lexicon.title_words:
                k -= 1
                continue
            if (
                prev.is_word
                and prev.norm not in NOT_TITLE_WORDS
                and (prev.norm in self.lexicon.title_words or self.lexicon.is_role_word(prev.norm))
            ):
                k -= 1
                continue
            break
        if k < end and tokens[end - 1].norm in ("of", "for"):
            k = end  # "chairman of Hillary Clinton's campaign": the title is someone else's
        for m in range(k, end - 1):
            if tokens[m].norm == "of" and m > k and tokens[m - 1].norm in COLLECTIVE_HEADS:
                k = m + 1  # "the government of President Assad": the title is "President"
        if k < end and self._has_role(tokens, k, end):
            for mention in within:
                # "Secretary of State" in "Secretary of State John Kerry" is a role; "Kremlin" stays a name
                mention.in_title = self._has_role(tokens, mention.i, mention.j)
            if tokens[k].norm in ("the", "a", "an"):
                k += 1
            person.title = self.doc.text[tokens[k].start : tokens[end - 1].end]
            person.title_start = tokens[k].start
            stated = (
                party_inside(mentions, k, end, s.norms)
                or self.references.org_anaphor_party(s, k, end)
                or self._acronym_in(s, k, end)
            )
            person.party = self._affiliation(person, stated, mentions)
            return
        appositive = appositive_role(tokens, person.j, self.lexicon)
        if appositive is not None:
            a, b = appositive
            if tokens[a].norm in ("the", "a", "an"):
                a += 1
            person.title = self.doc.text[tokens[a].start : tokens[b - 1].end]
            party = (
                party_inside(mentions, a, b, s.norms)
                or self.references.org_anaphor_party(s, a, b)
                or self._acronym_in(s, a, b)
            )
            person.party = self._affiliation(person, party, mentions)

    def _acronym_in(self, s: SentenceView, a: int, b: int) -> str:
        """The party of an unknown acronym after "of" or "for" in a title ("co-leader of the SPD", "spokesman
        for the IDF"): an organisation the article names by its initials; "" when there is none."""
        for k in range(a + 1, b):
            token = s.tokens[k]
            written = token.text
            if (
                s.norms[k - 1] not in ("of", "for", "the")
                or not (_MIN_ACRONYM <= len(written) <= _MAX_ACRONYM)
                or not written.isalpha()
                or not written.isupper()
                or self.lookup(s, k) is not None
            ):
                continue
            actor = Actor("organization", "@" + token.norm, written)
            self.learn(token.norm, actor)
            self.actors.party_kinds.setdefault(actor.party, "organization")
            self.actors.org_names.setdefault(actor.party, written)
            return actor.party
        return ""

    @staticmethod
    def _affiliation(person: Mention, stated: str, mentions: list[Mention]) -> str:
        """The party of ``person``: the dictionary's, unless the article's title names an organisation the
        person leads or works for ("Friedrich Merz, the leader of the Christian Democratic Union"), which is
        more specific than the state the dictionary files a politician under."""
        if not person.party:
            return stated
        named_org = any(m.party == stated and m.kind == "organization" for m in mentions)
        return stated if stated and named_org and person.party != stated else person.party

    def _register_person(self, mention: Mention) -> None:
        known = self.actors.persons.get(mention.entity)
        surface = _without_title(mention)
        full = len(surface.split()) >= 2
        stated = mention.known_title if self._states_title(mention) else None
        if known is None:
            name = surface if full or not mention.name else mention.name
            known = Person(mention.entity, name, mention.party, mention.title, mention, stated)
            self.actors.persons[mention.entity] = known
        else:
            known.dictionary_title = known.dictionary_title or stated
            if known.title is None and mention.title and mention.party:
                known.party = mention.party  # the first title the article gives says whom they act for
            if known.title is None and mention.title:
                known.title, known.evidence = mention.title, mention
            if not known.party and mention.party:
                known.party = mention.party
            if full and len(known.name.split()) < 2:
                known.name = surface
        words = phrase_key(known.name).split()
        if len(words) >= 2:
            actor = Actor("person", known.party, known.name)
            self.learn(" ".join(words), actor)
            self.learn(words[-1], actor)

    def _states_title(self, mention: Mention) -> bool:
        """Whether the sentence of ``mention`` gives the title the dictionary holds for its person: the
        dictionary says who holds an office now, and an article from another year may name someone who did
        not hold it then ("Secretary of State Marco Rubio" in 2016)."""
        title = phrase_key(mention.known_title or "")
        if not title:
            return False
        return f" {title} " in f" {phrase_key(self.doc.sentences[mention.sid].text)} "

    # -- references back: "the union", "the envoy", "he" ----------------------------------------------------


def _without_title(mention: Mention) -> str:
    """How the article writes a person's name, without a title the dictionary's phrase took in with it
    ("Russian President Vladimir Putin" is "Vladimir Putin")."""
    surface, name = mention.surface, mention.name
    if (
        name
        and phrase_key(surface) != phrase_key(name)
        and phrase_key(surface).endswith(" " + phrase_key(name))
    ):
        return name
    return surface


def _name_words(entity: str) -> tuple[str, ...]:
    """First and last word of a person's key, without middle initials and suffixes ("p:joseph r biden jr")."""
    words = [w for w in entity[2:].split() if len(w) > 1 and w not in _NAME_SUFFIXES and w != "."]
    return (words[0], words[-1]) if len(words) >= 2 else tuple(words)


def _initial(token: Token) -> bool:
    return len(token.text) == 1 and token.text.isupper()


def find_actors(doc: Doc, lexicon: Lexicon) -> Actors:
    """All actor mentions of ``doc``, sentence by sentence, with the people and their parties."""
    finder = _Finder(doc, lexicon)
    for sentence in doc.sentences:
        finder.sentence(sentence)
    return finder.actors
