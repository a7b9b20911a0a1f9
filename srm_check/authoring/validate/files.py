"""Policy files as the deep checks read them: one parsed YAML document each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from srm_check.core.paths import display_path
from srm_check.source.document import Document
from srm_check.source.reader import load_file


@dataclass(slots=True)
class YamlFile:
    """A file that parsed to exactly one YAML document."""

    path: Path
    display: str
    doc: Document

    def holds(self, key: str) -> bool:
        """Whether the document is a mapping with `key` (which says what kind of file it is)."""
        return isinstance(self.doc.value, dict) and key in self.doc.value


def read_files(paths: Iterable[Path]) -> list[YamlFile]:
    """Policy files that parse to one YAML document (the others are already reported)."""
    out = []
    for path in paths:
        display = display_path(path)
        source = load_file(path, display)
        if not source.problems and len(source.documents) == 1:
            out.append(YamlFile(path, display, source.documents[0]))
    return out
