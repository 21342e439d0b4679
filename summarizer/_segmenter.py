"""pysbd's sentence decisions at a fraction of its cost: patterns compiled once, spans found by search.

pysbd builds many of its regular expressions per line (one per abbreviation found, and one per sentence to
locate it again in the line), far more than Python's regex cache of 512 holds, so a long article spends most
of its segmentation time compiling. Here pysbd's own modules are given a ``re`` whose functions compile each
pattern once (a larger cache, nothing else changed), and the sentence-locating step, which compiled a new
pattern for every sentence, finds the same spans with ``str.find``. pysbd also scans every line once per
abbreviation that occurs anywhere in it as a substring ("is" in "this"), only to replace a period right
after one that starts a word; it is handed just the abbreviations that start a word with a period after
them ("Mr." in "Mr. Smith"), the only ones whose scan can change the line. The decisions are pysbd's,
unchanged; ``tests/test_article.py`` checks them against pysbd as shipped on the corpus and on odd text.
"""

from __future__ import annotations

import re
import threading
import types
from functools import lru_cache
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


def _trailing_space_end(text: str, index: int) -> int:
    """The end of the white space run starting at ``index`` (what ``\\s*`` matches there)."""
    end = index
    length = len(text)
    while end < length and text[end].isspace():
        end += 1
    return end


# Characters that match an ASCII letter case-insensitively without being one (İ ı ſ K); a line holding one
# is scanned for every abbreviation, as pysbd does.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_PLAIN = re.compile(r"[a-z]+")


def _english() -> Any:
    """pysbd's English rules, with the abbreviation scan narrowed to abbreviations that start a word."""
    from pysbd.lang.english import English

    abbreviation = English.Abbreviation
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

        def search_for_abbreviations_in_string(self, text: str) -> str:
            kept = candidates(text)
            if kept is None:
                return str(super().search_for_abbreviations_in_string(text))
            language: Any = self.lang
            self.lang = _Language(kept)
            try:
                return str(super().search_for_abbreviations_in_string(text))
            finally:
                self.lang = language

    return type("English", (English,), {"AbbreviationReplacer": _Replacer})


def _make_segmenter() -> Any:
    import pysbd

    class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
        """pysbd's segmenter; sentences located by ``str.find`` instead of one new regex per sentence."""

        def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
            # pysbd scans ``re.escape(sent) + r"\s*"`` left to right, non-overlapping, and keeps the first
            # match that ends past the previous sentence; ``str.isspace`` is what ``\s`` matches in a str.
            from pysbd.utils import TextSpan

            text = self.original_text
            spans = []
            prior_end = 0
            for sentence in sentences:
                position = text.find(sentence)
                while position >= 0:
                    end = _trailing_space_end(text, position + len(sentence))
                    if end > prior_end:
                        spans.append(TextSpan(text[position:end], position, end))
                        prior_end = end
                        break
                    position = text.find(sentence, end if end > position else position + 1)
            return spans

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
