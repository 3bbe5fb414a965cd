"""The data confcli keeps: sessions and the items (slots) in them.

Both are frozen dataclasses; their JSON shape (confcli.render.jsonout) is the one
documented in the README and versioned by ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

SCHEMA_VERSION = 1

ITEM_FIELDS = (
    "id", "kind", "title", "authors", "abstract", "start", "end", "room", "poster",
    "decision", "presentation", "award", "url", "links", "session", "session_id",
    "conference", "year", "position", "paper_id", "source", "site_id",
)  # fmt: skip
# Kept, shown, searched and in the JSON shape, but not csv/md columns unless --fields asks:
# a spreadsheet's columns stay as they were.
ITEM_DETAIL_FIELDS = ("topic", "keywords", "affiliations")
ALL_ITEM_FIELDS = ITEM_FIELDS + ITEM_DETAIL_FIELDS
SESSION_FIELDS = (
    "id", "kind", "conference", "year", "title", "room", "chairs", "start", "end",
    "abstract", "url", "source", "site_id",
)  # fmt: skip
# Kept in the library but in no output shape (JSON, CSV): a source's own record, verbatim.
STORED_ONLY = ("source_record",)


@dataclass(frozen=True, slots=True)
class Item:
    """One slot of a session: a paper (oral, spotlight, poster), a Q&A, a break, a talk."""

    id: str
    kind: str
    title: str
    session_id: str
    session: str
    position: int
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    room: str | None = None
    poster: str | None = None
    decision: str | None = None
    presentation: str | None = None
    award: str | None = None
    url: str | None = None
    # Links besides ``url`` (the slot's page), as (name, url) pairs in a fixed order:
    # ("paper", OpenReview forum), ("pdf", …), ("slides", …). A tuple keeps Item hashable.
    links: tuple[tuple[str, str], ...] = ()
    conference: str | None = None
    year: int | None = None
    paper_id: str | None = None
    source: str | None = None
    site_id: str | None = None  # the site's own event id, when the page gives one
    topic: str | None = None  # the site's subject area: 'Applications->Chemistry'
    keywords: tuple[str, ...] = ()
    # Each author's institution, in the order of ``authors`` ("" where unknown), or () when
    # the page names none: so an institution always stands beside its author.
    affiliations: tuple[str, ...] = ()
    # The event's own JSON object as its frab schedule wrote it (what confcli does not
    # model, kept verbatim so a frab export can give the file back); stored, never shown.
    source_record: str | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """A session page: its header and its items in page order."""

    id: str
    title: str
    kind: str | None = None
    conference: str | None = None
    year: int | None = None
    room: str | None = None
    chairs: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    abstract: str | None = None
    url: str | None = None
    source: str | None = None
    site_id: str | None = None  # the site's own id for the session, when the page gives one
    # A frab schedule's frame: the document with each event replaced by its guid.
    source_record: str | None = None
    items: tuple[Item, ...] = field(default=())


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset; the model never holds naive times."""
    return None if value is None else value.isoformat()


# --- durable identifiers -----------------------------------------------------------------
# An id names a slot or a session for as long as the conference keeps it: the same page
# parsed again, saved under another name or by a viewer in another time zone, or after the
# talk moved to another time or room, gives the same id. So ids hash what the site keeps
# (its own event id) or, without one, what a person would call the thing (its title), and
# never its time, room, poster number, place in a list or the file it was read from.


def digest(*parts: object, length: int = 12) -> str:
    """A short, stable hex digest of the parts (None and '' hash alike)."""
    from hashlib import sha1  # OpenSSL takes ~2.5 ms to load: only when ids are made

    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return sha1(text.encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """A lower-case ASCII slug: 'Q&A' -> 'qa', 'Spotlight Poster' -> 'spotlight-poster'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("&", ""))
    return "-".join(words)


def conference_prefix(conference: str | None, year: int | None) -> str:
    return f"{slug(conference or '') or 'conf'}{year or ''}"


WORD = re.compile(r"\w+")


def normalise_title(title: str) -> str:
    """'Q&A', 'q & a' -> 'q a': case, spacing and punctuation do not tell titles apart."""
    return " ".join(WORD.findall(title.casefold()))


def session_id(
    conference: str | None,
    year: int | None,
    title: str,
    site_id: str | None = None,
    day: date | None = None,
    occurrence: int = 0,
) -> str:
    """Readable and durable: 'iclr2021-oral-session-7-5d41a2'. The tail hashes the site's id
    for the session, else its title. ``day`` and ``occurrence`` are given only where one
    document holds several sessions of the title (a calendar with 'Tutorial Group 2' on two
    days; two of them on one day are told apart by their order)."""
    prefix = conference_prefix(conference, year)
    if site_id:
        key: tuple[object, ...] = ("site", site_id)
    else:
        key = ("title", normalise_title(title), day and day.isoformat(), occurrence or None)
    return f"{prefix}-{slug(title)[:48] or 'session'}-{digest(prefix, *key, length=6)}"


def day_of(start: datetime | None) -> date | None:
    """The UTC date of a start: the same whatever zone the page's viewer saved it in."""
    return None if start is None else start.astimezone(UTC).date()


def item_id(
    conference: str | None,
    year: int | None,
    site_id: str | None,
    session_id: str,
    kind: str,
    title: str,
    occurrence: int,
) -> str:
    """From the site's event id where the page gives one (the same event on any page has
    one id), else from its session's id (itself from the session's site id or title), its
    kind and its title. ``occurrence`` counts earlier slots of the session with the same
    ``slot_key`` (two Q&As, a card listed twice), so every slot of a session has its own id.
    The session's id rather than its title: a Q&A of two sessions of one title (on two
    days), or of one session read as HTML (site id) and as text (title), is not one slot."""
    key = slot_key(site_id, session_id, kind, title)
    return slot_id(conference_prefix(conference, year), key, occurrence)


def slot_key(site_id: str | None, session_id: str, kind: str, title: str) -> tuple[str, ...]:
    """What tells a slot from the other slots of its session, but for their order."""
    return ("site", site_id) if site_id else (session_id, kind, normalise_title(title))


def slot_id(prefix: str, key: tuple[str, ...], occurrence: int) -> str:
    """``item_id`` from its parts worked out (a reader works out the prefix once a session)."""
    return digest(prefix, *key, occurrence)


def paper_id(title: str) -> str:
    """The same paper on several pages (an oral and its poster) shares this id."""
    return digest("paper", normalise_title(title))
