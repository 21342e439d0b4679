"""One merge of summaries, used twice: the chunks of one long article, and the articles of a negotiation.

:func:`merge` takes summaries (bare, as pieces of one article, or as :class:`Piece` with their article, date
and order) and returns a :class:`MergedSummary`:

1. **Canonical order.** Pieces are sorted by date, article, order and content (:func:`ranked`), so the same
   inputs in any order give the same output.
2. **Parties and issues** are aligned across pieces (ids, names, aliases, representatives; issue labels, and
   overlapping evidence within one article) and renamed to one id each (:mod:`._align`).
3. **Items** of each list are grouped by the list's rule (:mod:`._rules`): same parties and issue, compatible
   terms (figures that agree, shared words, or overlapping quotes within one article), and no disagreement
   on what they say (stance, status, responses, resolved, tone). A group becomes one item: its first
   member's wording, everyone's evidence (each quote once), responses united per party.
4. **Conflicts.** Items that are the same thing but disagree are all kept and listed in
   ``MergedSummary.conflicts``: a ``contradiction`` when said at the same date (two chunks of one article),
   a ``change`` when a later article says otherwise (a development the timeline shows).
5. **Evidence keeps its article.** ``MergedSummary.evidence`` maps every quote's JSON path to the article
   it quotes; ``origins`` lists the pieces every merged item came from. The chunks of one long article are
   re-based to the whole article before they are merged (:mod:`summarizer.chunking`), so for one article
   ``merged.summary`` is an ordinary summary of it.

Merging a summary with itself changes nothing (``merge([s, s])`` equals ``merge([s])``), and a summary whose
items are all distinct comes out as it went in.
"""

from ._merge import merge, relabel
from ._model import Conflict, ConflictKind, MergedSummary, Origin, Piece, SourceRef, ranked
from ._rules import compatible_terms, numbers

__all__ = [
    "Conflict",
    "ConflictKind",
    "MergedSummary",
    "Origin",
    "Piece",
    "SourceRef",
    "compatible_terms",
    "merge",
    "numbers",
    "ranked",
    "relabel",
]
