"""Act clauses read from the dependency parse: an act verb (by lemma, so every inflection counts), its actor
(the subject and its conjuncts, or a passive's agent), its object phrase, negation, and whether it is only
hoped for or conditional.

The verbs come from ``data/acts.txt`` (sections ``verbs.*``), each a CAMEO event class in English: 05 agree,
08 yield, 10 demand, 12 reject, 03 propose. What the object names decides what a clause is about: a plan
("rejected the proposal"), a demand ("dropped its demand for"), a deal ("reached a deal"), or an issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .actors import Actors
from .document import Doc, SentenceView
from .pipeline import is_pronoun, is_verb, verb_lemmas
from .speakers import subject_of
from .words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Clause", "is_act_verb", "is_answered", "may_act", "noun_kind", "read_clauses"]

_KINDS = ("accept", "reject", "consider", "propose", "offer", "demand", "concede", "agree", "shift", "oppose")
_NEGATORS = frozenset({"not", "n't", "never", "no"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall", "ca", "wo"})
_HOPING = word_list("acts.txt", "hoping_verbs")
"""Verbs that put the act they govern in the future or in doubt ("hopes to reach a deal")."""
_REFUSING = word_list("acts.txt", "refusing_verbs")
"""Verbs that negate the act they govern ("refused to accept", "failed to reach")."""
_CONDITIONS = word_list("acts.txt", "condition_marks")
_NOUNS = {kind: word_list("acts.txt", f"nouns.{kind}") for kind in ("proposal", "demand", "deal", "stance")}
_GENERIC_SIDES = word_list("acts.txt", "generic_sides")
_CONCESSION_NOUNS = word_list("acts.txt", "nouns.concession")
_GENERIC_HEADS = word_list("acts.txt", "generic_heads")
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
_TIMES = word_list("acts.txt", "times")
"""Days and months: "agreed on Monday" names a time, not what was agreed."""
_MAX_OBJECT_TOKENS = 14


@lru_cache(maxsize=1)
def _verbs() -> dict[str, str]:
    """Every act verb ("turn down", "accept") and its kind."""
    return {phrase: kind for kind in _KINDS for phrase in word_list("acts.txt", f"verbs.{kind}")}


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    """Written forms of the act verbs' first words and their lemmas ("rejected" -> "reject")."""
    return verb_lemmas({phrase.split()[0] for phrase in _verbs()})


@lru_cache(maxsize=1)
def _governing_forms() -> dict[str, str]:
    """Written forms of the hoping and refusing verbs and their lemmas ("wants" -> "want")."""
    return verb_lemmas(_HOPING | _REFUSING)


def may_act(s: SentenceView) -> bool:
    """Whether body sentence ``s`` holds a word that may be an act verb (so the parser should read it)."""
    forms = _forms()
    return s.id > 0 and any(norm in forms or norm in _CONCESSION_NOUNS for norm in s.norms)


def is_act_verb(word: str) -> bool:
    """Whether ``word`` is a form of an act verb ("drop" in "agreed to drop its demand")."""
    return word in _forms()


_ANSWER_KINDS = frozenset({"accept", "reject", "consider", "shift", "oppose"})


def is_answered(noun: Token) -> bool:
    """Whether ``noun`` is what an answer verb takes ("rejected the demand", "dropped its call for", "objected
    to the demands"): the demand is another party's, or withdrawn, and is read with that verb."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "prt"):
        head = head.head  # "objected to the demands"
    if noun.dep_ not in ("dobj", "pobj", "nsubjpass") or not head.tag_.startswith("VB"):
        return False
    kind = _kind(head)
    return kind is not None and kind[0] in _ANSWER_KINDS


def noun_kind(word: str) -> str | None:
    """What a noun names: 'proposal', 'demand', 'deal' or 'stance' (None for anything else)."""
    word = word.lower().rsplit("-", 1)[-1]
    if word.startswith("counter") and len(word) > len("counter"):
        word = word[len("counter") :]
    singular = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return next((kind for kind, nouns in _NOUNS.items() if word in nouns or singular in nouns), None)


@dataclass
class Clause:
    """One act verb in a parsed sentence and what the parse says about it."""

    kind: str
    lemma: str
    sid: int
    verb_start: int
    verb_end: int
    actors: list[str]
    generic_actor: bool
    negated: bool
    tentative: bool
    conditional: bool
    passive: bool
    object_start: int | None = None
    object_end: int | None = None
    object_head: str = ""
    owner: str = ""
    partner: str = ""
    no_longer: bool = False
    infinitive: bool = False
    topic_start: int | None = None
    topic_end: int | None = None
    topic_label: str = ""
    topic_head_start: int | None = None
    topic_compound: bool = False
    """Whether the topic's noun has a noun before it that says which kind ("water quotas")."""
    subtree_end: int | None = None
    subject: str = "none"
    """What the subject is: 'party', 'pronoun', 'other' (a noun naming no party) or 'none'."""
    object_clause: bool = False
    """Whether the object is a clause ("offered to double", "insisted that ... be")."""
    object_future: bool = False
    """Whether that clause says what will be done ("agreed that the data would be shared")."""
    object_subjunctive: bool = False
    """Whether that clause asks for something ("that its consent be required", "that X must")."""
    topic_via: bool = False
    """Whether the topic is what a plan, demand or stance is for or on ("its demand for a veto")."""


def read_clauses(doc: Doc, s: SentenceView, actors: Actors) -> list[Clause]:
    """The act clauses of parsed sentence ``s`` (none if it has no parse)."""
    parsed = doc.parse_of(s.id)
    if parsed is None:
        return []
    out: list[Clause] = []
    for token in parsed:
        if not is_verb(token):
            continue
        found = _kind(token)
        if found is None:
            continue
        kind, lemma = found
        clause = _clause(s, token, kind, lemma, actors)
        if clause is not None:
            out.append(clause)
    return out


def _kind(token: Token) -> tuple[str, str] | None:
    lemma = _forms().get(token.lower_)
    if lemma is None:
        return None
    verbs = _verbs()
    for child in token.children:
        if child.dep_ in ("prt", "prep", "advmod") and child.i > token.i:
            phrase = f"{lemma} {child.lower_}"
            if phrase in verbs:
                return verbs[phrase], phrase
    if lemma in verbs:
        return verbs[lemma], lemma
    return None


def _clause(s: SentenceView, verb: Token, kind: str, lemma: str, actors: Actors) -> Clause | None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subject = subject_of(verb)
    parties, generic = _parties(s, subject, actors)
    negated = any(c.dep_ == "neg" or (c.lower_ in _NEGATORS and c.dep_ == "advmod") for c in verb.children)
    no_longer = any(c.lower_ == "longer" and c.dep_ == "advmod" for c in verb.children) or any(
        c.lower_ == "no" and c.nbor(1).lower_ == "longer" for c in verb.children if c.i + 1 < len(c.doc)
    )
    tentative = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    head = verb.head
    infinitive_under = verb.dep_ == "ccomp" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    if (verb.dep_ == "xcomp" or infinitive_under) and head.i != verb.i:
        head_lemma = _governing_forms().get(head.lower_) or head.lower_
        if head.lower_ in _REFUSING or head_lemma in _REFUSING:
            negated = True
        elif head.lower_ in _HOPING or head_lemma in _HOPING:
            tentative = True
        if any(c.dep_ == "neg" for c in head.children):
            negated = not negated
        tentative = tentative or any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children)
    conditional = any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in verb.children) or any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
        for c in verb.children
    )
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        tentative = True
    clause = Clause(
        kind,
        lemma,
        s.id,
        s.start + verb.idx,
        s.start + verb.idx + len(verb.text),
        parties,
        generic,
        negated,
        tentative,
        conditional,
        passive,
    )
    clause.no_longer = no_longer
    # "attempts to reach a deal", "ready to sign", "from striking a deal": not yet done
    clause.infinitive = verb.dep_ == "pcomp" or (
        any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and (verb.dep_ in ("acl", "advcl", "relcl") or not is_verb(verb.head))
    )
    if subject is not None:
        clause.subject = "party" if parties else "pronoun" if is_pronoun(subject) else "other"
    target = _object(verb, passive, lemma)
    if target is None and kind == "shift" and subject is not None and noun_kind(_word(subject)) == "stance":
        target = subject  # "Thane's tone had changed": the stance that changed is its own subject
    if target is not None:
        left, right = _phrase(target)
        clause.object_start = s.start + left.idx
        clause.object_end = s.start + right.idx + len(right.text)
        clause.object_head = _word(target)
        clause.object_clause = any(
            is_verb(node) and node.dep_ in ("xcomp", "ccomp") and node.head.i == verb.i
            for node in (target, target.head)
        )
        clause_verb = target if is_verb(target) else target.head
        clause.object_future = clause.object_clause and any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "should", "must", "wo")
            for c in clause_verb.children
        )
        clause.object_subjunctive = clause.object_clause and (
            (clause_verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause_verb.children))
            or any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in ("must", "should", "be")
                for c in clause_verb.children
            )
        )
        clause.owner = _owner(s, target, actors)
        edge = target.right_edge
        clause.subtree_end = s.start + edge.idx + len(edge.text)
        topic = _topic(target)
        if topic is not None:
            first, last = _phrase(topic)
            clause.topic_start = s.start + first.idx
            clause.topic_end = s.start + last.idx + len(last.text)
            clause.topic_label = _label(topic)
            clause.topic_head_start = s.start + topic.idx
            clause.topic_via = topic.i != target.i and noun_kind(_word(target)) is not None
            clause.topic_compound = any(
                c.dep_ == "compound" and c.tag_ in ("NN", "NNS") and c.i < topic.i for c in topic.children
            )
    clause.partner = _partner(s, verb, actors, parties)
    return clause


def _parties(s: SentenceView, subject: Token | None, actors: Actors) -> tuple[list[str], bool]:
    """The parties of a subject and its conjuncts ("Arvenna and Dorvania"), and whether it is a generic
    "both sides"."""
    if subject is None:
        return [], False
    out: list[str] = []
    for token in (subject, *subject.conjuncts):
        party = _party_at(s, token, actors)
        if party and party not in out:
            out.append(party)
    if not out:  # "mediators from Qadira and Almira", "officials of the union"
        for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("from", "of")):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                for token in (pobj, *pobj.conjuncts):
                    party = _party_at(s, token, actors)
                    if party and party not in out:
                        out.append(party)
    generic = not out and (
        subject.lower_ in _GENERIC_SIDES
        or subject.lower_ == "they"
        or any(
            c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet") for c in subject.children
        )
    )
    return out, generic


def _party_at(s: SentenceView, token: Token, actors: Actors) -> str:
    """The party named at ``token``, or by its possessor or apposition ("Arvenna's minister, X")."""
    for node in (token, *(c for c in token.children if c.dep_ in ("poss", "appos", "compound", "amod"))):
        mention = actors.covering(s.id, s.start + node.idx)
        if mention is not None:
            if mention.kind == "media" or mention.locative:
                continue
            party = actors.party_of(mention)
            if party:
                return party
        elif _proper(node):
            party = _named_elsewhere(actors, node.text)
            if party:
                return party
    return ""


def _named_elsewhere(actors: Actors, name: str) -> str:
    """The party a name stands for where the article names it elsewhere (one the actor finder missed here)."""
    for mentions in actors.mentions:
        for mention in mentions:
            if mention.surface == name and mention.kind not in ("media", "person") and not mention.locative:
                return actors.party_of(mention)
    return ""


def _object(verb: Token, passive: bool, phrase: str) -> Token | None:
    """The thing acted on: the direct object, a passive's subject, the object of the verb's preposition
    ("insist on", "call for"), or an infinitive's object ("agreed to release the prisoners")."""
    children = list(verb.children)
    if passive:
        found = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if found is not None:
            return found
    found = next((c for c in children if c.dep_ in _OBJECT_DEPS), None)
    if found is not None and not _proper(found):
        return found
    words = set(phrase.split()[1:])
    if words:  # "moved away from its demand", "came down to 750": what the particle verb moves from or to
        words |= {"from", "to"}
    preps = [c for c in children if c.dep_ in ("prep", "prt", "advmod") and c.i > verb.i]
    preps += [g for c in preps if c.lower_ in words for g in c.children if g.dep_ == "prep"]
    for prep in preps:
        if prep.lower_ not in words and not (found is not None and prep.lower_ == "with"):
            # "proposed on Monday to ...": a time, not the thing; "presented X with a plan": the plan
            continue
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and pobj.lower_ not in _TIMES:
            return pobj
    if found is not None:
        return found
    xcomp = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if xcomp is not None:
        inner = next((c for c in xcomp.children if c.dep_ in _OBJECT_DEPS), None)
        return inner or xcomp
    for prep in (
        c for c in children if c.dep_ == "prep" and c.lower_ in ("to", "on", "for") and c.i > verb.i
    ):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and pobj.tag_ in ("NN", "NNS"):
            return pobj
    return None


def _word(token: Token) -> str:
    """The whole written word of ``token``, hyphenated parts joined ("counter-proposal")."""
    doc, left, right = token.doc, token.i, token.i
    while right + 2 < len(doc) and doc[right + 1].text == "-" and not doc[right + 1].whitespace_:
        right += 2
    while left >= 2 and doc[left - 1].text == "-" and not doc[left - 2].whitespace_:
        left -= 2
    return doc[left : right + 1].text.lower()


def _proper(token: Token) -> bool:
    """Whether ``token`` heads a name ("the Hadar Front", "Kelvara")."""
    return token.tag_ in ("NNP", "NNPS")


def _phrase(token: Token) -> tuple[Token, Token]:
    """The first and last tokens of ``token``'s phrase, cut short of a relative clause and long tails."""
    left, right = token.left_edge, token.right_edge
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj") and child.i > token.i:
            right = token.doc[max(token.i, child.left_edge.i - 1)]
            break
    if right.i - left.i + 1 > _MAX_OBJECT_TOKENS:
        whole = right
        right = token.doc[min(right.i, left.i + _MAX_OBJECT_TOKENS - 1)]
        while right.i < whole.i and _proper(right) and _proper(token.doc[right.i + 1]):
            right = token.doc[right.i + 1]  # never cut inside a name ("in Saudi Arabia")
    while right.i > token.i and right.is_punct:
        right = token.doc[right.i - 1]
    return left, right


def _owner(s: SentenceView, target: Token, actors: Actors) -> str:
    """The party a plan or demand belongs to: "Arvenna's plan", "the union's demand", "the plan by X"."""
    for child in target.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < target.i:
            party = _party_at(s, child, actors)
            if party:
                return party
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from", "of"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            party = _party_at(s, pobj, actors) if pobj is not None else ""
            if party:
                return party
        if child.dep_ in ("relcl", "acl"):
            inner = subject_of(child)
            party = _party_at(s, inner, actors) if inner is not None else ""
            if party:
                return party
    return ""


def _partner(s: SentenceView, verb: Token, actors: Actors, parties: list[str]) -> str:
    """The other party a verb names: "with X", "to X", "urged X", "called on X"."""
    for child in verb.children:
        candidates = []
        if child.dep_ == "prep" and child.lower_ in ("with", "to", "on", "from"):
            candidates = [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in ("dative", "dobj"):
            candidates = [child]
        for candidate in candidates:
            party = _party_at(s, candidate, actors)
            if party and party not in parties:
                return party
    return ""


_TOPIC_PREPS = frozenset({"for", "on", "over", "to", "of", "about", "with"})
_LABEL_DEPS = frozenset({"compound", "amod", "nmod"})
_MAX_LABEL_WORDS = 3


def _topic(target: Token) -> Token | None:
    """The noun a clause is about: the object itself, or what a plan, demand or stance is for or on ("its
    demand for a veto", "its position on arbitration"); None for a pronoun or a bare "the plan"."""
    if noun_kind(_word(target)) == "deal":
        return target
    if noun_kind(_word(target)) is None:
        if not target.tag_.startswith("NN") or _proper(target):
            return None
        if target.lower_ in _GENERIC_HEADS and not any(c.dep_ in _LABEL_DEPS for c in target.children):
            return None  # "that commitment": no agenda item on its own ("the flow figure" is one)
        of = next((c for c in target.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.tag_ in ("NN", "NNS") and noun_kind(pobj.lower_) is None:
            return pobj  # "part of the stockpile", "the release of the detainees": what it is of
        return target
    for _ in range(2):  # "its demand for a veto over new dams": past the veto to the dams
        prep = next((c for c in target.children if c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS), None)
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        if pobj is None or not pobj.tag_.startswith("NN") or pobj.tag_ in ("NNP", "NNPS"):
            return None
        if noun_kind(pobj.lower_) in (None, "deal"):
            return pobj
        target = pobj
    return None


def _label(token: Token) -> str:
    """A short label of a noun phrase: its noun and adjective modifiers and the noun ("dry-season flow"), and
    what it is over or of when that is a noun too ("veto over new dams"). A hyphenated word counts whole
    ("no-fly zone", "cease-fire proposal"); one starting with digits is a measure, not a kind ("45-day")."""
    words = [
        word
        for word in _hyphenated_words(token)
        if any(_modifies(t, token) for t in word) and not (word[0] != token and word[0].text[0].isdigit())
    ]
    return " ".join("".join(t.text for t in word) for word in words[-_MAX_LABEL_WORDS - 1 :]).lower()


def _hyphenated_words(token: Token) -> list[list[Token]]:
    """The tokens up to ``token`` of its subtree, grouped into words: a run joined by hyphens without spaces
    ("no", "-", "fly") is one word."""
    words: list[list[Token]] = []
    for t in token.subtree:
        if t.i > token.i:
            break
        joined = t.i > 0 and not t.doc[t.i - 1].whitespace_ and (t.text == "-" or t.doc[t.i - 1].text == "-")
        if words and joined and words[-1][-1].i == t.i - 1:
            words[-1].append(t)
        else:
            words.append([t])
    return words


def _modifies(word: Token, head: Token) -> bool:
    """Whether ``word`` is ``head`` or one of its noun or adjective modifiers (names and numbers left out)."""
    if word.i == head.i:
        return True
    if word.tag_ in ("NNP", "NNPS", "CD", "PRP$", "POS") or word.like_num:
        return False
    node = word
    while node.i != head.i:
        if node.dep_ not in _LABEL_DEPS and not (node.dep_ == "punct" and node.text == "-"):
            return False
        node = node.head
    return True
