"""Whole runs against a real model server, recorded by ``make record`` and replayed offline.

Each case in ``cassettes/test_cassettes/recorded.json`` names a cassette, the settings it was recorded with
and the outcome the library gave. Replay checks that outcome against the library's contract, with the numbers
taken from the recorded traffic itself: a summary whose every piece of evidence is grounded (as many pieces as
the recorded answer holds; lenient cases list what they dropped), an extraction error after exactly
``1 + max_reasks`` requests whose re-asks carry the first validation errors of the answer before (and a count
of the rest), a truncation after one request, or a provider error with its status; and usage summed over every
request.

What the recorded model (SmolLM2-135M) answered is stated, not assumed: every summary it gave is empty
(``is_negotiation: false``, no items, no evidence), so replay grounds nothing.
Grounding real evidence is proven end to end by ``tests/cli/test_gold_end_to_end.py``, which serves every
article's gold summary as the model's answer.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet
from pydantic import ValidationError
from vcr import VCR
from vcr.cassette import Cassette
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.request import Request

from summarizer import (
    ExtractionError,
    NegotiationSummary,
    ProviderError,
    Settings,
    SummaryResult,
    TruncatedOutputError,
    asummarize,
    load_article,
    summarize,
)
from summarizer.grounding import evidence_context
from summarizer.schema import ITEM_LIST_NAMES, iter_evidence

from .vcr_setup import (
    CASSETTE_ROOT,
    DUMMY_API_KEY,
    FORBIDDEN_HEADERS,
    LOCAL_SERVER_PLACEHOLDER,
    json_body_matcher,
    register_matchers,
    scrub_request,
    scrub_response,
    vcr_options,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = "trump-putin-call-2025-03"
CASSETTE_DIR = CASSETTE_ROOT / "test_cassettes"
MANIFEST = CASSETTE_DIR / "recorded.json"
_MANIFEST: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
RECORDED: dict[str, dict[str, Any]] = _MANIFEST.get("cases", {})
_EVIDENCE_PATH = re.compile(r"\.evidence\[\d+\]$")
SUMMARY_CASES = sorted(name for name, case in RECORDED.items() if case["outcome"]["kind"] == "summary")


_ERRORS: dict[str, type[Exception]] = {
    "ExtractionError": ExtractionError,
    "TruncatedOutputError": TruncatedOutputError,
    "ProviderError": ProviderError,
}


def _params(names: list[str]) -> list[ParameterSet]:
    return [
        pytest.param(name, id=name, marks=pytest.mark.default_cassette(RECORDED[name]["cassette"]))
        for name in names
    ]


def _settings(case: dict[str, Any]) -> Settings:
    return Settings(api_key=DUMMY_API_KEY, timeout=30.0, **case["settings"])


def _body(response: dict[str, Any]) -> Any:
    text = response["body"]["string"]
    return json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)


def _recorded_usage(cassette: Cassette) -> tuple[int, int]:
    """Prompt and completion tokens summed over every successful recorded response."""
    prompt = completion = 0
    for response in cassette.responses:
        if response["status"]["code"] == 200:
            usage = _body(response)["usage"]
            prompt += usage["prompt_tokens"]
            completion += usage["completion_tokens"]
    return prompt, completion


def _answer(response: dict[str, Any]) -> str:
    message = _body(response)["choices"][0]["message"]
    calls = message.get("tool_calls")
    return str(calls[0]["function"]["arguments"] if calls else message["content"])


def _new_messages(cassette: Cassette, index: int) -> str:
    """What request ``index`` adds to the conversation of the request before it."""
    before = json.loads(cassette.requests[index - 1].body)["messages"]
    after = json.loads(cassette.requests[index].body)["messages"]
    assert after[:2] == before[:2], "a re-ask must repeat the first request's conversation"
    return "\n".join(str(message.get("content") or "") for message in after[2:])


def _check_reasks_carry_the_errors(cassette: Cassette, article_name: str) -> None:
    """Every re-ask carries the first validation errors of the recorded answer it follows, and their count."""
    from summarizer.extract import REASK_ERROR_CHARS, REASK_ERRORS_SHOWN, _validation_messages

    article = load_article(SEEDS / article_name)
    for index in range(1, len(cassette.requests)):
        answer = _answer(cassette.responses[index - 1])
        with pytest.raises(ValidationError) as invalid:
            NegotiationSummary.model_validate_json(answer, context=evidence_context(article))
        added = _new_messages(cassette, index)
        errors = _validation_messages(invalid.value)
        for error in errors[:REASK_ERRORS_SHOWN]:
            assert error[: REASK_ERROR_CHARS - 1] in added
        if len(errors) > REASK_ERRORS_SHOWN:
            assert f"and {len(errors) - REASK_ERRORS_SHOWN} more" in added


def _recorded_summary(cassette: Cassette) -> NegotiationSummary:
    """The last recorded answer, the one the library kept, as the model wrote it (not grounded)."""
    return NegotiationSummary.model_validate_json(_answer(cassette.responses[-1]))


def _is_empty(summary: NegotiationSummary) -> bool:
    """No item in any list, no outlook: nothing that evidence could support."""
    return summary.outlook is None and not any(getattr(summary, name) for name in ITEM_LIST_NAMES)


def _check_grounded(result: SummaryResult, article_name: str) -> int:
    """Check every piece of evidence is pinned to the article; return how many were checked."""
    article = load_article(SEEDS / article_name)
    checked = 0
    for path, evidence in iter_evidence(result.summary):
        assert evidence.start is not None, path
        assert evidence.end is not None, path
        assert evidence.match in ("exact", "fuzzy"), path
        if evidence.match == "exact":
            assert article.text[evidence.start : evidence.end] == evidence.quote, path
        checked += 1
    return checked


def _check_requests(cassette: Cassette, settings: Settings) -> None:
    assert cassette.requests, f"no recording in {cassette._path}: run `make record`"
    for request in cassette.requests:
        assert (request.method, request.path) == ("POST", "/v1/chat/completions")
        body = json.loads(request.body)
        assert body["model"] == settings.model
        assert body.get("max_tokens") == settings.max_tokens
        if settings.mode == "tools":
            assert body["tool_choice"] == {"type": "function", "function": {"name": "NegotiationSummary"}}


@pytest.mark.skipif(not RECORDED, reason="no recordings")
def test_recorded_cases_cover_every_gold_article() -> None:
    articles = {gold.name.removesuffix(".gold.json") for gold in SEEDS.glob("*.gold.json")}
    missing = sorted(articles - set(RECORDED))
    assert not missing, f"articles without a recording: {missing}; run `make record` (or --only NAME)"


def test_a_recording_exists() -> None:
    assert RECORDED, f"{MANIFEST.relative_to(ROOT)} is missing: run `make record`"
    assert SEED in RECORDED


@pytest.mark.vcr
@pytest.mark.parametrize("name", _params(sorted(RECORDED)))
def test_replay(name: str, vcr: Cassette) -> None:
    case = RECORDED[name]
    outcome = case["outcome"]
    settings = _settings(case)
    _check_requests(vcr, settings)
    prompt_tokens, completion_tokens = _recorded_usage(vcr)
    requests = len(vcr.requests)
    article = SEEDS / case["article"]
    kind = outcome["kind"]

    if kind == "summary":
        result = summarize(article, settings=settings)
        recorded = _recorded_summary(vcr)
        dropped_evidence = sum(1 for item in result.dropped if _EVIDENCE_PATH.search(item.path))
        checked = _check_grounded(result, case["article"])
        assert checked == len(list(iter_evidence(recorded))) - dropped_evidence
        assert result.summary.is_negotiation == recorded.is_negotiation == outcome["is_negotiation"]
        if checked == 0:  # nothing was grounded: the answer had nothing to ground, and the result says so
            assert _is_empty(recorded)
            assert _is_empty(result.summary)
        assert [item.path for item in result.dropped] == outcome["dropped"]
        if not settings.lenient:
            assert result.dropped == []
        assert 1 <= requests <= 1 + settings.max_reasks
        if requests > 1:
            _check_reasks_carry_the_errors(vcr, case["article"])
        usage = result.usage.model_dump()
        assert usage == {
            "calls": requests,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "chunks": 1,
            "total_tokens": prompt_tokens + completion_tokens,
        }
    elif kind == "ExtractionError":
        with pytest.raises(ExtractionError) as caught:
            summarize(article, settings=settings)
        error = caught.value
        assert error.attempts == requests == 1 + settings.max_reasks
        assert error.errors == outcome["errors"]
        assert error.errors
        _check_reasks_carry_the_errors(vcr, case["article"])
        assert error.usage.model_dump() == {
            "calls": requests,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "chunks": 1,
            "total_tokens": prompt_tokens + completion_tokens,
        }
    elif kind == "TruncatedOutputError":
        with pytest.raises(TruncatedOutputError, match="max_tokens") as truncated:
            summarize(article, settings=settings)
        assert requests == 1
        answer = _body(vcr.responses[0])
        finish_reason = answer["choices"][0]["finish_reason"]
        if finish_reason == "length":  # the server said so
            assert "finish_reason 'length'" in str(truncated.value)
        else:  # llama.cpp labels a tool call cut at max_tokens "tool_calls": the token count tells
            assert answer["usage"]["completion_tokens"] == settings.max_tokens
            assert f"used all {settings.max_tokens} output tokens but was labelled {finish_reason!r}" in str(
                truncated.value
            )
        assert truncated.value.usage.model_dump() == {
            "calls": 1,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "chunks": 1,
            "total_tokens": prompt_tokens + completion_tokens,
        }
    elif kind == "ProviderError":
        with pytest.raises(ProviderError) as failed:
            summarize(article, settings=settings)
        provider_error = failed.value
        assert provider_error.status_code == outcome["status_code"] == vcr.responses[-1]["status"]["code"]
        assert provider_error.retryable == outcome["retryable"]
        assert str(provider_error) == outcome["message"]
        assert requests == (settings.transport_attempts if provider_error.retryable else 1)
        assert (prompt_tokens, completion_tokens) == (0, 0)
        # Manifests recorded before usage counted chunks lack the field; every seed article fits whole.
        assert provider_error.usage.model_dump() == {"chunks": 1, **outcome["usage"]}
    else:
        pytest.fail(f"unknown outcome {kind!r}")
    assert outcome["usage"]["prompt_tokens"] == prompt_tokens


@pytest.mark.skipif(not SUMMARY_CASES, reason="no recorded summary")
def test_every_recorded_summary_is_empty_so_replay_grounds_nothing() -> None:
    """What the recorded model answered, stated: SmolLM2-135M gives an empty summary for every article.

    Replay therefore checks no piece of evidence; tests/cli/test_gold_end_to_end.py proves grounding instead.
    When a recording holds a real summary, this fails: then replay grounds real evidence, and this test goes.
    """
    assert _MANIFEST["about"]["model"].startswith("SmolLM2-135M-Instruct")
    contents = {}
    for name in SUMMARY_CASES:
        cassette = Cassette.load(
            path=str(CASSETTE_DIR / f"{RECORDED[name]['cassette']}.yaml"), record_mode="none"
        )
        summary = _recorded_summary(cassette)
        contents[name] = (summary.is_negotiation, _is_empty(summary), len(list(iter_evidence(summary))))
    assert contents == dict.fromkeys(SUMMARY_CASES, (False, True, 0))


@pytest.mark.skipif(SEED not in RECORDED, reason="the seed article is not recorded")
@pytest.mark.vcr
@pytest.mark.default_cassette(RECORDED.get(SEED, {}).get("cassette", SEED))
def test_async_replay_gives_the_same_outcome(vcr: Cassette) -> None:
    case = RECORDED[SEED]
    kind = case["outcome"]["kind"]
    replay = asummarize(SEEDS / case["article"], settings=_settings(case))
    if kind == "summary":
        result = asyncio.run(replay)
        assert result.usage.calls == len(vcr.requests)
    else:
        with pytest.raises(_ERRORS[kind]):
            asyncio.run(replay)


@pytest.mark.skipif(SEED not in RECORDED, reason="the seed article is not recorded")
def test_a_changed_prompt_does_not_replay() -> None:
    """One changed word in the article changes the request body, which no recording matches."""
    case = RECORDED[SEED]
    text = (SEEDS / case["article"]).read_text(encoding="utf-8").replace("phone call", "video call", 1)
    vcr = VCR(cassette_library_dir=str(CASSETTE_DIR), record_mode="none")
    register_matchers(vcr)
    with (
        vcr.use_cassette(f"{case['cassette']}.yaml", **vcr_options()),
        pytest.raises(ProviderError) as caught,
    ):
        summarize(text, settings=_settings(case).with_(transport_attempts=1))
    assert CannotOverwriteExistingCassetteException.__name__ in str(caught.value)


def test_the_json_body_matcher_names_the_first_difference() -> None:
    recorded = Request(
        "POST", "http://x/v1/chat/completions", b'{"messages": [{"content": "a"}], "n": 1}', {}
    )
    same = Request("POST", "http://y/v1/chat/completions", b'{"n": 1, "messages": [{"content": "a"}]}', {})
    changed = Request("POST", "http://x/v1/chat/completions", b'{"messages": [{"content": "b"}], "n": 1}', {})
    json_body_matcher(same, recorded)
    with pytest.raises(AssertionError, match=r"\$\.messages\[0\]\.content differs"):
        json_body_matcher(changed, recorded)


def test_recording_scrubs_headers_and_the_local_port() -> None:
    request = Request(
        "POST",
        "http://127.0.0.1:41234/v1/chat/completions",
        b"{}",
        {
            "Authorization": "Bearer " + "sk-" + "live-0123456789abcdef0123",  # split: not a key in the repo
            "Content-Type": "application/json",
            "User-Agent": "OpenAI/Python",
            "X-Stainless-Retry-Count": "0",
            "OpenAI-Organization": "org-1",
            "Cookie": "a=b",
        },
    )
    scrubbed = scrub_request(request)
    assert scrubbed.uri == f"{LOCAL_SERVER_PLACEHOLDER}/v1/chat/completions"
    assert {name.lower() for name in scrubbed.headers} == {"content-type"}
    assert request.uri.startswith("http://127.0.0.1:41234"), "the live request is left alone"
    response = {
        "status": {"code": 200},
        "headers": {"Set-Cookie": ["x"], "Content-Type": ["json"]},
        "body": {},
    }
    assert scrub_response(response)["headers"] == {"Content-Type": ["json"]}


def test_recording_scrubs_a_key_in_the_url() -> None:
    key = "sk-" + "gateway-0123456789"
    request = Request("POST", f"https://user:{key}@gw.test/v1/chat/completions?api-key={key}", b"{}", {})
    scrubbed = scrub_request(request)
    assert scrubbed.uri == "https://***@gw.test/v1/chat/completions?api-key=***"
    assert key not in scrubbed.uri


_SECRET_PATTERNS = [
    re.compile(r"\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}"),
    re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"^\s*-?\s*['\"]?(" + "|".join(sorted(FORBIDDEN_HEADERS)) + r")['\"]?\s*:", re.I | re.M),
    re.compile(r"^\s*-?\s*['\"]?x-stainless-[\w-]*['\"]?\s*:", re.I | re.M),
    re.compile(r"\b(?:127\.0\.0\.1|localhost):\d+"),
    re.compile(re.escape(DUMMY_API_KEY)),
]


def secrets_in(text: str) -> list[str]:
    """Everything in a cassette's text that looks like a key, a forbidden header or a live local address."""
    return [match.group(0).strip() for pattern in _SECRET_PATTERNS for match in pattern.finditer(text)]


def test_the_secret_scan_catches_what_it_must() -> None:
    text = (
        "Authorization: Bearer abcdefgh12345678\n  api-key: x\nx-stainless-os: Linux\n"
        "key " + "sk-" + "proj-ABCDEFGHIJKLMNOPQRSTUV http://127.0.0.1:8080/v1 user-agent: y\n"
        f"{DUMMY_API_KEY}\n"
    )
    found = " ".join(secrets_in(text)).lower()
    for expected in (
        "bearer abcdefgh",
        "api-key",
        "x-stainless-os",
        "sk-proj-",
        "127.0.0.1:8080",
        "authorization",
    ):
        assert expected in found
    assert secrets_in("the bearer of bad news said task-force members met at 127.0.0.1") == []


def test_no_cassette_holds_a_secret_or_forbidden_header() -> None:
    files = sorted(path for path in CASSETTE_ROOT.rglob("*") if path.is_file())
    assert files, "no cassettes"
    found = {str(path.relative_to(ROOT)): secrets_in(path.read_text(encoding="utf-8")) for path in files}
    assert {path: hits for path, hits in found.items() if hits} == {}


@pytest.fixture(scope="session")
def record_mode() -> str:
    """These cassettes are written by ``make record`` only: even ``pytest --record-mode=...`` replays them."""
    return "none"
