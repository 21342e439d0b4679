"""Settings: arguments beat the environment, nothing is guessed, secrets stay hidden."""

from __future__ import annotations

from pathlib import Path

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


def test_an_actor_dictionary_that_is_not_utf8_is_a_configuration_error_naming_it(tmp_path: Path) -> None:
    from summarizer.offline.lexicon import load_lexicon

    actors = tmp_path / "actors.tsv"
    actors.write_bytes(
        "Veldan Orrick\tNorth Quay Dockers Union\tperson\tunion l\u00e9ader\n".encode("latin-1")
    )
    with pytest.raises(
        ConfigurationError, match=r"actors\.tsv.* is not UTF-8 text \(byte 0xe9 at offset 53\)"
    ):
        Settings.resolve(environ={}, backend="offline", actor_files=(str(actors),))
    with pytest.raises(ConfigurationError, match=r"actors\.tsv: the actor dictionary is not UTF-8"):
        load_lexicon([actors])  # the library's own reader says the same without settings
    actors.write_text(
        "Veldan Orrick\tNorth Quay Dockers Union\tperson\tunion l\u00e9ader\n", encoding="utf-8"
    )
    settings = Settings.resolve(environ={}, backend="offline", actor_files=(str(actors),))
    assert settings.actor_files == (str(actors),)
