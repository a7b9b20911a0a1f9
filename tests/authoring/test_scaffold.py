"""authoring/scaffold.py: the new agreement's id, date and text."""

from __future__ import annotations

import pytest

from srm_check.authoring.scaffold import effective_date, render_agreement, slugify
from srm_check.core.problem import SrmError
from srm_check.policy.loader import load_policy
from srm_check.policy.model import default_policy_dir


def test_slugify() -> None:
    assert slugify("Riverbend Community College") == "riverbend-community-college"
    assert slugify("  Université de Montréal  ") == "universite-de-montreal"
    assert slugify("***") == ""
    assert len(slugify("word " * 40)) <= 100 and not slugify("word " * 40).endswith("-")


def test_effective_date_is_given_or_from_source_date_epoch() -> None:
    assert effective_date("2026-02-28", {}) == "2026-02-28"
    assert effective_date(None, {"SOURCE_DATE_EPOCH": "1780000000"}) == "2026-05-28"
    for given, environ, message in [
        ("2026-02-30", {}, "--effective '2026-02-30' is not a real date written YYYY-MM-DD"),
        (None, {"SOURCE_DATE_EPOCH": "soon"}, "SOURCE_DATE_EPOCH 'soon' is not a Unix time"),
    ]:
        with pytest.raises(SrmError) as error:
            effective_date(given, environ)
        assert (error.value.kind, error.value.summary) == ("usage", message)


def test_the_text_lists_each_responsibility_on_its_default_party_in_order() -> None:
    catalogue = load_policy([default_policy_dir()]).catalogues["2i2c-srm@2022"]
    text = render_agreement(
        catalogue, agreement_id="yes", community="No: 1", effective="2026-05-01", schema_ref=None
    )
    lines = text.splitlines()
    assert lines[0].startswith("# The agreement of No: 1, under ")
    assert lines[3:8] == [
        'agreement: "yes"',  # quoted: YAML 1.1 tools would read a boolean
        'community: "No: 1"',
        "catalogue: 2i2c-srm@2022",
        "effective: 2026-05-01",  # YAML 1.2 reads it as text, as the format wants
        "assignments:",
    ]
    keys = [
        line.split(":")[0].strip() for line in lines if line.startswith("  ") and not line.startswith("  #")
    ]
    assert keys == catalogue.order
    assert sum(line.startswith("  # Boundary: ") for line in lines) == 1


def test_shared_responsibilities_are_written_with_the_roles_they_require() -> None:
    from pathlib import Path

    raci = Path(__file__).resolve().parent.parent / "fixtures" / "catalogues" / "raci" / "policy"
    catalogue = load_policy([raci]).catalogues["fedramp-crm@rev5-sample"]
    text = render_agreement(
        catalogue, agreement_id="a", community="A", effective="2026-01-01", schema_ref=None
    )
    lines = text.splitlines()
    # No default: the holder is left null, the required roles are given.
    assert "  ac-2: {accountable: null, responsible: [csp, customer]}" in lines
    assert "  au-2: {accountable: null, responsible: [csp, customer], informed: [iaas]}" in lines
    assert "  ac-17: csp" in lines
    # With a default: the default holder, and the other parties the roles require.
    assert "  sc-28: {accountable: csp, responsible: [customer]}" in lines
    assert lines.count("  # No default party: name the one accountable party (customer, csp, iaas).") == 2
