"""Start-up: a run registers only the command it runs, and that stays complete and correct."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from srm_check.cli import _command, build_app
from srm_check.commands import COMMANDS


def _names(app: object) -> set[str]:
    import typer.main

    group = typer.main.get_group(app)  # type: ignore[arg-type]
    return set(group.commands)


def test_every_command_is_in_the_fast_path_map() -> None:
    assert _names(build_app()) == set(COMMANDS)


def test_a_run_registers_only_its_command() -> None:
    for name, module in COMMANDS.items():
        names = _names(build_app(name))
        assert name in names
        full = build_app()
        # Only the commands of that one module are registered.
        assert names == {n for n in _names(full) if COMMANDS[n] == module}


def test_the_command_is_found_after_root_options() -> None:
    assert _command(["check", "agreements"]) == "check"
    assert _command(["--version"]) is None
    assert _command([]) is None


def test_a_run_does_not_import_other_commands_or_pydantic() -> None:
    code = (
        "import sys; from srm_check.cli import main; sys.argv = ['srm-check', 'check', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('srm_check.commands.') or m == 'pydantic'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['srm_check.commands.check', 'srm_check.commands.common']"


def _modules_after(args: list[str], prefixes: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run srm-check ARGS in a fresh interpreter: its output, and the loaded modules named PREFIXES."""
    code = (
        f"import sys; from srm_check.cli import main; sys.argv = ['srm-check', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    *output, modules = out.stdout.strip().splitlines()
    return "\n".join(output), json.loads(modules)


def test_check_does_not_import_jinja2_markupsafe_or_pydantic() -> None:
    """`srm-check check` runs on every commit (pre-commit); templates and validation are for others."""
    heavy = ("jinja2", "markupsafe", "pydantic")
    output, loaded = _modules_after(["check", "agreements/"], heavy)
    assert "files checked" in output  # the check did run
    assert loaded == []
    # The probe does see them when a report is rendered.
    _, loaded = _modules_after(["report", "agreements/", "--format", "html"], heavy)
    assert {"jinja2", "markupsafe"} <= {m.split(".")[0] for m in loaded}
