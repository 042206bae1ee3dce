"""Text that every reader hands on: valid Unicode, without the emoji and icons that decorate it.

Three repairs, applied by :class:`~skillgap.models.Document` to every text it holds (and by the
readers where they know better, e.g. PDF lines), so that no reader can forget them:

* **Byte escapes.** Text exported from a Python ``bytes`` object (scraped CSV resume datasets)
  carries UTF-8 as escapes: "\\xe2\\x80\\xa2" for "•", "\\xef\\x82\\xa7" for Word's Symbol-font
  bullet. A run of two or more such escapes that is valid UTF-8 for non-ASCII text is decoded;
  anything else ("\\x41\\x42", "\\xff", a lone "\\xe9") is left as written.
* **Surrogates.** Readers that see UTF-16 (PDFium's characters, CESU-8 or "surrogatepass" text,
  JSON ``\\ud83d`` escapes) can hand out surrogate code points, which UTF-8 cannot encode and
  spaCy cannot hash. A high surrogate followed by a low one is joined into the character they
  stand for; a lone one becomes U+FFFD.
* **Decoration.** Emoji and pictographs (📧 📱 💼 🎓 …), dingbats and miscellaneous symbols used
  as bullets or icons (✉ ☎ ✔ ★), their modifiers (variation selectors, skin tones, zero-width
  joiners inside an emoji sequence, keycaps, tags) and private-use code points (icon fonts such
  as Font Awesome) are dropped, as PDF readers drop icon-font glyphs. A run of them is removed
  with the spaces around it where it starts or ends a line or touches punctuation
  ("💼 Experience" → "Experience", "Python 🐍, SQL" → "Python, SQL"), and becomes one space
  between two words ("Python🐍PyTorch" → "Python PyTorch"), so words are neither split nor glued;
  a Symbol / Wingdings glyph (U+F020–U+F0FF) standing alone between words is a bullet and
  becomes "•", so the items of a flattened list stay apart.
  Real text outside the Basic Multilingual Plane (CJK Extension B, mathematical letters) is kept.

:func:`clean_text` also returns a map from old to new offsets, so that sections found on the
text before repair point to the same words after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

__all__ = ["clean_text", "drop_decorations", "fix_surrogates"]

OffsetMap = Callable[[int], int]

# pictographs: every emoji block of the astral planes, and the BMP symbols used as emoji or icons
_PICTOGRAPHS = (
    "\U0001f000-\U0001fbff"  # mahjong … symbols and pictographs extended-A, legacy computing
    "\u2600-\u27bf"  # miscellaneous symbols (☎ ★ ☑ ⚙), dingbats (✉ ✓ ✔ ❤ ➤)
    "\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"  # ⌚ ⌛ ⌨ ⏏ ⏩ … ⏳ ⏸ … ⏺
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"  # ⬅ ⬆ ⬇ ⬛ ⬜ ⭐ ⭕
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"  # private use: icon fonts
)
# marks that only modify an emoji: text/emoji presentation, keycap, tag characters
_MODIFIERS = "\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f"
_DECOR = _PICTOGRAPHS + _MODIFIERS
_UNIT = f"[{_DECOR}][{_DECOR}\u200d]*"  # a zero-width joiner only inside a sequence
_SPACE = "[ \t\u00a0\u2000-\u200a\u202f\u3000]"
_RUN = re.compile(f"{_SPACE}*{_UNIT}(?:{_SPACE}*{_UNIT})*{_SPACE}*")
#: Private-use glyphs of the Symbol and Wingdings fonts (U+F020-U+F0FF), which Word documents use
#: as bullets; an emoji between words is emphasis ("Trained 🔥 PyTorch"), not a bullet.
_SYMBOL_FONT = re.compile("[\uf020-\uf0ff]+")
_SURROGATE = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")
_SUSPECT = re.compile(f"[\ud800-\udfff{_DECOR}]")
_OPENING = "([{<\"'“‘«"
_CLOSING = ",.;:!?)]}>\"'”’»"
#: UTF-8 bytes written as Python escapes ("\\xe2\\x80\\xa2" for "•"), as text exported from a
#: ``bytes`` object keeps them; at least two bytes, so one "\\x41" in a code sample stays.
_BYTE_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2}){2,}")


def _join(m: re.Match[str]) -> str:
    pair = m.group()
    if len(pair) == 2:
        return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))
    return "\ufffd"


def fix_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD.

    >>> fix_surrogates("\\ud83d\\udce7 mail \\ud835") == "\\U0001f4e7 mail \\ufffd"
    True
    """
    if text.isascii():
        return text
    return _SURROGATE.sub(_join, text)


def _spacer(m: re.Match[str]) -> str:
    """What a run of decoration becomes: nothing at a line's edge or next to punctuation, else a
    space between the two words it stood between."""
    text, i, j = m.string, m.start(), m.end()
    before = text[i - 1] if i else "\n"
    after = text[j] if j < len(text) else "\n"
    if before in "\r\n" or after in "\r\n" or before in _OPENING or after in _CLOSING:
        return ""
    return " "


def _spacer_keeping_bullets(m: re.Match[str]) -> str:
    """:func:`_spacer`, except that a Symbol / Wingdings glyph standing alone between words is a
    bullet and becomes one, so the items of a flattened list stay apart (the PDF reader turns
    such bullets into commas itself, before it drops decorations)."""
    new = _spacer(m)
    run = m.group()
    if new == " " and run[0].isspace() and run[-1].isspace() \
            and _SYMBOL_FONT.fullmatch(run.strip()):
        return " • "
    return new


def drop_decorations(text: str) -> str:
    """``text`` without emoji, pictographs, dingbats and private-use icons (words kept apart).

    >>> drop_decorations("\\U0001f4bc Experience\\nPython\\U0001f40dPyTorch \\u2714, SQL")
    'Experience\\nPython PyTorch, SQL'
    """
    if text.isascii():
        return text
    return _RUN.sub(_spacer, text)


def _decode_escapes(m: re.Match[str]) -> str:
    """The characters a run of byte escapes stands for, or the run unchanged when its bytes are
    not UTF-8 (or only ASCII: "\\x41\\x42" may be meant as written)."""
    run = m.group()
    try:
        decoded = bytes.fromhex(run.replace("\\x", "")).decode("utf-8")
    except UnicodeDecodeError:
        return run
    return run if decoded.isascii() else decoded


def _edit(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str],
          text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``pattern.sub(repl, text)`` and its edits: (old start, old end, new start, new end)."""
    edits: list[tuple[int, int, int, int]] = []
    delta = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal delta
        new = repl(m)
        start = m.start() + delta
        edits.append((m.start(), m.end(), start, start + len(new)))
        delta += len(new) - (m.end() - m.start())
        return new

    return pattern.sub(sub, text), edits


def _mapper(edits: list[tuple[int, int, int, int]]) -> OffsetMap:
    starts = [e[0] for e in edits]

    def new_offset(offset: int) -> int:
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return offset
        old_start, old_end, new_start, new_end = edits[k]
        if offset >= old_end:
            return offset - old_end + new_end
        return new_start if offset == old_start else new_end

    return new_offset


def clean_text(text: str) -> tuple[str, OffsetMap | None]:
    """Repair surrogates and drop decorations; the new text and a map of offsets (old → new),
    or ``None`` for the map when nothing changed.

    An offset inside a removed run maps to the end of what replaced it, one at its start to the
    start, so a span keeps its words.

    >>> text, where = clean_text("\\U0001f393 Education\\nMSc")
    >>> text, where(2), where(len("\\U0001f393 Education"))
    ('Education\\nMSc', 0, 9)
    """
    decoded: list[tuple[int, int, int, int]] = []
    if "\\x" in text:
        text, decoded = _edit(_BYTE_ESCAPES, _decode_escapes, text)
    if text.isascii() or _SUSPECT.search(text) is None:
        return text, (_mapper(decoded) if decoded else None)
    fixed, edits = _edit(_SURROGATE, _join, text)
    clean, dropped = _edit(_RUN, _spacer_keeping_bullets, fixed)
    maps = [_mapper(e) for e in (decoded, edits, dropped) if e]
    if not maps:
        return clean, None

    def where(offset: int) -> int:
        for step in maps:
            offset = step(offset)
        return offset

    return clean, where
