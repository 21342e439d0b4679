"""Score the offline attribution rules on PolNeAR: ``python scripts/polnear.py PATH [--split dev]``.

PolNeAR (github.com/networkdynamics/PolNeAR) is 1,008 US election news articles from 2016 with their
attributions annotated by hand (source, cue, content spans). Its licence is not stated, so none of it is in
this repository: give the path of your own checkout (the folder that holds ``data/``). Develop on ``train``
and ``dev``; look at ``test`` once, to report.

The matching rule (issue 10): a statement of :func:`summarizer.offline.statements` counts for a gold
attribution when one of its evidence quotes overlaps the gold content span and its speaker shares a content
word with the gold source; a pronoun source ("he", "they") is first resolved to the nearest preceding named
source of the same article. Gold is every attribution that has a source; where an article was annotated by
several annotators, the first annotator's file (by name) is used.

Printed: recall and precision for all attributions, and for those whose cue is a speech verb (the verbs of
communication below, any inflection, or "according to"); for that subset a statement that matches only
attributions outside it is left out of the precision instead of counted wrong. Speaker accuracy: of the gold
attributions with a named source whose content some statement overlaps, the share where the statement that
overlaps it most names a speaker sharing a content word with the source; the same for pronoun sources.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.article import Article
from summarizer.offline import statements
from summarizer.schema import Statement

__all__ = ["Attribution", "main", "read_article", "score"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of communication (Levin's classes 37.1-37.11 with the reporting verbs news writing uses most), as
# base forms; inflections are derived by _forms. Independent of the extractor's own cue list.
_SPEECH_LEMMAS = _words(
    """
    say tell add note state write tweet post ask answer reply respond explain announce declare claim argue
    insist warn caution urge suggest predict acknowledge admit concede confirm deny report comment remark
    mention recall describe call praise criticize criticise accuse charge complain promise pledge vow
    repeat reiterate stress emphasize emphasise testify speak talk assert maintain contend counter retort
    quip joke shout yell blog email text tell inform advise recommend propose demand threaten vow boast
    brag lament concede allege estimate forecast predict disclose reveal indicate signal agree disagree
    question wonder observe conclude continue summarize summarise order instruct"""
)
_IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "speak": ["spoke", "spoken"],
    "forecast": ["forecast"],
}
_PRONOUNS = _words(
    """i me my we us our you your he him his she her they them their it its who whom this that these
    those one"""
)
_STOPWORDS = _PRONOUNS | _words(
    """the a an of and or for to in on at by with from s mr mrs ms dr sen rep gov president according
    as said says who which that according also"""
)
_WORD = re.compile(r"[^\W_]+")


def _forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms | set(_IRREGULAR.get(lemma, []))


SPEECH_FORMS = frozenset(form for lemma in _SPEECH_LEMMAS for form in _forms(lemma)) | {"according"}


@dataclass
class Attribution:
    """One gold attribution: its source text (pronouns resolved), content spans and whether a verb says it."""

    source: str
    source_start: int
    content: list[tuple[int, int]]
    speech: bool
    named: bool
    pronoun: bool = False


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("’s", "").replace("'s", "")) if w not in _STOPWORDS}


def _is_named(source: str) -> bool:
    return any(word[:1].isupper() and word.lower() not in _STOPWORDS for word in _WORD.findall(source))


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for piece in field.split(";"):
        start, end = piece.split()
        out.append((int(start), int(end)))
    return out


def read_article(text_path: Path, ann_path: Path) -> tuple[str, list[Attribution]]:
    """The article text and its gold attributions that have a source, pronoun sources resolved."""
    text = text_path.read_bytes().decode("utf-8")  # offsets count the characters as stored
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    relations: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tid, middle, surface = line.split("\t", 2)
            kind, _, positions = middle.partition(" ")
            spans[tid] = (kind, _spans(positions), surface)
        elif line.startswith("E") and "\t" in line:
            _, body = line.split("\t", 1)
            relations.append(dict(part.split(":", 1) for part in body.split()))
    gold = []
    for relation in relations:
        if "Source" not in relation or "Content" not in relation:
            continue
        _, source_spans, _ = spans[relation["Source"]]
        source = " ".join(text[a:b] for a, b in source_spans)
        cue = " ".join(text[a:b] for a, b in spans[relation["Cue"]][1]) if "Cue" in relation else ""
        speech = any(w in SPEECH_FORMS for w in _WORD.findall(cue.lower()))
        gold.append(
            Attribution(source, source_spans[0][0], spans[relation["Content"]][1], speech, _is_named(source))
        )
    gold.sort(key=lambda a: a.source_start)
    last_named = ""
    for attribution in gold:
        if attribution.named:
            last_named = attribution.source
        elif _content_words(attribution.source) == set() and last_named:
            attribution.source = last_named  # "he", "they": the nearest preceding named source
            attribution.pronoun = True
    return text, gold


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _evidence_spans(statement: Statement) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in statement.evidence if e.start is not None and e.end is not None]


@dataclass
class Tally:
    """Counts for one subset of the gold attributions."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    def line(self, name: str) -> str:
        """Recall and precision as one printed line."""
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.correct / self.predicted if self.predicted else 0.0
        return (
            f"{name}: recall {recall:.3f} ({self.found}/{self.gold}), "
            f"precision {precision:.3f} ({self.correct}/{self.predicted})"
        )


@dataclass
class Scores:
    """All counts over a split."""

    every: Tally
    speech: Tally
    speaker_right: int = 0
    speaker_total: int = 0
    pronoun_right: int = 0
    pronoun_total: int = 0
    articles: int = 0
    seconds: float = 0.0


def score(pairs: Iterable[tuple[str, list[Attribution]]], *, misses: int = 0, extras: int = 0) -> Scores:
    """Score :func:`summarizer.offline.statements` on (text, gold) pairs; print up to ``misses`` missed
    attributions and ``extras`` statements that match none."""
    scores = Scores(Tally(), Tally())
    shown = 0
    for text, gold in pairs:
        started = time.perf_counter()
        found = statements(Article.from_text(text))
        scores.seconds += time.perf_counter() - started
        scores.articles += 1
        evidence = [_evidence_spans(s) for s in found]
        speakers = [_content_words(s.speaker) for s in found]
        matched_any: set[int] = set()
        matched_speech: set[int] = set()
        matched_other: set[int] = set()
        for attribution in gold:
            source = _content_words(attribution.source)
            overlaps = [(_overlap(spans, attribution.content), k) for k, spans in enumerate(evidence)]
            hits = [k for size, k in overlaps if size > 0 and speakers[k] & source]
            for tally, wanted in ((scores.every, True), (scores.speech, attribution.speech)):
                if wanted:
                    tally.gold += 1
                    tally.found += bool(hits)
            for k in hits:
                matched_any.add(k)
                (matched_speech if attribution.speech else matched_other).add(k)
            best = max(overlaps, default=(0, -1))
            if attribution.named and best[0] > 0:
                scores.speaker_total += 1
                scores.speaker_right += bool(speakers[best[1]] & source)
            if attribution.pronoun and best[0] > 0:
                scores.pronoun_total += 1
                scores.pronoun_right += bool(speakers[best[1]] & source)
            if not hits and shown < misses:
                shown += 1
                content = " ".join(text[a:b] for a, b in attribution.content)
                said = f"{found[best[1]].speaker!r}" if best[0] > 0 else "nothing"
                print(f"MISS [{attribution.source}] {content[:160]!r} -> {said}", file=sys.stderr)
        for k, statement in enumerate(found):
            if k not in matched_any and extras > 0:
                extras -= 1
                quote = statement.evidence[0].quote
                print(f"EXTRA [{statement.speaker}] {quote[:160]!r}", file=sys.stderr)
        scores.every.predicted += len(found)
        scores.every.correct += len(matched_any)
        scores.speech.predicted += len(found) - len(matched_other - matched_speech)
        scores.speech.correct += len(matched_speech)
    return scores


def _pairs(root: Path, split: str, limit: int | None) -> Iterator[tuple[str, list[Attribution]]]:
    folder = root / "data" / split
    texts = sorted((folder / "text").glob("*.txt"))
    if not texts:
        raise SystemExit(f"{folder / 'text'}: no articles; give the folder of a PolNeAR checkout")
    for path in texts[:limit]:
        annotations = sorted((folder / "attributions").glob(path.stem + "_*.ann"))
        if annotations:
            yield read_article(path, annotations[0])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", type=Path, help="a PolNeAR checkout (the folder that holds data/)")
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--misses", type=int, default=0, help="print up to N missed attributions (stderr)")
    parser.add_argument("--extras", type=int, default=0, help="print up to N unmatched statements (stderr)")
    args = parser.parse_args(argv)
    scores = score(_pairs(args.path, args.split, args.limit), misses=args.misses, extras=args.extras)
    speaker = scores.speaker_right / scores.speaker_total if scores.speaker_total else 0.0
    print(f"PolNeAR {args.split}: {scores.articles} articles, {scores.seconds:.1f} s in the extractor")
    print(scores.every.line("all attributions"))
    print(scores.speech.line("with a speech cue"))
    counts = f"{scores.speaker_right}/{scores.speaker_total}"
    print(f"speaker right on matched named sources: {speaker:.3f} ({counts})")
    pronoun = scores.pronoun_right / scores.pronoun_total if scores.pronoun_total else 0.0
    counts = f"{scores.pronoun_right}/{scores.pronoun_total}"
    print(f"speaker right on matched pronoun sources (resolved as above): {pronoun:.3f} ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
