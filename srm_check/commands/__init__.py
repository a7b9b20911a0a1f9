"""Sub-commands of `srm-check`, one module each.

Every module here defines `register(app)` and is found automatically, so that a new
command is one new file. Modules import the core lazily, inside the command, to keep
start-up fast.
"""

from __future__ import annotations

import importlib

import typer

# Command name -> module, so that a run registers only the command it runs: typer
# inspects every registered command's signature at start-up. A test keeps this complete.
COMMANDS: dict[str, str] = {
    "check": "check",
    "report": "report",
    "diff": "diff",
    "history": "history",
    "test": "policytest",
    "rules": "rules",
    "explain": "rules",
    "validate-policy": "validate_policy",
    "init": "init",
    "config": "config",
    "schema": "schema",
    "fix": "fix",
    "import": "import_matrix",
    "export": "export",
}


def register_all(app: typer.Typer, only: str | None = None) -> None:
    """Register the commands of every module (or only of command `only`'s module; none for ""),
    by ORDER."""
    if only == "":
        return
    if only in COMMANDS:
        names = [COMMANDS[only]]
    else:
        import pkgutil  # only to list every command: a run imports the one it runs

        names = [
            info.name
            for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_") and info.name != "common"
        ]
    modules = [importlib.import_module(f"{__name__}.{name}") for name in names]
    for module in sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__)):
        module.register(app)
