"""The backend seam: one class per configurable backend, what each one fingerprints, caches and imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.backends import BACKEND_CLASSES, backend_class, create_backend
from summarizer.config import BACKENDS, Settings
from tests.scripted import SEED_ARTICLE


def test_every_configurable_backend_has_one_class() -> None:
    assert tuple(BACKEND_CLASSES) == BACKENDS
    for name in BACKENDS:
        assert backend_class(name).name == name


def test_fingerprint_changes_with_everything_that_changes_the_answer() -> None:
    base = Settings.resolve(environ={"OPENAI_API_KEY": "k"})
    changes: list[dict[str, object]] = [
        {},
        {"model": "other"},
        {"temperature": 0.5},
        {"seed": 1},
        {"max_tokens": 99},
        {"mode": "json"},
        {"max_reasks": 0},
        {"lenient": True},
        {"base_url": "http://127.0.0.1:1/v1"},
    ]
    prints = {repr(sorted(create_backend(base.with_(**c)).fingerprint().items())) for c in changes}
    assert len(prints) == len(changes)
    assert create_backend(base.with_(api_key="other-key")).fingerprint() == create_backend(base).fingerprint()


def test_the_fingerprint_holds_only_what_the_backend_uses() -> None:
    offline = create_backend(Settings(backend="offline", temperature=0.7)).fingerprint()
    assert "temperature" not in offline
    assert offline["actor_files"] == []
    openai = create_backend(Settings(backend="openai", api_key="k")).fingerprint()
    assert "actor_files" not in openai
    assert openai["model"] == "gpt-4o-mini"


def test_local_backend_caps_the_answer_unless_told_otherwise() -> None:
    assert create_backend(Settings(backend="local")).fingerprint()["max_tokens"] == 2048
    assert create_backend(Settings(backend="local", max_tokens=500)).fingerprint()["max_tokens"] == 500
    assert create_backend(Settings(backend="openai", api_key="k")).fingerprint()["max_tokens"] is None


def test_what_each_backend_tells_its_callers() -> None:
    offline = create_backend(Settings(backend="offline"))
    assert (offline.cacheable, offline.max_concurrency, offline.model, offline.base_url_host) == (
        False,
        None,
        None,
        None,
    )
    local = create_backend(Settings(backend="local"))
    assert (local.cacheable, local.max_concurrency, local.base_url_host) == (True, 1, "127.0.0.1")
    remote = create_backend(Settings(backend="openai", base_url="http://10.1.2.3:8000/v1"))
    assert (remote.cacheable, remote.max_concurrency, remote.base_url_host) == (True, None, "10.1.2.3")


def test_an_offline_client_is_refused() -> None:
    with pytest.raises(TypeError, match="takes no openai client"):
        create_backend(Settings(backend="offline"), client=object())  # type: ignore[arg-type]


def test_the_offline_path_imports_neither_openai_nor_instructor() -> None:
    script = (
        "import sys; from pathlib import Path; from summarizer import summarize; "
        f"summarize(Path({str(SEED_ARTICLE)!r}), backend='offline'); "
        "print(sorted(m for m in ('openai', 'instructor', 'httpx2') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=Path(__file__).parent
    )
    assert completed.stdout.strip() == "[]"


def test_offline_provenance_names_the_rules_version() -> None:
    from summarizer.offline import RULES_VERSION

    fingerprint = create_backend(Settings(backend="offline")).fingerprint()
    assert fingerprint["rules_version"] == RULES_VERSION


def test_a_result_checks_its_summary_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.api import summarize
    from summarizer.schema import NegotiationSummary

    checks: list[int] = []
    original = NegotiationSummary.reference_errors

    def counted(self: NegotiationSummary) -> list[str]:
        checks.append(1)
        return original(self)

    monkeypatch.setattr(NegotiationSummary, "reference_errors", counted)
    result = summarize(SEED_ARTICLE.read_text(encoding="utf-8"), backend="offline")
    assert result.summary.parties
    assert len(checks) == 1
