"""The offline backend: a rule-based extractor that needs no language model server, for when none is set up.

``extract(article)`` fills a :class:`~summarizer.schema.NegotiationSummary` from the article's own words,
deterministically, reading sentence structure with spaCy's English pipeline (:mod:`.pipeline`; the
``offline`` extra). ``statements(article)`` returns every attributed statement of any article. Every item is
grounded by construction (sentence ids and an exact quote) and passes the same validation as a model's
answer. It finds less than a model does.

Extend the actor dictionary with your own tab-separated files (format in :mod:`summarizer.offline.lexicon`)::

    extract(article, actor_files=["my_actors.tsv"])

One module per part: ``pipeline`` (the parser), ``document`` (sentences, quotations, parses), ``actors``
(people, titles, institutions, parties; ``declared`` for names the article itself introduces), ``attribution``
with ``speakers`` and ``venues`` (statements), ``acts`` with ``clauses``, ``clause_acts`` and ``cue_syntax``
(proposals, responses, demands, concessions, agreements, shifts, pressure, sticking points), ``issues`` with
``step_syntax`` (issues, next steps), ``tone``, ``ids`` and ``assemble`` with ``groundwork``. Cue lists are
data (``data/*.txt``); the dictionaries in ``data/`` are regenerated from the CAMEO / Phoenix files with
``python scripts/build_dictionaries.py --source ../shared/event-data``; ``python scripts/bench_offline.py``
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
from .prepare import parsed_docs

__all__ = ["RULES_VERSION", "Lexicon", "extract", "extract_many", "load_lexicon", "statements"]

RULES_VERSION = "6"
"""Changes whenever the rules or dictionaries change what the extractor finds."""


def extract(article: Article, *, actor_files: Sequence[str | Path] = ()) -> NegotiationSummary:
    """Summarise ``article`` with the parser, rules and dictionaries (plus the user's ``actor_files``).

    Raises :class:`~summarizer.errors.ConfigurationError` when spaCy or its English model is not installed.
    """
    return extract_many([article], actor_files=actor_files)[0]


def extract_many(
    articles: Sequence[Article], *, actor_files: Sequence[str | Path] = ()
) -> list[NegotiationSummary]:
    """Summarise several articles, their sentences parsed in one batch through ``nlp.pipe`` (faster than
    one by one)."""
    lexicon = load_lexicon(actor_files)
    # Extraction allocates many small, acyclic objects; pausing the cyclic collector saves about 15% on
    # large inputs and changes nothing else.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [assemble(doc, lexicon) for doc in parsed_docs(articles, lexicon)]
    finally:
        if collecting:
            gc.enable()


def statements(article: Article | str, *, actor_files: Sequence[str | Path] = ()) -> list[Statement]:
    """Every attributed statement of ``article`` (an :class:`Article` or its text), negotiation or not."""
    loaded = article if isinstance(article, Article) else Article.from_text(article)
    return find_statement_items(loaded, load_lexicon(actor_files))
