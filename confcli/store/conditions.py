"""Filters compiled to SQL: a FilterSpec (and what resolving it needs) becomes a condition
over ``items`` with its parameters. User text only ever reaches SQL as a parameter.

Times are read in the display zone (``--tz``); without one, in each item's own (the
page's) zone, compared on the stored local ISO text. Day and clock filters become UTC
ranges per local date, so they stay exact across DST and need no per-row Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from confcli.errors import UsageError
from confcli.filters import FilterSpec, parse_day, parse_moment
from confcli.model import slug

UPCOMING = timedelta(hours=24)  # "what comes next" looks this far ahead


@dataclass
class Condition:
    """SQL over ``items`` with its parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def where(self) -> str:
        return " AND ".join(f"({clause})" for clause in self.clauses) or "1"


def utc_text(moment: datetime) -> str:
    """The form SQLite's datetime() gives, for comparing with it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


# --- building the condition --------------------------------------------------------------


@dataclass
class FilterContext:
    """What resolving filters needs besides the spec."""

    zone: tzinfo | None
    session_ids: list[str] | None = None  # --session, resolved by the caller
    local_dates: list[date] = field(default_factory=list)  # dates that hold items
    now: datetime | None = None


def build(spec: FilterSpec, context: FilterContext) -> Condition:
    condition = Condition()
    if context.session_ids is not None:
        marks = ", ".join("?" * len(context.session_ids))
        condition.add(f"items.session_id IN ({marks})", *context.session_ids)
    if spec.kind:
        kinds = [slug(kind) for kind in spec.kind]
        condition.add(f"items.kind IN ({', '.join('?' * len(kinds))})", *kinds)
    _text_filters(spec, condition)
    _pick_filters(spec, condition)
    _time_filters(spec, context, condition)
    return condition


def _text_filters(spec: FilterSpec, condition: Condition) -> None:
    if spec.room:
        condition.add("items.room LIKE ? ESCAPE '\\'", _like(spec.room))
    if spec.topic:
        condition.add("items.topic LIKE ? ESCAPE '\\'", _like(spec.topic))
    if spec.author:
        condition.add(
            "items.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)",
            "authors : " + _phrase(spec.author),
        )
    if spec.award is not None:
        if spec.award in ("", "any", "*"):
            condition.add("items.award IS NOT NULL")
        else:
            condition.add("items.award LIKE ? ESCAPE '\\'", _like(spec.award))
    if spec.decision:
        condition.add("items.decision LIKE ? ESCAPE '\\'", _like(spec.decision))
    if spec.conference:
        condition.add("items.conference = ? COLLATE NOCASE", spec.conference)
    if spec.year:
        condition.add("items.year = ?", spec.year)


def _pick_filters(spec: FilterSpec, condition: Condition) -> None:
    """The user's picks (store/picks.py): --starred keeps the starred, hidden ones go
    unless --hidden."""
    if spec.starred:
        condition.add("items.id IN (SELECT item_id FROM picks WHERE starred)")
    if not spec.hidden:
        condition.add("items.id NOT IN (SELECT item_id FROM picks WHERE hidden)")


def escape_like(text: str) -> str:
    """Text for a LIKE pattern with ``ESCAPE '\\'``: its own % and _ match only themselves."""
    return re.sub(r"([\\%_])", r"\\\1", text)


def _like(text: str) -> str:
    return f"%{escape_like(text.strip())}%"


def _phrase(text: str) -> str:
    """An FTS5 phrase of the words of ``text`` (no operators can slip through)."""
    words = re.findall(r"\w+", text)
    if not words:
        raise UsageError(f"--author: no name in {text!r}")
    return '"' + " ".join(words) + '"'


Bound = datetime | time | None  # --after, --before: a moment, a clock time, or none


def _time_filters(spec: FilterSpec, context: FilterContext, condition: Condition) -> None:
    today = _today(context)
    if spec.now:
        _on_or_next(_now(context), condition)
    elif spec.at:
        _on_or_next(_moment_at(spec.at, context), condition)
    after = parse_moment(spec.after, "--after", context.zone, today) if spec.after else None
    before = parse_moment(spec.before, "--before", context.zone, today) if spec.before else None
    dates = _dates_of(spec, context, after, before)
    if dates is not None:
        _within_days(dates, after, before, context.zone, condition)
    else:
        _bound(after, ">=", context.zone, condition)
        _bound(before, "<", context.zone, condition)


def _now(context: FilterContext) -> datetime:
    """The clock the command was handed (system time only when none was)."""
    return context.now or datetime.now(UTC)


def _today(context: FilterContext) -> date:
    """Today in the display zone (the process's own zone when none is given)."""
    return _now(context).astimezone(context.zone).date()


def asked_moment(spec: FilterSpec, context: FilterContext) -> datetime | None:
    """The moment --now or --at names, read as the filter reads it (None without either):
    the tables mark the slot on then and the next."""
    if spec.now:
        return _now(context)
    return _moment_at(spec.at, context) if spec.at else None


def _moment_at(text: str, context: FilterContext) -> datetime:
    found = parse_moment(text, "--at", context.zone, _today(context))
    if isinstance(found, time):
        found = datetime.combine(_today(context), found)
        return found if context.zone is None else found.replace(tzinfo=context.zone)
    return found


def _on_or_next(moment: datetime, condition: Condition) -> None:
    """On at the moment, or the next slot of its session starting within UPCOMING. A moment
    without a zone is each item's own wall-clock time, as --after and --before read it."""
    local = moment.tzinfo is None
    at, horizon = (_moment_text(m, local) for m in (moment, moment + UPCOMING))
    start, end = _time_of("items.start", local), _time_of('items."end"', local)
    next_start = _time_of("n.start", local)
    condition.add(
        f"({start} <= ? AND {end} > ?) OR ({start} > ? AND {start} <= ? AND {start} = "
        f"(SELECT min({next_start}) FROM items n WHERE n.session_id = items.session_id "
        f"AND {next_start} > ?))",
        at,
        at,
        at,
        horizon,
        at,
    )


def _time_of(column: str, local: bool) -> str:
    """A stored time as compared: its wall-clock text, or the UTC time SQLite makes of it."""
    return f"substr({column}, 1, 19)" if local else f"datetime({column})"


def _moment_text(moment: datetime, local: bool) -> str:
    return moment.isoformat(timespec="seconds") if local else utc_text(moment)


def _dates_of(
    spec: FilterSpec, context: FilterContext, after: Bound, before: Bound
) -> list[date] | None:
    """The local dates a day filter (or a bare clock bound) selects; None: no day filter."""
    if spec.day:
        day = parse_day(spec.day, context.zone, _today(context))
        if isinstance(day, date):
            return [day]
        return [d for d in context.local_dates if d.weekday() == day]
    if isinstance(after, time) or isinstance(before, time):
        return list(context.local_dates)
    return None


def _within_days(
    dates: list[date], after: Bound, before: Bound, zone: tzinfo | None, condition: Condition
) -> None:
    start_clock = after if isinstance(after, time) else time(0)
    ranges = []
    for day in dates:
        low = datetime.combine(day, start_clock)
        high = datetime.combine(day, before) if isinstance(before, time) else None
        high = high or datetime.combine(day + timedelta(days=1), time(0))
        ranges.append((low, high))
    if not ranges:
        condition.add("0")
        return
    parts = [_range_clause(low, high, zone) for low, high in ranges]
    condition.add(" OR ".join(clause for clause, _ in parts), *(p for _, ps in parts for p in ps))
    for bound, op in ((after, ">="), (before, "<")):
        if isinstance(bound, datetime):
            _bound(bound, op, zone, condition)


def _range_clause(
    low: datetime, high: datetime, zone: tzinfo | None
) -> tuple[str, tuple[str, str]]:
    if zone is None:  # each item's own zone: compare its local wall-clock text
        return "(substr(items.start, 1, 19) >= ? AND substr(items.start, 1, 19) < ?)", (
            low.isoformat(timespec="seconds"),
            high.isoformat(timespec="seconds"),
        )
    low, high = low.replace(tzinfo=zone), high.replace(tzinfo=zone)
    return "(datetime(items.start) >= ? AND datetime(items.start) < ?)", (
        utc_text(low),
        utc_text(high),
    )


def _bound(moment: Bound, op: str, zone: tzinfo | None, condition: Condition) -> None:
    if not isinstance(moment, datetime):  # a clock time bounds each day: _within_days
        return
    if moment.tzinfo is None and zone is None:
        condition.add(f"substr(items.start, 1, 19) {op} ?", moment.isoformat(timespec="seconds"))
    else:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=zone)
        condition.add(f"datetime(items.start) {op} ?", utc_text(aware))
