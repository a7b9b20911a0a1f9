"""The wheel: it ships the policy and the schemas, and an installed copy checks agreements anywhere.

The wheel is built with hatchling (the build backend, in the dev extra) without network
access. The install test (marked slow, run by default) creates a fresh virtual environment,
installs the wheel with --no-deps, and lets dependencies resolve from this environment's
site-packages through a .pth file, so it too works offline.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import AGREEMENTS, ROOT

from srm_check import __version__
from srm_check.schemas import KINDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "wheel", "--directory", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("srm_check-*.whl")
    return built


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_is_named_for_this_version(wheel: Path) -> None:
    assert wheel.name == f"srm_check-{__version__}-py3-none-any.whl"


def test_wheel_ships_the_policy_byte_for_byte(wheel: Path) -> None:
    shipped = sorted((ROOT / "policies").rglob("*.yaml"))
    assert ROOT / "policies/catalogues/2i2c-srm-2022.yaml" in shipped
    with zipfile.ZipFile(wheel) as archive:
        for path in shipped:
            inside = f"srm_check/policies/{path.relative_to(ROOT / 'policies').as_posix()}"
            assert archive.read(inside) == path.read_bytes(), inside
    rules = {n for n in names(wheel) if n.startswith("srm_check/policies/rules/")}
    assert rules == {f"srm_check/policies/rules/{p.name}" for p in (ROOT / "policies/rules").glob("*.yaml")}


def test_wheel_ships_the_schemas(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for kind in KINDS:
            inside = f"srm_check/schemas/{kind}.schema.json"
            assert archive.read(inside) == (ROOT / inside).read_bytes()


def test_wheel_ships_the_license(wheel: Path) -> None:
    # PEP 639 places it under .dist-info/licenses/ (hatchling 1.27+), older hatchling under license_files/.
    with zipfile.ZipFile(wheel) as archive:
        shipped = [
            n for n in archive.namelist() if n.endswith(("/licenses/LICENSE", "/license_files/LICENSE"))
        ]
        assert len(shipped) == 1, archive.namelist()
        assert archive.read(shipped[0]) == (ROOT / "LICENSE").read_bytes()
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    assert re.search(r"^License(-Expression)?: BSD-3-Clause$", text, re.M), text[:600]
    assert "BSD 3-Clause License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_sdist_ships_the_license_and_the_documentation(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "sdist", "--directory", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = tmp_path.glob("srm_check-*.tar.gz")
    with tarfile.open(built) as archive:
        inside = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    expected = {"LICENSE", "README.md", "CONTRIBUTING.md", "docs/index.md", "docs/rules.md"}
    assert expected <= inside, expected - inside


def test_wheel_has_the_console_script_and_no_repository_extras(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        assert "srm-check = srm_check.cli:main" in archive.read(entry_points).decode()
    assert not any(n.startswith(("tests/", "agreements/", "bench/")) for n in names(wheel))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="uses the POSIX virtual environment layout")
def test_installed_wheel_checks_agreements_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        env=clean,
    )
    # Dependencies (pydantic, typer, ...) come from this environment, through a .pth line.
    # A plain path line does not run that folder's own .pth files, so the editable install
    # of the repository is not picked up: srm_check must come from the wheel.
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        env=clean,
    ).stdout.strip()
    Path(target, "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ok.yaml").write_bytes((AGREEMENTS / "cascadia-climate-collective.yaml").read_bytes())
    text = (AGREEMENTS / "cascadia-climate-collective.yaml").read_text(encoding="utf-8")
    (elsewhere / "broken.yaml").write_text(text.replace("  guide-2i2c: 2i2c\n", ""), encoding="utf-8")

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import srm_check, srm_check.policy.model as p; print(srm_check.__file__); "
            "print(p.default_policy_dir())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=clean,
    ).stdout.split()
    assert all(Path(w).is_relative_to(env_dir) for w in where), where

    script = env_dir / "bin" / "srm-check"
    ok = subprocess.run(
        [str(script), "check", "ok.yaml"], capture_output=True, text=True, cwd=elsewhere, env=clean
    )
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout == "1 file checked: no findings (passed, fail-on error)\n"
    broken = subprocess.run(
        [str(script), "check", "broken.yaml"], capture_output=True, text=True, cwd=elsewhere, env=clean
    )
    assert broken.returncode == 1
    assert broken.stdout.startswith(
        "broken.yaml:10:3: error [SRM101] responsibility 'guide-2i2c' (#8 Guide 2i2c)"
    )
    schema = subprocess.run([str(script), "schema"], capture_output=True, text=True, cwd=elsewhere, env=clean)
    assert schema.stdout == (ROOT / "srm_check/schemas/agreement.schema.json").read_text(encoding="utf-8")
