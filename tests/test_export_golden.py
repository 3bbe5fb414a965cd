"""Golden exports of the samples (and the hostile fixture) in every format, compared byte
for byte; rewrite with `python -m pytest --update-golden` after a reviewed change.
SOURCE_DATE_EPOCH is set, as it would be for a reproducible export."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

pytest_plugins = ["export_fixtures"]  # samples, hostile, stamped

GOLDEN = Path(__file__).parent / "golden" / "export"
# The item-per-record formats take a slice of every timed session (the parse goldens hold
# every field of every item already); the programme-shaped ones take all the samples.
SLICE = ["--kind", "oral", "--kind", "qa", "--kind", "break"]
CASES = {
    "json": ["-f", "json", *SLICE],
    "nested.json": ["-f", "json", "--nested", "--kind", "oral"],
    "jsonl": ["-f", "jsonl", *SLICE],
    "csv": ["-f", "csv", *SLICE],
    "ics": ["-f", "ics", "--sessions"],
    "orals-berlin.ics": ["-f", "ics", "--kind", "oral", "--tz", "Europe/Berlin"],
    "md": ["-f", "md"],
    "schedule.json": ["-f", "frab"],
    "schedule.xml": ["-f", "frab-xml"],
}
HOSTILE_CASES = {
    "json": ["-f", "json"],
    "jsonl": ["-f", "jsonl"],
    "csv": ["-f", "csv"],
    "ics": ["-f", "ics"],
    "md": ["-f", "md"],
    "schedule.json": ["-f", "frab"],
    "schedule.xml": ["-f", "frab-xml"],
}


def check_golden(name: str, args: list[str], update: bool) -> None:
    result = run_cli("export", *args)
    assert result.code == 0, result.stderr
    data = result.stdout.encode("utf-8")
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert data == golden.read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_golden_export_of_the_samples(samples, stamped, update_golden, case):
    check_golden(f"samples.{case}", CASES[case], update_golden)


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_golden_export_of_hostile_text(hostile, stamped, update_golden, case):
    check_golden(f"hostile.{case}", HOSTILE_CASES[case], update_golden)
