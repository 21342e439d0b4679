"""The typed summary of a negotiation article, as the model fills it and as callers receive it.

This module imports nothing from the rest of the package. Grounding against the article is plugged in
through the validation context (key ``"evidence_check"``), so the schema stays self-contained.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, SkipJsonSchema

__all__ = [
    "ITEM_LISTS",
    "ITEM_LIST_NAMES",
    "SCHEMA_VERSION",
    "Agreement",
    "Concession",
    "Demand",
    "Evidence",
    "Issue",
    "ItemList",
    "NegotiationSummary",
    "NextStep",
    "Outlook",
    "Party",
    "Position",
    "Proposal",
    "Representative",
    "Response",
    "Shift",
    "Statement",
    "StickingPoint",
    "iter_evidence",
    "slugify",
    "upgrade_v1",
]

SCHEMA_VERSION = "3"
"""Bumped whenever a field is added, removed or changes meaning; part of every result and cache key.

"3" has schema 2's fields (party roles, several proposers and issues, agreements, ...); "1" and "2" have
schema 1's ("2" sent it to the model as a more compact JSON schema)."""

EVIDENCE_CHECK = "evidence_check"
"""Validation-context key of a callable that checks every piece of evidence and returns error messages."""

PartyKind = Literal["state", "organization", "bloc", "person", "other"]
PartyRole = Literal["side", "mediator", "guarantor", "observer", "other"]
AgreementStatus = Literal["agreed_in_principle", "signed", "in_force", "collapsed"]
Stance = Literal["supports", "opposes", "conditional", "undecided"]
ResponseKind = Literal["accepted", "rejected", "conditional", "considering"]
ProposalStatus = Literal["pending", "accepted", "rejected", "mixed", "withdrawn"]
QuoteKind = Literal["direct", "indirect"]
Tone = Literal["optimistic", "pessimistic", "neutral", "mixed"]
Likelihood = Literal["expected", "possible"]
MatchKind = Literal["exact", "fuzzy"]


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(value: object) -> object:
    """Turn ``"Security Guarantees"`` or ``"security_guarantees"`` into ``"security-guarantees"``."""
    if not isinstance(value, str):
        return value
    if _SLUG.fullmatch(value):  # already a slug, as nearly every id a model writes
        return value
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


# Length limits are validation concerns: the schema sent to the model shows plain strings.
Slug = Annotated[
    str, BeforeValidator(slugify), Field(min_length=1, max_length=60), WithJsonSchema({"type": "string"})
]
Text = Annotated[str, Field(min_length=1, max_length=600), WithJsonSchema({"type": "string"})]


_EVIDENCE_LIST = {"items": {"$ref": "#/$defs/Evidence"}, "minItems": 1, "type": "array"}


class _CompactJsonSchema(GenerateJsonSchema):
    """Drops what the model does not need, since every request carries the schema.

    Gone: titles, defaults, ``additionalProperties: false`` (llama.cpp's grammars and pydantic forbid extra
    keys anyway), ``null`` for optional fields (leaving one out says the same), the nested models'
    docstrings, a ``type`` that other keywords imply (``object`` beside ``properties`` below the root,
    ``array`` beside ``items``, ``string`` beside an enum of strings: llama.cpp's and xgrammar's grammar
    converters read them so), and the definitions used once (written where they are used). The evidence list
    every item carries is defined once (``Evidence``). What a field means is said once, in
    ``prompts/system.txt``, which every model reads (llama.cpp's template for SmolLM2 never shows the tool).
    The root title, description and ``type: object`` stay: instructor names and describes the tool after the
    first two, and providers want the third.
    """

    def generate(self, schema: Any, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        full = super().generate(schema, mode=mode)
        compact: JsonSchemaValue = _compact(full)
        definitions = compact.get("$defs")
        if isinstance(definitions, dict):
            for definition in definitions.values():
                definition.pop("description", None)
                _optional_without_null(definition)
            if "Evidence" in definitions:
                # Every item's evidence list refers to one definition, named after what it holds.
                item = definitions["Evidence"]
                compact = _share(compact, _EVIDENCE_LIST, {"$ref": "#/$defs/Evidence"})
                compact["$defs"]["Evidence"] = {**_EVIDENCE_LIST, "items": item}
        _optional_without_null(compact)
        compact = _without_implied_types(_inline_single_use(compact))
        if "title" in full:
            compact["title"] = full["title"]
        return compact


def _optional_without_null(definition: dict[str, Any]) -> None:
    """Optional fields typed ``[T, "null"]`` become ``T``, and an optional nested model (``anyOf`` its
    reference and ``null``) its reference: the model leaves them out instead."""
    required = set(definition.get("required", ()))
    properties = definition.get("properties", {})
    for name, field in properties.items():
        if name in required:
            continue
        kind = field.get("type")
        variants = field.get("anyOf")
        if isinstance(kind, list) and len(kind) == 2 and "null" in kind:
            field["type"] = next(item for item in kind if item != "null")
        elif isinstance(variants, list) and len(variants) == 2 and {"type": "null"} in variants:
            (reference,) = [variant for variant in variants if variant != {"type": "null"}]
            properties[name] = reference


def _inline_single_use(root: dict[str, Any]) -> dict[str, Any]:
    """``root`` with every definition that is referenced once written where it is used.

    A definition pays for its name and its reference; only the shared ones (``Evidence``, ``EvidenceList``,
    ``Response``) earn that. A definition is inlined before the definitions it holds are counted again, so a
    model nested in a single-use model is inlined as well.
    """
    definitions: dict[str, Any] = dict(root.get("$defs", {}))
    prefix = "#/$defs/"

    def count(node: Any, counts: dict[str, int]) -> None:
        if isinstance(node, list):
            for item in node:
                count(item, counts)
        elif isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith(prefix):
                counts[reference[len(prefix) :]] = counts.get(reference[len(prefix) :], 0) + 1
            for value in node.values():
                count(value, counts)

    def inline(node: Any, names: set[str]) -> Any:
        if isinstance(node, list):
            return [inline(item, names) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if len(node) == 1 and isinstance(reference, str) and reference[len(prefix) :] in names:
            return inline(definitions[reference[len(prefix) :]], names)
        return {key: inline(value, names) for key, value in node.items()}

    counts: dict[str, int] = {}
    count({key: value for key, value in root.items() if key != "$defs"}, counts)
    count(definitions, counts)
    single = {name for name in definitions if counts.get(name) == 1}
    if not single:
        return root
    out = {key: inline(value, single) for key, value in root.items() if key != "$defs"}
    kept = {
        name: inline(definition, single) for name, definition in definitions.items() if name not in single
    }
    if kept:
        out = {"$defs": kept, **out}
    return out


def _without_implied_types(root: dict[str, Any]) -> dict[str, Any]:
    """``root`` without the ``type`` keywords that its nested schemas' other keywords imply."""

    def implied(node: dict[str, Any]) -> bool:
        kind = node.get("type")
        if kind == "object":
            return "properties" in node
        if kind == "array":
            return "items" in node
        if kind == "string":
            values = node.get("enum")
            return isinstance(values, list) and all(isinstance(value, str) for value in values)
        return False

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            return [strip(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: strip(value) for key, value in node.items()}
        if implied(out):
            del out["type"]
        return out

    return {key: strip(value) for key, value in root.items()}


def _share(node: Any, shared: dict[str, Any], reference: dict[str, str]) -> Any:
    """``node`` with every copy of ``shared`` replaced by ``reference``."""
    if node == shared:
        return dict(reference)
    if isinstance(node, list):
        return [_share(item, shared, reference) for item in node]
    if isinstance(node, dict):
        return {key: _share(value, shared, reference) for key, value in node.items()}
    return node


def _compact(node: Any) -> Any:
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("title", "default") and not isinstance(value, dict):
            continue
        if key == "additionalProperties" and value is False:
            continue
        out[key] = _compact(value) if key != "properties" else {k: _compact(v) for k, v in value.items()}
    variants = out.get("anyOf")
    if isinstance(variants, list) and len(variants) == 2 and {"type": "null"} in variants:
        other = variants[0] if variants[1] == {"type": "null"} else variants[1]
        if set(other) == {"type"} and isinstance(other["type"], str):
            del out["anyOf"]
            out["type"] = [other["type"], "null"]
    return out


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def model_json_schema(  # type: ignore[override]
        cls,
        by_alias: bool = True,
        ref_template: str = "#/$defs/{model}",
        schema_generator: type[GenerateJsonSchema] = _CompactJsonSchema,
        mode: JsonSchemaMode = "validation",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The compact JSON schema sent to the model (no titles, no defaults)."""
        return super().model_json_schema(
            by_alias=by_alias,
            ref_template=ref_template,
            schema_generator=schema_generator,
            mode=mode,
            **kwargs,
        )


class Evidence(_Model):
    """Where the article says it: cited sentence ids and a short verbatim quote from them."""

    sentence_ids: list[int] = Field(min_length=1)
    quote: Text
    start: SkipJsonSchema[int | None] = None
    end: SkipJsonSchema[int | None] = None
    match: SkipJsonSchema[MatchKind | None] = None


EvidenceList = Annotated[list[Evidence], Field(min_length=1)]


class Representative(_Model):
    """A named person who speaks or acts for a party."""

    name: Text
    title: str | None = None
    evidence: EvidenceList


class Party(_Model):
    """A side in the negotiation, or a mediator."""

    id: Slug
    name: Text
    kind: PartyKind
    role: PartyRole = "side"
    aliases: list[str] = Field(default_factory=list)
    representatives: list[Representative] = Field(default_factory=list)
    evidence: EvidenceList


class Issue(_Model):
    """An agenda item under negotiation."""

    id: Slug
    label: Text
    evidence: EvidenceList


class Shift(_Model):
    """A change of position: the stance held before, and the words that say it changed."""

    previous_stance: Stance
    evidence: EvidenceList


class Position(_Model):
    """What a party holds on an issue."""

    party: Slug
    issue: Slug
    stance: Stance
    summary: Text
    shift: Shift | None = None
    evidence: EvidenceList


class Response(_Model):
    """How one party answered a proposal or a demand."""

    party: Slug
    response: ResponseKind
    evidence: EvidenceList


class Demand(_Model):
    """Something a party asks of another."""

    party: Slug
    addressee: Slug | None = None
    issue: Slug
    what: Text
    responses: list[Response] = Field(default_factory=list)
    evidence: EvidenceList


class Concession(_Model):
    """Something a party gives up or offers."""

    party: Slug
    beneficiary: Slug | None = None
    issue: Slug
    what: Text
    evidence: EvidenceList


class Proposal(_Model):
    """A proposal on the table and the answers to it."""

    proposers: list[Slug] = Field(min_length=1)
    issues: list[Slug] = Field(min_length=1)
    terms: Text
    responses: list[Response] = Field(default_factory=list)
    status: ProposalStatus
    evidence: EvidenceList


class Agreement(_Model):
    """A deal the parties reached, or one that collapsed."""

    parties: list[Slug] = Field(min_length=1)
    issues: list[Slug] = Field(default_factory=list)
    terms: Text
    status: AgreementStatus
    evidence: EvidenceList


class StickingPoint(_Model):
    """An issue that keeps the parties apart."""

    issue: Slug
    parties: list[Slug] = Field(default_factory=list)
    why: Text
    resolved: bool = False
    evidence: EvidenceList


class Statement(_Model):
    """Who said what, where, and through whom it was reported."""

    speaker: Text
    speaker_title: str | None = None
    party: Slug | None = None
    venue: str | None = None
    reported_by: str | None = None
    kind: QuoteKind
    tone: Tone
    evidence: EvidenceList


class NextStep(_Model):
    """An expected or possible event."""

    event: Text
    when: str | None = None
    likelihood: Likelihood
    parties: list[Slug] = Field(default_factory=list)
    evidence: EvidenceList


class Outlook(_Model):
    """Where the talks seem headed."""

    tone: Tone
    summary: Text
    evidence: EvidenceList


RefKind = Literal["party", "issue"]


@dataclass(frozen=True)
class ItemList:
    """One of the summary's lists: its field, its item type, and every field in an item that names an id.

    ``refs`` are ``(path, kind)`` pairs; a path is a field of the item (a single id, ``None``, or a list of
    ids) or ``nested[].field`` for a field of the items of a nested list. ``owner`` is the field naming the
    party an item speaks for (its evidence is shown in that party's colour); a list-valued owner counts only
    when it names one party. ``nested`` fields (a list, or one optional item) hold items with evidence of
    their own, owned by their ``owner`` field, or by the parent's owner when that is ``None``. ``text`` is the
    item's field in the model's own words (a position's ``summary``, a demand's ``what``, an agreement's
    ``terms``), whose names and numbers must be in the article.
    """

    name: str
    item: type[BaseModel]
    refs: tuple[tuple[str, RefKind], ...] = ()
    owner: str | None = None
    nested: tuple[tuple[str, str | None], ...] = ()
    text: str | None = None

    def references(self, item: BaseModel) -> Iterator[tuple[str, RefKind, str]]:
        """Every id ``item`` names, as ``(path within the item, kind, id)``."""
        for path, kind in self.refs:
            head, _, tail = path.partition("[].")
            if tail:
                for i, child in enumerate(getattr(item, head)):
                    yield from _ids(f"{head}[{i}].{tail}", kind, getattr(child, tail))
            else:
                yield from _ids(path, kind, getattr(item, path))

    def children(self, item: BaseModel, nested: str) -> list[BaseModel]:
        """The items of ``item``'s nested field ``nested`` (a list, or one optional item)."""
        value = getattr(item, nested)
        if isinstance(value, list):
            return value
        return [] if value is None else [value]

    def owner_of(self, item: BaseModel) -> str | None:
        """The party ``item`` speaks for, if the table names one."""
        return _single(getattr(item, self.owner)) if self.owner is not None else None


def _ids(path: str, kind: RefKind, value: Any) -> Iterator[tuple[str, RefKind, str]]:
    if isinstance(value, list):
        for i, one in enumerate(value):
            yield f"{path}[{i}]", kind, one
    elif value is not None:
        yield path, kind, value


def _single(value: Any) -> str | None:
    if isinstance(value, list):
        return value[0] if len(value) == 1 else None
    return value if isinstance(value, str) else None


ITEM_LISTS: tuple[ItemList, ...] = (
    ItemList("parties", Party, owner="id", nested=(("representatives", None),)),
    ItemList("issues", Issue),
    ItemList(
        "positions",
        Position,
        (("party", "party"), ("issue", "issue")),
        owner="party",
        nested=(("shift", None),),
        text="summary",
    ),
    ItemList(
        "demands",
        Demand,
        (("party", "party"), ("addressee", "party"), ("issue", "issue"), ("responses[].party", "party")),
        owner="party",
        nested=(("responses", "party"),),
        text="what",
    ),
    ItemList(
        "concessions",
        Concession,
        (("party", "party"), ("beneficiary", "party"), ("issue", "issue")),
        owner="party",
        text="what",
    ),
    ItemList(
        "proposals",
        Proposal,
        (("proposers", "party"), ("issues", "issue"), ("responses[].party", "party")),
        owner="proposers",
        nested=(("responses", "party"),),
        text="terms",
    ),
    ItemList(
        "agreements",
        Agreement,
        (("parties", "party"), ("issues", "issue")),
        owner="parties",
        text="terms",
    ),
    ItemList(
        "sticking_points",
        StickingPoint,
        (("issue", "issue"), ("parties", "party")),
        owner="parties",
        text="why",
    ),
    ItemList("statements", Statement, (("party", "party"),), owner="party"),
    ItemList("next_steps", NextStep, (("parties", "party"),), owner="parties"),
)
"""The summary's lists of items, parties and issues first, in schema order: id checks, grounding, rendering
and scoring walk this table, so a new reference field is declared once, here."""

ITEM_LIST_NAMES = tuple(entry.name for entry in ITEM_LISTS)
"""The names of :data:`ITEM_LISTS`, in order."""


class NegotiationSummary(_Model):
    """A grounded summary of a negotiation article."""

    headline: Text
    abstract: Annotated[str, Field(min_length=1, max_length=1200), WithJsonSchema({"type": "string"})]
    is_negotiation: bool
    parties: list[Party] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    demands: list[Demand] = Field(default_factory=list)
    concessions: list[Concession] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    sticking_points: list[StickingPoint] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    next_steps: list[NextStep] = Field(default_factory=list)
    outlook: Outlook | None = None

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        return upgrade_v1(data)

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> NegotiationSummary:
        errors = self.reference_errors()
        if not self.is_negotiation:
            errors += self._non_negotiation_errors()
        check = (info.context or {}).get(EVIDENCE_CHECK)
        if check is not None and not errors:
            errors += check(self)
        if errors:
            raise ValueError("\n".join(errors))
        return self

    def reference_errors(self) -> list[str]:
        """Messages for every party or issue id that is used but not declared, or declared twice."""
        errors: list[str] = []
        party_ids = _declared(self.parties, "parties", errors)
        issue_ids = _declared(self.issues, "issues", errors)
        for path, kind, value in self._references():
            known = party_ids if kind == "party" else issue_ids
            if value not in known:
                listed = ", ".join(sorted(known)) or "none"
                errors.append(
                    f"{path}: {kind} id {value!r} is not declared in "
                    f"{'parties' if kind == 'party' else 'issues'} (declared: {listed}); "
                    "declare it there or use a declared id"
                )
        return errors

    def _references(self) -> Iterator[tuple[str, str, str]]:
        for entry in ITEM_LISTS:
            for i, item in enumerate(getattr(self, entry.name)):
                for path, kind, value in entry.references(item):
                    yield f"{entry.name}[{i}].{path}", kind, value

    def _non_negotiation_errors(self) -> list[str]:
        filled = [name for name in ITEM_LIST_NAMES if getattr(self, name)]
        if self.outlook is not None:
            filled.append("outlook")
        errors = [f"{name}: must be empty when is_negotiation is false; invent nothing" for name in filled]
        if "\n" in self.abstract.strip():
            errors.append("abstract: must be one line when is_negotiation is false")
        return errors


def _declared(items: Sequence[Party | Issue], name: str, errors: list[str]) -> set[str]:
    """The declared ids; a duplicate adds an error."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            errors.append(f"{name}[{i}].id: {item.id!r} is declared twice; merge the two entries")
        seen.add(item.id)
    return seen


def iter_evidence(node: BaseModel, path: str = "") -> Iterator[tuple[str, Evidence]]:
    """Every piece of evidence under ``node`` with its JSON path, e.g. ``positions[1].evidence[0]``."""
    for name in _model_fields(type(node)):
        value = getattr(node, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, Evidence):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from iter_evidence(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Evidence):
                    yield f"{here}[{i}]", item
                elif isinstance(item, BaseModel):
                    yield from iter_evidence(item, f"{here}[{i}]")


@cache
def _model_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type holds a model (evidence, items, nested items), in order."""
    return tuple(name for name, field in cls.model_fields.items() if _holds_model(field.annotation))


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(argument) for argument in get_args(annotation))


EvidenceCheck = Callable[[NegotiationSummary], list[str]]


def upgrade_v1(data: Any) -> Any:
    """A schema-1 summary (as a dict) in schema 2's shape; anything else is returned unchanged.

    Schema 1 (versions "1" and "2") gave a proposal one ``proposer`` and one ``issue``; schema 2 (version "3")
    has ``proposers`` and ``issues`` lists. Everything else schema 2 added has a default (party role ``side``,
    no agreements, no shifts, sticking points unresolved, demands unanswered), so saved v1 results and golds
    still load.
    """
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list):
        return data
    if not any(isinstance(p, dict) and ("proposer" in p or "issue" in p) for p in data["proposals"]):
        return data
    proposals = []
    for proposal in data["proposals"]:
        if isinstance(proposal, dict) and ("proposer" in proposal or "issue" in proposal):
            proposal = dict(proposal)
            if "proposer" in proposal:
                proposal["proposers"] = [proposal.pop("proposer")]
            if "issue" in proposal:
                proposal["issues"] = [proposal.pop("issue")]
        proposals.append(proposal)
    return {**data, "proposals": proposals}
