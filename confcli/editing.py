"""What `library remove` and `library set-time` do, below the command line: find the
sessions a user names, check the change makes sense, and have the library make it (one
transaction each, confcli.store.edits). What changed comes back, for the CLI to report
(and for a change log to record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from confcli.app import find_sessions
from confcli.errors import NotFoundError, TimeParseError, UsageError
from confcli.model import Session
from confcli.store import Library
from confcli.store.edits import TimeSet
from confcli.times import parse_typed_time


@dataclass(frozen=True)
class Narrowing:
    """--conference and --year: which of several sessions of one title is meant."""

    conference: str | None = None
    year: int | None = None

    def keeps(self, session: Session) -> bool:
        wanted = (self.conference or "").casefold()
        if wanted and (session.conference or "").casefold() != wanted:
            return False
        return self.year is None or session.year == self.year


def sessions_named(library: Library, names: list[str], narrowing: Narrowing) -> list[Session]:
    """Each name's one session (by id, title or unique title prefix; --conference and
    --year choose among sessions of one title), in the order named, each once."""
    found: dict[str, Session] = {}
    for name in names:
        session = session_named(library, name, narrowing)
        found.setdefault(session.id, session)
    return list(found.values())


def session_named(library: Library, name: str, narrowing: Narrowing) -> Session:
    matches = [s for s in find_sessions(library, name) if narrowing.keeps(s)]
    if not matches:
        raise NotFoundError(f"no session {name!r} in {_narrowing_text(narrowing)}")
    if len(matches) > 1:
        places = ", ".join(describe(session) for session in matches)
        raise UsageError(
            f"{name!r} names {len(matches)} sessions ({places}): "
            "choose with --conference/--year, or give a session id"
        )
    return matches[0]


def _narrowing_text(narrowing: Narrowing) -> str:
    given = " ".join(str(part) for part in (narrowing.conference, narrowing.year) if part)
    return given or "the library"


def describe(session: Session) -> str:
    """'Oral Session 7 (ICLR 2021, 16 items, id iclr2021-oral-session-7-5d41a2)'."""
    where = " ".join(str(part) for part in (session.conference, session.year) if part)
    facts = [where, f"{len(session.items)} items", f"id {session.id}"]
    return f"{session.title} ({', '.join(fact for fact in facts if fact)})"


# --- set-time -----------------------------------------------------------------------------


def set_time(
    library: Library, session: Session, start_text: str, end_text: str, zone: tzinfo
) -> TimeSet:
    """Gives a session whose page has no times a start and end of the user's. Times without
    a zone are in ``zone``; an end given as a clock time is on the start's day."""
    if _page_gives_times(library, session):
        raise UsageError(
            f"{session.title!r} has times from its page; set-time is for sessions without any"
        )
    start = _moment(start_text, "START", zone)
    end = _end(end_text, start)
    if end <= start:
        raise UsageError(f"END ({end_text!r}) is not after START ({start_text!r})")
    return library.set_session_time(session.id, start, end)


def _page_gives_times(library: Library, session: Session) -> bool:
    if library.hand_time(session.id) is not None:
        return False  # the times it has are the user's: they may be set again
    return session.start is not None or any(item.start for item in session.items)


def _moment(text: str, what: str, zone: tzinfo) -> datetime:
    try:
        found = parse_typed_time(text, zone)
    except TimeParseError:
        found = None
    if not isinstance(found, datetime):
        raise UsageError(f"{what}: not a date and time: {text!r} (e.g. '2023-05-02 11:30')")
    return found


def _end(text: str, start: datetime) -> datetime:
    try:
        found = parse_typed_time(text, start.tzinfo)
    except TimeParseError:
        found = None
    if isinstance(found, time):
        return datetime.combine(start.date(), found, tzinfo=start.tzinfo)
    if isinstance(found, datetime):
        return found
    raise UsageError(f"END: not a time: {text!r} (e.g. 13:30, or '2023-05-02 13:30')")
