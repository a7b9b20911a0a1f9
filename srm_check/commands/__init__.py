"""Sub-commands of `srm-check`, one module each.

Every module here defines `register(app)` and is found automatically, so that a new
command is one new file. Modules import the core lazily, inside the command, to keep
start-up fast.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    """Register every command module's commands, ordered by each module's ORDER."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name != "common"
    ]
    for module in sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__)):
        module.register(app)
