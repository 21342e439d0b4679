"""What every renderer needs: the input normalised, names for ids, and each piece of evidence numbered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from summarizer.article import Article
from summarizer.errors import ArticleError
from summarizer.result import SummaryResult
from summarizer.schema import ITEM_LISTS, Evidence, NegotiationSummary, iter_evidence

__all__ = ["Cited", "Names", "article_text", "cite_all", "split_input"]


def split_input(
    result: SummaryResult | NegotiationSummary,
) -> tuple[NegotiationSummary, SummaryResult | None]:
    """The summary to render, and the full result when there is one (a bare summary has no provenance)."""
    if isinstance(result, NegotiationSummary):
        return result, None
    return result.summary, result


def article_text(article: Article | str, result: SummaryResult | None) -> str:
    """The article's text, checked against the hash the result was computed from."""
    if isinstance(article, Article):
        text, digest = article.text, article.sha256
    else:
        text = article.removeprefix("\ufeff")  # as Article.from_text reads it
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if result is not None and result.provenance.article_sha256 != digest:
        raise ArticleError(
            "this is not the article the summary was made from: its sha256 is "
            f"{digest[:12]}..., the summary's is {result.provenance.article_sha256[:12]}..."
        )
    return text


@dataclass(frozen=True)
class Cited:
    """One piece of evidence, numbered in document order, with the party whose colour it takes."""

    number: int
    path: str
    evidence: Evidence
    party: str | None

    @property
    def located(self) -> bool:
        """Whether grounding gave it a span."""
        ev = self.evidence
        return ev.start is not None and ev.end is not None and ev.start < ev.end

    @property
    def fuzzy(self) -> bool:
        """Whether the quote only approximately matches the article."""
        return self.evidence.match == "fuzzy"


class Names:
    """Display names for party and issue ids (an unknown id shows as itself)."""

    def __init__(self, summary: NegotiationSummary) -> None:
        self.parties = {party.id: party.name for party in summary.parties}
        self.issues = {issue.id: issue.label for issue in summary.issues}

    def party(self, party_id: str | None) -> str:
        """The party's name."""
        return "" if party_id is None else self.parties.get(party_id, party_id)

    def issue(self, issue_id: str) -> str:
        """The issue's label."""
        return self.issues.get(issue_id, issue_id)


def _owned_evidence(summary: NegotiationSummary) -> Iterator[tuple[list[Evidence], str | None]]:
    """Every evidence list with the party it speaks for (``None`` for issues, outlook, shared items)."""
    for entry in ITEM_LISTS:
        for item in getattr(summary, entry.name):
            owner = entry.owner_of(item)
            yield item.evidence, owner
            for nested, child_owner in entry.nested:
                children: list[Any] = entry.children(item, nested)
                for child in children:
                    yield child.evidence, getattr(child, child_owner) if child_owner else owner
    if summary.outlook is not None:
        yield summary.outlook.evidence, None


def cite_all(summary: NegotiationSummary, text_length: int | None = None) -> dict[int, Cited]:
    """Every piece of evidence keyed by ``id()`` of its object, numbered from 0 in JSON-path order.

    With ``text_length``, a span outside the article is an :class:`ArticleError`.
    """
    owners = {id(ev): party for evidence, party in _owned_evidence(summary) for ev in evidence}
    cited: dict[int, Cited] = {}
    for number, (path, evidence) in enumerate(iter_evidence(summary)):
        if text_length is not None:
            _check_span(path, evidence, text_length)
        cited[id(evidence)] = Cited(number, path, evidence, owners.get(id(evidence)))
    return cited


def _check_span(path: str, evidence: Evidence, text_length: int) -> None:
    start, end = evidence.start, evidence.end
    if start is not None and end is not None and not 0 <= start <= end <= text_length:
        raise ArticleError(
            f"{path}: span {start}-{end} lies outside the article "
            f"({text_length} characters); was the summary made from another text?"
        )
