"""Speech that was not made, or said in passing, makes no statement: negated, hypothetical and future speech,
refusals and plans, participles, relative clauses, and cue verbs used in other senses (made-up sentences)."""

from __future__ import annotations

import pytest

from summarizer.offline.attribution import StatementDraft, find_statements
from summarizer.offline.lexicon import load_lexicon

from .helpers import actors_of


def _statements(*paragraphs: str) -> list[StatementDraft]:
    doc, actors = actors_of(*paragraphs)
    return find_statements(doc, actors, load_lexicon())


@pytest.mark.parametrize(
    "sentence",
    [
        "Mara Okonjo did not respond to a request for comment on the new offer.",
        "Mara Okonjo never said that the port would close.",
        "Mara Okonjo could argue that the port must close by June.",
        "Mara Okonjo will announce on Friday that the port is closing.",
        "Mara Okonjo declined to comment on the new offer from the owners.",
        "Mara Okonjo is expected to announce that the port will close in June.",
        "Mara Okonjo seemed to agree with the owners about the schedule.",
        "Mara Okonjo was trying to ask the minister a question after the meeting.",
    ],
)
def test_speech_not_made_is_no_statement(sentence: str) -> None:
    assert _statements(sentence) == []


def test_speech_that_was_made_still_counts() -> None:
    found = _statements(
        "Mara Okonjo said that the port would close in June.",
        "Tomas Reyes went on to say that the owners had no choice.",
    )
    assert [s.speaker for s in found] == ["Mara Okonjo", "Tomas Reyes"]


def test_a_question_put_to_someone_is_not_their_statement() -> None:
    found = _statements("Asked about the strike, Mara Okonjo smiled and left the hall without a word.")
    assert found == []


def test_a_relative_clause_says_in_passing_what_someone_said() -> None:
    found = _statements(
        "The ferry workers rejected a plan that Mara Okonjo announced last week.",
        "The union hired economists who say the port is losing money.",
    )
    assert found == []


def test_a_relative_clause_attributed_whole_is_a_statement() -> None:
    [statement] = _statements(
        "The new rules, which port officials said will take effect in May, cover every ferry line."
    )
    assert "port officials" in statement.speaker


def test_a_relative_clause_that_quotes_is_a_statement() -> None:
    [statement] = _statements(
        "The crowd cheered for Mara Okonjo, who said: “The port will not close while I chair this board.”"
    )
    assert statement.speaker == "Mara Okonjo"


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour board added two million dollars to the repair budget on Monday.",
        "Mara Okonjo told the story of the first ferry strike to a small crowd.",
        "The Ferry Workers Union claimed victory in the first round of the vote.",
        "The shipping company declared bankruptcy in the spring of last year.",
        "Mara Okonjo wrote a book about the harbour and its ferries.",
    ],
)
def test_cue_verbs_in_other_senses_need_what_was_said(sentence: str) -> None:
    assert _statements(sentence) == []
