"""`srm-check rules` and `srm-check explain` for a terminal: plain text, code indented."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from srm_check.authoring.rule_docs.examples import Example, Fix
from srm_check.authoring.rule_docs.pages import RulePage


def render_list(pages: Sequence[RulePage], policy_label: str) -> str:
    """`srm-check rules`: id, severity, name and title; policy rules, then built-in ones."""
    width_id = max((len(p.info["id"]) for p in pages), default=6)
    width_name = max((len(p.info["name"]) for p in pages), default=4)

    def row(page: RulePage) -> str:
        info = page.info
        return (
            f"  {info['id']:<{width_id}}  {info['severity']:<7}  {info['name']:<{width_name}}  "
            f"{info['title']}{' [fix]' if page.autofix else ''}"
        )

    policy_pages = [p for p in pages if not p.builtin]
    out = [f"Policy rules ({policy_label}):"]
    out += [row(p) for p in policy_pages] or ["  (none)"]
    out += ["", "Built-in rules (raised by srm-check itself, whatever the policy):"]
    out += [row(p) for p in pages if p.builtin]
    out += [
        "",
        f"{len(policy_pages)} policy rules, {len(pages) - len(policy_pages)} built-in. "
        "`srm-check explain RULE-ID` shows one rule; `srm-check fix` fixes the findings of rules "
        "marked [fix].",
    ]
    return "\n".join(out) + "\n"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent
    ) or [indent.rstrip()]


def _indented(text: str) -> list[str]:
    return [f"    {line}".rstrip() for line in text.rstrip("\n").splitlines()]


def _header(page: RulePage) -> list[str]:
    info = page.info
    kind = "built-in rule" if page.builtin else "policy rule"
    out = [f"{info['id']}  {info['title']}", ""]
    out.append(f"  Name:       {info['name']}")
    out.append(f"  Severity:   {info['severity']}")
    if info["tags"]:
        out.append(f"  Tags:       {', '.join(info['tags'])}")
    out.append(f"  Kind:       {kind}" + (f", defined in {page.defined_in}" if page.defined_in else ""))
    if page.applies_to is not None:
        out.append(f"  Applies to: catalogues {', '.join(page.applies_to)}")
    out += [f"  Overridden: {words}" for words in page.overrides]
    if info["help_uri"]:
        out.append(f"  Help:       {info['help_uri']}")
    out += ["", *_wrap(info["description"]), ""]
    if page.autofix:
        out += ["srm-check fix:", *_wrap(page.autofix, "  "), ""]
    if page.checks:
        out += ["What it checks:", *_wrap(page.checks, "  "), ""]
    if not page.builtin:
        out += ["Message:", f"  {info['message']}", ""]
    return out


def _example(example: Example) -> list[str]:
    out = _wrap(
        f"Example that fails (test case {example.case} in {example.test_file})"
        + (f": {example.description}" if example.description else ":")
    )
    out.append("")
    for file in example.files:
        out += [f"  {file.label}:", *_indented(file.text), ""]
    out += ["  srm-check reports:", *_indented("\n".join(example.output)), ""]
    return out


def _fix(fix: Fix) -> list[str]:
    out = _wrap(
        f"How to fix it (passing case {fix.case} in {fix.test_file})"
        + (f": {fix.description}" if fix.description else ":")
    )
    out.append("")
    for diff in fix.diffs:
        out += [*_indented(diff), ""]
    for file in fix.files:
        out += [f"  {file.label}:", *_indented(file.text), ""]
    return out


def render_page_text(page: RulePage) -> str:
    """One rule's page for a terminal: plain text, code indented."""
    out = _header(page)
    if page.example is not None:
        out += _example(page.example)
    if page.fix is not None:
        out += _fix(page.fix)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
