"""What a page and the user disagree on, said as warnings: a page that names another
conference or year than --conference/--year (the page's word is kept), and dates whose
weekdays put them in another year than the one given (by the user or the page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confcli.model import Session
    from confcli.readers.build import PageContext, SessionDraft


def disagreements(draft: SessionDraft, context: PageContext, session: Session) -> list[str]:
    found = []
    said, given = draft.conference, context.conference
    if said and given and said.casefold() != given.casefold():
        found.append(f"the page says {said}, not --conference {given}: {said} kept")
    if draft.year and context.year and draft.year != context.year:
        found.append(f"the page says {draft.year}, not --year {context.year}: {draft.year} kept")
    explicit = draft.year or context.year
    years = sorted({item.start.year for item in session.items if item.start} - {explicit})
    if explicit and years:
        elsewhere = ", ".join(map(str, years))
        found.append(f"the page's weekdays put its dates in {elsewhere}, not {explicit}")
    return found
