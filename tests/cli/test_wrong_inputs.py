"""Wrong inputs a user may give: each is one clear line on stderr with the documented exit code.

Empty paths (which would otherwise mean the current folder), outputs that cannot be written (named as given,
never as the temporary file beside them), corpora without gold files, devices, damaged saved results, and an
evaluation of a track whose every article failed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from summarizer.testing import ScriptedModel, ScriptedServer, http_error
from tests.scripted import SEED_ARTICLE, SEEDS

from .conftest import Invoke

TRACK = SEEDS / "tracks" / "meruna-water-talks"


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if "offline extractor is in use" not in line]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", ""],
        ["summarize", str(SEED_ARTICLE), "-o", ""],
        ["summarize", str(SEED_ARTICLE), "--cache-dir", ""],
        ["track", str(SEED_ARTICLE), ""],
        ["track", str(SEED_ARTICLE), "--date", "x=2027-01-01", "-o", ""],
    ],
    ids=["summarize-path", "summarize-output", "cache-dir", "track-path", "track-output"],
)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    (here / "note.txt").write_text("Talks resumed in Geneva on Monday.", encoding="utf-8")
    monkeypatch.chdir(here)
    result = invoke([*args, "--backend", "offline"], cache=False)
    assert result.exit_code == 2, result.stderr
    assert "an empty path names no file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(here)) == ["note.txt"]  # nothing summarized, written or cached here


def test_an_output_under_a_file_names_the_output_and_the_file(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    blocking = tmp_path / "report"
    blocking.write_text("not a folder", encoding="utf-8")
    base = ["--base-url", server.base_url]
    single = invoke(["summarize", str(SEED_ARTICLE), "-o", str(blocking / "seed.json"), *base])
    assert single.exit_code == 1
    line = _one_error_line(single.stderr)
    assert line.endswith(f"{blocking / 'seed.json'}: cannot be written ({blocking} is a file, not a folder)")
    jsonl = invoke(["summarize", str(SEED_ARTICLE), "-f", "jsonl", "-o", str(blocking / "all.jsonl"), *base])
    assert jsonl.exit_code == 1
    assert _one_error_line(jsonl.stderr).endswith(f"{blocking} is a file, not a folder)")
    track = [
        "track",
        str(SEED_ARTICLE),
        "--date",
        f"{SEED_ARTICLE.name}=2025-03-18",
        "-o",
        str(blocking / "t.html"),
    ]
    timeline = invoke([*track, *base])
    assert timeline.exit_code == 1
    assert _one_error_line(timeline.stderr).endswith(f"{blocking} is a file, not a folder)")
    for result in (single, jsonl, timeline):
        assert ".tmp" not in result.stderr
        assert "summarizer-" not in result.stderr  # the temporary file's name is never shown


def test_an_output_folder_under_a_file_fails_each_article_once(
    invoke: Invoke, server: ScriptedServer, tmp_path: Path
) -> None:
    blocking = tmp_path / "report"
    blocking.write_text("not a folder", encoding="utf-8")
    result = invoke(["summarize", str(SEED_ARTICLE), "-o", f"{blocking}/out/", "--base-url", server.base_url])
    assert result.exit_code == 1
    failed, tally = result.stderr.strip().splitlines()
    assert failed.endswith(
        f"{blocking / 'out' / 'trump-putin-call-2025-03.json'}: cannot be written "
        f"({blocking} is a file, not a folder)"
    )
    assert tally.startswith("summarizer: 0 done, 1 output error")
    assert ".tmp" not in result.stderr


@pytest.mark.parametrize(
    ("files", "extra", "needle"),
    [
        ({"notes.md": "nothing"}, [], "no article (*.txt) with a .gold.json beside it"),
        ({"a.txt": "Talks resumed.", "a.gold.json": "{"}, [], "not a valid gold summary"),
    ],
    ids=["no-gold", "bad-gold"],
)
def test_eval_of_a_corpus_without_valid_gold_files_is_an_input_error(
    invoke: Invoke, tmp_path: Path, files: dict[str, str], extra: list[str], needle: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = invoke(["eval", str(tmp_path), "--backend", "offline", "--no-cache", *extra])
    assert result.exit_code == 4, result.stderr
    assert needle in _one_error_line(result.stderr)


def test_eval_asked_for_a_missing_gold_timeline_is_an_input_error(invoke: Invoke, tmp_path: Path) -> None:
    for path in (TRACK / "01-talks-open.txt", TRACK / "01-talks-open.gold.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    result = invoke(["eval", str(tmp_path), "--backend", "offline", "--no-cache", "--timeline"])
    assert result.exit_code == 4, result.stderr
    assert "no gold timeline" in _one_error_line(result.stderr)


def test_eval_of_a_track_whose_articles_all_failed_still_reports_why(invoke: Invoke) -> None:
    """The timeline of no article scores 0; the report and the failures are shown, not one vague error."""
    with ScriptedServer(ScriptedModel.always(http_error(400, "model overloaded"))) as server:
        result = invoke(["eval", str(TRACK), "--base-url", server.base_url, "--no-cache", "--json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["aggregate"]["failed_articles"] == 6
    assert report["timeline"]["stance_over_time"] == {"hits": 0, "total": 48, "rate": 0.0}
    failures = [line for line in result.stderr.splitlines() if line.startswith("summarizer: failed: ")]
    assert len(failures) == 6
    assert all("model overloaded" in line for line in failures)
    assert "Traceback" not in result.stderr


def test_track_refuses_a_device_and_names_a_damaged_saved_result_plainly(
    invoke: Invoke, tmp_path: Path
) -> None:
    device = invoke(["track", os.devnull, "--date", "null=2027-01-01", "--backend", "offline"])
    assert device.exit_code == 4
    assert _one_error_line(device.stderr).endswith(f"{os.devnull}: not a regular file or folder")
    saved = tmp_path / "saved.json"
    saved.write_bytes(b"\x89PNG not json")
    damaged = invoke(["track", str(saved), "--date", "saved=2027-01-01", "--backend", "offline"])
    assert damaged.exit_code == 4
    line = _one_error_line(damaged.stderr)
    assert line.endswith(
        f"{saved}: not a saved summary result (Invalid JSON: expected value at line 1 column 1)"
    )


def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The name's bytes cannot go into UTF-8 output as they are: the output shows U+FFFD in their place."""
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(SEED_ARTICLE.read_bytes())
    name = os.fsdecode(raw)
    summary = invoke(["summarize", name, "--backend", "offline", "--no-cache"])
    assert summary.exit_code == 0, summary.stderr
    assert json.loads(summary.stdout)["source"] == str(tmp_path / "caf\ufffd.txt")
    timeline = invoke(
        ["track", name, "--date", f"{os.path.basename(name)}=2025-03-18", "--backend", "offline"]
    )
    assert timeline.exit_code == 0, timeline.stderr
    assert json.loads(timeline.stdout)["articles"][0]["article"] == "caf\ufffd.txt"
