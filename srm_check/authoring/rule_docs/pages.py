"""A page per rule: what the reference says about it, and finding a page by id or name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from srm_check.authoring.fix.kinds import has_fix
from srm_check.authoring.rule_docs.describe import describe_check
from srm_check.authoring.rule_docs.examples import Example, ExampleBuilder, Fix, Labeler
from srm_check.core.codes import builtin_rules
from srm_check.core.problem import Problem
from srm_check.core.rule import RuleInfo
from srm_check.core.text import did_you_mean
from srm_check.policy.model import OverrideInfo, Policy


@dataclass(slots=True)
class RulePage:
    """Everything the reference says about one rule."""

    info: RuleInfo
    builtin: bool
    defined_in: str | None = None
    checks: str | None = None
    example: Example | None = None
    fix: Fix | None = None
    applies_to: list[str] | None = None  # the catalogues of a scoped rule
    overrides: list[str] = field(default_factory=list)  # its overrides, in words
    autofix: str | None = None  # what `srm-check fix` does about its findings (the rule's `fix`)


def _override_words(override: OverrideInfo, label: Labeler) -> str:
    """`mini@1: off (my-policy/rules/x.yaml:3): why`."""
    words = f"{', '.join(override.catalogues)}: {override.severity} ({label(override.path)}:{override.line})"
    return words + (f": {override.reason}" if override.reason else "")


def build_pages(policy: Policy, directories: Sequence[Path]) -> list[RulePage]:
    """A page per rule, without examples: the policy's rules in order, then the built-in ones."""
    label = Labeler(directories)
    pages = []
    for rule in policy.rules:
        scope = policy.composition.scope(rule["id"]).catalogues
        pages.append(
            RulePage(
                rule,
                builtin=False,
                defined_in=label(policy.rule_paths[rule["id"]]),
                checks=describe_check(rule),
                applies_to=None if scope is None else sorted(scope),
                overrides=[_override_words(o, label) for o in policy.overrides if o.rule_id == rule["id"]],
                autofix=rule["fix"] if has_fix(rule) else None,
            )
        )
    pages.extend(RulePage(info, builtin=True) for info in builtin_rules())
    return pages


def attach_examples(pages: Sequence[RulePage], policy: Policy, directories: Sequence[Path]) -> list[Problem]:
    """Give each page its example and fix from the test cases; returns the test files' problems."""
    builder = ExampleBuilder(policy, directories)
    for page in pages:
        found = builder.example(page.info["id"])
        if found is not None:
            page.example, page.fix = found
    return builder.problems


def find_page(pages: Sequence[RulePage], ref: str) -> RulePage | None:
    """The page of a rule named by id (any case) or by name."""
    for page in pages:
        if ref.casefold() in (page.info["id"].casefold(), page.info["name"].casefold()):
            return page
    return None


def suggest(pages: Sequence[RulePage], ref: str) -> str:
    ids = [p.info["id"] for p in pages]
    return did_you_mean(ref, ids + [p.info["name"] for p in pages], cutoff=0.5) or did_you_mean(
        ref.upper(), ids
    )
