"""The file formats: pydantic models, the JSON Schemas generated from them, and the runtime validator.

The models in srm_check/schemas/models/ define the formats; the shipped schemas must be what
`python -m srm_check.authoring.schemas` generates from them (the rule file's model with the
vocabulary of srm_check/rules/); schema/validator.py applies those schemas at
check time and must agree with jsonschema (and the models) on every fixture we have.
Structural findings (SRM010/011/012) are located at the offending node.
"""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import AGREEMENTS, FIXTURES, ROOT, Run
from pydantic import BaseModel, ValidationError

from srm_check.authoring.schemas import RULE_MODELS, RuleFile, render, write_all
from srm_check.core import rule as core_rule
from srm_check.policy.loader import load_policy
from srm_check.rules.conditions import OPERATORS
from srm_check.rules.facts import KINDS as FACT_KINDS
from srm_check.rules.functions import FUNCTIONS
from srm_check.schemas import KINDS, records, schema_text
from srm_check.schemas.models import agreement as agreement_models
from srm_check.schemas.models import catalogue as catalogue_models
from srm_check.schemas.models import rules as rule_models
from srm_check.schemas.validator import UnsupportedSchema, Validator, validator
from srm_check.source.document import Document
from srm_check.source.reader import load_file

MODELS: dict[str, type[BaseModel]] = {
    "agreement": agreement_models.Agreement,
    "catalogue": catalogue_models.Catalogue,
    "rules": RuleFile,
}


@cache
def json_validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text(kind))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# --- generated schemas ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_what_the_models_generate(kind: str) -> None:
    # Fails when a model changed and `python -m srm_check.authoring.schemas` was not run.
    assert schema_text(kind) == render(kind)


def test_generation_writes_every_shipped_schema(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert [p.name for p in written] == [f"{kind}.schema.json" for kind in KINDS]
    for kind, path in zip(KINDS, written, strict=True):
        assert path.read_text(encoding="utf-8") == schema_text(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = json.loads(schema_text(kind))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_runtime_validator_compiles_every_shipped_schema(kind: str) -> None:
    Validator(json.loads(schema_text(kind)))


def test_a_mapping_of_values_passing_by_type_is_skipped_and_any_other_value_is_checked() -> None:
    """A mapping without properties is not walked when every value passes by its type (most
    assignments); one value of another type and the mapping is checked value by value."""
    from srm_check.source.reader import parse_source

    names = {"anyOf": [{"type": "string"}, {"type": "null"}, {"type": "object", "required": ["x"]}]}
    validator = Validator({"type": "object", "additionalProperties": names})

    def problems(text: str) -> list[str]:
        (doc,) = parse_source(text, "x.yaml").documents
        return [f"{p.pointer}: {p.message}" for p in validator.validate(doc.value, doc)]

    assert problems("a: b\nc: d\ne:\n") == []
    assert problems("a: b\nc: {}\n") == ["/c/x: missing required key 'x' in 'c'"]
    assert problems("a: b\nc: 5\nd: {x: 1}\n") == ["/c: 'c' should be a mapping or null or text, not 5"]


def test_a_union_beside_keywords_of_its_own_is_checked_with_them_and_before_defaults() -> None:
    """The rule file's root: properties with defaults, and `anyOf` of required keys."""
    from srm_check.source.reader import parse_source

    schema = {
        "type": "object",
        "properties": {"a": {"type": "integer", "default": 1}, "b": {"type": "string", "default": ""}},
        "additionalProperties": False,
        "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
    }
    validator = Validator(schema)

    def problems(text: str) -> list[str]:
        (doc,) = parse_source(text, "x.yaml").documents
        valid = jsonschema.Draft202012Validator(schema).is_valid(copy.deepcopy(doc.value))
        found = [p.message for p in validator.validate(doc.value, doc)]  # fills defaults in
        return found if valid == (not found) else ["disagrees with jsonschema", *found]

    assert problems("{}\n") == ["missing required key 'a'"]  # the defaults do not satisfy anyOf
    assert problems("a: x\n") == ["'a' should be an integer, not 'x'"]  # the properties still hold
    assert problems("b: y\nc: 1\n")[0].startswith("unknown key 'c'")
    assert problems("b: y\n") == []


def test_values_a_schema_passes_by_type_alone_are_skipped_and_the_others_still_checked() -> None:
    """A mapping skips the values its key's schema passes as they are (a bare type, or a union's
    bare branch): every other value, and a value of another type, is still checked in full."""
    from srm_check.source.reader import parse_source

    detail = {"type": "object", "properties": {"party": {"type": "string"}}, "additionalProperties": False}
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "tag": {"type": "string", "minLength": 2}},
        "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "null"}, detail]},
    }
    validator = Validator(schema)

    def problems(text: str) -> list[str]:
        (doc,) = parse_source(text, "x.yaml").documents
        valid = jsonschema.Draft202012Validator(schema).is_valid(copy.deepcopy(doc.value))
        found = [f"{p.pointer} {p.message}" for p in validator.validate(doc.value, doc)]
        return found if valid == (not found) else ["disagrees with jsonschema", *found]

    assert problems("name: n\ntag: ab\nx: a\ny:\nz: {party: p}\n") == []
    assert problems("name: 1\n") == ["/name 'name' should be text, not 1"]
    assert problems("tag: a\n") == ["/tag 'tag' needs 2+ characters"]  # a string, not only a type
    assert problems("x: 5\n") == ["/x 'x' should be a mapping or null or text, not 5"]
    assert problems("x/y: {party: p, extra: 1}\n")[0].startswith("/x~1y/extra unknown key 'extra'")


def test_runtime_validator_refuses_keywords_it_does_not_implement() -> None:
    with pytest.raises(UnsupportedSchema, match="'uniqueItems'"):
        Validator({"type": "array", "uniqueItems": True})
    with pytest.raises(UnsupportedSchema, match="only local references"):
        Validator({"$ref": "https://example.org/other.json"})


# --- TypedDicts follow the models -------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "model"),
    [
        (records.TeamRecord, catalogue_models.Team),
        (records.PartyRecord, catalogue_models.Party),
        (records.AreaRecord, catalogue_models.Area),
        (records.SharedRecord, catalogue_models.Shared),
        (records.ResponsibilityRecord, catalogue_models.Responsibility),
        (records.BoundaryRecord, catalogue_models.Boundary),
        (records.CatalogueRecord, catalogue_models.Catalogue),
        (core_rule.RuleInfo, rule_models.RuleInfo),
        (records.RuleRecord, RULE_MODELS.rule),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_typed_dict_has_the_models_keys(record: type, model: type[BaseModel]) -> None:
    keys = set(typing.get_type_hints(record))
    assert keys == set(model.model_fields)
    # Validated policy data has every key (defaults are filled in), so every key is required.
    assert record.__required_keys__ == keys  # type: ignore[attr-defined]


def test_then_record_has_the_keys_of_every_then_variant() -> None:
    keys = set(typing.get_type_hints(records.ThenRecord))
    assert RULE_MODELS.thens
    for variant in RULE_MODELS.thens:
        assert set(variant.model_fields) == keys, variant.__name__


def test_every_check_function_has_a_then_variant_with_its_options_documented() -> None:
    assert [m.__name__ for m in RULE_MODELS.thens] == [f"Then_{name}" for name in FUNCTIONS]
    for variant, function in zip(RULE_MODELS.thens, FUNCTIONS.values(), strict=True):
        assert function.description and variant.__doc__ == function.description
        options = variant.model_fields["options"].annotation
        assert isinstance(options, type)
        assert options.__name__ == function.options.model
        assert list(options.model_fields) == [o.name for o in function.options.fields]
        for option in function.options.fields:
            info = options.model_fields[option.name]
            assert info.is_required() == option.required, (function.name, option.name)
            assert info.description == option.description, (function.name, option.name)


def test_every_where_operator_has_a_condition_variant() -> None:
    assert [m.__name__ for m in RULE_MODELS.conditions] == [op.model for op in OPERATORS.values()]
    for model, operator in zip(RULE_MODELS.conditions, OPERATORS.values(), strict=True):
        keys = {info.alias or name for name, info in model.model_fields.items()}
        assert keys == {"field", "of", operator.key}  # `of`: another responsibility's field
        assert model.__doc__ == operator.doc
        model.model_validate(
            {"field": "x", operator.key: [True] if operator.annotation is not bool else True}
        )


def test_given_names_exactly_the_fact_kinds() -> None:
    rule: dict[str, Any] = {
        "id": "X1",
        "name": "x",
        "severity": "note",
        "title": "t",
        "message": "m",
        "description": "d",
    }
    rule["then"] = {"field": "id", "function": "defined"}
    for kind in FACT_KINDS:
        RuleFile.model_validate({"rules": [{**rule, "given": kind}]})
    with pytest.raises(ValidationError):
        RuleFile.model_validate({"rules": [{**rule, "given": "party"}]})


def test_functions_sharing_an_options_model_share_the_same_options() -> None:
    # minimum and maximum share BoundOptions: one model, one $defs entry.
    assert FUNCTIONS["minimum"].options is FUNCTIONS["maximum"].options
    assert set(RULE_MODELS.options) == {f.options.model for f in FUNCTIONS.values()}
    clash = FUNCTIONS["enumeration"].options._replace(model="BoundOptions")
    odd = FUNCTIONS["minimum"]._replace(name="odd", options=clash)
    with pytest.raises(ValueError, match="two different option sets are both called BoundOptions"):
        rule_models.build_rule_models([FUNCTIONS["minimum"], odd], OPERATORS.values(), FACT_KINDS)


def test_the_rule_file_model_takes_its_vocabulary_as_arguments() -> None:
    """A vocabulary of one function and one operator makes a model that knows only those."""
    model = rule_models.rule_file_model([FUNCTIONS["truthy"]], [OPERATORS["in"]], ["agreement"])
    rule = {"id": "X1", "name": "x", "severity": "note", "title": "t", "message": "m", "description": "d"}
    good = {**rule, "given": "agreement", "where": [{"field": "id", "in": ["a"]}]}
    model.model_validate({"rules": [{**good, "then": {"field": "id", "function": "truthy"}}]})
    for then in (
        {"field": "id", "function": "falsy"},
        {"field": "id", "function": "truthy", "options": {"x": 1}},
    ):
        with pytest.raises(ValidationError):
            model.model_validate({"rules": [{**good, "then": then}]})
    with pytest.raises(ValidationError):
        where = [{"field": "id", "equals": "a"}]
        model.model_validate(
            {"rules": [{**good, "where": where, "then": {"field": "id", "function": "truthy"}}]}
        )


# --- the shipped files are valid by every definition ------------------------------------------


def policy_files(directory: Path = ROOT / "policies") -> list[Path]:
    """The files the policy loader reads from `directory` (not its tests, say)."""
    return sorted(Path.cwd() / f.path for f in load_policy([directory]).files)


def value_of(path: Path) -> Any:
    source = load_file(path, path.name)
    assert source.problems == []
    (doc,) = source.documents
    return doc.value


@pytest.mark.parametrize("path", policy_files(), ids=lambda p: p.name)
def test_shipped_policy_file_is_valid(path: Path) -> None:
    value = value_of(path)
    kind = "catalogue" if "catalogue" in value else "rules"
    MODELS[kind].model_validate(value)
    json_validator(kind).validate(value)
    assert validator(kind).validate(copy.deepcopy(value), Document(0, value)) == []


@pytest.mark.parametrize("path", sorted(AGREEMENTS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_agreement_is_valid(path: Path) -> None:
    value = value_of(path)
    agreement_models.Agreement.model_validate(value)
    json_validator("agreement").validate(value)
    assert validator("agreement").validate(value, Document(0, value)) == []


# --- differential: the runtime validator agrees with jsonschema and the models ----------------


def _documents(path: Path) -> list[Document]:
    return load_file(path, path.name).documents


def agreement_documents() -> list[tuple[str, Document]]:
    files = [
        *AGREEMENTS.glob("*.yaml"),
        *FIXTURES.glob("rules/**/*.yaml"),
        *FIXTURES.glob("agreements/**/*.yaml"),
        *FIXTURES.glob("bad/*.yaml"),
        *FIXTURES.glob("catalogues/*/agreements/**/*.yaml"),
    ]
    return [
        (f"{path.relative_to(ROOT).as_posix()}#{doc.index}", doc)
        for path in sorted(files)
        for doc in _documents(path)
    ]


def policy_documents() -> list[tuple[str, str, Document]]:
    files = [*policy_files(), *FIXTURES.glob("catalogues/**/*.yaml")]
    out = []
    for path in sorted(files):
        for doc in _documents(path):
            if isinstance(doc.value, dict) and ("catalogue" in doc.value or "rules" in doc.value):
                kind = "catalogue" if "catalogue" in doc.value else "rules"
                out.append((kind, path.relative_to(ROOT).as_posix(), doc))
    return out


def verdicts(kind: str, doc: Document) -> tuple[bool, bool, bool]:
    """(runtime, jsonschema, pydantic) verdicts: True when the data is valid."""
    runtime = not validator(kind).validate(copy.deepcopy(doc.value), doc)
    schema = json_validator(kind).is_valid(doc.value)
    try:
        MODELS[kind].model_validate(copy.deepcopy(doc.value))
        model = True
    except ValidationError:
        model = False
    return runtime, schema, model


AGREEMENT_DOCS = agreement_documents()
POLICY_DOCS = policy_documents()


def test_shipped_policy_files_are_found() -> None:
    assert [p.relative_to(ROOT).as_posix() for p in policy_files()] == [
        "policies/catalogues/2i2c-srm-2022.yaml",
        "policies/catalogues/2i2c-srm-areas-late-2022.yaml",
        "policies/rules/assignments.yaml",
        "policies/rules/costs.yaml",
        "policies/rules/metadata.yaml",
        "policies/rules/order.yaml",
        "policies/rules/over-time.yaml",
    ]


def test_the_differential_covers_valid_and_invalid_data() -> None:
    seen = {verdicts("agreement", doc)[0] for _, doc in AGREEMENT_DOCS}
    assert seen == {True, False}
    assert len(AGREEMENT_DOCS) > 50
    assert {kind for kind, _, _ in POLICY_DOCS} == {"catalogue", "rules"}
    assert {verdicts(kind, doc)[0] for kind, _, doc in POLICY_DOCS} == {True, False}


@pytest.mark.parametrize(("name", "doc"), AGREEMENT_DOCS, ids=[n for n, _ in AGREEMENT_DOCS])
def test_runtime_agrees_on_agreement(name: str, doc: Document) -> None:
    runtime, schema, model = verdicts("agreement", doc)
    assert runtime == schema == model


@pytest.mark.parametrize(
    ("kind", "name", "doc"), POLICY_DOCS, ids=[f"{n}#{d.index}" for _, n, d in POLICY_DOCS]
)
def test_runtime_agrees_on_policy_file(kind: str, name: str, doc: Document) -> None:
    runtime, schema, model = verdicts(kind, doc)
    assert runtime == schema == model


def catalogue_variant(change: Callable[[dict[str, Any]], None]) -> Document:
    value = copy.deepcopy(value_of(ROOT / "policies/catalogues/2i2c-srm-2022.yaml"))
    change(value)
    return Document(0, value)


def test_integral_float_is_not_an_integer_at_runtime() -> None:
    # Known and intended: the runtime follows the strict models, where 7.0 is not an int;
    # JSON Schema counts 7.0 as an integer, so editors using the schema accept it.
    doc = catalogue_variant(lambda v: v["boundary"].update(begins_at=7.0))
    assert verdicts("catalogue", doc) == (False, True, False)


def test_numeric_catalogue_version_is_judged_alike() -> None:
    """`version: 2022` is a number: the models, the schema and the runtime all reject it."""
    doc = catalogue_variant(lambda v: v.update(version=2022))
    runtime, schema, model = verdicts("catalogue", doc)
    assert runtime == schema == model == False  # noqa: E712


# --- located structural findings --------------------------------------------------------------

STRUCTURE = FIXTURES / "agreements"
# fixture -> every finding as (rule, line, column, pointer)
STRUCTURAL: dict[str, list[tuple[str, int, int, str]]] = {
    "unknown-keys.yaml": [
        ("SRM010", 6, 1, "/colour"),
        ("SRM010", 12, 5, "/parties/0/website"),
        ("SRM010", 23, 7, "/assignments/define-basic-environment/cost_note/curency"),
        ("SRM010", 26, 5, "/assignments/manage-data/teem"),
    ],
    "wrong-shapes.yaml": [
        ("SRM011", 7, 5, "/parties/0"),
        ("SRM011", 10, 12, "/parties/1/teams"),
        ("SRM011", 19, 16, "/assignments/define-basic-environment/cost_note"),
        ("SRM201", 19, 16, "/assignments/define-basic-environment/cost_note"),
    ],
    "missing-keys.yaml": [
        ("SRM012", 2, 1, "/community"),
        ("SRM012", 2, 1, "/effective"),
        ("SRM012", 5, 5, "/parties/0/name"),
        ("SRM012", 7, 9, "/parties/0/teams/0/id"),
        ("SRM012", 17, 7, "/assignments/define-basic-environment/cost_note/text"),
        ("SRM201", 17, 7, "/assignments/define-basic-environment/cost_note"),
        ("SRM012", 20, 5, "/assignments/manage-data/party"),
        ("SRM103", 20, 5, "/assignments/manage-data"),
    ],
    "list-form-shapes.yaml": [
        ("SRM101", 7, 3, "/assignments/manage-data"),
        ("SRM010", 19, 5, "/assignments/6/responsibilty"),
        ("SRM012", 19, 5, "/assignments/6/responsibility"),
        ("SRM011", 47, 5, "/assignments/20"),
        ("SRM011", 48, 21, "/assignments/21/responsibility"),
        ("SRM105", 48, 21, "/assignments/21"),
    ],
}


def test_every_structure_fixture_is_listed() -> None:
    assert sorted(p.name for p in STRUCTURE.glob("*.yaml")) == sorted(STRUCTURAL)


@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_structural_findings_are_located(name: str, cli: Callable[[Sequence[str]], Run]) -> None:
    run = cli(["check", "--format", "json", str(STRUCTURE / name)])
    assert run.exit_code == 1
    found = [(f["rule_id"], f["line"], f["column"], f["pointer"]) for f in json.loads(run.stdout)["findings"]]
    assert found == STRUCTURAL[name]


def test_structural_messages_say_what_was_expected(cli: Callable[[Sequence[str]], Run]) -> None:
    def messages(name: str) -> list[str]:
        run = cli(["check", "--format", "json", str(STRUCTURE / name)])
        return [f["message"] for f in json.loads(run.stdout)["findings"] if f["rule_id"].startswith("SRM01")]

    assert messages("unknown-keys.yaml")[3] == (
        "unknown key 'teem' (did you mean 'team'? expected one of: accountable, consulted, cost_note, "
        "informed, note, party, responsible, team)"
    )
    assert messages("wrong-shapes.yaml")[:2] == [
        '\'parties[0]\' should be a mapping, not ["campus-it", "Campus IT"]',
        '\'teams\' should be a list, not {"id": "partner-team", "name": "Partner Team"}',
    ]
    assert messages("missing-keys.yaml")[2] == "missing required key 'name' in 'parties[0]'"


def test_extension_keys_are_allowed_at_the_top(cli: Callable[[Sequence[str]], Run]) -> None:
    run = cli(["check", "--format", "json", str(STRUCTURE / "unknown-keys.yaml")])
    pointers = {f["pointer"] for f in json.loads(run.stdout)["findings"]}
    assert not any(p.startswith("/x-") for p in pointers)
    assert "/colour" in pointers
