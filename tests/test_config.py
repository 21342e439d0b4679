"""Settings: arguments beat the environment, nothing is guessed, secrets stay hidden."""

from __future__ import annotations

import pytest

from summarizer import ConfigurationError, Settings, summarize
from summarizer.backends import create_backend


def test_no_backend_configured_is_a_configuration_error_that_says_how() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        Settings.resolve(environ={})
    with pytest.raises(ConfigurationError, match="OPENAI_BASE_URL"):
        summarize("Title\nSome text.")


def test_environment_selects_openai_and_arguments_win() -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "SUMMARIZER_MODEL": "env-model"}
    settings = Settings.resolve(environ=env)
    assert (settings.backend, settings.model, settings.base_url) == (
        "openai",
        "env-model",
        env["OPENAI_BASE_URL"],
    )
    settings = Settings.resolve(environ=env, model="arg-model", base_url="http://127.0.0.1:9/v1")
    assert (settings.model, settings.base_url) == ("arg-model", "http://127.0.0.1:9/v1")


def test_key_never_shows_in_repr_or_fingerprint() -> None:
    settings = Settings.resolve(environ={"OPENAI_API_KEY": "sk-" + "very-secret-value-1234567890"})
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in repr(create_backend(settings).fingerprint())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"backend": "gemini"}, "unknown backend"),
        ({"mode": "xml"}, "unknown mode"),
        ({"max_reasks": -1}, "max_reasks"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_bad_values_are_configuration_errors(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.resolve(environ={"OPENAI_API_KEY": "k"}, **changes)
