"""One session, one identity: a page read from a differently named file (a copy, standard
input, a capture) that names no conference or year takes the identity of the stored session
it is a copy of, instead of becoming a second one.

A page's conference and year come from its own words, else ``--conference``/``--year``,
else a stored session it matches, else its file name. It matches a stored session (or one
read earlier in the same run) of the same title that starts at the same instant and holds
the same items (by title: at least MATCHING of the larger set's titles shared); it then
takes that session's conference, year, session id and item ids. A page whose own words
disagree with ``--conference``/``--year`` keeps its words, with a warning.

The other way round, a copy that knows less (stored, or read earlier in the run, with no
conference or year) takes the identity of a page that knows them (from its words, the
options or its file name): an earlier page at once, a stored session by an ``Upgrade`` that
Library.store applies in its transaction (its items' picks and its hand time move to the
new ids; store/edits.py, store/picks.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from confcli.model import Item, Session, normalise_title
from confcli.readers.build import ItemIds, ParsedPage
from confcli.store.edits import Upgrade

if TYPE_CHECKING:
    from confcli.readers.reading import ReadOptions
    from confcli.store import Library

MATCHING = 0.8  # the share of item titles two copies of a session must have in common
NO_YEAR = "conference year unknown (give --year)"
OWN_IDS = ("confcli-json", "confcli-json-items")  # confcli's own JSON carries its ids


def settle_identities(
    library: Library, pages: Iterable[ParsedPage], options: ReadOptions
) -> list[Upgrade]:
    """Each page that names no conference or year, and for which the user named neither,
    takes the identity of the stored session (or earlier page) it is a copy of. A copy that
    knows less (no conference or year, where the page's words, the options or its file
    name give them) takes the page's instead: an earlier page of this run at once, a stored
    session by the upgrades returned (for Library.store: its items re-id'd, picks moved)."""
    earlier: dict[str, ParsedPage] = {}  # the pages settled so far, by session id
    upgrades: dict[str, Upgrade] = {}  # by the stored session's id
    for page in pages:
        twin = _copy_of(library, page, earlier.values())
        if twin is not None and _knows_less(twin, page.session):
            if twin.id in earlier:
                _take_identity(earlier.pop(twin.id), page.session)
            else:
                upgrades[twin.id] = _upgrade(twin, page)
        elif twin is not None and _may_adopt(page, options):
            _take_identity(page, twin)
        earlier[page.session.id] = page
    return list(upgrades.values())


def _copy_of(library: Library, page: ParsedPage, earlier: Iterable[ParsedPage]) -> Session | None:
    """The stored session or earlier page this page is a copy of, if exactly one."""
    if page.partial or page.shape in OWN_IDS:
        return None
    stored = library.sessions_like(page.session.title, page.session.start)
    return _twin(page.session, [*stored, *(other.session for other in earlier)])


def _knows_less(twin: Session, session: Session) -> bool:
    """The twin lacks a conference or year the session has (from its file name, the options
    or its words), and says nothing against it."""
    agrees = twin.conference in (None, session.conference) and twin.year in (None, session.year)
    lacks = (session.conference and not twin.conference) or (session.year and not twin.year)
    return bool(agrees and lacks and twin.id != session.id)


def _upgrade(twin: Session, page: ParsedPage) -> Upgrade:
    """The stored twin as the page's session: each of its slots' ids -> the page's slot of
    the same site id, or kind, title and occurrence (a slot the page lacks keeps its id)."""
    session = page.session
    mine = _ids_by_slot(session.items)
    item_ids = {old: mine[key] for key, old in _ids_by_slot(twin.items).items() if key in mine}
    page.warnings.append(_upgraded(twin, session))
    return Upgrade(twin.id, session.id, session.conference, session.year, item_ids)


def _take_identity(page: ParsedPage, twin: Session) -> None:
    adopted = adopt(page.session, twin)
    if _ids(adopted) != _ids(page.session):
        page.session = adopted
        page.warnings[:] = [w for w in page.warnings if w != NO_YEAR or not twin.year]
        page.warnings.append(_adopted(twin))


def _may_adopt(page: ParsedPage, options: ReadOptions) -> bool:
    return (
        page.named == (None, None)
        and options.conference is None
        and options.year is None
        and not page.partial
        and page.shape not in OWN_IDS
    )


def _ids(session: Session) -> tuple[str, list[str]]:
    return session.id, [item.id for item in session.items]


def _twin(session: Session, candidates: list[Session]) -> Session | None:
    """The one candidate that is this session read before (several: none, they differ)."""
    title = normalise_title(session.title)
    found = {
        candidate.id: candidate
        for candidate in candidates
        if normalise_title(candidate.title) == title
        and candidate.start == session.start
        and same_items(session.items, candidate.items)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def same_items(ours: tuple[Item, ...], theirs: tuple[Item, ...]) -> bool:
    """The same slots by title: at least MATCHING of the larger list's titles shared."""
    mine = Counter(normalise_title(item.title) for item in ours)
    other = Counter(normalise_title(item.title) for item in theirs)
    larger = max(sum(mine.values()), sum(other.values()))
    return larger == 0 or sum((mine & other).values()) >= MATCHING * larger


def adopt(session: Session, twin: Session) -> Session:
    """The session with the twin's conference, year and ids: each slot the id of the twin's
    slot of the same site id, or kind, title and occurrence; a slot the twin lacks an id
    made as the twin's own would be."""
    stored = _ids_by_slot(twin.items)
    fresh = ItemIds(twin.conference, twin.year, twin.id)
    seen: Counter[tuple[str, ...]] = Counter()
    items = []
    for item in session.items:
        key = _slot(item)
        made = fresh.next(item.site_id, item.kind, item.title)
        item_id = stored.get((key, seen[key]), made)
        seen[key] += 1
        items.append(
            replace(
                item, id=item_id, session_id=twin.id, conference=twin.conference, year=twin.year
            )
        )
    return replace(
        session, id=twin.id, conference=twin.conference, year=twin.year, items=tuple(items)
    )


def _slot(item: Item) -> tuple[str, ...]:
    return (item.kind, normalise_title(item.title))


def _ids_by_slot(items: tuple[Item, ...]) -> dict[tuple[tuple[str, ...], int], str]:
    seen: Counter[tuple[str, ...]] = Counter()
    ids = {}
    for item in items:
        key = _slot(item)
        ids[(key, seen[key])] = item.id
        seen[key] += 1
    return ids


def _upgraded(twin: Session, session: Session) -> str:
    named = " ".join(str(part) for part in (session.conference, session.year) if part)
    return f"the same session as the one stored from {twin.source}: now {named}, its picks kept"


def _adopted(twin: Session) -> str:
    named = " ".join(str(part) for part in (twin.conference, twin.year) if part) or "no conference"
    return f"the same session as the one stored from {twin.source} ({named}): its ids kept"
