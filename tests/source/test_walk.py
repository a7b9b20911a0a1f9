"""source/walk.py: the YAML files of a folder, without leaving it, skipping nothing silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srm_check.source.walk import Walk, yaml_files


def names(walk: Walk, root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    files = sorted(Path(p).relative_to(root).as_posix() for p in walk.files)
    skipped = sorted((s.path.relative_to(root).as_posix(), s.code) for s in walk.skipped)
    return files, skipped


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "agreements"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "sub" / "b.yml").write_text("b: 1\n", encoding="utf-8")
    (root / "notes.txt").write_text("not yaml\n", encoding="utf-8")
    (root / ".hidden" / "c.yaml").write_text("c: 1\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("token: s3cr3t\n", encoding="utf-8")
    return root


def test_files_hidden_folders_and_other_suffixes(tree: Path) -> None:
    assert names(yaml_files(tree), tree) == (["a.yaml", "sub/b.yml"], [])


def test_links_inside_the_tree_are_followed(tree: Path) -> None:
    (tree / "link.yaml").symlink_to("sub/b.yml")
    (tree / "again").symlink_to("sub", target_is_directory=True)  # the same folder twice
    (tree / "sub" / "loop").symlink_to("..", target_is_directory=True)  # a loop
    assert names(yaml_files(tree), tree) == (["a.yaml", "link.yaml", "sub/b.yml"], [])


def test_links_out_of_the_tree_are_reported_not_read(tree: Path) -> None:
    (tree / "leak.yaml").symlink_to(tree.parent / "outside" / "secret.yaml")
    (tree / "outdir").symlink_to(tree.parent / "outside", target_is_directory=True)
    (tree / "readme").symlink_to(tree.parent / "outside" / "secret.yaml")  # not *.yaml: not ours
    walk = yaml_files(tree)
    assert names(walk, tree) == (["a.yaml", "sub/b.yml"], [("leak.yaml", "SRM014"), ("outdir", "SRM014")])
    leak = next(s for s in walk.skipped if s.path.name == "leak.yaml")
    assert leak.message == (
        f"symbolic link to a file outside the checked folder ({tree.parent / 'outside' / 'secret.yaml'}); "
        "not followed (--follow-symlinks follows it)"
    )


def test_follow_symlinks_reads_them(tree: Path) -> None:
    (tree / "leak.yaml").symlink_to(tree.parent / "outside" / "secret.yaml")
    (tree / "outdir").symlink_to(tree.parent / "outside", target_is_directory=True)
    walk = yaml_files(tree, follow_symlinks=True)
    assert names(walk, tree) == (["a.yaml", "leak.yaml", "outdir/secret.yaml", "sub/b.yml"], [])


def test_dangling_links_are_reported(tree: Path) -> None:
    (tree / "gone.yaml").symlink_to("nowhere.yaml")
    (tree / "gone-folder").symlink_to("nowhere")  # could have been anything: not reported
    walk = yaml_files(tree)
    assert names(walk, tree) == (["a.yaml", "sub/b.yml"], [("gone.yaml", "SRM015")])
    assert walk.skipped[0].message == (
        "symbolic link to a file that does not exist (nowhere.yaml); nothing was checked"
    )


def test_a_folder_that_cannot_be_listed_is_reported(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.scandir

    def refuse(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    walk = yaml_files(tree)
    assert names(walk, tree) == (["a.yaml"], [("sub", "SRM016")])
    assert walk.skipped[0].message == (
        "cannot read folder: Permission denied; the agreements in it (if any) were not checked"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_a_folder_without_permissions_is_reported(tree: Path) -> None:
    (tree / "sub").chmod(0)
    try:
        assert names(yaml_files(tree), tree) == (["a.yaml"], [("sub", "SRM016")])
    finally:
        (tree / "sub").chmod(0o755)


def test_a_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    folder = str(tmp_path)
    for _ in range(1100):  # rglob raised RecursionError here (so does mkdir(parents=True))
        folder += "/d"
        Path(folder).mkdir()
    Path(folder, "deep.yaml").write_text("a: 1\n", encoding="utf-8")
    try:
        walk = yaml_files(tmp_path)
        assert [Path(p).name for p in walk.files] == ["deep.yaml"] and walk.skipped == []
    finally:  # bottom up: removing it recursively would hit the same limit
        Path(folder, "deep.yaml").unlink()
        while folder != str(tmp_path):
            Path(folder).rmdir()
            folder = folder.rsplit("/", 1)[0]


def test_skip_folder_leaves_folders_out_by_name(tree: Path) -> None:
    walk = yaml_files(tree, skip_folder=lambda name: name == "sub")
    assert names(walk, tree) == (["a.yaml"], [])
