"""Validate a file with its pydantic model: the format's own definition, not the compiled schema."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srm_check.authoring.validate.files import YamlFile
from srm_check.core.codes import REQUIRED_KEY, UNKNOWN_KEY, WRONG_TYPE
from srm_check.core.problem import Problem

# Pydantic's error types that have an id of their own; any other is a value of the wrong form.
_CODES = {"missing": REQUIRED_KEY, "extra_forbidden": UNKNOWN_KEY}


def error_pointer(value: Any, loc: Iterable[Any]) -> str:
    """The JSON pointer of a pydantic error location, skipping union branch names."""
    pointer = ""
    for part in loc:
        in_dict = isinstance(value, dict) and isinstance(part, str) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_dict or in_list):
            continue
        value = value[part]
        token = str(part).replace("~", "~0").replace("/", "~1")
        pointer += f"/{token}"
    return pointer


def model_problems(file: YamlFile, model: Any) -> list[Problem]:
    """Validate with a pydantic model; each error located at the deepest node it names."""
    from pydantic import ValidationError

    try:
        model.model_validate(file.doc.value)
    except ValidationError as exc:
        out = []
        for error in exc.errors(include_url=False):
            pointer = error_pointer(file.doc.value, error["loc"])
            message = f"{error['msg']} (at {pointer or '/'})"
            code = _CODES.get(error["type"], WRONG_TYPE)
            out.append(Problem(message, file.doc.span(pointer), path=file.display, code=code))
        return out
    return []
