"""Acts from parsed clauses: proposals, answers linked to the plan or demand they answer, demands,
concessions, agreements and changes of position, each filed under the issue its object names.

A clause (:mod:`.clauses`) gives the act verb's kind, actor, object and negation; this module decides what
the act is about. An answer goes to the plan or demand its object names: the one its owner made ("Arvenna's
plan"), else the latest one on the object's issue, else the latest one another party made ("rejected the
proposal", "accepted it"). An issue is the dictionary's where the object holds one of its keywords, else the
object's own noun phrase ("its demand for a veto over new dams": new dams).
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.schema import slugify

from .actors import Actors
from .clauses import Clause, is_act_verb, noun_kind
from .document import Doc, SentenceView
from .drafts import Acts, AgreementDraft, Item, ProposalDraft, Span
from .issues import IssueHit
from .words import patterns, word_list

__all__ = ["GIVING_GROUND", "ClauseReader"]

_IN_FORCE = re.compile(r"\b(?:" + "|".join(patterns("acts.txt", "status.in_force")) + r")\b")
_IN_PRINCIPLE = re.compile(r"\b(?:" + "|".join(patterns("acts.txt", "status.in_principle")) + r")\b")
_NEEDS_DEAL = frozenset(
    {"reach", "sign", "conclude", "seal", "strike", "clinch", "finalise", "finalize", "initial"}
)
"""Agreement verbs that make a deal only with a word for a deal as object ("reached a deal")."""
_SIGNING = frozenset({"sign", "initial"})
_ANAPHORS = frozenset({"it", "this", "that", "them", "these", "those"})
_PARTICLE_SHIFTS = word_list("acts.txt", "verbs.shift")
_LABEL_STOP = frozenset(
    {"the", "a", "an", "of", "for", "and", "on", "to", "in", "with", "over", "about", "by"}
)
_RESPONSE = {"accept": "accepted", "reject": "rejected", "consider": "considering"}
_NEGATED_RESPONSE = {"accepted": "rejected", "rejected": "considering", "considering": ""}
GIVING_GROUND = ("opposes", "conditional")
"""A change of position the article flags as giving ground: the stance before and after (the usual reading
of "dropped its demand", "no longer insists", "softened its stance")."""


class ClauseReader:
    """The part of the act reader that reads parsed clauses (mixed into the reader of :mod:`.acts`)."""

    doc: Doc
    actors: Actors
    issues: list[list[IssueHit]]
    acts: Acts

    # -- provided by the reader -----------------------------------------------------------------------------
    def _agent(self, s: SentenceView, start: int, end: int, passive: bool) -> str:
        raise NotImplementedError

    def _issue(self, s: SentenceView, start: int, end: int) -> str | None:
        raise NotImplementedError

    def _context_issue(self, s: SentenceView) -> str | None:
        raise NotImplementedError

    def _clause(self, s: SentenceView, folded: str, start: int, end: int) -> Span:
        raise NotImplementedError

    def _text(self, span: Span) -> str:
        raise NotImplementedError

    def _position(self, party: str, issue: str, stance: str, span: Span) -> None:
        raise NotImplementedError

    def _other(self, s: SentenceView, end: int, agent: str) -> str | None:
        raise NotImplementedError

    def _proposal(
        self,
        s: SentenceView,
        folded: str,
        proposer: str,
        issue: str,
        start: int,
        end: int,
        span: Span,
        *,
        explicit_proposer: bool,
        terms: str = "",
    ) -> ProposalDraft | None:
        raise NotImplementedError

    # -- one clause -----------------------------------------------------------------------------------------
    def _read_clause(self, s: SentenceView, c: Clause) -> None:
        """File one parsed act clause."""
        start, end = c.verb_start - s.start, c.verb_end - s.start
        kind = c.kind
        if c.no_longer and kind in ("demand", "oppose", "reject"):
            kind = "shift"
        agent = c.actors[0] if c.actors else ""
        if not agent and c.subject in ("pronoun", "none"):  # "it rejected": the party referred back to
            agent = self._agent(s, start, end, c.passive)
        own_issue, how = self._object_issue(s, c)
        if how == "bare":  # a plain noun ("a written guarantee") says less than the issue talked about
            context = self._context_issue(s)
            issue = self._issue(s, start, end) or (context if context != "agreement" else None) or own_issue
            own_issue = None
        else:
            issue = own_issue or self._issue(s, start, end) or self._context_issue(s)
        span = self._clause(s, s.folded, start, end)
        self.acts.count += 1
        object_kind = noun_kind(c.object_head)
        if kind == "agree" and object_kind in ("proposal", "demand"):
            kind = "accept"  # "agreed to the plan": an answer
        if kind == "offer" and (object_kind == "proposal" or (c.lemma == "offer" and c.object_clause)):
            kind = "propose"  # "tabled a plan", "offered to double its contribution"
        if kind in _RESPONSE:
            self._answer(s, c, agent, own_issue, issue, span, _RESPONSE[kind])
        elif kind == "propose":
            if agent and issue and not c.negated and object_kind not in ("demand", "stance"):
                terms = self._object_text(c) or self._text(span)
                self._proposal(
                    s, s.folded, agent, issue, start, end, span, explicit_proposer=True, terms=terms
                )
        elif kind == "demand":
            if c.lemma == "insist" and not c.object_subjunctive:
                return  # "insisted that it was not part of the deal": a way of saying
            if c.object_clause and c.lemma != "urge" and not c.object_subjunctive:
                return  # "seeks to be seen": a wish, not a demand
            if agent and issue and not c.negated and not c.tentative:
                other = c.partner or self._other(s, end, agent)
                self.acts.demands.append(Item("demand", agent, other, issue, [span], self._text(span)))
                self._position(agent, issue, "supports", span)
        elif kind == "concede":
            if agent and issue and not c.negated and not c.infinitive and not c.tentative:
                self._concession(agent, c.partner or self._other(s, end, agent), issue, span)
        elif kind == "shift":
            self._shift(s, c, agent, issue, span)
        elif kind == "agree":
            self._agree(s, c, agent, own_issue, issue, span)
        elif kind == "oppose" and agent and issue and not c.negated:
            self._position(agent, issue, "opposes", span)

    def _answer(
        self,
        s: SentenceView,
        c: Clause,
        agent: str,
        own_issue: str | None,
        issue: str | None,
        span: Span,
        response: str,
    ) -> None:
        """An acceptance, rejection or consideration: of a plan, of a demand, or of an issue itself."""
        if c.negated:
            response = _NEGATED_RESPONSE[response]
        if not response or not agent:
            return
        if response == "accepted" and c.conditional:
            response = "conditional"
        stance = {"accepted": "supports", "rejected": "opposes", "considering": "undecided"}.get(
            response, "conditional"
        )
        object_kind = noun_kind(c.object_head)
        anaphoric = c.object_head in _ANAPHORS
        if object_kind == "demand":
            demand = self._target_demand(c.owner, own_issue, agent)
            if demand is not None:
                demand.responses.setdefault(agent, (response, span))
                self._position(agent, demand.issue, stance, span)
                return
        if object_kind in ("proposal", "deal", "demand") or anaphoric:
            proposal = self._target_proposal(c.owner, own_issue, agent)
            if proposal is None and c.owner and c.owner != agent and (issue or own_issue):
                proposal = self._proposal(
                    s,
                    s.folded,
                    c.owner,
                    own_issue or issue or "",
                    c.verb_start - s.start,
                    c.verb_end - s.start,
                    span,
                    explicit_proposer=True,
                    terms=self._object_text(c),
                )
            if proposal is not None and proposal.proposer != agent:
                known = proposal.responses.get(agent)
                if known is None:
                    proposal.responses[agent] = (response, span)
                if span not in proposal.spans and len(proposal.spans) < 2:
                    proposal.spans.append(span)
                self._position(agent, proposal.issue, stance, span)
                if response == "accepted":
                    self._concession(agent, proposal.proposer, proposal.issue, span)
                return
        if not issue:
            return
        # an answer on an issue answers the latest plan or demand another party made on it
        plan = next(
            (p for p in reversed(self.acts.proposals) if p.issue == issue and p.proposer != agent), None
        )
        demand = next((d for d in reversed(self.acts.demands) if d.issue == issue and d.party != agent), None)
        if demand is not None and (plan is None or demand.spans[0][0] >= plan.spans[0][0]):
            demand.responses.setdefault(agent, (response, span))
        elif plan is not None:
            plan.responses.setdefault(agent, (response, span))
        if response != "considering":
            self._position(agent, issue, stance, span)

    def _shift(self, s: SentenceView, c: Clause, agent: str, issue: str | None, span: Span) -> None:
        """A party giving ground in words: "dropped its demand", "no longer insists", "softened its stance"
        (the stance before and after: :data:`GIVING_GROUND`)."""
        if not issue and agent:  # "its position has softened": the stance it held last
            issue = next((p.issue for p in reversed(self.acts.positions) if p.party == agent), None)
        if not agent or not issue or c.negated or c.tentative or c.infinitive:
            return
        object_kind = noun_kind(c.object_head)
        particle = " " in c.lemma and c.lemma in _PARTICLE_SHIFTS and c.lemma != "give up"
        if c.no_longer or particle or object_kind in ("demand", "stance"):
            before, after = GIVING_GROUND
            if c.lemma == "reverse":
                before, after = "opposes", "supports"
            self.acts.positions.append(
                Item(after, agent, None, issue, [span], self._text(span), previous=before)
            )
            self._concession(agent, c.partner or None, issue, span)
        elif c.object_start is not None and c.lemma in (
            "ease",
            "relax",
            "lift",
            "drop",
            "abandon",
            "withdraw",
        ):
            self._concession(agent, c.partner or None, issue, span)

    def _agree(
        self, s: SentenceView, c: Clause, agent: str, own_issue: str | None, issue: str | None, span: Span
    ) -> None:
        """A deal reached, signed or in force, by the parties of the subject and the partner named with it."""
        if c.negated or c.tentative or c.conditional or c.infinitive or is_act_verb(c.object_head):
            return  # "failed to reach", "could sign", "attempts to reach a deal": no deal yet; "agreed to
            # drop its demand": the act is the dropping
        deal = noun_kind(c.object_head) == "deal"
        if c.lemma in _NEEDS_DEAL and not deal:
            return
        if c.lemma == "agree" and c.object_start is None:
            return  # "points on which both parties agree": agreeing with each other, no deal named
        if c.lemma == "agree" and c.object_clause and not c.object_future and not c.infinitive and not deal:
            verb_to = self.doc.text[c.verb_end : c.verb_end + 4].lower()
            if not verb_to.startswith(" to"):
                return  # "agree that such deals are a problem": an opinion shared, not a deal
        parties = [*c.actors, *([c.partner] if c.partner and c.partner not in c.actors else [])]
        if not parties and agent:
            parties = [agent]
        if len(parties) == 1 and not deal and not c.generic_actor:
            if issue:  # one party agreeing to do something accepts it: no deal unless both say so
                self._position(parties[0], issue, "supports", span)
            return
        if not parties and not c.generic_actor:
            return  # "deals have been struck": by no one the clause names
        pending = False
        if len(parties) < 2:
            sides = self._sides(parties, s)
            pending = len(sides) < 2  # the sides may act later in the article: resolved at its end
            parties = parties if pending else sides
        issues = self._agreement_issues(s, c, own_issue, parties)
        folded = s.folded
        if _IN_FORCE.search(folded):
            status = "in_force"
        elif c.lemma in _SIGNING:
            status = "signed"
        else:
            status = "agreed_in_principle"
        terms = self._object_text(c) or self._text(span)
        for known in self.acts.agreements:
            if set(known.parties) == set(parties) and (
                set(known.issues) & set(issues) or known.terms == terms
            ):
                known.spans.append(span)
                known.status = status
                return
        self.acts.agreements.append(
            AgreementDraft(parties, issues, terms, status, [span], sides_pending=pending)
        )

    def resolve_sides(self) -> None:
        """Name the sides of the deals "both sides" reached once the whole article is read; drop the rest."""
        kept = []
        for draft in self.acts.agreements:
            if draft.sides_pending:
                s = self.doc.sentences[draft.spans[0][0]]
                draft.parties = self._sides(draft.parties, s)
                draft.sides_pending = False
                if not draft.issues:
                    draft.issues = self._agreement_issues(s, None, None, draft.parties)
            if len(draft.parties) >= 2:
                kept.append(draft)
        self.acts.agreements = kept

    # -- what an act is about -------------------------------------------------------------------------------
    def _object_issue(self, s: SentenceView, c: Clause) -> tuple[str | None, str]:
        """The issue a clause's object names: a dictionary keyword in its topic (unless a noun before the
        keyword says which kind: "water quotas"), else in the whole object, else the topic's own words."""
        if c.object_start is None:
            return None, ""
        end = c.subtree_end or c.object_end or c.object_start
        hits = [h for h in self.issues[s.id] if c.object_start <= h.start < end and h.issue != "agreement"]
        if c.topic_start is not None and c.topic_end is not None:
            inside = [h for h in hits if c.topic_start <= h.start < c.topic_end]
            on_head = any(h.start <= (c.topic_head_start or -1) < h.end for h in inside)
            covered = len(self.doc.text[inside[0].start : inside[0].end].split()) if inside else 0
            longer = len(c.topic_label.split()) > covered
            specific = on_head and c.topic_compound and len(inside) == 1 and longer
            if inside and not specific:
                return inside[0].issue, "dictionary"
            if specific:
                hits = []
        if hits:
            return hits[0].issue, "dictionary"
        if c.topic_label and c.topic_start is not None and c.topic_end is not None:
            how = "via" if c.topic_via or c.topic_compound else "bare"
            return self._phrase_issue(c.topic_label, (s.id, c.topic_start, c.topic_end)), how
        return None, ""

    def _phrase_issue(self, label: str, span: Span) -> str | None:
        """The id of the issue a noun phrase names, the same for the same head noun within the article."""
        words = [w for w in label.split() if w not in _LABEL_STOP]
        if not words:
            return None
        head = _stem(words[-1])
        for known, (known_label, _) in self.acts.phrase_issues.items():
            if _stem(known_label.split()[-1]) == head:
                return known
        key = slugify(" ".join(words))
        if not isinstance(key, str) or not key:
            return None
        self.acts.phrase_issues[key] = (label, span)
        return key

    def _agreement_issues(
        self, s: SentenceView, c: Clause | None, own_issue: str | None, c_parties: list[str]
    ) -> list[str]:
        if own_issue:
            return [own_issue]
        found = [h.issue for h in self.issues[s.id] if h.issue != "agreement"]
        if found:
            return list(dict.fromkeys(found))
        # a deal that names no issue settles those on which every one of its parties took a stance
        held: dict[str, set[str]] = {}
        for position in self.acts.positions:
            held.setdefault(position.issue, set()).add(position.party)
        shared = [issue for issue, parties in held.items() if set(parties) >= set(c_parties)]
        if shared:
            return shared
        if self.acts.proposals:
            return [self.acts.proposals[-1].issue]
        return []

    def _object_text(self, c: Clause) -> str:
        if c.object_start is None or c.object_end is None:
            return ""
        return self.doc.text[c.object_start : c.object_end]

    # -- links ----------------------------------------------------------------------------------------------
    def _target_proposal(self, owner: str, issue: str | None, agent: str) -> ProposalDraft | None:
        """The plan an answer is about: its owner's latest, else the latest on its issue, else the latest."""
        others = [p for p in reversed(self.acts.proposals) if p.proposer != agent]
        if owner:
            return next((p for p in others if p.proposer == owner), None)
        if issue:
            on_issue = next((p for p in others if p.issue == issue), None)
            if on_issue is not None:
                return on_issue
        return others[0] if others else None

    def _target_demand(self, owner: str, issue: str | None, agent: str) -> Item | None:
        """The demand an answer is about: its owner's, else one made of the answering party, else on its
        issue, else the latest another party made."""
        others = [d for d in reversed(self.acts.demands) if d.party != agent]
        found = (
            next((d for d in others if owner and d.party == owner), None)
            or next((d for d in others if d.other == agent), None)
            or next((d for d in others if issue and d.issue == issue), None)
        )
        if found is not None or owner:
            return found
        return others[0] if others else None

    def _sides(self, named: list[str], s: SentenceView) -> list[str]:
        """The sides of a deal "both sides" reached: those ``named``, then the parties the sentence names,
        then those that acted most in the article so far; two at least, else none."""
        counts: Counter[str] = Counter()
        for mention in self.actors.mentions[s.id]:
            party = self.actors.party_of(mention)
            if party and mention.kind != "media" and not mention.locative:
                counts[party] += 100
        for proposal in self.acts.proposals:
            counts[proposal.proposer] += 2
            counts.update(list(proposal.responses))
        for item in self.acts.demands + self.acts.positions + self.acts.concessions:
            counts[item.party] += 1
        out = list(named)
        for party, _ in counts.most_common():
            if len(out) >= 2:
                break
            if party and party not in out:
                out.append(party)
        return out if len(out) >= 2 else []

    def _concession(self, party: str, other: str | None, issue: str, span: Span) -> None:
        if any(
            c.party == party and c.issue == issue and c.spans[0][0] == span[0] for c in self.acts.concessions
        ):
            return
        self.acts.concessions.append(Item("concession", party, other, issue, [span], self._text(span)))


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
