"""Grounding: exact and fuzzy matches, targeted errors, the offsets invariant, the fuzzy threshold table."""

from __future__ import annotations

import re

import pytest

from summarizer.article import Article, load_article
from summarizer.grounding import FUZZY_THRESHOLD, Located, ground_leniently, locate
from summarizer.schema import NegotiationSummary, iter_evidence

from .scripted import SEED_ARTICLE, gold_answer

SEED = load_article(SEED_ARTICLE)

# (sentence id, quote, must pass): near-misses a model makes when it copies, and paraphrases it must not pass.
LABELLED = [
    (2, "the US is continuing engagement with Ukraine", True),  # dropped words
    (3, '"I expect that there will be a call with both presidents this week', True),  # contraction undone
    (6, "the proposal was rejected by Putin", True),
    (6, "Rejected By Putin Who Maintains That Issues Still Need To Be Resolved", True),  # case
    (16, "Washington's minerals deal with Kyiv fell through", True),  # straight apostrophe
    (13, "Putin will absolutely consider a ceasefire", True),  # quote marks dropped
    (4, "there was cautious optimism about the prospect of a ceasefire deal", True),
    (15, "Ukraine has been asking for assurances that the US will protect it", True),
    (18, "pressured the Ukrainians with a pause in arms shipment", True),  # singular
    (5, "Ukraine accepted the U.S. proposal of a 30 day ceasefire", True),  # U.S., hyphen
    (10, "Trump really expects there to be some sort of deal in the coming weeks", True),
    (2, "Witkoff said the US is engaging Ukraine", False),
    (2, "Witkoff said Ukraine", False),  # words scattered over the sentence
    (6, "Putin accepted the proposal", False),
    (6, "Putin did not reject the proposal", False),  # negation added
    (6, "Putin maintains issues resolved", False),
    (5, "Ukraine rejected the US proposal", False),  # one word flips the meaning
    (5, "Ukraine accepted a ceasefire", False),
    (16, "the minerals deal was signed", False),
    (15, "the White House agreed to protect Ukraine", False),
    (13, "Putin wants territory", False),
    (4, "Peskov was pessimistic about a ceasefire", False),
    (18, "Trump resumed arms shipments to Ukraine", False),
    (10, "Trump expects a deal within days", False),
    (19, "Zelensky called Trump a dictator", False),
]


def test_threshold_table_has_no_false_accepts_and_no_false_rejects() -> None:
    outcomes = [(quote, isinstance(locate(SEED, [sid], quote), Located), ok) for sid, quote, ok in LABELLED]
    false_accepts = [quote for quote, accepted, ok in outcomes if accepted and not ok]
    false_rejects = [quote for quote, accepted, ok in outcomes if ok and not accepted]
    assert (false_accepts, false_rejects) == ([], [])
    assert FUZZY_THRESHOLD == 75.0


@pytest.mark.parametrize(("sid", "quote", "ok"), [row for row in LABELLED if row[2]])
def test_near_misses_are_fuzzy_and_point_at_the_right_words(sid: int, quote: str, ok: bool) -> None:
    found = locate(SEED, [sid], quote)
    assert isinstance(found, Located)
    sentence = SEED.sentences[sid]
    assert sentence.start <= found.start < found.end <= sentence.end
    first_word = re.findall(r"\w+", quote)[0].casefold()
    assert SEED.text[found.start : found.end].casefold().startswith(first_word)


def test_exact_match_with_curly_quotes_and_spacing() -> None:
    found = locate(SEED, [8], "'it was a  solution-based discussion.'")
    assert isinstance(found, Located)
    assert found.match == "exact"
    assert SEED.text[found.start : found.end] == "‘it was a solution-based discussion.’"


def test_quote_spanning_two_sentences() -> None:
    found = locate(SEED, [5, 6], "in Saudi Arabia. But the said proposal was rejected by Putin")
    assert isinstance(found, Located)
    assert found.match == "exact"


@pytest.mark.parametrize(
    ("ids", "quote", "message"),
    [
        ([40], "anything at all", "sentence 40 does not exist (the article has sentences 0-20)"),
        ([2], "said", "too short"),
        ([1], "rejected by Putin", "it is in sentence 6: cite that id"),
        ([6], "Putin embraced the plan", "copy the words exactly"),
    ],
)
def test_errors_say_what_to_fix(ids: list[int], quote: str, message: str) -> None:
    found = locate(SEED, ids, quote)
    assert isinstance(found, str)
    assert message in found


def test_offsets_invariant_holds_for_every_exact_match_in_the_gold() -> None:
    from summarizer.grounding import evidence_context

    summary = NegotiationSummary.model_validate(gold_answer(), context=evidence_context(SEED))
    pieces = list(iter_evidence(summary))
    assert len(pieces) > 30
    for _, evidence in pieces:
        assert evidence.match == "exact"
        assert evidence.start is not None
        assert evidence.end is not None
        assert SEED.text[evidence.start : evidence.end] == evidence.quote


def test_offsets_survive_crlf_bom_and_astral_characters() -> None:
    text = "\ufeffTalks 🤝 resume\r\nThe union “rejected the offer” on Monday. 𝔘nions met again.\r\n"
    article = Article.from_text(text)
    assert not article.text.startswith("\ufeff")
    found = locate(article, [1], '"rejected the offer"')
    assert isinstance(found, Located)
    assert article.text[found.start : found.end] == "“rejected the offer”"


def test_lenient_grounding_cascades_dropped_parties() -> None:
    answer = gold_answer()
    answer["parties"][1]["evidence"] = [{"sentence_ids": [0], "quote": "a party that is not there"}]
    summary = NegotiationSummary.model_validate(answer)
    dropped_id = answer["parties"][1]["id"]
    grounded, dropped = ground_leniently(summary, SEED)
    assert dropped_id not in {party.id for party in grounded.parties}
    assert "parties[1]" in {item.path for item in dropped}
    for position in grounded.positions:
        assert position.party != dropped_id
    assert any("was dropped" in item.reason for item in dropped)
    assert not grounded.reference_errors()
