"""The schema: references, non-negotiation articles, the compact JSON schema, the gold file, and schema 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from summarizer.result import SummaryResult
from summarizer.schema import SCHEMA_VERSION, NegotiationSummary, iter_evidence, slugify, upgrade_v1
from summarizer.testing import model_answer

from .scripted import SEEDS, gold_answer


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
    assert '"additionalProperties"' not in text
    assert "description" not in json.dumps(schema["$defs"])
    # Only what is shared is defined: the evidence list (every item's) and a response (demands' and plans').
    assert set(schema["$defs"]) == {"Evidence", "Response"}
    assert text.count('"quote": {') == 1
    evidence = schema["$defs"]["Evidence"]
    assert evidence["minItems"] == 1
    assert set(evidence["items"]["properties"]) == {"sentence_ids", "quote"}  # spans come from grounding
    statement = schema["properties"]["statements"]["items"]
    assert statement["properties"]["venue"] == {"type": "string"}  # optional: left out, not null
    assert "venue" not in statement["required"]
    assert statement["properties"]["evidence"] == {"$ref": "#/$defs/Evidence"}
    position = schema["properties"]["positions"]["items"]
    assert "$ref" not in position["properties"]["shift"]  # used once: written in place
    assert "null" not in json.dumps(position["properties"]["shift"])  # an optional model is left out
    assert schema["properties"]["outlook"]["required"] == ["tone", "summary", "evidence"]
    # A type that other keywords imply is not repeated below the root; the root keeps its own.
    assert schema["type"] == "object"
    assert '"type": "object"' not in json.dumps(schema["properties"])
    assert '"type": "array"' not in text
    assert position["properties"]["stance"] == {"enum": ["supports", "opposes", "conditional", "undecided"]}


def _implied_types(node: Any, root: bool = True) -> Any:
    """``node`` with the ``type`` of its nested schemas written out again where other keywords imply it."""
    if isinstance(node, list):
        return [_implied_types(item, root=False) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _implied_types(value, root=False) for key, value in node.items()}
    if key_free(out, "properties"):
        out["type"] = "object"
    elif key_free(out, "items"):
        out["type"] = "array"
    elif key_free(out, "enum"):
        out["type"] = "string"
    return out


def key_free(node: dict[str, Any], keyword: str) -> bool:
    return keyword in node and "type" not in node and not isinstance(node.get(keyword), str)


def _without_nulls(node: Any) -> Any:
    """``node`` with its ``null`` fields left out, as the schema asks of the model."""
    if isinstance(node, list):
        return [_without_nulls(item) for item in node]
    if isinstance(node, dict):
        return {key: _without_nulls(value) for key, value in node.items() if value is not None}
    return node


def _golds() -> list[Path]:
    return sorted(SEEDS.glob("*.gold.json")) + sorted(
        path for path in SEEDS.glob("tracks/*/*.gold.json") if path.name != "timeline.gold.json"
    )


def test_the_compact_schema_is_valid_and_accepts_every_gold() -> None:
    """The request's schema is a valid JSON schema, accepts every gold as the model writes it, and rejects
    what validation rejects for its shape; with the implied types written out it is a strict one."""
    schema = NegotiationSummary.model_json_schema()
    Draft202012Validator.check_schema(schema)
    strict = _implied_types(schema)
    Draft202012Validator.check_schema(strict)
    golds = _golds()
    assert len(golds) >= 20
    for path in golds:
        answer = _without_nulls(model_answer(json.loads(path.read_text(encoding="utf-8"))))
        for validator in (Draft202012Validator(schema), Draft202012Validator(strict)):
            errors = [error.message for error in validator.iter_errors(answer)]
            assert not errors, (path.name, errors[:3])
    answer = gold_answer()
    broken = [
        ("parties", 0, "evidence", []),
        ("positions", 0, "stance", "enthusiastic"),
        ("proposals", 0, "proposers", []),
        ("parties", 0, "evidence", 0, "sentence_ids", []),
    ]
    for *path, value in broken:
        changed = json.loads(json.dumps(answer))
        node = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert not Draft202012Validator(schema).is_valid(changed), path
        with pytest.raises(ValidationError):
            NegotiationSummary.model_validate(changed)
    missing = json.loads(json.dumps(answer))
    del missing["issues"][0]["evidence"]
    assert not Draft202012Validator(schema).is_valid(missing)
    with pytest.raises(ValidationError):
        NegotiationSummary.model_validate(missing)
    not_an_object = answer | {"parties": ["russia"]}
    assert not Draft202012Validator(strict).is_valid(not_an_object)
    with pytest.raises(ValidationError):
        NegotiationSummary.model_validate(not_an_object)


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
