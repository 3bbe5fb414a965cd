"""The documented limits of reading pages. A module of its own, and a cheap one: the CLI
shows them as option defaults without loading the reading wing (tests/test_startup.py)."""

from __future__ import annotations

MAX_PAGE_BYTES = 64 * 1024 * 1024  # a whole NeurIPS feed is ~30 MB
DEFAULT_TIMEOUT = 20.0  # seconds to fetch one URL (--timeout)
