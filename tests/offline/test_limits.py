"""The offline path neither crashes nor breaks a schema limit on long names or one-line text."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.article import Article
from summarizer.backends import create_backend
from summarizer.config import Settings
from summarizer.errors import ExtractionError
from summarizer.grounding import evidence_context
from summarizer.offline.ids import ID_LIMIT, mint_id
from summarizer.schema import NegotiationSummary, slugify

from .helpers import summary_of

LONG_NAME = (
    "International Federation of Professional and Technical Bridge Inspectors of the Northern Provinces"
)
TWIN = "International Federation of Professional and Technical Tunnel Inspectors of the Southern Provinces"


def test_a_long_name_is_cut_after_a_whole_word_to_fit() -> None:
    minted = mint_id(LONG_NAME, set())
    assert len(minted) <= ID_LIMIT
    assert minted == "international-federation-of-professional-and-technical-bridge"[: len(minted)]
    assert slugify(LONG_NAME).startswith(minted + "-")  # a whole number of words, none cut
    assert slugify(minted) == minted  # the schema's own normal form, so validation keeps it as it is


def test_a_cut_never_ends_on_a_function_word() -> None:
    minted = mint_id("Union of Inspectors " + "and " * 20 + "of the Realm of Everywhere", set())
    assert minted == "union-of-inspectors"


def test_names_alike_in_their_first_sixty_characters_get_distinct_ids_within_the_limit() -> None:
    used: set[str] = set()
    ids = [mint_id(name, used) for name in (LONG_NAME, TWIN, LONG_NAME, "x" * 90, "x" * 95)]
    assert len(set(ids)) == len(ids)
    assert all(0 < len(one) <= ID_LIMIT and slugify(one) == one for one in ids)
    assert ids[1] == ids[0] + "-2"
    assert ids == _minted_again()  # deterministic


def _minted_again() -> list[str]:
    used: set[str] = set()
    return [mint_id(name, used) for name in (LONG_NAME, TWIN, LONG_NAME, "x" * 90, "x" * 95)]


def test_short_names_keep_their_plain_slug() -> None:
    used: set[str] = set()
    assert [mint_id(n, used) for n in ("Harbour Employers", "Harbour Employers", "東京")] == [
        "harbour-employers",
        "harbour-employers-2",
        "party",
    ]
    assert mint_id("北京", used) == "party-2"


def test_a_party_with_a_very_long_name_is_summarized_within_the_limits() -> None:
    paragraphs = (
        f"The {LONG_NAME} (IFPBI) rejected a pay offer from the Northern Transport Ministry on Monday, "
        "prolonging a strike over wages.",
        f"The {LONG_NAME} said the offer of a 2% rise was not enough, and demanded a 6% rise over two years.",
        "“We will not accept a cut in real pay,” said Mirela Ostrander, the federation's president.",
        "The ministry proposed new talks next week, according to the Valdmark Herald.",
    )
    summary = summary_of(*paragraphs, headline="Bridge inspectors and the ministry resume pay talks")
    ids = [party.id for party in summary.parties]
    assert any(party_id.startswith("international-federation") for party_id in ids)
    assert all(len(party_id) <= ID_LIMIT for party_id in ids)
    assert len(set(ids)) == len(ids)


def test_a_one_line_article_given_as_text_is_summarized() -> None:
    text = (
        "Ferry operators and the Ostmark Seafarers Union resume pay talks. "
        "The union rejected a 3% offer on Monday, and its leader Anika Roos said the talks would go on. "
    ) * 3  # one line, too long to be a file's name
    result = summarize(text.strip(), backend="offline")
    assert result.summary.headline


def test_an_invalid_summary_from_the_rules_is_a_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def invalid(article: Article, **_: object) -> NegotiationSummary:
        data = {"headline": article.headline, "abstract": "x", "is_negotiation": False, "parties": []}
        data["parties"] = [{"id": "p" * 70, "name": "P", "kind": "other", "evidence": []}]
        return NegotiationSummary.model_validate(data, context=evidence_context(article))

    monkeypatch.setattr("summarizer.backends.offline.extract", invalid)
    backend = create_backend(Settings(backend="offline"))
    with pytest.raises(ExtractionError, match="rules built a summary that fails validation") as caught:
        backend.extract(Article.from_text("Talks resume\nThe sides met.\n"))
    assert caught.value.attempts == 1
    assert any("parties.0.id" in line for line in caught.value.errors)


def test_a_first_segment_longer_than_a_headline_may_be_is_cut_to_fit() -> None:
    regions = (
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Coastal",
        "Upland",
        "Island",
        "Delta",
    )
    guilds = [
        f"the {region} {trade} Guild" for region in regions for trade in ("Dockworkers", "Pilots", "Ferrymen")
    ]
    first = "Talks between " + ", ".join(guilds) + " and the Harbour Employers Association resumed on Monday"
    assert len(first) > 600
    summary = summary_of(
        "The Harbour Employers Association offered a 3% rise, and the guilds rejected it.",
        "Negotiators said the talks would resume next week.",
        headline=first,
    )
    assert 0 < len(summary.headline) <= 600
    assert first.startswith(summary.headline.removesuffix("…"))
