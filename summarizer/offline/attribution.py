"""Who said what: speech cues, speakers (named, titled, unnamed or "he"), venue, outlet, direct or indirect.

A sentence with a speech cue outside quotation marks ("said", "told", "added", "according to", "in an
interview with") yields a statement. Its speaker is the actor next to the cue; "he added" is the last named
speaker. Quotations that run over several sentences belong to the statement whose cue is in one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import Actors, Mention
from .document import Doc, SentenceView
from .issues import tone_of
from .lexicon import Lexicon
from .text import Token, word_set

__all__ = ["SPEECH_VERBS", "StatementDraft", "find_statements"]

SPEECH_VERBS = word_set(
    """said says say told tells added adds stated states noted notes warned warns insisted insists
    argued argues claimed claims explained explains announced announces declared declares stressed
    stresses emphasized emphasised reiterated reiterates acknowledged acknowledges admitted admits
    confirmed confirms denied denies wrote writes tweeted posted remarked commented suggested
    suggests predicted predicts termed replied responded countered maintained maintains asserted
    cautioned complained urged urges described called believes believed expects conceded"""
)
_WEAK_CUES = word_set("called described believes believed expects urged urges suggested suggests")
_AUX = word_set(
    "has have had also later then again repeatedly previously earlier once would will had has is was not"
)
_UNNAMED_HEADS = word_set(
    """people person sources source officials official diplomats diplomat analysts analyst spokesperson
    spokesman spokeswoman aides aide negotiators negotiator leaders leader members member mediators
    mediator executives"""
)
_VENUE_START = re.compile(
    r"\b(?:in|at|during|on|via|through)\s+(?P<venue>(?:an?|the|his|her|their|its)\s+"
    r"(?:brief\s+|joint\s+|written\s+|televised\s+|separate\s+|weekly\s+|rare\s+|short\s+)?"
    r"(?:statement|interview|post|news conference|press conference|briefing|address|speech|letter|message|"
    r"video|broadcast)(?:\s+(?:on|to|with|in)\s+[\w’'\- ]+?)?)"
    r"(?=[,.;]|\s+(?:that|on|after|before|said|and)\b|$)",
    re.IGNORECASE,
)
_MEDIA_HEADS = word_set(
    """gazette times post journal herald tribune news daily telegraph chronicle observer radio tv
    television broadcasting channel"""
)
_MEDIA_NOUNS = word_set("broadcaster newspaper daily agency channel outlet station network website")


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


class _Attributor:
    def __init__(self, doc: Doc, actors: Actors, lexicon: Lexicon) -> None:
        self.doc = doc
        self.actors = actors
        self.lexicon = lexicon
        self.last_speaker: StatementDraft | None = None
        self.last_venue: str | None = None
        self.venue_by_speaker: dict[str, tuple[int, str]] = {}
        self.drafts: list[StatementDraft] = []
        self.claimed: set[int] = set()

    def run(self) -> list[StatementDraft]:
        """Every statement of the article, neighbouring ones by one speaker merged."""
        for s in self.doc.sentences:
            if s.id in self.claimed:
                continue
            draft = self.sentence(s)
            if draft is not None:
                self.drafts.append(draft)
                self.last_speaker = draft
        return _merge(self.drafts)

    def sentence(self, s: SentenceView) -> StatementDraft | None:
        """The statement a sentence makes, if it has a speech cue and a speaker."""
        if s.id == 0 or not s.text.rstrip("”’\"' ").endswith((".", "!", "?", ":")):
            return None  # headline or crosshead
        cue = self._cue(s)
        if cue is None:
            return None
        k, cue_end = cue
        speaker = self._speaker(s, k, cue_end)
        if speaker is None:
            return None
        name, key, title, party = speaker
        sentence_ids, spans, kind = self._content(s, k, cue_end)
        venue, reported_by = self._venue(s, k)
        if venue is None and reported_by is None and key in self.venue_by_speaker:
            # the same speaker a few sentences on is still quoted from the same interview
            at, earlier = self.venue_by_speaker[key]
            venue = earlier if s.id - at <= 10 else None
        if venue is not None:
            self.venue_by_speaker[key] = (s.id, venue)
        text = " ".join(self.doc.text[a:b] for a, b in spans)
        draft = StatementDraft(
            sentence_ids, name, key, title, party, kind, venue, reported_by, tone_of(text), spans
        )
        for sid in sentence_ids:
            self.claimed.add(sid)
        return draft

    # -- the cue ------------------------------------------------------------------------------------------
    def _cue(self, s: SentenceView) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        for k, token in enumerate(s.tokens):
            norm = token.norm
            if norm not in SPEECH_VERBS and norm not in ("according", "interview"):
                continue
            if self.doc.quotation_at(token.start) is not None:
                continue
            if (norm == "according" and k + 1 < len(s.tokens) and s.norms[k + 1] == "to") or (
                norm == "interview" and k + 1 < len(s.tokens) and s.norms[k + 1] == "with"
            ):
                candidate = (k, k + 2)
            elif norm in SPEECH_VERBS:
                candidate = (k, k + 1)
            else:
                continue
            if best is None or (s.norms[best[0]] in _WEAK_CUES and norm not in _WEAK_CUES):
                best = candidate
        return best

    # -- the speaker --------------------------------------------------------------------------------------
    def _speaker(self, s: SentenceView, k: int, cue_end: int) -> tuple[str, str, str | None, str] | None:
        tokens = s.tokens
        if s.norms[k] in ("according", "interview"):
            after = self._mention_from(s, cue_end)
            if after is not None and after.kind != "media":
                return self._describe(after)
            # "according to the Interfax news agency": the outlet; the speaker is the subject of the sentence
            k = next((i for i in range(k) if s.norms[i] in SPEECH_VERBS), -1)
            if k < 0:
                return self._unnamed(s, cue_end, len(tokens), forward=True)
        before = self._subject_before(s, k)
        if before is not None:
            return before
        after = self._mention_from(s, cue_end)
        if (
            after is not None
            and after.kind != "media"
            and after.kind in ("person", "organization", "institution")
        ):
            return self._describe(after)
        return self._unnamed(s, cue_end, len(tokens), forward=True)

    def _subject_before(self, s: SentenceView, k: int) -> tuple[str, str, str | None, str] | None:
        tokens = s.tokens
        j = k
        while j > 0 and (tokens[j - 1].norm in _AUX or tokens[j - 1].norm.endswith("ly")):
            j -= 1
        if j == 0:
            return None
        mention = self.actors.at(s.id, j - 1)
        if mention is not None and mention.kind != "media":
            if mention.anaphor and mention.surface.lower() in ("he", "she") and self.last_speaker is not None:
                last = self.last_speaker
                gender = self.actors.genders.get(last.speaker_key)
                agrees = gender is None or gender == ("f" if mention.surface.lower() == "she" else "m")
                if last.speaker_key.startswith("p:") and agrees:
                    return last.speaker, last.speaker_key, last.title, last.party
            if mention.possessive:
                return None
            return self._describe(mention)
        if tokens[j - 1].text == "," and j >= 2:
            # "The mediator, Amina Diallo, said" / "Ruth Okafor, the union's general secretary, told"
            named = self.actors.at(s.id, j - 2)
            if named is not None and named.kind == "person" and not named.anaphor:
                return self._describe(named)
            opening = next((c for c in range(j - 2, max(0, j - 12), -1) if tokens[c].text == ","), None)
            named = self.actors.at(s.id, opening - 1) if opening else None
            if named is not None and named.kind not in ("media", "country", "place"):
                return self._describe(named)
        if tokens[j - 1].text in ("”", '"', "’", ",") and j >= 2:
            relative = _relative_clause_start(tokens, j)
            if relative is None:
                return None
            mention = self.actors.at(s.id, relative - 1)
            return self._describe(mention) if mention is not None and mention.kind != "media" else None
        return self._unnamed(s, 0, j, forward=False)

    def _mention_from(self, s: SentenceView, i: int) -> Mention | None:
        while i < len(s.tokens) and s.norms[i] in ("the", "a", "an", ","):
            i += 1
        if i >= len(s.tokens):
            return None
        mention = self.actors.at(s.id, i)
        return mention

    def _describe(self, mention: Mention) -> tuple[str, str, str | None, str]:
        party = self.actors.party_of(mention)
        if mention.kind == "person":
            person = self.actors.persons.get(mention.entity)
            if person is not None:
                return person.name, mention.entity, person.title or person.dictionary_title, person.party
            return mention.surface, mention.entity, mention.title, party
        if mention.kind in ("country", "place"):
            name = self.lexicon.party_info(party).name if party else mention.surface
            return name, "o:" + party, None, party
        name = self.actors.org_names.get(party) or (mention.surface if not mention.anaphor else "")
        if not name:
            name = self.lexicon.party_info(party).name
        if mention.kind == "institution":
            name = _strip_article(mention.surface)
        return name, "o:" + (party or mention.surface), None, party

    def _unnamed(
        self, s: SentenceView, a: int, b: int, *, forward: bool
    ) -> tuple[str, str, str | None, str] | None:
        """A speaker without a name: "people familiar with the talks", "a union spokesperson"."""
        tokens = s.tokens
        span = _noun_phrase_after(tokens, a, b) if forward else _noun_phrase_before(tokens, a, b)
        if span is None:
            return None
        i, j = span
        words = [t.norm for t in tokens[i:j]]
        if not any(w in _UNNAMED_HEADS for w in words):
            return None
        while i < j and tokens[i].norm in ("and", "but", "so", "yet", "while", "as"):
            i += 1
        if i >= j:
            return None
        text = _strip_article(self.doc.text[tokens[i].start : tokens[j - 1].end], keep=True)
        party = ""
        for mention in self.actors.mentions[s.id]:
            # "a union spokesperson", "Erdogan's spokesman": the party of the body or person named in it
            if (
                i <= mention.i < j
                and mention.kind != "media"
                and (mention.kind != "person" or mention.possessive)
            ):
                party = self.actors.party_of(mention)
                break
        return text, "u:" + text.lower(), None, party

    # -- what was said ------------------------------------------------------------------------------------
    def _content(self, s: SentenceView, k: int, cue_end: int) -> tuple[list[int], list[tuple[int, int]], str]:
        quotes = [q for q in self.doc.quotations_in(s.id) if q.words >= 4]
        inside = sum(q.words for q in quotes if q.first_sentence == q.last_sentence == s.id)
        single = all(q.first_sentence == q.last_sentence == s.id for q in quotes)
        if quotes and single and inside * 2 < len(s.text.split()) and s.text[:1] not in '“"‘':
            quotes = []  # a phrase quoted inside reported speech
        if quotes:
            first = min(q.first_sentence for q in quotes)
            last = max(q.last_sentence for q in quotes)
            ids = list(range(min(first, s.id), max(last, s.id) + 1))
            spans = [self.doc.trim(q.start, q.end) for q in quotes]
            for sid in ids:
                self.claimed.add(sid)
            if (
                last == s.id
                and s.id + 1 < len(self.doc.sentences)
                and self.doc.sentences[s.id + 1].text[:1] in '“"‘'
                and not self._cue(self.doc.sentences[s.id + 1])
            ):
                # the quotation continues in the next sentence, which has no cue of its own
                nxt = [q for q in self.doc.quotations_in(s.id + 1) if q.words >= 4]
                if nxt:
                    ids.append(s.id + 1)
                    spans += [self.doc.trim(q.start, q.end) for q in nxt]
            return ids, spans, "direct"
        tokens = s.tokens
        if len(tokens) - cue_end >= 4:
            after = _skip_time(s, cue_end)
            start = tokens[after].start
            end = _before_trailing_source(s)
        else:
            start, end = s.start, tokens[max(0, k - 1)].start
        span = self.doc.trim(start, end) if end > start else self.doc.trim(s.start, s.end)
        if span[1] - span[0] < 12:
            span = self.doc.trim(s.start, s.end)
        return [s.id], [span], "indirect"

    # -- where, and through whom ----------------------------------------------------------------------------
    def _venue(self, s: SentenceView, k: int) -> tuple[str | None, str | None]:
        venue: str | None = None
        reported_by: str | None = None
        tokens = s.tokens
        for mention in self.actors.mentions[s.id]:
            if mention.kind != "media":
                continue
            lead = s.norms[mention.i - 1] if mention.i > 0 else ""
            lead2 = " ".join(s.norms[max(0, mention.i - 2) : mention.i])
            kind = self.lexicon.actors.get(" ".join(s.norms[mention.i : mention.j]))
            media_kind = kind.media_kind if kind is not None else "agency"
            name = kind.name if kind is not None else mention.surface
            if (
                (
                    (lead2 in ("according to", "to the") and s.norms[mention.i - 1] == "the")
                    or lead2 == "according to"
                )
                or lead in ("by", "reported")
                or (mention.j < len(tokens) and s.norms[mention.j] in ("reported", "quoted"))
            ):
                reported_by = name
            elif media_kind in ("broadcaster", "platform") or mention.possessive:
                venue = self._show(s, mention)
            elif lead in ("told", "to", "with"):
                reported_by = name
        if venue is None:
            described = self._described_venue(s)
            if described is not None:
                outlet, at = described
                lead = " ".join(s.norms[max(0, at - 3) : at])
                if "according to" in lead or lead.endswith(("by", "by the", "told", "told the")):
                    reported_by = reported_by or outlet
                else:
                    venue = outlet
        if venue is None:
            match = _VENUE_START.search(s.text)
            if match:
                venue = match.group("venue").strip()
        if venue is None and re.search(r"\bon the (?:show|programme|program|broadcast)\b", s.text):
            venue = self.last_venue
        if venue is not None:
            self.last_venue = venue
        return venue, reported_by

    def _show(self, s: SentenceView, mention: Mention) -> str:
        """ "CNN's State of the Union", "ABC's This Week": the outlet and the programme after it."""
        tokens, j = s.tokens, mention.j
        name = mention.surface
        if not mention.possessive:
            return name
        end = j
        while end < len(tokens) and (
            tokens[end].is_capitalized
            or tokens[end].norm in ("of", "the", "and")
            or tokens[end].text in "‘’'\"“”"
        ):
            if tokens[end].text in "’'\"”" and end > j:
                end += 1
                break
            end += 1
        show = self.doc.text[tokens[j].start : tokens[end - 1].end] if end > j else ""
        show = show.strip("‘’'\"“” ")
        return f"{name}'s {show}".strip() if show else name

    def _described_venue(self, s: SentenceView) -> tuple[str, int] | None:
        """ "the public broadcaster NRT", "the Kellbridge Gazette": outlets the dictionaries do not know.

        Returns the outlet as written and the index of its first token (past a leading "the").
        """
        tokens = s.tokens
        for k, token in enumerate(tokens):
            if token.norm in _MEDIA_NOUNS and k + 1 < len(tokens) and tokens[k + 1].is_capitalized:
                end = k + 1
                while end < len(tokens) and tokens[end].is_capitalized:
                    end += 1
                start = k - 1 if k > 0 and tokens[k - 1].is_word and tokens[k - 1].norm != "the" else k
                return self.doc.text[tokens[start].start : tokens[end - 1].end], start
            if token.is_capitalized and token.norm in _MEDIA_HEADS and k > 0 and tokens[k - 1].is_capitalized:
                start = k - 1
                while start > 0 and tokens[start - 1].is_capitalized and tokens[start - 1].norm != "the":
                    start -= 1
                return self.doc.text[tokens[start].start : token.end], start
        return None


def _relative_clause_start(tokens: tuple[Token, ...], j: int) -> int | None:
    """For "Trump, who called X a dictator, has said": the index of the comma that opens the clause."""
    for c in range(j - 2, max(0, j - 30), -1):
        if tokens[c].text == "," and c + 1 < len(tokens) and tokens[c + 1].norm in ("who", "which"):
            return c
    return None


def _strip_article(text: str, keep: bool = False) -> str:
    for article in ("the ", "The "):
        if text.startswith(article) and not keep:
            return text[len(article) :]
    return text


def _noun_phrase_before(tokens: tuple[Token, ...], a: int, b: int) -> tuple[int, int] | None:
    i = b
    while i > a and tokens[i - 1].is_word and b - i < 10:
        i -= 1
    return (i, b) if i < b else None


def _noun_phrase_after(tokens: tuple[Token, ...], a: int, b: int) -> tuple[int, int] | None:
    j = a
    while j < b and (tokens[j].is_word or tokens[j].norm == "-") and j - a < 10:
        if j > a and tokens[j].norm in SPEECH_VERBS:
            break
        j += 1
    return (a, j) if j > a else None


_TIME_WORDS = word_set(
    """on last this late early monday tuesday wednesday thursday friday saturday sunday week weekend
    night morning afternoon evening yesterday today earlier later"""
)


def _skip_time(s: SentenceView, k: int) -> int:
    """Past "on Sunday that" after a cue: the index where what was said begins."""
    start = k
    while k < len(s.tokens) - 1 and s.norms[k] in _TIME_WORDS:
        k += 1
    if k > start and s.norms[k] not in ("that", ","):
        k = start
    if s.norms[k] in ("in", "at", "during", "on", "via"):
        # "said in a statement that": what was said starts after the medium
        that = next(
            (t for t in range(k + 1, min(len(s.tokens), k + 10)) if s.norms[t] in ("that", ",")), None
        )
        if that is not None and s.norms[that] == "that":
            k = that
    while k < len(s.tokens) - 1 and s.norms[k] in ("that", ","):
        k += 1
    return k


def _before_trailing_source(s: SentenceView) -> int:
    for k, token in enumerate(s.tokens):
        if (
            token.text == ","
            and k + 2 < len(s.tokens)
            and s.norms[k + 1] == "according"
            and s.norms[k + 2] == "to"
        ):
            return token.start
    return s.end


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
