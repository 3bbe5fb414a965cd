"""A generated conference week for the agenda: parallel oral sessions in two rooms, and each
day's orals again as posters in the hall (an oral and its poster share a paper id), plus
posters of their own. Deterministic; ``moved`` shifts one talk in time and room, as a
refreshed programme would."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from confcli import model
from confcli.model import Item, Session

PDT = timezone(timedelta(hours=-7), "PDT")
FIRST_DAY = datetime(2025, 7, 15, tzinfo=PDT)
DAYS = 3
ORALS = 4  # per oral session, 15 minutes each
ROOMS = ("Room A", "Room B")
BLOCKS = ((10, 0), (14, 0))  # oral sessions start at these times, one per room
POSTERS_AT = (11, 30)  # the day's poster session, 11:30-13:30 in the hall
EXTRA_POSTERS = 4  # per day, papers with a poster only


def paper_title(day: int, block: int, room: int, n: int) -> str:
    return f"Paper d{day} b{block} r{room} n{n}: Efficient Agendas"


def _session(title: str, kind: str, room: str, start: datetime, hours: float) -> Session:
    return Session(
        id=model.session_id("ICML", 2025, title),
        title=title,
        kind=kind,
        conference="ICML",
        year=2025,
        room=room,
        start=start,
        end=start + timedelta(hours=hours),
    )


def _item(
    session: Session,
    kind: str,
    title: str,
    n: int,
    start: datetime,
    minutes: int,
    room: str | None,
    poster: str | None = None,
) -> Item:
    return Item(
        id=model.item_id("ICML", 2025, None, session.id, kind, title, 0),
        kind=kind,
        title=title,
        session_id=session.id,
        session=session.title,
        position=n + 1,
        authors=("Ada Okafor", "Bo Li"),
        start=start,
        end=start + timedelta(minutes=minutes),
        room=room,
        poster=poster,
        conference="ICML",
        year=2025,
        paper_id=model.paper_id(title),
    )


def week(moved: str | None = None) -> list[Session]:
    """The sessions; ``moved``: the title of an oral that moved an hour later to Room C."""
    sessions = []
    for day in range(DAYS):
        date = FIRST_DAY + timedelta(days=day)
        titles = []
        for block, (hour, minute) in enumerate(BLOCKS):
            for room_number, room in enumerate(ROOMS):
                start = date.replace(hour=hour, minute=minute)
                name = f"Oral Session {day + 1}{'AB'[block]} {room}"
                session = _session(name, "oral-session", room, start, 1)
                items = []
                for n in range(ORALS):
                    title = paper_title(day, block, room_number, n)
                    titles.append(title)
                    slot_start, slot_room = start + timedelta(minutes=15 * n), room
                    if title == moved:
                        slot_start, slot_room = slot_start + timedelta(hours=1), "Room C"
                    items.append(_item(session, "oral", title, n, slot_start, 15, slot_room))
                sessions.append(replace(session, items=tuple(items)))
        titles += [f"Poster only d{day} n{n}: Quiet Results" for n in range(EXTRA_POSTERS)]
        start = date.replace(hour=POSTERS_AT[0], minute=POSTERS_AT[1])
        hall = _session(f"Poster Session {day + 1}", "poster-session", "Hall E", start, 2)
        posters = tuple(
            _item(hall, "poster", title, n, start, 120, "Hall E", f"#E-{100 + n}")
            for n, title in enumerate(titles)
        )
        sessions.append(replace(hall, items=posters))
    return sessions


def week_json(moved: str | None = None) -> str:
    """The week as confcli's own JSON (what `list --json` prints and `parse` reads)."""
    from confcli.render.jsonout import dumps, sessions_json

    return dumps(sessions_json(week(moved)))
