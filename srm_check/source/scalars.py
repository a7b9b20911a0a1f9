"""YAML 1.2 core-schema resolution of plain scalars (dates stay text)."""

from __future__ import annotations

import re
from typing import Any

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NUMBER = re.compile(
    r"(?P<int>[-+]?[0-9]+)\Z"
    r"|(?P<oct>0o[0-7]+)\Z"
    r"|(?P<hex>0x[0-9a-fA-F]+)\Z"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)\Z"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))\Z"
    r"|(?P<nan>\.(?:nan|NaN|NAN))\Z"
)
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_TYPED_TAGS = frozenset(
    {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
)
_PLAIN_SPECIAL = frozenset("-+.0123456789~nNtTfF")
# Python refuses to convert longer decimal integers (quadratic time: a denial of service).
# Such an integer is far beyond any real number and far beyond a float: it reads as an
# infinite float, as `1e999999` does, and rules report it as such instead of the file
# being unreadable.
MAX_INT_DIGITS = 4300


def resolve_plain(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (dates stay strings)."""
    if not text:
        return None
    if text[0] not in _PLAIN_SPECIAL:
        return text
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    match = _NUMBER.match(text)
    if match is None:
        return text
    kind = match.lastgroup
    if kind == "int":
        return int(text) if len(text.lstrip("+-")) <= MAX_INT_DIGITS else float(text)
    if kind == "oct":
        return int(text[2:], 8)
    if kind == "hex":
        return int(text[2:], 16)
    if kind == "float":
        return float(text)
    if kind == "inf":
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan")
