"""``summarizer.testing``: the scripted model's answers and faults, through both of its faces."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2
import pytest

from summarizer import ProviderError, TruncatedOutputError, load_article, summarize
from summarizer.gold import load_gold
from summarizer.llm import make_client
from summarizer.testing import (
    ChatRequest,
    ScriptedModel,
    ScriptedServer,
    answer,
    content_body,
    delayed,
    disconnect,
    hang,
    http_error,
    model_answer,
    not_json,
    tool_call_body,
    truncated,
)

from .scripted import FAST_RETRIES, SEED_ARTICLE, client_for, gold_answer, settings

ROOT = Path(__file__).resolve().parent.parent


def _summarize(model: ScriptedModel, **changes: object) -> object:
    return summarize(load_article(SEED_ARTICLE), client=client_for(model), settings=settings(**changes))


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema"])
def test_a_grounded_summary_is_sent_as_a_model_writes_it_in_every_mode(mode: str) -> None:
    _, gold = load_gold(SEED_ARTICLE)
    model = ScriptedModel(gold)
    result = summarize(SEED_ARTICLE, client=client_for(model), settings=settings(mode=mode))
    assert result.summary == gold
    (request,) = model.requests
    assert request.mode == mode
    assert request.reasks == 0
    assert "[0] Trump-Putin phone call" in request.user_text


def test_model_answer_strips_only_the_spans_of_evidence() -> None:
    _, gold = load_gold(SEED_ARTICLE)
    written = model_answer(gold)
    assert written == gold_answer()
    evidence = written["parties"][0]["evidence"][0]
    assert set(evidence) == {"sentence_ids", "quote"}
    assert model_answer({"start": 1, "evidence": [{"quote": "q", "sentence_ids": [1], "end": 3}]}) == {
        "start": 1,
        "evidence": [{"quote": "q", "sentence_ids": [1]}],
    }


def test_completion_bodies_in_tools_and_content_form() -> None:
    tools = tool_call_body({"a": 1}, prompt_tokens=7, completion_tokens=3)
    message = tools["choices"][0]["message"]
    assert message["tool_calls"][0]["function"] == {"name": "NegotiationSummary", "arguments": '{"a": 1}'}
    assert tools["choices"][0]["finish_reason"] == "tool_calls"
    assert tools["usage"] == {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}
    content = content_body("raw text", finish_reason="length")
    assert content["choices"][0]["message"] == {"role": "assistant", "content": "raw text"}
    assert content["choices"][0]["finish_reason"] == "length"


def test_a_sequence_drives_a_reask_and_the_function_sees_the_conversation() -> None:
    seen: list[int] = []

    def gold_on_reask(request: ChatRequest) -> object:
        seen.append(request.reasks)
        return gold_answer()

    model = ScriptedModel("not JSON at all", gold_on_reask)
    result = _summarize(model)
    assert model.calls == 2
    assert seen == [1]
    assert result.usage.calls == 2  # type: ignore[attr-defined]


def test_a_request_beyond_the_script_is_a_clear_client_error() -> None:
    model = ScriptedModel()
    with pytest.raises(ProviderError, match=r"request #1 is beyond the script") as caught:
        _summarize(model)
    assert caught.value.status_code == 400
    assert model.calls == 1
    assert model.remaining == 0


def test_a_truncated_answer_reports_the_requested_cap() -> None:
    model = ScriptedModel(truncated(gold_answer()))
    with pytest.raises(TruncatedOutputError) as caught:
        _summarize(model, max_tokens=321, mode="json")
    assert caught.value.usage.completion_tokens == 321


def test_a_mislabelled_cut_is_scriptable_with_answer() -> None:
    cut = answer('{"headline": "Trump', completion_tokens=64, finish_reason="tool_calls")
    with pytest.raises(TruncatedOutputError):
        _summarize(ScriptedModel(cut), max_tokens=64)


def test_a_delay_past_the_read_timeout_is_a_timeout_and_a_hang_times_out_at_once() -> None:
    slow = settings(timeout=0.05, transport_attempts=1)
    model = ScriptedModel(delayed(gold_answer(), 5.0), hang())
    started = time.monotonic()
    for _ in range(2):
        with pytest.raises(
            ProviderError, match=r"timed out after 0\.05 s waiting for http://127\.0\.0\.1:9/v1/"
        ):
            summarize(SEED_ARTICLE, settings=slow, client=make_client(slow, transport=model.transport()))
    assert time.monotonic() - started < 2.0
    assert model.calls == 2


def test_a_short_delay_is_waited_for() -> None:
    model = ScriptedModel(delayed(gold_answer(), 0.1))
    started = time.monotonic()
    _summarize(model)
    assert time.monotonic() - started >= 0.1


def test_a_200_with_an_html_page_is_a_provider_error_retried_like_a_5xx_not_reasked() -> None:
    model = ScriptedModel(not_json(), not_json(), not_json())
    with pytest.raises(
        ProviderError, match="answered HTTP 200 with text/html, not a chat completion"
    ) as caught:
        _summarize(model)
    assert caught.value.status_code == 200
    assert caught.value.retryable
    assert model.calls == FAST_RETRIES.attempts
    assert all(request.reasks == 0 for request in model.requests)


def test_an_html_error_page_is_a_provider_error_with_its_status() -> None:
    model = ScriptedModel.always(not_json(status=502))
    with pytest.raises(ProviderError) as caught:
        _summarize(model)
    assert caught.value.status_code == 502
    assert caught.value.retryable


def test_the_server_records_requests_and_serves_faults_over_http() -> None:
    model = ScriptedModel(
        http_error(429, "slow down", headers={"Retry-After": "0"}),
        disconnect(),
        not_json("nope", status=200, content_type="text/plain"),
        gold_answer(),
    )
    with ScriptedServer(model) as server, httpx2.Client(base_url=server.base_url) as client:
        assert server.base_url.startswith("http://127.0.0.1:")
        first = client.post("/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]})
        assert first.status_code == 429
        assert first.headers["retry-after"] == "0"
        assert first.json() == {"error": {"message": "slow down", "type": "scripted_error"}}
        with pytest.raises(httpx2.RemoteProtocolError):
            client.post("/chat/completions", json={})
        third = client.post("/chat/completions", json={})
        assert (third.status_code, third.text, third.headers["content-type"]) == (200, "nope", "text/plain")
        fourth = client.post("/chat/completions", json={"tools": [{"function": {"name": "X"}}]})
        assert fourth.json()["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "X"
        assert client.get("/models").status_code == 404
        assert server.calls == 5
        assert server.requests[0].user_text == "hi"
        assert server.requests[-1].path == "/v1/models"
        assert model.remaining == 0


def test_a_hung_request_waits_for_release() -> None:
    model = ScriptedModel(hang(then=gold_answer()), hang())
    with ScriptedServer(model) as server, httpx2.Client(base_url=server.base_url, timeout=10) as client:
        answers: list[httpx2.Response] = []
        worker = threading.Thread(target=lambda: answers.append(client.post("/chat/completions", json={})))
        worker.start()
        time.sleep(0.1)
        assert answers == []
        server.release()
        worker.join(5)
        assert json.loads(answers[0].json()["choices"][0]["message"]["content"]) == gold_answer()
        with pytest.raises(httpx2.RemoteProtocolError):  # released, no answer scripted: dropped
            client.post("/chat/completions", json={})


def test_the_library_never_imports_its_test_doubles_and_they_import_no_model_client() -> None:
    probe = (
        "import sys, summarizer, summarizer.cli, summarizer.api, summarizer.batch, summarizer.render; "
        "assert 'summarizer.testing' not in sys.modules; "
        "import summarizer.testing; "
        "print(sorted(m for m in ('openai', 'instructor') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
