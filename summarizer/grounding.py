"""Checking every piece of evidence against the article and pinning it to a character span.

A quote is looked up in the sentences it cites, after normalising white space, curly and straight quote
marks and dashes. Found that way, it is an ``exact`` match and its quote becomes the article's own words.
Otherwise a case-insensitive fuzzy alignment (rapidfuzz) may accept it as ``fuzzy`` when its score reaches
:data:`FUZZY_THRESHOLD`; the threshold was chosen on the labelled table in ``tests/test_grounding.py``.
Anything else is an error whose message names the JSON path, the sentence and what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel
from rapidfuzz import fuzz

from .article import Article
from .freetext import ArticleVocabulary, free_text_errors, problem_text, unsupported, vocabulary
from .result import Dropped
from .schema import EVIDENCE_CHECK, ITEM_LISTS, Evidence, ItemList, NegotiationSummary, iter_evidence

__all__ = [
    "FUZZY_THRESHOLD",
    "Located",
    "evidence_context",
    "ground_leniently",
    "locate",
]

FUZZY_THRESHOLD = 75.0
"""Lowest rapidfuzz score (0-100) at which a near-miss quote is accepted as a fuzzy match."""

_QUOTES = {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
_DASHES = {c: "-" for c in "‐‑‒–—―−"}
_CHAR_MAP = _QUOTES | _DASHES
_EDGE = "\"' .,;:"
_CUE_WORDS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "according",
        "to",
        "stated",
        "states",
        "noted",
        "notes",
        "reported",
        "reports",
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "on",
        "he",
        "she",
        "they",
        "it",
    ]
)
# A word, or an abbreviation such as "U.S." taken whole.
_WORD = re.compile(r"\b(?:\w\.){2,}|\w+")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "it",
        "its",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "as",
        "also",
    ]
)


@dataclass(frozen=True)
class Located:
    """Where a quote stands in the article."""

    start: int
    end: int
    match: str
    score: float


@lru_cache(maxsize=4096)
def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    """Text with quote marks, dashes and white-space runs folded, and each output char's source index.

    Cached: every piece of evidence citing a sentence normalises that sentence again otherwise.
    """
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            out.append(" ")
        elif char == "…":
            previous_space = False
            out.extend("...")
            index.extend((i, i))
        else:
            previous_space = False
            out.append(_CHAR_MAP.get(char, char))
        index.append(i)
    return "".join(out), tuple(index)


def locate(article: Article, sentence_ids: list[int], quote: str) -> Located | str:
    """Find ``quote`` in the cited sentences; return where, or a message that says what is wrong."""
    count = len(article.sentences)
    missing = [i for i in sentence_ids if not 0 <= i < count]
    if missing:
        return f"sentence {missing[0]} does not exist (the article has sentences 0-{count - 1})"
    words = _WORD.findall(quote.lower())
    if not words or all(word in _CUE_WORDS for word in words):
        return f"quote {quote!r} is too short: quote the words that carry the claim, not a cue word"
    first, last = min(sentence_ids), max(sentence_ids)
    region_start = article.sentences[first].start
    region = article.text[region_start : article.sentences[last].end]
    found = _find(region, quote)
    if found is not None:
        return Located(region_start + found.start, region_start + found.end, found.match, found.score)
    elsewhere = [s.id for s in article.sentences if _find_exact(s.text, quote) is not None]
    cited = ", ".join(str(i) for i in sorted(set(sentence_ids)))
    if elsewhere:
        return f"quote {quote!r} is not in sentence {cited}; it is in sentence {elsewhere[0]}: cite that id"
    return (
        f"quote {quote!r} is not in sentence {cited} ({_preview(region)}); "
        "copy the words exactly as they stand there"
    )


def _preview(text: str, limit: int = 120) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _find(region: str, quote: str) -> Located | None:
    return _find_exact(region, quote) or _find_fuzzy(region, quote)


def _find_exact(region: str, quote: str) -> Located | None:
    norm_region, index = _normalise(region)
    norm_quote = _normalise(quote)[0].strip()
    for candidate in (norm_quote, norm_quote.strip(_EDGE)):
        if not candidate:
            continue
        at = norm_region.find(candidate)
        if at >= 0:
            return Located(index[at], index[at + len(candidate) - 1] + 1, "exact", 100.0)
    return None


def _find_fuzzy(region: str, quote: str) -> Located | None:
    """Accept a near-miss whose words appear, in order, in the region: words may be dropped, never changed.

    Quote words are matched against region words case-insensitively, allowing small spelling differences
    ("shipment"/"shipments", "U.S."/"US"); only function words may be missing from the region. The span
    runs from the first to the last matched word and must not be scattered over more than twice the
    quote's length. The score, rapidfuzz's ratio between the quote's words and the span's, must reach
    :data:`FUZZY_THRESHOLD`.
    """
    norm_region, index = _normalise(region)
    region_words = _words(norm_region)
    quote_words = [word for word, _, _ in _words(_normalise(quote)[0])]
    if not quote_words or not region_words:
        return None
    matched: list[tuple[int, int]] = []
    cursor = 0
    for word in quote_words:
        hit = next(
            (i for i in range(cursor, len(region_words)) if _same_word(word, region_words[i][0])), None
        )
        if hit is None:
            if word in _FUNCTION_WORDS:
                continue
            return None
        matched.append((region_words[hit][1], region_words[hit][2]))
        cursor = hit + 1
    if not matched:
        return None
    start, end = matched[0][0], matched[-1][1]
    quote_text = " ".join(quote_words)
    if end - start > 2 * len(quote_text):
        return None
    score = fuzz.ratio(quote_text, " ".join(word for word, _, _ in _words(norm_region[start:end])))
    if score < FUZZY_THRESHOLD:
        return None
    return Located(index[start], index[end - 1] + 1, "fuzzy", round(score, 1))


def _words(text: str) -> list[tuple[str, int, int]]:
    """Case-folded words with their positions; "U.S." is one word, "us"."""
    return [(m.group().casefold().replace(".", ""), m.start(), m.end()) for m in _WORD.finditer(text)]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 80


def _apply(article: Article, path: str, evidence: Evidence) -> str | None:
    found = locate(article, evidence.sentence_ids, evidence.quote)
    if isinstance(found, str):
        return f"{path}: {found}"
    evidence.start, evidence.end, evidence.match = found.start, found.end, found.match  # type: ignore[assignment]
    if found.match == "exact":
        evidence.quote = article.text[found.start : found.end]
    return None


def evidence_check(article: Article) -> Callable[[NegotiationSummary], list[str]]:
    """A check for the schema's validation context: grounds every piece of evidence and checks the names
    and numbers of the free text (:mod:`summarizer.freetext`); returns the errors."""

    def check(summary: NegotiationSummary) -> list[str]:
        errors = [_apply(article, path, evidence) for path, evidence in iter_evidence(summary)]
        return [error for error in errors if error is not None] + free_text_errors(summary, article.text)

    return check


def evidence_context(article: Article) -> dict[str, object]:
    """The validation context that makes :class:`NegotiationSummary` ground its evidence in ``article``."""
    return {EVIDENCE_CHECK: evidence_check(article)}


def ground_leniently(
    summary: NegotiationSummary, article: Article
) -> tuple[NegotiationSummary, list[Dropped]]:
    """Ground ``summary``, dropping evidence that fails and items left with none; return what was dropped.

    An item that needs a dropped party or issue is dropped with it; an optional reference to one is cleared
    (a list of parties loses it). An item whose own words name or count what the article does not is
    dropped, and so is such a sentence of the abstract; such a headline becomes the article's own. The
    result validates again.
    """
    data = summary.model_copy(deep=True)
    dropped: list[Dropped] = []
    vocabulary_ = vocabulary(article.text)
    _fix_free_text(data, article, vocabulary_, dropped)

    def keep(path: str, item: BaseModel) -> bool:
        evidence: list[Evidence] = getattr(item, "evidence")  # noqa: B009
        kept = []
        for i, piece in enumerate(evidence):
            error = _apply(article, f"{path}.evidence[{i}]", piece)
            if error is None:
                kept.append(piece)
            else:
                dropped.append(Dropped(path=f"{path}.evidence[{i}]", reason=error.split(": ", 1)[1]))
        evidence[:] = kept
        if not kept:
            dropped.append(Dropped(path=path, reason="no grounded evidence left"))
        return bool(kept)

    for entry in ITEM_LISTS:
        for i, item in enumerate(getattr(data, entry.name)):
            for nested, _ in entry.nested:
                prefix = f"{entry.name}[{i}].{nested}"
                children = getattr(item, nested)
                if isinstance(children, list):
                    children[:] = [child for j, child in enumerate(children) if keep(f"{prefix}[{j}]", child)]
                elif children is not None and not keep(prefix, children):
                    setattr(item, nested, None)
    for entry in ITEM_LISTS[:2]:  # parties and issues first: the other lists refer to them
        items = getattr(data, entry.name)
        items[:] = [item for i, item in enumerate(items) if keep(f"{entry.name}[{i}]", item)]
    if data.outlook is not None and not keep("outlook", data.outlook):
        data.outlook = None
    known = {"party": {party.id for party in data.parties}, "issue": {issue.id for issue in data.issues}}
    for entry in ITEM_LISTS[2:]:
        items = getattr(data, entry.name)
        items[:] = [
            item
            for i, item in enumerate(items)
            if _drop_dangling(entry, item, f"{entry.name}[{i}]", known, dropped)
            and _text_ok(entry, item, f"{entry.name}[{i}]", vocabulary_, dropped)
            and keep(f"{entry.name}[{i}]", item)
        ]
    return NegotiationSummary.model_validate(data.model_dump()), dropped


def _drop_dangling(
    entry: ItemList, item: BaseModel, path: str, known: dict[str, set[str]], dropped: list[Dropped]
) -> bool:
    """Clear ``item``'s optional references to dropped ids; ``False`` when a required one is dropped."""
    for ref, kind in entry.refs:
        head, _, tail = ref.partition("[].")
        value = getattr(item, head)
        if tail:  # a nested list: its items that name a dropped id go
            kept = [child for child in value if getattr(child, tail) in known[kind]]
            reason = f"its {tail} was dropped"
            dropped.extend(
                Dropped(path=f"{path}.{head}[{j}]", reason=reason)
                for j, child in enumerate(value)
                if getattr(child, tail) not in known[kind]
            )
            value[:] = kept
        elif isinstance(value, list):
            gone = [one for one in value if one not in known[kind]]
            if gone and len(gone) == len(value) and entry.item.model_fields[head].is_required():
                dropped.append(Dropped(path=path, reason=f"every one of its {head} was dropped"))
                return False
            if gone:
                dropped.append(
                    Dropped(path=f"{path}.{head}", reason=f"{kind} {', '.join(map(repr, gone))} dropped")
                )
                value[:] = [one for one in value if one in known[kind]]
        elif value is not None and value not in known[kind]:
            if entry.item.model_fields[head].is_required():
                dropped.append(Dropped(path=path, reason=f"its {head} {value!r} was dropped"))
                return False
            dropped.append(Dropped(path=f"{path}.{head}", reason=f"{kind} {value!r} was dropped"))
            setattr(item, head, None)
    return True


def _text_ok(
    entry: ItemList, item: BaseModel, path: str, known: ArticleVocabulary, dropped: list[Dropped]
) -> bool:
    """Whether ``item``'s own words name and count only what the article does; if not, it is dropped."""
    if entry.text is None:
        return True
    problems = unsupported(getattr(item, entry.text), known)
    if problems:
        dropped.append(Dropped(path=f"{path}.{entry.text}", reason=problem_text(problems)))
    return not problems


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _fix_free_text(
    data: NegotiationSummary, article: Article, known: ArticleVocabulary, dropped: list[Dropped]
) -> None:
    """Headline, abstract and outlook without names or numbers the article lacks (lenient mode)."""
    problems = unsupported(data.headline, known)
    if problems:
        reason = f"{problem_text(problems)}; the article's headline is used"
        dropped.append(Dropped(path="headline", reason=reason))
        data.headline = article.headline[:600]
    sentences = _SENTENCE_BREAK.split(data.abstract.strip())
    kept = []
    for i, sentence in enumerate(sentences):
        problems = unsupported(sentence, known)
        if problems:
            dropped.append(Dropped(path=f"abstract (sentence {i + 1})", reason=problem_text(problems)))
        else:
            kept.append(sentence)
    if len(kept) < len(sentences):
        data.abstract = " ".join(kept) or article.headline[:1200]
    if data.outlook is not None:
        problems = unsupported(data.outlook.summary, known)
        if problems:
            dropped.append(Dropped(path="outlook.summary", reason=problem_text(problems)))
            data.outlook = None
