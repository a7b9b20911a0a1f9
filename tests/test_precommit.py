"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself.

A snapshot of this repository (its working tree, committed in a temporary git repository,
so that uncommitted work is what gets tested) is the hook repository; a second temporary git
repository holds agreements, as a user's would. pre-commit builds the hook's virtual
environment and pip-installs srm-check into it, as it does for a user: that needs the
package registry, as CI has. The `.pre-commit-config.yaml` written into the user's
repository is the README's snippet, with `repo:` and `rev:` pointed at the snapshot.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from conftest import ROOT
from ruamel.yaml import YAML
from test_workflows import copy_checkout, snippet

FIXTURES = Path(__file__).parent / "fixtures" / "precommit"
pytestmark = pytest.mark.slow


@dataclass
class Result:
    code: int
    output: str


def git_env(tmp: Path) -> dict[str, str]:
    """An environment where git and pre-commit see nothing of the user's own settings."""
    empty = tmp / "gitconfig"
    empty.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="srm-check tests",
        GIT_AUTHOR_EMAIL="tests@srm-check.invalid",
        GIT_COMMITTER_NAME="srm-check tests",
        GIT_COMMITTER_EMAIL="tests@srm-check.invalid",
        PRE_COMMIT_COLOR="never",
    )
    return env


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def new_repo(path: Path, env: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    git(path, env, "init", "--quiet")
    return path


def commit_all(repo: Path, env: dict[str, str]) -> str:
    git(repo, env, "add", "--all")
    git(repo, env, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", "snapshot")
    return git(repo, env, "rev-parse", "HEAD")


@dataclass
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    """This repository's working tree, committed in a temporary git repository."""
    tmp = tmp_path_factory.mktemp("precommit")
    env = git_env(tmp)
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    snapshot = copy_checkout(tmp / "srm-check")
    git(snapshot, env, "init", "--quiet")
    return HookRepo(snapshot, commit_all(snapshot, env), env)


def user_repo(base: Path, env: dict[str, str], files: dict[str, Path | str]) -> Path:
    """A user's repository holding `files` (fixture paths, or text), all committed."""
    repo = new_repo(base, env)
    for name, source in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copy2(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    commit_all(repo, env)
    return repo


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Result(done.returncode, done.stdout + done.stderr)


def readme_config(hook: HookRepo) -> str:
    """The README's pre-commit snippet, with `repo:` and `rev:` pointed at the snapshot."""
    yaml = YAML(typ="safe")
    config = yaml.load(snippet("pre-commit"))
    [entry] = [r for r in config["repos"] if r["repo"] != "local"]
    assert entry["repo"].startswith("https://"), "the snippet names the published repository"
    entry["repo"], entry["rev"] = str(hook.path), hook.rev
    return _dump(config)


def _dump(data: object) -> str:
    out = StringIO()
    YAML(typ="safe").dump(data, out)
    return out.getvalue()


def test_try_repo_passes_on_the_good_agreement_and_fails_on_the_bad(
    hook_repo: HookRepo, tmp_path: Path
) -> None:
    repo = user_repo(
        tmp_path / "user",
        hook_repo.env,
        {"agreements/good.yaml": FIXTURES / "good.yaml", "agreements/bad.yaml": FIXTURES / "bad.yaml"},
    )
    args = ("try-repo", str(hook_repo.path), "srm-check", "--ref", hook_repo.rev, "--color", "never")
    # Both at once: each try-repo builds its own environment.
    good, bad = (
        subprocess.Popen(
            [sys.executable, "-m", "pre_commit", *args, "--files", name],
            cwd=repo,
            env=hook_repo.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("agreements/good.yaml", "agreements/bad.yaml")
    )
    good_out, _ = good.communicate(timeout=600)
    bad_out, _ = bad.communicate(timeout=600)

    assert good.returncode == 0, good_out
    assert re.search(r"^srm-check agreements\.+Passed$", good_out, re.M), good_out

    assert bad.returncode == 1, bad_out
    assert re.search(r"^srm-check agreements\.+Failed$", bad_out, re.M), bad_out
    assert "agreements/bad.yaml:12:29: error [SRM201] responsibility 'define-basic-environment'" in bad_out
    assert "1 file checked: 1 error in 1 file (FAILED, fail-on error)" in bad_out
    assert "good.yaml" not in bad_out


@pytest.fixture(scope="module")
def installed(hook_repo: HookRepo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The README's configuration, its hook environments installed once for this module."""
    config = readme_config(hook_repo)
    repo = user_repo(tmp_path_factory.mktemp("install") / "user", hook_repo.env, {})
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    done = pre_commit(repo, hook_repo.env, "install-hooks")
    assert done.code == 0, done.output
    yield config


def configured_repo(base: Path, hook: HookRepo, config: str, files: dict[str, Path | str]) -> Path:
    return user_repo(base, hook.env, {".pre-commit-config.yaml": config, **files})


def test_readme_snippet_checks_only_the_agreements_folder(
    hook_repo: HookRepo, installed: str, tmp_path: Path
) -> None:
    files: dict[str, Path | str] = {
        "agreements/good.yaml": FIXTURES / "good.yaml",
        "agreements/bad.yaml": FIXTURES / "bad.yaml",
        ".github/workflows/unrelated.yml": FIXTURES / "workflow.yml",
    }
    repo = configured_repo(tmp_path / "user", hook_repo, installed, files)

    good = pre_commit(repo, hook_repo.env, "run", "srm-check", "--files", "agreements/good.yaml")
    assert good.code == 0, good.output
    assert re.search(r"^srm-check agreements\.+Passed$", good.output, re.M)

    everything = pre_commit(repo, hook_repo.env, "run", "srm-check", "--all-files")
    assert everything.code == 1, everything.output
    assert "agreements/bad.yaml:12:29: error [SRM201]" in everything.output
    # Both agreements in one run; the workflow file is not an agreement and was not passed.
    assert "2 files checked: 1 error in 1 file (FAILED, fail-on error)" in everything.output
    assert "unrelated.yml" not in everything.output


def test_duplicate_ids_are_found_in_one_run_of_a_large_commit(
    hook_repo: HookRepo, installed: str, tmp_path: Path
) -> None:
    """require_serial: pre-commit would otherwise split 12 files into one batch per CPU."""
    good = (FIXTURES / "good.yaml").read_text(encoding="utf-8")
    files: dict[str, Path | str] = {
        f"agreements/lab-{n:02}.yaml": good.replace("lakeside-ocean-lab", f"lab-{n:02}") for n in range(12)
    }
    files["agreements/lab-11.yaml"] = good.replace("lakeside-ocean-lab", "lab-00")  # lab-00 again
    repo = configured_repo(tmp_path / "user", hook_repo, installed, files)
    done = pre_commit(repo, hook_repo.env, "run", "srm-check", "--all-files")
    assert done.code == 1, done.output
    assert len(re.findall(r"\[SRM305\]", done.output)) == 1, done.output
    assert "agreements/lab-11.yaml:2:12: error [SRM305]" in done.output
    # One invocation saw every file: a single summary line, for 12 files.
    assert re.findall(r"^\d+ files? checked", done.output, re.M) == ["12 files checked"], done.output


def test_a_reused_id_is_found_against_agreements_outside_the_commit(
    hook_repo: HookRepo, installed: str, tmp_path: Path
) -> None:
    """--context: the one new file is compared with every agreement of the repository, cold (no
    cache yet) and warm; the cache it leaves is ignored by git."""
    good = (FIXTURES / "good.yaml").read_text(encoding="utf-8")
    files: dict[str, Path | str] = {
        f"agreements/lab-{n:02}.yaml": good.replace("lakeside-ocean-lab", f"lab-{n:02}") for n in range(5)
    }
    repo = configured_repo(tmp_path / "user", hook_repo, installed, files)
    (repo / "agreements" / "new.yaml").write_text(good.replace("lakeside-ocean-lab", "lab-03"), "utf-8")
    for _ in ("cold", "warm"):
        done = pre_commit(repo, hook_repo.env, "run", "srm-check", "--files", "agreements/new.yaml")
        assert done.code == 1, done.output
        assert "agreements/new.yaml:2:12: error [SRM305]" in done.output, done.output
        assert "agreements/lab-03.yaml" in done.output  # where the id was first used
        assert re.findall(r"^\d+ files? checked", done.output, re.M) == ["1 file checked"], done.output
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, env=hook_repo.env, capture_output=True, text=True
    )
    assert status.stdout.splitlines() == ["?? agreements/new.yaml"]


def test_policy_hook_validates_the_policy_folder(hook_repo: HookRepo, installed: str, tmp_path: Path) -> None:
    """A full copy of the shipped policy replaces it (builtin-policy: false), as the hooks read."""
    policy: dict[str, Path | str] = {
        f"policies/{p.relative_to(ROOT / 'policies').as_posix()}": p
        for p in sorted((ROOT / "policies").rglob("*.yaml"))
    }
    policy[".srm-check.yaml"] = "builtin-policy: false\npolicy: [policies]\n"
    repo = configured_repo(tmp_path / "user", hook_repo, installed, policy)
    valid = pre_commit(repo, hook_repo.env, "run", "srm-check-policy", "--all-files")
    assert valid.code == 0, valid.output
    assert re.search(r"^srm-check policy\.+Passed$", valid.output, re.M)
    # A policy change alone: the agreements hook has nothing to check.
    assert re.search(r"^srm-check agreements\.+\(no files to check\)Skipped$", _all(repo, hook_repo), re.M)

    shutil.copy2(FIXTURES / "broken-rule.yaml", repo / "policies" / "rules" / "lab.yaml")
    git(repo, hook_repo.env, "add", "policies/rules/lab.yaml")
    broken = pre_commit(repo, hook_repo.env, "run", "srm-check-policy", "--files", "policies/rules/lab.yaml")
    assert broken.code == 1, broken.output
    assert re.search(r"^srm-check policy\.+Failed$", broken.output, re.M)
    assert "- exit code: 2" in broken.output
    assert "policies/rules/lab.yaml:16:17: 'function' should be one of" in broken.output
    assert "srm-check: error: the policy has 1 problem" in broken.output


COMPOSITION = Path(__file__).parent / "fixtures" / "composition"


def extending_repo(base: Path, hook: HookRepo, config: str) -> Path:
    """A user's repository whose `policies/` extends the shipped policy: its own catalogue and
    rules, overrides of shipped rules, and tests that name shipped rules (SRM102, SRM201)."""
    lab = COMPOSITION / "lab-policy"
    files: dict[str, Path | str] = {
        f"policies/{p.relative_to(lab).as_posix()}": p for p in sorted(lab.rglob("*.yaml"))
    }
    files[".srm-check.yaml"] = "policy: [policies]\n"
    files["agreements/genomics.yaml"] = lab / "tests" / "fixtures" / "good.yaml"
    files["agreements/proteomics.yaml"] = COMPOSITION / "agreements" / "two-parties.yaml"
    files["agreements/hub.yaml"] = FIXTURES / "good.yaml"
    return configured_repo(base, hook, config, files)


def test_hooks_work_where_the_policy_extends_the_shipped_one(
    hook_repo: HookRepo, installed: str, tmp_path: Path
) -> None:
    repo = extending_repo(tmp_path / "user", hook_repo, installed)
    # The README's policy hook: the folder validates beside the shipped policy.
    valid = pre_commit(repo, hook_repo.env, "run", "srm-check-policy", "--all-files")
    assert valid.code == 0, valid.output
    assert re.search(r"^srm-check policy\.+Passed$", valid.output, re.M)
    # The agreements hook reads .srm-check.yaml: the lab's rules and overrides, the shipped rules.
    good = pre_commit(repo, hook_repo.env, "run", "srm-check", "--files", "agreements/genomics.yaml")
    assert good.code == 0, good.output
    everything = pre_commit(repo, hook_repo.env, "run", "srm-check", "--all-files")
    assert everything.code == 1, everything.output
    assert (
        "agreements/proteomics.yaml:7:16: error [SRM102] responsibility 'manage-data' is held by 2 parties"
    ) in everything.output
    assert "3 files checked: 1 error in 1 file (FAILED, fail-on error)" in everything.output
    # A rule id the policy redefines is still an error, pointing at overrides.
    shutil.copy2(ROOT / "policies" / "rules" / "costs.yaml", repo / "policies" / "rules" / "costs.yaml")
    git(repo, hook_repo.env, "add", "policies/rules/costs.yaml")
    clash = pre_commit(repo, hook_repo.env, "run", "srm-check-policy", "--files", "policies/rules/costs.yaml")
    assert clash.code == 1, clash.output
    assert (
        "policies/rules/costs.yaml:5:9: rule id 'SRM201' is already used by the shipped policy"
        in clash.output
    )
    assert "list it under `overrides:`" in clash.output


def test_try_repo_validates_a_policy_that_extends_the_shipped_one(
    hook_repo: HookRepo, tmp_path: Path
) -> None:
    """The manifest's own default (`args: [policies]`), as `pre-commit try-repo` runs it."""
    repo = extending_repo(tmp_path / "user", hook_repo, "repos: []\n")
    args = ("try-repo", str(hook_repo.path), "srm-check-policy", "--ref", hook_repo.rev, "--all-files")
    done = pre_commit(repo, hook_repo.env, *args, "--color", "never")
    assert done.code == 0, done.output
    assert re.search(r"^srm-check policy\.+Passed$", done.output, re.M)


def _all(repo: Path, hook: HookRepo) -> str:
    return pre_commit(repo, hook.env, "run", "--all-files").output


NO_NETWORK = """
import os, socket, sys

def _refuse(*args, **kwargs):
    raise OSError("srm-check tests: no network while a pre-commit hook runs")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
with open(os.environ["SRM_TEST_MARKER"], "a", encoding="utf-8") as marker:
    marker.write(os.path.basename(sys.argv[0]) + "\\n")
"""


def test_hooks_run_without_network(hook_repo: HookRepo, installed: str, tmp_path: Path) -> None:
    """With every Python socket refusing to connect, the hooks give their usual answers."""
    files: dict[str, Path | str] = {
        "agreements/good.yaml": FIXTURES / "good.yaml",
        "agreements/bad.yaml": FIXTURES / "bad.yaml",
    }
    repo = configured_repo(tmp_path / "user", hook_repo, installed, files)
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    marker = tmp_path / "marker"
    env = {**hook_repo.env, "PYTHONPATH": str(guard), "SRM_TEST_MARKER": str(marker)}
    done = pre_commit(repo, env, "run", "srm-check", "--all-files")
    assert done.code == 1, done.output
    assert "agreements/bad.yaml:12:29: error [SRM201]" in done.output
    assert "2 files checked: 1 error in 1 file (FAILED, fail-on error)" in done.output
    # The guard was loaded into the hook's own process, not only into pre-commit's.
    assert "srm-check" in marker.read_text(encoding="utf-8").split()


def test_manifest_and_own_config_are_valid_for_pre_commit() -> None:
    for command, name in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, name], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_hooks() -> None:
    hooks = {h["id"]: h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(hooks) == {"srm-check", "srm-check-policy", "srm-check-fix"}
    fix = hooks["srm-check-fix"]
    assert fix["entry"] == "srm-check fix --exit-non-zero-on-fix" and fix["require_serial"] is True
    assert fix["types"] == ["yaml"] and fix["files"] == "^agreements/"
    check = hooks["srm-check"]
    assert check["entry"] == "srm-check check --context" and check["language"] == "python"
    assert check["require_serial"] is True  # cross-file rules see the whole commit
    assert check["types"] == ["yaml"] and check["files"] == "^agreements/"
    policy = hooks["srm-check-policy"]
    assert policy["entry"] == "srm-check validate-policy" and policy["pass_filenames"] is False
    assert policy["args"] == ["policies"] and policy["files"] == "^policies/"


def test_own_config_uses_the_local_hooks_ruff_and_github_schemas() -> None:
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    repos = {r["repo"]: r for r in config["repos"]}
    local = {h["id"]: h for h in repos["local"]["hooks"]}
    assert {"srm-check", "srm-check-policy"} <= set(local)
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"]) and [h["id"] for h in ruff["hooks"]] == ["ruff-check"]
    schemas = repos["https://github.com/python-jsonschema/check-jsonschema"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", schemas["rev"])
    assert {"check-github-workflows", "check-github-actions"} <= {h["id"] for h in schemas["hooks"]}


def test_fix_hook_fixes_and_fails_then_passes(hook_repo: HookRepo, tmp_path: Path) -> None:
    """srm-check-fix, by try-repo: a file with a responsibility left out is fixed in place (the
    hook fails, as pre-commit fixers do), and a second run finds nothing to change."""
    good = (FIXTURES / "good.yaml").read_text(encoding="utf-8")
    broken = good.replace("  use-hub: community\n", "")
    assert broken != good
    repo = user_repo(tmp_path / "user", hook_repo.env, {"agreements/lab.yaml": broken})
    args = ("try-repo", str(hook_repo.path), "srm-check-fix", "--ref", hook_repo.rev, "--color", "never")
    first = pre_commit(repo, hook_repo.env, *args, "--files", "agreements/lab.yaml")
    assert first.code == 1, first.output
    assert re.search(r"^srm-check fix agreements\.+Failed$", first.output, re.M), first.output
    assert "fixed [SRM101] added 'use-hub' at its default party (community)" in first.output
    fixed = (repo / "agreements" / "lab.yaml").read_text(encoding="utf-8")
    assert "use-hub: community" in fixed
    git(repo, hook_repo.env, "add", "agreements/lab.yaml")
    second = pre_commit(repo, hook_repo.env, *args, "--files", "agreements/lab.yaml")
    assert second.code == 0, second.output
    assert re.search(r"^srm-check fix agreements\.+Passed$", second.output, re.M), second.output
