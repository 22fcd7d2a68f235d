"""An ordered, streaming process-pool map: bounded work in flight, so memory stays flat."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

import cv2

from calligan.errors import CalliganError

In = TypeVar("In")
Out = TypeVar("Out")


def worker_count(requested: int) -> int:
    """`requested` processes, or every core this process may use when 0."""
    return requested or len(os.sched_getaffinity(0))


def ordered_map(fn: Callable[[In], Out], items: Iterable[In], *, workers: int, chunk: int = 32) -> Iterator[Out]:
    """`fn(item)` for every item, in input order.

    fn: a picklable function (module level, or a functools.partial of one).
    workers: processes; 1 runs in this process (no pickling, easiest to debug).
    chunk: items sent to a worker at once; amortises inter-process traffic.
    Pool.imap would drain `items` into its queue at once; here at most two chunks per worker are
    in flight, so a lazy `items` (bytes read from a zip) is held only a few hundred at a time.
    """
    if workers == 1:
        yield from map(fn, items)
        return
    iterator = iter(items)
    # forkserver: workers fork from a clean single-threaded server; forking this process directly
    # copies locks held by its threads (OpenCV's pool, tqdm's monitor) and can deadlock the workers.
    # ProcessPoolExecutor, not multiprocessing.Pool: the Pool's worker-handler thread counts the result
    # pipe among the things it waits on, so it spins while results queue up and spends this process's
    # CPU on every image.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_single_threaded) as pool:
        pending: deque = deque()
        try:
            while batch := list(itertools.islice(iterator, chunk)):
                pending.append(pool.submit(_run_batch, fn, batch))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool:
            raise CalliganError(
                "a worker process died (killed for memory, or crashed inside a native library); "
                "run again with one worker (--set prepare.workers=1) to see which input it was"
            ) from None


def _run_batch(fn: Callable[[In], Out], batch: list[In]) -> list[Out]:
    return [fn(item) for item in batch]


def _single_threaded() -> None:
    cv2.setNumThreads(1)  # one process per core already; OpenCV's own threads would oversubscribe
