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

from confcli import model
from confcli.conferences import CONFERENCE_SITES, conference_name
from confcli.errors import BadInputError
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_sessions,
)
from confcli.readers.downloads import paragraphs, squeeze
from confcli.readers.feed import file_name, load_json
from confcli.readers.platform2020_calendar import (
    CALENDAR_SIDECAR,
    Calendar,
    ClockFor,
    Entry,
    Place,
    looks_like_calendar,
    read_time,
)
from confcli.readers.vocabulary import SNIFF_CHARS
from confcli.times import TimeContext

SHAPE = "platform2020"
# A papers file: an array of objects, a "content" object and a "session" key. Three
# searches, not one pattern: '[\s\S]*?' twice in one pattern takes quadratic time.
ARRAY_OF_OBJECTS = re.compile(r"\A\s*\[\s*\{")
CONTENT_KEY, SESSION_KEY = re.compile(r'"content"\s*:\s*\{'), re.compile(r'"session"\s*:')
PAPERS_SUFFIX, CALENDAR_SUFFIX = "_papers.json", "_calendar.json"
UNSCHEDULED = "Posters (unscheduled)"


def sniff(head: str) -> bool:
    """The start of a papers file or of a calendar (regexes on the first 64 KiB)."""
    return looks_like_papers(head) or looks_like_calendar(head)


def looks_like_papers(head: str) -> bool:
    start = head[:SNIFF_CHARS].lstrip("\ufeff")
    found = ARRAY_OF_OBJECTS.match(start) and CONTENT_KEY.search(start)
    return bool(found and SESSION_KEY.search(start, found.end()))


def read_platform2020(text: str, context: PageContext) -> list[ParsedPage] | None:
    """The sessions of a papers file (with its calendar, when given) or of a calendar."""
    papers = looks_like_papers(text)
    if not papers and looks_like_calendar(text):
        alone = Calendar.read(text, "calendar", context.source, _clock_for(context))
        return _Programme(context, alone).pages(papers_read=False)
    if not papers:
        return None
    document = load_json(text, "papers file", context.source)
    if not isinstance(document, list):
        return None
    beside = context.abstracts.get(CALENDAR_SIDECAR)
    what = f"calendar beside the papers ({_calendar_name(context.source)})"
    calendar = Calendar.read(beside, what, context.source, _clock_for(context)) if beside else None
    programme = _Programme(context, calendar)
    for record in document:
        programme.add_paper(record)
    return programme.pages(papers_read=True)


def _place(context: PageContext, found: Place | None) -> Place:
    """The conference and year: the calendar's links, the user's, the file name's."""
    conference, year = context.conference_and_year(found or (None, None))
    return conference or _conference_of(context.source), year


def _clock_for(context: PageContext) -> ClockFor:
    """How a calendar's times are read, once its links tell the conference and year: those
    without an offset in --page-tz, else in the venue's zone (a guess, noted)."""

    def clock(found: Place) -> TimeContext:
        conference, year = _place(context, found)
        return context.time_context(page_year=year, page_conference=conference)

    return clock


# --- the papers and the programme ---------------------------------------------------------


@dataclass
class _Slot:
    """A poster session of the papers: its calendar entry, or only its start."""

    key: str  # the paper's session value that named it first
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
        self.conference, self.year = _place(context, calendar.place() if calendar else None)
        self.clock = context.time_context(page_year=self.year, page_conference=self.conference)
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
        slots = {id(slot): slot for slot in map(self._slot, _session_values(content))}
        for slot in slots.values() or [self._slot(UNSCHEDULED)]:  # each of its sessions once
            slot.items.append(self._paper(paper_id, content, slot))

    def _slot(self, text: str) -> _Slot:
        """The session a paper's ``session`` value names: by its instant when it is a time
        ('2020-07-14 14:00:00+00:00' and '2020-07-14T14:00:00Z' are one), else by the text."""
        start = read_time(text, self.clock)
        key = start.astimezone(UTC).isoformat() if start else text
        if key not in self.slots:
            entry = None
            if self.calendar:
                entry = self.calendar.poster_session(start) if start else self.calendar.titled(text)
            self.slots[key] = _Slot(text, start or (entry.start if entry else None), entry)
        return self.slots[key]

    def _paper(self, paper_id: str, content: dict[str, object], slot: _Slot) -> ItemDraft:
        title = squeeze(content["title"])
        links = {"pdf": squeeze(content.get("pdf_url"))}
        return ItemDraft(
            kind_label="Poster",
            title=title,
            authors=[name for name in map(squeeze, _list(content.get("authors"))) if name],
            keywords=list(
                dict.fromkeys(word for word in map(squeeze, _list(content.get("keywords"))) if word)
            ),
            abstract=paragraphs(content.get("abstract")) or paragraphs(content.get("TLDR")),
            start=slot.start,
            end=slot.entry.end if slot.entry else None,
            url=self._paper_url(paper_id),
            links={name: link for name, link in links.items() if link},
            site_id=paper_id,
            site_id_is_paper=True,  # one id for the paper's slots in its two sessions
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
        posters = [entry for entry in unused if entry.is_posters]
        events = [entry for entry in unused if not entry.is_posters]
        # Read beside the papers, a poster session none of them is in would stand empty.
        drafts += [self._event_session(entry) for entry in (events if papers_read else unused)]
        self._tell(papers_read, len(posters), len(events))
        if not drafts:
            raise BadInputError(self._nothing_read(papers_read), source=self.context.source)
        drafts.sort(key=lambda draft: (_instant(draft.start), draft.title))
        pages = build_sessions(drafts, self.context, SHAPE)
        for page in pages:
            page.warnings = [w for w in page.warnings if self._worth_telling(page, w)]
            # A poster session of a calendar read alone holds none of its papers: it must
            # not empty the one stored with them, only add itself when it is new.
            page.partial = not papers_read and page.session.kind == "poster-session"
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
        return SessionDraft(
            title=entry.title,
            kind=f"{entry.label} Session",
            start=entry.start,
            end=entry.end,
            url=entry.links[0] if entry.links else None,
            conference=self.conference,
            year=self.year,
            items=[] if entry.is_posters else [item],  # its papers are in the papers file
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
        untimed = [slot.key for slot in self.slots.values() if not slot.start]
        untimed = [key for key in untimed if key != UNSCHEDULED]
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


def _session_values(content: dict[str, object]) -> list[str]:
    """The paper's sessions: their starts ('2020-07-14 14:00:00+00:00') or their names."""
    values = content.get("session")
    listed = values if isinstance(values, list) else [values]
    return [text for text in map(squeeze, listed) if text]


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
