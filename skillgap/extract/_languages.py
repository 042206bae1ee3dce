"""Languages people speak ("Languages: English (native), French (B2)"): ESCO's language skills.

A language's name is as often a nationality, a subject or a market ("B.A. in English", "German
clients", "Chinese cuisine"), so it counts only where something around marks it as a language
someone speaks (:data:`LANGUAGE_CUE`). The analysis reports languages apart from skills
(``Analysis.languages``), each with the command of it the resume states (:func:`language_level`).
The cues and levels were decided from the meaning of the words (December 2026), before they
were measured on any data.
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGE_CATEGORIES", "LANGUAGE_CUE", "as_subject", "is_language", "language_level"]

#: ESCO's categories of language skills: L1 languages, L2 classical languages.
LANGUAGE_CATEGORIES = frozenset({"esco:L1", "esco:L2"})

#: A "Languages" line, a level of command (fluent, native, B2, intermediate), the four skills
#: (speak, read, write; spoken, written), a language test (IELTS, TOEIC, JLPT...).
LANGUAGE_CUE = re.compile(
    r"\b(?:languages?|fluen(?:t|tly|cy)|native|mother[- ]tongue|bilingual|trilingual|"
    r"multilingual|proficien(?:t|cy)|spoken|written|speak(?:s|ing)?|read(?:s|ing)?|"
    r"writ(?:e|es|ing)|conversational|elementary|intermediate|advanced|beginner|"
    r"working knowledge|toeic|toefl|ielts|delf|dalf|dele|jlpt|hsk|testdaf|[abc][12])\b",
    re.IGNORECASE)

#: Levels of command as resumes state them, and the level reported: a CEFR level as written,
#: else one of native, bilingual, fluent, professional, advanced, intermediate, conversational,
#: basic. The first that stands next to the name (after it, then before it) is the level.
_LEVELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:native|mother[- ]tongue|first language)\b", re.I), "native"),
    (re.compile(r"\bbilingual\b", re.I), "bilingual"),
    (re.compile(r"\bfull professional\b", re.I), "fluent"),
    (re.compile(r"\b(?:fluent|fluently|fluency)\b", re.I), "fluent"),
    (re.compile(r"\b(?:professional working|working proficiency|professional)\b", re.I),
     "professional"),
    (re.compile(r"\b(?:advanced|proficient|proficiency)\b", re.I), "advanced"),
    (re.compile(r"\b(?:intermediate|upper[- ]intermediate|good)\b", re.I), "intermediate"),
    (re.compile(r"\bconversational\b", re.I), "conversational"),
    (re.compile(r"\b(?:basic|elementary|beginner|limited)\b", re.I), "basic"),
]
_CEFR = re.compile(r"\b([ABC][12])\b")
#: Where the words about one language end: the next item of a list, a line end.
_ITEM_END = re.compile(r"[,;|•·\n]|\band\b|\s/\s")
_WINDOW = 40


#: A language's name as a subject of study or teaching, not a language spoken: before a word of
#: school or work ("English Teacher", "English Department", "French Literature"), after a degree
#: or a verb of teaching ("BA (Hons) English", "degree in Spanish", "teaching English").
_SUBJECT_AFTER = re.compile(
    r"[ \t]+(?:teachers?|teaching|department|dept|literature|education|studies|degree|tutors?|"
    r"lecturers?|class(?:es)?|courses?|curriculum|comprehension|literacy|major|minor|"
    r"honours|honors|faculty|school)\b", re.IGNORECASE)
_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:b\.?a|m\.?a|b\.?sc|m\.?sc|ph\.?d|bachelor(?:'s)?|master(?:'s)?|degree|diploma|"
    r"major(?:ed|ing)?|minor(?:ed)?)\.?[ \t]*(?:\((?:hons|honours)\)[ \t]*)?(?:(?:in|of)[ \t]+)?"
    r"|\b(?:teach(?:es|ing)?|taught)[ \t]+)$", re.IGNORECASE)


def as_subject(text: str, start: int, end: int) -> bool:
    """Whether the language named at ``text[start:end]`` is a subject of study or teaching.

    >>> t = "BA (Hons) English; English Teacher; teaching French; Fluent in Spanish"
    >>> [as_subject(t, t.index(w, k), t.index(w, k) + len(w))
    ...  for w, k in (("English", 0), ("English", 15), ("French", 0), ("Spanish", 0))]
    [True, True, True, False]
    """
    return bool(_SUBJECT_AFTER.match(text, end)
                or _SUBJECT_BEFORE.search(text[max(0, start - 30):start]))


def is_language(category: str) -> bool:
    """Whether a skill of this category is a language."""
    return category in LANGUAGE_CATEGORIES


def language_level(text: str, start: int, end: int) -> str | None:
    """The command of the language named at ``text[start:end]`` that the resume states, or None.

    Read in the words of its list item: after the name ("English (native)", "French - B2",
    "German: fluent"), else before it ("Native English", "Fluent in Spanish").

    >>> t = "Languages: English (native), French - B2, conversational Spanish, German"
    >>> [language_level(t, t.index(w), t.index(w) + len(w))
    ...  for w in ("English", "French", "Spanish", "German")]
    ['native', 'B2', 'conversational', None]
    """
    after = text[end:end + _WINDOW]
    cut = _ITEM_END.search(after)
    after = after[:cut.start()] if cut else after
    before = text[max(0, start - _WINDOW):start]
    cuts = list(_ITEM_END.finditer(before))
    before = before[cuts[-1].end():] if cuts else before
    # "in" joins a level before the name: "Fluent in Spanish"; a colon ends the label before
    before = before.rsplit(":", 1)[-1]
    for part in (after, before):
        m = _CEFR.search(part)
        if m:
            return m.group(1)
        for pattern, level in _LEVELS:
            if pattern.search(part):
                return level
    return None
