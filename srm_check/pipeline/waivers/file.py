"""The waivers file: read, validated, every problem located (a malformed file stops the run)."""

from __future__ import annotations

from pathlib import Path

from srm_check.core.codes import EMPTY_FILE, WRONG_TYPE
from srm_check.core.dates import parse_date
from srm_check.core.problem import Problem, SrmError
from srm_check.pipeline.waivers.model import WAIVERS_INVALID, Waiver
from srm_check.schemas.validator import validator
from srm_check.source.reader import load_file


def waiver_error(problems: list[Problem]) -> SrmError:
    """The error that stops a run on a malformed waivers file."""
    return SrmError("waivers", WAIVERS_INVALID, problems)


def load_waivers(path: Path, display: str) -> list[Waiver]:
    """Read and validate a waivers file; a malformed one raises SrmError with locations."""
    source = load_file(path, display)
    if source.problems:
        raise waiver_error([Problem(p.message, p.span, path=display, code=p.code) for p in source.problems])
    if len(source.documents) != 1:
        code = EMPTY_FILE if not source.documents else WRONG_TYPE
        raise waiver_error([Problem("expected one YAML document", path=display, code=code)])
    doc = source.documents[0]
    if doc.value is None:
        return []
    problems = validator("waivers").validate(doc.value, doc)
    if problems:
        raise waiver_error([Problem(p.message, p.span, path=display, code=p.code) for p in problems])
    out: list[Waiver] = []
    bad: list[Problem] = []
    for index, item in enumerate(doc.value.get("waivers", [])):
        pointer = f"/waivers/{index}"
        expires = parse_date(item["expires"])
        if expires is None:
            span = doc.span(f"{pointer}/expires")
            bad.append(
                Problem(
                    f"'expires' {item['expires']!r} is not a real date", span, path=display, code=WRONG_TYPE
                )
            )
            continue
        out.append(
            Waiver(
                rule=item["rule"],
                agreement=item["agreement"],
                responsibility=item.get("responsibility"),
                pointer=item.get("pointer"),
                reason=item["reason"],
                owner=item["owner"],
                expires=expires,
                ticket=item.get("ticket"),
                path=display,
                span=doc.span(pointer),
            )
        )
    if bad:
        raise waiver_error(bad)
    return out
