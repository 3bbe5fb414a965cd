"""`confcli show`: everything about one item, for people."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from confcli.model import Item, Session
from confcli.render.safe import rich_text
from confcli.render.timefmt import clock_range, day_text, in_zone, zone_label

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


def when_text(item: Item, zone: tzinfo | None) -> str | None:
    """In the display zone, and at the venue (the page's zone) when that differs."""
    if item.start is None:
        return None
    shown = in_zone(item.start, zone)
    text = f"{day_text(shown)} {clock_range(item.start, item.end, zone)} {zone_label(shown)}"
    if zone is not None and zone_label(shown) != zone_label(item.start):
        venue = f"{day_text(item.start)} {clock_range(item.start, item.end, None)}"
        text += f"  (venue: {venue} {zone_label(item.start)})"
    return text


def _facts(
    item: Item, session: Session, zone: tzinfo | None, set_by_hand: bool
) -> list[tuple[str, str | None]]:
    conference = " ".join(str(part) for part in (item.conference, item.year) if part) or None
    when = when_text(item, zone)
    if when and set_by_hand:
        when += "  (set by hand)"
    return [
        ("Kind", item.kind), ("Session", session.title), ("Conference", conference),
        ("When", when), ("Room", item.room), ("Poster", item.poster),
        ("Decision", item.decision), ("Presentation", item.presentation),
        ("Award", item.award), ("Topic", item.topic),
        ("Keywords", ", ".join(item.keywords) or None), ("Id", item.id),
    ]  # fmt: skip


def item_detail(
    item: Item,
    session: Session,
    others: list[Item],
    zone: tzinfo | None,
    set_by_hand: bool = False,
) -> RenderableType:
    """A Rich renderable: title, facts, all authors, the whole abstract, links. A time
    given by `library set-time` (``set_by_hand``) says so."""
    from rich.console import Group
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    for label, value in _facts(item, session, zone, set_by_hand):
        if value:
            facts.add_row(label, rich_text(value))
    parts: list[RenderableType] = [rich_text(item.title, "bold"), facts]
    if item.authors:
        parts += [rich_text(""), *_authors(item)]
    if item.abstract:
        parts += [rich_text(""), rich_text(item.abstract, newlines=True)]
    parts += _links(item, others, zone)
    return Group(*parts)


def _authors(item: Item) -> list[Text]:
    """The authors on one line; one a line with their institutions when the page gives
    them (an author whose institution is unknown stands alone)."""
    if not item.affiliations:
        return [rich_text(", ".join(item.authors))]
    pairs = zip(item.authors, item.affiliations, strict=True)
    return [rich_text(f"{name} ({place})" if place else name) for name, place in pairs]


def _links(item: Item, others: list[Item], zone: tzinfo | None) -> list[Text]:
    lines = []
    if item.url:
        lines.append(rich_text(f"Page: {item.url}"))
    for name, url in getattr(item, "links", ()) or ():
        lines.append(rich_text(f"{name.capitalize()}: {url}"))
    for other in others:
        when = when_text(other, zone) or "no time"
        lines.append(rich_text(f"Also: {other.kind} in {other.session}, {when} [{other.id}]"))
    return [rich_text(""), *lines] if lines else []
