"""One reader of numbers: the merge of summaries and the free-text check agree on what a number is."""

from __future__ import annotations

import pytest

from summarizer._numbers import canonical, figures, number_values
from summarizer.freetext import unsupported, vocabulary
from summarizer.merge import compatible_terms, numbers


def _unsupported_numbers(text: str, article: str) -> set[str]:
    return {problem.text for problem in unsupported(text, vocabulary(article)) if problem.kind == "number"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The cases where the merge's old reader and the free-text check disagreed:
        ("a fee of 1.50 euros", {"1.5"}),  # merge read "1.50", a figure 1.5 could never match
        ("twenty-five years", {"25"}),  # merge read 20 and 5
        ("within sixty days", {"60"}),  # merge knew no spelled number past fifty
        ("the sixth round", {"6"}),  # nor ordinals
        ("the G77 bloc", set()),  # a name, not 77
        ("release 2.4.1 of the text", set()),  # a version, not 2.4 and 1
        ("hundreds of trucks, a hundred more", set()),  # a scale, not a count of 100
        # Where they agreed already:
        ("a four-year fill of 1,500 cubic metres", {"4", "1500"}),
        ("no one expects a second round before the 12th", {"12"}),
        ("70% of the F-16 fleet", {"70", "16"}),
    ],
)
def test_both_readers_find_the_same_figures(text: str, expected: set[str]) -> None:
    assert numbers(text) == figures(text) == expected
    # The free-text check asks the article for exactly these figures ...
    assert {canonical(value) for value in _unsupported_values(text)} == expected
    # ... and finds them in an article that writes them in digits.
    article = "Talks\n" + " ".join(f"They spoke of {value} units." for value in sorted(expected))
    assert _unsupported_numbers(text, article) == set()


def _unsupported_values(text: str) -> set[str]:
    found = _unsupported_numbers(text, "Talks\nNothing is counted here.")
    return {value for value, written in number_values(text, counts_only=True) if written in found}


def test_figures_that_agree_make_terms_compatible() -> None:
    assert compatible_terms("A fee of 1.50 euros a tonne", "1.5 euros a tonne")
    assert compatible_terms("Twenty-five years of access", "Access for 25 years")
    assert not compatible_terms("A pause within sixty days", "A pause within 90 days")
