"""A very long line (a whole article without line breaks) is segmented as pysbd does, in linear time."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest

from .scripted import SEED_ARTICLE

# Sentences rich in what pysbd substitutes over the whole line once per occurrence: abbreviations (in
# several cases), numbered and lettered list items; one of them repeats.
_UNIT = (
    "Talks resumed in Room No. 5 on Monday. Mr. Smith met Gen. Lee and the U.S. envoy, e.g. at lunch. "
    "The plan had three parts: 1. a truce 2. a swap 3. a vote. NO. 7 and no. 8 were signed. "
    "They listed a. ports b. roads. He left. Then Sen. Warren spoke (see p. 4) of fig. 2 vs. fig. 3. "
    "He left. "
)


def _shipped() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def test_a_whole_article_on_one_line_gets_pysbds_sentences() -> None:
    from summarizer._segmenter import pysbd_sentences

    shipped = _shipped()
    for path in sorted(SEED_ARTICLE.parent.glob("*.txt")):
        line = " ".join(path.read_text(encoding="utf-8").split("\n"))
        assert pysbd_sentences(line) == shipped.segment(line), path.name
    line = _UNIT * 8
    assert pysbd_sentences(line) == shipped.segment(line)


_PIECES = (
    "no.", "No.", "NO.", "No. 5", "e.g.", "E.G.", "e g.", "i.e.", "U.S.", "p. 4", "pp. 3", "Mr.", "mr.",
    "St.", "Gen. Lee", "vs.", "fig. 2", "Dr. Dr.", "a.", "A.", "a. a.", "aa. aa.", "He left.", "He left.",
    "1.", "2.", "3.", "12.", "05.", "1)", "2)", "(1)", "-1.", "1.)", "a)", "b)", "(a)", "(b)", "b.", "c.",
    "i.", "ii.", "v.", "x.", "(ii)", "“No.”", "‘Yes.’ Then", '"Stop." Then', "(", ")", "the talks", "\t",
)  # fmt: skip


def test_lines_dense_with_repeated_abbreviations_and_list_items_get_pysbds_sentences() -> None:
    from summarizer._segmenter import pysbd_sentences

    shipped = _shipped()
    rng = random.Random(11)
    for _ in range(300):
        pool = rng.sample(_PIECES, rng.randint(2, 12))
        line = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 60)))
        assert pysbd_sentences(line) == shipped.segment(line), line


@pytest.fixture
def whole_line_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lengths of the strings pysbd's regular expressions run over, as the segmenter runs."""
    import summarizer._segmenter as segmenter

    lengths: list[int] = []
    real = segmenter._pattern

    class Counting:
        def __init__(self, pattern: Any) -> None:
            self.pattern = pattern

        def __getattr__(self, name: str) -> Any:
            method = getattr(self.pattern, name)
            if not callable(method):
                return method

            def counted(*args: Any, **kwargs: Any) -> Any:
                lengths.append(max((len(a) for a in args if isinstance(a, str)), default=0))
                return method(*args, **kwargs)

            return counted

    segmenter.pysbd_sentences("Warm. Up.")  # the segmenter and its patterns are built before counting
    monkeypatch.setattr(segmenter, "_pattern", lambda pattern, flags: Counting(real(pattern, flags)))
    return lengths


def test_the_passes_over_a_whole_line_do_not_grow_with_its_length(whole_line_passes: list[int]) -> None:
    """pysbd ran a substitution over the whole line per abbreviation and list item found: quadratic."""
    from summarizer._segmenter import pysbd_sentences

    counts = []
    for repeats in (10, 40):
        line = _UNIT * repeats
        whole_line_passes.clear()
        pysbd_sentences(line)
        counts.append(sum(1 for length in whole_line_passes if length > len(line) // 2))
    assert counts[0] == counts[1]
    assert counts[1] < 100


def _pysbd_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    import pysbd

    spans = pysbd.Segmenter.sentences_with_char_spans(SimpleNamespace(original_text=text), sentences)
    return [(span.start, span.end) for span in spans]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He left. He left. He left.", ["He left. ", "He left. ", "He left."]),
        ("aa aaa aaaa a", ["aa ", "aa", "a ", "aa", "a", "a"]),
        ("abab ab abab", ["ab", "abab ", "ab", "ab ", "abab"]),
        ("No.  Yes.   No.", [" Yes.", "No.", "No.", " "]),
        ("One. Two. Three.", ["Two. ", "One. ", "Three.", "Four."]),
        ("x.x.x. x.x.", ["x.x.", "x.", "x.x.", "x."]),
    ],
)
def test_sentences_are_found_where_pysbd_finds_them(text: str, sentences: list[str]) -> None:
    from summarizer._segmenter import _sentence_spans

    assert _sentence_spans(text, sentences) == _pysbd_spans(text, sentences)


def test_sentence_spans_match_pysbds_on_generated_text() -> None:
    from summarizer._segmenter import _sentence_spans

    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice("ab. ") for _ in range(rng.randint(0, 30)))
        sentences = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, len(text))
            sentences.append(text[start : start + rng.randint(1, 6)] or "a")
        assert _sentence_spans(text, sentences) == _pysbd_spans(text, sentences), (text, sentences)


class _CountingText(str):
    """A text whose ``find`` counts the characters it scans."""

    scanned = 0

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, end)
        first = start or 0
        _CountingText.scanned += (found + len(sub) if found >= 0 else (end or len(self))) - first
        return found


def test_finding_the_sentences_of_a_long_line_scans_it_a_bounded_number_of_times() -> None:
    """Each sentence was searched from the start of the line, and a repeated one through its repeats."""
    from summarizer._segmenter import _sentence_spans, pysbd_sentences

    line = _UNIT * 40
    sentences = pysbd_sentences(line)
    text = _CountingText(line)
    _CountingText.scanned = 0
    assert _sentence_spans(text, sentences) == _pysbd_spans(line, sentences)
    assert _CountingText.scanned < 4 * len(line)
