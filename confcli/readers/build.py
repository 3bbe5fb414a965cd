"""What every reader fills in (drafts) and how drafts become model objects.

Readers only find fields on a page; ids, kinds, conference and year are settled here once,
so every input shape gives the same ids and the same normalised values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from confcli import model
from confcli.model import Item, Session
from confcli.times import TimeContext

KNOWN_CONFERENCES = {
    "iclr": "ICLR", "icml": "ICML", "neurips": "NeurIPS", "nips": "NeurIPS", "mlsys": "MLSys",
    "cvpr": "CVPR", "iccv": "ICCV", "eccv": "ECCV", "aistats": "AISTATS", "colm": "COLM",
    "uai": "UAI", "corl": "CoRL", "colt": "COLT", "acl": "ACL", "emnlp": "EMNLP",
    "naacl": "NAACL", "aaai": "AAAI", "ijcai": "IJCAI", "kdd": "KDD", "midl": "MIDL",
}  # fmt: skip
# The virtual sites, for making a page's site-relative links absolute.
CONFERENCE_SITES = {
    "ICLR": "https://iclr.cc", "ICML": "https://icml.cc", "NeurIPS": "https://neurips.cc",
    "MLSys": "https://mlsys.org", "CVPR": "https://cvpr.thecvf.com",
    "ICCV": "https://iccv.thecvf.com",
}  # fmt: skip
CONFERENCE_NAME = re.compile(
    r"(?<![a-z])(" + "|".join(KNOWN_CONFERENCES) + r")[ _-]?((?:19|20)\d\d)", re.IGNORECASE
)


# Half a UTF-16 character: a '\ud800' escape in JSON, or an undecodable byte in a file
# name (os.fsdecode). Text holding one cannot be stored or printed as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """The text with each half character replaced by U+FFFD."""
    return SURROGATE.sub("\ufffd", text)


def conference_name(name: str) -> str:
    """'iclr' -> 'ICLR', 'neurips' -> 'NeurIPS'; other names are kept as written."""
    return KNOWN_CONFERENCES.get(name.lower(), name)


def conference_from_text(text: str) -> tuple[str, int] | None:
    """('ICLR', 2021) from 'iclr2021-oral-session-1.txt', 'ICML 2025', 'neurips_2020'."""
    match = CONFERENCE_NAME.search(text)
    return (conference_name(match[1]), int(match[2])) if match else None


@dataclass
class PageContext:
    """What is known about a page besides its text: where it came from and what the user
    said. ``conference``/``year`` from the user; ``name_hint`` from a file name."""

    source: str | None = None
    conference: str | None = None
    year: int | None = None
    name_hint: tuple[str, int] | None = None
    base_url: str | None = None
    today: date | None = None
    # Abstracts given alongside the page (a feed's ``-abstracts.json`` sidecar), by site id.
    abstracts: Mapping[str, str] = field(default_factory=dict)
    # The zone (IANA name) of times the page prints without one (--page-tz); it wins over
    # the venue table's guess, never over a zone the page states.
    page_zone: str | None = None

    def __post_init__(self) -> None:
        if self.source:  # a file name from the command line may hold undecodable bytes
            self.source = storable(self.source)

    def conference_and_year(self, found: tuple[str | None, int | None]) -> tuple:
        """The page's own word first, then the user's, then the file name's."""
        hint_conf, hint_year = self.name_hint or (None, None)
        conference = found[0] or self.conference or hint_conf
        year = found[1] or self.year or hint_year
        return conference, year

    def time_context(self, zone: tzinfo | None = None, page_year: int | None = None):
        return TimeContext(
            year=self.conference_and_year((None, page_year))[1], zone=zone, today=self.today
        )


@dataclass
class ItemDraft:
    kind_label: str
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    room: str | None = None
    poster: str | None = None
    decision: str | None = None
    presentation: str | None = None
    award: str | None = None
    url: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    site_id: str | None = None
    paper_id: str | None = None  # when the page links slots of one paper (feed), else by title


@dataclass
class SessionDraft:
    title: str
    kind: str | None = None
    room: str | None = None
    chairs: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    abstract: str | None = None
    url: str | None = None
    site_id: str | None = None
    conference: str | None = None
    year: int | None = None
    items: list[ItemDraft] = field(default_factory=list)


@dataclass
class ParsedPage:
    """A reader's result: the session, which shape it was read as, and what was missing."""

    session: Session
    shape: str
    warnings: list[str] = field(default_factory=list)
    # True when the page holds only some of its session's items (an items array read back):
    # they join the stored session instead of replacing it.
    partial: bool = False


def kind_of(label: str) -> str:
    """The item kind slug: 'Oral' -> 'oral', 'Q&A' -> 'qa', 'Spotlight Poster' -> ...;
    a poster presentation line ('In-Person Poster presentation') is a 'poster'."""
    text = label.strip()
    if re.search(r"\bpresentation\b", text, re.IGNORECASE):
        return "poster"
    return model.slug(text) or "item"


def presentation_of(text: str | None) -> str | None:
    """'In-Person Poster presentation' -> 'in-person', 'Virtual presentation' -> 'virtual'."""
    if not text:
        return None
    lowered = text.lower()
    for word in ("in-person", "virtual", "hybrid"):
        if word in lowered:
            return word
    return model.slug(re.sub(r"\bpresentation\b", "", lowered)) or None


def build_session(draft: SessionDraft, context: PageContext, shape: str) -> ParsedPage:
    conference, year = context.conference_and_year((draft.conference, draft.year))
    start, end = _span(draft)
    sid = model.session_id(conference, year, draft.title, draft.room, start)
    items = tuple(_build_items(draft, sid, conference, year, context.source))
    session = Session(
        id=sid,
        title=draft.title,
        kind=model.slug(draft.kind) or None if draft.kind else None,
        conference=conference,
        year=year,
        room=draft.room,
        chairs=tuple(draft.chairs),
        start=start,
        end=end,
        abstract=draft.abstract or None,
        url=draft.url,
        source=context.source,
        items=items,
    )
    return ParsedPage(session=session, shape=shape, warnings=missing_fields(session))


def _span(draft: SessionDraft) -> tuple[datetime | None, datetime | None]:
    """The session's own times, else the span of its slots."""
    if draft.start:
        return draft.start, draft.end
    starts = [item.start for item in draft.items if item.start]
    ends = [item.end for item in draft.items if item.end]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _build_items(draft: SessionDraft, sid: str, conference, year, source):
    seen: dict[tuple, int] = {}
    for position, raw in enumerate(draft.items, start=1):
        kind = kind_of(raw.kind_label)
        key = (kind, raw.title, raw.poster, raw.start, raw.site_id)
        seen[key] = occurrence = seen.get(key, -1) + 1
        identity = f"site:{raw.site_id}" if raw.site_id else sid
        yield Item(
            id=model.item_id(identity, kind, raw.title, raw.poster, raw.start, occurrence),
            kind=kind,
            title=raw.title,
            session_id=sid,
            session=draft.title,
            position=position,
            authors=tuple(raw.authors),
            abstract=raw.abstract or None,
            start=raw.start,
            end=raw.end,
            room=raw.room or draft.room,
            poster=raw.poster,
            decision=raw.decision,
            presentation=presentation_of(raw.presentation),
            award=raw.award,
            url=raw.url,
            links=tuple(raw.links.items()),
            conference=conference,
            year=year,
            source=source,
            paper_id=raw.paper_id or (model.paper_id(raw.title) if raw.authors else None),
        )


def missing_fields(session: Session) -> list[str]:
    """What a user should hear about: fields the page did not give."""
    warnings = []
    if not session.items:
        warnings.append("no items found on the page")
    papers = [item for item in session.items if item.kind not in ("qa", "break")]
    for label, count in (
        ("without authors", sum(1 for item in papers if not item.authors)),
        ("without an abstract", sum(1 for item in papers if not item.abstract)),
    ):
        if count:
            warnings.append(f"{count} item(s) {label}")
    if session.year is None:
        warnings.append("conference year unknown (give --year)")
    return warnings
