"""The vocabulary rules are written in, as Markdown tables for the authoring guide (docs/writing-policies.md).

The tables come from the units themselves: each check function's description, options
and message placeholders, and each fact kind's fields.
"""

from __future__ import annotations

import json

from srm_check.authoring.rule_docs.markdown import cell
from srm_check.rules.facts import FIELDS, WORDS
from srm_check.rules.functions import FUNCTIONS, CheckFunction

VOCABULARY_START = "<!-- vocabulary:start -->"
VOCABULARY_END = "<!-- vocabulary:end -->"


def _options(function: CheckFunction) -> str:
    """`name` (required) or `name` (default `...`), for each option in order."""
    out = []
    for option in function.options.fields:
        default = "" if option.required else f" (default `{json.dumps(option.default)}`)"
        out.append(f"`{option.name}`{' (required)' if option.required else ''}{default}")
    return ", ".join(out)


def render_vocabulary() -> str:
    """Markdown tables of the check functions and of the fact fields, for the authoring guide."""
    out = [
        VOCABULARY_START,
        "",
        "Check functions (`then.function`):",
        "",
        "| Function | Passes when | Options | Message placeholders |",
        "|---|---|---|---|",
    ]
    for name, function in FUNCTIONS.items():
        extras = ", ".join(f"`{{{e}}}`" for e in function.extras)
        out.append(f"| `{name}` | {cell(function.description)} | {_options(function)} | {extras} |")
    out.append("")
    for given, fields in FIELDS.items():
        out += [
            f"Fields of `{given}` facts ({WORDS[given]}):",
            "",
            "| Field | Meaning |",
            "|---|---|",
        ]
        out += [f"| `{name}` | {cell(meaning)} |" for name, meaning in fields.items()]
        out.append("")
    out.append(VOCABULARY_END)
    return "\n".join(out) + "\n"
