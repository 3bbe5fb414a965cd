"""Times as people read them: in the display zone, with the zone said."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    """The time in the display zone; None keeps the page's own zone."""
    return value if zone is None else value.astimezone(zone)


def zone_label(value: datetime) -> str:
    """'UTC-07:00' for fixed offsets, 'Europe/Berlin' style names for zones that have one."""
    key: str | None = getattr(value.tzinfo, "key", None)
    if key:
        return key
    offset = value.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def day_text(value: date) -> str:
    return value.strftime("%a %d %b %Y")


def clock_range(start: datetime | None, end: datetime | None, zone: tzinfo | None) -> str:
    """'03:00–03:15'; an end on another day says its date."""
    if start is None:
        return ""
    first = in_zone(start, zone)
    if end is None:
        return first.strftime("%H:%M")
    last = in_zone(end, zone)
    tail = last.strftime("%H:%M") if last.date() == first.date() else last.strftime("%a %H:%M")
    return f"{first:%H:%M}–{tail}"


def zones_caption(times: list[datetime | None], zone: tzinfo | None) -> str | None:
    """Which zone a table shows: 'Times in UTC-07:00.'"""
    labels = sorted({zone_label(in_zone(t, zone)) for t in times if t is not None})
    if not labels:
        return None
    where = "the display zone" if zone is not None else "the page's zone"
    return f"Times in {', '.join(labels)} ({where})."


def stored_when(stored_at: datetime | None) -> str:
    """'stored 2026-12-01 16:53 UTC' (in the local zone) for `parse`'s unchanged inputs."""
    if stored_at is None:
        return "stored before"
    local = stored_at.astimezone() if stored_at.tzinfo else stored_at
    return f"stored {local:%Y-%m-%d %H:%M} {zone_label(local)}".rstrip()
