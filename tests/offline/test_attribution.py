"""Who said what: cues, speakers, venues, outlets, direct and indirect quotes, from made-up sentences."""

from __future__ import annotations

from summarizer.offline.attribution import StatementDraft, find_statements
from summarizer.offline.lexicon import load_lexicon

from .helpers import actors_of


def _statements(*paragraphs: str) -> list[StatementDraft]:
    doc, actors = actors_of(*paragraphs)
    return find_statements(doc, actors, load_lexicon())


def test_said_after_a_direct_quote_with_venue_programme() -> None:
    [statement] = _statements(
        "“We are closer than we have ever been to a deal on the border,” Vice President JD Vance said on "
        "NBC’s Meet the Press."
    )
    assert statement.speaker == "JD Vance"
    assert statement.party == "USA"
    assert statement.kind == "direct"
    assert statement.venue == "NBC's Meet the Press"
    assert statement.tone == "optimistic"


def test_indirect_speech_reported_through_a_news_agency() -> None:
    [statement] = _statements(
        "Foreign Minister Sergei Lavrov said Moscow would study the plan carefully, according to the "
        "TASS news agency."
    )
    assert statement.speaker == "Sergei Lavrov"
    assert statement.kind == "indirect"
    assert statement.reported_by == "TASS"
    text = " ".join(f"{a}-{b}" for a, b in statement.spans)
    assert text


def test_told_an_outlet_and_in_an_interview_with() -> None:
    first, second = _statements(
        "Chancellor Friedrich Merz told Reuters that Germany would not block the package.",
        "Italy is ready to help, Prime Minister Giorgia Meloni said in an interview with CNN on Tuesday.",
    )
    assert (first.speaker, first.reported_by) == ("Friedrich Merz", "Reuters")
    assert second.speaker == "Giorgia Meloni"
    assert second.venue == "CNN"


def test_he_added_is_the_last_named_speaker() -> None:
    statements = _statements(
        "Trade Representative Jamieson Greer said the tariff truce would hold until the summer.",
        "President Xi Jinping was not mentioned by name.",
        "He added that the next round would take place in Geneva.",
    )
    assert statements[-1].speaker == "Jamieson Greer"


def test_quote_spanning_sentences_belongs_to_one_statement() -> None:
    [statement] = _statements(
        "“The offer is not enough. Our members have waited three years for a raise. We will not sign this,” "
        "said Ruth Adeyemi, the nurses’ union president."
    )
    assert statement.speaker == "Ruth Adeyemi"
    assert statement.title == "nurses’ union president"
    assert statement.kind == "direct"
    [(start, end)] = statement.spans
    assert end - start > len("The offer is not enough. Our members have waited three years for a raise.")


def test_quote_continuing_into_the_next_paragraph() -> None:
    statements = _statements(
        "Hospital Board chair Kwame Asante said: “We have made our best offer and we stand by it.",
        "“There is no more money in the budget for this year, and the nurses know it.”",
    )
    assert len(statements) == 1
    assert statements[0].speaker == "Kwame Asante"
    assert statements[0].sentence_ids == [1, 2]


def test_spokesman_of_a_person_and_unnamed_sources() -> None:
    first, second = _statements(
        "A Kremlin spokesman said the president had no plans to travel.",
        "People familiar with the negotiations said the gap on prices remained wide.",
    )
    assert first.party == "RUS"
    assert "spokesman" in first.speaker
    assert second.speaker == "People familiar with the negotiations"
    assert second.party == ""


def test_a_persons_spokesman_speaks_for_that_persons_party() -> None:
    [statement] = _statements("Erdogan’s spokesman said Turkey was ready to host a new round of talks.")
    assert statement.speaker == "Erdogan’s spokesman"
    assert statement.party == "TUR"


def test_institution_speaks_for_its_state() -> None:
    [statement] = _statements("The State Department said it was reviewing the proposal.")
    assert statement.party == "USA"


def test_a_short_quoted_phrase_keeps_the_speech_indirect() -> None:
    [statement] = _statements(
        "The mediator, Amina Diallo, said the two sides had shown “real flexibility” in the last session."
    )
    assert statement.kind == "indirect"
    assert statement.speaker == "Amina Diallo"


def test_no_speech_cue_no_statement() -> None:
    assert _statements("The ministers met for four hours in a hotel outside Oslo.") == []
