"""frab/pentabarf ``schedule.xml`` (the c3voc XSD's shape): ``<schedule>`` → ``<day>`` →
``<room>`` → ``<event>``, read into the fields that frab_schedule.py turns into sessions,
the same as ``schedule.json`` (frab.py) gives.

XML from a page is hostile: a document declaring a DTD or entities is refused before it
is parsed (entity expansion can grow without bound or name local files), and what is left
is parsed by the standard library's ElementTree, which then knows only the five
predefined entities.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from confcli.errors import BadInputError
from confcli.readers.build import PageContext, ParsedPage
from confcli.readers.frab_schedule import (
    DayFields,
    EventFields,
    ScheduleFields,
    line,
    paragraphs,
    schedule_pages,
)
from confcli.readers.vocabulary import SNIFF_CHARS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

SHAPE = "frab-xml"
# What may come before the root element: the XML declaration, processing instructions and
# comments. A doctype naming <schedule> is claimed too, so that it is refused with its reason.
PROLOGUE = re.compile(r"\s*(?:<\?[^>]{0,1000}\?>|<!--[\s\S]*?-->)")
ROOT = re.compile(r"\s*(?:<schedule[\s>/]|<!DOCTYPE\s+schedule\b)")
DECLARATIONS = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def sniff(head: str) -> bool:
    """An XML document whose root element is ``<schedule>``."""
    text, position = head.lstrip("\ufeff"), 0
    while (match := PROLOGUE.match(text, position)) and match.end() > position:
        position = match.end()
    return bool(ROOT.match(text, position))


def read_frab_xml(text: str, context: PageContext) -> list[ParsedPage] | None:
    """One page per day and room of a frab ``schedule.xml``; None when not one."""
    if not sniff(text[:SNIFF_CHARS]):
        return None
    root = parse_xml(text, context.source)
    fields = _schedule(root)
    for day in root.findall("day"):
        fields.days.append(_day(day, fields))
    return schedule_pages(fields, context, SHAPE)


def parse_xml(text: str, source: str | None) -> Element:
    """The document's root element; a DTD, an entity declaration or broken XML is refused."""
    from xml.etree import ElementTree  # only when an XML schedule is read

    if DECLARATIONS.search(text):
        message = "XML declaring a DTD or entities is refused (they can expand without bound)"
        raise BadInputError(message, source=source)
    try:
        return ElementTree.fromstring(_without_declaration(text.lstrip("\ufeff")))
    except ElementTree.ParseError as error:
        raise BadInputError(f"broken schedule XML ({error})", source=source) from None


def _without_declaration(text: str) -> str:
    """The text is decoded already: an ``encoding=`` in the declaration no longer holds."""
    return re.sub(r"^\s*<\?xml[^>]{0,1000}\?>", "", text, count=1)


def _schedule(root: Element) -> ScheduleFields:
    conference = root.find("conference")
    generator = root.find("generator")
    return ScheduleFields(
        title=_text(conference, "title"),
        acronym=_text(conference, "acronym"),
        start=_text(conference, "start"),
        zone_name=_text(conference, "time_zone_name"),
        base_url=_text(conference, "base_url"),
        generator=line(generator.get("name")) if generator is not None else None,
        day_change=_text(conference, "day_change"),
    )


def _day(day: Element, fields: ScheduleFields) -> DayFields:
    found = DayFields(date=line(day.get("date")), start=line(day.get("start")))
    for room in day.findall("room"):
        for event in room.findall("event"):
            found.events.append(_event(event, line(room.get("name"))))
    return found


def _event(event: Element, room: str | None) -> EventFields:
    references = [*event.iterfind("links/link"), *event.iterfind("attachments/attachment")]
    return EventFields(
        title=_text(event, "title"),
        type=_text(event, "type"),
        room=_text(event, "room") or room,
        track=_text(event, "track"),
        date=_text(event, "date"),
        start=_text(event, "start"),
        duration=_text(event, "duration"),
        abstract=paragraphs(event.findtext("abstract")),
        description=paragraphs(event.findtext("description")),
        url=_text(event, "url"),
        site_id=line(event.get("guid") or event.get("code") or event.get("id")),
        persons=[name for name in map(_all_text, event.iterfind("persons/person")) if name],
        links=[(_all_text(link), line(link.get("href"))) for link in references],
    )


def _text(parent: Element | None, tag: str) -> str | None:
    return None if parent is None else line(parent.findtext(tag))


def _all_text(element: Element) -> str | None:
    return line("".join(element.itertext()))
