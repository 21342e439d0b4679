"""The client layer: one pooled client per server, no TLS setup for plain http, URLs safe to show."""

from __future__ import annotations

import ssl

from summarizer.llm import _verify, close_shared_clients, redact_url, shared_client

from .scripted import settings


def test_one_pooled_client_per_server_key_and_timeouts() -> None:
    first = shared_client(settings(base_url="http://127.0.0.1:9/v1"))
    assert shared_client(settings(base_url="http://127.0.0.1:9/v1")) is first
    assert shared_client(settings(base_url="http://127.0.0.1:9/v1", timeout=5.0)) is not first
    assert shared_client(settings(base_url="http://127.0.0.1:8/v1")) is not first
    assert shared_client(settings(base_url="http://127.0.0.1:9/v1", api_key="sk-" + "other")) is not first
    close_shared_clients()
    assert shared_client(settings(base_url="http://127.0.0.1:9/v1")) is not first
    close_shared_clients()


def test_a_plain_http_url_loads_no_certificates() -> None:
    plain = _verify(settings(base_url="http://127.0.0.1:9/v1"))
    assert isinstance(plain, ssl.SSLContext)
    assert plain.cert_store_stats()["x509_ca"] == 0  # nothing loaded ...
    assert plain.verify_mode == ssl.CERT_REQUIRED  # ... and any TLS peer would be refused
    assert _verify(settings(base_url="https://api.example.com/v1")) is True


def test_urls_in_messages_carry_no_credentials() -> None:
    assert redact_url("http://user:" + "secret@10.0.0.1:8080/v1/chat/completions?api-key=k#x") == (
        "http://10.0.0.1:8080/v1/chat/completions"
    )
    assert redact_url("https://[::1]:443/v1") == "https://[::1]:443/v1"
