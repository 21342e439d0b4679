"""Who said what: speech verbs found by lemma in the dependency parse, their speakers, what was said, venue,
outlet, direct or indirect.

A speech verb outside quotation marks ("said", "saying", "told", "warned", every inflection) or "according
to" makes a statement when a speaker can be found for it (:mod:`summarizer.offline.speakers`). What was said
is the verb's clausal complement, or the rest of the sentence beside the cue clause; quotations belong to the
statement whose cue is in one of their sentences, also when they run over several sentences or follow a
colon. A cue inside what someone is reported to have said is part of that statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import Actors
from .document import Doc, SentenceView
from .lexicon import Lexicon
from .pipeline import is_proper, is_verb, verb_lemmas
from .speakers import Speaker, SpeakerFinder, according_to, subject_of
from .text import word_set
from .tone import tone_of
from .venues import VenueFinder
from .words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token as SpacyToken

__all__ = ["SPEECH_LEMMAS", "StatementDraft", "find_statements", "may_attribute"]

SPEECH_LEMMAS = word_list("attribution.txt", "speech")
"""Verbs that report speech, as lemmas."""
WITH_CLAUSE = word_list("attribution.txt", "speech_with_clause")
"""Speech verbs that also have other senses: cues only with a clause of what was said, or a quotation."""
BELIEF_LEMMAS = word_list("attribution.txt", "belief")
"""Verbs that report a stance; cues only in a sentence without a speech verb."""
_TIME_WORDS = word_list("attribution.txt", "time_words")
HYPOTHETICAL_MODALS = word_list("attribution.txt", "hypothetical_modals")
"""Modal auxiliaries under which speech has not been made ("could argue", "will announce")."""
UNREALISED_HEADS = word_list("attribution.txt", "unrealised_heads")
"""Verbs and adjectives whose infinitive is speech refused, planned or expected ("declined to comment")."""
_MAX_INFINITIVE_CHAIN = 3
"""How many infinitives up ("did not want to try to explain") a refusal or a plan is looked for."""
MIN_QUOTED_WORDS = 4
"""Fewer words in quotation marks are a phrase quoted inside reported speech (or a title), not a quote."""
VENUE_CARRIES = 10
"""For how many sentences a speaker is still taken to speak in the venue last named for them."""
MIN_CONTENT_WORDS = 3
"""Fewer words beside the cue are no content of their own ("..., he said."): the rest of the sentence is."""
MIN_CONTENT_CHARS = 12
"""A shorter span is no evidence of its own: the whole sentence is cited instead."""
_LEAD_WORDS = _TIME_WORDS | {"that"}
_COLON_QUOTE = re.compile(r":\s*[“\"‘]")
_DETERMINERS = word_set("the a an this that these those its their his her our my your whose each every no")
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis", "advcl", "csubj"})
"""Dependents of a speech verb that say what was said, or what it did instead ("said, adding that ...")."""
_OPENING_MARKS = '“"‘«„'
_RELATIVES = frozenset({"which", "that", "who"})
_SAYING_DEPS = frozenset({"ccomp", "xcomp", "oprd", "parataxis"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "dobj", "advcl", "prep", "npadvmod", "oprd", "dative", "attr"})
"""Dependents of a speech verb that carry what was said ("said that ...", "told reporters ...")."""


@dataclass
class StatementDraft:
    """A statement before it becomes a schema item: where it is, who made it and how."""

    sentence_ids: list[int]
    speaker: str
    speaker_key: str
    title: str | None
    party: str
    kind: str
    venue: str | None
    reported_by: str | None
    tone: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    """The cue words the statement was found by (for inspection, not part of the schema)."""


def _cue_forms() -> dict[str, str]:
    return verb_lemmas(SPEECH_LEMMAS | BELIEF_LEMMAS)


def may_attribute(s: SentenceView) -> bool:
    """Whether sentence ``s`` can hold a statement: a body sentence with a cue word in some inflection."""
    if s.id == 0 or _crosshead(s):
        return False
    if _COLON_QUOTE.search(s.text) or s.text.rstrip().endswith(":"):
        return True
    forms = _cue_forms()
    tokens = s.tokens
    for k, norm in enumerate(s.norms):
        if norm not in forms and norm != "according":
            continue
        if k and (tokens[k].is_capitalized or s.norms[k - 1] in _DETERMINERS):
            continue  # "United States", "the report", "a call": a name or a noun, not a verb
        return True
    return False


def _crosshead(s: SentenceView) -> bool:
    return not s.text.rstrip("”’\"' ").endswith((".", "!", "?", ":"))


class _Attributor:
    def __init__(self, doc: Doc, actors: Actors, lexicon: Lexicon) -> None:
        self.doc = doc
        self.speakers = SpeakerFinder(doc, actors, lexicon)
        self.venues = VenueFinder(doc, actors, lexicon)
        self.venue_by_speaker: dict[str, tuple[int, str]] = {}
        self.drafts: list[StatementDraft] = []
        self.claimed: set[int] = set()

    def run(self) -> list[StatementDraft]:
        """Every statement of the article, neighbouring ones by one speaker merged."""
        for s in self.doc.sentences:
            if s.id in self.claimed:
                continue
            for draft in self.sentence(s):
                self.drafts.append(draft)
        return _merge(self.drafts)

    def sentence(self, s: SentenceView) -> list[StatementDraft]:
        """The statements a sentence makes: one per speaker of its speech verbs."""
        parsed = self.doc.parse_of(s.id)
        if parsed is None or not may_attribute(s):
            return []
        out: list[StatementDraft] = []
        seen: set[str] = set()
        accepted: set[int] = set()
        # "According to" first: what it qualifies, a quoted speaker's words included, is its source's report.
        # Then the main clause's verb; a cue inside what another speaker said is part of that statement.
        for cue in sorted(self._cues(s, parsed), key=_order):
            if cue.i in accepted or any(a.i in accepted for a in cue.ancestors):
                continue
            according = cue.lower_ == "according"
            head = according_to(cue) if according else subject_of(cue)
            speaker = self.speakers.speaker(s, head) if head is not None else None
            if speaker is None:
                continue
            accepted.add(cue.i)
            if according:
                accepted.update(a.i for a in cue.ancestors)
            if speaker.key in seen:
                continue
            seen.add(speaker.key)
            out.append(self._draft(s, cue, speaker, single=not out))
            self.speakers.remember(speaker, s.id)
        return out

    def _draft(self, s: SentenceView, cue: SpacyToken, speaker: Speaker, *, single: bool) -> StatementDraft:
        sentence_ids, spans, kind = self._content(s, cue) if single else ([s.id], [self._said(s, cue)], "")
        kind = kind or "indirect"
        venue, reported_by = self.venues.find(s)
        key = speaker.key
        if venue is None and reported_by is None and key in self.venue_by_speaker:
            at, earlier = self.venue_by_speaker[key]
            venue = earlier if s.id - at <= VENUE_CARRIES else None
        if venue is not None:
            self.venue_by_speaker[key] = (s.id, venue)
        text = " ".join(self.doc.text[a:b] for a, b in spans)
        self.claimed.update(sentence_ids)
        return StatementDraft(
            sentence_ids,
            speaker.name,
            key,
            speaker.title,
            speaker.party,
            kind,
            venue,
            reported_by,
            tone_of(text),
            spans,
            [cue.lower_],
        )

    # -- the cue --------------------------------------------------------------------------------------------
    def _cues(self, s: SentenceView, parsed: SpacyDoc) -> list[SpacyToken]:
        """Speech verbs (or "according to") outside quotation marks; stance verbs only if there is none."""
        forms = _cue_forms()
        speech: list[SpacyToken] = []
        belief: list[SpacyToken] = []
        for token in parsed:
            lemma = forms.get(token.lower_) if is_verb(token) else None
            if (lemma is None and token.lower_ != "according") or self._quoted(s.start + token.idx):
                continue
            if lemma in WITH_CLAUSE and not self._says_something(s, token):
                continue
            if lemma is not None and _passive_without_agent(token):
                continue  # "is expected to", "was asked about": the subject is not the one speaking
            if lemma is not None and (_unrealised(token) or _participle(token)):
                continue
            if lemma is not None and _reports_speech(token, forms):
                continue  # "X was reported by Y to have described it as ...": X's words, through Y
            if lemma is not None and _in_passing(token) and not self._quotes(s, token):
                continue
            if lemma in SPEECH_LEMMAS:
                speech.append(token)
            elif lemma in BELIEF_LEMMAS:
                belief.append(token)
            elif token.i + 1 < len(parsed) and parsed[token.i + 1].lower_ == "to":
                speech.append(token)  # "according to"
        if speech or belief:
            return speech or belief
        return self._colon_cue(s, parsed)

    def _colon_cue(self, s: SentenceView, parsed: SpacyDoc) -> list[SpacyToken]:
        """ "Brandt put it bluntly: “...”": the verb of a clause that introduces a quotation with a colon."""
        if not _COLON_QUOTE.search(s.text) and not (
            s.text.rstrip().endswith(":") and self._continues(s, s.id + 1)
        ):
            return []
        roots = [t for t in parsed if t.dep_ == "ROOT" and is_verb(t) and not self._quoted(s.start + t.idx)]
        return roots[:1]

    def _says_something(self, s: SentenceView, verb: SpacyToken) -> bool:
        """Whether ``verb`` has a clause of what was said ("noted that ...", "described it as ...", "called
        him a liar"), or its sentence quotes someone."""
        return _has_clause(verb) or any(q.words >= MIN_QUOTED_WORDS for q in self.doc.quotations_in(s.id))

    def _quotes(self, s: SentenceView, verb: SpacyToken) -> bool:
        """Whether ``verb`` introduces a quotation: a clause of what was said, and a quotation."""
        return _has_clause(verb) and any(q.words >= MIN_QUOTED_WORDS for q in self.doc.quotations_in(s.id))

    def _quoted(self, offset: int) -> bool:
        quotation = self.doc.quotation_at(offset)
        return quotation is not None and quotation.words >= MIN_QUOTED_WORDS

    # -- what was said --------------------------------------------------------------------------------------
    def _content(self, s: SentenceView, cue: SpacyToken) -> tuple[list[int], list[tuple[int, int]], str]:
        quotes = [q for q in self.doc.quotations_in(s.id) if q.words >= MIN_QUOTED_WORDS]
        inside = sum(q.words for q in quotes if q.first_sentence == q.last_sentence == s.id)
        single = all(q.first_sentence == q.last_sentence == s.id for q in quotes)
        if quotes and single and inside * 2 < len(s.text.split()) and s.text[:1] not in '“"‘':
            quotes = []  # a phrase quoted inside reported speech
        if not quotes and s.text.rstrip().endswith(":") and self._continues(s, s.id + 1):
            # "Trump wrote:" and the quotation on the next line
            quotes = [q for q in self.doc.quotations_in(s.id + 1) if q.words >= MIN_QUOTED_WORDS]
        if not quotes:
            earlier = self._quotation_before(s, cue)
            if earlier is not None:
                return earlier
            return [s.id], [self._said(s, cue)], "indirect"
        first = min(q.first_sentence for q in quotes)
        last = max(q.last_sentence for q in quotes)
        ids = list(range(min(first, s.id), max(last, s.id) + 1))
        spans = [self.doc.trim(q.start, q.end) for q in quotes]
        self.claimed.update(ids)
        following = last + 1
        while following < len(self.doc.sentences) and self._continues(s, following):
            # the quotation goes on in the next sentence, which has no speaker of its own
            ids.append(following)
            spans += [
                self.doc.trim(q.start, q.end)
                for q in self.doc.quotations_in(following)
                if q.words >= MIN_QUOTED_WORDS
            ]
            following += 1
        return ids, spans, "direct"

    def _quotation_before(
        self, s: SentenceView, cue: SpacyToken
    ) -> tuple[list[int], list[tuple[int, int]], str] | None:
        """ "“We will not sign.” | Ortiz said.": a sentence that only says who spoke, after a quotation that
        names no speaker of its own, gives the quotation to that speaker."""
        sid = s.id - 1
        if sid < 1 or sid in self.claimed or any(c.dep_ in _CONTENT_DEPS for c in cue.children):
            return None
        if any(not t.is_punct for t in cue.doc if t.i < cue.left_edge.i):
            return None  # something stands before the speaker: that is what was said
        before = self.doc.sentences[sid]
        quotes = [
            q for q in self.doc.quotations_in(sid) if q.words >= MIN_QUOTED_WORDS and q.last_sentence == sid
        ]
        if not quotes or before.text[:1] not in _OPENING_MARKS:
            return None
        first = min(q.first_sentence for q in quotes)
        ids = list(range(first, s.id + 1))
        if first < 1 or any(i in self.claimed for i in ids):
            return None
        self.claimed.update(ids)
        return ids, [self.doc.trim(q.start, q.end) for q in quotes], "direct"

    def _continues(self, s: SentenceView, sid: int) -> bool:
        """Whether sentence ``sid`` is nothing but a quotation that goes on from sentence ``s``."""
        if sid != s.id + 1 or sid >= len(self.doc.sentences):
            return False
        nxt = self.doc.sentences[sid]
        if nxt.text[:1] not in '“"‘' or may_attribute(nxt):
            return False
        return any(q.words >= MIN_QUOTED_WORDS for q in self.doc.quotations_in(sid))

    def _said(self, s: SentenceView, cue: SpacyToken) -> tuple[int, int]:
        """What an indirect statement says: the cue's complement, else the sentence beside the cue clause."""
        parsed = cue.doc
        if cue.lower_ == "according":
            clause = cue.head
            tokens = [t for t in clause.subtree if not cue.left_edge.i <= t.i <= cue.right_edge.i]
        else:
            complements = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and c.i > cue.i]
            children = complements or [c for c in cue.children if c.dep_ in _CLAUSE_DEPS and c.i > cue.i]
            tokens = [t for c in children for t in c.subtree if not _source_tail(t)]
        tokens.sort(key=lambda t: t.i)
        first = 0
        while len(tokens) - first > MIN_CONTENT_WORDS and (
            tokens[first].is_punct or tokens[first].lower_ in _LEAD_WORDS
        ):
            first += 1  # past "on Sunday that"
        if sum(1 for t in tokens[first:] if not t.is_punct) >= MIN_CONTENT_WORDS:
            last = tokens[-1]
            start, end = s.start + tokens[first].idx, s.start + last.idx + len(last.text)
        else:
            # ", he said." after what was said, or a cue with nothing of its own: the rest of the sentence
            left = cue.left_edge.i
            before = [t for t in parsed if t.i < left and not t.is_punct]
            if len(before) >= MIN_CONTENT_WORDS:
                start, end = s.start, s.start + parsed[left].idx
            else:
                start, end = s.start, s.end
        span = self.doc.trim(start, end)
        return span if span[1] - span[0] >= MIN_CONTENT_CHARS else self.doc.trim(s.start, s.end)


def _order(cue: SpacyToken) -> tuple[bool, int]:
    return cue.lower_ != "according", sum(1 for _ in cue.ancestors)


def _has_clause(verb: SpacyToken) -> bool:
    """Whether ``verb`` has a clause of what was said: a complement, "as ...", or a "that" clause the
    parser hung lower down ("told supporters during the campaign that ...")."""
    if any(c.dep_ in _SAYING_DEPS or (c.dep_ == "prep" and c.lower_ == "as") for c in verb.children):
        return True
    return any(t.dep_ == "mark" and t.lower_ == "that" and t.i > verb.i for t in verb.subtree)


def _in_passing(verb: SpacyToken) -> bool:
    """Whether ``verb`` says in a restrictive relative clause what someone said in passing about a noun
    ("critics who say ...", "the plan he announced"). Not when the relative clause itself is what was said
    ("the changes, which officials said will take effect", "prisoners it says are held": the clause of what
    was said has the relative word, or the gap, for its subject), nor in a clause set off by a comma after a
    name ("Corvane, which insists that ..."), which says what the named one said."""
    if verb.dep_ != "relcl":
        return False
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        subjects = [g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
        if not subjects or any(g.lower_ in _RELATIVES for g in subjects):
            return False
    noun = verb.head
    start = verb.left_edge.i
    return not (is_proper(noun) and start > 0 and verb.doc[start - 1].text == "," and start - 1 > noun.i)


def _unrealised(verb: SpacyToken) -> bool:
    """Whether the speech ``verb`` reports was not made: negated ("did not respond"), under a modal of
    possibility or the future ("could argue", "will announce"), or an infinitive under a refusal, a plan or
    an appearance ("declined to comment", "is expected to announce", "seemed to agree")."""
    node = verb
    for _ in range(_MAX_INFINITIVE_CHAIN + 1):
        for child in node.children:
            if child.i < verb.i and (
                child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MODALS)
            ):
                return True
        infinitive = node.dep_ == "xcomp" or any(c.tag_ == "TO" for c in node.children)
        if not infinitive or node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in UNREALISED_HEADS or _unrealised_forms().get(node.lower_) is not None:
            return True
    return False


def _unrealised_forms() -> dict[str, str]:
    return verb_lemmas(UNREALISED_HEADS)


def _reports_speech(verb: SpacyToken, forms: dict[str, str]) -> bool:
    """Whether ``verb`` is a passive speech verb whose infinitive is speech too ("was quoted as saying", "was
    reported to have said"): the speech is its subject's, which the inner verb finds."""
    deps = {c.dep_ for c in verb.children}
    if "auxpass" not in deps:
        return False
    return any(
        (c.dep_ == "xcomp" and forms.get(c.lower_) in SPEECH_LEMMAS)
        or (c.dep_ == "prep" and _speech_below(c, forms))
        for c in verb.children
    )


def _speech_below(node: SpacyToken, forms: dict[str, str]) -> bool:
    return node.lower_ == "as" and any(forms.get(g.lower_) in SPEECH_LEMMAS for g in node.children)


def _participle(verb: SpacyToken) -> bool:
    """Whether ``verb`` is a past participle that describes its noun ("Asked about the delay, she ...",
    "measures added by the Senate"): the one it is said of was spoken to, or the words are another's."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl", "relcl", "conj", "ccomp")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _passive_without_agent(verb: SpacyToken) -> bool:
    deps = {child.dep_ for child in verb.children}
    return "auxpass" in deps and "agent" not in deps


def _source_tail(token: SpacyToken) -> bool:
    """Whether a token belongs to a trailing "according to ..." (the source, not what was said)."""
    return any(node.lower_ == "according" for node in (token, *token.ancestors))


def _merge(drafts: list[StatementDraft]) -> list[StatementDraft]:
    """Consecutive statements of one speaker in neighbouring sentences become one."""
    merged: list[StatementDraft] = []
    for draft in drafts:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.speaker_key == draft.speaker_key
            and draft.sentence_ids[0] - last.sentence_ids[-1] <= 1
            and (draft.venue is None or last.venue in (None, draft.venue))
        ):
            last.sentence_ids = sorted(set(last.sentence_ids + draft.sentence_ids))
            last.spans += draft.spans
            last.kind = "direct" if "direct" in (last.kind, draft.kind) else "indirect"
            last.venue = last.venue or draft.venue
            last.reported_by = last.reported_by or draft.reported_by
            last.tone = last.tone if last.tone == draft.tone else _combine(last.tone, draft.tone)
            last.cues += draft.cues
        else:
            merged.append(draft)
    return merged


def _combine(a: str, b: str) -> str:
    if a == "neutral":
        return b
    if b == "neutral":
        return a
    return "mixed"


def find_statements(doc: Doc, actors: Actors, lexicon: Lexicon) -> list[StatementDraft]:
    """Every attributed statement of the article, in order."""
    return _Attributor(doc, actors, lexicon).run()
