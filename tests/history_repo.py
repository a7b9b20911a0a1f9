"""A scratch git repository with a known history, for the tests (and the docs) of `history` and `diff`.

Three commits on one agreement, with fixed authors and dates, so that their ids are the same
on every machine: add the agreement (on the default boundary); move two responsibilities,
each with a cost note (+750 and -200 USD a month); move one of them back.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHOR = ("Ada Lovelace", "ada@example.invalid")
REVIEWER = ("Grace Hopper", "grace@example.invalid")

DEFAULT_SPLIT = """\
# yaml-language-server: $schema=https://raw.githubusercontent.com/srm-check/srm-check/v0.1.0/srm_check/schemas/agreement.schema.json
agreement: lakeside
community: Lakeside Ocean Lab
catalogue: 2i2c-srm@2022
effective: 2026-01-01
assignments:
  use-hub: community
  advocate-and-onboard: community
  general-user-support: community
  provide-user-access: community
  develop-domain-software: community
  define-basic-environment: community
  manage-data: 2i2c
  guide-2i2c: 2i2c
  escalate-to-2i2c: 2i2c
  complex-environment-changes: 2i2c
  develop-interactive-computing-software: 2i2c
  support-open-source-communities: 2i2c
  communicate-with-cloud-provider: 2i2c
  manage-kubernetes-configuration: 2i2c
  deploy-and-configure-hubs: 2i2c
  monitor-for-incidents: 2i2c
  develop-cloud-infrastructure-software: 2i2c
  configure-kubernetes-upgrades: 2i2c
  respond-to-incidents: 2i2c
  operate-kubernetes-cluster: 2i2c
"""
SUPPORT_TO_2I2C = """\
  general-user-support:
    party: 2i2c
    cost_note: {text: 2i2c answers first-line user questions., amount: 750, currency: USD, period: month}
"""
CLOUD_TO_COMMUNITY = """\
  communicate-with-cloud-provider:
    party: community
    cost_note:
      text: The community's IT office talks to the cloud provider.
      amount: -200
      currency: USD
      period: month
"""
MOVED = DEFAULT_SPLIT.replace("  general-user-support: community\n", SUPPORT_TO_2I2C).replace(
    "  communicate-with-cloud-provider: 2i2c\n", CLOUD_TO_COMMUNITY
)
MOVED_BACK = MOVED.replace(SUPPORT_TO_2I2C, "  general-user-support: community\n")

COMMITS = (
    ("2026-01-05T10:00:00+00:00", AUTHOR, "Add the Lakeside Ocean Lab agreement", DEFAULT_SPLIT),
    ("2026-02-02T15:30:00+00:00", REVIEWER, "Move user support to 2i2c, cloud contact to the lab", MOVED),
    ("2026-03-09T09:15:00+00:00", AUTHOR, "User support goes back to the lab", MOVED_BACK),
)
PATH = "agreements/lakeside.yaml"


def git(
    repo: Path, *args: str, when: str = "2026-01-01T00:00:00+00:00", who: tuple[str, str] = AUTHOR
) -> str:
    """Run git in `repo` with a fixed identity and date, and no user or system configuration."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": str(repo),
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, files: dict[str, str], subject: str, when: str, who: tuple[str, str] = AUTHOR) -> str:
    """Write `files` (path -> text; None-free) and commit them all; the new commit's id."""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, when=when, who=who)
    return git(repo, "rev-parse", "HEAD")


def build(repo: Path) -> list[str]:
    """The scratch repository in `repo` (created): its three commits' ids, oldest first."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return [commit(repo, {PATH: text}, subject, when, who) for when, who, subject, text in COMMITS]
