"""Matching predicted summary items to gold items, one to one within each list.

The rules, in the order they are applied:

1. **Names.** A name or id is compared in normal form: :func:`~summarizer.schema.slugify` (so
   ``security_guarantees``, ``Security Guarantees`` and ``security-guarantees`` are one), a leading ``the-``
   dropped, and each word lightly stemmed (``-ies`` -> ``-y``, a final ``s`` dropped), so plurals agree.
2. **Parties** are aligned first. Score 3 when the ids agree, 2 when any of id, name and aliases of one equals
   any of the other's (also with the hyphens removed), 1 when they share a representative (same surname).
   Anything else cannot align.
3. **Issues** next. Score 3 when the ids agree, 2 when any of id and label agree, else ``1 + J`` when the best
   word-set Jaccard similarity ``J`` between their ids and labels (stop words such as "of" left out) is at
   least 0.5, else ``1 + overlap`` when their evidence overlaps by at least 0.5 (see 5).
4. **Other items** are compared through that alignment: a predicted reference "agrees" with a gold one when
   the predicted id was aligned to exactly that gold id, and ``J(a, b)`` of two id lists is their Jaccard
   similarity with the predicted ids mapped through the alignment. Candidates and scores per list:

   - positions, demands, concessions: the acting party (``party``) must agree, and the issue must agree or
     the evidence overlap (a position's evidence includes its shift's). Score ``1 + [issue agrees] + overlap``
     (+0.25 when a demand's addressee or a concession's beneficiary agrees).
   - proposals: the proposers must share an aligned party (``J(proposers) > 0``), and the issues must share
     one or the evidence overlap. Score ``J(proposers) + J(issues) + overlap``; with one proposer and one
     issue on each side that is the score of a position.
   - agreements: the parties must share an aligned party, and the issues must share one or the evidence
     overlap. Score ``J(parties) + J(issues) + overlap``.
   - sticking points: the issue must agree or the evidence overlap. Score ``[issue agrees] + 0.5 * J(parties)
     + overlap``.
   - statements: the evidence must overlap. Score ``overlap + 0.5 * [party agrees] + 0.5 * [same speaker]``.
   - next steps: the evidence must overlap. Score ``overlap + 0.5 * J(parties) + 0.25 * [same "when"]``.

   What the accuracies measure never makes or breaks a pair: a party's role, a stance, whether a position
   has a shift, response kinds, an agreement's status and a sticking point's ``resolved`` only add 0.01 each
   when right (to parties too), which breaks exact ties towards the right pair. The speaker never makes a
   pair either (statements need overlapping evidence), but it weighs in when choosing among candidates.
5. **Evidence overlap** of two items is the Jaccard similarity of their cited sentence-id sets, averaged with
   the Jaccard similarity of their character spans (as sets of character positions) when both have spans.
   Evidence "overlaps" when the items share a cited sentence or a character.
6. **Assignment.** Within each list, the pairs are chosen to maximise the summed score (Hungarian algorithm,
   :func:`assign`); only candidate pairs count. Before that, both sides are sorted by their canonical JSON
   (nested lists sorted too), so the outcome does not depend on the order of any list; among equally good
   assignments the one earliest in that canonical order wins.

Names, party and issue scores, evidence overlap and the assignment live in :mod:`summarizer.align`, which the
merge of summaries shares.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.align import (
    Pair,
    assign,
    evidence_overlap,
    issue_score,
    jaccard,
    name_key,
    party_score,
    same_speaker,
)
from summarizer.schema import (
    ITEM_LIST_NAMES,
    ITEM_LISTS,
    Agreement,
    Concession,
    Demand,
    Evidence,
    NegotiationSummary,
    NextStep,
    Party,
    Position,
    Proposal,
    Statement,
    StickingPoint,
)

__all__ = [
    "LIST_NAMES",
    "Alignment",
    "Pair",
    "assign",
    "evidence_overlap",
    "match_summaries",
    "name_key",
    "response_agreement",
    "same_speaker",
]

LIST_NAMES = ITEM_LIST_NAMES
"""The lists that are matched and scored, in report order."""

_TIE_BREAK = 0.01

Item = TypeVar("Item", bound=BaseModel)


def _order_free(node: object) -> object:
    """JSON data with every list sorted, so nested order (evidence, responses, aliases) does not count."""
    if isinstance(node, dict):
        return {key: _order_free(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_order_free(value) for value in node]
        return sorted(items, key=lambda value: json.dumps(value, sort_keys=True))
    return node


def _canonical(item: BaseModel) -> str:
    return json.dumps(_order_free(item.model_dump(mode="json")), sort_keys=True, ensure_ascii=False)


def _match_list(
    predicted: Sequence[Item], gold: Sequence[Item], score: Callable[[Item, Item], float]
) -> list[Pair]:
    """Pairs of original indices (predicted, gold), chosen on canonically sorted copies of both lists."""
    order_p = sorted(range(len(predicted)), key=lambda i: _canonical(predicted[i]))
    order_g = sorted(range(len(gold)), key=lambda i: _canonical(gold[i]))
    matrix = [[score(predicted[p], gold[g]) for g in order_g] for p in order_p]
    return sorted((order_p[r], order_g[c]) for r, c in assign(matrix))


@dataclass(frozen=True)
class Alignment:
    """Matched pairs of (predicted index, gold index) for every list, and the id maps they imply."""

    pairs: dict[str, list[Pair]]
    party_map: dict[str, str]
    issue_map: dict[str, str]

    def party(self, predicted: str | None, gold: str | None) -> bool:
        """Whether predicted party id ``predicted`` was aligned to gold party id ``gold``."""
        return predicted is not None and gold is not None and self.party_map.get(predicted) == gold

    def issue(self, predicted: str, gold: str) -> bool:
        """Whether predicted issue id ``predicted`` was aligned to gold issue id ``gold``."""
        return self.issue_map.get(predicted) == gold

    def partiesjaccard(self, predicted: Iterable[str], gold: Iterable[str]) -> float:
        """Jaccard similarity of two party-id lists, with predicted ids mapped through the alignment."""
        mapped = {self.party_map.get(p, f"unaligned:{p}") for p in predicted}
        return jaccard(mapped, gold)

    def issuesjaccard(self, predicted: Iterable[str], gold: Iterable[str]) -> float:
        """Jaccard similarity of two issue-id lists, with predicted ids mapped through the alignment."""
        mapped = {self.issue_map.get(i, f"unaligned:{i}") for i in predicted}
        return jaccard(mapped, gold)


def _party_score(predicted: Party, gold: Party) -> float:
    score = party_score(predicted, gold)
    return score + _TIE_BREAK * (predicted.role == gold.role) if score else 0.0


def _with_shift(position: Position) -> list[Evidence]:
    """A position's evidence and its shift's: the quote that says it changed places it too."""
    return position.evidence + (position.shift.evidence if position.shift is not None else [])


def match_summaries(predicted: NegotiationSummary, gold: NegotiationSummary) -> Alignment:
    """Align parties and issues, then match the other lists through that alignment (see the module doc)."""
    pairs: dict[str, list[Pair]] = {}
    pairs["parties"] = _match_list(predicted.parties, gold.parties, _party_score)
    pairs["issues"] = _match_list(predicted.issues, gold.issues, issue_score)
    alignment = Alignment(
        pairs=pairs,
        party_map={predicted.parties[p].id: gold.parties[g].id for p, g in pairs["parties"]},
        issue_map={predicted.issues[p].id: gold.issues[g].id for p, g in pairs["issues"]},
    )
    a = alignment

    def acting(
        party_p: str, party_g: str, issue_p: str, issue_g: str, ev_p: list[Evidence], ev_g: list[Evidence]
    ) -> float:
        if not a.party(party_p, party_g):
            return 0.0
        overlaps, overlap = evidence_overlap(ev_p, ev_g)
        issue_agrees = a.issue(issue_p, issue_g)
        if not (issue_agrees or overlaps):
            return 0.0
        return 1.0 + float(issue_agrees) + overlap

    def position(p: Position, g: Position) -> float:
        base = acting(p.party, g.party, p.issue, g.issue, _with_shift(p), _with_shift(g))
        if not base:
            return 0.0
        return base + _TIE_BREAK * ((p.stance == g.stance) + ((p.shift is None) == (g.shift is None)))

    def demand(p: Demand, g: Demand) -> float:
        base = acting(p.party, g.party, p.issue, g.issue, p.evidence, g.evidence)
        if not base:
            return 0.0
        return base + 0.25 * a.party(p.addressee, g.addressee) + _TIE_BREAK * response_agreement(a, p, g)[0]

    def concession(p: Concession, g: Concession) -> float:
        base = acting(p.party, g.party, p.issue, g.issue, p.evidence, g.evidence)
        return base + 0.25 * a.party(p.beneficiary, g.beneficiary) if base else 0.0

    def joint(p: Proposal | Agreement, g: Proposal | Agreement) -> float:
        """Proposals and agreements: shared parties, and shared issues or overlapping evidence."""
        parties_p, parties_g = (x.proposers if isinstance(x, Proposal) else x.parties for x in (p, g))
        parties = a.partiesjaccard(parties_p, parties_g)
        if not parties:
            return 0.0
        overlaps, overlap = evidence_overlap(p.evidence, g.evidence)
        issues = a.issuesjaccard(p.issues, g.issues)
        if not (issues or overlaps):
            return 0.0
        return parties + issues + overlap

    def proposal(p: Proposal, g: Proposal) -> float:
        base = joint(p, g)
        return base + _TIE_BREAK * response_agreement(a, p, g)[0] if base else 0.0

    def agreement(p: Agreement, g: Agreement) -> float:
        base = joint(p, g)
        return base + _TIE_BREAK * (p.status == g.status) if base else 0.0

    def sticking_point(p: StickingPoint, g: StickingPoint) -> float:
        overlaps, overlap = evidence_overlap(p.evidence, g.evidence)
        issue_agrees = a.issue(p.issue, g.issue)
        if not (issue_agrees or overlaps):
            return 0.0
        score = float(issue_agrees) + 0.5 * a.partiesjaccard(p.parties, g.parties) + overlap
        return score + _TIE_BREAK * (p.resolved == g.resolved)

    def statement(p: Statement, g: Statement) -> float:
        overlaps, overlap = evidence_overlap(p.evidence, g.evidence)
        if not overlaps:
            return 0.0
        return overlap + 0.5 * a.party(p.party, g.party) + 0.5 * same_speaker(p.speaker, g.speaker)

    def next_step(p: NextStep, g: NextStep) -> float:
        overlaps, overlap = evidence_overlap(p.evidence, g.evidence)
        if not overlaps:
            return 0.0
        same_when = p.when is not None and g.when is not None and name_key(p.when) == name_key(g.when)
        return overlap + 0.5 * a.partiesjaccard(p.parties, g.parties) + 0.25 * same_when

    scorers: dict[str, Callable[[Any, Any], float]] = {
        "positions": position,
        "demands": demand,
        "concessions": concession,
        "proposals": proposal,
        "agreements": agreement,
        "sticking_points": sticking_point,
        "statements": statement,
        "next_steps": next_step,
    }
    for entry in ITEM_LISTS[2:]:  # parties and issues are aligned above; every other list needs a scorer
        pairs[entry.name] = _match_list(
            getattr(predicted, entry.name), getattr(gold, entry.name), scorers[entry.name]
        )
    return alignment


def response_agreement(
    alignment: Alignment, predicted: Proposal | Demand, gold: Proposal | Demand
) -> tuple[int, int]:
    """(correct, total) over the gold item's responses: correct when the aligned party answered alike."""
    correct = 0
    for expected in gold.responses:
        answers = [r.response for r in predicted.responses if alignment.party(r.party, expected.party)]
        correct += expected.response in answers
    return correct, len(gold.responses)
