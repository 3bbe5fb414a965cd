"""confcli's one URL policy, for every reader and every writer: a link is kept and written
only when it is http(s), or a path on the page's own site (no scheme: made absolute when
the site is known). ``javascript:``, ``data:``, ``vbscript:``, ``file:`` and any other
scheme are no link: a calendar or a note would run or open them (docs/reliability.md)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# Controls and line breaks never belong in a URL; browsers drop some of them, so that
# 'java\tscript:' would still run: a URL holding one is no link.
NOT_IN_A_URL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def web_url(url: str | None) -> str | None:
    """The URL when the policy keeps it, else None."""
    url = (url or "").strip(" ")
    if not url or NOT_IN_A_URL.search(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed URL ('http://[1]/')
        return None
    if scheme in WEB_SCHEMES or (scheme == "" and ":" not in url.split("/", 1)[0]):
        return url
    return None


def web_links(links: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The (name, url) pairs whose URL the policy keeps."""
    return tuple((name, url) for name, url in links if web_url(url))
