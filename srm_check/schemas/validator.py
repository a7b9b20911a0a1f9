"""Validate loaded YAML data against the shipped JSON Schemas, with located problems.

The schemas are generated from the pydantic models in `schemas/models/` (the single
definition of each format). At check time we validate with this small validator
instead of importing pydantic or jsonschema: it supports exactly the keywords those
generated schemas use (an unsupported keyword is an error, never silently ignored),
reports every problem with a JSON pointer, fills in defaults, and costs nothing at
start-up. A test checks that its verdicts agree with jsonschema's on every fixture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from srm_check.core.codes import REQUIRED_KEY, UNKNOWN_KEY
from srm_check.core.problem import Problem
from srm_check.core.span import ESCAPED, escape_pointer_token
from srm_check.schemas.wording import PY_TYPES, TYPE_NAMES, plain, unknown_key, wrong
from srm_check.source.document import Document

_ANNOTATIONS = frozenset(
    {"title", "description", "examples", "$schema", "$id", "$defs", "default", "discriminator"}
)
# The keywords this validator implements (any other is UnsupportedSchema).
_SUPPORTED = frozenset(
    "$ref type properties required additionalProperties patternProperties items anyOf oneOf enum "  # noqa: SIM905
    "const pattern minLength maxLength minimum maximum exclusiveMinimum minItems maxItems".split()
)


class UnsupportedSchema(Exception):
    """A schema uses a keyword this validator does not implement."""


# A compiled check: (value, pointer, label, doc, out) -> None, appending problems to out.
Check = Callable[[Any, str, str, Document, list[Problem]], None]


class Validator:
    """A schema compiled into closures: `validate(data, doc, prefix)` returns located problems."""

    def __init__(self, schema: dict[str, Any], fill_defaults: bool = True) -> None:
        self.root = schema
        self.fill_defaults = fill_defaults
        self._compiled: dict[int, Check] = {}
        # By id of a compiled check, the types of value it passes as they are: those of a schema
        # that is only a type, and those a union (no discriminator) takes by a branch that is
        # only a type. A mapping does not visit its values of those types at all.
        self._passes: dict[int, frozenset[type]] = {}
        self._check = self._compile(schema)

    def validate(self, data: Any, doc: Document, prefix: str = "") -> list[Problem]:
        """Every problem of `data` (found at `prefix` in `doc`); may fill defaults in place."""
        out: list[Problem] = []
        self._check(data, prefix, prefix.rsplit("/", 1)[-1], doc, out)
        return out

    # -- compiling -------------------------------------------------------------------------

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise UnsupportedSchema(f"only local references are supported: {ref}")
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            schema = target
        return schema

    def _compile(self, schema: dict[str, Any]) -> Check:
        schema = self._resolve(schema)
        key = id(schema)
        if key in self._compiled:
            return self._compiled[key]
        # A forwarding stub first, so that recursive schemas terminate.
        holder: list[Check] = []
        self._compiled[key] = lambda v, p, label, d, o: holder[0](v, p, label, d, o)
        for word in schema:
            if word not in _SUPPORTED and word not in _ANNOTATIONS:
                raise UnsupportedSchema(f"unsupported JSON Schema keyword {word!r}")
        # A union beside keywords of its own (`anyOf` of `required`s on an object): both must hold.
        union = "anyOf" in schema or "oneOf" in schema
        own = union and any(word in _SUPPORTED and word not in ("anyOf", "oneOf") for word in schema)
        check = self._union(schema) if union and not own else self._typed(schema)
        holder.append(check)
        self._compiled[key] = check
        return check

    def _types(self, schema: dict[str, Any]) -> tuple[tuple[type, ...], list[str]] | None:
        """The Python types a schema accepts, and their names; None when any type goes."""
        schema = self._resolve(schema)
        if "type" not in schema and ("anyOf" in schema or "oneOf" in schema):
            types: list[type] = []
            names: list[str] = []
            for branch in schema.get("anyOf") or schema.get("oneOf") or []:
                sub = self._types(branch)
                if sub is None:
                    return None
                types.extend(sub[0])
                names.extend(n for n in sub[1] if n not in names)
            return tuple(types), names
        expected = schema.get("type")
        if expected is None:
            return None
        listed = expected if isinstance(expected, list) else [expected]
        return (
            tuple(t for name in listed for t in PY_TYPES[name]),
            [TYPE_NAMES[name] for name in listed],
        )

    def _typed(self, schema: dict[str, Any]) -> Check:
        checks: list[Check] = []
        types = self._types(schema)
        if types is not None:
            accepted, names = types
            wanted = " or ".join(names)

            def type_check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
                if type(v) not in accepted:
                    wrong(o, d, p, f"'{label}' should be {wanted}, not {plain(v)}")
                    raise _Stop

            checks.append(type_check)
        if "const" in schema:
            const = schema["const"]

            def const_check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
                if v != const:
                    wrong(o, d, p, f"'{label}' should be {plain(const)}, not {plain(v)}")
                    raise _Stop

            checks.append(const_check)
        if "enum" in schema:
            allowed = schema["enum"]
            listed = ", ".join(plain(a) for a in allowed)

            def enum_check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
                if v not in allowed:
                    wrong(o, d, p, f"'{label}' should be one of {listed}, not {plain(v)}")
                    raise _Stop

            checks.append(enum_check)
        checks.extend(self._unions(schema))
        checks.extend(self._string(schema))
        checks.extend(self._number(schema))
        checks.extend(self._array(schema))
        checks.extend(self._object(schema))

        if not checks:
            return lambda v, p, label, d, o: None
        if len(checks) == 1 and types is None:
            return checks[0]
        run = _all_of(checks)
        if types is not None and len(checks) == 1:  # only a type: a value of it passes
            self._passes[id(run)] = frozenset(types[0])
        return run

    def _unions(self, schema: dict[str, Any]) -> list[Check]:
        """A union beside keywords of its own, checked before `_object` fills in defaults."""
        return [self._union(schema)] if "anyOf" in schema or "oneOf" in schema else []

    def _string(self, schema: dict[str, Any]) -> list[Check]:
        min_length = schema.get("minLength")
        max_length = schema.get("maxLength")
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        if min_length is None and max_length is None and pattern is None:
            return []

        def check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
            if type(v) is not str:
                return
            if min_length is not None and len(v) < min_length:
                what = "must not be empty" if min_length == 1 else f"needs {min_length}+ characters"
                wrong(o, d, p, f"'{label}' {what}")
            elif max_length is not None and len(v) > max_length:
                wrong(o, d, p, f"'{label}' is longer than {max_length} characters")
            elif pattern is not None and not pattern.search(v):
                wrong(o, d, p, f"'{label}' value {plain(v)} does not match {pattern.pattern}")

        return [check]

    def _number(self, schema: dict[str, Any]) -> list[Check]:
        low, high = schema.get("minimum"), schema.get("maximum")
        above = schema.get("exclusiveMinimum")
        if low is None and high is None and above is None:
            return []

        def check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
            if type(v) not in (int, float):
                return
            if low is not None and v < low:
                wrong(o, d, p, f"'{label}' should be at least {low}")
            elif above is not None and v <= above:
                wrong(o, d, p, f"'{label}' should be more than {above}")
            elif high is not None and v > high:
                wrong(o, d, p, f"'{label}' should be at most {high}")

        return [check]

    def _array(self, schema: dict[str, Any]) -> list[Check]:
        min_items, max_items = schema.get("minItems"), schema.get("maxItems")
        items = self._compile(schema["items"]) if isinstance(schema.get("items"), dict) else None
        if min_items is None and max_items is None and items is None:
            return []

        def check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
            if type(v) is not list:
                return
            if min_items is not None and len(v) < min_items:
                wrong(o, d, p, f"'{label}' needs at least {min_items} item(s)")
            if max_items is not None and len(v) > max_items:
                wrong(o, d, p, f"'{label}' allows at most {max_items} item(s)")
            if items is not None:
                for index, item in enumerate(v):
                    items(item, f"{p}/{index}", f"{label}[{index}]", d, o)

        return [check]

    def _object(self, schema: dict[str, Any]) -> list[Check]:
        if not {"properties", "required", "additionalProperties", "patternProperties"} & set(schema):
            return []
        properties = {k: self._compile(v) for k, v in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        patterns = [(re.compile(k), self._compile(v)) for k, v in schema.get("patternProperties", {}).items()]
        additional_schema = schema.get("additionalProperties", True)
        closed = additional_schema is False
        additional = self._compile(additional_schema) if isinstance(additional_schema, dict) else None
        names = sorted(properties)
        # A value that its key's schema passes as it is (see `_passes`) is not visited.
        passes = {key: self._passes.get(id(sub), frozenset()) for key, sub in properties.items()}
        others = self._passes.get(id(None if patterns else additional), frozenset())
        defaults = [
            (k, sub["default"])
            for k, sub in schema.get("properties", {}).items()
            if "default" in sub and self.fill_defaults
        ]

        # A mapping without properties whose values all pass by their type (most agreements'
        # assignments: every value a name) is not walked key by key: each would pass.
        uniform = not properties and bool(others)

        def check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
            if type(v) is not dict:
                return
            _missing(required, v, p, label, d, o)
            items = () if uniform and others.issuperset(map(type, v.values())) else v.items()
            for key, item in items:
                if type(item) in passes.get(key, others):
                    continue
                child = f"{p}/{ESCAPED[key]}"
                sub = properties.get(key)
                if sub is not None:
                    sub(item, child, key, d, o)
                    continue
                matched = False
                for regex, pattern_check in patterns:
                    if regex.search(key):
                        matched = True
                        pattern_check(item, child, key, d, o)
                if matched:
                    continue
                if closed:
                    o.append(
                        Problem(
                            unknown_key(key, names),
                            d.key_spans.get(child) or d.span(child),
                            code=UNKNOWN_KEY,
                            pointer=child,
                        )
                    )
                elif additional is not None:
                    additional(item, child, key, d, o)
            for key, default in defaults:
                if key not in v:
                    v[key] = json.loads(json.dumps(default)) if isinstance(default, list | dict) else default

        return [check]

    def _union(self, schema: dict[str, Any]) -> Check:
        raw = schema.get("anyOf") or schema.get("oneOf") or []
        branches = [(self._types(b), self._compile(b), self._resolve(b)) for b in raw]
        names = [n for t, _, _ in branches if t for n in t[1]]
        wanted = " or ".join(sorted(set(names)))
        discriminator = schema.get("discriminator", {}).get("propertyName")
        tagged: dict[Any, Check] = {}
        if discriminator:
            for _, compiled, resolved in branches:
                tag = resolved.get("properties", {}).get(discriminator, {}).get("const")
                tagged[tag] = compiled
        tags = ", ".join(str(t) for t in tagged)
        anything = any(t is None for t, _, _ in branches)
        by_type, bare = _by_type(branches) if not anything else ({}, set())
        shortcut = frozenset(bare - {dict}) if discriminator else frozenset(bare)  # see `check`

        def check(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
            if discriminator and type(v) is dict:
                tag = v.get(discriminator)
                chosen = None if isinstance(tag, list | dict) else tagged.get(tag)  # unhashable
                if chosen is not None:
                    chosen(v, p, label, d, o)
                    return
                child = f"{p}/{escape_pointer_token(discriminator)}"
                if discriminator not in v:
                    missing = f"missing required key '{discriminator}'"
                    o.append(Problem(missing, d.span(p), code=REQUIRED_KEY, pointer=child))
                else:
                    message = f"'{discriminator}' should be one of {tags}, not {plain(v[discriminator])}"
                    wrong(o, d, child, message)
                return
            if type(v) in bare:  # the first branch to try is only its type: the value fits it
                return
            fitting = (
                by_type.get(type(v), [])
                if not anything
                else [c for t, c, _ in branches if t is None or type(v) in t[0]]
            )
            if not fitting:
                wrong(o, d, p, f"'{label}' should be {wanted}, not {plain(v)}")
                return
            if len(fitting) == 1:
                fitting[0](v, p, label, d, o)
                return
            best: list[Problem] | None = None
            for compiled in fitting:
                trial: list[Problem] = []
                compiled(v, p, label, d, trial)
                if not trial:
                    return
                if best is None or len(trial) < len(best):
                    best = trial
            o.extend(best or [])

        self._passes[id(check)] = shortcut
        return check


def _by_type(branches: list[tuple[Any, Check, dict[str, Any]]]) -> tuple[dict[type, list[Check]], set[type]]:
    """Each type's branches of a union in order, and the types whose first branch is just that type."""
    by_type: dict[type, list[Check]] = {}
    bare: set[type] = set()
    for types, compiled, resolved in branches:
        for kind in dict.fromkeys(types[0]):
            if kind not in by_type and all(w == "type" or w in _ANNOTATIONS for w in resolved):
                bare.add(kind)
            by_type.setdefault(kind, []).append(compiled)
    return by_type, bare


def _all_of(checks: list[Check]) -> Check:
    """Every check in turn, up to the first fatal problem."""

    def run(v: Any, p: str, label: str, d: Document, o: list[Problem]) -> None:
        try:
            for check in checks:
                check(v, p, label, d, o)
        except _Stop:
            pass

    return run


def _missing(
    required: tuple[str, ...], v: dict[str, Any], p: str, label: str, d: Document, o: list[Problem]
) -> None:
    """A problem for each required key the mapping lacks."""
    for key in required:
        if key not in v:
            message = f"missing required key '{key}'" + (f" in '{label}'" if p else "")
            o.append(
                Problem(message, d.span(p), code=REQUIRED_KEY, pointer=f"{p}/{escape_pointer_token(key)}")
            )


class _Stop(Exception):
    """Stop checking one value after its first fatal problem (wrong type, const, enum)."""


@cache
def validator(kind: str) -> Validator:
    """The compiled validator of a shipped schema (agreement, catalogue, rules).

    Policy files get their defaults filled in, so that code can rely on every key;
    other files are left exactly as written, since whether a key was written matters.
    """
    from importlib import resources  # with tempfile and random: not for a run served by the cache

    text = resources.files("srm_check.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return Validator(schema, fill_defaults=kind in ("catalogue", "rules"))
