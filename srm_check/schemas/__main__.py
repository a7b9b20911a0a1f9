"""Regenerate the shipped JSON Schemas: `python -m srm_check.schemas`."""

from pathlib import Path

from srm_check.schemas import KINDS, render

if __name__ == "__main__":
    here = Path(__file__).parent
    for kind in KINDS:
        (here / f"{kind}.schema.json").write_text(render(kind), encoding="utf-8")
        print(f"wrote {here / f'{kind}.schema.json'}")
