"""``summarizer track``: articles or saved results, dated, merged into a timeline in three formats.

The perfect model end to end: a scripted server answers every track article with its gold summary, and the
timeline the real CLI writes scores 1.0 against the track's gold timeline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.evaluate import score_timeline
from summarizer.evaluate.timeline import load_timeline_gold
from summarizer.gold import load_gold
from summarizer.testing import Answer, ChatRequest, ScriptedModel, ScriptedServer, http_error, model_answer
from summarizer.timeline import Timeline
from tests.scripted import SEEDS

from .conftest import Invoke

TRACK = SEEDS / "tracks" / "meruna-water-talks"
ARTICLES = sorted(TRACK.glob("*.txt"))


def _timeline(text: str) -> Timeline:
    return Timeline.model_validate_json(text)


def test_a_folder_of_dated_articles_becomes_a_timeline(invoke: Invoke) -> None:
    result = invoke(["track", str(TRACK), "--backend", "offline"])
    assert result.exit_code == 0, result.stderr
    timeline = _timeline(result.stdout)
    assert [(a.article, a.date) for a in timeline.articles] == [
        (path.name, json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))["published"])
        for path in ARTICLES
    ]
    assert "timeline of 6 article(s) from 2027-02-02 to 2027-03-12" in result.stderr


def test_saved_results_make_the_same_timeline_as_their_articles(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = invoke(["summarize", *map(str, ARTICLES), "--backend", "offline", "-o", f"{out}/"])
    assert made.exit_code == 0, made.stderr
    from_results = invoke(["track", str(out)])
    assert from_results.exit_code == 0, from_results.stderr
    assert "offline extractor" not in from_results.stderr  # nothing to summarize, no backend chosen
    from_articles = invoke(["track", *map(str, ARTICLES), "--backend", "offline"])
    assert _timeline(from_results.stdout).stances == _timeline(from_articles.stdout).stances
    page = invoke(["track", str(out), "-f", "html"])
    assert page.stdout.count('<article class="text"') == 6
    assert "was not given" not in page.stdout  # the saved results led back to their articles


def test_dates_come_from_the_command_line_when_there_is_no_metadata(invoke: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    shutil.copy(ARTICLES[1], first)
    shutil.copy(ARTICLES[0], second)
    missing = invoke(["track", str(first), str(second), "--backend", "offline"])
    assert missing.exit_code == 4
    assert "--date first.txt=YYYY-MM-DD" in missing.stderr
    bad = invoke(["track", str(first), str(second), "--backend", "offline", "--date", "first=soon"])
    assert bad.exit_code == 4
    assert "not a date" in bad.stderr
    unknown = invoke(
        ["track", str(first), "--backend", "offline", "--date", "first=2027-01-02", "--date", "x=2027-01-01"]
    )
    assert unknown.exit_code == 4
    assert "--date names no input: x" in unknown.stderr
    dated = invoke(
        [
            "track",
            str(first),
            str(second),
            "--backend",
            "offline",
            "--date",
            "first=2027-01-09",
            "--date",
            "second.txt=2027-01-02",
        ]
    )
    assert dated.exit_code == 0, dated.stderr
    assert [(a.article, a.date) for a in _timeline(dated.stdout).articles] == [
        ("second.txt", "2027-01-02"),
        ("first.txt", "2027-01-09"),
    ]


@pytest.mark.parametrize(
    ("fmt", "marker"), [("markdown", "## Stances over time"), ("html", "<!DOCTYPE html>")]
)
def test_markdown_and_html_go_to_a_file(invoke: Invoke, tmp_path: Path, fmt: str, marker: str) -> None:
    target = tmp_path / f"timeline.{fmt}"
    result = invoke(["track", str(TRACK), "--backend", "offline", "-f", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert marker in target.read_text(encoding="utf-8")


def test_an_unusable_article_stops_the_command_before_any_summary(invoke: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failed = invoke(["track", str(empty), "--date", "empty=2027-01-01", "--backend", "offline"])
    assert failed.exit_code == 4  # the empty article is refused while reading, before anything else
    assert "is empty" in failed.stderr


def _gold_model() -> ScriptedModel:
    answers = []
    for path in ARTICLES:
        article, gold = load_gold(path)
        answers.append((article.numbered(), model_answer(gold)))

    def respond(request: ChatRequest) -> Answer:
        found = [gold for numbered, gold in answers if numbered in request.user_text]
        return found[0] if len(found) == 1 else http_error(400, "no track article matches this request")

    return ScriptedModel.always(respond)


def test_the_gold_answers_through_the_cli_reproduce_the_gold_timeline(invoke: Invoke, tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("Talks stall\nNothing else happened in the talks today.\n", encoding="utf-8")
    with ScriptedServer(_gold_model()) as server:
        args = ["track", *map(str, ARTICLES), str(unknown), "--date", "unknown=2027-02-03"]
        result = invoke([*args, "--base-url", server.base_url, "--model", "any"])
        assert server.calls == len(ARTICLES) + 1
    # The article the model could not answer is reported and left out; the others make the timeline.
    assert result.exit_code == 1
    assert "failed: " in result.stderr
    assert "unknown.txt" in result.stderr
    score = score_timeline(_timeline(result.stdout), load_timeline_gold(TRACK))
    assert score.stance.rate == score.shift_recall.rate == score.shift_precision.rate == 1.0
    assert score.resolved_recall.rate == 1.0


def test_a_rejected_key_exits_as_a_configuration_error(invoke: Invoke) -> None:
    """Like a batch of summarize, track exits with the most severe class of fault it saw (401: exit 3)."""
    with ScriptedServer(ScriptedModel.always(http_error(401, "bad key"))) as server:
        result = invoke(["track", *map(str, ARTICLES[:2]), "--base-url", server.base_url, "--no-cache"])
    assert result.exit_code == 3, result.stderr
    assert "no article could be summarized" in result.stderr


def test_eval_scores_a_track_timeline(invoke: Invoke) -> None:
    result = invoke(["eval", str(TRACK), "--backend", "offline", "--json", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["timeline"]) >= {"stance_over_time", "shift_recall"}
    table = invoke(["eval", str(TRACK), "--backend", "offline", "--no-cache"])
    assert "Timeline of meruna-water-talks" in table.stdout
    plain = invoke(["eval", str(TRACK), "--backend", "offline", "--json", "--no-cache", "--no-timeline"])
    assert "timeline" not in json.loads(plain.stdout)
    missing = invoke(["eval", str(SEEDS), "--backend", "offline", "--json", "--no-cache", "--timeline"])
    assert missing.exit_code != 0
    assert "no gold timeline" in missing.stderr


def test_the_context_window_option_reaches_the_backend(invoke: Invoke, tmp_path: Path) -> None:
    """--context-window splits an article that does not fit: the server sees one request per chunk."""
    answer = {"headline": "Talks", "abstract": "Nothing was negotiated.", "is_negotiation": False}
    article = tmp_path / "long.txt"
    lines = [f"Delegate {i} from Alpha said the trade offer number {i} was fair." for i in range(1, 400)]
    article.write_text("Alpha and Beta hold trade talks\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with ScriptedServer(ScriptedModel.always(answer)) as server:
        base = ["summarize", str(article), "--base-url", server.base_url, "--model", "any", "--no-cache"]
        result = invoke([*base, "--context-window", "8192", "--max-tokens", "1000"])
        assert result.exit_code == 0, result.stderr
        chunks = json.loads(result.stdout)["usage"]["chunks"]
        assert chunks > 1
        assert server.calls == chunks


def test_encoding_names_the_articles_encoding_as_summarize_does(invoke: Invoke, tmp_path: Path) -> None:
    """Bytes read as latin-1 though they are UTF-8: the option, not detection, decides (as in summarize)."""
    from summarizer import summarize
    from summarizer.track import collect_track

    folder = tmp_path / "talks"
    folder.mkdir()
    for path in ARTICLES[:2]:
        text = path.read_text(encoding="utf-8") + "\nThe envoy said the talks went on \u00e0 la carte.\n"
        (folder / path.name).write_bytes(text.encode("utf-8"))
        shutil.copy(path.with_suffix(".meta.json"), folder / path.with_suffix(".meta.json").name)
    base = ["track", str(folder), "--backend", "offline", "-f", "html"]
    detected, named = invoke(base), invoke([*base, "--encoding", "latin-1"])
    assert detected.exit_code == named.exit_code == 0, named.stderr
    assert "\u00e0 la carte" in detected.stdout
    assert "\u00c3\u00a0 la carte" in named.stdout
    items = collect_track([folder], encoding="latin-1")
    assert {item.article.encoding for item in items if item.article} == {"iso8859-1"}
    result = summarize(items[0].article, backend="offline")
    assert result.provenance.article_encoding == "iso8859-1"
    bad = invoke([*base, "--encoding", "no-such-codec"])
    one = ["summarize", str(folder / ARTICLES[0].name), "--backend", "offline", "--encoding", "no-such-codec"]
    assert bad.exit_code == invoke(one).exit_code == 4
    assert "no-such-codec" in bad.stderr
