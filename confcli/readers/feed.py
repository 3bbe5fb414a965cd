"""The sites' whole-conference JSON feed, ``<conf>-<year>-orals-posters.json``, and its
``<conf>-<year>-abstracts.json`` sidecar (docs/formats.md §4).

One feed holds a whole conference: it becomes one session page per ``session`` value. The
feed's file name and fields are the page's own word on conference and year.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from confcli import model
from confcli.conferences import CONFERENCE_SITES, conference_from_text
from confcli.errors import BadInputError, TimeParseError
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_sessions,
    storable,
)
from confcli.readers.vocabulary import HEAD_CHARS, VIRTUAL_YEAR, json_head
from confcli.times import parse_iso

SHAPE = "feed"
FEED_HEAD = re.compile(r'^\s*(?:\{[\s\S]*"results"\s*:|\[\s*\{[\s\S]*"virtualsite_url"\s*:)')
# What a directory's feeds and sidecars show in their first 64 KiB (sniff).
FEED_MARKS = re.compile(r'"(?:results|virtualsite_url)"|^\{\s*"\d+"\s*:')
ABSTRACTS_HEAD = re.compile(r'^\s*(?:\{\s*"\d+"\s*:|\[\s*\{\s*"id"\s*:\s*"?\d+"?\s*,\s*"abstract")')
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # JSON's escape of half a character
FEED_SUFFIX = "-orals-posters.json"
UNSCHEDULED = "Unscheduled"
Record = dict[str, Any]  # one JSON object of a feed
NaturalKey = tuple[tuple[int, int, str], ...]  # see _natural


def unescape(text: str) -> str:
    """Entities decoded to a fixed point: feeds escape some twice (``D&amp;#x27;souza``).
    Each round only shortens the text, so the loop ends."""
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text


def load_json(text: str, what: str, source: str | None) -> Any:
    try:
        document = json.loads(text)
        return _storable(document) if SURROGATE_ESCAPE.search(text) else document
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise BadInputError(f"broken {what} ({where}: {error.msg})", source=source) from None
    except RecursionError:  # json nests by recursion: '[' * 100,000 exhausts the stack
        raise BadInputError(f"{what} nested too deeply", source=source) from None
    except ValueError:  # a number of over 4,300 digits: Python refuses to convert it
        raise BadInputError(f"{what} holds a number too long to read", source=source) from None


def _storable(value: object) -> object:
    """Every string in a JSON document without the half characters '\ud800' escapes make."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [_storable(entry) for entry in value]
    if isinstance(value, dict):
        return {storable(key): _storable(entry) for key, entry in value.items()}
    return value


def _clean(value: object) -> str | None:
    """A field's text, decoded and stripped; None for empty or non-text values."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return " ".join(unescape(str(value)).split()) or None


# --- the abstracts sidecar ------------------------------------------------------------------


def abstracts_name_for(feed_name: str) -> str | None:
    """'iclr-2025-orals-posters.json' -> 'iclr-2025-abstracts.json' (the sites' naming)."""
    if feed_name.endswith(FEED_SUFFIX):
        return feed_name[: -len(FEED_SUFFIX)] + "-abstracts.json"
    return None


def looks_like_abstracts(head: str) -> bool:
    return bool(ABSTRACTS_HEAD.match(head.lstrip("\ufeff")))


def read_abstracts(text: str, source: str | None = None) -> dict[str, str] | None:
    """Abstracts by site id from a sidecar (``{"id": "text"}``, ``{"id": {"abstract": …}}``
    or ``[{"id": …, "abstract": …}]``); None when the text is not one."""
    if not looks_like_abstracts(text[:HEAD_CHARS]):
        return None
    document = load_json(text, "abstracts file", source)
    pairs = document.items() if isinstance(document, dict) else _id_pairs(document)
    abstracts = {}
    for key, value in pairs:
        if isinstance(value, dict):
            value = value.get("abstract")
        if isinstance(value, str) and value.strip():
            abstracts[str(key)] = unescape(value).strip()
    return abstracts


def _id_pairs(document: object) -> Iterator[tuple[object, Record]]:
    entries = document if isinstance(document, list) else []
    return ((entry.get("id"), entry) for entry in entries if isinstance(entry, dict))


# --- the feed -------------------------------------------------------------------------------


def sniff(head: str) -> bool:
    """A feed (its "results", its records' "virtualsite_url"), or an abstracts sidecar keyed
    by id ({"19581": …}): a directory's sidecars are found with its feeds."""
    start = json_head(head)
    return start is not None and bool(FEED_MARKS.search(start))


def read_feed(text: str, context: PageContext) -> list[ParsedPage] | None:
    """One page per session of the feed, in programme order; None when not a feed."""
    if not FEED_HEAD.match(text[:HEAD_CHARS].lstrip("\ufeff")):
        return None
    document = load_json(text, "JSON feed", context.source)
    results = document.get("results") if isinstance(document, dict) else document
    if not isinstance(results, list):
        return None
    warnings: list[str] = []
    records = _usable_records(document, results, warnings)
    if not records:  # why: each reason its records were skipped for ("3 without an id")
        reasons = "; ".join(w.removeprefix("skipped ") for w in warnings if w.startswith("skip"))
        message = f"the feed holds no record to read ({reasons or 'it is empty'})"
        raise BadInputError(message, source=context.source)
    feed = _FeedReading(records, context, warnings)
    pages = build_sessions(feed.session_drafts(), context, SHAPE)
    pages[0].warnings[:0] = warnings
    return pages


def _usable_records(document: object, results: list[Any], warnings: list[str]) -> list[Record]:
    """The visible records, each once; what was left out is told in ``warnings``."""
    declared = document.get("count") if isinstance(document, dict) else None
    if isinstance(declared, int) and declared != len(results):
        warnings.append(f"the feed's count says {declared} records, {len(results)} are present")
    skipped: Counter[str] = Counter()
    records: list[Record] = []
    seen: set[str] = set()
    for record in results:
        reason = _skip_reason(record, seen)
        if reason:
            skipped[reason] += 1
        else:
            seen.add(str(record["id"]))
            records.append(record)
    warnings.extend(f"skipped {count} record(s) {reason}" for reason, count in skipped.items())
    return records


def _skip_reason(record: object, seen: set[str]) -> str | None:
    if not isinstance(record, dict) or _clean(record.get("id")) is None:
        return "without an id"
    if record.get("visible") is False:
        return "marked not visible"
    if str(record["id"]) in seen:
        return "listed twice"
    if _clean(record.get("name")) is None:
        return "without a title"
    return None


class _FeedReading:
    """What the whole feed settles for every record: conference, year, link base, papers."""

    def __init__(self, records: list[Record], context: PageContext, warnings: list[str]):
        self.records = records
        self.context = context
        self.warnings = warnings
        self.conference, self.year = self._conference_and_year()
        found_conference = self.context.conference_and_year((self.conference, self.year))[0]
        self.base_url = context.base_url or CONFERENCE_SITES.get(found_conference or "")
        self.paper_ids = paper_ids(records)
        self.unread_times = 0
        # Times without an offset: in --page-tz, else in the venue's zone (a guess, noted).
        self.clock = context.time_context(page_year=self.year, page_conference=self.conference)

    def _conference_and_year(self) -> tuple[str | None, int | None]:
        """The file name's conference and year; the year the links name wins over it."""
        named = conference_from_text(file_name(self.context.source or "")) or (None, None)
        years = Counter(
            int(match[1])
            for record in self.records
            if (match := VIRTUAL_YEAR.search(str(record.get("virtualsite_url") or "")))
        )
        return named[0], years.most_common(1)[0][0] if years else named[1]

    def session_drafts(self) -> list[SessionDraft]:
        groups: dict[str, list[ItemDraft]] = defaultdict(list)
        for record in self.records:
            groups[_clean(record.get("session")) or UNSCHEDULED].append(self.item(record))
        if self.unread_times:
            self.warnings.append(f"{self.unread_times} time(s) without a readable offset left out")
        drafts = [self._session(title, items) for title, items in groups.items()]
        return sorted(drafts, key=lambda draft: (*_time_key(draft.items[0].start), draft.title))

    def _session(self, title: str, items: list[ItemDraft]) -> SessionDraft:
        kinds = {item.kind_label for item in items}
        rooms = {item.room for item in items}
        return SessionDraft(
            title=title,
            kind=f"{kinds.pop()} Session" if len(kinds) == 1 else "Session",
            room=rooms.pop() if len(rooms) == 1 else None,
            conference=self.conference,
            year=self.year,
            items=sorted(items, key=_slot_order),
        )

    def item(self, record: Record) -> ItemDraft:
        site_id = str(record["id"])
        start, end = self._time(record.get("starttime")), self._time(record.get("endtime"))
        people = _people(record.get("authors"))
        return ItemDraft(
            kind_label=_clean(record.get("eventtype")) or "Paper",
            title=_title(record),
            authors=[name for name, _ in people],
            affiliations=[institution for _, institution in people],
            topic=_clean(record.get("topic")),
            keywords=keywords_of(record.get("keywords")),
            abstract=_abstract(record.get("abstract")) or self.context.abstracts.get(site_id),
            start=start,
            end=end if start else None,
            room=_clean(record.get("room_name")),
            poster=_poster(record.get("poster_position")),
            decision=_clean(record.get("decision")),
            url=self._absolute(record.get("virtualsite_url")),
            links=self._links(record),
            site_id=site_id,
            paper_id=self.paper_ids.get(site_id),
        )

    def _time(self, value: object) -> datetime | None:
        if not isinstance(value, str) or not value.strip():
            return None
        try:
            return parse_iso(value, self.clock)
        except TimeParseError:  # without an offset, and no zone given or known: left out
            self.unread_times += 1
            return None

    def _absolute(self, href: object) -> str | None:
        href = _clean(href)
        try:
            return urljoin(self.base_url, href) if href and self.base_url else href
        except ValueError:  # a malformed URL ('http://[1]/'): no link rather than a guess
            return None

    def _links(self, record: Record) -> dict[str, str]:
        links = {"paper": record.get("paper_url"), "pdf": record.get("paper_pdf_url")}
        for media in record.get("eventmedia") or []:
            if isinstance(media, dict) and media.get("visible") is not False:
                name = model.slug(str(media.get("name") or media.get("type") or "")) or "media"
                links.setdefault(name, media.get("uri") or media.get("url") or media.get("file"))
        absolute = {name: self._absolute(target) for name, target in links.items()}
        return {name: target for name, target in absolute.items() if target}


def file_name(source: str) -> str:
    """The file name of a path or URL: what may tell the conference and year."""
    try:
        path = urlsplit(source).path if "://" in source else source.replace("\\", "/")
    except ValueError:  # a malformed URL: its last part is still the best guess
        path = source
    return PurePosixPath(path).name


def _people(value: object) -> list[tuple[str, str]]:
    """(name, institution or "") of each named author: an author object, or a bare name."""
    entries = value if isinstance(value, list) else []
    people = []
    for entry in entries:
        found = entry if isinstance(entry, dict) else {"fullname": entry}
        name = _clean(found.get("fullname"))
        if name:
            people.append((name, _clean(found.get("institution")) or ""))
    return people


def keywords_of(value: object) -> list[str]:
    """A record's keywords, each once, in its order: a list of strings (one string alone
    is taken as one keyword)."""
    entries = value if isinstance(value, list) else [value]
    return list(dict.fromkeys(word for word in map(_clean, entries) if word))


def _abstract(value: object) -> str | None:
    """Paragraphs kept: only runs of spaces within a line are squeezed."""
    if not isinstance(value, str):
        return None
    lines = (" ".join(line.split()) for line in unescape(value).strip().splitlines())
    return "\n".join(lines) or None


def _poster(value: object) -> str | None:
    """'W-100', '#W-100', 36 -> '#W-100', '#36': the form the session pages print."""
    text = _clean(value)
    return f"#{text.lstrip('#').strip()}" if text and text.lstrip("#").strip() else None


def _natural(text: str | None) -> NaturalKey:
    """'#W-100' sorts after '#W-99': digits compare as numbers."""
    parts = re.split(r"(\d+)", text or "")
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def _time_key(start: datetime | None) -> tuple[bool, float]:
    return (start is None, start.timestamp() if start else 0.0)


def _slot_order(item: ItemDraft) -> tuple[bool, float, NaturalKey, NaturalKey]:
    return (*_time_key(item.start), _natural(item.poster), _natural(item.site_id))


# --- slots of one paper ---------------------------------------------------------------------


def paper_ids(records: list[Record]) -> dict[str, str]:
    """The records that are slots of one paper (an oral and its poster), linked by
    ``related_events_ids`` or by the same normalised title, share one paper id: that of the
    poster's title (the event every accepted paper has), else of the lowest id's."""
    by_id = {str(record["id"]): record for record in records}
    groups = _linked_groups(by_id)
    shared: dict[str, str] = {}
    for members in groups:
        if len(members) > 1:
            canonical = min(_rank(by_id[key]) for key in members)[-1]
            shared.update((key, model.paper_id(canonical)) for key in members)
    return shared


def _rank(record: Record) -> tuple[bool, NaturalKey, str]:
    is_poster = (_clean(record.get("eventtype")) or "").casefold() == "poster"
    return (not is_poster, _natural(str(record["id"])), _title(record))


def _title(record: Record) -> str:
    """A usable record's title (``_skip_reason`` left out those without one)."""
    title = _clean(record["name"])
    assert title is not None
    return title


def _linked_groups(by_id: dict[str, Record]) -> list[list[str]]:
    """Connected groups of record ids (union-find over related ids and equal titles)."""
    parent = {key: key for key in by_id}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = key = parent[parent[key]]
        return key

    first_by_title: dict[str, str] = {}
    for key, record in by_id.items():
        title = model.normalise_title(_clean(record["name"]) or "")
        related = [str(other) for other in record.get("related_events_ids") or []]
        for other in [first_by_title.setdefault(title, key), *related]:
            if other in parent:
                parent[root(other)] = root(key)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in by_id:
        groups[root(key)].append(key)
    return list(groups.values())
