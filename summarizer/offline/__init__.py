"""The offline backend: a rule-based extractor that needs no model, for when none is configured.

``extract(article)`` fills a :class:`~summarizer.schema.NegotiationSummary` from the article's own words,
deterministically and in milliseconds. Every item is grounded by construction (sentence ids and an exact
quote) and passes the same validation as a model's answer. It finds less than a model does.

Extend the actor dictionary with your own tab-separated files (format in :mod:`summarizer.offline.lexicon`)::

    extract(article, actor_files=["my_actors.tsv"])

One module per part: ``actors`` (people, titles, institutions, parties; ``declared`` for names the article
itself introduces), ``attribution`` (statements), ``acts`` (proposals, responses, demands, concessions,
pressure, sticking points), ``issues`` (issues, tone, next steps) and ``assemble``. The dictionaries in
``data/`` are regenerated from the CAMEO / Phoenix files with ``python -m
summarizer.offline.build_dictionaries --source ../shared/event-data``; ``python -m summarizer.offline.bench``
times the extractor.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from summarizer.article import Article
from summarizer.schema import NegotiationSummary, Statement

from .assemble import assemble, find_statement_items
from .lexicon import Lexicon, load_lexicon

__all__ = ["RULES_VERSION", "Lexicon", "extract", "load_lexicon", "statements"]

RULES_VERSION = "2"
"""Changes whenever the rules or dictionaries change what the extractor finds."""


def extract(article: Article, *, actor_files: Sequence[str | Path] = ()) -> NegotiationSummary:
    """Summarise ``article`` with the rules and dictionaries (plus the user's ``actor_files``)."""
    lexicon = load_lexicon(actor_files)
    # Extraction allocates many small, acyclic objects; pausing the cyclic collector saves about 15% on
    # large inputs and changes nothing else.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return assemble(article, lexicon)
    finally:
        if collecting:
            gc.enable()


def statements(article: Article | str, *, actor_files: Sequence[str | Path] = ()) -> list[Statement]:
    """Every attributed statement of ``article`` (an :class:`Article` or its text), negotiation or not."""
    loaded = article if isinstance(article, Article) else Article.from_text(article)
    return find_statement_items(loaded, load_lexicon(actor_files))
