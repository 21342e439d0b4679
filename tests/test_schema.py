"""The schema: references, non-negotiation articles, the compact JSON schema, the gold file, and schema 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.result import SummaryResult
from summarizer.schema import SCHEMA_VERSION, NegotiationSummary, iter_evidence, slugify, upgrade_v1

from .scripted import gold_answer


def test_gold_answer_validates_structurally() -> None:
    summary = NegotiationSummary.model_validate(gold_answer())
    assert {party.id for party in summary.parties} >= {"russia", "ukraine", "united-states"}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("positions", 0, "party"), "atlantis", "positions[0].party: party id 'atlantis' is not declared"),
        (("positions", 0, "issue"), "fishing-rights", "positions[0].issue: issue id 'fishing-rights'"),
        (("proposals", 0, "responses", 0, "party"), "mars", "proposals[0].responses[0].party"),
    ],
)
def test_undeclared_ids_are_rejected_with_their_path(
    path: tuple[object, ...], value: str, message: str
) -> None:
    answer = gold_answer()
    node = answer
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        NegotiationSummary.model_validate(answer)


def test_ids_are_normalised_to_slugs_on_both_sides() -> None:
    answer = gold_answer()
    answer["parties"][0]["id"] = "United States"
    for position in answer["positions"]:
        if position["party"] == "united-states":
            position["party"] = "united_states"
    summary = NegotiationSummary.model_validate(answer)
    assert summary.parties[0].id == "united-states"
    assert slugify("Security Guarantees") == slugify("security_guarantees") == "security-guarantees"


def test_duplicate_ids_are_rejected() -> None:
    answer = gold_answer()
    answer["issues"].append(dict(answer["issues"][0]))
    with pytest.raises(ValidationError, match="declared twice"):
        NegotiationSummary.model_validate(answer)


def test_a_non_negotiation_summary_must_be_empty() -> None:
    empty = {"headline": "Marathon", "abstract": "A marathon was run.", "is_negotiation": False}
    assert NegotiationSummary.model_validate(empty).parties == []
    answer = gold_answer() | {"is_negotiation": False}
    with pytest.raises(ValidationError, match="must be empty when is_negotiation is false"):
        NegotiationSummary.model_validate(answer)


def test_unknown_fields_and_enum_values_are_rejected() -> None:
    answer = gold_answer()
    answer["positions"][0]["stance"] = "enthusiastic"
    with pytest.raises(ValidationError, match="stance"):
        NegotiationSummary.model_validate(answer)
    answer = gold_answer() | {"confidence": 0.9}
    with pytest.raises(ValidationError, match="confidence"):
        NegotiationSummary.model_validate(answer)


def test_json_schema_is_compact() -> None:
    schema = NegotiationSummary.model_json_schema()
    text = json.dumps(schema)
    assert '"default"' not in text
    assert set(schema["$defs"]) >= {"Evidence", "Party", "Issue", "Proposal", "Statement"}
    assert text.count('"quote": {') == 1  # Evidence is defined once and referenced
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert set(evidence) == {"sentence_ids", "quote"}  # spans are added after validation, not by the model
    assert (
        schema["$defs"]["Statement"]["properties"]["venue"]["type"] == "string"
    )  # optional: left out, not null
    assert "venue" not in schema["$defs"]["Statement"]["required"]
    assert text.count('{"$ref": "#/$defs/Evidence"}') == 1  # evidence lists: one definition
    # An optional nested model is left out, not null.
    assert schema["$defs"]["Position"]["properties"]["shift"] == {"$ref": "#/$defs/Shift"}
    assert '"additionalProperties"' not in text
    assert "description" not in json.dumps(schema["$defs"])


SCHEMA1 = Path(__file__).resolve().parent / "fixtures" / "schema1"


def test_upgrade_v1_makes_lists_of_a_proposer_and_an_issue() -> None:
    v1 = {
        "headline": "h",
        "proposals": [{"proposer": "us", "issue": "ceasefire", "terms": "t"}, {"terms": "u"}],
    }
    upgraded = upgrade_v1(v1)
    assert upgraded["proposals"] == [
        {"proposers": ["us"], "issues": ["ceasefire"], "terms": "t"},
        {"terms": "u"},
    ]
    assert v1["proposals"][0] == {"proposer": "us", "issue": "ceasefire", "terms": "t"}, (
        "the input is not changed"
    )
    v2 = {"proposals": [{"proposers": ["us"], "issues": ["ceasefire"]}]}
    assert upgrade_v1(v2) is v2
    assert upgrade_v1("not a summary") == "not a summary"
    assert upgrade_v1({"headline": "h"}) == {"headline": "h"}


def test_a_result_saved_in_schema_1_loads_as_schema_2() -> None:
    text = (SCHEMA1 / "trump-putin-call-2025-03.result.json").read_text(encoding="utf-8")
    saved = json.loads(text)
    assert saved["provenance"]["schema_version"] == "1"
    [v1_proposal] = saved["summary"]["proposals"]
    result = SummaryResult.model_validate_json(text)
    assert result.provenance.schema_version == "1", "provenance still says how the result was made"
    [proposal] = result.summary.proposals
    assert proposal.proposers == [v1_proposal["proposer"]]
    assert proposal.issues == [v1_proposal["issue"]]
    assert {party.role for party in result.summary.parties} == {"side"}
    assert result.summary.agreements == []
    assert all(point.resolved is False for point in result.summary.sticking_points)
    assert all(evidence.match == "exact" for _, evidence in iter_evidence(result.summary))
    again = SummaryResult.model_validate_json(result.model_dump_json())
    assert again == result


def test_schema_1_saved_as_version_2_loads_too() -> None:
    """Version "2" had schema 1's fields in a compact request; its results upgrade like version 1's."""
    saved = json.loads((SCHEMA1 / "trump-putin-call-2025-03.result.json").read_text(encoding="utf-8"))
    saved["provenance"]["schema_version"] = "2"
    result = SummaryResult.model_validate(saved)
    assert result.provenance.schema_version == "2"
    assert result.summary.proposals[0].proposers == [saved["summary"]["proposals"][0]["proposer"]]
    assert SCHEMA_VERSION == "3"
