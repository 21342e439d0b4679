"""The schema: references, non-negotiation articles, the compact JSON schema, and the gold file."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from summarizer.schema import NegotiationSummary, slugify

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
    assert (
        text.count('"minItems": 1, "type": "array"}') == 2
    )  # evidence lists: one definition, and sentence ids
    assert '"additionalProperties"' not in text
    assert "description" not in json.dumps(schema["$defs"])
