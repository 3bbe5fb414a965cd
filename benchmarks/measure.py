"""Timing commands the way a user runs them: each run a fresh process, its wall time from
time.perf_counter and its own peak memory from the kernel (getrusage(RUSAGE_CHILDREN)
in a small process that does nothing but run it)."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Median wall time of the runs, the largest peak memory of any of them."""

    seconds: float
    peak_mb: float
    runs: int
    exit_code: int

    @property
    def ms(self) -> float:
        return self.seconds * 1000


@dataclass(frozen=True)
class Command:
    """A command line, and what to do before each run (untimed)."""

    argv: Sequence[str]
    before: Callable[[], None] | None = None


# Runs one command with no input and its output thrown away, and prints its wall time, its
# peak memory (MB) and exit code. It runs in a fresh, small process: a command started
# straight from the benchmark (large by then) would count the benchmark's memory in its
# peak, since Linux carries a process's high-water mark across fork and exec.
TIMER = r"""
import json, os, resource, sys, time
argv = json.loads(sys.argv[1])
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
_, status = os.waitpid(pid, 0)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
print(json.dumps([seconds, peak, os.waitstatus_to_exitcode(status)]))
"""


def run_once(command: Command, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one run in a fresh process."""
    if command.before:
        command.before()
    timer = [sys.executable, "-c", TIMER, json.dumps(list(command.argv))]
    result = subprocess.run(timer, env=env, capture_output=True, text=True, check=True)
    seconds, peak, code = json.loads(result.stdout)
    return seconds, peak, code


def measure(command: Command, runs: int, warmup: int = 1, env=None) -> Timing:
    """Median of ``runs`` timed runs after ``warmup`` untimed ones (warm file cache)."""
    for _ in range(warmup):
        run_once(command, env)
    return _timing([run_once(command, env) for _ in range(max(1, runs))])


def tool(name: str) -> str | None:
    """The path of an external tool, or None when it is not installed."""
    return shutil.which(name)


def version_of(name: str) -> str:
    path = tool(name)
    if path is None:
        return "missing"
    result = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return (
        (result.stdout or result.stderr).splitlines()[0].strip() if result.returncode == 0 else "?"
    )


def growth_exponent(sizes: Sequence[float], costs: Sequence[float]) -> float | None:
    """The least-squares slope of log(cost) over log(size): 1 is linear, below 1 is
    sub-linear. None with fewer than two distinct sizes."""
    import math

    points = [(math.log(s), math.log(c)) for s, c in zip(sizes, costs, strict=True) if s > 0 < c]
    if len({x for x, _ in points}) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def measure_adaptive(command: Command, runs: int, slow: float = 2.0, env=None) -> Timing:
    """Like measure, but a command slower than ``slow`` seconds is run once: its first
    run is the measurement. Otherwise the first run is the warm-up."""
    seconds, peak, code = run_once(command, env)
    if seconds > slow or runs <= 1:
        return Timing(seconds, peak, 1, code)
    return measure(command, runs, warmup=0, env=env)


def measure_pair(first: Command, second: Command, runs: int, env=None) -> tuple[Timing, Timing]:
    """Two commands timed in alternation (after one warm-up each), so that a change in the
    machine's load between them cannot make one look faster than it is."""
    for command in (first, second):
        run_once(command, env)
    results: tuple[list, list] = ([], [])
    for _ in range(max(1, runs)):
        for command, found in zip((first, second), results, strict=True):
            found.append(run_once(command, env))
    return _timing(results[0]), _timing(results[1])


def _timing(results: list[tuple[float, float, int]]) -> Timing:
    return Timing(
        seconds=statistics.median(seconds for seconds, _, _ in results),
        peak_mb=max(peak for _, peak, _ in results),
        runs=len(results),
        exit_code=max((code for _, _, code in results), key=abs),
    )
