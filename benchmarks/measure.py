"""Timing commands the way a user runs them: each run a fresh process, its wall time from
time.perf_counter and its own peak memory from the kernel (os.wait4's rusage, the
per-child form of getrusage(RUSAGE_CHILDREN))."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
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
    """A command line, what to do before each run (untimed), and where its output goes."""

    argv: Sequence[str]
    before: Callable[[], None] | None = None
    stdin_path: str | None = None


def run_once(command: Command, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one run in a fresh process."""
    if command.before:
        command.before()
    stdin = open(command.stdin_path, "rb") if command.stdin_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return seconds, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is in KiB on Linux


def measure(command: Command, runs: int, warmup: int = 1, env=None) -> Timing:
    """Median of ``runs`` timed runs after ``warmup`` untimed ones (warm file cache)."""
    for _ in range(warmup):
        run_once(command, env)
    results = [run_once(command, env) for _ in range(max(1, runs))]
    codes = {code for _, _, code in results}
    return Timing(
        seconds=statistics.median(seconds for seconds, _, _ in results),
        peak_mb=max(peak for _, peak, _ in results),
        runs=len(results),
        exit_code=max(codes, key=abs),
    )


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
