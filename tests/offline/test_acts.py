"""Proposals and responses, demands, concessions, pressure, positions and sticking points."""

from __future__ import annotations

from summarizer.offline.acts import Acts, find_acts
from summarizer.offline.issues import find_issues
from summarizer.offline.lexicon import load_lexicon

from .helpers import actors_of


def _acts(*paragraphs: str) -> Acts:
    doc, actors = actors_of(*paragraphs)
    return find_acts(doc, actors, find_issues(doc, load_lexicon()))


def _responses(acts: Acts) -> dict[str, str]:
    return {party: response for p in acts.proposals for party, (response, _) in p.responses.items()}


def test_proposal_by_possessive_owner_accepted_and_passive_rejection() -> None:
    acts = _acts(
        "Ukraine accepted the Turkish proposal for a 10-day truce on Friday.",
        "But the plan was rejected by Moscow, which wants a permanent settlement first.",
    )
    [proposal] = acts.proposals
    assert (proposal.proposer, proposal.issue) == ("TUR", "ceasefire")
    assert "10-day truce" in proposal.terms
    assert _responses(acts) == {"UKR": "accepted", "RUS": "rejected"}


def test_negated_acceptance_is_a_rejection() -> None:
    acts = _acts("India did not accept the Chinese offer on border patrols and territory.")
    assert _responses(acts) == {"IND": "rejected"}


def test_considering_a_proposal() -> None:
    acts = _acts(
        "Japan proposed lower tariffs on rice imports.",
        "South Korea is considering the proposal, officials in Seoul said.",
    )
    assert acts.proposals[0].proposer == "JPN"
    assert _responses(acts) == {"KOR": "considering"}


def test_proposal_made_with_a_verb_and_its_terms() -> None:
    acts = _acts("Brazil proposed a phased cut in export quotas over three years.")
    [proposal] = acts.proposals
    assert proposal.proposer == "BRA"
    assert proposal.terms.startswith("a phased cut in export quotas")


def test_demand_with_addressee() -> None:
    acts = _acts("Poland demanded security guarantees from Germany before signing the pact.")
    [demand] = acts.demands
    assert (demand.party, demand.other, demand.issue) == ("POL", "DEU", "security-guarantees")


def test_concession() -> None:
    acts = _acts("Canada agreed to drop its demand for lower dairy tariffs, conceding ground to Mexico.")
    assert any(c.party == "CAN" and c.issue == "tariffs" for c in acts.concessions)


def test_pressure_becomes_a_conditional_position() -> None:
    acts = _acts("The European Union threatened new sanctions on Iran if the talks fail.")
    assert any(
        p.party == "IGOEUREEC" and p.kind == "pressure" and p.issue == "sanctions" for p in acts.positions
    )


def test_sticking_point_names_the_parties_and_issue() -> None:
    acts = _acts("Talks between Serbia and Kosovo stalled over the status of the northern territory.")
    [point] = acts.sticking_points
    assert point.issue == "territory"
    assert set((point.other or "").split(",")) == {"SRB", "KSV"}


def test_reluctance_is_an_opposing_position() -> None:
    acts = _acts("Norway has been reluctant to commit to the emissions targets.")
    assert any(p.party == "NOR" and p.kind == "opposes" and p.issue == "emissions" for p in acts.positions)


def test_acts_inside_a_quotation_are_left_to_the_statement() -> None:
    acts = _acts("“We reject the French proposal on fishing quotas,” a British official said.")
    assert acts.proposals == []
