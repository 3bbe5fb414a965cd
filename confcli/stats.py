"""`confcli stats`: per session, what was parsed and what is missing, so a user sees at a
glance whether a parse went right."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from confcli.store.library import Library

# Q&As and breaks have no authors or abstract by nature; they do not count as missing them.
NOT_PAPERS = ("qa", "break")

STATS_SQL = f"""
SELECT s.id, s.conference, s.year, s.title,
       count(items.id) AS items,
       sum(items.award IS NOT NULL) AS awards,
       min(items.start) AS first_start, max(items."end") AS last_end,
       sum(items.kind NOT IN {NOT_PAPERS} AND items.authors = '') AS no_authors,
       sum(items.kind NOT IN {NOT_PAPERS} AND items.abstract IS NULL) AS no_abstract,
       sum(items.start IS NULL) AS no_time
FROM sessions s JOIN items ON items.session_id = s.id
WHERE {{where}}
GROUP BY s.id ORDER BY datetime(s.start) IS NULL, datetime(s.start), s.conference, s.year, s.title
"""
KINDS_SQL = """
SELECT items.session_id, items.kind, count(*) FROM items WHERE {where}
GROUP BY items.session_id, items.kind ORDER BY items.session_id, count(*) DESC, items.kind
"""


@dataclass
class SessionStats:
    session_id: str
    conference: str | None
    year: int | None
    title: str
    items: int
    awards: int
    start: datetime | None
    end: datetime | None
    missing: dict[str, int]
    kinds: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        data = dict(self.__dict__)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat() if self.end else None
        return data


def session_stats(library: Library, where: str = "1", params: tuple = ()) -> list[SessionStats]:
    """Stats of the items an (items-table) SQL condition selects, per session."""
    rows = library.connection.execute(STATS_SQL.format(where=where), params).fetchall()
    found = [_stats(row) for row in rows]
    kinds = library.connection.execute(KINDS_SQL.format(where=where), params)
    by_id = {stats.session_id: stats for stats in found}
    for session_id, kind, count in kinds:
        if session_id in by_id:
            by_id[session_id].kinds[kind] = count
    return found


def _stats(row) -> SessionStats:
    return SessionStats(
        session_id=row[0], conference=row[1], year=row[2], title=row[3], items=row[4],
        awards=row[5], start=_time(row[6]), end=_time(row[7]),
        missing={"authors": row[8], "abstract": row[9], "time": row[10]},
    )  # fmt: skip


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
