"""Skill names written in another form: the same words inflected otherwise, or with the head
word moved.

Resumes name skills as phrases of their own: "Design database" ("database design"),
"Development of websites" (website development), "Analyze business requirements" (business
requirements analysis), "Law of Contract" (contract law), "Units testing" (unit testing). A
name's *variant key* is its words in lower case, without the function words of
:data:`FUNCTION_WORDS`, each cut to its stem by :func:`word_stem`, in their order; a phrase
names a skill when its key is a name's key (an inflection), or its key with the first word
moved to the end or the last word moved to the front is (:func:`variant_keys`: the head of an
English compound stands last, of a verb phrase or an "X of Y" first).

Rules fixed before they were measured (December 2026):

- only names of two or more words after the function words go (a single word in another form
  is left to the exact rules: "Testing" is not the test tool "Test");
- :func:`word_stem` is a fixed, conservative suffix stripper (plurals, -ing, -ed, -ment,
  -ation, -ate, -ise/-ize, -ysis/-yse/-yze, a final e). It does not cut -er or -ion: "server"
  is not "serve", "production" is not "product";
- a key that names of two different skills share is no key (the phrase is left unread);
- the words in any other order are not a variant, nor is a phrase with "and", "or" or "&"
  ("electronics and communication" is not "electronic communication").

Added 7 December 2026: a single word written as a verb form (-ing, -ed) names a
*professional* skill whose name is one word with the same stem ("Negotiating", "Negotiated" ->
negotiation; "Organised" -> work in an organised manner), never a technical one (a tool's or a
technique's one-word name stays an exact name: "Testing" is not the test tool "Test"). The
index keeps these keys apart (:func:`word_variant_index`: a stem shared by two skills, or by a
dropped name, is no key), and :func:`word_key` reads them. First written for any form of the
word; on the dotin development half that read "Present" (of "2015 - Present") as
presentations 44 times, and "Type", "market", "cost", "values", "Tutor" likewise: a noun's
stem is no verb's, so only verb forms are read (:func:`word_key` with ``verb=True``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["FUNCTION_WORDS", "variant_index", "variant_key", "variant_keys", "word_key",
           "word_stem", "word_variant_index"]

#: Words a variant key leaves out ("development of websites" = "website development").
FUNCTION_WORDS = frozenset("a an and & at by for from in into of on or the to with".split())
_COORDINATION = frozenset({"and", "or"})
#: A word: letters and digits, with a "+" or "#" written onto it ("C++", "C#").
WORD = re.compile(r"[^\W_]+[+#]*")

_PLURALS = (("sses", "ss"), ("ies", "y"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"),
            ("zes", "z"))
#: Derivational endings, longest first; each cut when at least three letters remain.
_ENDINGS = (("yzing", "y"), ("ysing", "y"), ("yzed", "y"), ("ysed", "y"), ("ysis", "y"),
            ("yses", "y"), ("yze", "y"), ("yse", "y"), ("ization", ""), ("isation", ""),
            ("izing", ""), ("ising", ""), ("ized", ""), ("ised", ""), ("ize", ""), ("ise", ""),
            ("ation", ""), ("ating", ""), ("ated", ""), ("ate", ""), ("ment", ""), ("ing", ""),
            ("ed", ""))


@functools.lru_cache(maxsize=65_536)
def word_stem(word: str) -> str:
    """The stem of one word (lower case) for variant keys.

    >>> [word_stem(w) for w in ("developing", "development", "develops", "developed")]
    ['develop', 'develop', 'develop', 'develop']
    >>> [word_stem(w) for w in ("analysis", "analyze", "analyses", "programming", "program")]
    ['analy', 'analy', 'analy', 'program', 'program']
    >>> [word_stem(w) for w in ("server", "serve", "production", "product", "status")]
    ['server', 'serv', 'production', 'product', 'status']
    """
    if not word.isalpha() or len(word) < 4:
        return word
    for end, to in _PLURALS:
        if word.endswith(end):
            word = word[: -len(end)] + to
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    for end, to in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            word = word[: -len(end)] + to
            if end in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2] \
                    and word[-1] not in "aeiouls":
                word = word[:-1]  # "programming" -> "program", not "programm"
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def variant_key(name: str) -> str | None:
    """The variant key of a name or phrase (its stems in order), or None when it has fewer
    than two words besides the function words.

    >>> variant_key("Units testing") == variant_key("unit tests")
    True
    >>> variant_key("Python") is None
    True
    """
    stems = [word_stem(w) for w in WORD.findall(name.lower()) if w not in FUNCTION_WORDS]
    if len(stems) < 2:
        return None
    return " ".join(stems)


def variant_keys(phrase: str, *, moved: bool = True) -> list[str]:
    """The keys a phrase may name a skill by: its own, then (``moved``) with its first word
    moved to the end, and with its last word moved to the front; none for a phrase with "and",
    "or" or "&" in it.

    >>> variant_key("database design") in variant_keys("Design database")
    True
    >>> variant_key("website development") in variant_keys("Development of websites")
    True
    >>> variant_key("analyse business requirements") in variant_keys("business requirements analysis")
    True
    >>> variant_key("communication information") in variant_keys("information and communication")
    False
    """
    low = phrase.lower()
    if "&" in low or _COORDINATION.intersection(WORD.findall(low)):
        return []  # "A and B" is two things, not one name written otherwise
    key = variant_key(phrase)
    if key is None:
        return []
    if not moved:
        return [key]
    stems = key.split(" ")
    out = [key, " ".join([*stems[1:], stems[0]]), " ".join([stems[-1], *stems[:-1]])]
    return list(dict.fromkeys(out))


def variant_index(names: dict[str, str], clashes: set[str] | None = None) -> dict[str, str]:
    """Variant key → skill id, from ``names`` (``normalize_name(name)`` → skill id). A key the
    names of two skills share is left out (and added to ``clashes`` when given)."""
    return _unique_keys(names, variant_key, set() if clashes is None else clashes)


def _unique_keys(names: dict[str, str], key_of: Callable[[str], str | None],
                 clash: set[str]) -> dict[str, str]:
    """``key_of(name)`` → skill id for ``names``; a key in ``clash``, or that names of two
    skills share (added to ``clash``), is left out."""
    out: dict[str, str] = {}
    for name, skill_id in names.items():
        key = key_of(name)
        if key is None or key in clash:
            continue
        if out.setdefault(key, skill_id) != skill_id:
            clash.add(key)
            del out[key]
    return out


#: Marks a one-word key (:func:`word_key`): no key of a phrase starts with it.
_WORD_MARK = "="


#: A verb form: the word a one-word variant is read from in text (``word_key(verb=True)``).
_VERB_FORM = re.compile(r"[a-z]{3,}(?:ing|ed)")


def word_key(phrase: str, *, verb: bool = False) -> str | None:
    """The one-word key of ``phrase`` ("=" and the stem of its one word), or None when it is not
    one word of letters (``verb``: one word written as a verb form, -ing or -ed).

    >>> word_key("Negotiating", verb=True) == word_key("negotiation")
    True
    >>> word_key("Present", verb=True) is None, word_key("unit testing") is None
    (True, True)
    """
    words = WORD.findall(phrase.lower())
    if len(words) != 1 or not words[0].isalpha() or len(words[0]) != len(phrase.strip()):
        return None
    if verb and not _VERB_FORM.fullmatch(words[0]):
        return None
    return _WORD_MARK + word_stem(words[0])


def word_variant_index(names: dict[str, str], blocked: set[str] | None = None) -> dict[str, str]:
    """One-word key → skill id, from the one-word names in ``names`` (``normalize_name(name)``
    → skill id; the caller gives only professional skills' names). A key two skills share, or
    one in ``blocked`` (the keys of names reviewers dropped), is left out."""
    return _unique_keys(names, word_key, set(blocked or ()))
