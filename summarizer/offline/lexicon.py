"""The dictionaries the offline extractor matches against, loaded once per process from ``data/``.

Derived from the CAMEO / Phoenix event-coding dictionaries (``actors.tsv``, ``parties.tsv``, ``agents.tsv``,
``verbs.tsv``; see ``data/README.md``) and hand-written supplements (``officeholders.tsv``, ``media.tsv``,
``issues.tsv``). Users extend the actor dictionary with their own files (:func:`load_lexicon`), one entry a
line, tab-separated::

    # phrase <TAB> party <TAB> kind <TAB> title
    Harold Daggett	International Longshoremen's Association	person	union president
    ILA	International Longshoremen's Association	organization

``party`` is a country or organisation name or code (``USA``, ``United States``, ``NATO``) or any other name,
which then becomes a party of its own; ``kind`` is one of person, organization, institution, country, media
(default: organization when the phrase is the party's own name, person when it has two to four capitalised
words, else organization).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from summarizer.errors import ConfigurationError

from .text import FUNCTION_WORDS, phrase_key
from .words import word_list

__all__ = [
    "ROLE_WORDS",
    "Actor",
    "IssueCue",
    "Lexicon",
    "PartyInfo",
    "load_lexicon",
]

KINDS = frozenset({"country", "place", "institution", "person", "organization", "media"})

ROLE_WORDS = word_list("names.txt", "role_words")
"""Words that name a role a person speaks or acts in (in addition to the Phoenix agent dictionary)."""

_TITLE_MODIFIERS = word_list("names.txt", "title_modifiers")


@dataclass(frozen=True, slots=True)
class Actor:
    """What a dictionary phrase names: kind, the party it stands for, a display name and an optional title."""

    kind: str
    party: str
    name: str
    title: str | None = None
    media_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PartyInfo:
    """A party the dictionaries know: its key, display name and schema kind."""

    key: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class IssueCue:
    """An agenda item and the keyword pattern that signals it."""

    id: str
    label: str
    pattern: str


@dataclass
class Lexicon:
    """All dictionaries, indexed for token-by-token longest-match lookup."""

    actors: dict[str, Actor] = field(default_factory=dict)
    parties: dict[str, PartyInfo] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    issues: tuple[IssueCue, ...] = ()
    _actor_span: dict[str, int] = field(default_factory=dict)
    _role_span: dict[str, int] = field(default_factory=dict)
    _party_by_name: dict[str, str] = field(default_factory=dict)
    title_words: frozenset[str] = frozenset()
    issue_regex: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!x)x"))

    def add_actor(self, key: str, actor: Actor, *, override: bool = True) -> None:
        """Register ``actor`` under the phrase key ``key``."""
        if not key or (not override and key in self.actors):
            return
        self.actors[key] = actor
        first, _, _ = key.partition(" ")
        self._actor_span[first] = max(self._actor_span.get(first, 0), key.count(" ") + 1)

    def add_party(self, info: PartyInfo) -> None:
        """Register a party and its name for look-up by name."""
        self.parties[info.key] = info
        self._party_by_name.setdefault(info.name.lower(), info.key)

    def party_key(self, name_or_code: str) -> str | None:
        """The key of a party given by key (``USA``) or name (``United States``), if known."""
        if name_or_code in self.parties:
            return name_or_code
        return self._party_by_name.get(name_or_code.strip().lower())

    def match_actor(self, norms: Sequence[str], i: int) -> tuple[int, Actor] | None:
        """The longest dictionary phrase starting at token ``i``: its length in tokens and its actor."""
        return next(self.actor_matches(norms, i), None)

    def actor_matches(self, norms: Sequence[str], i: int) -> Iterator[tuple[int, Actor]]:
        """Every dictionary phrase starting at token ``i``, longest first."""
        longest = self._actor_span.get(norms[i], 0)
        for length in range(min(longest, len(norms) - i), 0, -1):
            actor = self.actors.get(" ".join(norms[i : i + length]))
            if actor is not None:
                yield length, actor

    def match_role(self, norms: Sequence[str], i: int) -> int:
        """Length in tokens of the longest role phrase ("special envoy") from token ``i``; 0 if none."""
        longest = self._role_span.get(norms[i], 0)
        for length in range(min(longest, len(norms) - i), 0, -1):
            if " ".join(norms[i : i + length]) in self.roles:
                return length
        return 0

    def is_role_word(self, norm: str) -> bool:
        """Whether ``norm`` is a single-word role ("envoy", "spokesman")."""
        return norm in ROLE_WORDS or self.roles.get(norm) is not None

    def party_info(self, key: str) -> PartyInfo:
        """The party registered under ``key`` (an unknown key gets a neutral placeholder)."""
        return self.parties.get(key) or PartyInfo(
            key, key.lstrip("@").replace("-", " ").title(), "organization"
        )


def _data_lines(name: str) -> Iterable[list[str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _read_user_lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"{path}: cannot read the actor dictionary ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path}: the actor dictionary is not UTF-8 text ({exc.reason})") from None
    return list(enumerate(text.splitlines(), 1))


def _base() -> Lexicon:
    lexicon = Lexicon()
    for key, name, kind in _data_lines("parties.tsv"):
        lexicon.add_party(PartyInfo(key, name, kind))
    for key, kind, party, name in _data_lines("actors.tsv"):
        lexicon.add_actor(key, Actor(kind, party.replace(" ", "-") if party.startswith("@") else party, name))
    for row in _data_lines("media.tsv"):
        name, media_kind = row[0], row[1]
        spellings = [name, *(s for s in (row[2] if len(row) > 2 else "").split(";") if s.strip())]
        for spelling in spellings:
            lexicon.add_actor(phrase_key(spelling), Actor("media", "", name, media_kind=media_kind))
    for key, sector in _data_lines("agents.tsv"):
        lexicon.roles[key] = sector
    for word in ROLE_WORDS:
        lexicon.roles.setdefault(word, "")
    for key in lexicon.roles:
        first, _, _ = key.partition(" ")
        lexicon._role_span[first] = max(lexicon._role_span.get(first, 0), key.count(" ") + 1)
    lexicon.title_words = frozenset(
        {w for key in lexicon.roles for w in key.split() if w.isalpha() and w not in FUNCTION_WORDS}
        | _TITLE_MODIFIERS
    )
    for key, code in _data_lines("verbs.tsv"):
        lexicon.verbs[key] = code
    for row in _data_lines("officeholders.tsv"):
        name, party_ref, title = row[0], row[1], row[2] or None
        party = _resolve_party(lexicon, party_ref)
        for spelling in [name, *(s for s in (row[3] if len(row) > 3 else "").split(";") if s.strip())]:
            lexicon.add_actor(phrase_key(spelling), Actor("person", party, name, title))
    supplement = resources.files(__package__).joinpath("data", "supplement.tsv").read_text(encoding="utf-8")
    _add_entries(lexicon, enumerate(supplement.splitlines(), 1), "supplement.tsv")
    cues = [IssueCue(row[0], row[1], row[2]) for row in _data_lines("issues.tsv")]
    lexicon.issues = tuple(cues)
    alternatives = [[p.strip() for p in cue.pattern.split(" | ")] for cue in cues]
    initials = sorted({p[0] for group in alternatives for p in group if p[0].isalpha()})
    lexicon.issue_regex = re.compile(
        rf"\b(?=[{''.join(initials)}(])(?:"
        + "|".join(rf"(?P<i{index}>(?:{'|'.join(group)})\b)" for index, group in enumerate(alternatives))
        + ")"
    )
    return lexicon


def _resolve_party(lexicon: Lexicon, reference: str) -> str:
    known = lexicon.party_key(reference)
    if known is not None:
        return known
    key = "@" + phrase_key(reference).replace(" ", "-")
    if key not in lexicon.parties:
        lexicon.add_party(PartyInfo(key, reference.strip(), "organization"))
    return key


def _add_entries(lexicon: Lexicon, lines: Iterable[tuple[int, str]], source: str) -> None:
    for number, line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [column.strip() for column in line.split("\t")]
        if len(columns) < 2 or not columns[0] or not columns[1]:
            raise ConfigurationError(
                f"{source}:{number}: expected 'phrase<TAB>party[<TAB>kind[<TAB>title]]', got {line!r}"
            )
        phrase, party_ref = columns[0], columns[1]
        kind = columns[2].lower() if len(columns) > 2 and columns[2] else _guess_kind(phrase, party_ref)
        if kind not in KINDS:
            raise ConfigurationError(
                f"{source}:{number}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}"
            )
        title = columns[3] if len(columns) > 3 and columns[3] else None
        party = "" if kind == "media" else _resolve_party(lexicon, party_ref)
        name = phrase if kind in ("person", "media") else lexicon.party_info(party).name
        lexicon.add_actor(
            phrase_key(phrase), Actor(kind, party, name, title, "agency" if kind == "media" else None)
        )


def _guess_kind(phrase: str, party: str) -> str:
    if phrase.strip().lower() == party.strip().lower():
        return "organization"
    words = phrase.split()
    return "person" if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) else "organization"


@lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...]) -> Lexicon:
    lexicon = _base() if not extra else _copy(_cached(()))
    for path in extra:
        _add_entries(lexicon, _read_user_lines(Path(path)), path)
    return lexicon


def _copy(base: Lexicon) -> Lexicon:
    return Lexicon(
        actors=dict(base.actors),
        parties=dict(base.parties),
        roles=base.roles,
        verbs=base.verbs,
        issues=base.issues,
        _actor_span=dict(base._actor_span),
        _role_span=base._role_span,
        _party_by_name=dict(base._party_by_name),
        title_words=base.title_words,
        issue_regex=base.issue_regex,
    )


def load_lexicon(extra: Sequence[str | Path] = ()) -> Lexicon:
    """The built-in dictionaries plus the user's actor files ``extra`` (later win); cached per process."""
    return _cached(tuple(str(Path(p).resolve()) for p in extra))
