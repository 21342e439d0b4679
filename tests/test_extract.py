"""The whole call path through instructor and openai with a scripted model."""

from __future__ import annotations

import asyncio
import copy
import json
import time

import httpx2
import openai
import pytest

from summarizer import (
    ExtractionError,
    ProviderError,
    SummaryResult,
    TruncatedOutputError,
    asummarize,
    load_article,
    summarize,
)
from summarizer.gold import load_gold
from summarizer.llm import AsyncRetryingTransport
from summarizer.testing import ScriptedModel, answer, disconnect, http_error, truncated

from .scripted import FAST_RETRIES, SEED_ARTICLE, TEST_API_KEY, client_for, gold_answer, settings


def _run(model: ScriptedModel, **changes: object) -> SummaryResult:
    return summarize(load_article(SEED_ARTICLE), client=client_for(model), settings=settings(**changes))


def test_valid_answer_gives_the_gold_summary() -> None:
    _, gold = load_gold(SEED_ARTICLE)
    model = ScriptedModel(answer(gold_answer()))
    result = _run(model)
    assert result.summary == gold
    assert result.usage.calls == 1
    assert result.usage.total_tokens == 150
    assert result.provenance.backend == "openai"
    assert result.provenance.base_url_host == "127.0.0.1"
    assert result.provenance.article_sha256 == load_article(SEED_ARTICLE).sha256
    assert result.dropped == []


def test_request_carries_tool_schema_numbered_article_and_settings() -> None:
    model = ScriptedModel(answer(gold_answer()))
    _run(model, seed=7, max_tokens=4000)
    (body,) = model.bodies()
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.0
    assert body["seed"] == 7
    assert body["max_tokens"] == 4000
    tool = body["tools"][0]["function"]
    assert tool["name"] == "NegotiationSummary"
    assert not list(_titles(tool["parameters"]))
    assert "start" not in tool["parameters"]["$defs"]["Evidence"]["items"]["properties"]
    assert "[6] But the said proposal was rejected by Putin" in body["messages"][1]["content"]
    request = model.requests[0]
    assert request.headers["authorization"] == f"Bearer {TEST_API_KEY}"


def _titles(node: object) -> list[object]:
    """Every ``title`` annotation (not a property that happens to be called title)."""
    if isinstance(node, list):
        return [t for item in node for t in _titles(item)]
    if not isinstance(node, dict):
        return []
    found = [node["title"]] if isinstance(node.get("title"), str) else []
    return found + [t for value in node.values() for t in _titles(value)]


def _with_bad_quote() -> dict[str, object]:
    answer = copy.deepcopy(gold_answer())
    answer["proposals"][0]["evidence"][0]["quote"] = "Putin happily agreed to everything"
    return answer


def test_ungrounded_quote_is_reasked_once_and_usage_is_summed() -> None:
    model = ScriptedModel(
        answer(_with_bad_quote(), prompt_tokens=100, completion_tokens=40),
        answer(gold_answer(), prompt_tokens=130, completion_tokens=45),
    )
    result = _run(model)
    assert model.calls == 2
    reask = json.dumps(model.bodies()[1]["messages"])
    assert "proposals[0].evidence[0]" in reask
    assert "Putin happily agreed to everything" in reask
    assert TEST_API_KEY not in reask
    assert result.usage.calls == 2
    assert result.usage.prompt_tokens == 230
    assert result.usage.completion_tokens == 85


@pytest.mark.parametrize("max_reasks", [0, 1, 2])
def test_strict_raises_after_exactly_one_plus_max_reasks_requests(max_reasks: int) -> None:
    model = ScriptedModel(*[answer(_with_bad_quote()) for _ in range(max_reasks + 1)])
    with pytest.raises(ExtractionError) as caught:
        _run(model, max_reasks=max_reasks)
    assert model.calls == max_reasks + 1
    assert caught.value.attempts == max_reasks + 1
    assert caught.value.usage.calls == max_reasks + 1
    assert any("Putin happily agreed to everything" in e for e in caught.value.errors)
    assert "proposals[0].evidence[0]" in caught.value.errors[0]


def test_lenient_drops_the_ungrounded_item_and_lists_it() -> None:
    model = ScriptedModel(answer(_with_bad_quote()), answer(_with_bad_quote()))
    result = _run(model, max_reasks=1, lenient=True)
    _, gold = load_gold(SEED_ARTICLE)
    assert model.calls == 2
    assert result.summary.proposals == gold.proposals[1:]
    assert [d.path for d in result.dropped] == ["proposals[0].evidence[0]", "proposals[0]"]
    assert "Putin happily agreed" in result.dropped[0].reason
    assert result.summary.parties == gold.parties
    assert result.usage.calls == 2


def test_undeclared_party_id_is_a_validation_error_in_the_reask() -> None:
    bad = copy.deepcopy(gold_answer())
    bad["positions"][0]["party"] = "atlantis"
    model = ScriptedModel(answer(bad), answer(gold_answer()))
    _run(model)
    assert "'atlantis' is not declared" in json.dumps(model.bodies()[1]["messages"])


def test_429_with_retry_after_is_retried_then_succeeds() -> None:
    model = ScriptedModel(http_error(429, "slow down", headers={"retry-after": "0.2"}), answer(gold_answer()))
    started = time.monotonic()
    result = _run(model)
    assert time.monotonic() - started >= 0.2
    assert model.calls == 2
    assert result.usage.calls == 1


def test_late_500_repeats_that_call_only() -> None:
    model = ScriptedModel(answer(_with_bad_quote()), http_error(500), http_error(503), answer(gold_answer()))
    result = _run(model)
    assert model.calls == 4
    assert result.usage.calls == 2


def test_repeated_500s_end_in_a_provider_error_after_the_configured_attempts() -> None:
    model = ScriptedModel(*[http_error(500, "boom") for _ in range(FAST_RETRIES.attempts)])
    with pytest.raises(ProviderError) as caught:
        _run(model)
    assert model.calls == FAST_RETRIES.attempts
    assert caught.value.status_code == 500
    assert caught.value.retryable
    assert "boom" in str(caught.value)


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_client_errors_are_not_retried(status: int) -> None:
    model = ScriptedModel(http_error(status, "no"))
    with pytest.raises(ProviderError) as caught:
        _run(model)
    assert model.calls == 1
    assert caught.value.status_code == status
    assert not caught.value.retryable
    assert TEST_API_KEY not in str(caught.value)


def test_connection_errors_are_retried_then_reported() -> None:
    model = ScriptedModel(*[disconnect()] * FAST_RETRIES.attempts)
    with pytest.raises(ProviderError) as caught:
        _run(model)
    assert model.calls == FAST_RETRIES.attempts
    assert caught.value.status_code is None
    assert caught.value.retryable


def test_truncation_raises_at_once() -> None:
    model = ScriptedModel(truncated(gold_answer()), answer(gold_answer()))
    with pytest.raises(TruncatedOutputError, match="max_tokens") as caught:
        _run(model)
    assert model.calls == 1
    assert caught.value.usage.calls == 1


def test_instructor_logs_stay_off_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    model = ScriptedModel(answer(_with_bad_quote()), answer(gold_answer()))
    _run(model)
    assert capsys.readouterr().err == ""


def test_async_path_matches_the_sync_one() -> None:
    _, gold = load_gold(SEED_ARTICLE)
    model = ScriptedModel(answer(_with_bad_quote()), answer(gold_answer()))
    http_client = httpx2.AsyncClient(transport=AsyncRetryingTransport(model.transport(), FAST_RETRIES))
    client = openai.AsyncOpenAI(
        api_key="k", base_url="http://127.0.0.1:9/v1", max_retries=0, http_client=http_client
    )
    result = asyncio.run(asummarize(load_article(SEED_ARTICLE), client=client, settings=settings()))
    assert result.summary == gold
    assert result.usage.calls == 2


def test_a_str_naming_a_file_is_refused_not_summarized_as_text() -> None:
    from summarizer import ArticleError

    with pytest.raises(ArticleError, match=r"pass pathlib\.Path"):
        summarize(str(SEED_ARTICLE), backend="offline")


def test_an_answer_that_uses_up_max_tokens_is_truncation_even_if_mislabelled() -> None:
    # llama.cpp's server says finish_reason "tool_calls" even when it cut the answer at max_tokens.
    cut = answer('{"headline": "Trump-Putin phone', completion_tokens=64, finish_reason="tool_calls")
    model = ScriptedModel(cut, answer(gold_answer()))
    with pytest.raises(TruncatedOutputError, match="raise max_tokens") as caught:
        _run(model, max_tokens=64)
    assert model.calls == 1
    assert caught.value.usage.calls == 1
    assert caught.value.usage.completion_tokens == 64


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json"])
def test_the_prepared_request_is_byte_for_byte_instructors_own(mode: str) -> None:
    """The request built once and reused is what instructor's own call path sends for the plain model."""
    import instructor

    from summarizer.extract import _MODES
    from summarizer.prompts import build_messages
    from summarizer.schema import NegotiationSummary

    sent: list[bytes] = []

    def capture(request: httpx2.Request) -> httpx2.Response:
        sent.append(request.content)
        return httpx2.Response(400, json={"error": {"message": "captured"}})

    client = openai.OpenAI(
        api_key=TEST_API_KEY,
        base_url="http://127.0.0.1:9/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(capture)),
    )
    article = load_article(SEED_ARTICLE)
    own = instructor.from_openai(client, mode=_MODES[mode])
    with pytest.raises(Exception, match="captured"):
        own.chat.completions.create(
            response_model=NegotiationSummary,
            messages=build_messages(article),
            model="test-model",
            temperature=0.0,
            max_tokens=512,
            max_retries=0,
        )
    for _ in range(2):  # the first request and a later one, from the same prepared template
        with pytest.raises(ProviderError):
            summarize(article, client=client, settings=settings(mode=mode, max_tokens=512))
    assert len(sent) == 3
    assert sent[1] == sent[0]
    assert sent[2] == sent[0]


def test_a_local_answer_is_awaited_until_the_deadline_not_a_fixed_read_timeout() -> None:
    from summarizer.backends.local import LocalBackend
    from summarizer.llm import make_client, request_timeouts
    from summarizer.testing import delayed

    assert LocalBackend.read_until_deadline
    local = settings(timeout=None)
    assert request_timeouts(local, read_until_deadline=True).read is None
    assert request_timeouts(local.with_(timeout=5.0), read_until_deadline=True).read == 5.0  # --timeout wins
    # A slow answer arrives when only the deadline bounds the wait ...
    model = ScriptedModel(delayed(gold_answer(), 0.3))
    client = make_client(local, transport=model.transport(), read_until_deadline=True)
    assert summarize(SEED_ARTICLE, settings=local.with_(deadline=5.0), client=client).usage.calls == 1
    # ... and the deadline ends the wait, saying so.
    model = ScriptedModel(delayed(gold_answer(), 3.0))
    client = make_client(local, transport=model.transport(), read_until_deadline=True)
    started = time.monotonic()
    with pytest.raises(ProviderError, match=r"the deadline of 0\.3 s for this article passed"):
        summarize(SEED_ARTICLE, settings=local.with_(deadline=0.3), client=client)
    assert time.monotonic() - started < 2.0
    assert model.calls == 1
