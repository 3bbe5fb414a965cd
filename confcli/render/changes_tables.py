"""`confcli changes` for people: a row per change, its fields before and after."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from confcli.render.layout import Column, Layout, layout
from confcli.render.safe import rich_text
from confcli.render.timefmt import in_zone

if TYPE_CHECKING:
    from rich.console import RenderableType

    from confcli.store.changes import Change, Value

ID_SHOWN = 12


def changes_table(changes: list[Change], zone: tzinfo | None, width: int) -> RenderableType:
    table = Layout(
        [
            Column("Change", {"no_wrap": True}),
            Column("Id", {"no_wrap": True}),
            Column("Title", {"ratio": 2}, main=True),
            Column("Before", {"ratio": 1}),
            Column("After", {"ratio": 1}),
        ]
    )
    for change in changes:
        table.add_row(
            change.change,
            change.id[:ID_SHOWN],
            rich_text(change.title),
            rich_text(fields_text(change.before, zone)),
            rich_text(fields_text(change.after, zone)),
        )
    return layout(table, width)


def fields_text(fields: dict[str, Value], zone: tzinfo | None) -> str:
    """'start Wed 08 May 10:45, room Halle A 8' (times in the display zone)."""
    return ", ".join(f"{name} {value_text(value, zone)}" for name, value in fields.items())


def value_text(value: Value, zone: tzinfo | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None and "T" in value:
            return in_zone(moment, zone).strftime("%a %d %b %H:%M")
    return str(value)
