"""VCR.py configuration for replayed tests, as a pytest plugin (``pytest_plugins = ["tests.vcr_setup"]``).

Cassettes live under the top-level ``cassettes/<test module>/``. Requests match on method, path and the
parsed JSON body, so a changed prompt or schema fails loudly instead of replaying a stale answer. Requests to
a server on this machine (the embedded llama.cpp server on a random port) are recorded under
:data:`LOCAL_SERVER_PLACEHOLDER`, so replay does not depend on the port. Request headers are kept to an
allow-list (no authorization, api-key, organization, project, cookie, user-agent or x-stainless-* noise),
response headers too; a URL's user info and query values are redacted, and compressed bodies are decoded
into readable text. The record mode stays pytest-recording's default, ``none``: a missing cassette or an
unmatched request is an error, never a live call, and a test that leaves recorded interactions unplayed
fails at teardown.

``scripts/record.py`` records through the same :func:`vcr_options` and :func:`register_matchers`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from vcr import VCR
from vcr.cassette import Cassette
from vcr.request import Request

from summarizer.redaction import redact_url

__all__ = [
    "CASSETTE_ROOT",
    "DUMMY_API_KEY",
    "FORBIDDEN_HEADERS",
    "KEPT_REQUEST_HEADERS",
    "KEPT_RESPONSE_HEADERS",
    "LOCAL_SERVER_PLACEHOLDER",
    "json_body_matcher",
    "register_matchers",
    "scrub_request",
    "scrub_response",
    "vcr_options",
]

CASSETTE_ROOT = Path(__file__).resolve().parent.parent / "cassettes"
"""Top-level directory of every cassette: ``cassettes/<test module>/<test>.yaml``."""

LOCAL_SERVER_PLACEHOLDER = "http://local-server.invalid"
"""Scheme and host that stand for a server on this machine in cassettes (``.invalid`` never resolves)."""

DUMMY_API_KEY = "dummy-key-for-replay"
"""The API key replayed tests send; it never reaches a cassette either."""

KEPT_REQUEST_HEADERS = frozenset({"accept", "content-type"})
KEPT_RESPONSE_HEADERS = frozenset({"content-type", "retry-after", "retry-after-ms", "x-request-id"})
FORBIDDEN_HEADERS = frozenset(
    {
        "authorization",
        "api-key",
        "openai-organization",
        "openai-project",
        "cookie",
        "set-cookie",
        "user-agent",
    }
)
"""Headers that must never appear in a cassette (nor any ``x-stainless-*`` header)."""

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def scrub_request(request: Request) -> Request:
    """The request as a cassette stores it: allow-listed headers, a local server's address replaced."""
    request = copy.deepcopy(request)
    request.headers = {
        name: value for name, value in request.headers.items() if name.lower() in KEPT_REQUEST_HEADERS
    }
    parts = urlsplit(request.uri)
    if parts.hostname in _LOOPBACK_HOSTS:
        placeholder = urlsplit(LOCAL_SERVER_PLACEHOLDER)
        request.uri = urlunsplit((placeholder.scheme, placeholder.netloc, parts.path, parts.query, ""))
    request.uri = redact_url(request.uri)  # a key in the user info or the query of a gateway's URL
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """The response as a cassette stores it: allow-listed headers (bodies are already decoded by then)."""
    response = copy.deepcopy(response)
    response["headers"] = {
        name: value for name, value in response["headers"].items() if name.lower() in KEPT_RESPONSE_HEADERS
    }
    return response


def _parsed_body(request: Request) -> Any:
    body = request.body
    if body is None or body in (b"", ""):
        return None
    try:
        return json.loads(body)
    except (ValueError, TypeError):
        return body


def _first_difference(recorded: Any, live: Any, path: str = "$") -> str:
    if isinstance(recorded, dict) and isinstance(live, dict):
        for key in sorted(set(recorded) | set(live), key=str):
            if key not in live:
                return f"{path}.{key} is missing from the live request"
            if key not in recorded:
                return f"{path}.{key} is new in the live request"
            if recorded[key] != live[key]:
                return _first_difference(recorded[key], live[key], f"{path}.{key}")
    if isinstance(recorded, list) and isinstance(live, list):
        if len(recorded) != len(live):
            return f"{path} has {len(live)} items live, {len(recorded)} recorded"
        for index, (old, new) in enumerate(zip(recorded, live, strict=True)):
            if old != new:
                return _first_difference(old, new, f"{path}[{index}]")
    if isinstance(recorded, str) and isinstance(live, str):
        at = next((i for i, (a, b) in enumerate(zip(recorded, live, strict=False)) if a != b), None)
        at = min(len(recorded), len(live)) if at is None else at
        start = max(0, at - 40)
        return (
            f"{path} differs at character {at}: recorded {recorded[start : at + 80]!r}, "
            f"live {live[start : at + 80]!r}"
        )
    return f"{path} differs: recorded {str(recorded)[:200]!r}, live {str(live)[:200]!r}"


def json_body_matcher(live: Request, recorded: Request) -> None:
    """VCR matcher: equal parsed JSON bodies; on mismatch the assertion names the first differing path."""
    live_body, recorded_body = _parsed_body(live), _parsed_body(recorded)
    assert live_body == recorded_body, _first_difference(recorded_body, live_body)


def register_matchers(vcr: VCR) -> None:
    """Register the ``json_body`` matcher on a VCR instance."""
    vcr.register_matcher("json_body", json_body_matcher)


def vcr_options() -> dict[str, Any]:
    """Options for ``VCR.use_cassette`` shared by replay (pytest-recording) and ``scripts/record.py``."""
    return {
        "match_on": ("method", "path", "json_body"),
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "allow_playback_repeats": False,
    }


def pytest_recording_configure(config: pytest.Config, vcr: VCR) -> None:
    """pytest-recording hook: the custom matcher on every VCR instance it creates."""
    register_matchers(vcr)


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    """pytest-recording's per-test VCR options."""
    return vcr_options()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``cassettes/<test module>/`` at the top of the repository."""
    return str(CASSETTE_ROOT / Path(str(request.node.path)).stem)


@pytest.fixture(autouse=True)
def _every_recorded_interaction_played(vcr: Cassette | None, record_mode: str) -> Iterator[None]:
    """A replayed test fails when it leaves recorded interactions unplayed."""
    yield
    if vcr is not None and record_mode == "none":
        unplayed = [
            f"{request.method} {request.path}"
            for index, request in enumerate(vcr.requests)
            if not vcr.play_counts[index]
        ]
        assert not unplayed, f"{len(unplayed)} recorded interaction(s) were never requested: {unplayed}"
