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


def test_according_to_names_the_source_of_a_quoted_speakers_words() -> None:
    [statement] = _statements(
        "Mara Okonjo told the board that the port would close, according to two people in the room."
    )
    assert "two people" in statement.speaker


def test_it_and_they_refer_back_only_to_a_group_of_their_number_just_before() -> None:
    found = _statements(
        "The harbour ministry said the ferries would run on Sunday.",
        "It said the timetable would be published on Friday.",
        "Dock officials said the cranes were idle.",
        "They said the strike had cost two million dollars.",
        "The weather was calm all week and the ferries were full of tourists again.",
        "The bridge was closed for repairs and the buses were late on every route.",
        "They said the port would reopen soon.",
    )
    assert [(s.speaker, s.sentence_ids) for s in found] == [
        ("harbour ministry", [1, 2]),
        ("Dock officials", [3, 4]),
    ]


def test_a_sentence_that_only_names_the_speaker_takes_the_quotation_before_it() -> None:
    [statement] = _statements("“We will not sign anything before the vote on Friday.”", "Mara Okonjo said.")
    assert statement.speaker == "Mara Okonjo"
    assert statement.kind == "direct"
    assert statement.sentence_ids == [1, 2]


def test_a_clause_set_off_by_a_comma_after_a_name_says_what_the_named_one_said() -> None:
    [statement] = _statements(
        "The bid was turned down by Halvard Shipping, which insists that the price is too low."
    )
    assert statement.speaker == "Halvard Shipping"


def test_a_relative_clause_whose_gap_is_what_was_said_is_a_statement() -> None:
    [statement] = _statements(
        "The Ferry Workers Union wants the release of forty workers it says are held without charge."
    )
    assert statement.speaker == "Ferry Workers Union"


def test_a_that_clause_the_parser_hung_lower_still_says_what_was_told() -> None:
    [statement] = _statements(
        "Ivo Marsh, the party's leader, told supporters during the campaign that he would not join them."
    )
    assert statement.speaker == "Ivo Marsh"


def test_words_reported_through_someone_else_are_the_speakers() -> None:
    [statement] = _statements(
        "The harbour chief, Ivo Marsh, was reported by two people at the talks to have described the offer as"
        " a fair start."
    )
    assert statement.speaker == "Ivo Marsh"


def test_it_refers_to_the_body_the_sentence_before_named_as_the_group() -> None:
    found = _statements(
        "The Marrow Valley Front rejected the offer on Monday.",
        "The group takes the opposite view on the schedule.",
        "It says the ceasefire must come first.",
    )
    assert [s.speaker for s in found] == ["Marrow Valley Front"]


def test_it_does_not_refer_to_a_possessive_or_the_object_of_a_preposition() -> None:
    found = _statements(
        "Officials say the levy would hit Veridia harder than Moldara's mills, and it has asked for talks."
    )
    assert all(s.speaker not in ("Veridia", "Moldara") for s in found)
