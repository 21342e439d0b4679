"""Long articles: split into overlapping chunks that fit the context window, each extracted, then merged."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from summarizer import ExtractionError, asummarize, summarize
from summarizer.article import Article, load_article
from summarizer.backends import create_backend
from summarizer.cache import CachedSummarizer, ResultCache
from summarizer.chunking import (
    OVERLAP_SENTENCES,
    Chunk,
    plan_chunks,
    rebase,
    request_tokens,
)
from summarizer.errors import ConfigurationError, ProviderError
from summarizer.extract import request_characters
from summarizer.grounding import evidence_context, locate
from summarizer.llm import AsyncRetryingTransport
from summarizer.schema import NegotiationSummary, iter_evidence
from summarizer.testing import ChatRequest, ScriptedModel, answer

from .scripted import FAST_RETRIES, SEEDS, TEST_API_KEY, client_for, settings

ANSWER_TOKENS = 500
_NUMBERED = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def long_article(sentences: int = 90) -> Article:
    """A headline and ``sentences`` one-line sentences, each naming its own number."""
    lines = ["Alpha and Beta hold trade talks in Geneva"]
    lines += [
        f"Delegate number {i} from Alpha said the trade offer number {i} was fair."
        for i in range(1, 1 + sentences)
    ]
    return Article.from_text("\n".join(lines) + "\n", source="long.txt")


def window_for(article: Article, sentences: int) -> int:
    """A context window that holds the fixed part, the headline and about ``sentences`` sentences."""
    per_sentence = len(article.sentences[1].text) + 8
    fixed = request_tokens(Article.from_text(article.sentences[0].text))
    return fixed + ANSWER_TOKENS + round(sentences * per_sentence / 3.5)


def _shown(request: ChatRequest) -> dict[int, str]:
    return {int(number): text for number, text in _NUMBERED.findall(request.user_text)}


def chunk_answer(request: ChatRequest) -> dict[str, Any]:
    """What a careful model says about the part it is shown: a statement per sentence, one position."""
    shown = _shown(request)
    body = sorted(i for i in shown if i > 0)
    return {
        "headline": shown[0],
        "abstract": "Alpha and Beta hold trade talks.",
        "is_negotiation": True,
        "parties": [
            {
                "id": "alpha",
                "name": "Alpha",
                "kind": "state",
                "evidence": [{"sentence_ids": [0], "quote": "Alpha"}],
            },
            {
                "id": "beta",
                "name": "Beta",
                "kind": "state",
                "evidence": [{"sentence_ids": [0], "quote": "Beta"}],
            },
        ],
        "issues": [
            {"id": "trade", "label": "trade", "evidence": [{"sentence_ids": [0], "quote": "trade talks"}]}
        ],
        "positions": [
            {
                "party": "alpha",
                "issue": "trade",
                "stance": "supports",
                "summary": "Alpha finds the offer fair.",
                "evidence": [{"sentence_ids": [body[0]], "quote": shown[body[0]]}],
            }
        ],
        "statements": [
            {
                "speaker": "a delegate",
                "party": "alpha",
                "kind": "indirect",
                "tone": "optimistic",
                "evidence": [{"sentence_ids": [i], "quote": shown[i]}],
            }
            for i in body
        ],
    }


def test_an_article_that_fits_is_one_chunk() -> None:
    article = load_article(SEEDS / "trump-putin-call-2025-03.txt")
    (chunk,) = plan_chunks(article, context_window=100_000, answer_tokens=ANSWER_TOKENS)
    assert chunk.whole
    assert chunk.article is article


def test_chunks_overlap_keep_the_headline_and_fit() -> None:
    article = long_article()
    window = window_for(article, 20)
    chunks = plan_chunks(article, context_window=window, answer_tokens=ANSWER_TOKENS)
    assert len(chunks) >= 4
    covered: set[int] = set()
    for before, after in itertools.pairwise(chunks):
        assert after.first == before.last + 1 - OVERLAP_SENTENCES
    for chunk in chunks:
        assert not chunk.whole
        assert request_tokens(chunk.article) + ANSWER_TOKENS <= window
        assert chunk.article.sentences[0].text == article.headline
        for sentence in chunk.article.sentences[1:]:
            original = article.sentences[chunk.original_id(sentence.id)]
            assert sentence.text == original.text
            assert chunk.article.text[sentence.start : sentence.end] == sentence.text
            covered.add(original.id)
    assert covered == set(range(1, len(article.sentences)))
    assert chunks[0].first == 1
    assert chunks[-1].last == len(article.sentences) - 1


def test_a_window_without_room_for_the_article_is_a_configuration_error() -> None:
    article = long_article()
    with pytest.raises(ConfigurationError, match="leaves no room"):
        plan_chunks(article, context_window=1000, answer_tokens=ANSWER_TOKENS)


def test_a_sentence_longer_than_the_room_is_a_chunk_of_its_own() -> None:
    article = Article.from_text("Talks\n" + "Short one.\n" + "word " * 3000 + "\nShort two.\n")
    window = window_for(article, 2)
    chunks = plan_chunks(article, context_window=window, answer_tokens=ANSWER_TOKENS)
    assert [(c.first, c.last) for c in chunks] == [(1, 1), (2, 2), (3, 3)]


def test_rebase_maps_sentence_ids_and_spans_to_the_whole_article() -> None:
    article = long_article()
    chunk = plan_chunks(article, context_window=window_for(article, 20), answer_tokens=ANSWER_TOKENS)[2]
    request = ChatRequest(
        "POST",
        "/v1/chat/completions",
        {},
        {"messages": [{"role": "user", "content": chunk.article.numbered()}]},
    )
    in_chunk = NegotiationSummary.model_validate(
        chunk_answer(request), context=evidence_context(chunk.article)
    )
    rebased, dropped = rebase(in_chunk, chunk, article)
    assert dropped == []
    for path, evidence in iter_evidence(rebased):
        assert evidence.match == "exact", path
        assert article.text[evidence.start : evidence.end] == evidence.quote, path
    first = rebased.statements[0].evidence[0]
    assert first.sentence_ids == [chunk.first]
    assert first.quote == article.sentences[chunk.first].text


def _check_whole(result_summary: NegotiationSummary, article: Article) -> None:
    for path, evidence in iter_evidence(result_summary):
        found = locate(article, evidence.sentence_ids, evidence.quote)
        assert not isinstance(found, str), f"{path}: {found}"
        assert (evidence.start, evidence.end) == (found.start, found.end), path
        assert article.text[evidence.start : evidence.end] == evidence.quote, path


def test_a_long_article_is_read_in_chunks_and_merged_into_one_grounded_summary() -> None:
    article = long_article()
    window = window_for(article, 20)
    expected = len(plan_chunks(article, context_window=window, answer_tokens=ANSWER_TOKENS))
    model = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    result = summarize(
        article,
        client=client_for(model),
        settings=settings(context_window=window, max_tokens=ANSWER_TOKENS),
    )
    assert model.calls == expected
    assert result.usage.chunks == expected
    assert result.usage.calls == expected
    assert result.usage.prompt_tokens == 100 * expected
    summary = result.summary
    _check_whole(summary, article)
    # Every sentence is stated once, though the overlapping ones were read twice.
    assert [s.evidence[0].sentence_ids for s in summary.statements] == [
        [i] for i in range(1, len(article.sentences))
    ]
    # One position, supported by the first sentence of every chunk.
    (position,) = summary.positions
    assert len(position.evidence) == expected
    assert [p.id for p in summary.parties] == ["alpha", "beta"]
    assert [len(p.evidence) for p in summary.parties] == [1, 1]
    # Each chunk showed the headline and its own sentences, numbered from 1.
    for request in model.requests:
        shown = _shown(request)
        assert shown[0] == article.headline
        assert shown[1].startswith("Delegate number")


def test_a_merged_result_passes_the_cache_checks_on_read(tmp_path: Path) -> None:
    """The cache validates and grounds every hit again in the whole article: a merged result passes."""
    article = long_article()
    model = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    backend = create_backend(
        settings(context_window=window_for(article, 20), max_tokens=ANSWER_TOKENS), client=client_for(model)
    )
    with ResultCache(tmp_path) as cache:
        cached = CachedSummarizer(backend, cache=cache)
        first, hit = cached.summarize(article)
        assert not hit
        assert first.usage.chunks > 1
        again, hit = cached.summarize(article)
        assert hit
        assert model.calls == first.usage.chunks
        assert again.summary == first.summary


def test_one_deadline_bounds_all_the_chunks_of_an_article() -> None:
    """--deadline is per article: its chunks share it, they do not each get their own."""
    from summarizer.llm import make_client
    from summarizer.testing import delayed

    article = long_article()
    window = window_for(article, 20)
    chunks = len(plan_chunks(article, context_window=window, answer_tokens=ANSWER_TOKENS))
    assert chunks >= 4
    model = ScriptedModel.always(delayed(lambda request: answer(chunk_answer(request)), 0.4))
    chosen = settings(context_window=window, max_tokens=ANSWER_TOKENS, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(ProviderError, match=r"the deadline of 1(\.0)? s for this article passed"):
        summarize(article, client=make_client(chosen, transport=model.transport()), settings=chosen)
    assert time.monotonic() - started < 2.0
    assert model.calls < chunks


def test_one_call_when_the_article_fits() -> None:
    article = long_article(10)
    model = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    result = summarize(article, client=client_for(model), settings=settings(context_window=100_000))
    assert model.calls == 1
    assert result.usage.chunks == 1
    _check_whole(result.summary, article)


def test_the_asynchronous_path_reads_the_same_chunks() -> None:
    article = long_article()
    window = window_for(article, 20)
    synchronous = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    expected = summarize(
        article,
        client=client_for(synchronous),
        settings=settings(context_window=window, max_tokens=ANSWER_TOKENS),
    )
    model = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    http_client = httpx2.AsyncClient(transport=AsyncRetryingTransport(model.transport(), FAST_RETRIES))
    client = openai.AsyncOpenAI(
        api_key=TEST_API_KEY, base_url="http://127.0.0.1:9/v1", max_retries=0, http_client=http_client
    )
    result = asyncio.run(
        asummarize(article, client=client, settings=settings(context_window=window, max_tokens=ANSWER_TOKENS))
    )
    assert model.calls == synchronous.calls == expected.usage.chunks > 1
    assert result.summary == expected.summary
    assert result.usage == expected.usage


def test_a_failing_chunk_names_itself_and_carries_the_usage_spent() -> None:
    article = long_article()
    window = window_for(article, 20)
    good = lambda request: answer(chunk_answer(request))  # noqa: E731
    model = ScriptedModel(good, "not json", "not json", "not json", then=good)
    with pytest.raises(ExtractionError) as caught:
        summarize(
            article,
            client=client_for(model),
            settings=settings(context_window=window, max_reasks=2, max_tokens=ANSWER_TOKENS),
        )
    error = caught.value
    assert str(error).startswith("chunk 2 of ")
    assert "(the headline and sentences " in str(error)
    assert error.usage.calls == 4
    assert error.usage.chunks >= 4


def test_the_local_backend_splits_the_long_corpus_article_to_its_window() -> None:
    article = load_article(SEEDS / "budget-standoff-shutdown.txt")
    backend = create_backend(settings(backend="local", base_url="http://127.0.0.1:9/v1"))
    chunks: list[Chunk] = backend.chunks(article)  # type: ignore[attr-defined]
    assert len(chunks) > 1
    for chunk in chunks:
        assert request_tokens(chunk.article) + 2048 <= 8192
    short = load_article(SEEDS / "trump-putin-call-2025-03.txt")
    assert backend.chunks(short)[0].whole  # type: ignore[attr-defined]


def test_context_window_enters_the_fingerprint_only_when_set(tmp_path: Path) -> None:
    plain = create_backend(settings())
    windowed = create_backend(settings(context_window=4096))
    assert "context_window" not in plain.fingerprint()
    assert windowed.fingerprint()["context_window"] == 4096


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema"])
def test_the_measure_is_the_request_as_sent(mode: str) -> None:
    """The characters the splitting counts are those of the request the client sends, in every mode."""
    article = long_article(10)
    model = ScriptedModel.always(lambda request: answer(chunk_answer(request)))
    summarize(article, client=client_for(model), settings=settings(mode=mode))
    body = model.bodies()[0]
    sent = sum(len(m["content"] or "") for m in body["messages"])
    sent += len(
        json.dumps(
            {k: body[k] for k in ("tools", "tool_choice", "response_format") if k in body},
            separators=(",", ":"),
            ensure_ascii=False,
        )
    )
    measured = request_characters(article, settings(mode=mode))
    assert abs(measured - sent) <= 0.02 * sent
    if mode == "json":
        assert measured > 1.5 * request_characters(article, settings(mode="tools"))


def test_the_headline_alone_is_sized_with_the_callers_measure() -> None:
    article = long_article()
    heavy = 40_000  # a mode that writes a large schema into every request, as json mode does

    def measure(part: Article) -> int:
        return heavy + len(part.text)

    window = request_tokens(article) + ANSWER_TOKENS  # room enough by the default measure
    with pytest.raises(ConfigurationError, match="leaves no room"):
        plan_chunks(article, context_window=window, answer_tokens=ANSWER_TOKENS, measure=measure)
