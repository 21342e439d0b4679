"""Summaries to render: the gold seed, and a small hostile article built to break renderers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.article import Article
from summarizer.gold import load_gold
from summarizer.grounding import evidence_context
from summarizer.result import Provenance, SummaryResult, Usage
from summarizer.schema import NegotiationSummary

SEED = Path(__file__).resolve().parents[2] / "seeds" / "trump-putin-call-2025-03.txt"

# Astral characters (emoji, mathematical letters) before evidence, CRLF and LF line ends, markup that
# must stay text, a pipe, and a Markdown link with a javascript: target.
HOSTILE_TEXT = (
    "Talks 🤝 resume in Geneva <script>window.__pwned=1;alert(1)</script>\r\n"
    "The 😀 Union of Pipes | Co said it will not sign the deal [x](javascript:alert(1)) "
    "unless tariffs fall.\r\n"
    'Minister Ana Ruiz said: "We reject <b>any</b> cap" onmouseover="window.__pwned=2" '
    "and the 𝔘𝔫𝔦𝔬𝔫 wants more.\n"
    "The 🇪🇺 Union and the Ministry will meet again next week, Reuters reported, after 3 rounds in 4 days, "
    "6 sessions and 9 hours."
)

INJECTION = '<img src=x onerror="window.__pwned=3"> [click](javascript:alert(1)) " onmouseover="alert(1)'
"""Model-written text that tries to become markup in every format."""


def _ev(quote: str, *sentences: int) -> dict[str, Any]:
    return {"sentence_ids": list(sentences), "quote": quote}


def hostile_summary(article: Article) -> NegotiationSummary:
    """A grounded summary of :data:`HOSTILE_TEXT` with nested, overlapping and fuzzy evidence."""
    data = {
        "headline": "Geneva talks <script>window.__pwned=4</script> | resume",
        "abstract": (
            "1. The union | refuses\nto sign [x](javascript:alert(1)) <script>alert(1)</script> "
            "unless tariffs fall."
        ),
        "is_negotiation": True,
        "parties": [
            {
                "id": "union",
                "role": "side",
                "name": "Union of Pipes | Co <b>bold</b>",
                "kind": "organization",
                "aliases": ["the 𝔘𝔫𝔦𝔬𝔫"],
                "evidence": [_ev("Union of Pipes | Co said it will not sign", 1)],
            },
            {
                "id": "ministry",
                "name": "Ministry",
                "kind": "state",
                "role": "mediator",
                "representatives": [
                    {
                        "name": "Ana Ruiz",
                        "title": 'Minister" onmouseover="window.__pwned=5',
                        # Near miss: accepted as a fuzzy match.
                        "evidence": [_ev("Minister Ana Ruiz said We reject", 2)],
                    }
                ],
                "evidence": [_ev("Union and Ministry will meet again", 3)],
            },
        ],
        "issues": [
            {"id": "tariffs", "label": "Tariffs | duties", "evidence": [_ev("unless tariffs fall", 1)]},
            {"id": "cap", "label": "A <i>cap</i> | limit", "evidence": [_ev("any</b> cap", 2)]},
        ],
        "positions": [
            {
                "party": "union",
                "issue": "tariffs",
                "stance": "opposes",
                "summary": INJECTION + "\nsecond | line",
                "shift": {"previous_stance": "supports", "evidence": [_ev("it will not sign", 1)]},
                # Nested inside the party's evidence, and overlapping the issue's.
                "evidence": [_ev("will not sign the deal [x](javascript:alert(1)) unless tariffs", 1)],
            },
            {
                "party": "ministry",
                "issue": "tariffs",
                "stance": "opposes",
                "summary": "Rejects any cap.",
                "evidence": [_ev('We reject <b>any</b> cap" onmouseover="window.__pwned=2"', 2)],
            },
        ],
        "demands": [
            {
                "party": "union",
                "addressee": "ministry",
                "issue": "tariffs",
                "what": "Lower tariffs | now ![img](http://127.0.0.1:9/x.png)",
                "responses": [
                    {"party": "ministry", "response": "rejected", "evidence": [_ev("We reject", 2)]}
                ],
                "evidence": [_ev("said it will not sign", 1)],
            }
        ],
        "proposals": [
            {
                "proposers": ["union", "ministry"],
                "issues": ["tariffs", "cap"],
                "terms": "Meet | again <b>soon</b>",
                "status": "pending",
                "evidence": [_ev("will meet again next week", 3)],
            }
        ],
        "agreements": [
            {
                "parties": ["union", "ministry"],
                "issues": ["tariffs"],
                "terms": "Talk <script>window.__pwned=6</script> | again",
                "status": "agreed_in_principle",
                "evidence": [_ev("Union and the Ministry will meet", 3)],
            }
        ],
        "sticking_points": [
            {
                "issue": "cap",
                "parties": ["ministry"],
                "why": "The *cap* | [y](javascript:alert(1))",
                "resolved": True,
                "evidence": [_ev("the 𝔘𝔫𝔦𝔬𝔫 wants more", 2)],
            }
        ],
        "statements": [
            {
                "speaker": "Ana Ruiz",
                "speaker_title": "Minister",
                "party": "ministry",
                "venue": "<i>Geneva</i>",
                "reported_by": None,
                "kind": "direct",
                "tone": "pessimistic",
                "evidence": [_ev("<script>window.__pwned=1;alert(1)</script>", 0)],
            }
        ],
        "next_steps": [
            {
                "event": "Another round | of talks",
                "when": "next week",
                "likelihood": "expected",
                "parties": ["union", "ministry"],
                "evidence": [_ev("The 🇪🇺 Union and the Ministry will meet again next week", 3)],
            }
        ],
        "outlook": {
            "tone": "pessimistic",
            "summary": "No deal soon.",
            "evidence": [_ev("Talks 🤝 resume in Geneva", 0)],
        },
    }
    return NegotiationSummary.model_validate(data, context=evidence_context(article))


def result_for(summary: NegotiationSummary, article: Article, **settings: Any) -> SummaryResult:
    """A result as the library would return it for ``summary`` over ``article``."""
    return SummaryResult(
        summary=summary,
        provenance=Provenance(
            backend="offline",
            model=None,
            base_url_host=None,
            prompt_version="test",
            schema_version="1",
            segmenter_version="test",
            library_version="0.0.test",
            article_sha256=article.sha256,
            settings={"backend": "offline", **settings},
        ),
        usage=Usage(calls=2, prompt_tokens=1000, completion_tokens=234, total_tokens=1234),
        source=article.source,
    )


def hostile() -> tuple[Article, SummaryResult]:
    """The hostile article and a result over it."""
    article = Article.from_text(HOSTILE_TEXT, source="in|put/<x>.txt")
    return article, result_for(hostile_summary(article), article)


def seed() -> tuple[Article, SummaryResult]:
    """The seed article and a result carrying its gold summary."""
    article, summary = load_gold(SEED)
    return article, result_for(summary, article)
