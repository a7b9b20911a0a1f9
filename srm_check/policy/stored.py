"""A loaded policy as plain JSON data and back, for the policy cache (pipeline/cache_folder.PolicyCache).

Only a policy that loaded without a problem is stored, so a broken policy is always reported
from its own files. Encoding is strict: a value that is not plain JSON data (a string,
number, boolean, null, list or string-keyed mapping) leaves the policy unstored rather than
changed, and a value read back that does not have the stored shape is not used (None): the
policy is then loaded from its files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from srm_check.core.severity import Severity
from srm_check.policy.model import OverrideInfo, Policy, PolicyFile
from srm_check.rules.catalogue import CatalogueIndex, Catalogues
from srm_check.rules.scope import Composition, Scope

# What a stored policy is: changed whenever the shape below changes.
STORED_VERSION = 1


class NotPlain(ValueError):
    """A policy value that JSON would not give back as it is."""


def _plain(value: Any) -> Any:
    """`value` itself when it is plain JSON data all through (a Severity as its text), else NotPlain."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise NotPlain("a number JSON cannot hold")
        return value
    if kind is Severity:
        return value.value
    if kind is list:
        return [_plain(item) for item in value]
    if kind is dict:
        if any(type(key) is not str for key in value):
            raise NotPlain("a mapping key that is not a string")
        return {key: _plain(item) for key, item in value.items()}
    raise NotPlain(f"a {kind.__name__}")


def _scope(scope: Scope) -> list[Any]:
    catalogues = None if scope.catalogues is None else sorted(scope.catalogues)
    severities = {ref: None if sev is None else sev.value for ref, sev in scope.severities.items()}
    return [catalogues, severities]


def encode_policy(policy: Policy) -> dict[str, Any] | None:
    """The policy as JSON data, or None when some value in it is not plain data."""
    try:
        return {
            "version": STORED_VERSION,
            "directories": _plain(policy.directories),
            "shipped": policy.shipped,
            "catalogues": [
                [ref, _plain(i.model), i.path, i.sha256, i.order, i.party_rank, i.teams, i.ordered]
                for ref, i in policy.catalogues.items()
            ],
            "rules": _plain(policy.rules),
            "rule_paths": _plain(policy.rule_paths),
            "files": [list(f) for f in policy.files],
            "overrides": [[*o[:1], list(o.catalogues), *o[2:]] for o in policy.overrides],
            "scopes": {rule: _scope(scope) for rule, scope in policy.composition.scopes.items()},
            "unchecked": sorted(policy.composition.unchecked),
            "folder_of": _plain(policy.folder_of),
        }
    except NotPlain:
        return None


def _catalogue(item: list[Any]) -> tuple[str, CatalogueIndex]:
    ref, model, path, sha, order, party_rank, teams, ordered = item
    responsibilities: dict[str, Any] = {}
    for resp in model["responsibilities"]:
        responsibilities.setdefault(resp["id"], resp)
    index = CatalogueIndex(model, path, sha, responsibilities, order, party_rank, teams, ordered)
    if index.ref != ref or not all(type(v) is str for v in (path, sha)):
        raise ValueError("not the catalogue stored")
    return ref, index


def _severity(value: str | None) -> Severity | None:
    return None if value is None else Severity(value)


def _decoded_scope(stored: list[Any]) -> Scope:
    catalogues, severities = stored
    frozen: Mapping[str, Severity | None] = MappingProxyType(
        {ref: _severity(sev) for ref, sev in severities.items()}
    )
    return Scope(None if catalogues is None else frozenset(catalogues), frozen)


def _rules(stored: list[Any]) -> list[Any]:
    for rule in stored:
        rule["severity"] = Severity(rule["severity"])
    return stored


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _text_map(value: Any) -> bool:
    return type(value) is dict and all(type(item) is str for item in value.values())


def _files(value: Any) -> bool:
    return type(value) is list and all(_strings(f) and len(f) == len(PolicyFile._fields) for f in value)


def _rule_list(value: Any) -> bool:
    return type(value) is list and all(type(r) is dict and type(r.get("id")) is str for r in value)


# Each part of a stored policy, and what it must be (the records inside are whatever the policy
# files held: data, read back as the loader read them).
_PARTS: dict[str, Any] = {
    "directories": _strings,
    "shipped": lambda v: v is None or type(v) is str,
    "rule_paths": _text_map,
    "folder_of": _text_map,
    "files": _files,
    "rules": _rule_list,
    "unchecked": _strings,
    "scopes": lambda v: type(v) is dict,
    "catalogues": lambda v: type(v) is list,
    "overrides": lambda v: type(v) is list,
}


def _shaped(data: Any) -> bool:
    """Whether `data` has the stored policy's parts, each of its kind."""
    return (
        type(data) is dict
        and data.get("version") == STORED_VERSION
        and all(key in data and shaped(data[key]) for key, shaped in _PARTS.items())
    )


def decode_policy(data: Any) -> Policy | None:
    """The policy `encode_policy` stored, or None when `data` is not one (damaged, foreign)."""
    try:
        if not _shaped(data):
            return None
        scopes = {rule: _decoded_scope(stored) for rule, stored in data["scopes"].items()}
        return Policy(
            list(data["directories"]),
            Catalogues(_catalogue(item) for item in data["catalogues"]),
            _rules(data["rules"]),
            dict(data["rule_paths"]),
            [PolicyFile(*f) for f in data["files"]],
            [OverrideInfo(o[0], tuple(o[1]), *o[2:]) for o in data["overrides"]],
            Composition(MappingProxyType(scopes), frozenset(data["unchecked"])),
            dict(data["folder_of"]),
            data["shipped"],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
