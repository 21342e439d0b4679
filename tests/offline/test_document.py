"""The offline document's quotation spans, whatever marks the source used."""

from __future__ import annotations

import pytest

from summarizer.offline.document import build_doc

from .helpers import article

_SAID = "{o}We will not sign an agreement that leaves the border open,{c} the envoy said on Monday."


@pytest.mark.parametrize(
    ("opener", "closer"),
    [("“", "”"), ('"', '"'), ("''", "''"), ("``", "''")],
    ids=["curly", "straight", "typewriter-doubles", "latex-style"],
)
def test_a_quotation_is_found_whatever_marks_enclose_it(opener: str, closer: str) -> None:
    doc = build_doc(article(_SAID.format(o=opener, c=closer)))
    [quotation] = doc.quotations
    assert doc.text[quotation.start : quotation.end] == (
        "We will not sign an agreement that leaves the border open,"
    )
    assert quotation.words == 11


def test_an_apostrophe_pair_inside_a_word_opens_nothing() -> None:
    doc = build_doc(article("The unions'' leaders met the board for talks on pay, the company said."))
    assert doc.quotations == []


def test_a_typewriter_quotation_left_open_ends_at_the_line_break() -> None:
    doc = build_doc(article("''We are ready to talk at any time", "The ministry declined to comment."))
    [quotation] = doc.quotations
    assert doc.text[quotation.start : quotation.end] == "We are ready to talk at any time"
