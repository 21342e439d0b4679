"""A perfect model, end to end: the gold summary of every corpus article served as the model's answer.

The scripted server answers each article of ``seeds/`` with its gold summary, spans stripped, as a model would
write it. The real CLI, in a subprocess, sends every article through the openai backend (validation,
grounding, cache) and writes JSON; ``summarizer eval --predictions`` must then score F1 1.0 on every list,
with every piece of evidence grounded exactly where the gold file puts it. Later runs render the same results
in every other format from the cache: jsonl in a second process, markdown and html in this one (through
click's runner, which saves the second of importing the model client per run). A change anywhere on that path
that loses, reorders or re-grounds a correct answer fails here.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.article import load_article
from summarizer.cli import cli
from summarizer.evaluate import LIST_NAMES, corpus_articles
from summarizer.gold import load_gold
from summarizer.schema import NegotiationSummary, iter_evidence
from summarizer.testing import Answer, ChatRequest, ScriptedModel, ScriptedServer, http_error, model_answer
from tests.scripted import SEEDS

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = corpus_articles(SEEDS)
FORMATS = {"markdown": ".md", "html": ".html"}


def _gold_model() -> ScriptedModel:
    """Answers each corpus article, recognised by its numbered sentences, with its gold summary."""
    answers = []
    for path in ARTICLES:
        article, gold = load_gold(path)
        answers.append((article.numbered(), model_answer(gold)))

    def respond(request: ChatRequest) -> Answer:
        found = [gold for numbered, gold in answers if numbered in request.user_text]
        if len(found) != 1:
            return http_error(400, f"{len(found)} corpus articles match this request")
        return found[0]

    return ScriptedModel.always(respond)


_LEAKY = tuple(name for name in os.environ if name.startswith(("OPENAI_", "SUMMARIZER_")))


def _cli(*args: str) -> tuple[int, str, str]:
    """The CLI in a subprocess: exit code, stdout, stderr."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "summarizer.cli", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def _cli_in_process(*args: str) -> tuple[int, str, str]:
    """The CLI through click's runner (module-scoped fixtures run before the per-test clean environment)."""
    done = CliRunner().invoke(cli, list(args), env=dict.fromkeys(_LEAKY), catch_exceptions=False)
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    """The gold-answering server, shared by the tests of this module."""
    with ScriptedServer(_gold_model()) as running:
        yield running


@pytest.fixture(scope="module")
def run(server: ScriptedServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One CLI run per format over the whole corpus: json first (through the model), then from the cache."""
    base = tmp_path_factory.mktemp("gold-end-to-end")
    cache_dir = base / "cache"
    outputs: dict[str, Path] = {}
    for fmt, run_cli in (
        ("json", _cli),
        ("jsonl", _cli),
        ("markdown", _cli_in_process),
        ("html", _cli_in_process),
    ):
        target = base / ("all.jsonl" if fmt == "jsonl" else fmt)
        # The corpus's files, not the seeds/ folder: a folder is read recursively, and seeds/tracks/ holds
        # dated articles that are not part of the corpus. The outputs are still named target/<stem>.<ext>.
        corpus = [str(path) for path in ARTICLES]
        args = ["summarize", *corpus, "-o", str(target), "--format", fmt, "--base-url", server.base_url]
        code, _, stderr = run_cli(*args, "--cache-dir", str(cache_dir))
        assert code == 0, stderr
        served = "0 from the cache" if fmt == "json" else f"{len(ARTICLES)} from the cache"
        assert f"{len(ARTICLES)} done; {served}" in stderr, stderr
        # One request per article, all in the first run: a perfect answer is never re-asked, and every later
        # run is served from the cache.
        assert server.calls == len(ARTICLES), f"after --format {fmt}"
        outputs[fmt] = target
    return outputs


def test_every_request_was_answered_with_its_own_gold(server: ScriptedServer, run: dict[str, Path]) -> None:
    assert server.calls == len(ARTICLES)
    assert all(request.reasks == 0 for request in server.requests)
    assert all(request.mode == "tools" for request in server.requests)


@pytest.mark.parametrize("path", ARTICLES, ids=[path.stem for path in ARTICLES])
def test_the_saved_result_is_the_gold_summary_with_its_spans(path: Path, run: dict[str, Path]) -> None:
    _, gold = load_gold(path)
    saved = json.loads((run["json"] / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert saved["provenance"]["backend"] == "openai"
    assert saved["dropped"] == []
    assert NegotiationSummary.model_validate(saved["summary"]) == gold


def test_eval_of_the_predictions_scores_one_on_every_list(run: dict[str, Path]) -> None:
    code, stdout, stderr = _cli("eval", str(SEEDS), "--predictions", str(run["json"]), "--json")
    assert code == 0, stderr
    report = json.loads(stdout)
    aggregate = report["aggregate"]
    assert aggregate["articles"] == len(ARTICLES)
    assert aggregate["failed_articles"] == 0
    assert aggregate["is_negotiation_correct"] == len(ARTICLES)
    assert {name: aggregate["lists"][name]["f1"] for name in LIST_NAMES} == dict.fromkeys(LIST_NAMES, 1.0)
    assert aggregate["overall"]["f1"] == 1.0
    evidence = sum(len(list(iter_evidence(load_gold(path)[1]))) for path in ARTICLES)
    assert aggregate["grounding"]["exact"] == evidence > 0
    assert (aggregate["grounding"]["fuzzy"], aggregate["grounding"]["failed"]) == (0, 0)
    for article in report["articles"]:
        assert article["error"] is None, article["article"]
        assert article["overall"]["f1"] == 1.0, article["article"]
    for name, accuracy in aggregate["accuracy"].items():
        assert accuracy["correct"] == accuracy["total"] > 0, name
    assert aggregate["shifts"]["f1"] == 1.0
    assert aggregate["shifts"]["gold"] > 0


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_result_renders_in_every_format(fmt: str, run: dict[str, Path]) -> None:
    for path in ARTICLES:
        text = (run[fmt] / f"{path.stem}{FORMATS[fmt]}").read_text(encoding="utf-8")
        headline = load_article(path).sentences[0].text
        assert headline in (html.unescape(text) if fmt == "html" else text), path.stem


def test_the_jsonl_lines_are_the_json_results(run: dict[str, Path]) -> None:
    lines = [json.loads(line) for line in run["jsonl"].read_text(encoding="utf-8").splitlines()]
    by_name = {Path(line["source"]).stem: line for line in lines}
    assert sorted(by_name) == [path.stem for path in ARTICLES]
    for path in ARTICLES:
        saved = json.loads((run["json"] / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert by_name[path.stem] == saved, path.stem
