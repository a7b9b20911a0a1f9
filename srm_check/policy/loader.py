"""Load a policy: catalogue and rule files from one or more folders, checked for consistency.

Every problem in a policy file is reported with that file's path and line, and stops
the run (exit code 2): checking agreements against a broken policy would give answers
nobody should trust.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from srm_check.core.paths import display_path
from srm_check.core.problem import Problem, SrmError
from srm_check.core.span import Span
from srm_check.policy.catalogue import load_catalogue
from srm_check.policy.model import Policy, PolicyFile
from srm_check.policy.rules import load_rules
from srm_check.source.document import Document
from srm_check.source.reader import load_file
from srm_check.source.walk import yaml_files


def policy_error(problems: list[Problem]) -> SrmError:
    """The error that stops a run on a broken policy."""
    summary = f"the policy has {len(problems)} problem(s); nothing was checked"
    return SrmError("policy", summary, problems)


def policy_walk(directory: Path, follow_symlinks: bool = False) -> tuple[list[Path], list[Problem]]:
    """The catalogue and rule files of a policy folder (YAML outside `tests/` and hidden folders),
    and a problem for each path not read: a link out of the folder, a dangling link, a folder
    that cannot be listed."""
    walk = yaml_files(directory, follow_symlinks=follow_symlinks, skip_folder=lambda name: name == "tests")
    files = sorted(walk.files, key=lambda p: p.relative_to(directory).as_posix())
    problems = [Problem(s.message, path=display_path(s.path), code=s.code) for s in walk.skipped]
    return files, sorted(problems, key=lambda p: p.path)


def policy_files(directory: Path) -> list[Path]:
    """The catalogue and rule files of a policy folder (see policy_walk)."""
    return policy_walk(directory)[0]


def load_policy(directories: list[Path], *, follow_symlinks: bool = False) -> Policy:
    """Load and cross-check every catalogue and rule file under `directories`.

    Raises SrmError (kind "policy") with every problem found.
    """
    policy = Policy([d.as_posix() for d in directories])
    problems: list[Problem] = []
    rule_origin: dict[str, tuple[str, Span]] = {}
    for directory in directories:
        if not directory.is_dir():
            problems.append(Problem("policy folder not found", path=directory.as_posix()))
            continue
        files, skipped = policy_walk(directory, follow_symlinks)
        problems.extend(skipped)
        for path in files:
            _load_one(path, policy, problems, rule_origin)
    if not problems and not policy.catalogues:
        where = ", ".join(policy.directories)
        problems.append(Problem("the policy holds no catalogue", path=where))
    if problems:
        raise policy_error(problems)
    return policy


def _load_one(
    path: Path,
    policy: Policy,
    problems: list[Problem],
    rule_origin: dict[str, tuple[str, Span]],
) -> None:
    display = display_path(path)
    source = load_file(path, display, keep_bytes=True)
    problems.extend(source.problems)
    if source.problems:
        return
    if len(source.documents) != 1:
        problems.append(Problem("a policy file must hold exactly one YAML document", path=display))
        return
    doc = source.documents[0]
    sha = hashlib.sha256(source.data).hexdigest()
    value = doc.value
    if isinstance(value, dict) and "catalogue" in value:
        _add_catalogue(doc, display, sha, policy, problems)
    elif isinstance(value, dict) and "rules" in value:
        for rule in load_rules(doc, display, problems, rule_origin):
            policy.rules.append(rule)
            policy.rule_paths[rule["id"]] = display
        policy.files.append(PolicyFile(display, "rules", sha))
    else:
        message = "not a policy file: expected a catalogue (key 'catalogue') or a rule file (key 'rules')"
        problems.append(Problem(message, doc.span(""), path=display))


def _add_catalogue(doc: Document, display: str, sha: str, policy: Policy, problems: list[Problem]) -> None:
    index = load_catalogue(doc, display, sha, problems)
    if index is not None:
        if index.ref in policy.catalogues:
            message = f"catalogue {index.ref} is also defined in {policy.catalogues[index.ref].path}"
            problems.append(Problem(message, doc.span("/catalogue"), path=display))
        else:
            policy.catalogues[index.ref] = index
    policy.files.append(PolicyFile(display, "catalogue", sha))
