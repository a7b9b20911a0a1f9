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
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_SPECIAL = frozenset("-+.0123456789~nNtTfF")
# Python refuses to convert longer decimal integers (quadratic time: a denial of service).
# Such an integer is far beyond any real number and far beyond a float: it reads as an
# infinite float, as `1e999999` does, and rules report it as such instead of the file
# being unreadable. Hexadecimal and octal integers of the same size read the same way.
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219)  # log2(10): the bits of a 4,300-digit number


_SEEN_LIMIT = 4096


class _Resolved(dict[str, Any]):
    """Plain scalars that may be a number, boolean or null, and what they resolve to: files
    repeat the same few (`2i2c`, `true`, `800`), and a repeat is a look-up in C (`resolved[text]`)
    with no Python call. Bounded; floats are left out (each NaN stays its own object)."""

    def __missing__(self, text: str) -> Any:
        value = _resolve_special(text) if text else None
        if type(value) is not float and len(text) <= 64:
            if len(self) >= _SEEN_LIMIT:
                self.clear()
            self[text] = value
        return value


RESOLVED = _Resolved()


def resolve_plain(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (dates stay strings)."""
    if not text:
        return None
    if text[0] not in _PLAIN_SPECIAL:
        return text
    return RESOLVED[text]


def _resolve_special(text: str) -> Any:
    """`resolve_plain` for text that may be a number, boolean or null."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    match = _NUMBER.match(text)
    if match is None:
        return text
    return _number(match.lastgroup, text)


def _number(kind: str | None, text: str) -> int | float:
    """A number the core schema's pattern `kind` matched."""
    if kind == "int":
        return int(text) if len(text.lstrip("+-")) <= MAX_INT_DIGITS else float(text)
    if kind == "oct" or kind == "hex":
        value = int(text[2:], 8 if kind == "oct" else 16)  # linear time, whatever the length
        return value if value.bit_length() <= _MAX_INT_BITS else float("inf")
    if kind == "float":
        return float(text)
    if kind == "inf":
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan")


def scalar_value(event: Any, tag: str | None) -> Any:
    """A scalar's value: quoted and `!!str` stay text; an explicit core tag gives its type."""
    text: str = event.value
    if tag == _STR_TAG or event.style or not event.implicit[0]:
        return resolve_plain(text) if tag in _TYPED_TAGS else text
    if text and text[0] not in _PLAIN_SPECIAL:
        return text
    return resolve_plain(text)


def scalar_text(value: Any) -> str:
    """A resolved scalar as YAML text: what a mapping key means, whatever its type."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)
