"""Actors the dictionaries do not know but the article shows acting: "Velestan insisted", "Moldara's
president", "Moldaran citizens".

A capitalised name that is not a person's, occurs at least twice, and is once the subject of a speech or act
verb, or owns a role ("X's president"), becomes a party of its own: a state when the article also uses a
demonym of it or gives it state attributes, an organisation otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Doc, SentenceView
from .lexicon import Actor, Lexicon
from .names import title_case
from .text import FUNCTION_WORDS, Token, phrase_key, word_set
from .words import word_list

__all__ = ["Declared", "declared_actors"]

ACT_VERBS = word_list("names.txt", "act_verbs")
"""Verbs (past, third person and plain present, for plural subjects) that show their subject acting."""
# CAMEO root codes of verbs whose subject is an actor: 02 appeal, 03 intend to cooperate, 05 cooperate,
# 08 yield, 10-13 demand, disapprove, reject, threaten, 16-17 reduce relations, coerce. (01 statements and
# 04 consultation include "go", "come", "think": too common to tell an actor.)
_CAMEO_ACTS = word_set("02 03 05 08 10 11 12 13 16 17")
# Capitalised words that name a body, not a first name ("Senate Democrats", "House Republicans").
_BODIES = word_list("names.txt", "bodies")
# Words before a name that make it a place or a common noun ("in Dawra", "the Convention").
_PLACE_LEAD = word_set("in at to from through into of near the")
_AUX = word_set("has have had would will also has had is was were are not")
_STATE_NOUNS = word_list("names.txt", "state_nouns")
ORG_WORDS = word_list("names.txt", "org_words")
MEDIA_NOUNS = word_list("attribution.txt", "media_nouns")
"""Common nouns for a news outlet ("the German business daily")."""
_APPOSITION_REACH = 6
"""How many words after a name and its comma may say what it is."""
COURTESY_TITLES = word_list("names.txt", "courtesy_titles")
"""Titles that only a person's name follows ("Mr. Mitchell", "Sen. Cardin")."""
_STOP = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december i we you they it he she this that these those
    there here but and or so if when while after before since mr ms mrs dr nobody everyone someone"""
)


@dataclass(frozen=True)
class Declared:
    """A name the article shows acting, the actor to learn it as, and the party's schema kind."""

    key: str
    actor: Actor
    party_kind: str


def _runs(s: SentenceView) -> list[tuple[int, int]]:
    tokens, runs, i = s.tokens, [], 0
    while i < len(tokens):
        hyphenated = i > 0 and tokens[i - 1].norm == "-" and tokens[i - 1].end == tokens[i].start
        if hyphenated or not (
            tokens[i].is_word and tokens[i].is_capitalized and tokens[i].norm not in FUNCTION_WORDS
        ):
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 3
            and tokens[j].is_word
            and tokens[j].is_capitalized
            and not tokens[j - 1].possessive
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def declared_actors(doc: Doc, lexicon: Lexicon) -> list[Declared]:
    """The undeclared-but-acting names of ``doc``, in order of first appearance."""
    counts: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    acting: set[str] = set()
    stately: set[str] = set()
    surface: dict[str, str] = {}
    person_parts: set[str] = set()
    for s in doc.sentences:
        if title_case(s.tokens):
            continue
        person_parts.update(_person_like_words(s, lexicon))
        for i, j in _runs(s):
            words = s.norms[i:j]
            if j - i > 1 and _group_name(s, i, j, lexicon):
                _count_group(s, i, j, counts, surface, acting, inner)
                continue
            if (
                j - i != 1
                or not _name_word(s.tokens[i], lexicon)
                or lexicon.match_actor(s.norms, i) is not None
                or (words[0].endswith("s") and lexicon.match_actor([words[0][:-1]], 0) is not None)
            ):
                continue
            key = words[0]
            counts[key] += 1
            surface.setdefault(key, s.tokens[i].text)
            if i > 0:
                inner[key] += 1
                if _placed(s, i, lexicon):
                    placed[key] += 1
            nxt = _next_content(s, j)
            if i >= 2 and s.norms[i - 1] == "of" and s.norms[i - 2] in _STATE_NOUNS:
                acting.add(key)
                stately.add(key)
            if s.tokens[i].possessive and j < len(s.tokens) and s.norms[j] in _STATE_NOUNS:
                acting.add(key)
                stately.add(key)
            elif (
                (s.tokens[i].possessive and j < len(s.tokens) and lexicon.is_role_word(s.norms[j]))
                or nxt in ACT_VERBS
                or lexicon.verbs.get(nxt, "")[:2] in _CAMEO_ACTS
            ):
                acting.add(key)
    demonyms = sorted(_demonyms(doc))
    person_parts |= _surnames(doc, lexicon, {key for key in acting if counts[key] >= 2})
    person_parts |= _outlets(doc, {key for key in acting if counts[key] >= 2})
    accepted = [
        key
        for key in counts
        if key not in person_parts
        and key in acting
        and counts[key] >= 2
        and (inner[key] or key in stately or any(_is_demonym(form, key) for form in demonyms))
        and (placed[key] * 2 < counts[key] or (key in stately and placed[key] < counts[key]))
    ]
    forms_of = {key: [form for form in demonyms if _is_demonym(form, key)] for key in accepted}
    all_forms = {form for forms in forms_of.values() for form in forms}
    found: list[Declared] = []
    for key in accepted:
        if key in all_forms:
            continue  # "Veridian" is Veridia's demonym, not an actor of its own
        owner = key + "s" if key + "s" in accepted else key  # "Republican" goes with "Republicans"
        name = surface[owner]
        party = "@" + phrase_key(name).replace(" ", "-")
        state = key in stately or bool(forms_of[key])
        found.append(
            Declared(
                key,
                Actor("country" if state else "organization", party, name),
                "state" if state else "organization",
            )
        )
        found += [Declared(form, Actor("country", party, name), "state") for form in forms_of[key]]
    return found


def _placed(s: SentenceView, i: int, lexicon: Lexicon) -> bool:
    """Whether the name at token ``i`` stands where a place or a common noun would ("in Dawra").

    "the Greens" (a plural after "the") names a group, and "mediators from Dawra" the group's origin.
    """
    lead = s.norms[i - 1]
    if lead not in _PLACE_LEAD:
        return False
    if lead == "the" and s.norms[i].endswith("s") and not s.norms[i].endswith("ss"):
        return False
    origin = lead == "from" and i >= 2 and s.norms[i - 2].endswith("s")
    return not (origin and lexicon.is_role_word(s.norms[i - 2]))


def _group_name(s: SentenceView, i: int, j: int, lexicon: Lexicon) -> bool:
    """ "the Social Democrats": two or three name words after "the", the last a plural, none known."""
    last = s.norms[j - 1]
    return (
        i > 0
        and s.norms[i - 1] == "the"
        and last.endswith("s")
        and not last.endswith("ss")
        and not s.tokens[j - 1].text.isupper()
        and _name_word(s.tokens[j - 1], lexicon)
        and all(token.text[1:].islower() and token.norm not in _STOP for token in s.tokens[i:j])
        and all(lexicon.match_actor(s.norms, k) is None for k in range(i, j))
        and not lexicon.is_role_word(last)
    )


def _count_group(
    s: SentenceView,
    i: int,
    j: int,
    counts: Counter[str],
    surface: dict[str, str],
    acting: set[str],
    inner: Counter[str],
) -> None:
    key = " ".join(s.norms[i:j])
    counts[key] += 1
    inner[key] += 1
    surface.setdefault(key, " ".join(token.text for token in s.tokens[i:j]))
    if _next_content(s, j) in ACT_VERBS:
        acting.add(key)


def _person_like_words(s: SentenceView, lexicon: Lexicon) -> list[str]:
    """Words of runs of two to four name-like words ("Helena Varga"): parts of people's names.

    Runs next to "of" or an organisation word ("Committee of Aranda Bondholders") are names of bodies.
    """
    out: list[str] = []
    tokens, i = s.tokens, 0
    while i < len(tokens):
        if not tokens[i].is_capitalized or i + 1 == len(tokens) or not tokens[i + 1].is_capitalized:
            i += 1
            continue
        j = i
        while j < len(tokens) and _name_word(tokens[j], lexicon) and lexicon.match_actor(s.norms, j) is None:
            j += 1
            if tokens[j - 1].possessive:
                break
        if 2 <= j - i <= 4 and not tokens[j - 2].possessive:
            before = s.norms[i - 1] if i > 0 else ""
            after = s.norms[j] if j < len(tokens) else ""
            body = before == "of" or after in ORG_WORDS or (j < len(tokens) and tokens[j].is_capitalized)
            if not body and _person_context(s, i, j, lexicon):
                out.extend(s.norms[i:j])
        i = max(j, i + 1)
    return out


def _surnames(doc: Doc, lexicon: Lexicon, candidates: set[str]) -> set[str]:
    """Candidates that somewhere are part of a person's name: after a first name ("Rosa Delgado", "Dennis B.
    Ross", a known person's "Hillary Clinton") or a courtesy title ("Mr. Mitchell"), or before a surname
    ("Donald Trump"): people, not parties."""
    out: set[str] = set()
    # words the article also writes in lower case ("three") are common words even where a sentence opens
    common = {t.norm for s in doc.sentences for t in s.tokens if t.is_word and t.text[:1].islower()}
    for s in doc.sentences:
        tokens, norms = s.tokens, s.norms
        for k in range(1, len(tokens)):
            if norms[k] not in candidates or tokens[k - 1].possessive:
                continue
            if k == 1 and norms[0] in common:
                continue  # "Three Democrats voted": no first name
            if _after_first_name(s, k, lexicon, candidates) or _courtesy_title(s, k):
                out.add(norms[k])
        for k in range(len(tokens) - 1):
            following = tokens[k + 1]
            if (
                norms[k] in candidates
                and not tokens[k].possessive
                and following.is_word
                and tokens[k].end < following.start
                and _name_word(following, lexicon)
                and norms[k + 1] not in candidates
                and _known_person(lexicon, norms, k + 1)
            ):
                out.add(norms[k])  # "Donald" before a known person's surname
    return out


def _outlets(doc: Doc, candidates: set[str]) -> set[str]:
    """Candidates the article calls a news outlet ("Finanzkurier, the German business daily", "the newspaper
    Finanzkurier"): they report, they are no party."""
    out: set[str] = set()
    for s in doc.sentences:
        norms = s.norms
        for k, norm in enumerate(norms):
            if norm not in candidates:
                continue
            after = norms[k + 1 : k + 1 + _APPOSITION_REACH]
            if after[:1] == (",",) and any(w in MEDIA_NOUNS for w in after[1:] if w not in (",", ".")):
                out.add(norm)
            if k > 0 and norms[k - 1] in MEDIA_NOUNS:
                out.add(norm)
    return out


def _after_first_name(s: SentenceView, k: int, lexicon: Lexicon, candidates: set[str]) -> bool:
    tokens, norms = s.tokens, s.norms
    first = k - 1
    while first >= 1 and _middle_initial(s, first):
        first -= 2 if tokens[first].text == "." else 1  # "Dennis B. Ross"
    if first < 0 or tokens[first].end >= tokens[k].start or not tokens[first].is_word:
        return False
    known = lexicon.match_actor(norms, first)
    if known is not None:
        # the dictionary's "Hillary Clinton" reaches the candidate; "Senate Democrats" is a body
        return known[1].kind == "person" and first + known[0] > k
    if first == 0 and norms[first] in _BODIES:
        return False
    return (
        _name_word(tokens[first], lexicon) and norms[first] not in candidates and norms[first] not in _BODIES
    )


def _middle_initial(s: SentenceView, i: int) -> bool:
    """Whether token ``i`` is (the period of) a middle initial: "B" or "B." between two names."""
    tokens = s.tokens
    if tokens[i].text == "." and i >= 1:
        i -= 1
    return len(tokens[i].text) == 1 and tokens[i].text.isupper() and i >= 1


def _courtesy_title(s: SentenceView, k: int) -> bool:
    before = k - 2 if k >= 2 and s.tokens[k - 1].text == "." else k - 1
    return before >= 0 and s.norms[before] in COURTESY_TITLES


def _known_person(lexicon: Lexicon, norms: Sequence[str], k: int) -> bool:
    known = lexicon.match_actor(norms, k)
    return known is not None and known[1].kind == "person"


def _person_context(s: SentenceView, i: int, j: int, lexicon: Lexicon) -> bool:
    """A role before ("Trade Minister Helena Varga"), a role in apposition after, or a speech verb next."""
    if i > 0 and (lexicon.is_role_word(s.norms[i - 1]) or s.norms[i - 1] in lexicon.title_words):
        return True
    if j < len(s.tokens) and s.norms[j] in ("said", "says", "told", "added", "who"):
        return True
    if j < len(s.tokens) and s.norms[j] == ",":
        return any(lexicon.is_role_word(w) for w in s.norms[j + 1 : j + 8])
    return i > 1 and s.norms[i - 1] == "," and lexicon.is_role_word(s.norms[i - 2])


def _next_content(s: SentenceView, j: int) -> str:
    while j < len(s.tokens) and (s.norms[j] in _AUX or s.norms[j].endswith("ly")):
        j += 1
    return s.norms[j] if j < len(s.tokens) else ""


def _name_word(token: Token, lexicon: Lexicon) -> bool:
    norm = token.norm
    return (
        token.text[:1].isupper()
        and token.text[1:2].islower()
        and norm.isalpha()
        and norm not in _STOP
        and norm not in FUNCTION_WORDS
        and not lexicon.is_role_word(norm)
        and norm not in lexicon.title_words
    )


def _demonyms(doc: Doc) -> set[str]:
    out: set[str] = set()
    for s in doc.sentences:
        for token in s.tokens:
            if token.is_capitalized and token.norm.endswith(("an", "ani", "ian", "ese", "i")):
                out.add(token.norm)
    return out


def _is_demonym(form: str, key: str) -> bool:
    stem = key[:-1] if key.endswith(("a", "e", "o")) else key
    return form != key and any(form == stem + suffix for suffix in ("an", "ian", "i", "ese", "n"))
