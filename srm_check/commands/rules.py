"""`srm-check rules` (list the rules, or write their reference) and `srm-check explain RULE`."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    PolicyOption,
    fail,
    guard_output_or_exit,
    load_policy_or_exit,
    policy_guard,
    policy_sources_or_configured,
    print_problems,
    write_output,
)
from srm_check.core.text import visible

if TYPE_CHECKING:
    from srm_check.authoring.rule_docs.pages import RulePage
    from srm_check.policy.model import Policy

ORDER = 50


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    markdown_table = "markdown-table"
    vocabulary = "vocabulary"


def _load(
    policy_dirs: list[Path] | None, builtin: bool | None
) -> tuple[Policy, list[Path], list[RulePage], str]:
    """The policy, its folders, a page per rule (no examples yet) and a label for the policy."""
    from srm_check.authoring.rule_docs.examples import Labeler
    from srm_check.authoring.rule_docs.pages import build_pages

    sources = policy_sources_or_configured(policy_dirs, builtin)
    policy = load_policy_or_exit(sources)
    dirs = sources.folders
    label = ", ".join(name for _, name in Labeler(dirs).roots)
    return policy, dirs, build_pages(policy, dirs), label


def _examples(pages: Sequence[RulePage], policy: Policy, dirs: list[Path], *, strict: bool) -> None:
    """Add examples from the test cases; a broken test file stops a strict run, else warns."""
    from srm_check.authoring.rule_docs.pages import attach_examples

    problems = attach_examples(pages, policy, dirs)
    if not problems:
        return
    print_problems(problems)
    message = f"the test files, where the examples come from, have {len(problems)} problem(s)"
    if strict:
        fail(f"{message}; nothing was written")
    typer.echo(f"srm-check: warning: {message}; the examples are left out", err=True)


def rules(
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    output_format: Annotated[
        RulesFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a list; markdown: the rule reference (docs/rules.md); markdown-table: "
            "the README's rule table; vocabulary: the check functions and fact fields.",
        ),
    ] = RulesFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the output to this file.", dir_okay=False),
    ] = None,
) -> None:
    """List the rules of the policy (and the built-in ones), or write their reference.

    `srm-check rules --format markdown -o docs/rules.md` regenerates the reference;
    `--format markdown-table` prints the README's rule table.
    """
    from srm_check.authoring.rule_docs.markdown import render_markdown, render_table_block
    from srm_check.authoring.rule_docs.text import render_list
    from srm_check.authoring.rule_docs.vocabulary import render_vocabulary

    if output_format is RulesFormat.vocabulary:
        write_output(render_vocabulary(), output)
        return
    loaded, dirs, pages, label = _load(policy, builtin_policy)
    guard_output_or_exit(output, policy_guard(dirs))
    if output_format is RulesFormat.markdown:
        _examples(pages, loaded, dirs, strict=True)
        text = render_markdown(pages, label)
    elif output_format is RulesFormat.markdown_table:
        text = render_table_block(pages)
    else:
        text = visible(render_list(pages, label), newlines=True)  # for people: nothing raw
    write_output(text, output)


def explain(
    rule: Annotated[str, typer.Argument(help="A rule id (SRM101) or name (responsibility-unassigned).")],
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
) -> None:
    """Explain one rule: why it exists, what it checks, an example that fails, and the fix."""
    from srm_check.authoring.rule_docs.pages import find_page, suggest
    from srm_check.authoring.rule_docs.text import render_page_text

    loaded, dirs, pages, _ = _load(policy, builtin_policy)
    page = find_page(pages, rule)
    if page is None:
        fail(f"unknown rule '{rule}'{suggest(pages, rule)}; `srm-check rules` lists them")
    _examples([page], loaded, dirs, strict=False)
    write_output(visible(render_page_text(page), newlines=True), None)


def register(app: typer.Typer) -> None:
    app.command()(rules)
    app.command()(explain)
