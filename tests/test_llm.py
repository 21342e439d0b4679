"""The client layer: one pooled client per server, no TLS setup for plain http."""

from __future__ import annotations

import ssl

from summarizer.llm import _verify, close_shared_clients, shared_client

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


def test_a_malformed_retry_after_falls_back_to_the_backoff() -> None:
    import httpx2

    from summarizer.llm import _retry_after

    assert _retry_after(httpx2.Response(429, headers={"retry-after": "soon, maybe"})) is None
    assert _retry_after(httpx2.Response(429, headers={"retry-after": "7"})) == 7.0
