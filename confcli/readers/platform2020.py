"""The 2020 virtual platform (ICML 2020's mini-conf site; real/README.md): the whole
conference as ``<conf>_papers.json`` beside its ``<conf>_calendar.json``.

The papers file lists each paper once, with the start times of its poster sessions
(``"2020-07-14 14:00:00+00:00"``, a space for the ``T``); a paper becomes one slot in each
of its sessions, the slots linked by one paper id. The calendar names the sessions and gives
their ends and kinds; read beside the papers (the sidecar found by its name, as a feed's
abstracts are), it names the poster sessions and adds its other sessions (tutorials, invited
talks, workshops), each holding one item of its kind. A calendar read alone gives the same
sessions, its poster sessions without their papers. Without the calendar, poster sessions
are named by their start and their ends are unknown. Neither file names the conference or
the year: they come from the calendar's links, the user, or the file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from confcli import model
from confcli.errors import BadInputError, TimeParseError
from confcli.readers.build import (
    CONFERENCE_SITES,
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_session,
    conference_name,
)
from confcli.readers.downloads import conference_and_year, paragraphs, squeeze
from confcli.readers.feed import file_name, load_json
from confcli.times import parse_iso

SHAPE = "platform2020"
HEAD_CHARS = 64 * 1024
PAPERS_HEAD = re.compile(r'\A\s*\[\s*\{[\s\S]*?"content"\s*:\s*\{[\s\S]*?"session"\s*:')
CALENDAR_HEAD = re.compile(r'\A\s*\[\s*\{[\s\S]*?"calendarId"\s*:')
PAPERS_SUFFIX, CALENDAR_SUFFIX = "_papers.json", "_calendar.json"
# The key under which the calendar beside a papers file reaches the reader, in
# PageContext.abstracts (sidecars.py): site ids are numbers, so it cannot collide.
CALENDAR_SIDECAR = "<calendar>"
# The calendar's calendarId -> the kind of what it lists ('---': plenary events).
CALENDAR_KINDS = {
    "poster": "Poster", "tutorial": "Tutorial", "invited": "Invited Talk",
    "workshop": "Workshop", "expo": "Expo", "social": "Social", "oral": "Oral",
}  # fmt: skip
POSTER = "poster"
UNSCHEDULED = "Posters (unscheduled)"


def sniff(head: str) -> bool:
    """The start of a papers file or of a calendar (a regex on the first 64 KiB)."""
    start = head[:HEAD_CHARS].lstrip("\ufeff")
    return bool(PAPERS_HEAD.match(start) or CALENDAR_HEAD.match(start))


def calendar_sidecar(text: str, source: str | None = None) -> dict[str, str] | None:
    """What a calendar beside its papers file gives the reader (sidecars.py); None when the
    text is not a calendar."""
    return {CALENDAR_SIDECAR: text} if CALENDAR_HEAD.match(text[:HEAD_CHARS]) else None


def read_platform2020(text: str, context: PageContext) -> list[ParsedPage] | None:
    """The sessions of a papers file (with its calendar, when given) or of a calendar."""
    start = text[:HEAD_CHARS].lstrip("\ufeff")
    if CALENDAR_HEAD.match(start) and not PAPERS_HEAD.match(start):
        alone = Calendar.read(text, "calendar", context.source)
        return _Programme(context, alone).pages(papers_read=False)
    if not PAPERS_HEAD.match(start):
        return None
    document = load_json(text, "papers file", context.source)
    if not isinstance(document, list):
        return None
    beside = context.abstracts.get(CALENDAR_SIDECAR)
    what = f"calendar beside the papers ({_calendar_name(context.source)})"
    calendar = Calendar.read(beside, what, context.source) if beside else None
    programme = _Programme(context, calendar)
    for record in document:
        programme.add_paper(record)
    return programme.pages(papers_read=True)


# --- the calendar -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One calendar entry: a session of the programme."""

    title: str
    kind: str  # the calendarId: 'poster', 'tutorial', …
    start: datetime
    end: datetime | None
    links: tuple[str, ...]

    @property
    def label(self) -> str:
        """The kind of what it lists: 'Poster', 'Invited Talk'; 'Event' for the rest."""
        known = CALENDAR_KINDS.get(self.kind.casefold())
        return known or (self.kind.title() if model.slug(self.kind) else "Event")


@dataclass
class Calendar:
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, text: str, what: str, source: str | None) -> Calendar:
        document = load_json(text, what, source)
        calendar, unread = cls(), 0
        seen: set[tuple[str, datetime, datetime | None]] = set()
        for record in document if isinstance(document, list) else []:
            entry = _entry(record)
            if entry is None:
                unread += 1
            elif (entry.title, entry.start, entry.end) not in seen:  # listed twice: once
                seen.add((entry.title, entry.start, entry.end))
                calendar.entries.append(entry)
        if unread:
            calendar.warnings.append(
                f"skipped {unread} calendar entr(ies) without a title or a start with its offset"
            )
        return calendar

    def poster_session(self, start: datetime) -> Entry | None:
        """The poster session starting then (another kind of event may start with it)."""
        found = [entry for entry in self.entries if entry.start == start]
        posters = [entry for entry in found if entry.kind.casefold() == POSTER]
        return posters[0] if posters else None

    def titled(self, title: str) -> Entry | None:
        """The entry of that title, for papers whose sessions are named, not timed."""
        found = [entry for entry in self.entries if entry.title.casefold() == title.casefold()]
        return found[0] if len(found) == 1 else None

    def place(self) -> tuple[str | None, int | None]:
        """The conference and year the calendar's links name ('icml.cc/virtual/2020/…')."""
        found = Counter(
            place
            for entry in self.entries
            for link in entry.links
            if (place := conference_and_year(link)) != (None, None)
        )
        return found.most_common(1)[0][0] if found else (None, None)


def _entry(record: object) -> Entry | None:
    if not isinstance(record, dict):
        return None
    title, start = squeeze(record.get("title")), _time(record.get("start"))
    if not title or start is None:
        return None
    end = _time(record.get("end"))
    links = [squeeze(link) for link in str(record.get("link") or "").split(",")]
    return Entry(
        title=title,
        kind=squeeze(record.get("calendarId")),
        start=start,
        end=end if end and end >= start else None,
        links=tuple(link for link in links if urlsplit(link).scheme in ("http", "https")),
    )


def _time(value: object) -> datetime | None:
    """'2020-07-14 14:00:00+00:00' or with a 'T'; None without an offset (a guess)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso(value)
    except TimeParseError:
        return None


# --- the papers and the programme ---------------------------------------------------------


@dataclass
class _Slot:
    """A poster session of the papers: its calendar entry, or only its start."""

    key: str
    start: datetime | None = None
    entry: Entry | None = None
    items: list[ItemDraft] = field(default_factory=list)


class _Programme:
    """The sessions: the calendar's entries, with the papers in their poster sessions."""

    def __init__(self, context: PageContext, calendar: Calendar | None):
        self.context = context
        self.calendar = calendar
        self.warnings: list[str] = list(calendar.warnings) if calendar else []
        self.slots: dict[str, _Slot] = {}
        self.skipped: Counter[str] = Counter()
        self.seen: set[str] = set()
        found = calendar.place() if calendar else (None, None)
        self.conference, self.year = context.conference_and_year(found)
        self.conference = self.conference or _conference_of(context.source)
        site = CONFERENCE_SITES.get(self.conference or "")
        self.base_url = (context.base_url or site or "").rstrip("/")

    def add_paper(self, record: object) -> None:
        content = record.get("content") if isinstance(record, dict) else None
        reason = _skip_reason(record, content, self.seen)
        if reason:
            self.skipped[reason] += 1
            return
        assert isinstance(record, dict) and isinstance(content, dict)
        paper_id = squeeze(str(record["id"]))
        self.seen.add(paper_id)
        sessions = content.get("session")
        keys = (
            [squeeze(value) for value in sessions if isinstance(value, str)]
            if isinstance(sessions, list)
            else []
        )
        for key in dict.fromkeys(key for key in keys if key) or [UNSCHEDULED]:
            slot = self._slot(key)
            slot.items.append(self._paper(paper_id, content, slot))

    def _slot(self, key: str) -> _Slot:
        if key not in self.slots:
            start = _time(key)
            entry = None
            if self.calendar:
                entry = self.calendar.poster_session(start) if start else self.calendar.titled(key)
            self.slots[key] = _Slot(key, start or (entry.start if entry else None), entry)
        return self.slots[key]

    def _paper(self, paper_id: str, content: dict[str, object], slot: _Slot) -> ItemDraft:
        title = squeeze(content["title"])
        links = {"pdf": squeeze(content.get("pdf_url"))}
        return ItemDraft(
            kind_label="Poster",
            title=title,
            authors=[name for name in map(squeeze, _list(content.get("authors"))) if name],
            abstract=paragraphs(content.get("abstract")) or paragraphs(content.get("TLDR")),
            start=slot.start,
            end=slot.entry.end if slot.entry else None,
            url=self._paper_url(paper_id),
            links={name: link for name, link in links.items() if link},
            site_id=paper_id,
            paper_id=model.paper_id(title),  # its slots in its two sessions: one paper
        )

    def _paper_url(self, paper_id: str) -> str | None:
        """The platform's page of a paper: '/virtual/2020/poster/<id>' on its site."""
        if not (self.base_url and self.year and paper_id.isdigit()):
            return None
        return f"{self.base_url}/virtual/{self.year}/poster/{paper_id}"

    # --- sessions

    def pages(self, papers_read: bool) -> list[ParsedPage]:
        drafts = [self._poster_session(slot) for slot in self.slots.values()]
        used = {id(slot.entry) for slot in self.slots.values() if slot.entry}
        unused = [e for e in self.calendar.entries if id(e) not in used] if self.calendar else []
        posters = [entry for entry in unused if entry.kind.casefold() == POSTER]
        events = [entry for entry in unused if entry.kind.casefold() != POSTER]
        # Read beside the papers, a poster session none of them is in would stand empty.
        drafts += [self._event_session(entry) for entry in (events if papers_read else unused)]
        self._tell(papers_read, len(posters), len(events))
        if not drafts:
            raise BadInputError(self._nothing_read(papers_read), source=self.context.source)
        drafts.sort(key=lambda draft: (_instant(draft.start), draft.title))
        pages = [build_session(draft, self.context, SHAPE) for draft in drafts]
        for page in pages:
            page.warnings = [w for w in page.warnings if self._worth_telling(page, w)]
        pages[0].warnings[:0] = self.warnings
        if self.year is None:
            pages[0].warnings.append("conference year unknown (give --year)")
        return pages

    def _poster_session(self, slot: _Slot) -> SessionDraft:
        entry = slot.entry
        return SessionDraft(
            title=entry.title if entry else self._start_name(slot),
            kind="Poster Session",
            start=slot.start,
            end=entry.end if entry else None,
            url=entry.links[0] if entry and entry.links else None,
            conference=self.conference,
            year=self.year,
            items=slot.items,
        )

    def _start_name(self, slot: _Slot) -> str:
        """'ICML 2020 · Posters · Tue 14 Jul 14:00 UTC': a session the calendar does not name."""
        named = " ".join(str(part) for part in (self.conference, self.year) if part)
        when = _when(slot.start) if slot.start else slot.key
        title = UNSCHEDULED if slot.key == UNSCHEDULED else f"Posters · {when}"
        return f"{named} · {title}" if named else title

    def _event_session(self, entry: Entry) -> SessionDraft:
        """A calendar entry that lists no papers: one item of its kind."""
        links = {f"link-{n}": link for n, link in enumerate(entry.links[1:], start=2)}
        item = ItemDraft(
            kind_label=entry.label,
            title=entry.title,
            start=entry.start,
            end=entry.end,
            url=entry.links[0] if entry.links else None,
            links=links,
        )
        poster = entry.kind.casefold() == POSTER  # its papers are in the papers file
        return SessionDraft(
            title=entry.title,
            kind=f"{entry.label} Session",
            start=entry.start,
            end=entry.end,
            url=entry.links[0] if entry.links else None,
            conference=self.conference,
            year=self.year,
            items=[] if poster else [item],
        )

    @staticmethod
    def _worth_telling(page: ParsedPage, warning: str) -> bool:
        """A session's own warnings, less those told once for all (the year; the calendar's
        events having no authors or abstracts; its poster sessions without their papers)."""
        if warning.startswith("conference year"):
            return False
        return any(item.kind == "poster" for item in page.session.items)

    def _tell(self, papers_read: bool, posters: int, events: int) -> None:
        self.warnings += [f"skipped {n} paper(s) {why}" for why, n in self.skipped.items()]
        if papers_read and self.calendar is None:
            self.warnings.append(
                f"no calendar beside the papers ({_calendar_name(self.context.source)}): "
                f"{len(self.slots)} poster session(s) named by their start, their ends unknown"
            )
        unnamed = sum(1 for slot in self.slots.values() if self.calendar and not slot.entry)
        if unnamed:
            self.warnings.append(f"{unnamed} poster session(s) not in the calendar: named by start")
        untimed = [key for key, slot in self.slots.items() if not slot.start and key != UNSCHEDULED]
        if untimed:
            self.warnings.append(
                f"{len(untimed)} poster session(s) without a time with its offset "
                f"(e.g. {untimed[0]!r}): named as the file gives them, untimed"
            )
        if UNSCHEDULED in self.slots:
            count = len(self.slots[UNSCHEDULED].items)
            self.warnings.append(f"{count} paper(s) without a session: in {UNSCHEDULED!r}")
        if not papers_read and posters:
            self.warnings.append(
                f"{posters} poster session(s) without their papers "
                f"(read {_papers_name(self.context.source)} beside the calendar)"
            )
        if events:
            self.warnings.append(
                f"the calendar gives no authors or abstracts for its {events} events"
            )

    def _nothing_read(self, papers_read: bool) -> str:
        if not papers_read:
            return "the calendar holds no entry with a title and a start"
        reasons = "; ".join(f"{n} {why}" for why, n in self.skipped.items()) or "it is empty"
        return f"the papers file holds no paper to read ({reasons})"


def _skip_reason(record: object, content: object, seen: set[str]) -> str | None:
    if not isinstance(record, dict) or not isinstance(content, dict):
        return "without their content"
    paper_id = record.get("id")
    if isinstance(paper_id, bool) or not isinstance(paper_id, str | int) or not str(paper_id):
        return "without an id"
    if not squeeze(content.get("title")):
        return "without a title"
    if squeeze(str(paper_id)) in seen:
        return "listed twice"
    return None


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _when(start: datetime) -> str:
    """'Tue 14 Jul 14:00 UTC' (in the time's own offset, named)."""
    offset = start.utcoffset()
    zone = (
        "UTC" if not offset else "UTC" + start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:]
    )
    return f"{start:%a} {start.day} {start:%b %H:%M} {zone}"


def _instant(start: datetime | None) -> float:
    return start.timestamp() if start else datetime.max.replace(tzinfo=UTC).timestamp()


def _conference_of(source: str | None) -> str | None:
    """'ICML' from 'icml_papers.json' (the platform's naming: the conference, no year)."""
    stem = file_name(source or "").lower()
    for suffix in (PAPERS_SUFFIX, CALENDAR_SUFFIX):
        if stem.endswith(suffix) and stem[: -len(suffix)].isalpha():
            name = conference_name(stem[: -len(suffix)])
            return name if name != stem[: -len(suffix)] else None
    return None


def _calendar_name(source: str | None) -> str:
    name = file_name(source or "")
    return (
        name[: -len(PAPERS_SUFFIX)] + CALENDAR_SUFFIX
        if name.endswith(PAPERS_SUFFIX)
        else ("the conference's _calendar.json")
    )


def _papers_name(source: str | None) -> str:
    name = file_name(source or "")
    stem = name[: -len(CALENDAR_SUFFIX)] if name.endswith(CALENDAR_SUFFIX) else ""
    return stem + PAPERS_SUFFIX if stem else "the conference's _papers.json"
