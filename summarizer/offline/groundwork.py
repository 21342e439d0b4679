"""What every summary item stands on: the article read by the rules (actors, issues, statements, acts, next
steps, tone), evidence spans, the parties worth listing with their ids, and the issues with their labels."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .actors import Actors, Mention, find_actors
from .acts import Acts, find_acts
from .attribution import StatementDraft, find_statements
from .cues import names_a_mediator
from .document import Doc
from .ids import mint_id
from .issues import IssueHit, NextStepDraft, find_issues, find_next_steps
from .lexicon import Lexicon
from .text import fold
from .tone import ToneHit, find_tone

__all__ = ["Groundwork", "Span"]

_DEMONYM = re.compile(r"(?:an|ian|ese|ish|i|ch)$")

Span = tuple[int, int, int]


class Groundwork:
    """The analysis of one article and the parties, issues and evidence every item refers to."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc, self.lexicon = doc, lexicon
        self.actors: Actors = find_actors(doc, lexicon)
        self.issue_hits: list[list[IssueHit]] = find_issues(doc, lexicon)
        self.statements: list[StatementDraft] = find_statements(doc, self.actors, lexicon)
        self.acts: Acts = find_acts(doc, self.actors, self.issue_hits)
        self.next_steps: list[NextStepDraft] = find_next_steps(doc)
        self.tone: list[ToneHit] = find_tone(doc)
        self.party_ids: dict[str, str] = {}
        self.by_party: dict[str, list[Mention]] = {}
        for sentence_mentions in self.actors.mentions:
            for mention in sentence_mentions:
                if mention.kind != "media":
                    self.by_party.setdefault(self.actors.party_of(mention), []).append(mention)
        self.issue_labels = {cue.id: cue.label for cue in lexicon.issues}
        self.mediator_ids: set[str] = set()

    # -- evidence -------------------------------------------------------------------------------------------
    def evidence(self, start: int, end: int) -> dict[str, Any]:
        """Evidence for exactly ``text[start:end]`` (trimmed), citing the sentences it spans."""
        start, end = self.doc.trim(start, end)
        first, last = self.doc.sentence_of(start), self.doc.sentence_of(max(start, end - 1))
        return {"sentence_ids": list(range(first, last + 1)), "quote": self.doc.text[start:end]}

    def window(self, sid: int, start: int, end: int, before: int = 3, after: int = 6) -> dict[str, Any]:
        """Evidence for ``text[start:end]`` widened by a few words on each side, inside its clause."""
        tokens = self.doc.sentences[sid].tokens
        inside = [k for k, t in enumerate(tokens) if t.start < end and t.end > start]
        if not inside:
            return self.evidence(start, end)
        a, b = inside[0], inside[-1] + 1
        while a > 0 and inside[0] - a < before and tokens[a - 1].text not in ',;:“”"()—–':
            a -= 1
        while b < len(tokens) and b - inside[-1] - 1 < after and tokens[b].text not in ',;:“”"()—–.':
            b += 1
        # Never start or end inside a written word such as "45-day" or "U.S.-led".
        while a > 0 and tokens[a - 1].end == tokens[a].start and tokens[a - 1].text not in '“"(':
            a -= 1
        while b < len(tokens) and tokens[b].start == tokens[b - 1].end and tokens[b].text not in ',;:”".)':
            b += 1
        return self.evidence(tokens[a].start, tokens[b - 1].end)

    def spans(self, spans: list[Span]) -> list[dict[str, Any]]:
        """Evidence for each (sentence, start, end) span, without duplicates."""
        out: list[dict[str, Any]] = []
        for _, start, end in spans:
            piece = self.evidence(start, end)
            if piece not in out and piece["quote"]:
                out.append(piece)
        return out

    # -- parties --------------------------------------------------------------------------------------------
    def choose_parties(self) -> list[str]:
        """The parties worth listing, in order of first mention; assigns their ids."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for sentence_mentions in self.actors.mentions:
            for mention in sentence_mentions:
                party = self.actors.party_of(mention)
                if not party or mention.kind == "media" or mention.locative:
                    continue
                counts[party] += 1
                first_seen.setdefault(party, mention.start)
        referenced = set(self._referenced())
        people = {p.party for p in self.actors.persons.values() if p.party}
        chosen = [p for p in counts if p in referenced or counts[p] >= 2 or p in people]
        chosen.sort(key=lambda p: first_seen[p])
        used: set[str] = set()
        for party in chosen:
            self.party_ids[party] = mint_id(self.party_name(party), used)
        return chosen

    def _referenced(self) -> list[str]:
        out = [s.party for s in self.statements if s.party]
        for proposal in self.acts.proposals:
            out += [proposal.proposer, *proposal.responses]
        for item in self.acts.demands + self.acts.concessions + self.acts.positions:
            out += [item.party] + ([item.other] if item.other else []) + list(item.responses)
        for agreement in self.acts.agreements:
            out += agreement.parties
        return out

    def party_name(self, party: str) -> str:
        """Display name of a party."""
        if party.startswith("@"):
            return self.actors.org_names.get(party) or self.lexicon.party_info(party).name
        return self.lexicon.party_info(party).name

    def party_entry(self, party: str) -> dict[str, Any]:
        """The schema entry of a party: aliases, representatives, evidence."""
        name = self.party_name(party)
        mentions = self.by_party.get(party, [])
        aliases: list[str] = []
        for mention in mentions:
            if mention.kind == "person" or mention.anaphor or mention.in_title:
                continue
            alias = re.sub(r"^(?:the|The)\s+", "", mention.surface)
            if alias.lower() == name.lower() or alias.lower() in (a.lower() for a in aliases):
                continue
            if _DEMONYM.search(alias) and not mention.possessive and mention.kind == "country":
                continue
            aliases.append(alias)
        representatives = [
            {
                "name": person.name,
                "title": person.title or person.dictionary_title,
                "evidence": [self._person_evidence(person.evidence)],
            }
            for person in self.actors.persons.values()
            if person.party == party
        ]
        first = next(
            (m for m in mentions if m.sid > 0 and m.kind != "person" and not m.locative and not m.anaphor),
            next((m for m in mentions if not m.locative and not m.anaphor), mentions[0]),
        )
        if party.startswith("@"):
            kind = self.actors.party_kinds.get(party, "organization")
        else:
            kind = self.lexicon.party_info(party).kind
        role = "mediator" if self.mediates(mentions) else "side"
        if role == "mediator":
            self.mediator_ids.add(self.party_ids[party])
        return {
            "id": self.party_ids[party],
            "name": name,
            "kind": kind if kind in ("state", "organization", "bloc", "person", "other") else "other",
            "role": role,
            "aliases": aliases,
            "representatives": representatives,
            "evidence": [self.window(first.sid, first.start, first.end)],
        }

    def mediates(self, mentions: list[Mention]) -> bool:
        """Whether the article calls the party a mediator ("mediated by X", "X, which mediates", ...)."""
        for mention in mentions:
            if mention.kind == "person" or mention.sid == 0:
                continue
            sentence = self.doc.sentences[mention.sid]
            before = fold(self.doc.text[max(sentence.start, mention.start - 60) : mention.start])
            after = fold(self.doc.text[mention.end : min(sentence.end, mention.end + 60)])
            if names_a_mediator(before, after):
                return True
        return False

    def _person_evidence(self, mention: Mention) -> dict[str, Any]:
        start = mention.title_start if mention.title_start is not None else mention.start
        if mention.title_start is None:
            return self.window(mention.sid, start, mention.end, before=2, after=3)
        return self.evidence(start, mention.end)

    # -- issues ---------------------------------------------------------------------------------------------
    def issue_entries(self, referenced: set[str]) -> list[dict[str, Any]]:
        """The issues named in the article (the fallback "agreement" only when used)."""
        order: list[str] = []
        hits_by_issue: dict[str, list[IssueHit]] = {}
        for hits in self.issue_hits:
            for hit in hits:
                if hit.issue == "agreement" and hit.issue not in referenced:
                    continue
                hits_by_issue.setdefault(hit.issue, []).append(hit)
                if hit.issue not in order:
                    order.append(hit.issue)
        entries = []
        for issue, (_, (sid, start, end)) in self.acts.phrase_issues.items():
            if issue in referenced and issue not in hits_by_issue:
                order.append(issue)
                hits_by_issue[issue] = [IssueHit(issue, sid, start, end)]
        for issue in order:
            chosen: list[IssueHit] = []
            for hit in hits_by_issue[issue]:
                if all(hit.sid != c.sid for c in chosen) and len(chosen) < 2 and hit.sid > 0:
                    chosen.append(hit)
            chosen = chosen or hits_by_issue[issue][:1]
            entries.append(
                {
                    "id": issue,
                    "label": self.issue_label(issue),
                    "evidence": [self.window(h.sid, h.start, h.end, before=2, after=4) for h in chosen],
                }
            )
        return entries

    # -- items ----------------------------------------------------------------------------------------------
    def pid(self, party: str | None) -> str | None:
        """The schema id of a party key, if the party is listed."""
        return self.party_ids.get(party) if party else None

    def issue_label(self, issue: str) -> str:
        """The label of an issue: the dictionary's, or the words of the phrase that named it."""
        if issue in self.acts.phrase_issues:
            label = self.acts.phrase_issues[issue][0]
            return label[:1].upper() + label[1:]
        return self.issue_labels.get(issue, issue)
