"""Session pages as the conference "virtual sites" render them (docs/formats.md §2).

A confcli ``Session`` in, the HTML a browser saves out::

    from tests.pagegen.html_pages import PageOptions, session_html
    html = session_html(session, PageOptions(logged_in=True))

The markup follows a saved ICML 2025 poster-session page: two ``<title>`` tags, the h3/h2/h5
header, the session time in a bare div with ``&mdash;`` on the next line and a bookmark
widget holding the session's event id, one ``div.track-schedule-card`` per slot, ``&middot;``
between authors, Django's escaping (``&#x27;``, ``&quot;``), nested ``<p><p>`` abstracts, a
cookie banner and the hidden "Successful Page Load" footer. Where the sites' markup is not
known (slot times, chairs, award lines) the text is placed as the rendered text shows it.

Deterministic and importable; the committed fixtures are regenerated, never edited::

    python -m tests.pagegen.html_pages --write
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from confcli.model import Item, Session, digest

from .templates import COOKIE_BANNER, HEAD, NAV, PAGE

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "html"
SAMPLES = REPO / "samples"

KIND_LABELS = {
    "oral": "Oral", "spotlight": "Spotlight", "poster": "Poster",
    "spotlight-poster": "Spotlight Poster", "qa": "Q&A", "break": "Break",
}  # fmt: skip
PRESENTATION_LABELS = {
    "in-person": "In-Person Poster presentation", "virtual": "Virtual presentation",
}  # fmt: skip
# A zone name for times whose tzinfo has none (ISO offsets): what these sites would print.
ZONE_NAMES = {-8.0: "PST", -7.0: "PDT", -5.0: "EST", -4.0: "EDT", 0.0: "UTC", 2.0: "CEST"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UNLINKED_KINDS = ("qa", "break")  # slots that are not papers have no page of their own
SITE_LINK = re.compile(r"/virtual/\d{4}/[\w-]+/(\d+)")


@dataclass(frozen=True)
class PageOptions:
    """How one save of a page differs from another."""

    logged_in: bool = False  # a chat iframe instead of "Chat is not available."
    conference_title: bool = True  # the second <title>, e.g. "ICLR 2021"
    cookie_banner: bool = True
    timezone: str | None = None  # a "Timezone: Area/City" banner; times shown in that zone
    sort_by_poster: bool = False  # 2025 poster pages sort cards by poster number as text
    author_separator: str = "&middot;"  # other pages use "⋅" (U+22C5)
    nested_paragraphs: bool = True  # abstracts as <p><p>…</p></p>, as some pages have them
    session_event_id: int | None = None  # default: derived from the session's id
    first_event_id: int | None = None  # default: derived from the session's id


# --- times as the sites print them ---------------------------------------------------------


def django_clock(value: datetime) -> str:
    """Django's "P" format: '11 a.m.', '1:30 p.m.', 'noon', 'midnight'."""
    if (value.hour, value.minute) in ((12, 0), (0, 0)):
        return "noon" if value.hour == 12 else "midnight"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes} {'a.m.' if value.hour < 12 else 'p.m.'}"


def day_text(value: datetime) -> str:
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]}"


def zone_text(value: datetime) -> str:
    name = value.tzname() or ""
    if name.isalpha():
        return name
    hours = value.utcoffset() / timedelta(hours=1)
    return ZONE_NAMES.get(hours) or value.strftime("%z")


def session_time_text(start: datetime, end: datetime) -> str:
    """'Wed 16 Jul 11 a.m. PDT' then, on the next line, '&mdash; 1:30 p.m. PDT'."""
    end_day = "" if end.date() == start.date() else f"{day_text(end)} "
    return (
        f"{day_text(start)} {django_clock(start)} {zone_text(start)}\n"
        f"            &mdash; {end_day}{django_clock(end)} {zone_text(end)}"
    )


def slot_time_text(start: datetime, end: datetime) -> str:
    """'Mon 3 May 3:00 - 3:15 PDT': the slots' own format, as the rendered text shows it."""
    return f"{day_text(start)} {start:%-H:%M} - {end:%-H:%M} {zone_text(end)}"


def _shown(value: datetime, options: PageOptions) -> datetime:
    return value.astimezone(ZoneInfo(options.timezone)) if options.timezone else value


# --- cards -----------------------------------------------------------------------------------


def kind_label(item: Item) -> str:
    """'Oral', 'Spotlight Poster', or ICLR 2023's 'In-Person Poster presentation / poster
    accept' (the presentation and decision stand where other pages put the kind)."""
    if item.presentation or item.decision:
        presentation = PRESENTATION_LABELS.get(item.presentation or "", "Poster presentation")
        return f"{presentation} / {item.decision}" if item.decision else presentation
    return KIND_LABELS.get(item.kind, item.kind.replace("-", " ").title())


def link_path(item: Item, event_id: int, year: int | None) -> str:
    if item.url and SITE_LINK.search(item.url):
        return SITE_LINK.search(item.url)[0]
    segment = "poster" if "poster" in item.kind else item.kind
    return f"/virtual/{year}/{segment}/{event_id}"


def _bookmark(element_id: str, event_id: int, extra: str) -> str:
    return f"""<span id="{element_id}" class="bump20 bookmark-cell fa-lg"
          title="Add / Remove Bookmark"
          onclick="toggle_bookmark(bookmark_id='{element_id}', event_id='{event_id}', {extra}
                  alt_bookmark_element_id='');">
                <i class="fa-bookmark fa-solid solid-bookmark" style="display:none;"></i>
                <i class="fa-bookmark fa-regular regular-bookmark" ></i>
    </span>"""


def _card_top(item: Item, number: int, event_id: int | None) -> str:
    element_id = f"bookmark-number-{number}"
    extra = f"bookmark_event_number='{number}',"
    bookmark = _bookmark(element_id, event_id, extra) if event_id else ""
    poster = (
        item.poster and f'<div class="small" title="Poster Position">{escape(item.poster)}</div>'
    )
    return f"""        <div class="btn-spacer float-end track-pad"
             style="position:relative; top:-3px">
            <div class="track-child-bookmark">
    {bookmark}
</div>
            <br>
                <div class="float-end small">
                    {escape(kind_label(item))}
                </div>
                {poster or ""}
        </div>"""


def _title(item: Item, event_id: int | None, year: int | None) -> str:
    title = escape(item.title)
    if event_id is None:
        return f"        <h5><strong>{title}</strong></h5>"
    return (
        f'        <h5><strong><a href="{link_path(item, event_id, year)}">{title}</a></strong></h5>'
    )


def _authors(item: Item, options: PageOptions) -> str:
    if not item.authors:
        return ""
    names = f" {options.author_separator} ".join(escape(name) for name in item.authors)
    return f'        <p class="text-muted">\n            {names}\n        </p>'


def _abstract(item: Item, options: PageOptions) -> str:
    paragraphs = [f"<p>{escape(text)}</p>" for text in (item.abstract or "").split("\n") if text]
    body = "\n            ".join(paragraphs)
    if options.nested_paragraphs and body:
        body = f"<p>{body}</p>"
    return f'    <div class="abstract">\n            {body}\n    </div>'


def _slot_time(item: Item, options: PageOptions) -> str:
    """Where the rendered text shows it: before the kind label (docs/formats.md §1 A)."""
    if not (item.start and item.end):
        return ""
    shown = slot_time_text(_shown(item.start, options), _shown(item.end, options))
    return f'        <div class="small text-muted">{shown}</div>'


def _award(item: Item) -> str:
    """Where the rendered text shows it: after the poster number (docs/formats.md §1 B)."""
    if not item.award:
        return ""
    trophy = '<i class="fa fa-trophy"></i>'
    return f'        <div class="small text-danger">{trophy} {escape(item.award)}</div>'


def card_html(item: Item, number: int, event_id: int | None, year, options: PageOptions) -> str:
    parts = [
        '<div class="track-schedule-card">\n    <div None  >',
        _slot_time(item, options),
        _card_top(item, number, event_id),
        _award(item),
        _title(item, event_id, year),
        _authors(item, options),
        "    </div>",
        _abstract(item, options),
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


# --- the page --------------------------------------------------------------------------------


def event_ids(session: Session, options: PageOptions) -> tuple[int, list[int | None]]:
    """The session's bookmark id and each item's (None for Q&A and breaks): plausible
    site ids, stable for a session (seeded by what the page shows, not by confcli's ids, so
    fixtures do not churn when id derivation changes), taken from the items' own links when
    they have them."""
    seed = int(digest("event", session.conference, session.year, session.title), 16)
    session_event = options.session_event_id or 30000 + seed % 20000
    next_id = options.first_event_id or 40000 + seed % 20000
    ids: list[int | None] = []
    for item in session.items:
        linked = SITE_LINK.search(item.url or "")
        if item.kind in UNLINKED_KINDS:
            ids.append(None)
        else:
            ids.append(int(linked[1]) if linked else next_id)
            next_id += 1
    return session_event, ids


def _label(slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def _session_time(session: Session, event_id: int, options: PageOptions) -> str:
    bookmark = (
        f'<span class="bookmark-action-button fa fa-bookmark-o" id="the-bookmark-1" '
        f"onclick=\"toggle_bookmark(bookmark_id='the-bookmark-1', event_id='{event_id}', "
        f"bookmark_event_type='Session');\"></span>"
    )
    when = ""
    if session.start and session.end:
        when = session_time_text(_shown(session.start, options), _shown(session.end, options))
    return f"        <div>\n            {when}\n            {bookmark}\n        </div>"


def _chairs(session: Session) -> str:
    if not session.chairs:
        return ""
    label = "Moderators" if len(session.chairs) > 1 else "Moderator"
    names = " &middot; ".join(escape(name) for name in session.chairs)
    return f'        <div class="text-center text-muted small">{label}: {names}</div>'


def header_html(session: Session, event_id: int, options: PageOptions) -> str:
    parts = [
        '<div class="card-header">',
        session.kind and f'        <h3 class="text-center">{escape(_label(session.kind))}</h3>',
        f'        <h2 class="card-title main-title text-center" style="">\n'
        f"            {escape(session.title)}\n        </h2>",
        session.room and f'        <h5 class="text-center text-muted">{escape(session.room)}</h5>',
        _chairs(session),
        _session_time(session, event_id, options),
        "</div>",
        _session_abstract(session),
        _chat(session, event_id, options),
    ]
    return "\n".join(part for part in parts if part)


def _session_abstract(session: Session) -> str:
    paragraphs = "".join(
        f"\n        <p>{escape(p)}</p>" for p in (session.abstract or "").split("\n") if p
    )
    return (
        '<div class="abstract-section">\n    <div id="abstractExample" class="abstract-display">'
        f"\n        <p><strong>Abstract:</strong></p>{paragraphs}\n    </div>\n</div>"
    )


def _chat(session: Session, event_id: int, options: PageOptions) -> str:
    if options.logged_in:
        source = f"/virtual/{session.year}/chat/session/{event_id}?layout=embedded"
        frame = f'<iframe src="{source}" width="100%" height="600px"></iframe>'
        return f'<div class="chat-container">\n    {frame}\n</div>'
    return '<div class="text-center chat-unavailable"><p>Chat is not available.</p></div>'


def _head(session: Session, options: PageOptions) -> str:
    conference = None
    if options.conference_title and session.conference:
        conference = f"{session.conference} {session.year or ''}".strip()
    return HEAD.format(
        conference_title=f"<title>{escape(conference)}</title>" if conference else "",
        session_title=escape(session.title),
    )


def _nav(session: Session, options: PageOptions) -> str:
    banner = ""
    if options.timezone:
        banner = f'\n    <div class="timezone-info small">Timezone: {options.timezone}</div>'
    return NAV.format(
        name=escape(session.conference or "Conference"), year=session.year, banner=banner
    )


def _ordered_cards(session: Session, ids: list[int | None], options: PageOptions) -> list:
    cards = list(zip(session.items, ids, strict=True))
    if options.sort_by_poster:
        cards.sort(key=lambda card: card[0].poster or "")  # as text: "#W-100" < "#W-1000"
    return cards


def session_html(session: Session, options: PageOptions = PageOptions()) -> str:
    """The whole page of a session, as a browser saves it."""
    session_event, ids = event_ids(session, options)
    cards = _ordered_cards(session, ids, options)
    body = "\n".join(
        card_html(item, number, event_id, session.year, options)
        for number, (item, event_id) in enumerate(cards, start=1)
    )
    return PAGE.format(
        head=_head(session, options),
        nav=_nav(session, options),
        header=header_html(session, session_event, options),
        cards=body,
        cookies=COOKIE_BANNER if options.cookie_banner else "",
    )


# --- the committed fixtures ------------------------------------------------------------------


def sample_sessions() -> dict[str, Session]:
    """The five bundled samples, read by the text readers."""
    from confcli.readers.reading import ReadOptions, read_one
    from confcli.readers.sources import PageInput

    pages = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        page = read_one(PageInput(path.name, path.read_text(encoding="utf-8")), ReadOptions())
        pages[path.stem] = page.session
    return pages


def fixture_pages() -> dict[str, str]:
    """File name -> page, for every generated fixture."""
    from .posters import BIG_POSTER_NAME, big_poster_session

    pages = {f"{name}.html": session_html(s) for name, s in sample_sessions().items()}
    pages[f"{BIG_POSTER_NAME}.html"] = session_html(
        big_poster_session(), PageOptions(sort_by_poster=True, logged_in=True)
    )
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the fixtures in {FIXTURES}")
    args = parser.parse_args(argv)
    pages = fixture_pages()
    if not args.write:
        stale = [name for name, text in pages.items() if _read(FIXTURES / name) != text]
        print("\n".join(stale) or "fixtures are up to date")
        return 1 if stale else 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (FIXTURES / name).write_text(text, encoding="utf-8")
        print(f"wrote {FIXTURES / name}")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
