"""Exit codes, one-line errors, and the backend the CLI chooses when none is configured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import __version__
from summarizer.cli._common import OFFLINE_NOTICE
from summarizer.testing import ScriptedServer
from tests.scripted import SEED_ARTICLE

from .conftest import Invoke, write_article


def test_version(invoke: Invoke) -> None:
    for args in (["--version"], ["summarize", "--version"]):
        result = invoke(args)
        assert result.exit_code == 0
        assert result.stdout.strip() == f"summarizer {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["summarize"],
        ["summarize", str(SEED_ARTICLE), "--format", "pdf"],
        ["summarize", str(SEED_ARTICLE), "--concurrency", "0"],
        ["summarize", str(SEED_ARTICLE), str(SEED_ARTICLE.with_name("tariff-talks-steel.txt"))],
        ["frobnicate"],
    ],
    ids=["no-path", "bad-format", "bad-concurrency", "many-without-output", "unknown-command"],
)
def test_usage_errors_exit_2(invoke: Invoke, args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_jsonl_output_must_be_a_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        ["summarize", str(SEED_ARTICLE), "-f", "jsonl", "-o", str(tmp_path), "--backend", "offline"]
    )
    assert result.exit_code == 2
    assert "names the file" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [
        (["--backend", "openai"], {}, "needs a key or a base URL"),
        (["--model", "gpt-4o-mini"], {}, "OPENAI_API_KEY"),
        (["--backend", "local", "--model", "missing.gguf"], {}, "is not a file"),
    ],
    ids=["openai-without-key", "model-without-key", "missing-gguf"],
)
def test_configuration_errors_exit_3(
    invoke: Invoke, args: list[str], env: dict[str, str], needle: str
) -> None:
    result = invoke(["summarize", str(SEED_ARTICLE), *args], env=env)
    assert result.exit_code == 3
    assert result.stderr.startswith("summarizer: error: ")
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\x00\x01binary", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"talks\n" * 400_001, "over the limit of 2,000,000 bytes"),
    ],
    ids=["missing", "empty", "binary", "control-characters", "too-large"],
)
def test_input_errors_exit_4(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path, content: bytes | None, needle: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = invoke(["summarize", str(path), "--base-url", server.base_url])
    assert result.exit_code == 4
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert server.calls == 0


def test_stdin_that_is_not_text_exits_4(invoke: Invoke, server: ScriptedServer) -> None:
    result = invoke(["summarize", "-", "--base-url", server.base_url], input=b"talks\x00\x01 in Geneva")
    assert result.exit_code == 4
    assert result.stderr.startswith("summarizer: error: <stdin>: looks binary")
    assert server.calls == 0


def test_an_encoding_that_does_not_fit_exits_4(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("Talks in Genève".encode("cp1252"))
    result = invoke(["summarize", str(path), "--base-url", server.base_url, "--encoding", "utf-8"])
    assert result.exit_code == 4
    assert "is not utf-8 (bad byte at offset 12)" in result.stderr
    unknown = invoke(["summarize", str(path), "--base-url", server.base_url, "--encoding", "klingon"])
    assert unknown.exit_code == 4
    assert "'klingon' is not an encoding Python knows" in unknown.stderr
    assert server.calls == 0


def test_folder_without_articles_exits_4(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing", encoding="utf-8")
    result = invoke(["summarize", str(tmp_path), "--backend", "offline"])
    assert result.exit_code == 4
    assert "no *.txt articles" in result.stderr


def test_without_configuration_the_offline_extractor_is_used_and_announced(
    invoke: Invoke, tmp_path: Path
) -> None:
    article = write_article(tmp_path / "a.txt")
    result = invoke(["summarize", str(article)])
    assert result.stderr.splitlines() == [f"summarizer: {OFFLINE_NOTICE}"]
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["provenance"]["backend"] == "offline"


def test_a_configured_base_url_selects_openai_silently(invoke: Invoke, server: ScriptedServer) -> None:
    result = invoke(["summarize", str(SEED_ARTICLE)], env={"OPENAI_BASE_URL": server.base_url})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert server.calls == 1


def test_user_actor_dictionaries_reach_the_offline_extractor(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Dockers reject pay offer in wage talks\n"
        "Veldan Orrick, the union's leader, rejected the employers' pay offer in the wage talks on Monday.\n"
        "“We will not sign a deal that cuts pensions,” Orrick said.\n",
        encoding="utf-8",
    )
    actors = tmp_path / "actors.tsv"
    actors.write_text("Veldan Orrick\tNorth Quay Dockers Union\tperson\tunion leader\n", encoding="utf-8")
    plain = invoke(["summarize", str(article), "--backend", "offline"])
    extended = invoke(["summarize", str(article), "--backend", "offline", "--actors", str(actors)])
    assert plain.exit_code == extended.exit_code == 0, extended.stderr
    names = {party["name"] for party in json.loads(extended.stdout)["summary"]["parties"]}
    assert "North Quay Dockers Union" in names
    assert "North Quay Dockers Union" not in plain.stdout
    missing = invoke(
        ["summarize", str(article), "--backend", "offline", "--actors", str(tmp_path / "no.tsv")]
    )
    assert missing.exit_code == 3  # a configuration error (Settings.check), not a usage error
    assert "is not a file" in missing.stderr


def test_an_actor_dictionary_that_is_not_utf8_stops_the_run_once_before_any_article(
    invoke: Invoke, tmp_path: Path
) -> None:
    actors = tmp_path / "actors.tsv"
    actors.write_bytes(
        "Veldan Orrick\tNorth Quay Dockers Union\tperson\tunion l\u00e9ader\n".encode("cp1252")
    )
    articles = [write_article(tmp_path / "in" / f"{name}.txt", name) for name in ("a", "b")]
    result = invoke(
        [
            "summarize",
            *map(str, articles),
            "--backend",
            "offline",
            "--actors",
            str(actors),
            "-o",
            str(tmp_path / "out"),
        ]
    )
    assert result.exit_code == 3, result.stderr
    assert result.stderr.count("actors.tsv") == 1
    assert "is not UTF-8 text" in result.stderr
    assert "internal error" not in result.stderr
    assert "UnicodeDecodeError" not in result.stderr
    assert not (tmp_path / "out").exists()
