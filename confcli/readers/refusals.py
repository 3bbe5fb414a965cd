"""Why no reader took a text that is JSON: its shape in a few words, so that the refusal
says what the file holds ("a JSON array of 3 objects (keys: a, b)") instead of only that it
is not a session page."""

from __future__ import annotations

import json
import re

# The start of a JSON array or object for certain, and one that may be JSON ('[1]' may be
# the first link of a lynx capture, '[1]Skip to…': not called broken JSON when it fails).
JSON_START = re.compile(r'\A\s*[\[{]\s*["{\[\]}]')
MAYBE_JSON = re.compile(r"\A\s*\[\s*(?:[-\d]|true|false|null)")
KEYS_SHOWN = 8
KEY_CHARS = 40


def unread_json(text: str) -> str | None:
    """What JSON that no reader took holds; None when the text is not JSON."""
    start = text.lstrip("\ufeff")
    certain = JSON_START.match(start[:4096])
    if not certain and not MAYBE_JSON.match(start[:4096]):
        return None
    try:
        document = json.loads(start)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return f"broken JSON ({where}: {error.msg})" if certain else None
    except RecursionError:  # json nests by recursion: '[' * 100,000 exhausts the stack
        return "JSON nested too deeply"
    return f"{_shape(document)}, in none of the JSON shapes confcli reads"


def _shape(document: object) -> str:
    if isinstance(document, dict):
        return f"a JSON object{_keys([document])}"
    if not isinstance(document, list):  # JSON_START let only arrays and objects through
        return "a JSON value"
    if not document:
        return "an empty JSON array"
    objects = [entry for entry in document if isinstance(entry, dict)]
    what = "object" if len(objects) == len(document) else "value"
    count = len(document)
    return f"a JSON array of {count} {what}{'s' if count != 1 else ''}{_keys(objects)}"


def _keys(objects: list[dict[object, object]]) -> str:
    """' (keys: id, name, …)': the keys of the first objects, in order of appearance."""
    keys = dict.fromkeys(str(key)[:KEY_CHARS] for entry in objects[:20] for key in entry)
    shown = list(keys)[:KEYS_SHOWN]
    more = ", …" if len(keys) > KEYS_SHOWN else ""
    return f" (keys: {', '.join(shown)}{more})" if shown else ""
