"""The **Downloads** export of the virtual sites ("ICML 2024 Events.json", real/README.md).

A JSON array of ``{type, name, virtualsite_url, "speakers/authors", abstract}`` records: no
id, no session, no time, no room. The site URL is the only identity a record has (its
trailing number is the site id) and the only word on conference and year; the items, all
untimed, land in one session per kind, and a warning says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit, urlunsplit

from confcli.conferences import CONFERENCE_SITES, KNOWN_CONFERENCES
from confcli.errors import BadInputError
from confcli.readers.build import (
    ItemDraft,
    PageContext,
    ParsedPage,
    SessionDraft,
    build_sessions,
    kind_of,
    lost_most,
)
from confcli.readers.feed import load_json
from confcli.readers.vocabulary import SNIFF_CHARS

SHAPE = "downloads"
# An array of objects with the export's own key: the sites' feed has "authors", never this.
HEAD = re.compile(r'\A\s*\[\s*\{[\s\S]*?"speakers/authors"\s*:')
VIRTUAL_PATH = re.compile(r"/virtual/((?:19|20)\d\d)/([\w%-]+)/")
SITE_ID = re.compile(r"/(\d+)/?\Z")
# A comma, or a bracket that opens or closes a part where commas do not split.
SPLITTERS = re.compile(r"[,()\[\]]")
# A suffix that a comma-joined list cuts from its name ('Martin Luther King, Jr.').
NAME_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV", re.IGNORECASE)


def sniff(head: str) -> bool:
    """The start of a Downloads export (a regex on the first 64 KiB)."""
    return bool(HEAD.match(head[:SNIFF_CHARS].lstrip("\ufeff")))


def read_downloads(text: str, context: PageContext) -> list[ParsedPage] | None:
    """One untimed session per kind; None when the text is not a Downloads export."""
    if not sniff(text[:SNIFF_CHARS]):
        return None
    document = load_json(text, "Downloads export", context.source)
    if not isinstance(document, list):
        return None
    export = _Export(context)
    for record in document:
        export.add(record)
    return export.pages()


TWICE = "listed twice"


@dataclass
class _Export:
    """The records read so far, by kind, and what was left out."""

    context: PageContext
    kinds: dict[str, list[ItemDraft]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    seen: set[tuple[str, str]] = field(default_factory=set)
    places: Counter[tuple[str | None, int | None]] = field(default_factory=Counter)

    def add(self, record: object) -> None:
        url = None
        if isinstance(record, dict):
            url = normalise_url(record.get("virtualsite_url"), self.context.base_url)
        reason = self._skip_reason(record, url)
        if reason:
            self.skipped[reason] += 1
            return
        assert isinstance(record, dict)
        if url:
            self.places[conference_and_year(url)] += 1
        item = ItemDraft(
            kind_label=_kind_label(record.get("type"), url),
            title=squeeze(record["name"]),
            authors=split_authors(record.get("speakers/authors")),
            abstract=paragraphs(record.get("abstract")),
            url=url,
            site_id=site_id(url),
        )
        # 'Poster' and 'poster' are one kind: the first spelling names its session.
        same_kind = self.kinds.setdefault(kind_of(item.kind_label), [])
        same_kind.append(replace(item, kind_label=(same_kind or [item])[0].kind_label))

    def _skip_reason(self, record: object, url: str | None) -> str | None:
        if not isinstance(record, dict):
            return "that are not objects"
        if not squeeze(record.get("name")):
            return "without a title"
        key = (kind_of(squeeze(record.get("type")) or "-"), url or "")
        if url and key in self.seen:
            return TWICE
        self.seen.add(key)
        return None

    def pages(self) -> list[ParsedPage]:
        warnings = [f"skipped {count} record(s) {why}" for why, count in self.skipped.items()]
        if not self.kinds:
            reasons = "; ".join(w.removeprefix("skipped ") for w in warnings) or "it is empty"
            raise BadInputError(
                f"the Downloads export holds no record to read ({reasons})",
                source=self.context.source,
            )
        read = sum(map(len, self.kinds.values()))
        held = read + sum(self.skipped.values()) - self.skipped[TWICE]
        warnings += lost_most(read, held, "records")
        found = self.places.most_common(1)[0][0] if self.places else (None, None)
        conference, year = self.context.conference_and_year(found)
        drafts = [
            _session(items[0].kind_label, items, conference, year) for items in self.kinds.values()
        ]
        pages = build_sessions(drafts, self.context, SHAPE)
        count = sum(len(items) for items in self.kinds.values())
        warnings.append(
            f"the export gives no times: {count} item(s) read into one untimed session per kind"
        )
        pages[0].warnings[:0] = warnings
        return pages


def _session(
    label: str, items: list[ItemDraft], conference: str | None, year: int | None
) -> SessionDraft:
    """'ICML 2024 · Posters (untimed)': the conference and year as far as they are known."""
    named = " ".join(str(part) for part in (conference, year) if part)
    title = f"{plural(label)} (untimed)"
    return SessionDraft(
        title=f"{named} · {title}" if named else title,
        kind=f"{label} Session",
        conference=conference,
        year=year,
        items=items,
    )


def plural(label: str) -> str:
    """'Poster' -> 'Posters', 'Invited Talk' -> 'Invited Talks', 'Expo Talk Panel' -> …"""
    return label if label.endswith("s") else f"{label}s"


def _kind_label(value: object, url: str | None) -> str:
    """The record's ``type``; else the kind its URL names (``/virtual/2024/invited-talk/``)."""
    label = squeeze(value)
    if label:
        return label
    match = VIRTUAL_PATH.search(urlsplit(url).path) if url else None
    return match[2].replace("-", " ").replace("%20", " ").title() if match else "Event"


# --- fields -------------------------------------------------------------------------------


def squeeze(value: object) -> str:
    """A text field with its runs of white space made one space; '' for anything else.
    Nothing else changes: titles keep their TeX and characters as the export gives them."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def paragraphs(value: object) -> str | None:
    """An abstract with runs of spaces squeezed within its lines, its line breaks kept."""
    if not isinstance(value, str):
        return None
    lines = (" ".join(line.split()) for line in value.strip().splitlines())
    return "\n".join(lines) or None


def split_authors(value: object) -> list[str]:
    """'A Li, Jia (Kevin) Liu, Veloso' -> ['A Li', 'Jia (Kevin) Liu', 'Veloso']: a comma
    inside brackets does not split, and a suffix cut off by a comma ('Jr.') rejoins its name."""
    text = squeeze(value)
    parts, depth, start = [], 0, 0
    for match in SPLITTERS.finditer(text):
        mark = match[0]
        if mark in "([":
            depth += 1
        elif mark in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    names: list[str] = []
    for part in (part.strip() for part in parts):
        if names and NAME_SUFFIX.fullmatch(part):
            names[-1] = f"{names[-1]}, {part}"
        elif part:
            names.append(part)
    return names


# --- the site URL -------------------------------------------------------------------------


def normalise_url(value: object, base_url: str | None = None) -> str | None:
    """'https://ICML.cc//virtual/2024/poster/35005' -> 'https://icml.cc/virtual/2024/poster/
    35005': scheme and host in lower case, runs of slashes in the path made one. A
    site-relative link is made absolute against ``base_url`` (--base-url), else kept."""
    text = squeeze(value)
    if not text:
        return None
    try:
        parts = urlsplit(text)
        if not parts.netloc and base_url:  # site-relative: against the site the user named
            return normalise_url(urljoin(base_url, "/" + text.lstrip("/")))
        path = re.sub(r"/{2,}", "/", parts.path)
        return urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment)
        )
    except ValueError:  # a malformed URL ('http://[1]/'): no link rather than a guess
        return None


def site_id(url: str | None) -> str | None:
    """The site's id of the event: the number that ends its URL."""
    match = SITE_ID.search(url.split("?")[0].split("#")[0]) if url else None
    return match[1] if match else None


def conference_and_year(url: str | None) -> tuple[str | None, int | None]:
    """('ICML', 2024) from 'https://icml.cc/virtual/2024/poster/35005'."""
    try:
        parts = urlsplit(url or "")
    except ValueError:  # a malformed URL ('http://[1]/') names nothing
        return None, None
    year_match = VIRTUAL_PATH.search(parts.path)
    year = int(year_match[1]) if year_match else None
    host = (parts.hostname or "").removeprefix("www.")
    by_site = {urlsplit(site).hostname: name for name, site in CONFERENCE_SITES.items()}
    conference = by_site.get(host) or KNOWN_CONFERENCES.get(host.split(".")[0])
    return conference, year
