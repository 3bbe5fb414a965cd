"""A guard before parsing HTML: pages nested absurdly deep are refused unparsed."""

from __future__ import annotations

import re

from confcli.errors import BadInputError

# lexbor's parse takes time quadratic in the nesting depth (each new block element looks
# through every open element): 100,000 nested <div>s take 20 s. Browsers stop nesting at
# 512 levels (Blink); saved session pages nest about 12 deep.
MAX_HTML_DEPTH = 512
DEPTH_CHECK_TAGS = 20_000  # fewer tags cannot nest badly enough to cost a second
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen p li dt dd "
    "option optgroup tr td th thead tbody tfoot rb rt rp colgroup caption".split()
)  # empty elements, and those a sibling closes: they never deepen the tree


def nesting_depth(text: str) -> int:
    """How deep the page's elements nest, counted from its tags."""
    depth = deepest = 0
    for closing, name in TAG.findall(text):
        if name.lower() not in NOT_NESTING:
            depth = max(depth - 1, 0) if closing else depth + 1
            deepest = max(deepest, depth)
    return deepest


def check_depth(text: str, source: str | None) -> None:
    if text.count("<") > DEPTH_CHECK_TAGS and nesting_depth(text) > MAX_HTML_DEPTH:
        message = f"HTML nested more than {MAX_HTML_DEPTH} elements deep: not a saved page"
        raise BadInputError(message, source=source)
