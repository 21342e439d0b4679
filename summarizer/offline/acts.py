"""What the parties do: proposals and the answers to them, demands, concessions, threats and pressure,
positions and sticking points, from cue lexicons in the spirit of the CAMEO verb codes (03 intend to
cooperate, 05 agree, 08 yield, 10 demand, 12 reject, 13 threaten, 17 coerce).

Each cue is read in its clause: the actor before an active verb or after "by" in the passive ("was rejected by
Putin") is the agent; "did not accept" turns an acceptance into a rejection.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .actors import Actors, Mention
from .clause_acts import GIVING_GROUND, ClauseReader
from .clauses import is_answered, read_clauses
from .cue_syntax import carries_stance, is_given, is_noun, named_subject, subjectless_participle
from .document import Doc, SentenceView
from .drafts import Acts, AgreementDraft, Item, ProposalDraft
from .issues import IssueHit
from .pipeline import is_verb
from .speakers import subject_of
from .words import patterns

if TYPE_CHECKING:
    from spacy.tokens import Token as SpacyToken

__all__ = ["Acts", "AgreementDraft", "Item", "ProposalDraft", "find_acts"]

_ACT_KINDS = (
    "accept",
    "reject",
    "consider",
    "propose",
    "demand",
    "concede",
    "threat",
    "support",
    "oppose",
    "shift",
)


def _alternatives(section: str) -> str:
    return "|".join(patterns("acts.txt", section))


_CUES = re.compile(
    r"\b(?=[a-z])(?:" + "|".join(rf"(?P<{name}>\b(?:{_alternatives(name)})\b)" for name in _ACT_KINDS) + ")"
)
_STICKING = re.compile(rf"\b(?=[a-z])(?:{_alternatives('sticking')})\b")
_PROPOSAL_NOUN = re.compile(
    r"\b(?:counter-?)?(?:proposals?|plans?|offers?|initiatives?|framework|roadmap|blueprint|package|idea|terms|deal)\b"
)
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer|\brefused to|\bfailed to|\bcannot)\s+(?:\w+\s+){0,1}$"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|is|are|being|be)\s+(?:\w+ly\s+)?$")
_CONDITION = re.compile(
    r"\b(?:if|only if|provided|on condition|as long as|conditional on|subject to|in exchange for|"
    r"in return for|unless)\b"
)
_TIME_LEAD = re.compile(
    r"^\s*(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)\w*\s+",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|they)\s+(?:\w+\s+){0,2}$")
_APPOSITION = re.compile(r",\s+((?:a|an)\s+[^,;]+?),")
_OF_PHRASE = re.compile(r"\s+(?:of|for|to|on|that would)\s+([^,;]+)")
_NP_HEAD = re.compile(r"\b(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){0,3}$")
_NOUN_LEAD = re.compile(
    r"(?:\b(?:a|an|the|this|that|its|their|his|her|our|new|revised|latest|final|improved|first|second|"
    r"third|pay|wage|counter|best|formal|written|fresh|initial|peace|\w+'s?)|')\s+$"
)
_VERB_KINDS = frozenset({"accept", "reject", "consider", "propose"})
"""Cue kinds that are acts only as verbs: as nouns they are read with the verb that governs them."""
_CONTEXT_REACH = 2
"""How many sentences back an act without an issue of its own looks for one."""
_BY_FROM = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?")


class _Reader(ClauseReader):
    def __init__(self, doc: Doc, actors: Actors, issues: list[list[IssueHit]]) -> None:
        self.doc, self.actors, self.issues = doc, actors, issues
        self.acts = Acts()
        self.last_issue: str | None = None
        self.context_issue: tuple[int, str] | None = None

    def sentence(self, s: SentenceView) -> None:
        """Read one sentence for acts and sticking points."""
        if s.id == 0:
            return  # the headline restates what the body reports
        folded = s.folded
        seen: set[tuple[str, int]] = set()
        clauses = [
            c for c in read_clauses(self.doc, s, self.actors) if not self._quoted(s, c.verb_start - s.start)
        ]
        read = {c.verb_start - s.start for c in clauses}
        for match in _CUES.finditer(folded):
            kind = match.lastgroup
            if kind is None or self._quoted(s, match.start()) or match.start() in read:
                continue
            word = self._word_at(s, match.start())
            if kind in _VERB_KINDS and is_noun(word):
                self.acts.count += 1  # still a word of bargaining (is the article about a negotiation?)
                continue  # "an enticing offer": the verb that governs the noun tells what was done
            if kind in ("support", "oppose") and not carries_stance(word):
                continue  # "dial back", "give no support to": a particle, or a noun nobody's stance owns
            if kind == "demand" and is_noun(word) and is_answered(word):
                self.acts.count += 1
                continue  # "the union rejected the demand": an answer, read with its verb, not a demand
            if kind == "concede" and is_noun(word) and not is_given(word):
                self.acts.count += 1
                continue  # "hope to gain concessions", "not on board with the compromise": nothing given
            while clauses and clauses[0].verb_start - s.start < match.start():
                self._read_clause(s, clauses.pop(0))
            clause = self._clause_start(s, match.start())
            if (kind, clause) in seen and kind not in ("accept", "reject", "propose"):
                continue  # one demand, threat or stance a clause: the rest restate it
            seen.add((kind, clause))
            self._cue(s, folded, kind, match.start(), match.end())
        for remaining in clauses:
            self._read_clause(s, remaining)
        sticking = _STICKING.search(folded)
        if sticking is not None and not self._quoted(s, sticking.start()):
            self._sticking(s, folded, sticking.start(), sticking.end())
        if self.issues[s.id]:
            self.last_issue = self.issues[s.id][-1].issue
            self.context_issue = (s.id, self._main_issue(s.id))
        elif _crosshead(s):
            self.context_issue = None  # a crosshead opens a new topic

    def _main_issue(self, sid: int) -> str:
        """The issue a sentence is mostly about: its most frequent specific issue, the first on a tie."""
        hits = [h.issue for h in self.issues[sid] if h.issue != "agreement"] or [self.issues[sid][0].issue]
        return max(hits, key=lambda issue: (hits.count(issue), -hits.index(issue)))

    def _context_issue(self, s: SentenceView) -> str | None:
        """The issue of the sentence just before (two at most): an act whose own sentence names none is
        usually about what the previous sentence discussed ("The union wants it settled by June.")."""
        if self.context_issue is None or s.id - self.context_issue[0] > _CONTEXT_REACH:
            return None
        return self.context_issue[1]

    def _word_at(self, s: SentenceView, offset: int) -> SpacyToken | None:
        """The parsed token starting at ``offset`` of sentence ``s``; None when the sentence is unparsed."""
        parsed = self.doc.parse_of(s.id)
        return next((t for t in parsed if t.idx == offset), None) if parsed is not None else None

    def _quoted(self, s: SentenceView, offset: int) -> bool:
        quotation = self.doc.quotation_at(s.start + offset)
        return quotation is not None and quotation.words >= 4

    # -- one cue --------------------------------------------------------------------------------------------
    def _cue(self, s: SentenceView, folded: str, kind: str, start: int, end: int) -> None:
        before = folded[max(0, start - 40) : start]
        passive = bool(_PASSIVE_BEFORE.search(before)) and folded[end : end + 4] == " by "
        agent = self._agent(s, start, end, passive)
        if _NEGATED.search(before):
            kind = {
                "accept": "reject",
                "reject": "consider",
                "support": "oppose",
                "propose": "",
                "demand": "",
            }.get(kind, kind)
        if not kind:
            return
        issue = self._issue(s, start, end) or self._context_issue(s)
        span = self._clause(s, folded, start, end)
        self.acts.count += 1
        if kind == "propose":
            if _NOUN_LEAD.search(before):
                return  # "a revised pay offer": the noun, read with the verb that governs it
            if passive:
                agent = self._agent(s, start, end, True)
            if issue is None and self.acts.proposals and _PROPOSAL_NOUN.search(folded, 0, start):
                issue = self.acts.proposals[-1].issue  # "The offer, ..., was tabled by ..."
            if agent and issue:
                self._proposal(s, folded, agent, issue, start, end, span, explicit_proposer=True)
            return
        if kind in ("accept", "reject", "consider"):
            response = {"accept": "accepted", "reject": "rejected", "consider": "considering"}[kind]
            if response == "accepted" and _CONDITION.search(folded[end : end + 120]):
                response = "conditional"
            self._response(s, folded, agent, issue, response, start, end, span, passive)
            return
        if kind == "shift":
            # "a turnaround for the company": whose; "That is a shift from January": the party just acting
            after_party = self._other(s, end - 4, "") if folded[end - 4 : end] in (" for", "  of") else None
            agent = after_party or agent or self._recent_party(s.id)
        if not agent or not issue:
            return
        if kind == "demand":
            other = self._other(s, end, agent)
            self.acts.demands.append(Item("demand", agent, other, issue, [span], self._text(span)))
            self._position(agent, issue, "supports", span)
        elif kind == "concede":
            other = self._other(s, end, agent)
            self.acts.concessions.append(Item("concession", agent, other, issue, [span], self._text(span)))
        elif kind == "threat":
            self._position(agent, issue, "pressure", span)
        elif kind == "support":
            self._position(agent, issue, "supports", span)
        elif kind == "oppose":
            self._position(agent, issue, "opposes", span)
        elif kind == "shift":
            before, after = GIVING_GROUND
            shifted = Item(after, agent, None, issue, [span], self._text(span), previous=before)
            self.acts.positions.append(shifted)

    def _response(
        self,
        s: SentenceView,
        folded: str,
        agent: str,
        issue: str | None,
        response: str,
        start: int,
        end: int,
        span: tuple[int, int, int],
        passive: bool,
    ) -> None:
        noun = _nearest_proposal_noun(folded, start, end, passive)
        proposal = None
        if noun is not None:
            proposal = self._proposal(
                s, folded, "", issue or "", noun[0], noun[1], span, explicit_proposer=False
            )
        elif response == "considering" and issue:
            proposal = self._latest(issue)
        if proposal is not None:
            issue = proposal.issue
        if not agent or not issue or (response == "considering" and proposal is None and noun is None):
            return
        stance = {"accepted": "supports", "rejected": "opposes", "considering": "undecided"}.get(
            response, "conditional"
        )
        self._position(agent, issue, stance, span)
        if proposal is None or agent == proposal.proposer:
            return
        known = proposal.responses.get(agent)
        if known is None or (known[0] == "considering" and response != "considering"):
            proposal.responses[agent] = (response, span)
        if response == "accepted":
            self.acts.concessions.append(
                Item("concession", agent, proposal.proposer, issue, [span], self._text(span))
            )

    def _proposal(
        self,
        s: SentenceView,
        folded: str,
        proposer: str,
        issue: str,
        start: int,
        end: int,
        span: tuple[int, int, int],
        *,
        explicit_proposer: bool,
        terms: str = "",
    ) -> ProposalDraft | None:
        owner = proposer if explicit_proposer else self._owner(s, folded, start, end)
        if not owner:
            by = re.search(r"\b(?:tabled|proposed|put forward|offered|made|presented|floated) by\b", folded)
            owner = self._agent(s, by.start(), by.end() - 3, True) if by else ""
        anaphoric = re.search(
            r"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?$",  # "the proposal", "the revised plan"
            folded[max(0, start - 20) : start],
        )
        if not owner and anaphoric and self.acts.proposals:
            latest = self.acts.proposals[-1]
            if span not in latest.spans:
                latest.spans.append(span)
            return latest
        issue = issue or self._issue(s, start, end) or (self.last_issue if anaphoric else "") or ""
        if not owner or not issue:
            return None
        terms = terms or self._terms(s, folded, start, end).strip() or self._text(span)
        for known in self.acts.proposals:
            if known.proposer == owner and known.issue == issue:
                if span not in known.spans:
                    known.spans.append(span)
                if _specific(terms) and not _specific(known.terms):
                    known.terms = terms
                return known
        draft = ProposalDraft(owner, issue, terms, [span])
        self.acts.proposals.append(draft)
        self._position(owner, issue, "supports", span)
        return draft

    def _latest(self, issue: str) -> ProposalDraft | None:
        return next((p for p in reversed(self.acts.proposals) if p.issue == issue), None)

    def _terms(self, s: SentenceView, folded: str, start: int, end: int) -> str:
        """What is proposed: an apposition or "of/for" phrase of the proposal noun, or the verb's object."""
        if not _PROPOSAL_NOUN.fullmatch(folded, start, end):
            nouns = list(_PROPOSAL_NOUN.finditer(folded, max(0, start - 100), start))
            after = _PROPOSAL_NOUN.search(folded, end, min(len(folded), end + 60))
            if _PASSIVE_BEFORE.search(folded[max(0, start - 40) : start]) and nouns:
                start, end = nouns[-1].span()
            elif after is not None:
                start, end = after.span()
            else:
                return _words(_TIME_LEAD.sub("", s.text[end:]), 14)
        apposition = _APPOSITION.match(folded, end)
        if apposition is not None:
            return _words(s.text[apposition.start(1) : apposition.end(1)], 16)
        phrase = _OF_PHRASE.match(folded, end)
        if phrase is not None:
            return _words(s.text[phrase.start(1) : phrase.end(1)], 14)
        head = _NP_HEAD.search(folded, max(0, start - 40), start)
        return s.text[head.start() if head else start : end]

    # -- agents, owners, other parties ----------------------------------------------------------------------
    def _agent(self, s: SentenceView, start: int, end: int, passive: bool) -> str:
        parsed = self._parsed_agent(s, start)
        if parsed is not None:
            return parsed
        mentions = [m for m in self.actors.mentions[s.id] if m.kind != "media" and not m.locative]
        if passive:
            after = [m for m in mentions if m.start >= s.start + end]
            if after and after[0].start - (s.start + end) <= 12:
                return self.actors.party_of(after[0])
            return ""
        clause_start = self._clause_start(s, start)
        if _PRONOUN_SUBJECT.search(s.folded[max(0, clause_start - s.start) : start]):
            # "..., and it has asked for": the subject of the sentence, or of the one before
            for sid in (s.id, s.id - 1):
                first = self._subject(sid, s.start + start if sid == s.id else None)
                if first:
                    return first
        before = [m for m in mentions if clause_start <= m.start and m.end <= s.start + start]
        for mention in reversed(before):
            party = self.actors.party_of(mention)
            if party and not _is_object_of_preposition(s, mention):
                return party
        return ""

    def _parsed_agent(self, s: SentenceView, start: int) -> str | None:
        """The party of the cue verb's subject (or passive agent) in the parse; None to fall back to word
        order (no parse, the cue is no verb, or its subject names no party)."""
        if self.doc.parse_of(s.id) is None:
            return None
        verb = self._word_at(s, start)
        verb = verb if verb is not None and is_verb(verb) else None
        head = subject_of(verb) if verb is not None else None
        if head is None:
            if verb is not None and subjectless_participle(verb):
                return ""  # whose act it is, is not said here
            return None
        named_by_clause = False
        if verb is not None and head.tag_ == "PRP":
            # "The Greens said they would back it": the pronoun stands for the subject of the verb above
            above = next((a for a in verb.ancestors if named_subject(a) is not None), None)
            if above is not None:
                head, named_by_clause = named_subject(above), True
        assert head is not None
        offset = s.start + head.idx
        mention = self.actors.covering(s.id, offset)
        if mention is None and named_by_clause:
            # "A spokesman for Norway said it would ...": the party named inside the speaker's phrase
            inside = (self.actors.covering(s.id, s.start + t.idx) for t in head.subtree)
            mention = next((m for m in inside if m is not None), None)
        if mention is None or mention.kind == "media" or mention.locative:
            return "" if named_by_clause else None  # a speaker who is no party: not the last party named
        return self.actors.party_of(mention) or None

    def _subject(self, sid: int, limit: int | None) -> str:
        """The party of the first actor named in sentence ``sid`` (before ``limit``), if any."""
        if sid < 1:
            return ""
        for mention in self.actors.mentions[sid]:
            if limit is not None and mention.start >= limit:
                break
            party = self.actors.party_of(mention)
            if party and mention.kind not in ("media", "person") and not mention.locative:
                return party
        return ""

    def _owner(self, s: SentenceView, folded: str, start: int, end: int) -> str:
        """The proposer named with a proposal noun: "the US proposal", "Washington's plan", "offer from X"."""
        for mention in self.actors.mentions[s.id]:
            gap = s.start + start - mention.end
            if 0 <= gap <= 12 and mention.kind != "media" and (mention.possessive or gap <= 2):
                party = self.actors.party_of(mention)
                if party:
                    return party
        tail = _BY_FROM.match(folded, end)
        if tail is not None:
            for mention in self.actors.mentions[s.id]:
                if mention.start == s.start + tail.end():
                    return self.actors.party_of(mention)
        return ""

    def _other(self, s: SentenceView, end: int, agent: str) -> str | None:
        for mention in self.actors.mentions[s.id]:
            addressed = not mention.locative or (mention.i > 0 and s.norms[mention.i - 1] in ("from", "to"))
            if mention.start >= s.start + end and mention.kind != "media" and addressed:
                party = self.actors.party_of(mention)
                if party and party != agent:
                    return party
        return None

    def _clause_start(self, s: SentenceView, start: int) -> int:
        text = s.text[:start]
        cut = max(text.rfind(";"), text.rfind(", but "), text.rfind(" but "), text.rfind(", while "))
        return s.start + (cut + 1 if cut >= 0 else 0)

    def _clause(self, s: SentenceView, folded: str, start: int, end: int) -> tuple[int, int, int]:
        left = self._clause_start(s, start) - s.start
        right = len(s.text)
        for marker in (";", ", but ", " but ", ", while ", ", according to", ", which "):
            at = folded.find(marker, end)
            if 0 <= at < right:
                right = at
        a, b = self.doc.trim(s.start + left, s.start + right)
        return s.id, a, b

    def _text(self, span: tuple[int, int, int]) -> str:
        return self.doc.text[span[1] : span[2]]

    def _issue(self, s: SentenceView, start: int, end: int) -> str | None:
        hits = [h for h in self.issues[s.id] if h.issue != "agreement"] or self.issues[s.id]
        if not hits:
            return None
        centre = s.start + (start + end) // 2
        return min(
            hits, key=lambda h: abs(h.start - centre) + (0 if h.start >= s.start + start else 25)
        ).issue

    def _recent_party(self, sid: int) -> str:
        """The party of the latest position taken in this sentence or the one before ('' if none)."""
        for item in reversed(self.acts.positions):
            if sid - item.spans[-1][0] <= 1:
                return item.party
            break
        return ""

    def _position(self, party: str, issue: str, stance: str, span: tuple[int, int, int]) -> None:
        self.acts.positions.append(Item(stance, party, None, issue, [span], self._text(span)))

    # -- sticking points ------------------------------------------------------------------------------------
    def _sticking(self, s: SentenceView, folded: str, start: int, end: int) -> None:
        issue = self._issue(s, start, end)
        if issue is None:
            latest = self.acts.proposals[-1] if self.acts.proposals else None
            issue = latest.issue if latest is not None and "reject" in folded else self.last_issue
        if issue is None:
            return
        parties: list[str] = []
        for mention in self.actors.mentions[s.id]:
            party = self.actors.party_of(mention)
            usable = party and mention.kind != "media" and not mention.locative and not mention.adjective
            if usable and party not in parties:
                parties.append(party)
        for proposal in self.acts.proposals:
            if proposal.issue == issue and (s.id, *proposal.spans[-1][1:]) == proposal.spans[-1]:
                for party in (proposal.proposer, *proposal.responses):
                    if party not in parties:
                        parties.append(party)
        span = self._clause(s, folded, start, end)
        self.acts.sticking_points.append(
            Item("sticking", parties[0] if parties else "", None, issue, [span], self._text(span))
        )
        self.acts.sticking_points[-1].other = ",".join(parties)


def _crosshead(s: SentenceView) -> bool:
    return not s.text.rstrip("”’\"' ").endswith((".", "!", "?", ":"))


def _words(text: str, limit: int) -> str:
    """The first ``limit`` words of ``text`` up to the end of its clause."""
    clause = re.split(r"[,;.:]\s", text.strip(), maxsplit=1)[0].rstrip(".")
    return " ".join(clause.split()[:limit])


def _specific(terms: str) -> bool:
    return any(char.isdigit() for char in terms)


def _is_object_of_preposition(s: SentenceView, mention: Mention) -> bool:
    i = mention.i - 1
    if i >= 0 and s.norms[i] == "the":
        i -= 1
    return i >= 0 and s.norms[i] in ("with", "to", "for", "against", "between", "of", "on", "from", "about")


def _nearest_proposal_noun(folded: str, start: int, end: int, passive: bool) -> tuple[int, int] | None:
    after = _PROPOSAL_NOUN.search(folded, end, min(len(folded), end + 60))
    before = None
    for match in _PROPOSAL_NOUN.finditer(folded, max(0, start - 60), start):
        before = match
    first, second = (before, after) if passive else (after, before)
    chosen = first or second
    return (chosen.start(), chosen.end()) if chosen is not None else None


def find_acts(doc: Doc, actors: Actors, issues: list[list[IssueHit]]) -> Acts:
    """Read every sentence for acts."""
    reader = _Reader(doc, actors, issues)
    for sentence in doc.sentences:
        reader.sentence(sentence)
    reader.resolve_sides()
    return reader.acts
