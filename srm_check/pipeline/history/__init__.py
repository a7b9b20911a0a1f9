"""Agreements over time, from git: what changed between two versions, and when, by whom.

`repo` reads git (through `source.git`: its command line, nothing a repository configures
runs); `snapshot` reads one version of an agreement file; `compare` says what changed
between two versions of an agreement; `walk` follows the log (`srm-check history`);
`diff` compares files or revisions (`srm-check diff`, and "changes since REV" for
reports); `assignments` tells rules when an agreement's assignments last changed.
"""

from __future__ import annotations


class HistoryError(Exception):
    """History cannot be read as asked (no git, no such revision, history missing): the reason,
    said to the user with exit code 2."""
