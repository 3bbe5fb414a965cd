"""The questions the benchmark asks: each as a confcli command, and as a user would answer
it without confcli: ripgrep over the raw pages, jq over confcli's own JSON export."""

from __future__ import annotations

import json
from dataclasses import dataclass

# Exports that stream in constant memory (issue 16); ics builds each event with icalendar.
STREAMED_FORMATS = ("json", "jsonl", "csv", "md", "frab")
# An item's searchable text, as confcli's index sees it: title, authors, session, abstract.
ITEM_TEXT = '(.title + " " + (.authors | join(" ")) + " " + .session + " " + (.abstract // ""))'


@dataclass(frozen=True)
class Question:
    label: str
    args: tuple[str, ...]  # confcli's arguments (the library is added)
    jq: str | None = None  # a filter over the flat JSON export (an array of items)
    rg: tuple[str, ...] | None = None  # ripgrep's arguments (the pages folder is added)
    kind: str = "query"  # query | help | export | growth (the indexed-search curve)

    @property
    def is_query(self) -> bool:
        """What the 10x targets call a query: answered from the library, not an export."""
        return self.kind in ("query", "growth")


def jq_search(pattern: str) -> str:
    return f'[.[] | select({ITEM_TEXT} | test({json.dumps(pattern)}; "i"))]'


def questions(session: str, item_id: str, item_title: str) -> list[Question]:
    """Every question, for a library holding ``session`` and the item ``item_id``."""
    in_session = f"[.[] | select(.session == {json.dumps(session)})]"
    the_item = f".[] | select(.id == {json.dumps(item_id)})"
    # Without confcli a user finds the page a session is on, or the lines about an item.
    session_page = ("-i", "-l", "-x", "-F", session)
    item_lines = ("-i", "-F", "-A", "3", item_title)
    return [
        Question("--help", ("--help",), kind="help"),
        Question("search --help", ("search", "--help"), kind="help"),
        Question("list", ("list",), "group_by(.session) | map({session: .[0].session, n: length})"),
        Question("list --session S", ("list", "--session", session), in_session, session_page),
        Question(
            "list --session S --json",
            ("list", "--session", session, "--json"),
            in_session,
            session_page,
        ),
        Question("search lottery", ("search", "lottery"), jq_search("lottery"), ("-i", "lottery")),
        Question(
            "search lottery --json",
            ("search", "lottery", "--json"),
            jq_search("lottery"),
            ("-i", "lottery"),
        ),
        Question(
            'search "lottery ticket" --json (phrase)',
            ("search", '"lottery ticket"', "--json"),
            jq_search("lottery ticket"),
            ("-i", "lottery ticket"),
        ),
        Question(
            "search lotery --json (typo)",
            ("search", "lotery", "--json"),
            jq_search("lotery"),
            ("-i", "lotery"),
        ),
        Question(
            "search lottery -n 10 --json",
            ("search", "lottery", "-n", "10", "--json"),
            jq_search("lottery") + " | .[:10]",
            ("-i", "-m", "10", "lottery"),
            kind="growth",
        ),
        Question("show ID", ("show", item_id), the_item, item_lines),
        Question("show ID --json", ("show", item_id, "--json"), the_item, item_lines),
        Question("export --format json", ("export", "--format", "json"), ".", kind="export"),
        *(
            Question(f"export --format {name}", ("export", "--format", name), kind="export")
            for name in STREAMED_FORMATS[1:]
        ),
        Question("export --format ics", ("export", "--format", "ics"), kind="export"),
    ]
