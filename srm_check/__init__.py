"""srm-check: a policy-as-code checker for shared-responsibility agreements."""

import gc as _gc
import sys as _sys

__version__ = "0.1.0"

# The collector's thresholds while a command runs (cli.main): start-up makes many objects that
# live as long as the process (modules, classes, the policy), and walking them is wasted.
GC_THRESHOLD = (50_000, 20, 100)


def _starts_the_program() -> bool:
    """Whether this import is the start of the program itself: the `srm-check` script, or
    `python -m srm_check`; not a test, an embedding or a worker."""
    top = _sys.modules.get("__main__")
    spec = getattr(top, "__spec__", None)
    script = str(getattr(top, "__file__", None) or "").replace("\\", "/").rsplit("/", 1)[-1]
    return script == "srm-check" or getattr(spec, "name", None) == "srm_check.__main__"


# The thresholds before this import raised them for the start of the program (cli.main restores
# them after the command), else None: importing the CLI and the pipeline is most of a start.
GC_BEFORE: tuple[int, int, int] | None = None
if _starts_the_program():
    GC_BEFORE = _gc.get_threshold()
    _gc.set_threshold(*GC_THRESHOLD)
