"""How many worker processes a run starts: sized by the files and by the CPUs this process may
really use (its affinity, a container's quota), so a pool never costs more than it saves."""

import math
import os

# Below this many files a worker pool costs more than it saves (starting it, and sending each
# result back, against about half a millisecond of checking per file).
PARALLEL_MIN_FILES = 400
# Each worker must have at least this many files: starting one costs more than checking fewer.
FILES_PER_WORKER = 50
# Without --jobs, each worker gets at least this many files (a pool must win clearly, also
# when another process holds a core).
DEFAULT_FILES_PER_WORKER = 200
# Without --jobs, a large run uses at most this many workers.
DEFAULT_MAX_WORKERS = 8


def _quota() -> float | None:
    """The CPU time a container may use, in CPUs (cgroup v2 `cpu.max`, or v1's CFS quota)."""
    for path, split in (("/sys/fs/cgroup/cpu.max", True), ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", False)):
        try:
            with open(path, encoding="ascii") as handle:  # noqa: PTH123
                text = handle.read().split()
            if split:
                quota, period = text[0], text[1]
            else:
                with open("/sys/fs/cgroup/cpu/cpu.cfs_period_us", encoding="ascii") as handle:  # noqa: PTH123
                    quota, period = text[0], handle.read().strip()
        except (OSError, IndexError):
            continue
        if quota in ("max", "-1"):
            return None
        try:
            return max(int(quota) / int(period), 1.0)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity (as `taskset` or a container sets it),
    within the container's CPU quota."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        cpus = int(counter() or 1)
    elif hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0)) or 1
    else:
        cpus = os.cpu_count() or 1
    quota = _quota()
    return max(1, min(cpus, math.floor(quota))) if quota is not None else cpus


def default_jobs(file_count: int) -> int:
    """Worker processes for a run: none below PARALLEL_MIN_FILES files, else one per usable CPU
    (and per DEFAULT_FILES_PER_WORKER files)."""
    if file_count < PARALLEL_MIN_FILES:
        return 1
    return worker_count(min(DEFAULT_MAX_WORKERS, file_count // DEFAULT_FILES_PER_WORKER), file_count)


def worker_count(requested: int, file_count: int) -> int:
    """The workers a run starts: what was asked, but never more than the usable CPUs, nor more
    than one per FILES_PER_WORKER files; 1 (no pool) where fork is not available."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(requested, usable_cpus(), file_count // FILES_PER_WORKER))
