"""policy.stored: a loaded policy as JSON data and back, whole, or not at all."""

from __future__ import annotations

import json
from typing import Any

import pytest

from srm_check.core.severity import Severity
from srm_check.policy.loader import load_policy
from srm_check.policy.model import Policy, default_policy_dir
from srm_check.policy.stored import STORED_VERSION, decode_policy, encode_policy


def shipped() -> Policy:
    return load_policy([default_policy_dir()])


def round_trip(policy: Policy) -> Policy | None:
    stored = encode_policy(policy)
    assert stored is not None
    return decode_policy(json.loads(json.dumps(stored, allow_nan=False)))


def test_the_shipped_policy_comes_back_equal_and_of_the_same_types() -> None:
    policy = shipped()
    back = round_trip(policy)
    assert back is not None
    for name in Policy.__slots__:
        assert getattr(back, name) == getattr(policy, name), name
    assert all(type(rule["severity"]) is Severity for rule in back.rules)
    assert [type(o.catalogues) for o in back.overrides] == [tuple] * len(policy.overrides)
    for ref, index in back.catalogues.items():
        assert index.ref == ref
        assert list(index.responsibilities) == list(policy.catalogues[ref].responsibilities)
        assert index.responsibilities == policy.catalogues[ref].responsibilities
    scopes = back.composition.scopes
    assert all(isinstance(s.catalogues, (frozenset, type(None))) for s in scopes.values())


@pytest.mark.parametrize("odd", [(1, 2), {1: "x"}, float("nan"), b"bytes", {"a"}])
def test_a_value_that_is_not_plain_data_leaves_the_policy_unstored(odd: object) -> None:
    policy = shipped()
    policy.rules[0]["message"] = odd
    assert encode_policy(policy) is None


def damaged() -> list[Any]:
    good = encode_policy(shipped())
    assert good is not None
    out: list[Any] = [None, [], "policy", {**good, "version": STORED_VERSION + 1}]
    for key in good:
        out.append({k: v for k, v in good.items() if k != key})  # a part missing
        out.append({**good, key: 7})  # a part of another shape
    out.append({**good, "catalogues": [[*item[:1], "other@9", *item[2:]] for item in good["catalogues"]]})
    out.append({**good, "rules": [{**good["rules"][0], "severity": "fatal"}]})
    return out


@pytest.mark.parametrize("data", damaged())
def test_data_not_of_the_stored_shape_is_not_used(data: Any) -> None:
    assert decode_policy(data) is None
