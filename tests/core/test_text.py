"""core/text.py: "did you mean" suggestions."""

from __future__ import annotations

from srm_check.core.text import did_you_mean


def test_the_closest_option_is_suggested() -> None:
    assert (
        did_you_mean("comunity", ["2i2c", "community", "community-leadership"])
        == " (did you mean 'community'?)"
    )
    assert did_you_mean("zz-outsourced", ["2i2c", "community"]) == ""
    assert did_you_mean("x", []) == ""


def test_a_tie_goes_to_the_option_fewest_edits_away() -> None:
    # difflib rates SRM101 and SRM112 the same for SRM1O1; one edit away is SRM101.
    assert did_you_mean("SRM1O1", ["SRM101", "SRM102", "SRM112"]) == " (did you mean 'SRM101'?)"
    assert did_you_mean("SRM1O1", ["SRM112", "SRM101"]) == " (did you mean 'SRM101'?)"
