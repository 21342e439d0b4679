"""The timeline of a track: the gold per-article summaries reproduce the gold timeline; the scorer says so.

Every track in seeds/tracks/: its per-article gold summaries, dated by their metadata, are merged into a
timeline that scores 1.0 against timeline.gold.json on stance over time, shift recall and precision and the
resolved sticking points; its stance histories are exactly the gold's, and every timeline quote stands in its
article. Then the scorer on a worse timeline, and ``summarizer eval`` on a track.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.article import load_article
from summarizer.backends import create_backend
from summarizer.config import Settings
from summarizer.evaluate import evaluate_backend, score_predictions, score_timeline
from summarizer.evaluate.timeline import load_timeline_gold, timeline_of
from summarizer.gold import load_gold
from summarizer.grounding import locate
from summarizer.merge import Piece
from summarizer.render import render_timeline
from summarizer.result import Extraction, SummaryResult
from summarizer.schema import NegotiationSummary
from summarizer.timeline import DatedSummary, Quote, Timeline, build_timeline

ROOT = Path(__file__).resolve().parent.parent
TRACKS = sorted(path for path in (ROOT / "seeds" / "tracks").iterdir() if path.is_dir())


def _gold_timeline(track: Path) -> Timeline:
    dated = []
    for path in sorted(track.glob("*.txt")):
        article, gold = load_gold(path)
        dated.append(
            DatedSummary(gold, path.name, article.metadata["published"], article.headline, str(path))
        )
    return build_timeline(dated)


def _quotes(node: Any) -> list[Quote]:
    if isinstance(node, Quote):
        return [node]
    if isinstance(node, list):
        return [q for item in node for q in _quotes(item)]
    if isinstance(node, BaseModel):
        return [q for name in type(node).model_fields for q in _quotes(getattr(node, name))]
    return []


@pytest.mark.parametrize("track", TRACKS, ids=lambda path: path.name)
def test_the_gold_summaries_reproduce_the_gold_timeline(track: Path) -> None:
    gold = load_timeline_gold(track)
    timeline = _gold_timeline(track)
    score = score_timeline(timeline, gold)
    assert score.stance.rate == 1.0
    assert score.stance_found.rate == 1.0
    assert score.shift_recall.rate == 1.0
    assert score.shift_precision.rate == 1.0
    assert score.resolved_recall.rate == 1.0
    # The histories themselves, and the shifts with both ends.
    ours = {(h.issue, h.party): [(e.date, e.stance) for e in h.history] for h in timeline.stances}
    theirs = {
        (h["issue"], h["party"]): [(e["date"], e["stance"]) for e in h["history"]] for h in gold["stances"]
    }
    assert ours == theirs
    stated = {(s.party, s.issue, s.before.date, s.after.date) for s in timeline.shifts if s.stated}
    flagged = {(s["party"], s["issue"], s["before"]["date"], s["after"]["date"]) for s in gold["shifts"]}
    assert stated == flagged
    assert [a.article for a in timeline.articles] == [a["file"] for a in gold["articles"]]
    assert {p.id: p.role for p in timeline.parties} == {p["id"]: p["role"] for p in gold["parties"]}


@pytest.mark.parametrize("track", TRACKS, ids=lambda path: path.name)
def test_every_timeline_quote_stands_in_its_article(track: Path) -> None:
    timeline = _gold_timeline(track)
    texts = {path.name: load_article(path) for path in track.glob("*.txt")}
    quotes = _quotes(timeline)
    assert len(quotes) > 100
    for quote in quotes:
        article = texts[quote.article]
        found = locate(article, quote.sentence_ids, quote.quote)
        assert not isinstance(found, str), found
        assert article.text[quote.start : quote.end] == quote.quote


def test_the_track_tells_the_proposals_agreements_and_sticking_points() -> None:
    timeline = _gold_timeline(TRACKS[0])
    by_first = {(tuple(p.proposers), p.events[0].date, len(p.issues)): p for p in timeline.proposals}
    opening = by_first[("arvenna",), "2027-02-02", 2]
    assert opening.final_status == "rejected"
    assert [(e.event, e.party, e.response) for e in opening.events][:3] == [
        ("made", None, None),
        ("answered", "dorvania", "considering"),
        ("answered", "dorvania", "rejected"),
    ]
    bridging = by_first[("southern-basin-community",), "2027-02-17", 3]
    assert bridging.final_status == "dropped"
    revised = by_first[("southern-basin-community",), "2027-02-25", 4]
    assert bridging.events[-1].by == revised.id
    assert revised.final_status == "accepted"
    treaty = next(a for a in timeline.agreements if a.final_status == "signed")
    assert [(s.date, s.status) for s in treaty.history] == [
        ("2027-03-05", "agreed_in_principle"),
        ("2027-03-12", "signed"),
    ]
    points = {p.issue: p for p in timeline.sticking_points}
    assert points["dispute-resolution"].opened is not None
    assert points["dispute-resolution"].resolved is not None
    assert points["dispute-resolution"].resolved.date == "2027-03-05"
    assert points["ratification"].resolved is None
    recap = next(
        s for s in timeline.shifts if s.stated and s.party == "arvenna" and s.issue == "reservoir-filling"
    )
    assert recap.retold
    assert {q.article for q in recap.retold} == {
        "05-agreement-in-principle.txt",
        "06-treaty-signed.txt",
    }


def test_the_timeline_does_not_depend_on_the_order_of_its_articles() -> None:
    track = TRACKS[0]
    dated = []
    for path in sorted(track.glob("*.txt")):
        article, gold = load_gold(path)
        dated.append(DatedSummary(gold, path.name, article.metadata["published"], article.headline))
    assert build_timeline(reversed(dated)) == build_timeline(dated)


def test_a_worse_timeline_scores_lower() -> None:
    track = TRACKS[0]
    gold = load_timeline_gold(track)
    summaries = {}
    for path in sorted(track.glob("*.txt")):
        _, summary = load_gold(path)
        if path.name.startswith("03"):
            continue  # the envoy's plan and two shifts go missing
        summaries[path.name] = summary
    score = score_timeline(timeline_of(gold, summaries), gold)
    assert score.stance.rate is not None
    assert 0.5 < score.stance.rate < 1.0
    assert score.shift_recall.hits < score.shift_recall.total
    assert score.stance.total == 48


def _gold_backend(path: Path) -> SummaryResult:
    article, gold = load_gold(path)
    return create_backend(Settings(backend="offline")).result(article, Extraction(gold))


def test_eval_scores_the_timeline_next_to_the_articles(tmp_path: Path) -> None:
    track = TRACKS[0]
    report = evaluate_backend(track, summarize=_gold_backend)
    assert report.timeline is not None
    assert report.overall.f1 == 1.0
    data = report.as_dict()
    assert data["timeline"]["stance_over_time"]["rate"] == 1.0
    assert data["timeline"]["shift_recall"]["rate"] == 1.0
    assert json.loads(json.dumps(data)) == data
    assert [table.title for table in report.render_table()][-1].startswith("Timeline of")
    assert evaluate_backend(track, summarize=_gold_backend, timeline=False).timeline is None
    # Saved predictions score the same way.
    for path in sorted(track.glob("*.txt")):
        (tmp_path / f"{path.stem}.json").write_text(_gold_backend(path).model_dump_json(), encoding="utf-8")
    saved = score_predictions(tmp_path, track)
    assert saved.timeline is not None
    assert saved.timeline.stance.rate == 1.0


def test_the_timeline_renders_as_json_markdown_and_html() -> None:
    track = TRACKS[0]
    timeline = _gold_timeline(track)
    texts = {path.name: load_article(path) for path in track.glob("*.txt")}
    assert Timeline.model_validate_json(render_timeline(timeline, "json")) == timeline
    markdown = render_timeline(timeline, "markdown")
    assert "## Stances over time" in markdown
    assert "| Dorvania | opposes | opposes | conditional ↺ |" in markdown
    assert "## Changes of position" in markdown
    page = render_timeline(timeline, "html", texts)
    assert page.count("<article ") == len(timeline.articles)
    assert "Content-Security-Policy" in page


def test_articles_of_one_date_that_disagree_are_contradictions() -> None:
    dated = []
    for path in sorted(TRACKS[0].glob("*.txt"))[:2]:
        _, gold = load_gold(path)
        dated.append(DatedSummary(gold, path.name, "2027-02-02"))
    timeline = build_timeline(dated)
    found = {(c.section, tuple(c.values.get("status", []))) for c in timeline.contradictions}
    assert ("proposals", ("pending", "rejected")) in found
    assert "## Contradictions between articles of one date" in render_timeline(timeline, "markdown")
    assert "Contradictions between articles of one date" in render_timeline(timeline, "html")


def test_the_timeline_sorts_and_copies_its_summaries_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge puts the pieces in order and renames a copy of each; the timeline reads those copies."""
    dated = []
    for path in sorted(TRACKS[0].glob("*.txt")):
        article, gold = load_gold(path)
        dated.append(DatedSummary(gold, path.name, article.metadata["published"]))
    expected = build_timeline(dated)
    copies: list[bool] = []
    ranks: list[str] = []
    model_copy = NegotiationSummary.model_copy
    rank_key = Piece.rank_key

    def counted_copy(self: NegotiationSummary, **options: Any) -> NegotiationSummary:
        copies.append(bool(options.get("deep")))
        return model_copy(self, **options)

    def counted_rank(self: Piece) -> tuple[str, str, int, str]:
        ranks.append(self.article)
        return rank_key.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(NegotiationSummary, "model_copy", counted_copy)
    monkeypatch.setattr(Piece, "rank_key", property(counted_rank))
    timeline = build_timeline(dated)
    assert copies.count(True) == len(dated)
    assert sorted(ranks) == sorted(one.article for one in dated)
    assert timeline == expected
