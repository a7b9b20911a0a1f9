"""The closed vocabulary of check functions that rules are built from: one module per function.

Each function takes a fact's field value, the rule's options (already validated by the
rules schema) and a context, and returns None when the check passes or a dict of extra
message values when it fails. Rules can only name these functions: there is no way to
run code from a policy. Each module also holds the function's options, its description
and the words the rule docs use; the rules schema is generated from them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from srm_check.rules.functions.spec import (
    CheckFunction,
    Context,
    Location,
    Option,
    OptionProblem,
    Options,
    Outcome,
)

__all__ = [
    "FUNCTIONS",
    "CheckFunction",
    "Context",
    "Location",
    "Option",
    "OptionProblem",
    "Options",
    "Outcome",
]

# In the order the schema and the docs list them; each name is its module's name.
NAMES = (
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "minimum",
    "maximum",
    "finite",
    "enumeration",
    "pattern",
    "text",
    "date",
    "after",
    "unique",
    "no_overlap",
    "acyclic",
    "known",
    "same_as",
    "different_from",
)


class _Registry(Mapping[str, CheckFunction]):
    """The functions by name, each module imported when first asked for: a run imports
    only the functions its rules use (start-up is paid on every commit)."""

    def __init__(self) -> None:
        self._loaded: dict[str, CheckFunction] = {}

    def __getitem__(self, name: str) -> CheckFunction:
        function = self._loaded.get(name)
        if function is None:
            if name not in NAMES:
                raise KeyError(name)
            module = importlib.import_module(f"{__name__}.{name}")
            function = self._loaded[name] = module.FUNCTION
        return function

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)

    def __contains__(self, name: object) -> bool:
        return name in NAMES


FUNCTIONS: Mapping[str, CheckFunction] = _Registry()
