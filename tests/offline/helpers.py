"""Shared helpers for the offline extractor's tests: build an article from made-up text and read it."""

from __future__ import annotations

from summarizer.article import Article
from summarizer.offline import extract, load_lexicon
from summarizer.offline.actors import Actors, find_actors
from summarizer.offline.document import Doc
from summarizer.offline.prepare import parsed_docs
from summarizer.schema import NegotiationSummary

__all__ = ["actors_of", "article", "doc_of", "summary_of"]


def article(*paragraphs: str, headline: str = "Talks resume") -> Article:
    """An article whose first line is ``headline`` and whose paragraphs follow one a line."""
    return Article.from_text("\n".join([headline, *paragraphs]) + "\n")


def doc_of(*paragraphs: str, headline: str = "Talks resume") -> Doc:
    """The tokenised document of such an article, its candidate sentences parsed."""
    return parsed_docs([article(*paragraphs, headline=headline)], load_lexicon())[0]


def actors_of(*paragraphs: str, headline: str = "Talks resume") -> tuple[Doc, Actors]:
    """The document and the actors found in it."""
    doc = doc_of(*paragraphs, headline=headline)
    return doc, find_actors(doc, load_lexicon())


def summary_of(*paragraphs: str, headline: str = "Talks resume") -> NegotiationSummary:
    """The offline summary of such an article."""
    return extract(article(*paragraphs, headline=headline))
