"""The rule file format: declarative rules over facts, built from a closed vocabulary.

The vocabulary (check functions with their options, `where` operators, fact kinds) is
defined by `rules/`, a later stage; it is passed in here, so that this module stays a
plain format definition. `authoring/schemas.py` builds the model with the real
vocabulary, and generates `rules.schema.json` from it.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, NamedTuple, Protocol, Union

from pydantic import ConfigDict, Field, create_model, model_validator

from srm_check.schemas.models.base import RULE_ID, Severity, Slug, StrictModel, Text

# `id@version`, or a bare `id` for every version of that catalogue the policy holds.
CATALOGUE_REF = r"^[a-z0-9][a-z0-9._-]*(@.+)?$"
CatalogueRef = Annotated[str, Field(pattern=CATALOGUE_REF, min_length=1, max_length=151)]
CatalogueRefs = Annotated[list[CatalogueRef], Field(min_length=1)]


class RuleInfo(StrictModel):
    """What every rule says about itself, for reports and SARIF."""

    id: Annotated[str, Field(pattern=RULE_ID, max_length=50)]
    name: Slug
    severity: Severity
    title: Text
    message: Text = Field(description="Message template; {field} takes a fact's value.")
    description: Text = Field(description="Why the rule exists and how to fix what it finds.")
    help_uri: str = ""
    tags: list[Slug] = Field(default=[])


class Override(StrictModel):
    """Change a rule's severity, or turn it off, on agreements of some catalogues only."""

    rule: Annotated[str, Field(pattern=RULE_ID, max_length=100)] = Field(
        description="A rule of the combined policy, by id or name (the shipped ones included)."
    )
    catalogues: CatalogueRefs = Field(description="The catalogues where the change holds.")
    severity: Literal[Severity, "off"] = Field(description="The rule's severity there; 'off' turns it off.")
    reason: str = Field(default="", description="Why; shown by `srm-check explain`.")


# --- the vocabulary, as this module needs it (see rules/functions/spec.py, rules/conditions.py) ---


class OptionSpec(Protocol):
    """One option of a check function."""

    @property
    def name(self) -> str: ...
    @property
    def annotation(self) -> Any: ...
    @property
    def default(self) -> Any: ...
    @property
    def required(self) -> bool: ...
    @property
    def description(self) -> str | None: ...
    @property
    def constraints(self) -> Mapping[str, Any]: ...
    @property
    def fact_field(self) -> bool: ...


class OptionsSpec(Protocol):
    """The options of a check function: the model's name and description, the options in order."""

    @property
    def model(self) -> str: ...
    @property
    def fields(self) -> tuple[OptionSpec, ...]: ...
    @property
    def doc(self) -> str | None: ...


class FunctionSpec(Protocol):
    """A check function: its name, one-line description and options."""

    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def options(self) -> OptionsSpec: ...


class OperatorSpec(Protocol):
    """A `where` operator: its key, its model's name and description, and its operand's type."""

    @property
    def key(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def doc(self) -> str: ...
    @property
    def annotation(self) -> Any: ...


# --- models built from it ----------------------------------------------------------------------


class _Condition(StrictModel):
    field: Slug = Field(description="A field of the facts named by `given`.")
    of: Slug | None = Field(
        default=None,
        description="Test this field of another responsibility of the agreement (its id) instead "
        "of the fact's own; `field` is then a field of responsibility facts.",
    )


class _AliasedCondition(_Condition):
    """For an operator whose key is a Python keyword (`in`): its field is `in_`, aliased."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class _Then(StrictModel):
    field: Slug = Field(description="The fact field the function tests.")


class _RuleFile(StrictModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="srm-check rule file",
        json_schema_extra={
            "$id": "https://srm-check.invalid/schemas/rules.schema.json",
            "anyOf": [{"required": ["rules"]}, {"required": ["overrides"]}],
        },
    )

    @model_validator(mode="after")
    def _rules_or_overrides(self) -> _RuleFile:
        """A rule file holds rules, overrides, or both (the schema's `anyOf` says the same)."""
        if not {"rules", "overrides"} & self.model_fields_set:
            raise ValueError("a rule file needs `rules`, `overrides` or both")
        return self


class RuleModels(NamedTuple):
    """The rule file's model and its parts, for validation and for tests."""

    file: type[StrictModel]
    rule: type[RuleInfo]
    thens: list[type[StrictModel]]
    conditions: list[type[StrictModel]]
    options: dict[str, type[StrictModel]]


def options_model(spec: OptionsSpec) -> type[StrictModel]:
    """The model of a function's options."""
    fields: dict[str, Any] = {}
    for option in spec.fields:
        annotation = Slug if option.fact_field else option.annotation
        if option.constraints:
            annotation = Annotated[annotation, Field(**option.constraints)]
        extra: dict[str, Any] = {"description": option.description} if option.description else {}
        fields[option.name] = (annotation, Field(... if option.required else option.default, **extra))
    model: type[StrictModel] = create_model(spec.model, __base__=StrictModel, __doc__=spec.doc, **fields)
    return model


def then_model(function: FunctionSpec, options: type[StrictModel]) -> type[StrictModel]:
    """One `then` variant per function, so that each function's options are validated."""
    optional = all(not f.is_required() for f in options.model_fields.values())
    default: Any = options() if optional else ...
    name: Any = Literal[function.name]
    model: type[StrictModel] = create_model(
        f"Then_{function.name}",
        __base__=_Then,
        __doc__=function.description,
        function=(name, ...),
        options=(options, default),
    )
    return model


def condition_model(operator: OperatorSpec) -> type[StrictModel]:
    """One `where` variant per operator: `field` and the operator's key."""
    if not keyword.iskeyword(operator.key):
        fields: dict[str, Any] = {operator.key: (operator.annotation, ...)}
        base: type[_Condition] = _Condition
    else:
        fields = {f"{operator.key}_": (operator.annotation, Field(alias=operator.key))}
        base = _AliasedCondition
    model: type[StrictModel] = create_model(operator.model, __base__=base, __doc__=operator.doc, **fields)
    return model


def build_rule_models(
    functions: Iterable[FunctionSpec], operators: Iterable[OperatorSpec], kinds: Sequence[str]
) -> RuleModels:
    """The rule file's models for a vocabulary; functions sharing an options model name share the model."""
    options: dict[str, type[StrictModel]] = {}
    specs: dict[str, OptionsSpec] = {}
    thens = []
    for function in functions:
        spec = function.options
        if spec.model in specs and specs[spec.model] != spec:
            raise ValueError(f"two different option sets are both called {spec.model}")
        specs[spec.model] = spec
        if spec.model not in options:
            options[spec.model] = options_model(spec)
        thens.append(then_model(function, options[spec.model]))
    conditions = [condition_model(op) for op in operators]
    given: Any = Literal[tuple(kinds)]
    then: Any = Annotated[Union[tuple(thens)], Field(discriminator="function")]  # noqa: UP007
    condition: Any = Union[tuple(conditions)]  # noqa: UP007
    rule: type[RuleInfo] = create_model(
        "Rule",
        __base__=RuleInfo,
        __doc__="A declarative rule: for each fact of kind `given` (filtered by `where`), `then` holds.",
        given=(given, ...),
        where=(list[condition], Field(default=[])),
        then=(then, ...),
        fix=(
            str,
            Field(
                default="",
                description="What `srm-check fix` does about a finding of this rule, in a sentence or "
                "two; empty when it does nothing. Only a rule whose check srm-check knows how to fix "
                "may have one (`srm-check validate-policy` says which).",
            ),
        ),
        catalogues=(
            CatalogueRefs | None,
            Field(
                default=None,
                description="The catalogues the rule applies to (id@version, or an id for all "
                "its versions); default: every catalogue.",
            ),
        ),
    )
    file: type[StrictModel] = create_model(
        "RuleFile",
        __base__=_RuleFile,
        __doc__="A file of rules, and of overrides of rules (its own or other policies').",
        rules=(Annotated[list[rule], Field(min_length=1)], Field(default=[])),
        overrides=(Annotated[list[Override], Field(min_length=1)], Field(default=[])),
    )
    return RuleModels(file, rule, thens, conditions, options)


def rule_file_model(
    functions: Iterable[FunctionSpec], operators: Iterable[OperatorSpec], kinds: Sequence[str]
) -> type[StrictModel]:
    """The model of a rule file written in the given vocabulary."""
    return build_rule_models(functions, operators, kinds).file
