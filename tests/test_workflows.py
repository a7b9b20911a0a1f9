"""GitHub Actions workflows, the reusable Action (action.yml) and the README's CI snippets.

Every workflow and action file is validated against GitHub's schemas as check-jsonschema
ships them (`vendor.github-workflows`, `vendor.github-actions`, `vendor.gitlab-ci`); the
essentials are asserted on the parsed YAML; and the Action's shell steps are run here with
bash, as the runner runs them, with the environment GitHub gives a step.

The snippets are read from the documentation (README.md and docs/*.md, between
`<!-- snippet:NAME -->` markers, each defined once), so the documentation shows what the
tests use.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from ruamel.yaml import YAML

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
FIXTURES = Path(__file__).parent / "fixtures" / "precommit"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def snippets(text: str) -> dict[str, str]:
    """The fenced code block between each `<!-- snippet:NAME -->` and `<!-- /snippet:NAME -->`."""
    found: dict[str, str] = {}
    for match in re.finditer(r"<!-- snippet:([\w-]+) -->\n(.*?)<!-- /snippet:\1 -->", text, re.S):
        block = re.fullmatch(r"\s*```[\w-]*\n(.*?)```\s*", match.group(2), re.S)
        assert block, f"snippet {match.group(1)!r} is not one fenced code block"
        found[match.group(1)] = block.group(1)
    return found


DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def snippet(name: str) -> str:
    """The one snippet NAME of the documentation, between `<!-- snippet:NAME -->` markers."""
    found = [
        (path, text)
        for path in DOCUMENTS
        for key, text in snippets(path.read_text("utf-8")).items()
        if key == name
    ]
    where = [path.relative_to(ROOT).as_posix() for path, _ in found]
    assert len(found) == 1, f"<!-- snippet:{name} --> must be defined once in README.md or docs/: {where}"
    return found[0][1]


def copy_checkout(target: Path) -> Path:
    """This checkout's files (tracked or new, as `git ls-files` lists them) copied to `target`."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
        for name in (n for n in listed if n and (ROOT / n).is_file()):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    else:  # an unpacked source archive
        ignore = shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*.egg-info", ".*_cache", "build", "dist"
        )
        shutil.copytree(ROOT, target, ignore=ignore)
    return target


def check_schema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


def steps_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of a workflow's jobs, or of a composite action."""
    if "jobs" in document:
        return [s for job in document["jobs"].values() for s in job.get("steps", [])]
    steps: list[dict[str, Any]] = document["runs"]["steps"]
    return steps


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    return {name: None for name in on} if isinstance(on, list) else dict(on)


# --- Schemas ---------------------------------------------------------------------------


def test_the_files_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "srm-check.yml"} <= names
    assert ACTION.is_file()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path: Path) -> None:
    done = check_schema("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_matches_githubs_schema() -> None:
    done = check_schema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_check_is_not_a_rubber_stamp(tmp_path: Path) -> None:
    """The same check rejects a workflow with a mistake GitHub would reject."""
    broken = load(ROOT / ".github" / "workflows" / "srm-check.yml")
    broken["jobs"]["agreements"]["runs_on"] = broken["jobs"]["agreements"].pop("runs-on")
    path = tmp_path / "broken.yml"
    YAML(typ="safe").dump(broken, path)
    assert check_schema("vendor.github-workflows", path).returncode == 1


def test_readme_actions_snippet_matches_the_workflow_schema(tmp_path: Path) -> None:
    path = tmp_path / "srm-check.yml"
    path.write_text(snippet("github-actions"), encoding="utf-8")
    done = check_schema("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_actions_snippet_uses_the_actions_inputs_and_outputs() -> None:
    workflow = YAML(typ="safe").load(snippet("github-actions"))
    action = load(ACTION)
    [step] = [s for s in steps_of(workflow) if s.get("uses", "").startswith("srm-check/srm-check@")]
    assert set(step.get("with", {})) <= set(action["inputs"])
    used = set(re.findall(rf"steps\.{step['id']}\.outputs\.([\w-]+)", snippet("github-actions")))
    assert used and used <= set(action["outputs"])
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}


def test_readme_gitlab_snippet_publishes_the_junit_report(tmp_path: Path) -> None:
    text = snippet("gitlab-ci")
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(text, encoding="utf-8")
    done = check_schema("vendor.gitlab-ci", path)
    assert done.returncode == 0, done.stdout + done.stderr
    job = YAML(typ="safe").load(text)["srm-check"]
    assert job["artifacts"]["when"] == "always"
    report = job["artifacts"]["reports"]["junit"]
    [command] = [line for line in job["script"] if line.startswith("srm-check ")]
    assert f"--report junit={report}" in command


def test_readme_gitlab_snippet_command_writes_that_report(tmp_path: Path) -> None:
    job = YAML(typ="safe").load(snippet("gitlab-ci"))["srm-check"]
    [command] = [line for line in job["script"] if line.startswith("srm-check ")]
    (tmp_path / "agreements").mkdir()
    shutil.copy2(FIXTURES / "bad.yaml", tmp_path / "agreements" / "bad.yaml")
    argv = [sys.executable, "-m", "srm_check", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    report = (tmp_path / job["artifacts"]["reports"]["junit"]).read_text("utf-8")
    assert 'file="agreements/bad.yaml"' in report and "SRM201" in report


# --- Essentials --------------------------------------------------------------------------


def test_no_expression_inside_any_script() -> None:
    """Script injection: `${{ }}` is expanded before the shell runs; values go through env."""
    for path in [*WORKFLOWS, ACTION]:
        for step in steps_of(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_actions_are_pinned_to_releases() -> None:
    for path in [*WORKFLOWS, ACTION]:
        for step in steps_of(load(path)):
            uses = step.get("uses")
            if uses and uses != "./":
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", uses), uses


def test_ci_tests_every_supported_python() -> None:
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    classifiers = pyproject["project"]["classifiers"]
    supported = [c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r".*Python :: 3\.\d+", c)]
    assert supported and ci["jobs"]["test"]["strategy"]["matrix"]["python-version"] == supported
    assert pyproject["project"]["requires-python"] == f">={supported[0]}"
    runs = "\n".join(s.get("run", "") for s in ci["jobs"]["test"]["steps"])
    assert "python -m pytest" in runs and "ruff check" in runs and "mypy" in runs
    assert {"push", "pull_request"} <= set(triggers(ci))


def test_ci_runs_the_action_from_the_checkout() -> None:
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    [step] = [s for s in steps_of(ci) if s.get("uses") == "./"]
    assert step["with"]["upload-sarif"] == "false"
    assert set(step["with"]) <= set(load(ACTION)["inputs"])


def test_srm_check_workflow_essentials() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "srm-check.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    steps = steps_of(workflow)
    [check] = [s for s in steps if s.get("id") == "check"]
    script = check["run"]
    assert "srm-check check agreements/ --format github" in script
    sarif = re.search(r"--report sarif=(\S+)", script)
    junit = re.search(r"--report junit=(\S+)", script)
    assert sarif and junit
    assert '--report "summary=$GITHUB_STEP_SUMMARY"' in script
    # The exit code is kept, not raised: the uploads must run first.
    assert "|| status=$?" in script and 'echo "exit-code=$status" >> "$GITHUB_OUTPUT"' in script

    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"] == {"sarif_file": sarif.group(1), "category": "srm-check"}
    assert upload["if"].startswith("always()") and upload["continue-on-error"] is True
    [artifact] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert artifact["with"]["path"] == junit.group(1)
    assert artifact["if"] == "always()" and artifact["continue-on-error"] is True

    [diff] = [s for s in steps if "srm-check diff" in s.get("run", "")]
    assert diff["if"].startswith("always() && github.event_name == 'pull_request'")
    assert diff["continue-on-error"] is True and diff["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}"
    }
    assert '--rev "$BASE_SHA..HEAD" --format markdown >> "$GITHUB_STEP_SUMMARY"' in diff["run"]

    final = steps[-1]
    assert final["if"].startswith("always()")
    assert final["env"] == {"EXIT_CODE": "${{ steps.check.outputs.exit-code }}"}
    assert final["run"].strip() == 'exit "$EXIT_CODE"'
    assert steps.index(check) < steps.index(upload) < steps.index(diff) < steps.index(final)
    assert steps.index(artifact) < steps.index(final)


def test_action_essentials() -> None:
    action = load(ACTION)
    inputs = action["inputs"]
    assert {"paths", "policy", "fail-on", "sarif-file", "junit-file", "upload-sarif"} <= set(inputs)
    assert inputs["upload-sarif"]["default"] == "true"
    assert set(action["outputs"]) == {"exit-code", "sarif-file", "junit-file"}
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
    assert action["runs"]["using"] == "composite"
    steps = steps_of(action)
    install, check, upload, diff, final = steps
    assert '-m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install["run"]
    assert "--format github" in check["run"] and "summary=$GITHUB_STEP_SUMMARY" in check["run"]
    assert "sarif=$SRM_SARIF" in check["run"] and "junit=$SRM_JUNIT" in check["run"]
    # Every input reaches a script through env (or an action's `with:`), nowhere else.
    referenced = {
        m
        for step in steps
        for value in [*step.get("env", {}).values(), *step.get("with", {}).values(), step.get("if", "")]
        for m in re.findall(r"inputs\.([\w-]+)", str(value))
    }
    assert referenced == set(inputs)
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"] == {
        "sarif_file": "${{ steps.check.outputs.sarif-file }}",
        "category": "${{ inputs.category }}",
    }
    # One category for srm-check and for the upload: two runs in one repository stay apart.
    assert inputs["category"]["default"] == "srm-check"
    assert '--sarif-category "$SRM_CATEGORY"' in check["run"]
    assert check["env"]["SRM_CATEGORY"] == "${{ inputs.category }}"
    assert upload["continue-on-error"] is True
    assert upload["if"].startswith("always() && inputs.upload-sarif == 'true'")
    assert "steps.check.outputs.exit-code == '0' || steps.check.outputs.exit-code == '1'" in upload["if"]
    assert final["if"].startswith("always()")
    assert final["env"] == {"SRM_EXIT_CODE": "${{ steps.check.outputs.exit-code }}"}
    assert final["run"].strip().endswith('exit "$SRM_EXIT_CODE"')
    # The optional diff of the pull request's agreements: never fails the job, opt-out by input.
    assert inputs["diff"]["default"] == "true" and inputs["diff-base"]["default"] == ""
    assert diff["continue-on-error"] is True
    assert diff["if"].startswith("always() && inputs.diff == 'true' && github.event_name == 'pull_request'")
    assert (
        '--format markdown --rev "$base..HEAD"' in diff["run"] and '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]
    )


# --- The Action's steps, run as the runner runs them ------------------------------------


@dataclass
class Step:
    code: int
    stdout: str
    outputs: dict[str, str]
    summary: str


@dataclass
class ActionRun:
    """Runs the composite action's `run:` steps with bash, as GitHub does for `shell: bash`."""

    action_path: Path
    workspace: Path
    temp: Path
    inputs: dict[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    github: dict[str, str] = field(default_factory=dict)  # `github.*` expressions, as the runner gives them

    def expression(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            parts = match.group(1).split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return self.inputs[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return self.outputs.get(parts[1], {}).get(parts[3], "")
            if match.group(1) in self.github:
                return self.github[match.group(1)]
            raise AssertionError(f"an expression this test does not evaluate: {match.group(0)}")

        return EXPRESSION.sub(value, text)

    def run(self, step: dict[str, Any]) -> Step:
        assert step["shell"] == "bash"
        name = step.get("id", "step")
        output, summary, script = (self.temp / f"{name}.{ext}" for ext in ("output", "summary", "sh"))
        output.write_text("")
        summary.write_text("")
        script.write_text(step["run"], encoding="utf-8")
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.temp),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
            **{k: self.expression(str(v)) for k, v in step.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if line)
        self.outputs[name] = outputs
        return Step(done.returncode, done.stdout + done.stderr, outputs, summary.read_text("utf-8"))


@pytest.fixture(scope="module")
def installed_action(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Action's install step, run once: srm-check in a virtual environment of its own."""
    base = tmp_path_factory.mktemp("action")
    action_path = copy_checkout(base / "action")
    (base / "workspace").mkdir()
    (base / "temp").mkdir()
    inputs = {k: str(v.get("default", "")) for k, v in load(ACTION)["inputs"].items()}
    runner = ActionRun(action_path, base / "workspace", base / "temp", inputs)
    install = steps_of(load(ACTION))[0]
    done = runner.run(install)
    assert done.code == 0, done.stdout
    assert re.search(r"\d+\.\d+\.\d+", done.stdout)  # srm-check --version
    assert Path(done.outputs["bin"], "srm-check").is_file()
    return done.outputs


def run_action(tmp_path: Path, installed: dict[str, str], **given: str) -> tuple[Step, Step]:
    """The check and final steps, in a workspace holding a good and a bad agreement."""
    workspace = tmp_path / "workspace"
    (workspace / "agreements").mkdir(parents=True)
    (workspace / ".git").mkdir()  # the repository root, for paths in annotations
    shutil.copy2(FIXTURES / "good.yaml", workspace / "agreements" / "good.yaml")
    shutil.copy2(FIXTURES / "bad.yaml", workspace / "agreements" / "bad.yaml")
    (tmp_path / "temp").mkdir()
    action = load(ACTION)
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update({k.replace("_", "-"): v for k, v in given.items()})
    runner = ActionRun(ROOT, workspace, tmp_path / "temp", inputs, {"install": installed})
    _, check, _, _, final = steps_of(action)
    return runner.run(check), runner.run(final)


@pytest.mark.slow
def test_action_fails_with_the_exit_code_after_writing_everything(
    tmp_path: Path, installed_action: dict[str, str]
) -> None:
    check, final = run_action(tmp_path, installed_action, paths="agreements/good.yaml\nagreements/bad.yaml")
    assert check.code == 0, check.stdout  # the step itself never fails
    assert check.outputs == {
        "exit-code": "1",
        "sarif-file": "srm-check.sarif",
        "junit-file": "srm-check.xml",
    }
    workspace = tmp_path / "workspace"
    assert '"ruleId": "SRM201"' in (workspace / "srm-check.sarif").read_text("utf-8")
    assert "SRM201" in (workspace / "srm-check.xml").read_text("utf-8")
    assert check.summary.startswith("## srm-check: failed\n")
    assert "| harbour-data-collective | agreements/bad.yaml | 1 | 0 | 0 | SRM201 |" in check.summary
    assert "::error file=agreements/bad.yaml,line=12,endLine=12,col=29," in check.stdout
    assert final.code == 1 and "srm-check exited with code 1" in final.stdout


@pytest.mark.slow
def test_action_passes_and_skips_reports_it_is_not_asked_for(
    tmp_path: Path, installed_action: dict[str, str]
) -> None:
    check, final = run_action(tmp_path, installed_action, paths="agreements/good.yaml", junit_file="")
    assert check.outputs == {"exit-code": "0", "sarif-file": "srm-check.sarif"}
    assert not (tmp_path / "workspace" / "srm-check.xml").exists()
    assert check.summary.startswith("## srm-check: passed\n")
    assert final.code == 0


@pytest.mark.slow
def test_action_inputs_are_data_not_shell(tmp_path: Path, installed_action: dict[str, str]) -> None:
    hostile = "$(touch pwned-1) `touch pwned-2` ; touch pwned-3 *"
    check, final = run_action(tmp_path, installed_action, paths=hostile, fail_on="error; touch pwned-4")
    assert check.outputs["exit-code"] == "2", check.stdout  # a usage error, from srm-check itself
    assert not list((tmp_path / "workspace").glob("pwned*")) and not list(Path.cwd().glob("pwned*"))
    assert final.code == 2


@pytest.mark.slow
def test_action_policy_error_records_the_problems(tmp_path: Path, installed_action: dict[str, str]) -> None:
    broken = ROOT / "tests" / "fixtures" / "outputs" / "broken-policy"
    check, final = run_action(tmp_path, installed_action, policy=f"{ROOT / 'policies'}\n{broken}")
    assert check.outputs["exit-code"] == "2"
    # SARIF and JUnit still record the problems; the upload step skips exit code 2.
    assert check.outputs["sarif-file"] == "srm-check.sarif"
    assert check.summary.startswith("## srm-check: policy error\n")
    assert "::error file=" in check.stdout and "rules/broken.yaml,line=14," in check.stdout
    assert final.code == 2
