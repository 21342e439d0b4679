"""pysbd's sentence decisions at a fraction of its cost: patterns compiled once, spans found by search.

pysbd builds many of its regular expressions per line (one per abbreviation found, and one per sentence to
locate it again in the line), far more than Python's regex cache of 512 holds, so a long article spends most
of its segmentation time compiling. Here pysbd's own modules are given a ``re`` whose functions compile each
pattern once (a larger cache, nothing else changed), and the sentence-locating step, which compiled a new
pattern for every sentence, finds the same spans with ``str.find``. pysbd also scans every line once per
abbreviation that occurs anywhere in it as a substring ("is" in "this"), only to replace a period right
after one that starts a word; it is handed just the abbreviations that start a word with a period after
them ("Mr." in "Mr. Smith"), the only ones whose scan can change the line. A long line (an article
without line breaks) was quadratic: pysbd runs a substitution over the whole line per abbreviation and per
list item found, and searches for every sentence from the start of the line; here a substitution that can
change nothing is not repeated, numbered list items are substituted in one pass, and each sentence is
searched from where it can first be. The decisions are pysbd's, unchanged; ``tests/test_article.py`` and
``tests/test_long_lines.py`` check them against pysbd as shipped on the corpus and on odd text.
"""

from __future__ import annotations

import re
import threading
import types
from functools import lru_cache, partial
from typing import Any

__all__ = ["pysbd_sentences"]

_PATTERN_CACHE = 8192
"""pysbd's English rules and abbreviations need a few thousand patterns; they stay compiled."""


@lru_cache(maxsize=_PATTERN_CACHE)
def _compiled(pattern: Any, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _pattern(pattern: Any, flags: int) -> Any:
    return pattern if isinstance(pattern, re.Pattern) else _compiled(pattern, flags)


def _cached_re() -> types.ModuleType:
    """A stand-in for :mod:`re` whose module-level functions reuse compiled patterns."""
    module = types.ModuleType("summarizer._segmenter.re")
    module.__dict__.update({name: getattr(re, name) for name in re.__all__})
    module.compile = lambda pattern, flags=0: _pattern(pattern, flags)  # type: ignore[attr-defined]
    module.sub = lambda p, repl, s, count=0, flags=0: _pattern(p, flags).sub(repl, s, count)  # type: ignore[attr-defined]
    module.subn = lambda p, repl, s, count=0, flags=0: _pattern(p, flags).subn(repl, s, count)  # type: ignore[attr-defined]
    module.split = lambda p, s, maxsplit=0, flags=0: _pattern(p, flags).split(s, maxsplit)  # type: ignore[attr-defined]
    module.findall = lambda p, s, flags=0: _pattern(p, flags).findall(s)  # type: ignore[attr-defined]
    module.finditer = lambda p, s, flags=0: _pattern(p, flags).finditer(s)  # type: ignore[attr-defined]
    module.search = lambda p, s, flags=0: _pattern(p, flags).search(s)  # type: ignore[attr-defined]
    module.match = lambda p, s, flags=0: _pattern(p, flags).match(s)  # type: ignore[attr-defined]
    module.fullmatch = lambda p, s, flags=0: _pattern(p, flags).fullmatch(s)  # type: ignore[attr-defined]
    return module


_install_lock = threading.Lock()
_installed = False


def _install() -> None:
    """Point pysbd's modules at the caching ``re`` (once per process)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        import pysbd
        import pysbd.abbreviation_replacer
        import pysbd.between_punctuation
        import pysbd.cleaner
        import pysbd.exclamation_words
        import pysbd.lists_item_replacer
        import pysbd.processor
        import pysbd.punctuation_replacer
        import pysbd.utils

        cached = _cached_re()
        for module in (
            pysbd.abbreviation_replacer,
            pysbd.between_punctuation,
            pysbd.cleaner,
            pysbd.exclamation_words,
            pysbd.lists_item_replacer,
            pysbd.processor,
            pysbd.punctuation_replacer,
            pysbd.utils,
        ):
            if getattr(module, "re", None) is re:
                module.re = cached
        _installed = True


_SPACES = re.compile(r"\s*")


def _spaces_end(text: str, index: int) -> int:
    """The end of the white space run starting at ``index`` (what ``\\s*`` matches there)."""
    match = _SPACES.match(text, index)
    return match.end() if match else index


def _whitespace_start(text: str, end: int) -> int:
    """The start of the white space run that ends at ``end``."""
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


def _first_reachable(text: str, sentence: str, start: int, prior_end: int) -> int:
    """The first occurrence of ``sentence`` a scan from ``start`` takes that may end past ``prior_end``."""
    if not sentence or sentence[0].isspace():
        return text.find(sentence, start)
    first = text.find(sentence, max(start, _whitespace_start(text, prior_end) - len(sentence)))
    if first <= start:
        return first
    if text.find(sentence, max(start, first - len(sentence) + 1), first + len(sentence) - 1) < 0:
        return first
    return text.find(sentence, start)


def _sentence_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Where pysbd finds each sentence in ``text``: ``(start, end)``, trailing white space included.

    pysbd scans ``re.escape(sentence) + r"\\s*"`` from the start of the text, left to right and without
    overlaps, and keeps the first match that ends past the previous sentence (a sentence not found is left
    out). Scanning from the start makes a long line quadratic, so each scan starts where it can first
    matter, giving the same matches:

    - a sentence seen before resumes its scan where the last one stopped (the earlier matches all end
      before the previous sentence's end, which only grows);
    - a match starting before the white space that ends the previous sentence, less the sentence's length,
      cannot end past it; the first occurrence from there is the one pysbd's scan reaches unless an
      earlier occurrence overlaps it (checked; then the scan runs as pysbd's does).
    """
    spans: list[tuple[int, int]] = []
    prior_end = 0
    resume: dict[str, int] = {}
    for sentence in sentences:
        start = resume.get(sentence, 0)
        if start < 0:
            continue
        position = _first_reachable(text, sentence, start, prior_end)
        resume[sentence] = -1
        while position >= 0:
            end = _spaces_end(text, position + len(sentence))
            following = end if end > position else position + 1
            if end > prior_end:
                spans.append((position, end))
                prior_end = end
                resume[sentence] = following
                break
            position = text.find(sentence, following)
    return spans


# Characters that match an ASCII letter case-insensitively without being one (İ ı ſ K); a line holding one
# is scanned for every abbreviation, as pysbd does.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_PLAIN = re.compile(r"[a-z]+")


def _english() -> Any:
    """pysbd's English rules, with the abbreviation scan narrowed to abbreviations that start a word."""
    from pysbd.lang.english import English

    abbreviation = English.Abbreviation
    prepositive = frozenset(abbreviation.PREPOSITIVE_ABBREVIATIONS)
    plain = tuple(abbr for abbr in abbreviation.ABBREVIATIONS if _PLAIN.fullmatch(abbr.strip()))
    other = frozenset(abbr for abbr in abbreviation.ABBREVIATIONS if abbr not in plain)

    def candidates(text: str) -> tuple[str, ...] | None:
        """The abbreviations whose scan can change ``text``, in pysbd's order (``None``: all of them).

        pysbd's replacements for an abbreviation found at the start of a word each replace a period that
        follows it there; without such a period the scan changes nothing.
        """
        if not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text):
            return None
        dotted = {
            word[:at]
            for word in text.lower().split()
            if "." in word
            for at, char in enumerate(word)
            if char == "."
        }
        return tuple(abbr for abbr in abbreviation.ABBREVIATIONS if abbr in other or abbr.strip() in dotted)

    class _Abbreviations:
        """What pysbd's abbreviation scan reads from the language, with a narrowed list."""

        def __init__(self, kept: tuple[str, ...]) -> None:
            self.ABBREVIATIONS = kept
            self.PREPOSITIVE_ABBREVIATIONS = abbreviation.PREPOSITIVE_ABBREVIATIONS
            self.NUMBER_ABBREVIATIONS = abbreviation.NUMBER_ABBREVIATIONS

    class _Language:
        def __init__(self, kept: tuple[str, ...]) -> None:
            self.Abbreviation = _Abbreviations(kept)

    class _Replacer(English.AbbreviationReplacer):  # type: ignore[misc]
        lang: Any
        _substituted: set[str]

        def search_for_abbreviations_in_string(self, text: str) -> str:
            self._substituted = set()
            kept = candidates(text)
            if kept is None:
                return str(super().search_for_abbreviations_in_string(text))
            language: Any = self.lang
            self.lang = _Language(kept)
            try:
                return str(super().search_for_abbreviations_in_string(text))
            finally:
                self.lang = language

        def scan_for_replacements(self, txt: str, am: str, ind: int, char_array: list[str]) -> str:
            """pysbd's step for one occurrence of an abbreviation, skipped where it would repeat itself.

            pysbd runs a substitution over the whole line for every occurrence of an abbreviation, so a
            line with thousands of them costs thousands of passes. Each substitution depends only on the
            occurrence's stripped text and turns periods into ``∯``; none of the patterns can match a
            ``∯`` where it needs a period, so such a change never creates a match, and a substitution run
            once in this line matches nothing when run again.
            """
            char = char_array[ind] if ind < len(char_array) else ""
            abbreviation = am.strip()
            substitutes = not str(char).isupper() or abbreviation.lower() in prepositive
            if substitutes:
                if abbreviation in self._substituted:
                    return txt
                self._substituted.add(abbreviation)
            return str(super().scan_for_replacements(txt, am, ind, char_array))

    return type("English", (English,), {"AbbreviationReplacer": _Replacer, "Processor": _processor()})


def _processor() -> type:
    """pysbd's processor, its list-item step done by :func:`_list_items` (pysbd's own code, rebound)."""
    import pysbd.processor

    process = pysbd.processor.Processor.process
    rebound = types.FunctionType(
        process.__code__,
        {**vars(pysbd.processor), "ListItemReplacer": _list_items()},
        process.__name__,
        process.__defaults__,
        process.__closure__,
    )
    return type("Processor", (pysbd.processor.Processor,), {"process": rebound})


def _list_item(found: set[str], strip: bool, replacement: str, match: re.Match[str]) -> str:
    """What pysbd puts for a numbered list item's match: the number and ``replacement`` if it is one."""
    text = match.group().strip() if strip else match.group()
    number = text if len(text) == 1 else text.strip(".])")
    return number + replacement if number in found else text


def _list_items() -> type:
    """pysbd's list-item replacer, without a pass over the whole line per list item it finds.

    pysbd substitutes over the whole line once per list item ("2." after "1."), so a long line with many
    of them costs a pass per item. Numbered items are substituted in one pass for all the numbers pysbd's
    scan chose: each substitution (``5.`` to ``5♨``, ``5)`` to ``5☝)``) only takes away the period or
    parenthesis its pattern needs, so the items the others match stay as they were, and their order does
    not matter. A substitution of lettered items with a period (``b.`` to ``\\rb∯``) run again in the same
    scan matches nothing and is skipped. Lettered items in parentheses are left as pysbd does them: each
    run adds a line break again.
    """
    from pysbd.lists_item_replacer import ListItemReplacer

    class _ListItems(ListItemReplacer):  # type: ignore[misc]
        text: str
        _done: set[Any]
        _found: dict[int, None] | None = None

        def scan_lists(self, regex1: str, regex2: str, replacement: str, strip: bool = False) -> None:
            # pysbd's scan decides which numbers are list items; they are then substituted in one pass.
            self._found = {}
            try:
                super().scan_lists(regex1, regex2, replacement, strip)
                found = {str(each) for each in self._found}
            finally:
                self._found = None
            if found:
                self.text = _pattern(regex2, 0).sub(partial(_list_item, found, strip, replacement), self.text)

        def substitute_found_list_items(self, regex: str, each: int, strip: bool, replacement: str) -> None:
            if self._found is None:
                super().substitute_found_list_items(regex, each, strip, replacement)
            else:
                self._found[each] = None

        def iterate_alphabet_array(self, *args: Any, **kwargs: Any) -> str:
            self._done = set()
            return str(super().iterate_alphabet_array(*args, **kwargs))

        def replace_correct_alphabet_list(self, a: str, parens: bool) -> str:
            if not parens:
                if ("alphabet", a) in self._done:
                    return str(self.text)
                self._done.add(("alphabet", a))
            return str(super().replace_correct_alphabet_list(a, parens))

    return _ListItems


def _make_segmenter() -> Any:
    import pysbd

    class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
        """pysbd's segmenter; sentences located by ``str.find`` instead of one new regex per sentence."""

        def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
            from pysbd.utils import TextSpan

            text = self.original_text
            return [TextSpan(text[start:end], start, end) for start, end in _sentence_spans(text, sentences)]

    segmenter = _Segmenter(language="en", clean=False)
    segmenter.language_module = _english()
    return segmenter


_per_thread = threading.local()


def pysbd_sentences(line: str) -> list[str]:
    """pysbd's sentences of ``line`` (English, not cleaned), each with its trailing white space."""
    # A pysbd Segmenter keeps state while it segments: sharing one across threads garbles sentences.
    segmenter = getattr(_per_thread, "segmenter", None)
    if segmenter is None:
        _install()
        segmenter = _per_thread.segmenter = _make_segmenter()
    sentences: list[str] = segmenter.segment(line)
    return sentences
