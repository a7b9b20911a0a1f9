"""Worker processes that each own a pipe: results come back in input order, and an interrupted
run stops them all without waiting on anything a dead worker held.

`multiprocessing.Pool` shares one lock-guarded result queue among its workers: a worker killed
while writing to it (SIGTERM to the whole process group, as CI cancels a job) leaves the lock
taken, and `Pool.terminate` then waits for ever. Here no lock is shared, so a worker's death is
seen as the end of its pipe, and stopping is a kill and a join.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from srm_check.core.problem import SrmError

if TYPE_CHECKING:  # multiprocessing costs ~10 ms of start-up: imported when workers start
    from multiprocessing.connection import Connection

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerDied(SrmError):
    """A worker ended without sending all its results (killed, or out of memory): the run cannot
    be trusted, which is exit 2 with the reason, not a crash."""

    def __init__(self, exitcode: int | None) -> None:
        how = f"killed by signal {-exitcode}" if exitcode is not None and exitcode < 0 else "ended"
        super().__init__(
            "usage",
            f"a worker process {how} before sending its results (out of memory?); "
            "run again, or with --jobs 1",
        )


class _Failure:
    """An exception raised in a worker, carried to the main process to be raised there."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def _leave(signum: int, _frame: object) -> None:
    """Exit by unwinding, as the main process does on SIGTERM; no worker traceback is printed."""
    raise SystemExit(128 + signum)


def _quiet() -> None:
    """A worker leaves Ctrl-C to the main process (which stops the workers) and leaves silently on
    SIGTERM or a closed pipe, so that an interrupted run prints no worker tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _leave)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _serve(
    function: Callable[[Item], Result], items: Sequence[Item], chunks: list[range], pipe: Connection
) -> None:
    """In a worker: the function of every item of its chunks, sent in order, then a last word."""
    _quiet()
    try:
        for chunk in chunks:
            pipe.send([function(items[index]) for index in chunk])
    except Exception as exc:
        pipe.send(_Failure(exc))


class OrderedWorkers(Generic[Item, Result]):
    """`function` over `items` in `count` forked processes, results yielded in the order of `items`.

    Chunks of `chunk` items go round-robin to the workers, so that the main process always knows
    which worker holds the next result; the forked workers see `items` and `function` as they
    were at the fork, so nothing but results crosses a pipe.
    """

    def __init__(
        self, function: Callable[[Item], Result], items: Sequence[Item], count: int, chunk: int
    ) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        bounds = [range(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
        self._bounds = bounds
        self._count = count
        self._pipes: list[Connection] = []
        self._processes: list[Any] = []
        for worker in range(count):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(
                target=_serve, args=(function, items, bounds[worker::count], writer), daemon=True
            )
            process.start()
            writer.close()
            self._pipes.append(reader)
            self._processes.append(process)

    def __iter__(self) -> Iterator[Result]:
        for number in range(len(self._bounds)):
            yield from self._receive(number % self._count)

    def _receive(self, worker: int) -> list[Result]:
        """The results of the worker's next chunk (one message per chunk: fewer, larger writes)."""
        try:
            message = self._pipes[worker].recv()
        except EOFError:
            process = self._processes[worker]
            process.join()
            raise WorkerDied(process.exitcode) from None
        if isinstance(message, _Failure):
            raise message.error
        return message  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Kill what still runs and wait for it: nothing shared can hold the main process."""
        for process in self._processes:
            if process.is_alive():
                process.kill()
        for process in self._processes:
            process.join()
        for pipe in self._pipes:
            pipe.close()
