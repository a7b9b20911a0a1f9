"""pipeline/run.py: the files a run reads, listed only when asked for."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from srm_check.pipeline import run


class _Watched(SimpleNamespace):
    """A prepared run that records which of its fields are read."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            object.__getattribute__(self, "_read").append(name)
        return object.__getattribute__(self, name)


def test_files_read_are_listed_only_when_first_asked_for() -> None:
    """An output that is not a regular file never needs them: no list of Paths, one per file."""
    prepared = _Watched(
        _read=[],
        shown=["a.yaml", "b.yaml"],
        context=[],
        sources={},
        policy=SimpleNamespace(files=[]),
        waivers_path=None,
    )
    files = run.read_files(prepared)  # type: ignore[arg-type]
    assert prepared._read == []
    assert [str(f) for f in files] == ["a.yaml", "b.yaml"]
    assert "shown" in prepared._read


def test_paths_are_packed_only_for_long_lists() -> None:
    """A run keeps its paths packed from PACKED_FILES on; a shorter list is a tuple (a run of a
    few files never loads the packing), alike in every use."""
    from srm_check.core.path_table import PathTable

    few = [f"a/{i}.yaml" for i in range(3)]
    many = [f"a/{i}.yaml" for i in range(run.PACKED_FILES)]
    assert run._shown(few) == ("a/0.yaml", "a/1.yaml", "a/2.yaml")
    packed = run._shown(many)
    assert isinstance(packed, PathTable)
    assert list(packed) == many
    assert type(run._shown(many[:-1])) is tuple
