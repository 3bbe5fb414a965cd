"""What the export tests share: the hostile-text fixture's items, and the real consumers'
set-up (khal's temporary config, optional Python readers). Fixtures: export_fixtures.py."""

from __future__ import annotations

import importlib
import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import need_tool

from confcli.model import Item, Session

SCHEMA = Path(__file__).parent / "schemas" / "c3voc-schedule.schema.json"
EPOCH_2024 = "1704067200"  # SOURCE_DATE_EPOCH used by the tests: 2024-01-01T00:00:00Z
PDT = timezone(timedelta(hours=-7), "PDT")


def at(hour: int, minute: int) -> datetime:
    return datetime(2021, 5, 5, hour, minute, tzinfo=PDT)


# --- hostile text -------------------------------------------------------------------------

HOSTILE_SESSION = 'Séance "1"; 2, =3 \\ ⟨hostile⟩'
HOSTILE_ITEMS = [
    dict(
        kind="oral",
        title='Commas, semicolons; "quotes" and \\backslashes\\',
        authors=('O\'Neil, "Zed" Jr.', "Ann\\Backslash"),
        abstract='First line,\nsecond line; "quoted"\n\nafter a blank line\\',
        room='Hall "A", level; 2',
        url="https://example.org/paper?id=1&x=(2)",
        links=(("pdf", "https://example.org/p 1.pdf"),),
    ),
    dict(
        kind="spotlight",
        title="Bounds for $\\ell_1$ at $\\mathcal{O}(n^{-1/2})$: 50% \\emph{faster} & {braces}",
        authors=("Émile Ça", "Jürgen Groß"),
        abstract="We prove $\\|x\\|_2 \\le \\sqrt{n}\\,\\|x\\|_\\infty$ for $x \\in \\mathbb{R}^n$",
    ),
    dict(
        kind="poster",
        title="🚀 Rockets 👩🏽‍🔬 and مرحبا بالعالم / שלום עולם",
        authors=("محمد علي", "שרה כהן", "田中 太郎"),
        abstract="Mixed \u200fRTL\u200f text: العربية then English, 🎉.",
        poster="#7",
    ),
    dict(
        kind="oral",
        title='=HYPERLINK("http://evil.example/","click me")',
        authors=("+1 Plus", "-Minus", "@At"),
        abstract="=1+2",
        decision="-5% paper",
        award="@home",
    ),
    dict(
        kind="qa",
        title="\x1b[31mRed\x1b[0m alert\x07 and\ttab",
        authors=("Bell\x07Author",),
        abstract="ESC \x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\ end\rCR",
        room="Room\tB",
    ),
    dict(
        kind="break",
        title="# Not a heading *nor* _emphasis_ [nor](a link) <b>html</b> &amp; ~~strike~~ | pipe",
    ),
]
# Ten-minute slots from 03:00 PDT, one after another.
SLOT = timedelta(minutes=10)
HOSTILE_TIMES = [
    (at(3, 0) + n * SLOT, at(3, 0) + (n + 1) * SLOT) for n in range(len(HOSTILE_ITEMS))
]


def hostile_session() -> Session:
    items = tuple(
        Item(
            id=f"hostile{position}",
            session_id="iclr2021-hostile",
            session=HOSTILE_SESSION,
            position=position,
            start=start,
            end=end,
            conference="ICLR",
            year=2021,
            source="hostile.txt",
            **fields,
        )
        for position, (fields, (start, end)) in enumerate(
            zip(HOSTILE_ITEMS, HOSTILE_TIMES, strict=True), 1
        )
    )
    return Session(
        id="iclr2021-hostile", title=HOSTILE_SESSION, kind="session", conference="ICLR",
        year=2021, start=items[0].start, end=items[-1].end, items=items,
    )  # fmt: skip


# --- real consumers -------------------------------------------------------------------------


def need_module(name: str):
    """A Python consumer (duckdb): skipped when missing, except where CI installed it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CONFCLI_REQUIRE_CONSUMERS"):
            pytest.fail(f"{name} is required here (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")


KHAL_CONFIG = """\
[calendars]
[[confcli]]
path = {calendar}
type = calendar

[locale]
local_timezone = {zone}
default_timezone = {zone}
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[default]
default_calendar = confcli

[sqlite]
path = {database}
"""


class Khal:
    """Debian's khal against a throw-away config, calendar and database."""

    def __init__(self, folder: Path, zone: str):
        self.program = need_tool("khal")
        self.calendar = folder / "calendar"
        self.calendar.mkdir(parents=True)
        self.config = folder / "khal.conf"
        self.config.write_text(
            KHAL_CONFIG.format(calendar=self.calendar, zone=zone, database=folder / "khal.db")
        )
        self.env = {**os.environ, "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.program, "-c", str(self.config), *args],
            capture_output=True, text=True, timeout=60, env=self.env, stdin=subprocess.DEVNULL,
        )  # fmt: skip

    def import_file(self, path: Path) -> None:
        result = self.run("import", "--batch", str(path))
        assert result.returncode == 0, result.stderr
        assert "error" not in result.stderr.lower(), result.stderr

    def agenda(self, day: str, span: str = "1d") -> list[str]:
        """'start end title' per event, times in khal's local zone."""
        result = self.run("list", "--format", "{start} {end} {title}", day, span)
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if line[:1].isdigit()]
