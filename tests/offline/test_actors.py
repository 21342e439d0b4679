"""People, titles, institutions and parties, from made-up sentences."""

from __future__ import annotations

from summarizer.offline.actors import Actors
from summarizer.offline.assemble import assemble
from summarizer.offline.declared import declared_actors
from summarizer.offline.lexicon import load_lexicon
from summarizer.offline.prepare import parsed_docs

from .helpers import actors_of, article


def _person(actors: Actors, surname: str) -> tuple[str, str, str | None]:
    person = next(p for p in actors.persons.values() if p.name.endswith(surname))
    return person.name, person.party, person.title or person.dictionary_title


def test_title_before_a_known_name_and_institution_party() -> None:
    _, actors = actors_of(
        "Kremlin spokesman Dmitry Peskov told reporters that Moscow saw no reason to hurry."
    )
    assert _person(actors, "Peskov") == ("Dmitry Peskov", "RUS", "Kremlin spokesman")


def test_title_before_an_unknown_name_takes_the_party_of_the_institution_in_it() -> None:
    _, actors = actors_of("White House trade adviser Lena Marchetti said the offer would expire on Friday.")
    assert _person(actors, "Marchetti") == ("Lena Marchetti", "USA", "White House trade adviser")


def test_appositive_title_and_organisation_anaphor() -> None:
    _, actors = actors_of(
        "The Amalgamated Rail Workers Union walked out on Monday.",
        "Tomasz Wren, the union’s chief negotiator, said members would not return for less.",
    )
    name, party, title = _person(actors, "Wren")
    assert name == "Tomasz Wren"
    assert party == "@amalgamated-rail-workers-union"
    assert title == "union’s chief negotiator"


def test_surname_alone_refers_back_to_the_full_name() -> None:
    _, actors = actors_of(
        "Finance Minister Clara Osei met creditors in London.",
        "Osei said the talks were constructive.",
    )
    mentions = actors.mentions[2]
    assert any(m.kind == "person" and m.entity == "p:clara osei" for m in mentions)


def test_capitals_stand_for_their_states_unless_they_are_only_a_location() -> None:
    _, actors = actors_of("Beijing rejected the terms, while the delegates gathered in Geneva and in Moscow.")
    parties = {(m.surface, m.party, m.locative) for m in actors.mentions[1] if m.kind == "country"}
    assert ("Beijing", "CHN", False) in parties
    assert ("Moscow", "RUS", True) in parties


def test_definite_role_refers_to_the_last_person_with_that_role() -> None:
    _, actors = actors_of(
        "UN envoy Marta Ruiz arrived in Nairobi on Tuesday.",
        "According to the envoy, both sides had agreed to a prisoner exchange.",
    )
    anaphor = next(m for m in actors.mentions[2] if m.anaphor)
    assert anaphor.entity == "p:marta ruiz"


def test_unknown_organisation_with_acronym_and_later_short_form() -> None:
    _, actors = actors_of(
        "The Federation of Coastal Fishers (FCF) demanded new quotas.",
        "FCF leaders said the quota plan was unacceptable.",
    )
    first = next(m for m in actors.mentions[1] if m.kind == "organization")
    later = next(m for m in actors.mentions[2] if m.kind == "organization")
    assert first.party == later.party == "@federation-of-coastal-fishers"


def test_a_place_name_that_is_part_of_a_persons_name_is_not_the_place() -> None:
    _, actors = actors_of("Mediator Sofia Lindqvist said the parties would meet again.")
    assert not any(m.kind == "country" for m in actors.mentions[1])
    assert _person(actors, "Lindqvist")[0] == "Sofia Lindqvist"


def test_names_the_article_shows_acting_become_parties() -> None:
    _, actors = actors_of(
        "Norvania and Kessland resumed border talks on Monday.",
        "Norvania insisted that any deal include the river crossings, while Kessland refused to discuss it.",
        "Norvanian officials said Kessland’s president had been briefed.",
    )
    kinds = {m.surface: actors.party_kinds.get(m.party) for ms in actors.mentions for m in ms if m.party}
    assert kinds["Norvania"] == "state"
    assert kinds["Kessland"] == "state"
    assert kinds["Norvanian"] == "state"


def test_pronoun_refers_to_the_nearest_person() -> None:
    _, actors = actors_of("Prime Minister Ana Duarte spoke after the vote and she promised a new offer.")
    pronoun = next(m for m in actors.mentions[1] if m.anaphor)
    assert pronoun.entity == "p:ana duarte"


def test_role_then_comma_then_name() -> None:
    _, actors = actors_of(
        "Talks between Norvania and Kessland broke down again.",
        "Norvania’s foreign minister, Ilse Baranek, blamed Kessland for the delay.",
        "Kessland refused to comment, and Norvania insisted on new guarantees.",
    )
    name, party, title = _person(actors, "Baranek")
    assert name == "Ilse Baranek"
    assert party == "@norvania"
    assert title == "Norvania’s foreign minister"


def test_a_surname_after_a_first_name_a_middle_initial_or_a_courtesy_title_is_no_party() -> None:
    doc, _ = actors_of(
        "Petra L. Vasko met the Marrow delegation in Kessaly.",
        "Vasko said the talks would resume, and Vasko insisted on a written agenda.",
        "Mr. Orlan said the owners had left, and Orlan refused to comment further.",
        "Garrick Denholm said nothing new, and Denholm warned of delays.",
        "Denholm wants a vote on the deal by Friday, Denholm said.",
    )
    keys = {item.key for item in declared_actors(doc, load_lexicon())}
    assert not keys & {"vasko", "orlan", "denholm"}


def test_a_dictionary_title_stands_only_where_the_article_gives_it() -> None:
    _, actors = actors_of(
        "Marco Rubio criticised the deal at a rally in Iowa on Monday.",
        "Vladimir Putin said Moscow would not hurry, and President Putin repeated it later.",
    )
    assert _person(actors, "Rubio")[2] is None
    assert _person(actors, "Putin")[2] == "President"


def test_an_apposition_that_is_no_title_gives_none() -> None:
    _, actors = actors_of(
        "The debate turned to Ivo Marsh, especially when the mayor raised the budget, in the last hour.",
        "Talks chair Annika Lund, these officials said, would meet both unions.",
        "Ivo Marsh, the harbour board's chief negotiator, said the offer stood.",
    )
    assert _person(actors, "Marsh")[2] == "harbour board's chief negotiator"
    assert _person(actors, "Lund")[2] == "chair"


def test_an_apposition_ends_before_a_clause_about_the_person() -> None:
    _, actors = actors_of(
        "Petra Vasko, a senior harbour adviser who drafted the plan, said it would pass.",
        "Garrick Denholm, a ferry captain arrested in the spring, told reporters he was innocent.",
    )
    assert _person(actors, "Vasko")[2] == "senior harbour adviser"
    assert _person(actors, "Denholm")[2] == "ferry captain"


def test_a_title_ending_in_of_before_a_name_is_someone_elses() -> None:
    _, actors = actors_of(
        "Hillary Clinton said the plan would pass.",
        "The chairman of Hillary Clinton's campaign said the same on Monday.",
    )
    assert _person(actors, "Clinton")[2] is None


def test_a_dictionary_first_name_before_another_surname_is_someone_else() -> None:
    _, actors = actors_of("The government of Petro O. Vasylenko called early elections on Monday.")
    assert not any(p.name == "Gustavo Petro" for p in actors.persons.values())


def test_a_courtesy_title_of_the_other_gender_names_someone_else() -> None:
    _, actors = actors_of(
        "Hillary Clinton said the plan would pass.",
        "Mrs. Clinton repeated it on Monday.",
        "Mr. Clinton said he had not read the plan.",
    )
    mentions = [m for m in actors.mentions[3] if m.kind == "person" and not m.anaphor]
    assert all(m.entity != "p:hillary clinton" for m in mentions)


def test_a_middle_initial_does_not_make_a_second_person() -> None:
    _, actors = actors_of(
        "Vladimir Putin said Moscow would wait.",
        "Later, Vladimir V. Putin told reporters the talks would go on.",
    )
    assert [p.name for p in actors.persons.values()].count("Vladimir Putin") == 1
    assert len(actors.persons) == 1


def test_a_title_inside_the_dictionarys_phrase_is_no_part_of_the_name() -> None:
    _, actors = actors_of("Critics named figures such as Russian President Vladimir Putin, she said.")
    assert [p.name for p in actors.persons.values()] == ["Vladimir Putin"]


def test_a_bodys_name_goes_on_with_of_and_a_place() -> None:
    _, actors = actors_of("Leaders of the Dock Workers of America said the strike would go on.")
    assert "Dock Workers of America" in actors.org_names.values()


def test_a_role_named_by_an_institution_in_a_title_is_no_alias() -> None:
    text = article(
        "Secretary of State John Kerry said the ceasefire talks with Russia would resume on Friday.",
        "The Kremlin said Moscow was ready to negotiate a ceasefire with Washington.",
    )
    summary = assemble(parsed_docs([text], load_lexicon())[0], load_lexicon())
    aliases = [alias for party in summary.parties for alias in party.aliases]
    assert "Secretary of State" not in aliases
    assert "Kremlin" in aliases


def test_a_news_outlet_the_article_describes_is_no_party() -> None:
    doc, _ = actors_of(
        "Halvard rejected the bid, Dagsposten reported.",
        "Halvard said in an interview with Dagsposten, the Danish business daily, that the offer was low.",
        "Dagsposten said the board would meet again.",
    )
    assert "dagsposten" not in {item.key for item in declared_actors(doc, load_lexicon())}


def test_the_rest_of_a_bodys_name_after_a_title_word_is_no_person() -> None:
    _, actors = actors_of(
        "The biggest hurdle is China's State Administration for Market Regulation, analysts said."
    )
    assert not any("Regulation" in p.name for p in actors.persons.values())


def test_an_organisation_the_recogniser_reads_in_a_persons_surname_is_that_person() -> None:
    from summarizer.offline.entities import _surname_of

    assert _surname_of("ibarra soto", [" lucia ibarra soto"])
    assert not _surname_of("ibarra soto", [" lucia ibarra"])


def test_a_person_the_dictionary_files_under_a_government_is_a_person_where_written_as_one() -> None:
    _, actors = actors_of(
        "The talks stalled after the government of President Bashar al-Assad refused to attend, he said.",
        "Mr. Assad said on Monday that the offer was not serious.",
    )
    _, party, title = _person(actors, "Assad")
    assert (party, title) == ("SYR", "President")


def test_a_country_a_title_is_about_is_not_the_employer() -> None:
    _, actors = actors_of(
        "Petra Vasko, a former adviser on Syria in the administration, said the truce would not hold."
    )
    assert _person(actors, "Vasko")[1] == ""


def test_a_common_word_opening_a_sentence_is_no_first_name() -> None:
    doc, _ = actors_of(
        "Three Brannock voted for the budget on Monday.",
        "The plan was drafted with Brannock, and Brannock insisted on a vote.",
        "Only three members were absent.",
    )
    assert "brannock" in {item.key for item in declared_actors(doc, load_lexicon())}


def test_the_article_s_title_names_the_organisation_a_known_politician_acts_for() -> None:
    _, actors = actors_of(
        "Merz met the union leaders in Hamburg.",
        "Friedrich Merz, the leader of the Christian Democratic Union, said the talks would resume.",
    )
    name, party, _ = _person(actors, "Merz")
    assert (name, party) == ("Friedrich Merz", "@christian-democratic-union")


def test_an_acronym_is_one_party_with_the_name_it_abbreviates() -> None:
    _, actors = actors_of(
        "The NPU rejected the coalition offer on Monday.",
        "A spokesman for the National Progress Union said it would return next week.",
    )
    parties = {m.surface: m.party for ms in actors.mentions for m in ms if m.kind == "organization"}
    assert parties["NPU"] == parties["National Progress Union"]


def test_an_unknown_acronym_in_a_title_is_the_person_s_organisation() -> None:
    _, actors = actors_of("Mara Velden, co-leader of the VLP, said her party would not join the cabinet.")
    name, party, title = _person(actors, "Velden")
    assert (name, party, title) == ("Mara Velden", "@vlp", "co-leader of the VLP")


def test_a_dateline_is_where_the_news_comes_from_not_a_party() -> None:
    _, actors = actors_of("MADRID — The two unions said on Monday that the strike would go ahead.")
    [madrid] = [m for m in actors.mentions[1] if m.surface == "MADRID"]
    assert madrid.locative
