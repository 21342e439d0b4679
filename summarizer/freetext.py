"""Checking the summary's own words: every name and number in its free text must stand in the article.

Evidence pins each item to a quote, but the headline, the abstract and the sentence that states each
position, demand, concession, proposal or sticking point are the model's own words; an abstract saying
"Putin agreed to withdraw all troops" would otherwise pass although no sentence of the article says so.

A *name* is a word written with a capital letter (a person, a place, an organisation, a title, a month
or a weekday), an acronym (``NATO``, ``U.S.``) or a capitalised word with digits (``G77``). A capital at
the start of a sentence (or after a colon, a semicolon or an opening quote) says nothing, so a word there
counts as a name only when it is not an ordinary English word (:mod:`summarizer._ordinary_words`, their
inflections, or a word of the same family the article writes in lower case). Each name word must occur in
the article, ignoring case, dots in abbreviations (``U.S.`` = ``US``), a possessive ``'s`` and the usual
derivations of a name (``Russian`` for ``Russia``, ``Democratic`` for ``Democrat``, ``Norwegian`` for
``Norway``); an acronym may stand for words the article spells out (``GDP``) and the other way round
(``United States`` for ``US``). Each name is checked word by word: the summary may say "Senate Democratic
leader Delgado" when the article names her and her party apart.

A *number* is what :mod:`summarizer._numbers` reads as one: a written number (``4,100``, ``1.2``, ``70%``,
``12th``) or a spelled one from two upward (``ten``, ``sixth``, ``twenty-five``); it must occur in the
article in either form (``ten`` = ``10``, ``1.2 million`` = ``1,200,000``), or be a percentage whose
complement to 100 is one (the other side of a split). "One" and "first" are left alone: they are pronouns
and idioms far more often than counts.

Text is compared after the normalisation grounding uses (curly quotes, dashes and white space folded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Literal

from ._numbers import SPELLED, WORD, canonical, number_values
from ._ordinary_words import ORDINARY_WORDS
from .schema import ITEM_LISTS, NegotiationSummary

__all__ = [
    "ArticleVocabulary",
    "Unsupported",
    "free_text",
    "free_text_errors",
    "problem_text",
    "unsupported",
    "vocabulary",
]


_FOLDED = {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"}
# A regular expression finds the few characters to fold far faster than str.translate walks every one.
_TO_FOLD = re.compile(f"[{''.join(_FOLDED)}]")
# A percentage or a scaled figure starts with a digit; the lookahead says so (see summarizer._numbers).
_PERCENTAGE = re.compile(r"(?=\d)(?<![\w.,])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_SCALED = re.compile(r"(?=\d)(\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|m|k)\b", re.IGNORECASE)
_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "trillion": 12,
}
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]|\s-)[\"'(\[]*$")
_OPENERS = "\"'(["
_LOOK_BACK = 16


# Derivations of names: Russia/Russian, Ukraine/Ukrainian, China/Chinese, Israel/Israeli, Democrat/Democratic.
_SUFFIXES = (
    "ians",
    "ian",
    "ans",
    "an",
    "ese",
    "ish",
    "ics",
    "ic",
    "ies",
    "ied",
    "ing",
    "ers",
    "er",
    "es",
    "ed",
    "ey",
    "ain",
    "i",
    "s",
    "n",
    "d",
    "a",
    "e",
    "o",
    "y",
)
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(suffix for suffix in _SUFFIXES if suffix[-1] == last) for last in {s[-1] for s in _SUFFIXES}
}
_MIN_STEM = 4
_FAMILY_ENDING = 4
"""Words of one family share all but at most this many last letters ("reduced", "reduction")."""
_IRREGULAR = {
    "afghan": "afghanistan",
    "belgian": "belgium",
    "briton": "britain",
    "british": "britain",
    "congolese": "congo",
    "cypriot": "cyprus",
    "dane": "denmark",
    "danish": "denmark",
    "dutch": "netherlands",
    "english": "england",
    "filipino": "philippines",
    "finn": "finland",
    "finnish": "finland",
    "french": "france",
    "greek": "greece",
    "icelandic": "iceland",
    "irish": "ireland",
    "kazakh": "kazakhstan",
    "kosovar": "kosovo",
    "kyrgyz": "kyrgyzstan",
    "lebanese": "lebanon",
    "malagasy": "madagascar",
    "norwegian": "norway",
    "pole": "poland",
    "polish": "poland",
    "portuguese": "portugal",
    "scot": "scotland",
    "scottish": "scotland",
    "spaniard": "spain",
    "spanish": "spain",
    "swede": "sweden",
    "swedish": "sweden",
    "swiss": "switzerland",
    "tajik": "tajikistan",
    "thai": "thailand",
    "turkmen": "turkmenistan",
    "uzbek": "uzbekistan",
    "welsh": "wales",
}
"""Demonyms the suffix rule cannot derive from the country's name."""
_ACRONYM_SKIPS = frozenset({"and", "of", "the", "for", "on", "in", "&"})
_MAX_ACRONYM = 6
_RUN_GLUE = re.compile(r" (?:(?:of|and|the|for|&) )*")

_INFLECTIONS = ("ies", "ied", "ing", "est", "es", "ed", "er", "ly", "s", "d")


@dataclass(frozen=True)
class Unsupported:
    """A name or a number in a summary's own words that the article does not contain."""

    kind: Literal["name", "number"]
    text: str


@dataclass(frozen=True)
class ArticleVocabulary:
    """What an article contains, in the forms free text is compared in."""

    stems: frozenset[str]
    """Every word's key and the stems of its derivations."""
    lowercase: frozenset[str]
    """Words the article writes in lower case: ordinary words, whatever their capital in a summary."""
    keys: tuple[str, ...]
    """Every word's key, in the article's order (what its acronyms are read from)."""
    abbreviations: frozenset[str]
    """The article's own acronyms, lower-cased ("US" for "U.S.", "un"), which a summary may spell out."""
    numbers: frozenset[str]
    """The canonical value of every number, written or spelled."""
    shares: frozenset[str] = frozenset()
    """The complement to 100 of every percentage: the other side's share of a split (59% leaves 41%)."""

    @cached_property
    def acronyms(self) -> frozenset[str]:
        """The initials of every run of two to six words ("gross domestic product" -> "gdp").

        Built on first use: only a summary's acronym that the article does not write needs them.
        """
        return frozenset(_acronyms([key for key in self.keys if key]))

    @cached_property
    def lowercase_prefixes(self) -> frozenset[str]:
        """Every prefix of at least four letters of a lower-case word that leaves at most four letters off."""
        return frozenset(
            word[:length]
            for word in self.lowercase
            for length in range(max(_MIN_STEM, len(word) - _FAMILY_ENDING), len(word) + 1)
        )


def _fold(text: str) -> str:
    return " ".join(_TO_FOLD.sub(lambda match: _FOLDED[match.group()], text).split())


def _key(word: str) -> str:
    """A word as names are compared: case-folded, abbreviation dots and a possessive ending dropped."""
    word = word.casefold().replace(".", "")
    if word.endswith("'s"):
        word = word[:-2]
    return word.rstrip("'")


@lru_cache(maxsize=16384)
def _stems(key: str) -> frozenset[str]:
    stems = {key}
    for suffix in _SUFFIXES_BY_LAST.get(key[-1:], ()):
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            stem = key[: -len(suffix)]
            stems.add(stem)
            if len(stem) > _MIN_STEM and stem[-1] == stem[-2]:  # dropped -> dropp -> drop
                stems.add(stem[:-1])
    stems.update(_IRREGULAR[stem] for stem in list(stems) if stem in _IRREGULAR)
    return frozenset(stems)


def _acronyms(keys: list[str]) -> Iterator[str]:
    for start in range(len(keys)):
        initials = ""
        for key in keys[start : start + 2 * _MAX_ACRONYM]:
            if key in _ACRONYM_SKIPS and initials:
                continue
            initials += key[0]
            if len(initials) >= 2:
                yield initials
            if len(initials) == _MAX_ACRONYM:
                break


@lru_cache(maxsize=64)
def vocabulary(article_text: str) -> ArticleVocabulary:
    """What ``article_text`` contains, for comparing free text with it (cached per text)."""
    text = _fold(article_text)
    matches = list(WORD.finditer(text))
    words = list(map(re.Match.group, matches))
    key_of = {word: _key(word) for word in set(words)}
    written_numbers = list(number_values(text, matches))
    numbers = {value for value, _ in written_numbers}
    percentages = _percentages(text)
    shares = {
        canonical(str(100 - Decimal(value)))
        for value, written in written_numbers
        if written in percentages and Decimal(value) <= 100
    }
    for match in _SCALED.finditer(text):
        scaled = Decimal(match.group(1)).scaleb(_SCALES[match.group(2).lower()])
        numbers.add(canonical(str(scaled)))
    return ArticleVocabulary(
        stems=frozenset().union(*map(_stems, set(key_of.values()))),
        lowercase=frozenset(word for word in key_of if word.islower()),
        keys=tuple(map(key_of.__getitem__, words)),
        abbreviations=frozenset(
            letters for word in key_of if not word[0].islower() and (letters := _acronym_letters(word))
        ),
        numbers=frozenset(numbers),
        shares=frozenset(shares),
    )


def _percentages(text: str) -> frozenset[str]:
    """The written numbers in ``text`` that are percentages (``41%``, ``41 percent``, ``41 per cent``)."""
    return frozenset(match.group(1) for match in _PERCENTAGE.finditer(text))


def _starts_sentence(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows a sentence's end, a colon, a semicolon or a dash, and opening quotes."""
    # The pattern only needs the last two characters before the opening quotes: a short window has them,
    # unless it is all quotes (then the whole text before is read).
    before = text[max(0, at - _LOOK_BACK) : at].rstrip()
    if at > _LOOK_BACK and len(before.rstrip(_OPENERS)) < 2:
        before = text[:at].rstrip()
    return _SENTENCE_END.search(before) is not None


def _base_forms(key: str) -> set[str]:
    """``key`` and the base forms it may inflect: raised -> raise, dropped -> drop, agencies -> agency."""
    forms = {key}
    for suffix in _INFLECTIONS:
        stem = key.removesuffix(suffix)
        if stem == key or len(stem) < 2:
            continue
        forms.update((stem, stem + "e"))
        if suffix in ("ies", "ied") or (suffix == "ly" and stem.endswith("i")):
            forms.add(stem.removesuffix("i") + "y")
        if len(stem) > 2 and stem[-1] == stem[-2]:
            forms.add(stem[:-1])
    return forms


def _ordinary(key: str, article: ArticleVocabulary) -> bool:
    """Whether a capitalised word at the start of a sentence is an ordinary word rather than a name.

    It is when it is a common word or one of its inflections, or when the article writes a word of the same
    family in lower case ("Reduced" for "reduce", "Acceptance" for "accepted"): the two share all but their
    last few letters.
    """
    forms = _base_forms(key)
    if not forms.isdisjoint(ORDINARY_WORDS) or not forms.isdisjoint(article.lowercase):
        return True
    prefixes = article.lowercase_prefixes
    shortest = max(_MIN_STEM, len(key) - _FAMILY_ENDING)
    return any(key[:length] in prefixes for length in range(len(key), shortest - 1, -1))


def _acronym_letters(word: str) -> str | None:
    """The lower-cased letters of an acronym (``U.S.`` -> ``us``, ``R&D`` -> ``rd``, ``MPs`` -> ``mp``)."""
    letters = word.replace(".", "").replace("&", "")
    if letters.endswith("s") and letters[:-1].isupper():  # a plural: MPs, NGOs
        letters = letters[:-1]
    if letters.isupper() and letters.isalpha() and 2 <= len(letters) <= _MAX_ACRONYM:
        return letters.casefold()
    return None


def _supported_name(word: str, key: str, article: ArticleVocabulary) -> bool:
    if not article.stems.isdisjoint(_stems(key)):
        return True
    letters = _acronym_letters(word)
    return letters is not None and letters in article.acronyms


def _spelled_out(text: str, names: list[re.Match[str]], article: ArticleVocabulary) -> set[int]:
    """Positions of name words that spell out one of the article's acronyms ("United States" for "US")."""
    runs: list[list[re.Match[str]]] = []
    for match in names:
        if runs and _RUN_GLUE.fullmatch(text[runs[-1][-1].end() : match.start()]):
            runs[-1].append(match)
        else:
            runs.append([match])
    covered: set[int] = set()
    for run in runs:
        for start in range(len(run)):
            for end in range(start + 2, min(len(run), start + _MAX_ACRONYM) + 1):
                initials = "".join(match.group()[0] for match in run[start:end]).casefold()
                if initials in article.abbreviations:
                    covered.update(match.start() for match in run[start:end])
    return covered


def unsupported(text: str, article: ArticleVocabulary) -> list[Unsupported]:
    """The names and numbers in ``text`` that ``article`` does not contain, each once, in order."""
    text = _fold(text)
    found: dict[tuple[str, str], Unsupported] = {}
    words = list(WORD.finditer(text))
    names = [match for match in words if match.group()[0].isupper() and match.group() != "I"]
    spelled_out = _spelled_out(text, names, article)
    for match in names:
        word = match.group()
        key = _key(word)
        if not key or key in SPELLED or match.start() in spelled_out or _supported_name(word, key, article):
            continue
        if _starts_sentence(text, match.start()) and _ordinary(key, article):
            continue
        found.setdefault(("name", key), Unsupported("name", word.removesuffix("'s")))
    percentages = _percentages(text)
    for value, written in number_values(text, words, counts_only=True):
        if value in article.numbers or (written in percentages and value in article.shares):
            continue
        found.setdefault(("number", value), Unsupported("number", written))
    return list(found.values())


def free_text(summary: NegotiationSummary) -> Iterator[tuple[str, str]]:
    """Every free-text field of ``summary`` with its JSON path: headline, abstract, each item's own words."""
    yield "headline", summary.headline
    yield "abstract", summary.abstract
    for entry in ITEM_LISTS:
        if entry.text is None:
            continue
        for index, item in enumerate(getattr(summary, entry.name)):
            yield f"{entry.name}[{index}].{entry.text}", getattr(item, entry.text)
    if summary.outlook is not None:
        yield "outlook.summary", summary.outlook.summary


def problem_text(problems: list[Unsupported]) -> str:
    """What ``problems`` are, in words: ``name(s) 'Putin' and number(s) '5,000' not in the article``."""
    names = [problem.text for problem in problems if problem.kind == "name"]
    numbers = [problem.text for problem in problems if problem.kind == "number"]
    parts = []
    if names:
        parts.append(f"name(s) {', '.join(map(repr, names))}")
    if numbers:
        parts.append(f"number(s) {', '.join(map(repr, numbers))}")
    return f"{' and '.join(parts)} not in the article"


def free_text_errors(summary: NegotiationSummary, article_text: str) -> list[str]:
    """A validation error for every free-text field that names or counts what the article does not."""
    known = vocabulary(article_text)
    errors = []
    for path, text in free_text(summary):
        problems = unsupported(text, known)
        if problems:
            errors.append(
                f"{path}: {problem_text(problems)}; use only names and numbers the article itself contains"
            )
    return errors
