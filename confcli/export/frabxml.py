"""frab export as ``schedule.xml``: what offline schedule apps read (Giggity detects
pentabarf/frab XML, ConfClerk and EventFahrplan read it), valid against the c3voc XSD
(tests/schemas/frab-schedule.xml.xsd).

The content is the ``schedule.json`` export's (frab.py), event for event, in the XSD's
elements: the same days, rooms, guids, times and texts. What the XSD allows less of is
adapted, never invalid: event ids are made unique (the XSD requires it; a hash of 24,000
ids may repeat one), a length of 100 hours or more is written as 99:59, a URL that is not
http(s) and a slug outside the XSD's pattern are left out, what an xs:anyURI cannot hold
in a URL is escaped, and every character XML 1.0 forbids is removed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from confcli import __version__
from confcli.export import frab
from confcli.export.common import ExportOptions, Selection, timed

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 does not allow at all (its Char production), beyond what the JSON
# export already removed: C0 controls but tab and line ends, surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")  # the XSD's voc-slug-new
# What the XSD's anyURI (as libxml2 checks it) takes of a URL a page gave: an http(s)
# scheme in lower case, a host name or IPv6 address with an optional port, and the rest
# with every character outside a safe set escaped (a '%' not starting an escape and a
# second '#' too). A URL without such a host is left out.
WEB_URL = re.compile(
    r"(https?)://((?:[\w.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?)([/?#].*)?", re.IGNORECASE | re.DOTALL
)
LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
URL_SAFE = "/?#&=;:@!$'()*+,~%"
LONGEST = "99:59"  # the XSD's duration has at most two digits of hours
# The conference's fields in the JSON export and their element names here.
CONFERENCE_FIELDS = (
    ("acronym", "acronym"), ("title", "title"), ("start", "start"), ("end", "end"),
    ("daysCount", "days"), ("timeslot_duration", "timeslot_duration"),
    ("time_zone_name", "time_zone_name"),
)  # fmt: skip
# The event's text fields, in the order frab writes them.
EVENT_FIELDS = (
    "date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
    "language", "abstract", "description",
)  # fmt: skip


def render(selection: Selection, options: ExportOptions) -> str:
    from xml.etree import ElementTree  # only when exporting XML

    items = timed(selection.items)
    record = frab.conference(items, options)
    root = ElementTree.Element("schedule")
    _child(root, "generator", None, name="confcli", version=__version__)
    _child(root, "version", frab.schedule_version(items))
    conference = _child(root, "conference", None)
    for key, tag in CONFERENCE_FIELDS:
        if key in record:
            _child(conference, tag, record[key])
    room_guids = {room["name"]: room["guid"] for room in record["rooms"]}
    ids: set[int] = set()
    for day in record["days"]:
        _day(root, day, room_guids, ids)
    ElementTree.indent(root)
    return DECLARATION + ElementTree.tostring(root, encoding="unicode") + "\n"


def _day(root: Element, day: dict[str, Any], room_guids: dict[str, str], ids: set[int]) -> None:
    element = _child(root, "day", None, index=day["index"], date=day["date"])
    element.set("start", day["day_start"])
    element.set("end", day["day_end"])
    for name, events in day["rooms"].items():
        room = _child(element, "room", None, name=name, guid=room_guids[name])
        for event in events:
            _event(room, event, ids)


def _event(room: Element, event: dict[str, Any], ids: set[int]) -> None:
    element = _child(room, "event", None, guid=event["guid"], id=_unique(event["id"], ids))
    values = {**event, "duration": _duration(event["duration"])}
    values["abstract"] = event["abstract"] or ""  # the XSD requires it
    values["slug"] = event["slug"] if SLUG.fullmatch(event["slug"]) else None
    values["url"] = web_uri(event["url"])
    for name in EVENT_FIELDS:
        if values[name] is not None:
            _child(element, name, values[name])
    persons = _child(element, "persons", None)
    for person in event["persons"]:
        _child(persons, "person", person["name"])
    links = _child(element, "links", None)
    for link in event["links"]:
        _child(links, "link", link["title"], href=link["url"], type=link["type"])


def web_uri(url: str) -> str | None:
    """The http(s) URL as an xs:anyURI the XSD accepts, or None."""
    match = WEB_URL.fullmatch(url)
    if not match:
        return None
    head, hash, fragment = (match[3] or "").partition("#")
    rest = LONE_PERCENT.sub("%25", head + hash + fragment.replace("#", "%23"))
    return f"{match[1].lower()}://{match[2]}{quote(rest, safe=URL_SAFE)}"


def _unique(wanted: int, ids: set[int]) -> int:
    """The event's id, or the next one free: the XSD wants every id once."""
    while wanted in ids:
        wanted += 1
    ids.add(wanted)
    return wanted


def _duration(text: str) -> str:
    return text if len(text.split(":")[0]) <= 2 else LONGEST


def _child(parent: Element, tag: str, text: object, **attributes: object) -> Element:
    from xml.etree.ElementTree import SubElement

    element = SubElement(parent, tag, {key: _xml(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _xml(text)
    return element


def _xml(value: object) -> str:
    return NOT_XML.sub("", str(value))
