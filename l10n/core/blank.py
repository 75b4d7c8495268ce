"""What an article holds that is blank: whitespace, and the invisible format characters pastes leave.

A CMS or word processor pastes zero-width spaces as spacer lines, a second byte
order mark after the first, direction marks and soft hyphens around the copy.
They show nothing, so a line of them is a blank line, and a text of only them
is empty: none of them is worth a catalog entry or the edge of one.
"""

from __future__ import annotations

import re

#: Format characters (Unicode category Cf) that are invisible in running text: soft hyphen, Arabic letter mark,
#: zero-width space, non-joiner and joiner, direction marks and embeddings, word joiner, invisible operators,
#: isolates, byte order mark.
INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_VISIBLE = re.compile(rf"[^\s{INVISIBLE}]")
_BLANK = re.compile(rf"[\s{INVISIBLE}]")
_EDGES = re.compile(rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$")


def is_blank(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` shows nothing: only whitespace and invisible format characters.

    >>> is_blank(" \\u200b\\ufeff\\n"), is_blank("\\u200bHi")
    (True, False)
    """
    return _VISIBLE.search(text, start, len(text) if end is None else end) is None


def is_blank_char(char: str) -> bool:
    """Whether one character is whitespace or an invisible format character (what a span is trimmed of).

    >>> is_blank_char("\\u200b"), is_blank_char("\\u00a0"), is_blank_char("x")
    (True, True, False)
    """
    return _BLANK.match(char) is not None


def trimmed(text: str) -> str:
    """``text`` without whitespace and invisible format characters at its edges (those inside stay: a Sorani ZWNJ).

    >>> trimmed("\u200fBasra\u200b "), trimmed("\u202bکە\u200cرکووک\u202c")
    ('Basra', 'کە\u200cرکووک')
    """
    return _EDGES.sub("", text)
