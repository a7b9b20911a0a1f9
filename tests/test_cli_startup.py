"""Start-up: a run registers only the command it runs, and that stays complete and correct."""

from __future__ import annotations

import subprocess
import sys

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
