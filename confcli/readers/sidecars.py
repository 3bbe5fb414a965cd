"""The feeds' ``<conf>-<year>-abstracts.json`` sidecars, gathered before any page is read;
and the 2020 platform's ``<conf>_calendar.json`` beside its ``<conf>_papers.json``.

A sidecar is named among the inputs (found by its content, whatever its place on the command
line) or lies next to its main file (found by the sites' naming, SIDECAR_NAMES). Its
abstracts are keyed by the conference and year its name tells, so that one run can read the
feeds of several conferences without mixing their ids; what a sidecar next to its main file
gives goes to that file alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from confcli.conferences import conference_from_text
from confcli.errors import BadInputError, ConfcliError
from confcli.readers.feed import file_name, looks_like_abstracts
from confcli.readers.feed import read_abstracts as parse_abstracts
from confcli.readers.platform2020_calendar import calendar_sidecar
from confcli.readers.sources import InputFailure, PageInput, is_url, read_source, sniff
from confcli.readers.vocabulary import HEAD_CHARS

# A main file's name ending -> its sidecar's (the sites' naming); a sidecar next to its main
# file is read with it even when it is named among the inputs too.
SIDECAR_NAMES = {"-orals-posters.json": "-abstracts.json", "_papers.json": "_calendar.json"}

WITHOUT_FEED = "an abstracts file without its feed (give the -orals-posters.json too)"


@dataclass
class Sidecars:
    # By the conference and year a sidecar's name tells (None: it tells neither).
    abstracts: dict[tuple[str, int] | None, dict[str, str]] = field(default_factory=dict)
    beside: dict[str, dict[str, str]] = field(default_factory=dict)  # by main file
    sources: set[str] = field(default_factory=set)  # read as sidecars: not pages
    given: list[str] = field(default_factory=list)  # named among the inputs
    failures: list[InputFailure] = field(default_factory=list)
    # Standard input and pipes can be read only once, and a URL should be fetched once: what
    # reading them to sniff gave (their text, or the error to tell when they are read as pages).
    early: dict[str, PageInput | ConfcliError] = field(default_factory=dict)

    @classmethod
    def gather(cls, sources: list[str], timeout: float) -> Sidecars:
        sidecars = cls()
        named = {_same_file(source): source for source in sources}
        for source in sources:
            if looks_like_abstracts(sidecars._head(source, timeout)):
                sidecars.given.append(source)
                if source not in sidecars.sources:  # not read already beside its feed
                    sidecars._add(source, timeout)
            sibling = _sibling(source)
            sibling = named.get(_same_file(sibling), sibling) if sibling else None
            if sibling and sibling not in sidecars.sources:
                sidecars._add(sibling, timeout, main=source)
        return sidecars

    def read(self, source: str, timeout: float) -> PageInput:
        """A page's input: as read while sniffing, else read now."""
        found = self.early.pop(source, None)
        if isinstance(found, ConfcliError):
            raise found
        return found or read_source(source, timeout)

    def _head(self, source: str, timeout: float) -> str:
        # A pipe, like standard input, can be read only once: sniffing it would eat the page.
        if source != "-" and not is_url(source) and not Path(source).is_fifo():
            return sniff(Path(source)) or ""
        try:
            page = read_source(source, timeout)
        except ConfcliError as error:
            self.early[source] = error
            return ""
        self.early[source] = page
        return page.text[:HEAD_CHARS]

    def _add(self, source: str, timeout: float, main: str | None = None) -> None:
        self.sources.add(source)
        try:
            text = self.read(source, timeout).text
            found = parse_abstracts(text, source) or calendar_sidecar(text, source) or {}
        except ConfcliError as error:
            self.failures.append(InputFailure(source, error))
            return
        if main is not None:
            self.beside.setdefault(main, {}).update(found)
            return
        hint = conference_from_text(file_name(source))
        self.abstracts.setdefault(hint, {}).update(found)

    def for_source(self, source: str) -> dict[str, str]:
        """The abstracts that may belong to a page: its conference's, and the unnamed."""
        hint = conference_from_text(file_name(source))
        merged: dict[str, str] = {}
        for key, found in self.abstracts.items():
            if key is None or hint is None or key == hint:
                merged.update(found)
        merged.update(self.beside.get(source, {}))
        return merged

    def unused(self, shapes_read: set[str]) -> list[InputFailure]:
        """Sidecars named among the inputs when no feed was read: the user missed a file."""
        if "feed" in shapes_read:
            return []
        return [InputFailure(src, BadInputError(WITHOUT_FEED, source=src)) for src in self.given]


def _sibling(source: str) -> str | None:
    """'data/iclr-2025-orals-posters.json' -> 'data/iclr-2025-abstracts.json', if it exists."""
    if source == "-" or is_url(source):
        return None
    name = Path(source).name
    for main, sidecar in SIDECAR_NAMES.items():
        sibling = Path(source).with_name(name.removesuffix(main) + sidecar)
        if name.endswith(main) and sibling.is_file():
            return str(sibling)
    return None


def _same_file(path: str) -> str:
    """The one name of a file given as 'a/b.json', './a/b.json' or through a link."""
    return path if path == "-" or is_url(path) else os.path.realpath(path)
