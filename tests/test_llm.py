"""The client layer: one pooled client per server, no TLS setup for plain http."""

from __future__ import annotations

import ssl
import threading
import time

from summarizer.llm import _POOL_SIZE, _verify, close_shared_clients, leased_client, shared_client
from summarizer.result import SummaryResult

from .scripted import SEED_ARTICLE, gold_answer, settings


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


def test_a_client_in_use_is_not_closed_when_the_pool_is_full() -> None:
    """A batch that talks to more servers and keys than the pool holds: a request in flight finishes."""
    from summarizer.api import summarize
    from summarizer.testing import ScriptedModel, ScriptedServer, hang

    close_shared_clients()
    outcome: list[object] = []
    with ScriptedServer(ScriptedModel(hang(then=gold_answer()))) as server:
        busy = settings(base_url=server.base_url, transport_attempts=1)

        def summarize_in_flight() -> None:
            try:
                outcome.append(summarize(SEED_ARTICLE, settings=busy))
            except Exception as exc:  # the test reports whatever went wrong
                outcome.append(exc)

        worker = threading.Thread(target=summarize_in_flight)
        worker.start()
        deadline = time.monotonic() + 10
        while server.calls == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.calls == 1  # the request is in flight, on the pooled client for `busy`
        in_use = shared_client(busy)
        others = [
            shared_client(settings(base_url=server.base_url, api_key="sk-" + f"other-{n}"))
            for n in range(_POOL_SIZE)
        ]  # more keys than the pool holds: `busy`'s client is the oldest
        assert not in_use.is_closed()
        server.release()
        worker.join(10)
        assert not worker.is_alive()
    assert isinstance(outcome[0], SummaryResult), outcome
    assert in_use.is_closed()  # closed when its last request ended, as it had left the pool
    assert not any(other.is_closed() for other in others)
    close_shared_clients()
    assert all(other.is_closed() for other in others)


def test_the_pool_closes_the_least_recently_used_idle_client_at_once() -> None:
    close_shared_clients()
    first, second = (shared_client(settings(api_key="sk-" + f"key-{n}")) for n in range(2))
    assert shared_client(settings(api_key="sk-" + "key-0")) is first  # now the most recently used
    with leased_client(settings(api_key="sk-" + "key-0")) as held:
        assert held is first
        for n in range(2, _POOL_SIZE + 1):
            shared_client(settings(api_key="sk-" + f"key-{n}"))
        assert second.is_closed()  # idle: closed as it left
        assert not first.is_closed()
        shared_client(settings(api_key="sk-" + "key-extra"))  # the held client leaves the pool ...
        assert not first.is_closed()
    assert first.is_closed()  # ... and is closed when let go
    close_shared_clients()
