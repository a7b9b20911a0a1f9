"""Load a policy: catalogue and rule files from one or more folders, checked for consistency.

Every problem in a policy file is reported with that file's path and line, and
stops the run (exit code 2): checking agreements against a broken policy would
give answers nobody should trust.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from srm_check.facts import FIELDS
from srm_check.functions import FUNCTIONS
from srm_check.paths import display_path
from srm_check.records import CatalogueRecord, ResponsibilityRecord, RuleRecord
from srm_check.structure import validator
from srm_check.yamlsource import FILE_START, Document, Span, load_file

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PolicyProblem(NamedTuple):
    """A problem in a policy file, located."""

    path: str
    span: Span
    message: str
    code: str = "policy"

    def __str__(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}: {self.message}"


class PolicyError(Exception):
    """The policy cannot be used; carries every problem found."""

    def __init__(self, problems: list[PolicyProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(slots=True)
class CatalogueIndex:
    """A catalogue with the look-ups that checking needs."""

    model: CatalogueRecord
    path: str
    sha256: str
    responsibilities: dict[str, ResponsibilityRecord]
    order: list[str]
    party_rank: dict[str, int]
    teams: dict[str, str]

    @property
    def ref(self) -> str:
        return f"{self.model['catalogue']}@{self.model['version']}"


@dataclass(slots=True)
class PolicyFile:
    """A file the policy was read from, for provenance."""

    path: str
    kind: str
    sha256: str


@dataclass(slots=True)
class Policy:
    """Catalogues by reference, and rules in a stable order."""

    directories: list[str]
    catalogues: dict[str, CatalogueIndex] = field(default_factory=dict)
    rules: list[RuleRecord] = field(default_factory=list)
    rule_paths: dict[str, str] = field(default_factory=dict)
    files: list[PolicyFile] = field(default_factory=list)

    def find_catalogue(self, ref: str) -> CatalogueIndex | None:
        """Look up `id@version`, or a bare `id` when exactly one version is loaded."""
        if ref in self.catalogues:
            return self.catalogues[ref]
        if "@" not in ref:
            matches = [c for c in self.catalogues.values() if c.model["catalogue"] == ref]
            if len(matches) == 1:
                return matches[0]
        return None


def default_policy_dir() -> Path:
    """The shipped policy: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "policies"
    if installed.is_dir():
        return installed
    return here.parent / "policies"


def policy_files(directory: Path) -> list[Path]:
    """The catalogue and rule files of a policy folder: YAML outside `tests/` and hidden folders."""
    files = [
        p
        for p in directory.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and "tests" not in p.relative_to(directory).parts[:-1]
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(directory).as_posix())


def load_policy(directories: list[Path]) -> Policy:
    """Load and cross-check every catalogue and rule file under `directories`."""
    policy = Policy([d.as_posix() for d in directories])
    problems: list[PolicyProblem] = []
    rule_origin: dict[str, tuple[str, Span]] = {}
    for directory in directories:
        if not directory.is_dir():
            problems.append(PolicyProblem(directory.as_posix(), FILE_START, "policy folder not found"))
            continue
        for path in policy_files(directory):
            _load_one(path, policy, problems, rule_origin)
    if not problems and not policy.catalogues:
        where = ", ".join(policy.directories)
        problems.append(PolicyProblem(where, FILE_START, "the policy holds no catalogue"))
    if problems:
        raise PolicyError(problems)
    return policy


def _load_one(
    path: Path,
    policy: Policy,
    problems: list[PolicyProblem],
    rule_origin: dict[str, tuple[str, Span]],
) -> None:
    display = display_path(path)
    source = load_file(path, display, keep_bytes=True)
    for problem in source.problems:
        problems.append(PolicyProblem(display, problem.span, problem.message, problem.code))
    if source.problems:
        return
    if len(source.documents) != 1:
        problems.append(
            PolicyProblem(display, FILE_START, "a policy file must hold exactly one YAML document")
        )
        return
    doc = source.documents[0]
    sha = hashlib.sha256(source.data).hexdigest()
    value = doc.value
    if isinstance(value, dict) and "catalogue" in value:
        index = _load_catalogue(doc, display, sha, problems)
        if index is not None:
            if index.ref in policy.catalogues:
                problems.append(
                    PolicyProblem(
                        display,
                        doc.span("/catalogue"),
                        f"catalogue {index.ref} is also defined in {policy.catalogues[index.ref].path}",
                    )
                )
            else:
                policy.catalogues[index.ref] = index
        policy.files.append(PolicyFile(display, "catalogue", sha))
    elif isinstance(value, dict) and "rules" in value:
        for rule in _load_rules(doc, display, problems, rule_origin):
            policy.rules.append(rule)
            policy.rule_paths[rule["id"]] = display
        policy.files.append(PolicyFile(display, "rules", sha))
    else:
        problems.append(
            PolicyProblem(
                display,
                doc.span(""),
                "not a policy file: expected a catalogue (key 'catalogue') or a rule file (key 'rules')",
            )
        )


def _structure(kind: str, doc: Document, display: str) -> list[PolicyProblem]:
    """Schema problems of a policy file, each located in that file."""
    return [
        PolicyProblem(display, p.span, f"{p.message} (at {p.pointer or '/'})", p.code)
        for p in validator(kind).validate(doc.value, doc)
    ]


def _load_catalogue(
    doc: Document, display: str, sha: str, problems: list[PolicyProblem]
) -> CatalogueIndex | None:
    structural = _structure("catalogue", doc, display)
    if structural:
        problems.extend(structural)
        return None
    model: CatalogueRecord = doc.value
    found: list[PolicyProblem] = []

    def problem(pointer: str, message: str) -> None:
        found.append(PolicyProblem(display, doc.span(pointer), message))

    party_rank: dict[str, int] = {}
    teams: dict[str, str] = {}
    for i, party in enumerate(model["parties"]):
        if party["id"] in party_rank:
            problem(f"/parties/{i}/id", f"party id '{party['id']}' is declared twice")
        party_rank.setdefault(party["id"], i)
    for i, party in enumerate(model["parties"]):
        for j, team in enumerate(party["teams"]):
            if team["id"] in teams or team["id"] in party_rank:
                problem(f"/parties/{i}/teams/{j}/id", f"team id '{team['id']}' is already used")
            teams.setdefault(team["id"], party["id"])
    responsibilities: dict[str, ResponsibilityRecord] = {}
    numbers: set[int] = set()
    previous = 0
    for i, resp in enumerate(model["responsibilities"]):
        rid, number, default = resp["id"], resp["number"], resp["default_party"]
        if rid in responsibilities:
            problem(f"/responsibilities/{i}/id", f"responsibility id '{rid}' is repeated")
        if number in numbers:
            problem(f"/responsibilities/{i}/number", f"responsibility number {number} is repeated")
        elif number < previous:
            problem(
                f"/responsibilities/{i}/number",
                "responsibilities must be listed in their technical order (by number)",
            )
        if default not in party_rank:
            problem(
                f"/responsibilities/{i}/default_party",
                f"default party '{default}' is not declared in parties",
            )
        default_team = resp["default_team"]
        if default_team is not None and teams.get(default_team) != default:
            problem(
                f"/responsibilities/{i}/default_team",
                f"default team '{default_team}' is not a team of '{default}'",
            )
        responsibilities.setdefault(rid, resp)
        numbers.add(number)
        previous = max(previous, number)
    if found:
        problems.extend(found)
        return None
    return CatalogueIndex(
        model=model,
        path=display,
        sha256=sha,
        responsibilities=responsibilities,
        order=[r["id"] for r in model["responsibilities"]],
        party_rank=party_rank,
        teams=teams,
    )


def _load_rules(
    doc: Document,
    display: str,
    problems: list[PolicyProblem],
    rule_origin: dict[str, tuple[str, Span]],
) -> list[RuleRecord]:
    structural = _structure("rules", doc, display)
    if structural:
        problems.extend(structural)
        return []
    good: list[RuleRecord] = []
    rules: list[RuleRecord] = doc.value["rules"]
    for i, rule in enumerate(rules):
        base = f"/rules/{i}"
        before = len(problems)
        rule_id, given, then = rule["id"], rule["given"], rule["then"]
        if rule_id in rule_origin:
            where, span = rule_origin[rule_id]
            problems.append(
                PolicyProblem(
                    display,
                    doc.span(f"{base}/id"),
                    f"rule id '{rule_id}' is already used at {where}:{span.line}",
                )
            )
        rule_origin.setdefault(rule_id, (display, doc.span(f"{base}/id")))
        fields = FIELDS[given]
        function = FUNCTIONS[then["function"]]
        named = [(then["field"], f"{base}/then/field")]
        named += [(c["field"], f"{base}/where/{j}/field") for j, c in enumerate(rule["where"])]
        options = then.get("options") or {}
        if then["function"] == "after":
            named.append((options["field"], f"{base}/then/options/field"))
        for name, pointer in named:
            if name not in fields:
                problems.append(
                    PolicyProblem(
                        display,
                        doc.span(pointer),
                        f"'{name}' is not a field of {given} facts (fields: {', '.join(sorted(fields))})",
                    )
                )
        for key in ("match", "not_match"):
            regex = options.get(key)
            if then["function"] == "pattern" and isinstance(regex, str):
                try:
                    re.compile(regex)
                except re.error as err:
                    problems.append(
                        PolicyProblem(
                            display,
                            doc.span(f"{base}/then/options/{key}"),
                            f"invalid regular expression: {err}",
                        )
                    )
        allowed = {*fields, "value", *function.extras}
        for name in PLACEHOLDER.findall(rule["message"]):
            if name not in allowed:
                problems.append(
                    PolicyProblem(
                        display,
                        doc.span(f"{base}/message"),
                        f"message uses '{{{name}}}', which {given} facts and "
                        f"function {then['function']} do not provide",
                    )
                )
        if len(problems) == before:
            good.append(rule)
    return good
