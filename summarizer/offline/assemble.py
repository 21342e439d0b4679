"""Putting the parts together into a validated, grounded :class:`NegotiationSummary`.

Every piece of evidence is an exact span of the article (sentence ids plus the words there), so the summary
passes the same validation as a model's answer, with ``match == "exact"`` throughout.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import ValidationError

from summarizer.article import Article
from summarizer.grounding import evidence_context, ground_leniently, locate
from summarizer.schema import ITEM_LISTS, NegotiationSummary, Statement

from .cues import says_settled
from .document import Doc
from .drafts import Item
from .groundwork import Groundwork
from .lexicon import Lexicon
from .prepare import parsed_docs
from .text import fold
from .tone import overall_tone

__all__ = ["assemble", "find_statement_items", "summarize_article"]

_NEGOTIATION_WORDS = re.compile(
    r"\b(?:talks|negotiat\w*|deal|agreement|proposals?|offers?|cease-?fire|truce|concessions?|demands?|bargain\w*|"
    r"mediat\w*|summit|accord|treaty|counter-?offers?|settlement|envoys?|diplomat\w*|tariffs?|sanctions|ultimatum|"
    r"compromise|impasse|deadlock|strike|contract|coalition|creditors?|bid)\b"
)
_STANCE_WORDS = {
    "supports": "supports",
    "opposes": "opposes",
    "conditional": "has a conditional position on",
    "undecided": "is undecided on",
}


class _Assembler(Groundwork):
    def positions(self) -> list[dict[str, Any]]:
        """One position per party and issue, stances combined."""
        grouped: dict[tuple[str, str], list[Item]] = {}
        for item in self.acts.positions:
            if self.pid(item.party):
                grouped.setdefault((item.party, item.issue), []).append(item)
        out = []
        for (party, issue), items in grouped.items():
            shifted = [i for i in items if i.previous is not None]
            stance = shifted[-1].kind if shifted else _combined_stance({i.kind for i in items})
            items = [i for i in items if i.kind != "pressure" and i.previous is None] or items
            spans = [span for item in items for span in item.spans]
            label = self.issue_label(issue).lower()
            summary = f"{self.party_name(party)} {_STANCE_WORDS[stance]} {label}: {items[0].text}"
            entry: dict[str, Any] = {
                "party": self.pid(party),
                "issue": issue,
                "stance": stance,
                "summary": _clip(summary),
                "evidence": self.spans(spans),
            }
            if shifted:
                entry["shift"] = {
                    "previous_stance": shifted[0].previous,
                    "evidence": self.spans([span for item in shifted for span in item.spans]),
                }
            out.append(entry)
        return out

    def simple_items(self, items: list[Item], other_field: str, text_field: str) -> list[dict[str, Any]]:
        """Demands or concessions as schema entries."""
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str, int]] = set()
        for item in items:
            key = (item.party, item.issue, item.spans[0][0])
            if not self.pid(item.party) or key in seen:
                continue
            seen.add(key)
            entry: dict[str, Any] = {
                "party": self.pid(item.party),
                other_field: self.pid(item.other),
                "issue": item.issue,
                text_field: _clip(item.text),
                "evidence": self.spans(item.spans),
            }
            if item.responses:
                entry["responses"] = [
                    {"party": self.pid(party), "response": response, "evidence": self.spans([span])}
                    for party, (response, span) in item.responses.items()
                    if self.pid(party)
                ]
            out.append(entry)
        return out

    def agreements(self) -> list[dict[str, Any]]:
        """Agreements the parties reached, the mediators left out of those bound by them."""
        out = []
        for draft in self.acts.agreements:
            parties = [self.pid(p) for p in draft.parties if self.pid(p)]
            bound = [p for p in parties if p not in self.mediator_ids] or parties
            if not bound:
                continue
            out.append(
                {
                    "parties": bound,
                    "issues": draft.issues,
                    "terms": _clip(draft.terms),
                    "status": draft.status,
                    "evidence": self.spans(draft.spans[:3]),
                }
            )
        return out

    def proposals(self) -> list[dict[str, Any]]:
        """Proposals with their responses and overall status."""
        out = []
        for proposal in self.acts.proposals:
            if not self.pid(proposal.proposer):
                continue
            responses = [
                {"party": self.pid(party), "response": response, "evidence": self.spans([span])}
                for party, (response, span) in proposal.responses.items()
                if self.pid(party)
            ]
            kinds = {r["response"] for r in responses}
            if proposal.withdrawn:
                status = "withdrawn"
            elif kinds == {"accepted"}:
                status = "accepted"
            elif kinds == {"rejected"}:
                status = "rejected"
            elif "accepted" in kinds and "rejected" in kinds:
                status = "mixed"
            else:
                status = "pending"
            out.append(
                {
                    "proposers": [self.pid(proposal.proposer)],
                    "issues": [proposal.issue],
                    "terms": _clip(proposal.terms),
                    "responses": responses,
                    "status": status,
                    "evidence": self.spans(proposal.spans[:2]),
                }
            )
        return out

    def sticking_points(self) -> list[dict[str, Any]]:
        """Sticking points, one per issue."""
        out: list[dict[str, Any]] = []
        for item in self.acts.sticking_points:
            parties = [self.pid(p) for p in (item.other or "").split(",") if self.pid(p)]
            merged = next((o for o in out if o["issue"] == item.issue), None)
            if merged is not None:
                merged["parties"] += [p for p in parties if p not in merged["parties"]]
                merged["evidence"] += [e for e in self.spans(item.spans) if e not in merged["evidence"]]
                continue
            out.append(
                {
                    "issue": item.issue,
                    "parties": parties,
                    "why": _clip(item.text),
                    "evidence": self.spans(item.spans),
                }
            )
        for point in out:
            sids = {sid for evidence in point["evidence"] for sid in evidence["sentence_ids"]}
            point["resolved"] = any(says_settled(fold(self.doc.sentences[sid].text)) for sid in sids)
        return out

    def statement_entries(self) -> list[dict[str, Any]]:
        """Statements as schema entries."""
        return [
            {
                "speaker": _clip(draft.speaker),
                "speaker_title": draft.title,
                "party": self.pid(draft.party),
                "venue": _plain(draft.venue),
                "reported_by": _plain(draft.reported_by),
                "kind": draft.kind,
                "tone": draft.tone,
                "evidence": self.spans([(0, a, b) for a, b in draft.spans]),
            }
            for draft in self.statements
            if draft.spans
        ]

    def next_step_entries(self) -> list[dict[str, Any]]:
        """Next steps as schema entries, with the parties named in their evidence."""
        out = []
        for step in self.next_steps:
            parties: list[str] = []
            for sid, _, _ in step.spans:
                for mention in self.actors.mentions[sid]:
                    party = self.pid(self.actors.party_of(mention))
                    if party and not mention.locative and mention.kind != "media" and party not in parties:
                        parties.append(party)
            first = step.spans[0]
            event = self.doc.snippet(first[1], first[2])
            out.append(
                {
                    "event": _clip(event[:1].upper() + event[1:]),
                    "when": step.when,
                    "likelihood": step.likelihood,
                    "parties": parties,
                    "evidence": self.spans(step.spans),
                }
            )
        return out

    def outlook(self) -> dict[str, Any] | None:
        """The overall tone and the cue words it rests on."""
        if not self.tone:
            return None
        tone = overall_tone(self.tone)
        positive = [h for h in self.tone if h.tone == "optimistic"][:2]
        negative = [h for h in self.tone if h.tone == "pessimistic"][:2]
        shown = positive + negative if tone == "mixed" else positive if tone == "optimistic" else negative
        words = ", ".join(f"“{self.doc.text[h.start : h.end]}”" for h in shown)
        summary = {
            "mixed": f"Signals point both ways: {words}.",
            "optimistic": f"The signals are mostly positive: {words}.",
            "pessimistic": f"The signals are mostly negative: {words}.",
            "neutral": "No clear signal either way.",
        }[tone]
        return {
            "tone": tone,
            "summary": _clip(summary),
            "evidence": [self.window(h.sid, h.start, h.end, before=3, after=3) for h in shown],
        }

    # -- the whole ------------------------------------------------------------------------------------------
    def is_negotiation(self, parties: list[str]) -> bool:
        """Whether the article is about a negotiation: parties, vocabulary and acts."""
        words = len(_NEGOTIATION_WORDS.findall(fold(self.doc.text)))
        substance = self.acts.count + len(self.acts.proposals) + len(self.statements)
        if len(parties) >= 2:
            return words >= 3 and substance >= 2
        return len(parties) == 1 and words >= 4 and substance >= 3  # the other side may go unnamed

    def build(self) -> dict[str, Any]:
        """The whole summary as plain data."""
        headline = _clip(self.doc.article.headline)  # a one-line article's first segment may be long
        parties = self.choose_parties()
        if not self.is_negotiation(parties):
            return {"headline": headline, "abstract": _one_line(self.doc), "is_negotiation": False}
        summary: dict[str, Any] = {
            "headline": headline,
            "is_negotiation": True,
            "parties": [self.party_entry(p) for p in parties],
            "positions": self.positions(),
            "demands": self.simple_items(self.acts.demands, "addressee", "what"),
            "concessions": self.simple_items(self.acts.concessions, "beneficiary", "what"),
            "proposals": self.proposals(),
            "agreements": self.agreements(),
            "sticking_points": self.sticking_points(),
            "statements": self.statement_entries(),
            "next_steps": self.next_step_entries(),
            "outlook": self.outlook(),
        }
        singles = ("positions", "demands", "concessions", "sticking_points")
        referenced = {i["issue"] for name in singles for i in summary[name]}
        referenced |= {issue for proposal in summary["proposals"] for issue in proposal["issues"]}
        referenced |= {issue for agreement in summary["agreements"] for issue in agreement["issues"]}
        summary["issues"] = self.issue_entries(referenced)
        declared = {i["id"] for i in summary["issues"]}
        for name in singles:
            summary[name] = [i for i in summary[name] if i["issue"] in declared]
        summary["proposals"] = [p for p in summary["proposals"] if set(p["issues"]) <= declared]
        for agreement in summary["agreements"]:
            agreement["issues"] = [i for i in agreement["issues"] if i in declared]
        summary["abstract"] = self.abstract(summary)
        return summary

    def abstract(self, summary: dict[str, Any]) -> str:
        """Two to four neutral sentences written from the extracted items."""
        names = {p["id"]: p["name"] for p in summary["parties"]}
        labels = {i["id"]: i["label"].lower() for i in summary["issues"]}
        weight = Counter(
            issue
            for name, field in _ISSUE_FIELDS
            for item in summary[name]
            for issue in (item[field] if isinstance(item[field], list) else [item[field]])
            if issue
        )
        mentions = Counter(issue for hits in self.issue_hits for issue in {h.issue for h in hits})
        # the issues the items are most about, then the most discussed: not a topic mentioned once in passing
        main = sorted(labels, key=lambda issue: (-weight[issue], -mentions[issue]))[:3]
        sentences = [
            f"Negotiations involving {_join(list(names.values())[:4])}"
            + (f" over {_join([labels[issue] for issue in main])}." if labels else ".")
        ]
        for proposal in summary["proposals"][:1]:
            answers = [f"{names[r['party']]} {r['response']} it" for r in proposal["responses"]]
            terms = _PROPOSAL_LEAD.sub("", proposal["terms"]) or proposal["terms"]
            sentences.append(
                f"{_join([names[p] for p in proposal['proposers']])} proposed {terms}"
                + (f"; {_join(answers)}." if answers else ".")
            )
        unresolved = [p for p in summary["sticking_points"] if not p["resolved"]]
        if unresolved:
            points = _join([labels.get(p["issue"], p["issue"]) for p in unresolved[:3]])
            sentences.append(f"Unresolved: {points}.")
        if summary["next_steps"]:
            step = summary["next_steps"][0]
            shown = step["when"] and step["when"].lower() not in step["event"].lower()
            when = f" ({step['when']})" if shown else ""
            sentences.append(f"Next, {step['likelihood']}: {step['event'].rstrip('.')}{when}.")
        return " ".join(sentences[:4])[:1200]


_ISSUE_FIELDS = tuple(
    (entry.name, path)
    for entry in ITEM_LISTS
    for path, kind in entry.refs
    if kind == "issue" and "[]" not in path
)
"""The item fields that name the issue (or issues) an item is about, from the schema's table."""
# "the US proposal of a 30-day ceasefire": after "X proposed", what was proposed is what follows "of"
_PROPOSAL_LEAD = re.compile(
    r"^(?:the|a|an|its|their|his|her)\s+(?:[\w.'’-]+\s+){0,3}?"
    r"(?:proposal|plan|offer|initiative|proposition)s?\s+(?:of|for|to)\s+",
    re.IGNORECASE,
)


def _combined_stance(stances: set[str]) -> str:
    if stances == {"pressure"}:
        return "conditional"
    stances = stances - {"pressure"} if len(stances) > 1 else stances
    if len(stances) == 1:
        return next(iter(stances))
    if "conditional" in stances or ("supports" in stances and "opposes" in stances):
        return "conditional"
    if "opposes" in stances:
        return "conditional" if "undecided" in stances else "opposes"
    return "supports" if "supports" in stances else "undecided"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _clip(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _plain(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.replace("’", "'").replace("‘", "'").split()) or None


def _one_line(doc: Doc) -> str:
    body = next((s.text for s in doc.sentences[1:] if len(s.text.split()) >= 6), doc.article.headline)
    return _clip(body, 400)


def summarize_article(article: Article | Doc, lexicon: Lexicon) -> dict[str, Any]:
    """The summary of ``article`` (or of its parsed document) as plain data, before validation."""
    doc = article if isinstance(article, Doc) else parsed_docs([article], lexicon)[0]
    return _Assembler(doc, lexicon).build()


def find_statement_items(article: Article | Doc, lexicon: Lexicon) -> list[Statement]:
    """Every attributed statement of ``article`` as grounded schema items, negotiation or not."""
    doc = article if isinstance(article, Doc) else parsed_docs([article], lexicon)[0]
    article = doc.article
    assembler = _Assembler(doc, lexicon)
    assembler.choose_parties()
    out = []
    for entry in assembler.statement_entries():
        grounded = []
        for piece in entry["evidence"]:
            found = locate(article, piece["sentence_ids"], piece["quote"])
            if not isinstance(found, str):  # a bare cue ("He said") is no evidence
                grounded.append(piece | {"start": found.start, "end": found.end, "match": found.match})
        if grounded:
            out.append(Statement.model_validate(entry | {"evidence": grounded}))
    return out


def assemble(article: Article | Doc, lexicon: Lexicon) -> NegotiationSummary:
    """The validated, grounded summary of ``article`` (or of its parsed document).

    A party name the rules mapped wrongly (one the article never uses) would fail the free-text check; the
    items that say it are dropped, as lenient mode drops them, rather than failing the whole article.
    """
    data = summarize_article(article, lexicon)
    source = article.article if isinstance(article, Doc) else article
    try:
        return NegotiationSummary.model_validate(data, context=evidence_context(source))
    except ValidationError:
        return ground_leniently(NegotiationSummary.model_validate(data), source)[0]
