"""The data confcli keeps: sessions and the items (slots) in them.

Both are frozen dataclasses; their JSON shape (confcli.render.jsonout) is the one
documented in the README and versioned by ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

SCHEMA_VERSION = 1

ITEM_FIELDS = (
    "id", "kind", "title", "authors", "abstract", "start", "end", "room", "poster",
    "decision", "presentation", "award", "url", "links", "session", "session_id",
    "conference", "year", "position", "paper_id", "source",
)  # fmt: skip
SESSION_FIELDS = (
    "id", "kind", "conference", "year", "title", "room", "chairs", "start", "end",
    "abstract", "url", "source",
)  # fmt: skip


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
    items: tuple[Item, ...] = field(default=())


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset; the model never holds naive times."""
    return None if value is None else value.isoformat()


def instant(value: datetime | None) -> str | None:
    """The moment in UTC: what ids hash, so a page saved by a viewer in another time zone
    (whose times carry another offset) gives the same ids."""
    return None if value is None else value.astimezone(UTC).isoformat()


# --- stable identifiers -------------------------------------------------------------------


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


def session_id(
    conference: str | None, year: int | None, title: str, room: str | None, start: datetime | None
) -> str:
    """Readable and stable: 'iclr2021-oral-session-7-5d41a2'; the digest keeps apart
    sessions of one name in other rooms or times (ICML has many 'Deep Learning')."""
    tail = digest(room, instant(start), length=6)
    return f"{conference_prefix(conference, year)}-{slug(title)[:48] or 'session'}-{tail}"


def normalise_title(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.casefold()))


def paper_id(title: str) -> str:
    """The same paper on several pages (an oral and its poster) shares this id."""
    return digest("paper", normalise_title(title))


def item_id(
    session_key: str,
    kind: str,
    title: str,
    poster: str | None,
    start: datetime | None,
    occurrence: int,
) -> str:
    """Stable across saves of a page: derived from content, never from a path or list index
    (``occurrence`` only separates slots that are otherwise identical, like two Q&As)."""
    return digest(session_key, kind, title, poster, instant(start), occurrence)
