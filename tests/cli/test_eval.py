"""``summarizer eval``: a backend through the cache, and saved predictions, scored against gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.testing import ScriptedModel, ScriptedServer, http_error
from tests.scripted import SEED_ARTICLE

from .conftest import Invoke


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed article and its gold summary, alone in a folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder)
    shutil.copy(SEED_ARTICLE.with_name(SEED_ARTICLE.stem + ".gold.json"), folder)
    return folder


def test_eval_runs_a_backend_through_the_cache(invoke: Invoke, server: ScriptedServer, corpus: Path) -> None:
    args = [
        "eval",
        str(corpus),
        "--base-url",
        server.base_url,
        "--json",
        "--cache-dir",
        str(invoke.cache_dir),
    ]
    first = invoke(args)
    assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["aggregate"]["overall"]["f1"] == 1.0
    assert server.calls == 1
    second = invoke(args)
    assert second.exit_code == 0
    assert json.loads(second.stdout)["aggregate"]["overall"] == report["aggregate"]["overall"]
    assert server.calls == 1


def test_eval_scores_saved_predictions_as_a_table(
    invoke: Invoke, server: ScriptedServer, corpus: Path, tmp_path: Path
) -> None:
    predictions = tmp_path / "predictions"
    made = invoke(["summarize", str(corpus), "--base-url", server.base_url, "-o", str(predictions) + "/"])
    assert made.exit_code == 0, made.stderr
    result = invoke(["eval", str(corpus), "--predictions", str(predictions)])
    assert result.exit_code == 0, result.stderr
    assert "parties" in result.stdout
    assert result.stderr == ""


def test_eval_of_a_folder_without_gold_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["eval", str(tmp_path), "--backend", "offline"])
    assert result.exit_code == 4  # an input error: nothing failed on a server or in a model
    assert result.stderr.startswith("summarizer: error: ")
    assert "gold" in result.stderr


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (http_error(401, "bad key"), 3),
        (http_error(404, "no such model"), 3),
        (http_error(400, "bad request"), 1),
    ],
)
def test_eval_exits_and_words_a_failure_as_summarize_does(
    invoke: Invoke, corpus: Path, fault: object, code: int
) -> None:
    """One mapping of faults to messages and exit codes: a rejected key is a configuration error (3)."""
    with ScriptedServer(ScriptedModel.always(fault)) as server:
        base = ["--base-url", server.base_url, "--model", "any", "--no-cache"]
        scored = invoke(["eval", str(corpus), "--json", *base])
        summarized = invoke(["summarize", str(corpus), "-o", str(corpus.parent / "out"), *base])
    assert scored.exit_code == summarized.exit_code == code, scored.stderr

    def reasons(stderr: str) -> list[str]:  # "summarizer: failed: LABEL: REASON" (eval's label is the stem)
        return [
            line.split(": ", 3)[3] for line in stderr.splitlines() if line.startswith("summarizer: failed: ")
        ]

    assert reasons(scored.stderr) == reasons(summarized.stderr)
    assert "Error:" not in scored.stderr  # no exception class name
    assert json.loads(scored.stdout)["aggregate"]["failed_articles"] == 1
