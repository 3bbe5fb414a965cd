"""`confcli stats`: per session, what was parsed and what is missing, so a user sees at a
glance whether a parse went right. The library computes them (confcli.store.Library.stats)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Q&As and breaks have no authors or abstract by nature; they do not count as missing them.
NOT_PAPERS = ("qa", "break")


@dataclass
class SessionStats:
    session_id: str
    conference: str | None
    year: int | None
    title: str
    items: int
    awards: int
    start: datetime | None  # the earliest start of the items counted
    end: datetime | None  # the latest end
    missing: dict[str, int]
    kinds: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat() if self.end else None
        return data
