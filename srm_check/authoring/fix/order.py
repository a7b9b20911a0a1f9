"""`srm-check fix --sort`: the assignments in the catalogue's order, each entry moved whole.

An entry moves with the comment lines directly above it (its title, as `init` writes it);
blank lines and other lines between entries stay where they are. Entries the catalogue does
not know keep their order, after the others.
"""

from __future__ import annotations

from srm_check.authoring.fix.lines import Edit, Region, entry_region, lead_start, newline_of
from srm_check.rules.agreement import AgreementData
from srm_check.rules.catalogue import CatalogueIndex


def _blocks(data: AgreementData, lines: list[str]) -> list[tuple[int, int, Region]] | None:
    """Each entry's (order position, first line with its comments, region), in file order;
    None when an entry's lines cannot be told apart from the others'."""
    regions = []
    for position, entry in enumerate(data.assignments):
        region = entry_region(entry, data.document, lines)
        if region is None:
            return None
        regions.append((position, region))
    regions.sort(key=lambda pair: pair[1].first)
    out: list[tuple[int, int, Region]] = []
    floor = 0
    for position, region in regions:
        if region.first < floor or (out and region.column != out[0][2].column):
            return None
        out.append((position, lead_start(lines, region.first, floor), region))
        floor = region.last + 1
    return out


def sort_edit(data: AgreementData, catalogue: CatalogueIndex, lines: list[str]) -> Edit | str | None:
    """The edit that sorts the entries (None: already sorted), or why they cannot be sorted."""
    if not data.assignments_usable or len(data.assignments) < 2:
        return None
    blocks = _blocks(data, lines)
    if blocks is None:
        return "the assignments are not written in block style, one entry after another"
    order = {rid: i for i, rid in enumerate(catalogue.order)}
    rank = len(order)

    def key(block: tuple[int, int, Region]) -> int:
        return order.get(data.assignments[block[0]].responsibility, rank)

    wanted = sorted(blocks, key=key)
    if wanted == blocks:
        return None
    start, end = blocks[0][1], blocks[-1][2].last + 1
    out: list[str] = []
    for index, block in enumerate(wanted):
        _, first, region = block
        body = lines[first : region.last + 1]
        if body and not body[-1].endswith(("\n", "\r")):
            body = [*body[:-1], body[-1] + newline_of(lines)]
        out += body
        if index + 1 < len(blocks):  # what stood between the entries at this position stays
            out += lines[blocks[index][2].last + 1 : blocks[index + 1][1]]
    if not lines[end - 1].endswith(("\n", "\r")) and out:
        out[-1] = out[-1].rstrip("\r\n")
    return Edit(start, end, tuple(out))
