"""Which sentences the parser reads, and the parsed documents of a batch of articles."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.article import Article

from .attribution import may_attribute
from .clauses import may_act
from .document import Doc, SentenceView, build_doc, parse_docs
from .issues import may_step
from .lexicon import Lexicon
from .text import phrase_key

__all__ = ["parsed_docs", "wanted"]


def wanted(s: SentenceView) -> bool:
    """Whether the parser should read sentence ``s``: it may hold a statement (a cue word outside a noun
    phrase), an act (a verb of ``clauses``) or a next step (``issues``)."""
    return may_attribute(s) or may_act(s) or may_step(s)


def parsed_docs(articles: Sequence[Article], lexicon: Lexicon) -> list[Doc]:
    """The documents of ``articles`` with the sentences the rules read parsed in one batch."""
    docs = [build_doc(article) for article in articles]
    parse_docs(docs, wanted, lambda name: _known(lexicon, name))
    return docs


def _known(lexicon: Lexicon, name: str) -> bool:
    """Whether the dictionaries hold ``name`` whole ("Donald Trump", "Kremlin")."""
    return phrase_key(name) in lexicon.actors
