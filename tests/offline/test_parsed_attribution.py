"""Speakers read from the dependency parse, on made-up sentences: inflections, appositions with possessives,
passive agents, "according to", colon quotes, pronouns, and "United States" never read as a verb."""

from __future__ import annotations

from summarizer.article import Article
from summarizer.offline import extract, extract_many, statements
from summarizer.offline.attribution import StatementDraft, find_statements
from summarizer.offline.lexicon import load_lexicon

from .helpers import actors_of, article


def _statements(*paragraphs: str) -> list[StatementDraft]:
    doc, actors = actors_of(*paragraphs)
    return find_statements(doc, actors, load_lexicon())


def test_every_inflection_of_a_speech_verb_is_a_cue() -> None:
    found = _statements(
        "Marta Quell, the mayor, was saying that the bridge would reopen in spring.",
        "Tomas Varga warned that the budget would run out by June.",
        "Ines Holm, noting the delay, argued the contractor should pay for it.",
    )
    assert [s.speaker for s in found] == ["Marta Quell", "Tomas Varga", "Ines Holm"]


def test_a_possessive_in_the_apposition_names_the_employer_not_the_speaker() -> None:
    [statement] = _statements(
        "Lindqvist’s communications director, Jennifer Palmer, said the campaign would not respond."
    )
    assert statement.speaker == "Jennifer Palmer"
    assert statement.title is not None
    assert "communications director" in statement.title


def test_a_ministers_name_after_the_country_and_title() -> None:
    [statement] = _statements(
        "Qatar’s minister of state, Mohammed Al-Khulaifi, said both sides had agreed to meet again."
    )
    assert statement.speaker == "Mohammed Al-Khulaifi"
    assert statement.party == "QAT"


def test_according_to_a_named_source_and_the_passive_agent() -> None:
    first, second = _statements(
        "The ceasefire will hold until Friday, according to Rafael Ortiz, a senior negotiator.",
        "The new offer was described as final by Helena Brandt of the employers’ group.",
    )
    assert first.speaker == "Rafael Ortiz"
    assert second.speaker == "Helena Brandt"


def test_united_states_is_never_the_verb_states() -> None:
    assert _statements("The United States imposed new tariffs on steel imports last week.") == []


def test_a_quotation_after_a_colon_belongs_to_its_speaker() -> None:
    [statement] = _statements(
        "Union leader Sofia Brandt put it bluntly:",
        "“We will not go back to work until the offer is on paper.”",
    )
    assert statement.speaker == "Sofia Brandt"
    assert statement.kind == "direct"
    assert statement.sentence_ids == [1, 2]


def test_she_refers_back_to_the_last_named_speaker() -> None:
    found = _statements(
        "Talks chair Annika Lund said progress had been slow.",
        "She said a deal was still possible before the holidays.",
    )
    assert [s.speaker for s in found] == ["Annika Lund"]  # one statement: neighbouring ones merge
    assert found[0].sentence_ids == [1, 2]


def test_an_unnamed_source_keeps_its_words() -> None:
    [statement] = _statements("The Trump campaign said it would appeal the ruling on Monday.")
    assert "Trump campaign" in statement.speaker


def test_statements_are_found_in_an_article_about_anything() -> None:
    text = "Marathon record falls\nThe winner, Keza Amani, said she had trained at altitude for months.\n"
    found = statements(text)
    assert [s.speaker for s in found] == ["Keza Amani"]
    assert found[0].evidence[0].quote in text
    assert extract(Article.from_text(text)).statements == []  # not a negotiation: no lists at all


def test_a_batch_gives_what_one_by_one_gives() -> None:
    articles = [
        article("The union rejected the offer, its leader Ana Ruiz said.", headline=f"Strike day {k}")
        for k in range(4)
    ]
    one_by_one = [extract(a).model_dump() for a in articles]
    assert [s.model_dump() for s in extract_many(articles)] == one_by_one


def test_a_group_spokeswoman_told_a_radio_station_and_later_the_spokeswoman() -> None:
    found = _statements(
        "Velden Liberation Front spokeswoman Lina Haddad told Radio Corva that the fighters would hold "
        "their fire.",
        "The talks resumed in the afternoon.",
        "The spokeswoman said the group would answer the proposal on Friday.",
    )
    assert [s.speaker for s in found] == ["Lina Haddad", "Lina Haddad"]
    assert found[0].reported_by == "Radio Corva"
    assert found[0].party == found[1].party == "@velden-liberation-front"


def test_an_unknown_organisation_becomes_a_party_with_its_representative() -> None:
    summary = extract(
        article(
            "The Velden Liberation Front rejected the government’s ceasefire proposal on Tuesday.",
            "Velden Liberation Front spokeswoman Lina Haddad said the group wanted the prisoners freed.",
            "Interior Minister Tomas Reyk said the government would not release prisoners before a truce.",
            "The Velden Liberation Front said talks could resume next week if the army withdrew.",
            headline="Rebels reject ceasefire offer",
        )
    )
    parties = {party.id: party for party in summary.parties}
    front = parties["velden-liberation-front"]
    assert [r.name for r in front.representatives] == ["Lina Haddad"]
    assert any(s.party == "velden-liberation-front" for s in summary.statements)


def test_two_apostrophes_mark_a_quotation_as_some_newswire_text_writes_it() -> None:
    [statement] = _statements(
        "''We will not sign this deal today, not while the students' plan is open,'' Mara Okonjo said."
    )
    assert statement.kind == "direct"
    assert statement.speaker == "Mara Okonjo"
