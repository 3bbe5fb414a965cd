"""The JSON confcli prints: stable key order, UTF-8 as is, one trailing newline."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from confcli.app import SearchHit
from confcli.model import Item, Session, item_to_json, session_to_json

if TYPE_CHECKING:  # the reading wing loads only when pages are read
    from confcli.readers.reading import ParseReport


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def items_json(items: list[Item]) -> list[dict]:
    return [item_to_json(item) for item in items]


def hits_json(hits: list[SearchHit]) -> list[dict]:
    return [hit_json(hit) for hit in hits]


def hit_json(hit: SearchHit) -> dict:
    """An item, and how it matched: its score, the fields it matched in, the abstract
    around the match, and whether it answers a query corrected for typos."""
    return {
        **item_to_json(hit.item),
        "score": hit.score,
        "matched": list(hit.matched),
        "snippet": hit.snippet.text if hit.snippet else None,
        "approximate": hit.approximate,
        "corrected_query": hit.correction.text if hit.correction else None,
    }


def sessions_json(sessions: list[Session]) -> list[dict]:
    return [session_to_json(session) for session in sessions]


def parse_report_json(report: ParseReport) -> list[dict]:
    return sessions_json(report.sessions)
