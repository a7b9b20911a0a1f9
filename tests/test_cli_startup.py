"""Start-up: a run registers only the command it runs, and that stays complete and correct."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from srm_check import __version__
from srm_check.cli import _command, _exit_now, _is_program, _registered, build_app
from srm_check.commands import COMMANDS


def _names(app: object) -> set[str]:
    import typer.main

    group = typer.main.get_group(app)  # type: ignore[arg-type]
    return set(group.commands)


def test_every_command_is_in_the_fast_path_map() -> None:
    assert _names(build_app()) == set(COMMANDS)


def test_a_run_registers_only_its_command() -> None:
    for name, module in COMMANDS.items():
        names = _names(build_app(name))
        assert name in names
        full = build_app()
        # Only the commands of that one module are registered.
        assert names == {n for n in _names(full) if COMMANDS[n] == module}


def test_the_command_is_found_after_root_options() -> None:
    assert _command(["check", "agreements"]) == "check"
    assert _command(["--version"]) is None
    assert _command([]) is None


def test_a_version_first_registers_no_command() -> None:
    """`--version` is answered while typer parses the root options: no command is needed."""
    assert _registered(["--version"]) == ""
    assert _registered(["--version", "check"]) == ""
    assert _names(build_app("")) == set()
    # Anything else before it (help, another option) or after a command registers as before.
    assert _registered(["-h", "--version"]) is None
    assert _registered(["check", "--version"]) == "check"
    assert _registered([]) is None


def test_the_version_imports_no_command_and_answers_as_before() -> None:
    lines = [["--version"], ["--version", "--help"], ["--version", "nonsense"], ["--version", "--bogus"]]
    code = (
        "import sys; from srm_check.cli import main\n"
        f"for line in {lines!r}:\n"
        "    sys.argv = ['srm-check', *line]\n"
        "    try:\n        main()\n    except SystemExit as done:\n        print('exit', done.code)\n"
        "print(sorted(m for m in sys.modules if m.startswith('srm_check.commands.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *answers, modules = out.stdout.strip().splitlines()
    assert answers == [f"srm-check {__version__}", "exit 0"] * 3 + ["exit 2"]
    assert "No such option: --bogus" in out.stderr
    assert modules == "[]"


def test_a_run_does_not_import_other_commands_or_pydantic() -> None:
    code = (
        "import sys; from srm_check.cli import main; sys.argv = ['srm-check', 'check', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('srm_check.commands.') or m == 'pydantic'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['srm_check.commands.check', 'srm_check.commands.common']"


def _modules_after(args: list[str], prefixes: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run srm-check ARGS in a fresh interpreter: its output, and the loaded modules named PREFIXES."""
    code = (
        f"import sys; from srm_check.cli import main; sys.argv = ['srm-check', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    *output, modules = out.stdout.strip().splitlines()
    return "\n".join(output), json.loads(modules)


def test_check_does_not_import_jinja2_markupsafe_or_pydantic() -> None:
    """`srm-check check` runs on every commit (pre-commit); templates and validation are for others."""
    heavy = ("jinja2", "markupsafe", "pydantic")
    output, loaded = _modules_after(["check", "agreements/"], heavy)
    assert "files checked" in output  # the check did run
    assert loaded == []
    # The probe does see them when a report is rendered.
    _, loaded = _modules_after(["report", "agreements/", "--format", "html"], heavy)
    assert {"jinja2", "markupsafe"} <= {m.split(".")[0] for m in loaded}


def test_run_as_the_program_it_ends_without_the_interpreter_teardown(tmp_path: Path) -> None:
    """The `srm-check` script (a file run as __main__) ends at once with the command's exit code,
    every output written; code after `main()` in it never runs. Called otherwise (`python -c`,
    a test), `main` raises SystemExit as before."""
    script = tmp_path / "srm-check"
    script.write_text(
        "import atexit, sys\nfrom srm_check.cli import main\n"
        "atexit.register(lambda: print('teardown ran'))\n"
        "if __name__ == '__main__':\n    main()\n    print('after main')\n",
        encoding="utf-8",
    )
    agreement = ROOT / "agreements" / "northfield-state-university.yaml"
    args = ["check", "--no-cache", str(agreement)]
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "1 file checked" in done.stdout
    assert "teardown ran" not in done.stdout and "after main" not in done.stdout
    # A usage error: its exit code and message too.
    usage = [sys.executable, str(script), "check", "--jobs", "x"]
    bad = subprocess.run(usage, capture_output=True, text=True)
    assert bad.returncode == 2 and "--jobs" in bad.stderr
    code = (
        f"import sys; from srm_check.cli import main; sys.argv = ['srm-check', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    print('exit', done.code)\n"
    )
    embedded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert embedded.stdout.strip().splitlines()[-1] == "exit 0"


def test_main_called_from_a_test_is_not_the_program() -> None:
    assert not _is_program(sys._getframe())
    assert _exit_now(SystemExit("a message")) is None  # returns: Python prints the message


def test_the_fast_exit_is_not_taken_while_a_worker_runs() -> None:
    """An interrupted run can leave its pool to the normal exit, which stops daemon workers;
    `os._exit` would orphan them (blocked writing results, holding stderr open)."""
    import multiprocessing

    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,), daemon=True)
    worker.start()
    try:
        assert _exit_now(SystemExit(130)) is None  # returns: this test process lives on
    finally:
        worker.kill()
        worker.join()


def test_check_builds_few_named_tuples_from_string_annotations() -> None:
    """typing.NamedTuple compiles each field's annotation when it is a string (`from __future__
    import annotations`), about 0.1 ms of every start each: the modules a check imports define
    theirs with real annotations, and the few left (modules of other stages' work) may not grow."""
    code = (
        "import sys; from srm_check.cli import main\n"
        "sys.argv = ['srm-check', 'check', '--no-cache', 'agreements/']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import typing; found = []\n"
        "for name, module in list(sys.modules.items()):\n"
        "    if name.startswith('srm_check'):\n"
        "        for value in vars(module).values():\n"
        "            if isinstance(value, type) and hasattr(value, '_fields') and value.__module__ == name:\n"
        "                notes = vars(value).get('__annotations__', {})\n"
        "                late = [k for k, v in notes.items() if isinstance(v, typing.ForwardRef)]\n"
        "                found += [f'{name}.{value.__name__}.{k}' for k in late]\n"
        "print(len(found), sorted({f.rsplit('.', 2)[0] for f in found}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    count, modules = out.stdout.strip().splitlines()[-1].split(" ", 1)
    assert int(count) <= 90, modules
    real = ("srm_check.core.finding", "srm_check.pipeline.settings", "srm_check.policy.model")
    for converted in (*real, "srm_check.formats", "srm_check.formats.outputs"):
        assert converted not in modules


def test_a_check_served_by_the_cache_does_not_import_what_parsing_needs(tmp_path: Path) -> None:
    """importlib.resources (with tempfile and random) reads the schemas, and hashlib (which loads
    OpenSSL) hashes policy files as outputs show them; only parsing needs them: a second, cached
    run of the same files does without them."""
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "agreements/"]
    probe = ("tempfile", "random", "hashlib", "_hashlib")  # importlib itself is always there
    _, first = _modules_after(args, probe)
    output, second = _modules_after(args, probe)
    assert "files checked" in output
    assert first == ["_hashlib", "hashlib", "random", "tempfile"]  # the first run parsed the files
    assert second == []


def test_a_check_served_by_the_cache_does_not_import_parsing_modules(tmp_path: Path) -> None:
    """Reading agreements and policy files (the YAML reader, the agreement reader, the schema
    validator, the rule file loader) is for files the cache does not serve: a second, cached run
    does without them."""
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "agreements/"]
    parsing = (
        "srm_check.rules.agreement",
        "srm_check.schemas.validator",
        "srm_check.pipeline.document",
        "srm_check.policy.rules",
        "srm_check.policy.catalogue",
        "srm_check.policy.structure",
        "srm_check.source.reader",  # the YAML reader: the policy store's key and the search
        "srm_check.source.events",  # for pyproject.toml (here, at the root) read bytes only
        "srm_check.source.scalars",
    )
    _, first = _modules_after(args, ("srm_check",))
    output, second = _modules_after(args, ("srm_check",))
    assert "files checked" in output
    assert set(parsing) <= set(first)  # the first run parsed the files and the policy
    assert set(parsing).isdisjoint(second)
    assert "srm_check.rules.engine" not in second  # nor the engine: verdicts across the run replayed
    # Nor what only some runs need: git history (a rule asks it), a pool, a policy's declarations
    # (rule files loaded), a file's documents (read), packed paths (many files).
    later = (
        "srm_check.pipeline.history.assignments",
        "srm_check.pipeline.pool",
        "srm_check.policy.declared",
        "srm_check.source.document",
        "srm_check.core.path_table",
        "srm_check.rules.messages",
        "srm_check.schemas.records",  # the policy's typed dicts: for type checking only
    )
    assert set(later).isdisjoint(second)


def test_the_program_collects_rarely_from_its_first_import(tmp_path: Path) -> None:
    """The `srm-check` script raises the collector's thresholds when it first imports the package
    (start-up is mostly imports), and `main` puts the old ones back after the command; any other
    importer (a test, `python -c`) keeps its own."""
    script = tmp_path / "srm-check"
    script.write_text(
        "import gc, sys\nbefore = gc.get_threshold()\nimport srm_check\n"
        "print(gc.get_threshold() == srm_check.GC_THRESHOLD, srm_check.GC_BEFORE == before)\n"
        "from srm_check.cli import main\nsys.argv = ['srm-check', '--version']\n"
        "def run():\n    try:\n        main()\n    except SystemExit:\n        pass\n"
        "run()\nprint(gc.get_threshold() == before)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=ROOT)
    lines = out.stdout.splitlines()
    assert (lines[0], lines[-1]) == ("True True", "True")
    code = "import gc; t = gc.get_threshold()\nimport srm_check\n"
    code += "print(gc.get_threshold() == t, srm_check.GC_BEFORE)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "None"]
