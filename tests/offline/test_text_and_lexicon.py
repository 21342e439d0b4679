"""Tokens, phrase keys, and the dictionaries (derived, hand-written and user-supplied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import ConfigurationError
from summarizer.offline.lexicon import load_lexicon
from summarizer.offline.text import fold, phrase_key, tokenize


def test_tokens_keep_exact_offsets_and_fold_possessives() -> None:
    text = "Ms. Okoro’s team met the workers’ union and U.S. officials on 2-day talks."
    tokens = tokenize(text, offset=100)
    for token in tokens:
        assert text[token.start - 100 : token.end - 100] == token.text
    by_text = {token.text: token for token in tokens}
    assert by_text["Okoro"].possessive
    assert by_text["workers"].possessive
    assert by_text["U.S."].norm == "us"
    assert not by_text["team"].possessive


def test_phrase_keys_agree_between_dictionary_and_text() -> None:
    assert phrase_key("U.S._STATE_DEPARTMENT") == phrase_key("the U.S. State Department").removeprefix("the ")
    assert phrase_key("CHILDREN'S_FUND") == phrase_key("Children’s Fund")
    assert phrase_key("MAZAR-I-SHARIF") == "mazar - i - sharif"


def test_fold_keeps_length() -> None:
    text = "“Don’t” – she said — İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("“A” – ‘b’").startswith('"a" - ')


@pytest.mark.parametrize(
    ("phrase", "party"),
    [
        ("kremlin", "RUS"),
        ("moscow", "RUS"),
        ("white house", "USA"),
        ("washington", "USA"),
        ("kyiv", "UKR"),
        ("beijing", "CHN"),
        ("downing street", "GBR"),
        ("vladimir putin", "RUS"),
        ("lavrov", "RUS"),
        ("zelensky", "UKR"),
        ("keir starmer", "GBR"),
        ("friedrich merz", "DEU"),
        ("nato", "IGOWSTNAT"),
    ],
)
def test_dictionary_maps_places_institutions_and_people_to_parties(phrase: str, party: str) -> None:
    actor = load_lexicon().actors[phrase]
    assert actor.party == party


def test_media_are_not_parties() -> None:
    lexicon = load_lexicon()
    assert lexicon.actors["interfax"].kind == "media"
    assert lexicon.actors["cnn"].media_kind == "broadcaster"
    assert lexicon.actors["reuters"].party == ""


def test_role_phrases_come_from_the_agents_dictionary() -> None:
    lexicon = load_lexicon()
    assert lexicon.match_role(["special", "envoy", "steve"], 0) in (1, 2)
    assert lexicon.match_role(["spokesman"], 0) == 1
    assert lexicon.match_role(["banana"], 0) == 0


def test_user_dictionary_adds_people_and_organisations(tmp_path: Path) -> None:
    extra = tmp_path / "actors.tsv"
    extra.write_text(
        "# phrase<TAB>party<TAB>kind<TAB>title\n"
        "Odile Fenwick\tNorthern Pilots Guild\tperson\tguild president\n"
        "NPG\tNorthern Pilots Guild\torganization\n"
        "Ravel Avia\tRavel Avia\n"
        "Anna Petrova\tRussia\tperson\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon([extra])
    person = lexicon.actors["odile fenwick"]
    assert person.kind == "person"
    assert person.title == "guild president"
    assert lexicon.actors["npg"].party == person.party
    assert lexicon.party_info(person.party).name == "Northern Pilots Guild"
    assert lexicon.actors["ravel avia"].kind == "organization"
    assert lexicon.actors["anna petrova"].party == "RUS"
    assert "odile fenwick" not in load_lexicon().actors


def test_user_dictionary_errors_are_configuration_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"bad\.tsv:1"):
        load_lexicon([bad])
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_lexicon([tmp_path / "missing.tsv"])
    wrong_kind = tmp_path / "kind.tsv"
    wrong_kind.write_text("Foo\tBar\tplanet\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="planet"):
        load_lexicon([wrong_kind])
