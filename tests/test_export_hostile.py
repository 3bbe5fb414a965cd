"""Hostile page text (``,;"\\``, newlines, TeX, emoji, right-to-left text, ``=HYPERLINK``,
ANSI escapes) through every export format: it comes back intact, or neutralised where the
format demands (csv formulas, control characters in ics, md and schedule.json)."""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess

import pytest
from conftest import need_tool, run_cli
from export_support import HOSTILE_SESSION, SCHEMA, Khal, need_module

from confcli.model import ITEM_FIELDS
from confcli.render.jsonout import item_to_json

pytest_plugins = ["export_fixtures"]  # samples, hostile, stamped

# What the titles become where control characters are removed and lines are joined.
CLEAN_TITLES = [
    'Commas, semicolons; "quotes" and \\backslashes\\',
    "Bounds for $\\ell_1$ at $\\mathcal{O}(n^{-1/2})$: 50% \\emph{faster} & {braces}",
    "🚀 Rockets 👩🏽‍🔬 and مرحبا بالعالم / שלום עולם",
    '=HYPERLINK("http://evil.example/","click me")',
    "[31mRed[0m alert and tab",
    "# Not a heading *nor* _emphasis_ [nor](a link) <b>html</b> &amp; ~~strike~~ | pipe",
]
KINDS = ["Oral", "Spotlight", "Poster", "Oral", "Q&A", "Break"]


def export(*args: str) -> str:
    result = run_cli("export", *args)
    assert result.code == 0, result.stderr
    return result.stdout


def test_json_and_jsonl_keep_every_character(hostile):
    expected = [item_to_json(item) for item in hostile.items]
    assert json.loads(export("-f", "json")) == expected
    lines = export("-f", "jsonl").split("\n")
    assert lines[-1] == "" and len(lines) == 7
    assert [json.loads(line) for line in lines[:-1]] == expected


def test_jq_reads_the_hostile_json(hostile):
    checks = {
        '.[3].title == "=HYPERLINK(\\"http://evil.example/\\",\\"click me\\")"': "json",
        '.[4].title == "\\u001b[31mRed\\u001b[0m alert\\u0007 and\\ttab"': "json",
        '.[2].authors == ["محمد علي", "שרה כהן", "田中 太郎"]': "json",
        '.[0].abstract | test("^First line,\\nsecond line; \\"quoted\\"\\n\\nafter")': "json",
        '.[1].title | contains("$\\\\ell_1$")': "jsonl",  # read with --slurp
    }
    jq = need_tool("jq")
    for program, fmt in checks.items():
        slurp = ["--slurp"] if fmt == "jsonl" else []
        result = subprocess.run([jq, "-e", *slurp, program], input=export("-f", fmt),
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0 and result.stdout == "true\n", (program, result)


def cells(record: dict) -> list[str]:
    values = {**record, "authors": "; ".join(record["authors"])}
    values["links"] = "; ".join(f"{name}={url}" for name, url in record["links"].items())
    return ["" if values[name] is None else str(values[name]) for name in ITEM_FIELDS]


def test_csv_keeps_the_text_and_guards_formulas(hostile):
    rows = list(csv.reader(io.StringIO(export("-f", "csv"), newline="")))
    plain = list(csv.reader(io.StringIO(export("-f", "csv", "--no-formula-guard"), newline="")))
    expected = [cells(item_to_json(item)) for item in hostile.items]
    assert plain[1:] == expected
    column = {name: index for index, name in enumerate(ITEM_FIELDS)}
    formula = rows[4]
    assert formula[column["title"]] == "'" + '=HYPERLINK("http://evil.example/","click me")'
    assert formula[column["authors"]] == "'+1 Plus; -Minus; @At"
    assert formula[column["abstract"]] == "'=1+2"
    assert (formula[column["decision"]], formula[column["award"]]) == ("'-5% paper", "'@home")
    guarded = {(4, column[name]) for name in ("title", "authors", "abstract", "decision", "award")}
    for row_number, row in enumerate(rows[1:], 1):
        for index, cell in enumerate(row):
            want = expected[row_number - 1][index]
            assert cell == ("'" + want if (row_number, index) in guarded else want)


def test_duckdb_reads_the_hostile_csv(hostile, tmp_path):
    duckdb = need_module("duckdb")
    target = tmp_path / "hostile.csv"
    assert run_cli("export", "-o", str(target), "--no-formula-guard").code == 0
    rows = duckdb.read_csv(str(target), header=True, all_varchar=True).fetchall()
    expected = [cells(item_to_json(item)) for item in hostile.items]
    assert rows == [tuple(cell or None for cell in row) for row in expected]


def test_ics_escapes_folds_and_strips_control_characters(hostile):
    from icalendar import Calendar

    text = export("-f", "ics")
    raw = text.encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded by the library
    assert not any(ord(char) < 32 and char not in "\r\n" for char in text)
    assert "\n" not in text.replace("\r\n", "")
    events = Calendar.from_ical(text).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        f"{kind}: {title}" for kind, title in zip(KINDS, CLEAN_TITLES, strict=True)
    ]
    assert [str(e["UID"]) for e in events] == [
        f"hostile{n}-{item.kind}@confcli" for n, item in enumerate(hostile.items, 1)
    ]
    first, *_, qa, _ = events
    assert str(first["LOCATION"]) == 'Hall "A", level; 2'
    assert str(first["DESCRIPTION"]) == (
        f'Authors: O\'Neil, "Zed" Jr., Ann\\Backslash\nSession: {HOSTILE_SESSION}\n\n'
        'First line,\nsecond line; "quoted"\n\nafter a blank line\\\n\n'
        "page: https://example.org/paper?id=1&x=(2)\npdf: https://example.org/p 1.pdf"
    )
    assert str(first["URL"]) == "https://example.org/paper?id=1&x=(2)"
    assert str(events[2]["LOCATION"]) == "#7"
    assert "Mixed \u200fRTL\u200f text: العربية then English, 🎉." in str(events[2]["DESCRIPTION"])
    assert str(qa["LOCATION"]) == "Room B"
    assert str(qa["DESCRIPTION"]).endswith("ESC ]8;;http://evil/\\link]8;;\\ end\nCR")


def test_khal_accepts_the_hostile_calendar(hostile, tmp_path):
    calendar = tmp_path / "hostile.ics"
    calendar.write_text(export("-f", "ics"), encoding="utf-8", newline="")
    khal = Khal(tmp_path / "khal", "America/Los_Angeles")
    khal.import_file(calendar)
    agenda = khal.agenda("2021-05-05")
    assert [line[:33] for line in agenda] == [
        f"2021-05-05 03:{m}0 2021-05-05 0{3 + (m + 1) // 6}:{(m + 1) % 6}0" for m in range(6)
    ]
    assert [line[34:] for line in agenda[:4]] == [
        f"{kind}: {title}" for kind, title in zip(KINDS, CLEAN_TITLES[:4], strict=False)
    ]


@pytest.fixture
def markdown():
    from markdown_it import MarkdownIt  # CommonMark, with GitHub's strikethrough and tables

    return MarkdownIt("commonmark").enable(["strikethrough", "table"])


def test_markdown_renders_the_text_as_written(hostile, markdown):
    text = export("-f", "md")
    assert len(text.splitlines()) == 14  # title, zone, day, session, blank lines; six items
    rendered = markdown.render(text)
    for title in CLEAN_TITLES:
        assert f"<strong>{html.escape(title, quote=False)}</strong>" in rendered.replace(
            "&quot;", '"'
        ), title
    assert f"<h3>{html.escape(HOSTILE_SESSION, quote=False)}</h3>" in rendered.replace(
        "&quot;", '"'
    )
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == 1
    assert rendered.count("<li>") == 6 and "<b>" not in rendered and "<s>" not in rendered
    assert rendered.count("<em>") == 2 and "<em>@home</em>" in rendered  # zone, award
    assert rendered.count("<a href") == 2
    assert '<a href="https://example.org/paper?id=1&amp;x=%282%29">page</a>' in rendered
    assert '<a href="https://example.org/p%201.pdf">pdf</a>' in rendered
    assert "— O'Neil, &quot;Zed&quot; Jr., Ann\\Backslash" in rendered
    assert "— محمد علي, שרה כהן, 田中 太郎" in rendered


def test_schedule_json_validates_with_clean_text(hostile):
    import jsonschema

    document = json.loads(export("-f", "frab"))
    jsonschema.validate(document, json.loads(SCHEMA.read_text()),
                        format_checker=jsonschema.FormatChecker())  # fmt: skip
    (day,) = document["schedule"]["conference"]["days"]
    by_room = [event for events in day["rooms"].values() for event in events]
    events = sorted(by_room, key=lambda event: event["date"])
    assert [event["title"] for event in events] == CLEAN_TITLES
    assert [event["room"] for event in events] == [
        'Hall "A", level; 2', HOSTILE_SESSION, HOSTILE_SESSION, HOSTILE_SESSION, "Room B",
        HOSTILE_SESSION,
    ]  # fmt: skip
    assert [p["name"] for p in events[2]["persons"]] == ["محمد علي", "שרה כהן", "田中 太郎"]
    assert events[4]["persons"] == [{"name": "BellAuthor", "public_name": "BellAuthor"}]
    assert events[0]["abstract"] == 'First line,\nsecond line; "quoted"\n\nafter a blank line\\'
    assert events[0]["links"] == [
        {"type": "paper", "url": "https://example.org/p 1.pdf", "title": "pdf"}
    ]
    assert events[3]["description"] == "-5% paper · @home"
