"""Worker processes with a pipe each: order, errors and deaths reach the main process."""

from __future__ import annotations

import os
import signal

import pytest

from srm_check.pipeline.pool import OrderedWorkers, WorkerDied


def _square(value: int) -> int:
    return value * value


def _fail_on_seven(value: int) -> int:
    if value == 7:
        raise ValueError("seven")
    return value


def _die_on_five(value: int) -> int:
    if value == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return value


@pytest.mark.parametrize(("count", "chunk"), [(2, 1), (3, 4), (4, 64), (2, 100)])
def test_results_come_in_the_order_of_the_items(count: int, chunk: int) -> None:
    items = list(range(23))
    pool = OrderedWorkers(_square, items, count, chunk)
    try:
        assert list(pool) == [value * value for value in items]
    finally:
        pool.stop()


def test_an_exception_in_a_worker_is_raised_in_the_main_process() -> None:
    pool = OrderedWorkers(_fail_on_seven, list(range(10)), 2, 2)
    try:
        with pytest.raises(ValueError, match="seven"):
            list(pool)
    finally:
        pool.stop()


def test_a_killed_worker_ends_the_run_instead_of_hanging() -> None:
    pool = OrderedWorkers(_die_on_five, list(range(10)), 2, 1)
    try:
        with pytest.raises(WorkerDied, match="killed by signal 9"):
            list(pool)
    finally:
        pool.stop()


def test_stop_leaves_no_worker_running() -> None:
    pool = OrderedWorkers(_square, list(range(10_000)), 2, 10)
    first = next(iter(pool))
    pool.stop()
    assert first == 0
    assert all(not process.is_alive() for process in pool._processes)
