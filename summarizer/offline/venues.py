"""Where a statement was made and through whom it was reported: "on NBC's Meet the Press", "in a statement",
"told Reuters", "according to the TASS news agency", "the public broadcaster NRT"."""

from __future__ import annotations

import re

from .actors import Actors, Mention
from .document import Doc, SentenceView
from .lexicon import Lexicon
from .words import word_list

__all__ = ["VenueFinder"]

_VENUE_START = re.compile(
    r"\b(?:in|at|during|on|via|through)\s+(?P<venue>(?:an?|the|his|her|their|its)\s+"
    r"(?:brief\s+|joint\s+|written\s+|televised\s+|separate\s+|weekly\s+|rare\s+|short\s+)?"
    r"(?:statement|interview|post|news conference|press conference|briefing|address|speech|letter|message|"
    r"video|broadcast)(?:\s+(?:on|to|with|in)\s+[\w’'\- ]+?)?)"
    r"(?=[,.;]|\s+(?:that|on|after|before|said|and)\b|$)",
    re.IGNORECASE,
)
_MEDIA_HEADS = word_list("attribution.txt", "media_heads")
_MEDIA_NOUNS = word_list("attribution.txt", "media_nouns")


class VenueFinder:
    """Venues and outlets sentence by sentence; a venue carries over to "on the show" later on."""

    def __init__(self, doc: Doc, actors: Actors, lexicon: Lexicon) -> None:
        self.doc, self.actors, self.lexicon = doc, actors, lexicon
        self.last_venue: str | None = None

    def find(self, s: SentenceView) -> tuple[str | None, str | None]:
        """Where the statement of sentence ``s`` was made (venue) and the outlet that reported it."""
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
        """ "the public broadcaster NRT", "the Kellbridge Gazette", "Radio Corva": unknown outlets.

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
            if (
                token.is_capitalized
                and token.norm in _MEDIA_HEADS
                and k + 1 < len(tokens)
                and tokens[k + 1].is_capitalized
                and tokens[k + 1].is_word
            ):
                # "Radio Corva", "Channel Nine": the medium first, then its name
                end = k + 1
                while end < len(tokens) and tokens[end].is_capitalized and tokens[end].is_word:
                    end += 1
                return self.doc.text[token.start : tokens[end - 1].end], k
        return None
