"""pipeline/settings.py: typed settings from the file's values and the flags, each with its origin."""

from __future__ import annotations

from pathlib import Path

from srm_check.core.severity import FailOn
from srm_check.pipeline.settings import DEFAULT_ORIGIN, Overrides, Settings, defaults


def test_defaults_are_the_model_s_and_fill_every_setting() -> None:
    from srm_check.schemas.models.config import Config

    assert defaults() == Config().model_dump(by_alias=True)
    settings = Settings.from_values({}, {})
    assert settings.fail_on is FailOn.error
    assert settings.paths == ("agreements",) and settings.policy == () and settings.builtin_policy is True
    assert (settings.select, settings.ignore, settings.severity) == ((), (), {})
    assert (settings.waivers, settings.waiver_max_days, settings.waiver_warn_days) == (
        "waivers.yaml",
        365,
        30,
    )
    assert settings.origins == dict.fromkeys(defaults(), DEFAULT_ORIGIN)
    assert (settings.file, settings.document) == (None, None)
    assert settings.base == Path.cwd()


def test_every_configuration_key_is_a_setting_in_the_model_s_order() -> None:
    settings = Settings.from_values({}, {})
    names = set(Settings._fields)
    assert [key for key, _ in settings.items()] == list(defaults())
    assert {key.replace("-", "_") for key in defaults()} <= names


def test_file_values_are_typed_and_remember_where_they_were_written(tmp_path: Path) -> None:
    values = {"fail-on": "warning", "select": ["SRM201"], "severity": {"SRM401": "off"}, "jobs": 2}
    origins = {"fail-on": ".srm-check.yaml:3", "select": ".srm-check.yaml:4"}
    settings = Settings.from_values(values, origins, file=tmp_path / ".srm-check.yaml", base=tmp_path)
    assert settings.fail_on is FailOn.warning
    assert settings.select == ("SRM201",)
    assert settings.severity == {"SRM401": "off"} and settings.jobs == 2
    assert settings.origins["fail-on"] == ".srm-check.yaml:3"
    assert settings.origins["jobs"] == DEFAULT_ORIGIN  # written, but no origin was given
    assert settings.origins["paths"] == DEFAULT_ORIGIN
    assert settings.from_file("fail-on") and not settings.from_file("paths")
    assert settings.base == tmp_path


def test_overrides_name_the_keys_they_set() -> None:
    assert Overrides().given() == []
    flags = Overrides(fail_on=FailOn.note, select=("SRM101",), jobs=0, waivers="w.yaml")
    assert flags.given() == ["fail-on", "select", "jobs", "waivers"]


def test_flags_override_the_file_and_say_so() -> None:
    base = Settings.from_values({"fail-on": "warning", "ignore": ["SRM401"]}, {"fail-on": "f.yaml:1"})
    flags = Overrides(policy=("p",), fail_on=FailOn.note, select=("SRM201",), jobs=0)
    settings = base.with_overrides(flags)
    assert settings.fail_on is FailOn.note
    assert (settings.policy, settings.select, settings.jobs) == (("p",), ("SRM201",), 0)
    assert settings.ignore == ("SRM401",)  # not given on the command line: the file's value
    assert settings.origins["fail-on"] == "command line (--fail-on)"
    assert settings.origins["jobs"] == "command line (--jobs)"
    assert settings.origins["ignore"] == DEFAULT_ORIGIN
    assert not settings.from_file("fail-on")
    assert base.fail_on is FailOn.warning and base.origins["fail-on"] == "f.yaml:1"  # unchanged


def test_no_flags_change_nothing_and_labels_name_a_flag_s_origin() -> None:
    base = Settings.from_values({"fail-on": "warning"}, {"fail-on": "f.yaml:1"})
    assert base.with_overrides(Overrides()) == base
    labelled = base.with_overrides(Overrides(jobs=1, fail_on=FailOn.error), {"jobs": "report default"})
    assert labelled.origins["jobs"] == "report default"
    assert labelled.origins["fail-on"] == "command line (--fail-on)"
    assert labelled.fail_on is FailOn.error


def test_paths_are_relative_to_the_configuration_file_s_folder(tmp_path: Path) -> None:
    settings = Settings.from_values({}, {}, base=tmp_path / "project")
    assert settings.path("@builtin") == Path("@builtin")
    assert settings.path("policies") == tmp_path / "project" / "policies"
    assert settings.path(str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"
