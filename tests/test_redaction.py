"""Secrets in a base URL stay out of provenance, errors, settings and logs; a base URL must be a URL."""

from __future__ import annotations

import json

import pytest

from summarizer.backends import create_backend
from summarizer.config import Settings
from summarizer.errors import ConfigurationError, ProviderError
from summarizer.redaction import redact, redact_url, url_secret_digest

KEY = "sk-" + "proxy-0123456789"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        (f"http://user:{KEY}@proxy.test:8080/v1", "http://***@proxy.test:8080/v1"),
        (
            f"https://gw.test/v1?api-key={KEY}&api-version=2024-06",
            "https://gw.test/v1?api-key=***&api-version=***",
        ),
        (f"https://gw.test/v1?{KEY}", "https://gw.test/v1?***"),
        (f"https://gw.test/v1#{KEY}", "https://gw.test/v1#***"),
        (f"http://gw.test:port/v1?k={KEY}", "http://gw.test:port/***"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_urls_and_keys_in_running_text() -> None:
    assert (
        redact(f"GET https://gw.test/v1?api-key={KEY}, then", [KEY])
        == "GET https://gw.test/v1?api-key=***, then"
    )
    assert redact(f"key {KEY} and url https://u:{KEY}@h/v1.", [KEY]) == "key *** and url https://***@h/v1."


def test_no_secret_reaches_provenance_settings_repr_or_errors() -> None:
    url = f"https://user:{KEY}@gw.test/v1?api-key={KEY}"
    settings = Settings(backend="openai", base_url=url, api_key=KEY, model="m")
    backend = create_backend(settings)
    assert KEY not in json.dumps(backend.fingerprint())
    assert KEY not in repr(settings)
    assert KEY not in json.dumps(backend.cache_identity())
    assert url_secret_digest(url) != url_secret_digest(url.replace(KEY, "other"))
    assert url_secret_digest("http://127.0.0.1:8080/v1") is None
    error = ProviderError(f"timed out after 5 s waiting for {url}/chat/completions")
    assert KEY not in str(error)
    assert str(error) == "timed out after 5 s waiting for https://***@gw.test/v1?api-key=***"


@pytest.mark.parametrize(
    "url", ["notaurl", "file:///etc/passwd", "http://", "ftp://host/v1", "http://h:x/v1"]
)
def test_a_base_url_that_is_not_an_http_url_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError, match="is invalid: it must be an http:// or https:// URL"):
        Settings.resolve({}, base_url=url)


def test_an_invalid_base_url_with_a_key_does_not_show_the_key() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Settings.resolve({}, base_url=f"ftp://user:{KEY}@host/v1")
    assert KEY not in str(caught.value)


def test_other_backends_ignore_the_environments_base_url() -> None:
    assert Settings.resolve({"OPENAI_BASE_URL": "notaurl"}, backend="offline").backend == "offline"
