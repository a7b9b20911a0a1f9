"""Load a policy: catalogue and rule files from one or more folders, checked for consistency.

Every problem in a policy file is reported with that file's path and line, and stops
the run (exit code 2): checking agreements against a broken policy would give answers
nobody should trust. Folders are loaded in the order given (see `sources.py`: the shipped
policy first); a catalogue or rule id defined twice is reported at its second definition.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from srm_check.core.codes import DUPLICATE_KEY, EMPTY_FILE, REQUIRED_KEY, UNREADABLE, WRONG_TYPE
from srm_check.core.digest import blake2b
from srm_check.core.paths import display_path
from srm_check.core.problem import COMMAND_LINE, Problem, SrmError
from srm_check.policy.model import OverrideInfo, Policy, PolicyFile, default_policy_dir
from srm_check.rules.scope import Composition, unchecked_catalogues
from srm_check.source.files import read_bytes
from srm_check.source.walk import yaml_files

if TYPE_CHECKING:  # parsing's modules: a policy found in the store needs neither
    from srm_check.policy.declared import Declared
    from srm_check.policy.rules import Origin
    from srm_check.source.document import Document, SourceFile

NO_POLICY = (
    "no policy to check with: the shipped policy is left out (--no-builtin-policy, or "
    "builtin-policy: false in the configuration) and no policy folder is named"
)


def no_policy_error() -> SrmError:
    """No folder at all: said as a problem too, so that SARIF and JUnit outputs record it."""
    return SrmError(
        "policy", "no policy; nothing was checked", [Problem(NO_POLICY, path=COMMAND_LINE, code=REQUIRED_KEY)]
    )


def policy_error(problems: list[Problem]) -> SrmError:
    """The error that stops a run on a broken policy."""
    summary = f"the policy has {len(problems)} problem(s); nothing was checked"
    return SrmError("policy", summary, problems)


def policy_walk(directory: Path, follow_symlinks: bool = False) -> tuple[list[Path], list[Problem]]:
    """The catalogue and rule files of a policy folder (YAML outside `tests/` and hidden folders),
    and a problem for each path not read: a link out of the folder, a dangling link, a folder
    that cannot be listed."""
    walk = yaml_files(directory, follow_symlinks=follow_symlinks, skip_folder=lambda name: name == "tests")
    files = sorted((Path(f) for f in walk.files), key=lambda p: p.relative_to(directory).as_posix())
    problems = [Problem(s.message, path=display_path(s.path), code=s.code) for s in walk.skipped]
    return files, sorted(problems, key=lambda p: p.path)


def policy_files(directory: Path) -> list[Path]:
    """The catalogue and rule files of a policy folder (see policy_walk)."""
    return policy_walk(directory)[0]


def load_file(path: Path, display: str) -> SourceFile:
    """A policy file read and parsed (the YAML reader, imported here: the store serves most runs)."""
    from srm_check.source.reader import load_file as load

    return load(path, display, keep_bytes=True)


def load_data(data: bytes, display: str) -> SourceFile:
    """A policy file's bytes, read already for the store's key, parsed."""
    from srm_check.source.reader import load_data as load

    return load(data, display, keep_bytes=True)


class PolicyStore(Protocol):
    """Where loaded policies are kept between runs (pipeline/cache_folder.PolicyCache), by a key of
    everything they were loaded from: `get` gives None for a key it does not hold."""

    def get(self, key: str) -> Any: ...

    def put(self, key: str, value: dict[str, Any]) -> None: ...


class _Loading:
    """A policy being loaded: what is loaded so far, the problems, and what awaits composing."""

    def __init__(self, policy: Policy, follow_symlinks: bool = False) -> None:
        self.policy = policy
        self.follow_symlinks = follow_symlinks
        self.problems: list[Problem] = []
        self.rule_origin: dict[str, Origin] = {}
        self._declared: Declared | None = None
        self.read: dict[Path, bytes] = {}  # files read already (for the store's key)

    @property
    def declared(self) -> Declared:
        """What the rule files declare, made at the first one (a stored policy needs none)."""
        if self._declared is None:
            from srm_check.policy.declared import Declared

            self._declared = Declared()
        return self._declared

    def folder(self, directory: Path, shipped: bool) -> None:
        if not directory.is_dir():
            self.problems.append(
                Problem("policy folder not found", path=directory.as_posix(), code=UNREADABLE)
            )
            return
        files, skipped = policy_walk(directory, self.follow_symlinks)
        self.problems.extend(skipped)
        for path in files:
            self.file(path, directory, shipped)

    def file(self, path: Path, directory: Path, shipped: bool) -> None:
        display = display_path(path)
        self.policy.folder_of[display] = directory.as_posix()
        data = self.read.pop(path, None)
        source = load_file(path, display) if data is None else load_data(data, display)
        self.problems.extend(source.problems)
        if source.problems:
            return
        if len(source.documents) != 1:
            code = EMPTY_FILE if not source.documents else WRONG_TYPE
            self.problems.append(
                Problem("a policy file must hold exactly one YAML document", path=display, code=code)
            )
            return
        from hashlib import sha256  # loads OpenSSL: only when policy files are parsed

        doc = source.documents[0]
        sha = sha256(source.data).hexdigest()
        value = doc.value
        if isinstance(value, dict) and "catalogue" in value:
            self.catalogue(doc, display, sha, shipped)
        elif isinstance(value, dict) and ("rules" in value or "overrides" in value):
            from srm_check.policy.rules import RuleFile, load_rules

            for rule in load_rules(
                RuleFile(doc, display, shipped), self.problems, self.rule_origin, self.declared
            ):
                self.policy.rules.append(rule)
                self.policy.rule_paths[rule["id"]] = display
            self.policy.files.append(PolicyFile(display, "rules", sha))
        else:
            message = (
                "not a policy file: expected a catalogue (key 'catalogue') or a rule file "
                "(key 'rules' or 'overrides')"
            )
            code = REQUIRED_KEY if isinstance(value, dict) else WRONG_TYPE
            self.problems.append(Problem(message, doc.span(""), path=display, code=code))

    def catalogue(self, doc: Document, display: str, sha: str, shipped: bool) -> None:
        from srm_check.policy.catalogue import load_catalogue
        from srm_check.policy.rules import HOW_TO_EXTEND

        policy = self.policy
        index = load_catalogue(doc, display, sha, self.problems)
        if index is not None:
            if index.ref in policy.catalogues:
                first = policy.catalogues[index.ref].path
                message = f"catalogue {index.ref} is also defined in {first}"
                if policy.shipped and policy.in_folders(first, [Path(policy.shipped)]) and not shipped:
                    message = f"catalogue {index.ref} is also defined by the shipped policy ({first}); "
                    message += HOW_TO_EXTEND
                self.problems.append(
                    Problem(message, doc.span("/catalogue"), path=display, code=DUPLICATE_KEY)
                )
            else:
                policy.catalogues[index.ref] = index
        policy.files.append(PolicyFile(display, "catalogue", sha))

    def finish(self) -> None:
        """Resolve scopes, overrides and references once everything loaded cleanly."""
        policy = self.policy
        if self.problems:
            return
        if not policy.catalogues:
            where = ", ".join(policy.directories)
            self.problems.append(Problem("the policy holds no catalogue", path=where, code=REQUIRED_KEY))
            return
        if self.declared.empty:  # every rule everywhere, at its own severity: nothing to compose
            policy.composition = Composition({}, unchecked_catalogues(policy.catalogues, policy.rules, {}))
            return
        from srm_check.policy.compose import compose

        resolved = compose(policy.rules, policy.catalogues, self.declared, self.problems)
        policy.composition = resolved.composition
        policy.overrides = [
            OverrideInfo(rule_id, catalogues, severity, reason, where[0], where[1].line)
            for rule_id, catalogues, severity, reason, where in resolved.overrides
        ]


def load_policy(
    directories: list[Path], *, follow_symlinks: bool = False, store: PolicyStore | None = None
) -> Policy:
    """Load and cross-check every catalogue and rule file under `directories`; from `store`,
    when it holds the policy loaded from these very files (same paths, same bytes).

    Raises SrmError (kind "policy") with every problem found.
    """
    if not directories:
        raise no_policy_error()
    shipped_dir = default_policy_dir().resolve()
    shipped = next((d for d in directories if d.resolve() == shipped_dir), None)
    loading = _Loading(
        Policy([d.as_posix() for d in directories], shipped=shipped.as_posix() if shipped else None),
        follow_symlinks,
    )
    key = None if store is None else _store_key(loading, directories)
    if key is not None and store is not None:
        from srm_check.policy.stored import decode_policy

        found = decode_policy(store.get(key))
        if found is not None:
            return found
    for directory in directories:
        loading.folder(directory, directory is shipped)
    loading.finish()
    if loading.problems:
        raise policy_error(loading.problems)
    if key is not None and store is not None:
        from srm_check.policy.stored import encode_policy

        stored = encode_policy(loading.policy)
        if stored is not None:
            store.put(key, stored)
    return loading.policy


def _store_key(loading: _Loading, directories: list[Path]) -> str | None:
    """What a stored policy is found by: the folders, each file as shown with its folder and
    content hash (the files read now are kept for loading); None when a folder or file cannot
    be read as it is (the policy is then loaded, and its problems reported, from the files)."""
    files: list[list[str | None]] = []
    for directory in directories:
        if not directory.is_dir():
            return None
        found, skipped = policy_walk(directory, loading.follow_symlinks)
        if skipped:
            return None
        for path in found:
            data, problem = read_bytes(path)
            if data is None or problem is not None:
                return None
            loading.read[path] = data
            content = blake2b(data, digest_size=32).hexdigest()
            files.append([display_path(path), directory.as_posix(), content])
    policy = loading.policy
    text = json.dumps([policy.directories, policy.shipped, loading.follow_symlinks, files])
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()
