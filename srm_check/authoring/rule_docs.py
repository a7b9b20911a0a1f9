"""Rule documentation: the rule reference (docs/rules.md), the README's rule table, one rule's page.

Pages are built from the rules themselves (what a rule checks, put into words from its
given/where/then) and from the policy's test cases (an example that fails, and the change
that makes it pass), so the reference cannot drift from what the rules do.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_check.core.codes import builtin_rules
from srm_check.core.finding import Finding
from srm_check.core.problem import Problem
from srm_check.core.rule import RuleInfo
from srm_check.policy.model import Policy
from srm_check.rules.facts import FIELDS
from srm_check.schemas.records import RuleRecord

DOCS_PATH = "docs/rules.md"
TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"
VOCABULARY_START = "<!-- vocabulary:start -->"
VOCABULARY_END = "<!-- vocabulary:end -->"

GIVEN_WORDS = {
    "agreement": "each agreement",
    "responsibility": "each responsibility of the agreement's catalogue",
    "assignment": "each entry under `assignments`",
    "party_ref": "each party or team named in an assignment",
}


def anchor(rule_id: str) -> str:
    """The anchor GitHub gives the heading `### RULE-ID` (lower case, punctuation dropped)."""
    return re.sub(r"[^a-z0-9_ -]", "", rule_id.lower()).replace(" ", "-")


# --- what a rule checks, in words -------------------------------------------------------------


def _value(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _values(values: Iterable[Any]) -> str:
    return ", ".join(_value(v) for v in values)


def _condition(condition: dict[str, Any]) -> str:
    name = f"`{condition['field']}`"
    if "defined" in condition:
        return f"{name} is {'set' if condition['defined'] else 'null'}"
    if "in" in condition:
        return f"{name} is one of {_values(condition['in'])}"
    if "not_in" in condition:
        return f"{name} is none of {_values(condition['not_in'])}"
    if "not_equals" in condition:
        return f"{name} is not {_value(condition['not_equals'])}"
    return f"{name} is {_value(condition.get('equals'))}"


def _requirement(function: str, options: dict[str, Any]) -> str:
    """What `then` requires of the value, for each function of the vocabulary."""
    if function == "truthy":
        return "be set, and not false, zero or empty"
    if function == "falsy":
        return "be unset, false, zero or empty"
    if function == "defined":
        return "be set (not null)"
    if function == "undefined":
        return "be null"
    if function == "minimum":
        return f"be at least {options['value']}"
    if function == "maximum":
        return f"be at most {options['value']}"
    if function == "enumeration":
        return f"be one of {_values(options['values'])} (null passes)"
    if function == "pattern":
        parts = []
        if options.get("match") is not None:
            parts.append(f"match the regular expression `{options['match']}`")
        if options.get("not_match") is not None:
            parts.append(f"not match `{options['not_match']}`")
        return " and ".join(parts) or "be text (any text passes)"
    if function == "text":
        words = "be non-empty text"
        if options.get("min_length", 1) > 1:
            words += f" of at least {options['min_length']} characters"
        if options.get("placeholders"):
            words += f" that is not a placeholder ({', '.join(options['placeholders'])})"
        return words
    if function == "date":
        return "be a real calendar date written YYYY-MM-DD (null passes)"
    if function == "after":
        return f"be a date after the date in `{options['field']}` (skipped when either is not a date)"
    if function == "unique":
        case = ", ignoring case" if options.get("ignore_case") else ""
        return f"not repeat a value already seen in an agreement checked in the same run{case}"
    raise KeyError(function)


def describe_check(rule: RuleRecord) -> str:
    """A rule's given/where/then as one English sentence."""
    given = rule["given"]
    then = rule["then"]
    fields = FIELDS[given]
    subject = GIVEN_WORDS[given]
    where = [_condition(c) for c in rule["where"]]
    if where:
        subject += " where " + " and ".join(where)
    name = then["field"]
    meaning = fields.get(name)
    target = f"`{name}` ({meaning})" if meaning else f"`{name}`"
    requirement = _requirement(then["function"], then.get("options") or {})
    return f"For {subject}: {target} must {requirement}."


# --- examples from the test cases --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """An agreement shown in the docs, under a stable label (never a machine's path)."""

    label: str
    text: str


@dataclass(slots=True)
class Example:
    """A failing example: the agreements of a test case and what the rule reports on them."""

    case: str
    test_file: str
    description: str
    files: list[ExampleFile]
    output: list[str]


@dataclass(slots=True)
class Fix:
    """A passing case close to the failing one: the change, as diffs (or files, when unpaired)."""

    case: str
    test_file: str
    description: str
    diffs: list[str] = field(default_factory=list)
    files: list[ExampleFile] = field(default_factory=list)


class Labeler:
    """Paths as the docs show them: relative to the folder holding the policy folder."""

    def __init__(self, directories: Sequence[Path]) -> None:
        self.roots = [(d.resolve(), d.resolve().name) for d in directories]

    def __call__(self, path: Path | str) -> str:
        resolved = Path(path).resolve()
        for root, name in self.roots:
            try:
                return f"{name}/{resolved.relative_to(root).as_posix()}"
            except ValueError:
                continue
        return Path(path).as_posix()


def _inline_text(case_path: Path, span: Any) -> tuple[str, int, int]:
    """The lines of an inline agreement, dedented; and the line and column offsets applied."""
    lines = case_path.read_text(encoding="utf-8").splitlines()[span.line - 1 : span.end_line]
    indent = span.column - 1
    out = [lines[0][indent:]]
    for line in lines[1:]:
        out.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
    return "\n".join(out) + "\n", span.line - 1, indent


class ExampleBuilder:
    """Finds, runs and labels the example cases of each rule."""

    def __init__(self, policy: Policy, directories: Sequence[Path]) -> None:
        from srm_check.authoring.policy_tests import Runner, load_cases
        from srm_check.pipeline.selection import evaluated_rules

        self.label = Labeler(directories)
        rule_ids = [r["id"] for r in evaluated_rules(policy.rules)]
        self.cases, self.problems = load_cases(directories, rule_ids)
        self.runner = Runner(policy)
        self._findings: dict[int, list[Finding]] = {}

    def _run(self, case: Any) -> list[Finding]:
        key = id(case)
        if key not in self._findings:
            self._findings[key] = self.runner.findings(case)
        return self._findings[key]

    def _files(self, case: Any) -> tuple[list[ExampleFile], dict[str, tuple[str, int, int]]]:
        """The case's agreements, and per finding path: the label and offsets to apply."""
        files: list[ExampleFile] = []
        where: dict[str, tuple[str, int, int]] = {}
        from srm_check.core.paths import display_path

        for source in case.sources:
            if source.inline:
                text, line_offset, column_offset = _inline_text(case.path, source.span)
                label = (
                    f"{case.name}.yaml" if len(case.sources) == 1 else (f"{case.name}-{len(files) + 1}.yaml")
                )
                where[case.display] = (label, line_offset, column_offset)
            else:
                text = source.path.read_text(encoding="utf-8")
                label = self.label(source.path)
                where[display_path(source.path)] = (label, 0, 0)
            files.append(ExampleFile(label, text if text.endswith("\n") else text + "\n"))
        return files, where

    def example(self, rule_id: str) -> tuple[Example, Fix | None] | None:
        """The first case that expects the rule to fail, and the closest case where it passes."""
        failing = next((c for c in self.cases if rule_id in c.failing_rules), None)
        if failing is None:
            return None
        files, where = self._files(failing)
        output = []
        for finding in self._run(failing):
            if finding.rule_id != rule_id:
                continue
            label, line_offset, column_offset = where.get(finding.path, (finding.path, 0, 0))
            message = finding.message
            for display, (other, _, _) in where.items():
                message = message.replace(display, other)
            line = finding.span.line - line_offset
            column = finding.span.column - column_offset
            output.append(f"{label}:{line}:{column}: {finding.severity} [{rule_id}] {message}")
        example = Example(failing.name, self.label(failing.path), failing.description, files, output)
        return example, self._fix(rule_id, files)

    def _fix(self, rule_id: str, failing: list[ExampleFile]) -> Fix | None:
        """The passing case closest to the failing example, preferring cases that expect nothing."""
        candidates = [c for c in self.cases if rule_id in c.passing_rules]
        if not candidates:
            return None
        before = "".join(f.text for f in failing)
        scored = []
        for index, case in enumerate(candidates):
            files, _ = self._files(case)
            after = "".join(f.text for f in files)
            ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
            # A case that itself expects findings shows another rule failing: a poorer fix.
            scored.append((bool(case.expect), -ratio, index, case, files))
        *_, case, files = min(scored, key=lambda s: s[:3])
        fix = Fix(case.name, self.label(case.path), case.description)
        if len(files) != len(failing):
            fix.files = files
            return fix
        for old, new in zip(failing, files, strict=True):
            if old.text == new.text:
                continue
            diff = difflib.unified_diff(
                old.text.splitlines(keepends=True),
                new.text.splitlines(keepends=True),
                fromfile=old.label,
                tofile=new.label,
                n=2,
            )
            fix.diffs.append("".join(diff))
        return fix


# --- pages ------------------------------------------------------------------------------------


@dataclass(slots=True)
class RulePage:
    """Everything the reference says about one rule."""

    info: RuleInfo
    builtin: bool
    defined_in: str | None = None
    checks: str | None = None
    example: Example | None = None
    fix: Fix | None = None


def build_pages(policy: Policy, directories: Sequence[Path]) -> list[RulePage]:
    """A page per rule, without examples: the policy's rules in order, then the built-in ones."""
    label = Labeler(directories)
    pages = [
        RulePage(
            rule,
            builtin=False,
            defined_in=label(policy.rule_paths[rule["id"]]),
            checks=describe_check(rule),
        )
        for rule in policy.rules
    ]
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
    names = [p.info["id"] for p in pages] + [p.info["name"] for p in pages]
    close = difflib.get_close_matches(ref, names, n=1, cutoff=0.5)
    if not close:
        upper = difflib.get_close_matches(ref.upper(), [p.info["id"] for p in pages], n=1)
        close = upper
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- rendering: markdown ----------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(pages: Sequence[RulePage], link: str = DOCS_PATH) -> str:
    """The README's table of policy rules, each linked to its section of the reference."""
    lines = ["| Rule | Name | Severity | What it checks |", "|---|---|---|---|"]
    for page in pages:
        if page.builtin:
            continue
        info = page.info
        lines.append(
            f"| [{info['id']}]({link}#{anchor(info['id'])}) | `{info['name']}` | "
            f"{info['severity']} | {_cell(info['title'])} |"
        )
    return "\n".join(lines) + "\n"


def render_table_block(pages: Sequence[RulePage]) -> str:
    """The table between its README markers, as it sits in README.md."""
    return f"{TABLE_START}\n{render_table(pages)}{TABLE_END}\n"


def _fence(text: str, lang: str) -> list[str]:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return [f"{ticks}{lang}", text.rstrip("\n"), ticks]


def _markdown_page(page: RulePage) -> list[str]:
    info = page.info
    out = [f"### {info['id']}", "", f"**{info['title']}**", ""]
    out += ["| | |", "|---|---|", f"| Name | `{info['name']}` |", f"| Severity | {info['severity']} |"]
    if info["tags"]:
        out.append(f"| Tags | {', '.join(info['tags'])} |")
    if page.defined_in:
        out.append(f"| Defined in | `{page.defined_in}` |")
    out += ["", info["description"].strip(), ""]
    if page.checks:
        out += [f"**What it checks.** {page.checks}", ""]
    if not page.builtin:
        out += [f"**Message.** `{info['message']}`", ""]
    if page.example is not None:
        example = page.example
        out += [
            f"**Example that fails** (test case `{example.case}` in `{example.test_file}`)"
            + (f": {example.description}" if example.description else ":"),
            "",
        ]
        for file in example.files:
            out += [f"`{file.label}`:", "", *_fence(file.text, "yaml"), ""]
        out += ["srm-check reports:", "", *_fence("\n".join(example.output), "text"), ""]
    if page.fix is not None:
        fix = page.fix
        intro = f"**How to fix it.** As in the passing case `{fix.case}` in `{fix.test_file}`"
        intro += f": {fix.description}" if fix.description else "."
        if fix.diffs:
            out += [intro, ""]
            for diff in fix.diffs:
                out += [*_fence(diff, "diff"), ""]
        else:
            out += [intro, ""]
            for file in fix.files:
                out += [f"`{file.label}`:", "", *_fence(file.text, "yaml"), ""]
    return out


def render_markdown(pages: Sequence[RulePage], policy_label: str) -> str:
    """The rule reference: a contents table, the policy's rules, then the built-in ones."""
    out = [
        "# srm-check rules",
        "",
        "<!-- Generated by `srm-check rules --format markdown -o docs/rules.md`; do not edit. -->",
        "",
        f"The rules of the policy in `{policy_label}` and the findings srm-check itself raises. "
        "Each policy rule is data (`given`/`where`/`then` over facts); its examples are its "
        "test cases, which `srm-check test` runs.",
        "",
        "## Contents",
        "",
        "| Rule | Name | Severity | What it checks |",
        "|---|---|---|---|",
    ]
    for page in pages:
        info = page.info
        kind = " (built-in)" if page.builtin else ""
        out.append(
            f"| [{info['id']}](#{anchor(info['id'])}) | `{info['name']}` | {info['severity']} | "
            f"{_cell(info['title'])}{kind} |"
        )
    out += ["", "## Policy rules", ""]
    for page in pages:
        if not page.builtin:
            out += _markdown_page(page)
    out += [
        "## Built-in rules",
        "",
        "srm-check raises these itself, while reading a file and checking its structure, "
        "whatever the policy.",
        "",
    ]
    for page in pages:
        if page.builtin:
            out += _markdown_page(page)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --- rendering: terminal ----------------------------------------------------------------------


def render_list(pages: Sequence[RulePage], policy_label: str) -> str:
    """`srm-check rules`: id, severity, name and title; policy rules, then built-in ones."""
    width_id = max((len(p.info["id"]) for p in pages), default=6)
    width_name = max((len(p.info["name"]) for p in pages), default=4)

    def row(page: RulePage) -> str:
        info = page.info
        return (
            f"  {info['id']:<{width_id}}  {info['severity']:<7}  {info['name']:<{width_name}}  "
            f"{info['title']}"
        )

    policy_pages = [p for p in pages if not p.builtin]
    out = [f"Policy rules ({policy_label}):"]
    out += [row(p) for p in policy_pages] or ["  (none)"]
    out += ["", "Built-in rules (raised by srm-check itself, whatever the policy):"]
    out += [row(p) for p in pages if p.builtin]
    out += [
        "",
        f"{len(policy_pages)} policy rules, {len(pages) - len(policy_pages)} built-in. "
        "`srm-check explain RULE-ID` shows one rule.",
    ]
    return "\n".join(out) + "\n"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent
    ) or [indent.rstrip()]


def _indented(text: str) -> list[str]:
    return [f"    {line}".rstrip() for line in text.rstrip("\n").splitlines()]


def render_page_text(page: RulePage) -> str:
    """One rule's page for a terminal: plain text, code indented."""
    info = page.info
    kind = "built-in rule" if page.builtin else "policy rule"
    out = [f"{info['id']}  {info['title']}", ""]
    out.append(f"  Name:       {info['name']}")
    out.append(f"  Severity:   {info['severity']}")
    if info["tags"]:
        out.append(f"  Tags:       {', '.join(info['tags'])}")
    out.append(f"  Kind:       {kind}" + (f", defined in {page.defined_in}" if page.defined_in else ""))
    if info["help_uri"]:
        out.append(f"  Help:       {info['help_uri']}")
    out += ["", *_wrap(info["description"]), ""]
    if page.checks:
        out += ["What it checks:", *_wrap(page.checks, "  "), ""]
    if not page.builtin:
        out += ["Message:", f"  {info['message']}", ""]
    if page.example is not None:
        example = page.example
        out += _wrap(
            f"Example that fails (test case {example.case} in {example.test_file})"
            + (f": {example.description}" if example.description else ":")
        )
        out.append("")
        for file in example.files:
            out += [f"  {file.label}:", *_indented(file.text), ""]
        out += ["  srm-check reports:", *_indented("\n".join(example.output)), ""]
    if page.fix is not None:
        fix = page.fix
        out += _wrap(
            f"How to fix it (passing case {fix.case} in {fix.test_file})"
            + (f": {fix.description}" if fix.description else ":")
        )
        out.append("")
        for diff in fix.diffs:
            out += [*_indented(diff), ""]
        for file in fix.files:
            out += [f"  {file.label}:", *_indented(file.text), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --- the vocabulary rules are written in --------------------------------------------------------


def render_vocabulary() -> str:
    """Markdown tables of the check functions and of the fact fields, for the authoring guide."""
    from srm_check.rules.functions import FUNCTIONS
    from srm_check.schemas.models.rules import FUNCTION_DOCS

    out = [
        VOCABULARY_START,
        "",
        "Check functions (`then.function`):",
        "",
        "| Function | Passes when | Options | Message placeholders |",
        "|---|---|---|---|",
    ]
    for name, (options, doc) in FUNCTION_DOCS.items():
        opts = []
        for key, info in options.model_fields.items():
            required = info.is_required()
            default = "" if required else f" (default `{json.dumps(info.get_default())}`)"
            opts.append(f"`{key}`{'' if not required else ' (required)'}{default}")
        extras = ", ".join(f"`{{{e}}}`" for e in FUNCTIONS[name].extras)
        out.append(f"| `{name}` | {_cell(doc)} | {', '.join(opts)} | {extras} |")
    out.append("")
    for given, fields in FIELDS.items():
        out += [
            f"Fields of `{given}` facts ({GIVEN_WORDS[given]}):",
            "",
            "| Field | Meaning |",
            "|---|---|",
        ]
        out += [f"| `{name}` | {_cell(meaning)} |" for name, meaning in fields.items()]
        out.append("")
    out.append(VOCABULARY_END)
    return "\n".join(out) + "\n"
