"""Sessions written in every input shape confcli reads: the rendered text of the three
sample shapes (docs/formats.md §1), HTML (tests/pagegen) and the sites' JSON feed (§4).

The text writers reproduce the samples line for line (chrome, blank lines, separators), so
the benchmarks time the readers on the pages users really save.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from confcli.model import Item, Session, digest

CHROME_TOP = "Skip to yearly menu bar Skip to main content\n\n"
PUBLIC_BANNER = (
    "This is the public, feature-limited version of the conference webpage. After "
    "Registration and login please visit the full version.\n\n"
)
TRACK_NOTES = "Each Oral includes Q&A\nSpotlights have joint Q&As"
ROCKETCHAT = "To ask questions please use rocketchat, available only upon registration and login."
PRESENTATIONS = {"in-person": "In-Person Poster presentation", "virtual": "Virtual presentation"}
KIND_LABELS = {"oral": "Oral", "spotlight": "Spotlight", "poster": "Poster", "qa": "Q&A"}


def text_shape(session: Session) -> str:
    """The rendered-text shape a session is saved in: by what its slots carry."""
    if session.items and all(item.poster for item in session.items):
        return "poster-session"
    if session.start and session.kind is None:
        return "track-page"
    return "timed-session"


def session_text(session: Session) -> str:
    """The page as copied from a browser: like the samples, without a final newline."""
    writers = {
        "timed-session": timed_session_text,
        "poster-session": poster_session_text,
        "track-page": track_page_text,
    }
    return writers[text_shape(session)](session).rstrip("\n")


# --- A: timed session (ICLR 2021, ICML 2022) -------------------------------------------------


def slot_time(start: datetime, end: datetime) -> str:
    """'Thu 21 July 7:30 - 7:35 PDT', as ICML 2022 prints a slot."""
    return f"{start:%a} {start.day} {start:%B} {start:%-H:%M} - {end:%-H:%M} {end.tzname()}"


def chairs_line(chairs: tuple[str, ...]) -> str:
    label = "Moderators" if len(chairs) > 1 else "Moderator"
    return f"{label}: {' · '.join(chairs)}\n\n" if chairs else ""


def session_head(session: Session) -> str:
    room = f"{session.room}\n\n" if session.room else ""
    return (
        f"{CHROME_TOP}\nSession\n\n{session.title}\n\n{room}{chairs_line(session.chairs)}"
        "Abstract:\n\nChat is not available.\n\n"
    )


def paper_details(item: Item, separator: str = " · ", gap: str = "\n") -> str:
    """The author line and the abstract, each followed by ``gap`` (a blank line, or none)."""
    authors = f"{separator.join(item.authors)}\n{gap}" if item.authors else ""
    abstract = f"{item.abstract}\n{gap}" if item.abstract else ""
    return authors + abstract


def paper_lines(item: Item) -> str:
    return f"{item.title}\n\n{paper_details(item)}"


def timed_slot(item: Item) -> str:
    head = f"{slot_time(item.start, item.end)}\n\n{KIND_LABELS.get(item.kind, item.kind)}\n"
    if item.kind == "qa":
        return f"{head}{item.title}\n\n"
    return head + paper_lines(item)


def timed_session_text(session: Session) -> str:
    return session_head(session) + "".join(timed_slot(item) for item in session.items)


# --- B: poster session (ICLR 2023) -----------------------------------------------------------


def poster_block(item: Item) -> str:
    presentation = PRESENTATIONS[item.presentation or "in-person"]
    award = f"{item.award}\n" if item.award else ""
    head = f"\n{presentation} / {item.decision}\n{item.poster}\n{award}"
    return head + paper_lines(item)


def poster_session_text(session: Session) -> str:
    return session_head(session) + "".join(poster_block(item) for item in session.items)


# --- C: track page (NeurIPS 2020) ------------------------------------------------------------


def iso_range(start: datetime, end: datetime) -> str:
    return f"{start.isoformat()} - {end.isoformat()}"


def track_slot(item: Item) -> str:
    when = iso_range(item.start, item.end)
    if item.kind == "break":
        return f"{when}\nBreak\n"
    if item.kind == "qa":
        return f"{when}\nQ&A: {item.title}\n"
    label = f"{item.position} - {KIND_LABELS[item.kind]}: {item.title}"
    return f"{when}\n{label}\n{paper_details(item, ', ', '')}"


def track_page_text(session: Session) -> str:
    head = (
        f"{PUBLIC_BANNER}{session.title}\n\n{session.abstract or TRACK_NOTES}\n\n"
        f"Time\n\n{iso_range(session.start, session.end)}\n\n"
        f"Session chairs\n\n{', '.join(session.chairs)}\n\n"
        f"Video\n\nChat\n\n{ROCKETCHAT}\n\nSchedule\n\n"
    )
    return head + "".join(track_slot(item) for item in session.items)


# --- the JSON feed ---------------------------------------------------------------------------

FEED_KINDS = {"oral": "Oral", "spotlight": "Spotlight", "poster": "Poster"}
DECISIONS = {"oral": "Accept (oral)", "spotlight": "Accept (spotlight)"}


def feed_name(conference: str, year: int) -> str:
    return f"{conference.lower()}-{year}-orals-posters.json"


def feed_text(sessions: list[Session]) -> str:
    """The whole conference as the site's feed: every paper slot an event; an oral points
    at its poster (``related_events_ids``) when the same paper has one."""
    papers = [item for session in sessions for item in session.items if item.kind in FEED_KINDS]
    ids = {item.id: 10000 + index for index, item in enumerate(papers)}
    posters = {item.title: ids[item.id] for item in papers if item.kind == "poster"}
    records = [feed_record(item, ids[item.id], posters) for item in papers]
    document = {"count": len(records), "next": None, "previous": None, "results": records}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def feed_record(item: Item, event_id: int, posters: dict[str, int]) -> dict:
    """One event in the record shape of tests/fixtures/make_feed.py (docs/formats.md §4)."""
    forum = digest("forum", item.title, length=10)
    kind = FEED_KINDS[item.kind]
    poster_id = posters.get(item.title)
    related = [poster_id] if poster_id and poster_id != event_id else []
    return {
        "id": event_id,
        "uid": digest("uid", event_id, item.id, length=32),
        "name": escape(item.title),
        "authors": [feed_author(name, item.year) for name in item.authors],
        "abstract": item.abstract or "",
        "topic": None,
        "keywords": [],
        "decision": DECISIONS.get(item.kind, "Accept (poster)"),
        "session": item.session,
        "eventtype": kind,
        "event_type": kind,
        "room_name": item.room,
        "virtualsite_url": f"/virtual/{item.year}/{item.kind}/{event_id}",
        "url": None,
        "sourceid": event_id - 1000,
        "sourceurl": f"https://openreview.net/forum?id={forum}",
        "paper_url": f"https://openreview.net/forum?id={forum}",
        "paper_pdf_url": f"https://openreview.net/pdf?id={forum}",
        "starttime": item.start and item.start.isoformat(),
        "endtime": item.end and item.end.isoformat(),
        "poster_position": item.poster or "",
        "related_events": [],
        "related_events_ids": related,
        "visible": True,
        "eventmedia": [],
    }


def feed_author(name: str, year: int | None) -> dict:
    person = int(digest("person", name, length=6), 16) % 90000 + 10000
    return {
        "id": person,
        "fullname": escape(name),  # the sites escape names: O&#x27;Brien
        "url": f"/virtual/{year}/author/{person}",
        "institution": None,
    }
