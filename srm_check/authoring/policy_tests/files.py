"""Where a policy's test files are: `tests/**/*.yaml`, outside `fixtures/` and hidden folders."""

from __future__ import annotations

from pathlib import Path

TESTS_DIR = "tests"
FIXTURES_DIR = "fixtures"
SUFFIXES = (".yaml", ".yml")


def _is_test_file(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return (
        path.suffix in SUFFIXES
        and not any(p.startswith(".") for p in parts)
        and FIXTURES_DIR not in parts[:-1]
        and path.is_file()
    )


def find_test_files(directory: Path) -> list[Path]:
    """The test files of a policy folder, sorted: `tests/**/*.yaml` outside `fixtures/` folders."""
    root = directory / TESTS_DIR
    if not root.is_dir():
        return []
    found = [path for path in root.rglob("*") if _is_test_file(path, root)]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())
