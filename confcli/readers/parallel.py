"""Reading files on every core: pages are read (CPU-bound Python) in worker processes, one
per core, and come back in the order given; the parent stores them in one transaction.

Not worth it for one file or little input (starting workers and sending pages back costs
more than it saves): those are read in the process itself. Workers ignore Ctrl-C (the
parent handles it and ends them) and, on Linux, die with the parent (a parse killed with
SIGKILL leaves no worker behind).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

Outcome = TypeVar("Outcome")

MIN_BYTES = 2_000_000  # less input than this is read here (about 0.1 s of reading)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies

_job: tuple[Callable[..., Any], tuple[Any, ...]] | None = None  # in a worker: what to run


def worker_count(sources: list[str]) -> int:
    """How many worker processes to read these sources with; 0: read them here."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cores or 1) < 2 or len(sources) < 2 or not all(map(_plain_file, sources)):
        return 0
    size = sum(Path(source).stat().st_size for source in sources)
    return min(cores or 1, len(sources)) if size >= MIN_BYTES else 0


def _plain_file(source: str) -> bool:
    """A regular file on disk (not standard input, a URL or a FIFO, which are read once)."""
    try:
        return source != "-" and "://" not in source and Path(source).is_file()
    except OSError:
        return False


def outcomes(
    sources: list[str],
    read: Callable[..., Outcome],
    context: tuple[Any, ...],
    workers: int,
) -> Iterator[Outcome]:
    """``read(source, *context)`` for each source, in order: here, or in ``workers``
    processes. ``read`` is a module-level function (workers find it by name)."""
    if workers < 2:
        return (read(source, *context) for source in sources)
    return _in_pool(sources, read, context, workers)


def _in_pool(
    sources: list[str], read: Callable[..., Outcome], context: tuple[Any, ...], workers: int
) -> Iterator[Outcome]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork: the workers start with everything the parent has loaded and read, at once.
    pool = multiprocessing.get_context("fork" if "fork" in methods else "spawn").Pool(
        workers, initializer=_start_worker, initargs=(read, context)
    )
    try:
        yield from pool.imap(_run, sources, chunksize=1)
        pool.close()
    except BaseException:  # Ctrl-C, an error, or the reader stopped early: end them now
        pool.terminate()
        raise
    finally:
        pool.join()


def _start_worker(read: Callable[..., Any], context: tuple[Any, ...]) -> None:
    global _job
    _job = (read, context)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C ends
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when its parent dies, however it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: a worker ends when its queue closes
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _run(source: str) -> Any:
    assert _job is not None, "a worker runs only after _start_worker"
    read, context = _job
    return read(source, *context)
