"""What every reader fills in (drafts) and how drafts become model objects.

Readers only find fields on a page; ids, kinds, conference and year are settled here once,
so every input shape gives the same ids and the same normalised values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo

from confcli import model
from confcli.errors import TimeParseError
from confcli.model import Item, Session
from confcli.readers.agreement import disagreements
from confcli.times import TimeContext, parse_range

# Half a UTF-16 character: a '\ud800' escape in JSON, or an undecodable byte in a file
# name (os.fsdecode). Text holding one cannot be stored or printed as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """The text with each half character replaced by U+FFFD."""
    return SURROGATE.sub("\ufffd", text)


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

    def conference_and_year(
        self, found: tuple[str | None, int | None]
    ) -> tuple[str | None, int | None]:
        """The page's own word first, then the user's, then the file name's."""
        hint_conf, hint_year = self.name_hint or (None, None)
        conference = found[0] or self.conference or hint_conf
        year = found[1] or self.year or hint_year
        return conference, year

    # Warnings of zones assumed for times that state none (see time_context), as used.
    zone_assumptions: list[str] = field(default_factory=list)

    def time_context(
        self,
        zone: tzinfo | None = None,
        page_year: int | None = None,
        page_conference: str | None = None,
    ) -> TimeContext:
        """How the page's times are read: a zone the page states wins; times stating none
        are read in --page-tz, else in the venue's zone (a guess, said in a warning)."""
        conference, year = self.conference_and_year((page_conference, page_year))
        fallback, note = unstated_zone(self.page_zone, conference, year)
        return TimeContext(
            year=year,
            zone=zone,
            today=self.today,
            fallback=fallback,
            fallback_note=note,
            assumed=self.zone_assumptions,
        )


def unstated_zone(
    page_zone: str | None, conference: str | None, year: int | None
) -> tuple[tzinfo | None, str | None]:
    """(the zone of times a page states none for, the warning when it is a guess): the
    user's --page-tz (an unknown name is refused before reading), else the venue table's."""
    from zoneinfo import ZoneInfo

    from confcli.venues import main_venue

    if page_zone:
        return ZoneInfo(page_zone), None
    venue = main_venue(conference, year)
    if venue is None:
        return None, None
    return ZoneInfo(venue.zone), f"times have no zone: assumed {venue.zone} ({venue.describe()})"


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
    # True when the site's id names the paper, not this slot (the 2020 platform gives one id
    # for a paper shown in two sessions): the slot's id then also takes its session's.
    site_id_is_paper: bool = False
    topic: str | None = None
    keywords: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)  # beside ``authors``, "" unknown
    source_record: str | None = None  # the source's own record, verbatim (model.Item)


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
    source_record: str | None = None  # the source's own frame, verbatim (model.Session)


@dataclass
class ParsedPage:
    """A reader's result: the session, which shape it was read as, and what was missing."""

    session: Session
    shape: str
    warnings: list[str] = field(default_factory=list)
    # True when the page holds only some of its session's items (an items array read back):
    # they join the stored session instead of replacing it.
    partial: bool = False
    # The conference and year the page itself names (None where it names neither): what
    # decides whether a stored session it matches may lend it its identity.
    named: tuple[str | None, int | None] = (None, None)


# --- what every reader reads the same way ----------------------------------------------------


def zone_named(name: str, warnings: list[str]) -> tzinfo | None:
    """The zone a page's 'Timezone: Area/City' banner names; an unknown one is a warning."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        warnings.append(f"unknown time zone {name!r} in the page's banner")
        return None


def set_times(
    target: ItemDraft | SessionDraft,
    line: str,
    time_context: TimeContext,
    warnings: list[str],
    *,
    warn_if_not_a_range: bool = False,
) -> None:
    """The time range a line gives, as the target's start and end; a time that cannot be
    read is a warning, never an error. ``warn_if_not_a_range``: a line that holds no range
    at all is told too (where the page's shape promises one: a track page's "Time" label
    may be followed by anything)."""
    try:
        found = parse_range(line, time_context)
    except TimeParseError as error:
        warnings.append(f"time not read: {error}")
        return
    if found is not None:
        target.start, target.end = found
    elif warn_if_not_a_range:
        warnings.append(f"time not read: {line!r} is not a time range")


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
    """The one session of a session page, ids settled."""
    return build_sessions([draft], context, shape)[0]


def build_sessions(
    drafts: Sequence[SessionDraft], context: PageContext, shape: str
) -> list[ParsedPage]:
    """The sessions of one document (a session page, a feed, a calendar), ids settled.

    A session without a site id is named by its title. Where the document holds several
    sessions of one title (ICML 2020's calendar has 'Tutorial Group 2' on two days), each of
    them also keeps its date in its id, and sessions of the title on one date their order."""
    spans = [_span(draft) for draft in drafts]
    apart = _apart(drafts, spans, context)
    return [
        _build(draft, context, shape, span, day_and_order)
        for draft, span, day_and_order in zip(drafts, spans, apart, strict=True)
    ]


Span = tuple[datetime | None, datetime | None]
TitleKey = tuple[str, str]


def _apart(
    drafts: Sequence[SessionDraft], spans: list[Span], context: PageContext
) -> list[tuple[date | None, int]]:
    """(day, order) for each session: what keeps apart sessions of one title in a document;
    (None, 0) for a session whose site id or title is its own."""
    keys = [_title_key(draft, context) for draft in drafts]
    titles = Counter(key for key, draft in zip(keys, drafts, strict=True) if not draft.site_id)
    seen: Counter[tuple[TitleKey, date | None]] = Counter()
    apart: list[tuple[date | None, int]] = []
    for key, draft, span in zip(keys, drafts, spans, strict=True):
        if draft.site_id or titles[key] < 2:
            apart.append((None, 0))
            continue
        day = model.day_of(span[0])
        apart.append((day, seen[(key, day)]))
        seen[(key, day)] += 1
    return apart


def _title_key(draft: SessionDraft, context: PageContext) -> TitleKey:
    conference, year = context.conference_and_year((draft.conference, draft.year))
    return model.conference_prefix(conference, year), model.normalise_title(draft.title)


def _build(
    draft: SessionDraft,
    context: PageContext,
    shape: str,
    span: Span,
    apart: tuple[date | None, int],
) -> ParsedPage:
    conference, year = context.conference_and_year((draft.conference, draft.year))
    sid = model.session_id(conference, year, draft.title, draft.site_id, *apart)
    items = tuple(_build_items(draft, sid, conference, year, context.source))
    session = Session(
        id=sid,
        title=draft.title,
        kind=model.slug(draft.kind) or None if draft.kind else None,
        conference=conference,
        year=year,
        room=draft.room,
        chairs=tuple(draft.chairs),
        start=span[0],
        end=span[1],
        abstract=draft.abstract or None,
        url=draft.url,
        source=context.source,
        site_id=draft.site_id,
        source_record=draft.source_record,
        items=items,
    )
    warnings = missing_fields(session) + disagreements(draft, context, session)
    named = (draft.conference, draft.year)
    return ParsedPage(session=session, shape=shape, warnings=warnings, named=named)


def _span(draft: SessionDraft) -> Span:
    """The session's own times, else the span of its slots."""
    if draft.start:
        return draft.start, draft.end
    starts = [item.start for item in draft.items if item.start]
    ends = [item.end for item in draft.items if item.end]
    return (min(starts) if starts else None), (max(ends) if ends else None)


class ItemIds:
    """The ids of one session's slots, in page order (see model.item_id)."""

    def __init__(self, conference: str | None, year: int | None, session_id: str):
        self.prefix = model.conference_prefix(conference, year)
        self.session_id = session_id
        self.seen: Counter[tuple[str, ...]] = Counter()

    def next(self, site_id: str | None, kind: str, title: str, per_session: bool = False) -> str:
        key = model.slot_key(site_id, self.session_id, kind, title)
        if per_session and site_id:
            key = (self.session_id, *key)
        occurrence = self.seen[key]
        self.seen[key] += 1
        return model.slot_id(self.prefix, key, occurrence)


def with_item_ids(session: Session) -> Session:
    """The session with its items' ids settled again from their fields: for a reader that
    learns site ids after building (a capture's links)."""
    ids = ItemIds(session.conference, session.year, session.id)
    items = tuple(
        replace(item, id=ids.next(item.site_id, item.kind, item.title)) for item in session.items
    )
    return replace(session, items=items)


def _build_items(
    draft: SessionDraft, sid: str, conference: str | None, year: int | None, source: str | None
) -> Iterator[Item]:
    ids = ItemIds(conference, year, sid)
    for position, raw in enumerate(draft.items, start=1):
        kind = kind_of(raw.kind_label)
        yield Item(
            id=ids.next(raw.site_id, kind, raw.title, raw.site_id_is_paper),
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
            site_id=raw.site_id,
            topic=raw.topic or None,
            keywords=tuple(raw.keywords),
            affiliations=affiliations_of(raw.authors, raw.affiliations),
            source_record=raw.source_record,
        )


def affiliations_of(authors: list[str], affiliations: list[str]) -> tuple[str, ...]:
    """One institution per author ("" unknown), or () when none is known: a list that
    does not match the authors one for one cannot say whose institution is whose."""
    if len(affiliations) != len(authors) or not any(affiliations):
        return ()
    return tuple(affiliations)


def lost_most(read: int, held: int, what: str) -> list[str]:
    """The warning for a page that reads as its shape but loses most of its records: fewer
    than half of the ``what`` (cards, records, events) it holds were read. Records a page
    holds twice or marks hidden are not held; the other warnings say why the rest were not
    read."""
    if read * 2 >= held:
        return []
    return [f"most of the page's {what} were lost: {read} of {held} read"]


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
