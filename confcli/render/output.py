"""The one door every command's answer goes out by: ``emit`` shows a result to people (Rich
tables, or plain text) or as JSON, picking both renderers by the result's type.

Adding a command's output is a result type in confcli.results, its JSON shape in
confcli.render.jsonout, its table in confcli.render.tables (or detail), and one line in
RENDERERS. Rich and the table modules load only when a table is drawn: JSON never needs
them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from confcli.render import jsonout
from confcli.render.terminal import Terminal
from confcli.results import (
    AgendaResult,
    ChangesResult,
    ItemDetail,
    ItemList,
    LibraryHealth,
    LibraryPath,
    NowResult,
    ParseResult,
    Result,
    SearchResults,
    SessionList,
    StatsResult,
)

R = TypeVar("R")
ForPeople = Callable[[Terminal, Any], None]
ForMachines = Callable[[Any], object]

RENDERERS: dict[type, tuple[ForPeople, ForMachines | None]] = {}


def emit(terminal: Terminal, result: Result, json: bool = False) -> None:
    """The result on stdout: as JSON when ``json``, else for people."""
    for_people, for_machines = RENDERERS[type(result)]
    if not json:
        for_people(terminal, result)
    elif for_machines is None:
        raise TypeError(f"{type(result).__name__} has no JSON shape")
    else:
        terminal.write_data(jsonout.dumps(for_machines(result)))


def register(
    kind: type[R],
    for_people: Callable[[Terminal, R], None],
    for_machines: Callable[[R], object] | None,
) -> None:
    """Both renderers of a result type (typed together, so they fit the type)."""
    RENDERERS[kind] = (for_people, for_machines)


def _print(terminal: Terminal, renderable: object) -> None:
    terminal.console().print(renderable)


def _width(terminal: Terminal) -> int:
    """The width tables are laid out for (the terminal's, or --width's in tests)."""
    return terminal.width or terminal.console().width


# --- for people -----------------------------------------------------------------------------


def session_list_table(terminal: Terminal, result: SessionList) -> None:
    from confcli.render.tables import sessions_table

    _print(terminal, sessions_table(result.summaries, result.zone, _width(terminal)))


def item_list_tables(terminal: Terminal, result: ItemList) -> None:
    """A table per session, its selected items in order (nothing when none are)."""
    if not result.items:
        return
    from confcli.render.tables import session_items_table

    width, id_length, changed = _width(terminal), result.id_length(), result.changed()
    for session in result.sessions():
        table = session_items_table(
            session,
            result.zone,
            width,
            id_length=id_length,
            moment=result.moment,
            decision=result.decision,
            starred=result.starred,
            changed=changed,
        )
        _print(terminal, table)


def search_table(terminal: Terminal, result: SearchResults) -> None:
    if not result.hits:
        terminal.message(f"confcli: {result.none_found()}")
        return
    from confcli.render.tables import search_table

    table = search_table(
        result.hits,
        result.zone,
        _width(terminal),
        id_length=result.id_length(),
        starred=result.starred,
    )
    _print(terminal, table)


def detail_view(terminal: Terminal, result: ItemDetail) -> None:
    from confcli.render.detail import item_detail

    session, hand = result.session(), result.time_set_by_hand
    _print(terminal, item_detail(result.item, session, result.others, result.zone, hand))


def stats_table(terminal: Terminal, result: StatsResult) -> None:
    from confcli.render.tables import stats_table

    _print(terminal, stats_table(result.sessions, result.zone, _width(terminal)))


def parse_table(terminal: Terminal, result: ParseResult) -> None:
    """A row per page read, and per input unchanged among them; nothing when no page was
    read (an unchanged input's line on stderr says it all, without Rich's import)."""
    if not result.report.pages:
        return
    from confcli.render.tables import parse_table

    _print(terminal, parse_table(result.report, _width(terminal)))


def health_text(terminal: Terminal, result: LibraryHealth) -> None:
    """A line per fact, label and value, as `library check` prints them."""
    health = result.health
    rows: list[tuple[str, object]] = [("library", health.path), ("version", health.version)]
    rows += [("sessions", health.sessions), ("items", health.items)]
    rows = [(label, value) for label, value in rows if value is not None]
    rows += [("problem", problem) for problem in health.problems]
    rows += [("note", note) for note in health.notes]
    rows.append(("state", "ok" if health.ok else health.blocked or "unusable"))
    terminal.write("".join(f"{label:<10}{value}\n" for label, value in rows))


def path_text(terminal: Terminal, result: LibraryPath) -> None:
    terminal.write(f"{result.path}\n")


def agenda_tables(terminal: Terminal, result: AgendaResult) -> None:
    """A table per day of picks, then the plan; a hint when nothing is starred."""
    from confcli.render.agenda_tables import day_table, plan_lines

    if not result.agenda.days:
        terminal.message("confcli: nothing starred (yet): `confcli star ITEM` picks a slot")
    for day in result.agenda.days:
        _print(terminal, day_table(day, result.zone))
    terminal.write(plan_lines(result.agenda, result.zone))


def now_text(terminal: Terminal, result: NowResult) -> None:
    from confcli.render.agenda_tables import now_lines

    terminal.write(now_lines(result.now, result.zone, result.notes))


def changes_table(terminal: Terminal, result: ChangesResult) -> None:
    """A row per change; a line saying so when there are none."""
    if not result.changes:
        terminal.message("confcli: no changes recorded (a refresh by `confcli get` records them)")
        return
    from confcli.render.changes_tables import changes_table

    _print(terminal, changes_table(result.changes, result.zone, _width(terminal)))


register(SessionList, session_list_table, jsonout.session_list_json)
register(ItemList, item_list_tables, jsonout.item_list_json)
register(SearchResults, search_table, jsonout.search_json)
register(ItemDetail, detail_view, jsonout.detail_json)
register(StatsResult, stats_table, jsonout.stats_json)
register(ParseResult, parse_table, jsonout.parse_json)
register(LibraryHealth, health_text, jsonout.health_json)
register(LibraryPath, path_text, None)
register(AgendaResult, agenda_tables, jsonout.agenda_json)
register(NowResult, now_text, jsonout.now_json)
register(ChangesResult, changes_table, jsonout.changes_json)
