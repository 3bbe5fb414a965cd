"""Proof that the written pages mean what the corpus says: confcli reads every page back
to the same items (the fields a page shows), in the same shape it was written as."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from benchmarks import pages
from confcli.model import Item, Session

# What a page shows of an item; ids differ (they are derived from the page) and so may
# fields a shape does not print.
SHOWN_FIELDS = (
    "position", "kind", "title", "authors", "abstract", "start", "end", "poster", "decision",
    "presentation", "award",
)  # fmt: skip


def shown(item: Item) -> tuple:
    return tuple(getattr(item, name) for name in SHOWN_FIELDS)


def read_back(text: str, name: str) -> tuple[str, Session]:
    from confcli.readers.reading import ReadOptions, read_one
    from confcli.readers.sources import PageInput

    page = read_one(PageInput(name, text), ReadOptions())
    return page.shape, page.session


def differences(session: Session, text: str, shape: str, name: str) -> Iterator[str]:
    """What differs between a session and its page read back; nothing when they agree."""
    read_shape, read = read_back(text, name)
    if read_shape != shape:
        yield f"{name}: read as {read_shape}, written as {shape}"
    if len(read.items) != len(session.items):
        yield f"{name}: {len(read.items)} items read back, {len(session.items)} written"
    for wrote, got in zip(session.items, read.items, strict=False):
        if shown(wrote) != shown(got):
            changed = [
                n for n, a, b in zip(SHOWN_FIELDS, shown(wrote), shown(got), strict=True) if a != b
            ]
            yield f"{name}: item {wrote.position} differs in {', '.join(changed)}"


def text_differences(session: Session) -> list[str]:
    name = f"{(session.conference or 'conf').lower()}{session.year or ''}-page.txt"
    text = pages.session_text(session)
    return list(differences(session, text, pages.text_shape(session), name))


def html_differences(session: Session) -> list[str]:
    from tests.pagegen.html_pages import session_html

    name = f"{(session.conference or 'conf').lower()}{session.year or ''}-page.html"
    return list(differences(session, session_html(session), "html-session", name))


def report(sessions: list[Session], say: Callable[[str], None]) -> bool:
    """Checks every session in text and HTML; says what differs; True when nothing does."""
    problems: list[str] = []
    for session in sessions:
        problems += [f"text {line}" for line in text_differences(session)]
        problems += [f"html {line}" for line in html_differences(session)]
    for line in problems[:20]:
        say(line)
    say(f"round trip: {len(sessions)} sessions, {len(problems)} difference(s)")
    return not problems
