"""Acts read from the dependency parse: answers linked to what they answer, agreements, shifts in words, and
issues named by an act's object. Made-up sentences only."""

from __future__ import annotations

import pytest

from summarizer.offline.acts import Acts, find_acts
from summarizer.offline.issues import find_issues
from summarizer.offline.lexicon import load_lexicon

from .helpers import actors_of, summary_of


def _acts(*paragraphs: str) -> Acts:
    doc, actors = actors_of(*paragraphs)
    return find_acts(doc, actors, find_issues(doc, load_lexicon()))


def _answers(acts: Acts) -> dict[str, str]:
    return {party: kind for p in acts.proposals for party, (kind, _) in p.responses.items()}


def test_an_answer_goes_to_the_plan_its_owner_made() -> None:
    acts = _acts(
        "Norway proposed a ban on bottom trawling in the fjords.",
        "Sweden put forward a plan of its own for the fjords.",
        "Iceland rejected Norway's plan on Tuesday.",
    )
    norway = next(p for p in acts.proposals if p.proposer == "NOR")
    assert norway.responses["ISL"][0] == "rejected"
    assert all("ISL" not in p.responses for p in acts.proposals if p.proposer != "NOR")


def test_every_inflection_negation_and_the_passive() -> None:
    assert _answers(
        _acts("Norway proposed a ban on bottom trawling.", "Iceland is accepting the proposal.")
    ) == {"ISL": "accepted"}
    assert _answers(
        _acts("Norway proposed a ban on bottom trawling.", "Iceland did not accept the proposal.")
    ) == {"ISL": "rejected"}
    assert _answers(
        _acts("Norway proposed a ban on bottom trawling.", "The proposal was rejected by Iceland.")
    ) == {"ISL": "rejected"}


def test_an_answer_to_a_demand() -> None:
    acts = _acts("Iceland demanded a ban on bottom trawling.", "Norway turned down the demand.")
    [demand] = acts.demands
    assert demand.party == "ISL"
    assert demand.responses["NOR"][0] == "rejected"


def test_agreements_reached_and_signed_but_not_hoped_for() -> None:
    signed = _acts("Norway and Iceland signed a treaty on fishing quotas on Friday.").agreements
    assert [(sorted(a.parties), a.status) for a in signed] == [(["ISL", "NOR"], "signed")]
    assert _acts("Norway hopes to reach a deal with Iceland on fishing quotas.").agreements == []
    assert _acts("Norway and Iceland failed to reach a deal on fishing quotas.").agreements == []
    assert _acts("Previous attempts by Norway and Iceland to reach a deal collapsed.").agreements == []


def test_one_side_accepting_is_no_agreement() -> None:
    acts = _acts("Norway proposed new fishing quotas.", "Iceland agreed to the proposal.")
    assert acts.agreements == []
    assert _answers(acts) == {"ISL": "accepted"}


def test_a_shift_in_words_carries_the_stance_before() -> None:
    acts = _acts("Iceland has dropped its demand for a moratorium on whaling.")
    [shifted] = [p for p in acts.positions if p.previous is not None]
    assert (shifted.party, shifted.previous, shifted.kind) == ("ISL", "opposes", "conditional")
    assert shifted.issue == "moratorium"
    no_longer = _acts("Norway no longer insists on a moratorium on whaling.")
    assert [p.party for p in no_longer.positions if p.previous is not None] == ["NOR"]
    refused = _acts("Norway refused to drop its demand for a moratorium on whaling.")
    assert [p for p in refused.positions if p.previous is not None] == []


def test_the_object_names_the_issue() -> None:
    acts = _acts("Iceland demanded water quotas from Norway.")
    [demand] = acts.demands
    assert (demand.party, demand.other, demand.issue) == ("ISL", "NOR", "water-quotas")
    assert acts.phrase_issues["water-quotas"][0] == "water quotas"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Iceland demanded a partial no-fly zone from Norway.", "partial no-fly zone"),
        ("Iceland demanded a two-state solution from Norway.", "two-state solution"),
        ("Iceland demanded a 45-day cooling-off period from Norway.", "cooling-off period"),
        ("Iceland demanded a non-aggression pact from Norway.", "non-aggression pact"),
    ],
)
def test_a_hyphenated_word_names_the_issue_whole(sentence: str, label: str) -> None:
    [demand] = _acts(sentence).demands
    assert _acts(sentence).phrase_issues[demand.issue][0] == label


def test_a_summary_holds_agreements_shifts_and_answered_demands() -> None:
    summary = summary_of(
        "Iceland demanded a moratorium on whaling in talks with Norway.",
        "Norway rejected the demand, and the talks stalled.",
        "Iceland has since dropped its demand for a moratorium on whaling.",
        "Norway and Iceland signed an agreement on fishing quotas on Friday.",
    )
    assert [(a.status, sorted(a.parties)) for a in summary.agreements] == [("signed", ["iceland", "norway"])]
    assert any(p.shift is not None and p.shift.previous_stance == "opposes" for p in summary.positions)
    assert any(r.response == "rejected" for d in summary.demands for r in d.responses)


def test_an_opinion_shared_is_no_deal_and_a_wish_denied_no_demand() -> None:
    assert _acts("Norway and Iceland agree that such quotas are a problem.").agreements == []
    agreed = _acts("Norway and Iceland agreed that the catch data would be shared every month.").agreements
    assert [sorted(a.parties) for a in agreed] == [["ISL", "NOR"]]
    assert _acts("Iceland doesn't want new fishing quotas.").demands == []


def test_a_concession_is_given_not_sought() -> None:
    given = _acts("Norway made concessions on fishing quotas to Iceland.").concessions
    assert [(c.party, c.issue) for c in given] == [("NOR", "tariffs")]
    assert _acts("Iceland hopes to win concessions on fishing quotas from Norway.").concessions == []


def test_a_stance_that_changes_is_a_shift_of_its_owner() -> None:
    acts = _acts("Iceland demanded a moratorium on whaling.", "Since then Iceland's position has softened.")
    assert [(p.party, p.previous) for p in acts.positions if p.previous is not None] == [("ISL", "opposes")]


def test_a_demand_that_a_party_rejects_is_not_its_own_demand() -> None:
    acts = _acts(
        "Norway and Iceland met for talks on fishing quotas.",
        "Iceland rejected the demand for a ban on bottom trawling.",
    )
    assert [d.party for d in acts.demands] == []
    assert [(p.party, p.kind) for p in acts.positions] == [("ISL", "opposes")]


def test_a_pronoun_stands_for_the_speaker_not_the_last_party_named() -> None:
    acts = _acts(
        "Norway rejected the plan for new fishing quotas.",
        "The fishermen's association said they would back the quotas only if the ban were lifted.",
    )
    assert all(p.party != "NOR" or p.kind == "opposes" for p in acts.positions)


def test_a_participle_without_a_subject_is_no_party_act() -> None:
    acts = _acts(
        "Norway and Iceland resumed talks on fishing quotas on Monday.",
        "Despite the feud over the treaty, Norway won praise by requiring trawlers to report their catch.",
    )
    assert [d.party for d in acts.demands] == []


def test_a_stance_word_that_is_a_particle_or_an_unowned_noun_is_no_stance() -> None:
    acts = _acts(
        "Norway and Iceland resumed talks on fishing quotas on Monday.",
        "Both governments have tried to dial back the dispute over fishing quotas.",
        "Iceland insists it gives no support to trawler owners in the quota dispute.",
    )
    assert [(p.party, p.kind) for p in acts.positions if p.kind == "supports"] == []


def test_an_owned_support_noun_is_a_stance() -> None:
    acts = _acts("Iceland repeated its support for the fishing quotas in talks with Norway.")
    assert ("ISL", "supports") in [(p.party, p.kind) for p in acts.positions]


def test_a_participle_of_backing_that_modifies_a_noun_is_no_stance() -> None:
    acts = _acts(
        "Norway and Iceland resumed talks on fishing quotas on Monday.",
        "Trawler crews backed by Norway have caught more cod than the quotas allow.",
    )
    assert [(p.party, p.kind) for p in acts.positions if p.kind == "supports"] == []


def test_a_long_object_is_never_cut_inside_a_name() -> None:
    summary = summary_of(
        "Iceland and Norway met for talks on fishing quotas.",
        "Norway tabled the Nordic proposal of a ten-year ban on trawling off Jan Mayen Island.",
        "Iceland rejected the proposal on Tuesday.",
    )
    [proposal] = summary.proposals
    assert proposal.terms.endswith("off Jan Mayen Island")
    assert "Norway proposed a ten-year ban on trawling off Jan Mayen Island" in summary.abstract


def test_the_abstract_names_the_issues_the_talks_are_about_first() -> None:
    summary = summary_of(
        "Away from the nuclear weapons debate, Iceland and Norway met for talks on fishing quotas.",
        "Norway demanded lower fishing quotas from Iceland.",
        "Iceland rejected the demand for lower fishing quotas.",
        "Both sides said fishing quotas would be discussed again next month.",
    )
    first_issue = summary.abstract.split(" over ", 1)[1].split(",")[0].lower()
    assert "fishing quotas" in first_issue


def test_a_pronoun_stands_for_the_party_inside_the_speaker_s_phrase() -> None:
    acts = _acts(
        "Iceland proposed new fishing quotas in talks with Norway.",
        "A spokesman for Norway said it would accept the proposal.",
    )
    assert _answers(acts) == {"NOR": "accepted"}
