"""A deterministic fleet of agreements for the report's bench and browser test.

`generate(folder, count)` writes `count` agreements that look like a provider's real fleet:
most follow the 2022 catalogue with a few moves each (both ways, some to a partner of
their own), with cost notes per month, quarter, year or one-off, in USD or EUR; one in ten
follows the current catalogue (areas, RACI roles, responsibilities shared by design); about
one in fifteen carries a defect (an error). Descriptions, party descriptions, teams and notes
appear as in real agreements. The same count always gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "policies" / "catalogues"

# (id, default party) of the 2022 catalogue's responsibilities, in order.
SRM_2022 = (
    ("use-hub", "community"),
    ("advocate-and-onboard", "community"),
    ("general-user-support", "community"),
    ("provide-user-access", "community"),
    ("develop-domain-software", "community"),
    ("define-basic-environment", "community"),
    ("manage-data", "2i2c"),
    ("guide-2i2c", "2i2c"),
    ("escalate-to-2i2c", "2i2c"),
    ("complex-environment-changes", "2i2c"),
    ("develop-interactive-computing-software", "2i2c"),
    ("support-open-source-communities", "2i2c"),
    ("communicate-with-cloud-provider", "2i2c"),
    ("manage-kubernetes-configuration", "2i2c"),
    ("deploy-and-configure-hubs", "2i2c"),
    ("monitor-for-incidents", "2i2c"),
    ("develop-cloud-infrastructure-software", "2i2c"),
    ("configure-kubernetes-upgrades", "2i2c"),
    ("respond-to-incidents", "2i2c"),
    ("operate-kubernetes-cluster", "2i2c"),
)
# Moves that fleets make, with how often: near the boundary far more than far from it.
MOVE_WEIGHTS = (1, 1, 6, 3, 4, 8, 9, 2, 2, 4, 3, 2, 1, 1, 2, 1, 1, 1, 1, 1)
PERIODS = ("month", "month", "month", "quarter", "year", "one-off")
KINDS = ("university", "college", "research institute", "network", "collaborative", "museum")
DEFECTS = ("no-cost", "unknown-party", "shared", "missing", "bad-date", "team")


def _areas(number: int, rng: random.Random) -> list[str]:
    """An agreement under the current (areas) catalogue, with RACI roles."""
    lead = rng.choice(["2i2c", "community"])
    other = "community" if lead == "2i2c" else "2i2c"
    lines = [
        f"agreement: fleet-{number:05d}",
        f"community: Fleet Community {number}",
        "catalogue: 2i2c-srm-areas@late-2022",
        f"effective: 2025-{rng.randint(1, 12):02d}-01",
        f"description: Research hub number {number}, on the current model with shared support.",
        "assignments:",
    ]
    lines += [
        f"  {rid}: 2i2c"
        for rid in (
            "monitor-infrastructure",
            "respond-to-incidents",
            "deploy-cloud-environment",
            "develop-cloud-infrastructure",
            "operate-kubernetes-cluster",
        )
    ]
    for rid in (
        "create-documentation",
        "support-community-leaders",
        "assist-environment-creation",
        "manage-cloud-data",
        "run-workshops",
    ):
        lines += [f"  {rid}:", f"    accountable: {lead}", f"    responsible: [{other}]"]
        if rng.random() < 0.3:
            lines.append("    consulted: [hub-administrator]")
    lines += [
        f"  {rid}: community"
        for rid in (
            "define-success",
            "oversee-user-access",
            "cultivate-community",
            "represent-community",
            "make-financial-decisions",
            "develop-domain-software",
            "develop-interactive-computing-software",
            "support-open-source-communities",
        )
    ]
    return lines


def _cost(rng: random.Random, sign: int) -> list[str]:
    period = rng.choice(PERIODS)
    amount = sign * rng.randint(1, 40) * (50 if period == "month" else 250)
    currency = "USD" if rng.random() < 0.75 else "EUR"
    return [
        "    cost_note:",
        f"      text: Agreed change of scope, reviewed {rng.choice(['yearly', 'each term', 'at renewal'])}.",
        f"      amount: {amount}",
        f"      currency: {currency}",
        f"      period: {period}",
    ]


def _moved(rid: str, default: str, partner: str | None, rng: random.Random, defect: str | None) -> list[str]:
    """One moved responsibility: to the other party, or to the agreement's partner."""
    if partner is not None and default == "community" and rng.random() < 0.4:
        party, sign = partner, 0
    else:
        party = "2i2c" if default == "community" else "community"
        sign = 1 if party == "2i2c" else -1
    lines = [f"  {rid}:", f"    party: {party}"]
    if party == "2i2c" and rng.random() < 0.5:
        lines.append(f"    team: {rng.choice(['cloud-engineering', 'community-support'])}")
    if rng.random() < 0.25:
        lines.append("    note: Revisit when the hub's user count doubles.")
    if defect == "no-cost":
        return lines
    if sign == 0:
        return [*lines, "    cost_note: Paid by the partner from its own grant; no change to 2i2c's fee."]
    return lines + _cost(rng, sign)


def agreement(number: int, rng: random.Random) -> str:
    """One agreement's YAML text."""
    if rng.random() < 0.1:
        return "\n".join(_areas(number, rng)) + "\n"
    defect = rng.choice(DEFECTS) if rng.random() < 0.07 else None
    kind = rng.choice(KINDS)
    partner = f"partner-{number:05d}" if rng.random() < 0.3 else None
    lines = [
        f"agreement: fleet-{number:05d}",
        f"community: Fleet Community {number} {kind.title()}",
        "catalogue: 2i2c-srm@2022",
        f"effective: 20{rng.choice([24, 25, 25, 25, 26])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"description: Hub of a {kind} with {rng.randint(20, 2000)} users.",
    ]
    if rng.random() < 0.3:
        lines.append(f"end: 20{rng.choice([25, 26, 27])}-{rng.randint(1, 12):02d}-28")
    if partner is not None:
        lines += [
            "parties:",
            f"  - id: {partner}",
            f"    name: Partner {number}",
            "    description: A software cooperative that works for the community.",
        ]
    lines.append("assignments:")
    moves = set(rng.choices(range(20), weights=MOVE_WEIGHTS, k=rng.choice([0, 1, 1, 2, 2, 2, 3, 4])))
    for index, (rid, default) in enumerate(SRM_2022):
        if defect == "missing" and index == 15:
            continue
        if index in moves:
            lines += _moved(rid, default, partner, rng, defect)
        elif defect == "unknown-party" and index == 12:
            lines.append(f"  {rid}: 2ic2")
        elif defect == "shared" and index == 6:
            lines.append(f"  {rid}: [community, 2i2c]")
        elif defect == "team" and index == 2:
            lines += [f"  {rid}:", "    party: community", "    team: cloud-engineering"]
        else:
            lines.append(f"  {rid}: {default}")
    if defect == "bad-date":
        lines[3] = "effective: 2025-02-30"
    if defect == "no-cost" and not moves:
        lines.append("  manage-dta: 2i2c")  # a defect all the same: an unknown responsibility
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = 15) -> list[Path]:
    """Write `count` agreements into `folder` (created); the files, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for number in range(count):
        path = folder / f"fleet-{number:05d}.yaml"
        path.write_text(agreement(number, rng), encoding="utf-8")
        files.append(path)
    return files
