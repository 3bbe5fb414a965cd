"""Letters that "accents do not matter" must fold but Unicode does not decompose: a stroke
(Ł, Ø, Đ), a ligature (Æ, Œ, ß, ﬁ), a dotless i. FTS5's ``remove_diacritics`` removes
only combining marks, so ``lukasz`` never found Łukasz: these are folded in the text the
index is given (confcli.store.schema builds the SQL from this table) and in every query
(confcli.store.fts, confcli.query.fold), the same way on both sides."""

from __future__ import annotations

# Upper and lower case both: SQLite's replace() is exact, and FTS5 lower-cases afterwards.
# At most MAX_LETTERS: each is one more replace() nested in the index's SQL, and SQLite's
# parser takes about 28.
LETTERS: dict[str, str] = {
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "Ħ": "H", "ħ": "h", "ı": "i", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
    "ẞ": "SS", "ß": "ss", "Þ": "TH", "þ": "th", "ﬁ": "fi", "ﬂ": "fl",
}  # fmt: skip
MAX_LETTERS = 24
_TABLE = str.maketrans(LETTERS)


def fold_letters(text: str) -> str:
    """The text with those letters spelt plainly (other text as it is)."""
    return text.translate(_TABLE)
