"""Load one rule file: its structure, then that every rule names what its facts and function
provide; its catalogue scopes, overrides and references to responsibilities are noted, with
their places, for `compose` to resolve once every file is loaded."""

from typing import Any, NamedTuple

from srm_check.core.codes import DUPLICATE_KEY, WRONG_TYPE
from srm_check.core.problem import Problem
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.policy.declared import Declared
from srm_check.policy.structure import structure_problems
from srm_check.rules.conditions import OF
from srm_check.rules.facts import FIELDS, not_a_field
from srm_check.rules.functions import FUNCTIONS
from srm_check.rules.messages import PLACEHOLDER
from srm_check.rules.scope import ASSIGNMENT_KINDS
from srm_check.rules.words import placeholder_name
from srm_check.schemas.records import OverrideRecord, RuleRecord
from srm_check.source.document import Document

HOW_TO_EXTEND = (
    "to change a shipped rule on your catalogues, list it under `overrides:` "
    "(docs/writing-policies.md#changing-a-rule-for-some-catalogues); to replace the shipped policy, use "
    "--no-builtin-policy (configuration: builtin-policy: false)"
)


class Origin(NamedTuple):
    """Where a rule id was first defined, and whether that is the shipped policy."""

    path: str
    span: Span
    shipped: bool


class RuleFile(NamedTuple):
    """One rule file being loaded: its document, how it is shown, and whether it is shipped."""

    doc: Document
    display: str
    shipped: bool


def load_rules(
    file: RuleFile, problems: list[Problem], rule_origin: dict[str, Origin], declared: Declared
) -> list[RuleRecord]:
    """The file's good rules; its problems added, its scopes, overrides and references declared."""
    doc, display = file.doc, file.display
    structural = structure_problems("rules", doc, display)
    if structural:
        problems.extend(structural)
        return []
    good: list[RuleRecord] = []
    rules: list[RuleRecord] = doc.value["rules"]
    for i, rule in enumerate(rules):
        base = f"/rules/{i}"
        found = _repeated_id(rule, base, file, rule_origin)
        rule_origin.setdefault(rule["id"], Origin(display, doc.span(f"{base}/id"), file.shipped))
        found += [
            Problem(message, doc.span(pointer), path=display, code=WRONG_TYPE)
            for message, pointer in _mistakes(rule, base)
        ]
        problems.extend(found)
        if not found:
            rule["severity"] = Severity(rule["severity"])
            good.append(rule)
            _declare(rule, base, file, declared)
    overrides: list[OverrideRecord] = doc.value["overrides"]
    for j, override in enumerate(overrides):
        base = f"/overrides/{j}"
        refs = [
            (ref, (display, doc.span(f"{base}/catalogues/{k}")))
            for k, ref in enumerate(override["catalogues"])
        ]
        declared.overrides.append((override, (display, doc.span(f"{base}/rule")), refs))
    return good


def _declare(rule: RuleRecord, base: str, file: RuleFile, declared: Declared) -> None:
    """Note the rule's catalogue scope and the responsibilities it names, with their places."""
    doc, display = file.doc, file.display
    if rule["catalogues"] is not None:
        refs = [
            (ref, (display, doc.span(f"{base}/catalogues/{k}"))) for k, ref in enumerate(rule["catalogues"])
        ]
        declared.scopes.append((rule["id"], refs))
    peer = FUNCTIONS[rule["then"]["function"]].peer_option
    if peer is not None:
        other = rule["then"]["options"][peer]
        where = (display, doc.span(f"{base}/then/options/{peer}"))
        declared.references.append((rule["id"], other, where, "comparison"))
    for j, condition in enumerate(rule["where"]):
        if condition.get(OF):
            where = (display, doc.span(f"{base}/where/{j}/{OF}"))
            declared.references.append((rule["id"], condition[OF], where, "condition"))


def _repeated_id(
    rule: RuleRecord, base: str, file: RuleFile, rule_origin: dict[str, Origin]
) -> list[Problem]:
    first = rule_origin.get(rule["id"])
    if first is None:
        return []
    if first.shipped and not file.shipped:
        message = (
            f"rule id '{rule['id']}' is already used by the shipped policy "
            f"({first.path}:{first.span.line}); {HOW_TO_EXTEND}"
        )
    else:
        message = f"rule id '{rule['id']}' is already used at {first.path}:{first.span.line}"
    return [Problem(message, file.doc.span(f"{base}/id"), path=file.display, code=DUPLICATE_KEY)]


def _mistakes(rule: RuleRecord, base: str) -> list[tuple[str, str]]:
    """What a rule names that its facts or function do not provide, as (message, pointer)."""
    given, then = rule["given"], rule["then"]
    function = FUNCTIONS[then["function"]]
    out: list[tuple[str, str]] = []
    if wrong := not_a_field(then["field"], given):
        out.append((wrong, f"{base}/then/field"))
    out += _condition_mistakes(rule, base)
    options = then.get("options") or {}
    out += [(p.message, f"{base}/then/options/{p.key}") for p in function.check_options(options, given)]
    allowed = {*FIELDS[given], "value", *function.extras}
    for name in PLACEHOLDER.findall(rule["message"]):
        if name not in allowed:
            message = (
                f"message uses '{{{name}}}', which {given} facts and function {function.name} do not provide"
            )
            out.append((message, f"{base}/message"))
    return out


def _condition_mistakes(rule: RuleRecord, base: str) -> list[tuple[str, str]]:
    """Fields a `where` names that its facts lack; `of` where the facts have no agreement's
    responsibilities; values written as if they were templates."""
    given = rule["given"]
    out: list[tuple[str, str]] = []
    for j, condition in enumerate(rule["where"]):
        pointer = f"{base}/where/{j}"
        kind = given
        if condition.get(OF):
            kind = "responsibility"
            if given not in ASSIGNMENT_KINDS:
                kinds = ", ".join(sorted(ASSIGNMENT_KINDS))
                out.append(
                    (
                        f"`of` compares with another responsibility of the agreement, which {given} "
                        f"facts do not have (use it with given: {kinds})",
                        f"{pointer}/{OF}",
                    )
                )
        if wrong := not_a_field(condition["field"], kind):
            out.append((wrong, f"{pointer}/field"))
        out += [(m, f"{pointer}/{p}") for m, p in _template_values(condition)]
    return out


def _template_values(condition: dict[str, Any]) -> list[tuple[str, str]]:
    """Values like '{access-control}': compared as written, so they never match what was meant."""
    out = []
    for key in ("equals", "not_equals", "in", "not_in"):
        value = condition.get(key)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for k, item in items:
            name = placeholder_name(item)
            if name:
                message = (
                    f"'{item}' is compared as written, not filled in (conditions are not templates); "
                    f"to test another responsibility, use `of: {name}` with `field`"
                )
                out.append((message, key if k is None else f"{key}/{k}"))
    return out
