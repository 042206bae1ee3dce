"""Experience and seniority from a resume: dated entries, years, title words, a level.

:func:`parse_experience` reads a :class:`~skillgap.models.Document` and returns an
:class:`Experience`:

* **dated entries** — every date range ("Jan 2019 – Present", "January 2019 - Mar 2021",
  "2016–2018", "06/2020 - now", "Summer 2021", "Fall 2019 – Spring 2020", "2019 to date",
  "Since 2018", ISO "2018-09", dd/mm/yyyy) in the experience, education and projects sections,
  and single dates ("2021", "May 2019") in education and projects. Each entry has its kind
  (``job``, ``internship``, ``education``, ``project``), its date span in ``doc.text``, its
  heading lines (title, organisation) and its *extent*: from its heading to the next entry's
  heading or the end of its section, so skills found there can be attributed to the entry.
* **years** — professional years are the union (overlaps merged) of the job entries' ranges;
  internships and education are counted apart.
* **title words** (intern, junior, associate, senior, staff, principal, lead, head of,
  director, manager, VP, chief) from the entries' heading lines, and **leadership** evidence
  ("led a team of 8", "managed 5 engineers", "mentored") with spans.
* **a level** on the guide's ladder (intern < junior < mid < senior < staff+) with the evidence
  that gave it (:func:`level_rule`); a resume without any dated entry gets ``None`` and says so.

Dates have month precision. A year alone stands for the middle of that year (July as a start,
June as an inclusive end), so "2017 – 2019" is 24 months and "2019 – 2021", "2021 – Present"
join without a gap; a season is its months (spring Mar–May, summer Jun–Aug, fall/autumn
Sep–Nov, winter Dec–Feb). "Present" resolves against a *reference* month: the one the caller
passes, else the latest date the document mentions (so the result depends on the document
alone), else ``today`` if the caller passes it. Nothing here reads the clock.

Only the standard library, :mod:`skillgap.models` and :mod:`skillgap.errors` are imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from skillgap.models import (
    DatedEntry,
    Document,
    EntryKind,
    Experience,
    LeadershipEvidence,
    Level,
    LevelEvidence,
    SkillExperience,
    SkillHit,
)

__all__ = [
    "LEVELS",
    "DatedEntry",
    "Experience",
    "LeadershipEvidence",
    "LevelEvidence",
    "SkillExperience",
    "dated_heading",
    "level_rule",
    "merge_ranges",
    "parse_experience",
    "proficiency_factor",
    "skill_experience",
    "stated_years",
    "with_experience",
    "with_stated_years",
]

LEVELS: tuple[Level, ...] = ("intern", "junior", "mid", "senior", "staff+")

# Years of professional experience -> level (lower bound of each band, in years). The guide's
# ladder (5.1 intern, 5.2 junior, 5.3 ML engineer) names no years; these bands are the common
# industry reading of the ladder (junior < 2 y, mid 2-5 y, senior 5-8 y, staff+ 8 y and more).
YEAR_BANDS: tuple[tuple[float, Level], ...] = ((0.0, "junior"), (2.0, "mid"), (5.0, "senior"),
                                               (8.0, "staff+"))


# --------------------------------------------------------------------------------------------
# dates

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
def _date_pattern(*, after_sep: bool = False) -> str:
    """A single date as resumes write it. ``after_sep``: right after a range's separator, where a
    year or a month and year may follow a hyphen ("2018-2020", "5/2005-9/2008"), which elsewhere
    makes them no date of their own (the second year of a range), but a year that goes on with a
    hyphen and digits is a number ("2012-2019-3344")."""
    lead = r"(?<![\d/.])" if after_sep else r"(?<![\d/.\-])"
    year_end = r"(?![\d/]|-\d)" if after_sep else r"(?![\d/])"
    return (rf"(?:(?:exp(?:ected)?\.?\s*)?{_MONTH}(?:,?\s*|-)'?{_YEAR}"  # Jan 2019, Sep. 2023, Jan-2018
            rf"|{_MONTH}(?:,?\s*|-)['\u2019]\d\d(?![\d'\u2019])"  # Jan '18, Mar’20
            rf"|{_SEASON},?\s+{_YEAR}"  # Summer 2021
            rf"|{_YEAR}-(?:0[1-9]|1[0-2])(?:-\d\d)?(?!\d)"  # 2018-09, 2013-12-01
            rf"|{_YEAR}[/.](?:0?[1-9]|1[0-2])(?:[/.](?:0?[1-9]|[12]\d|3[01]))?(?![\d/]|\.\d)"  # 2018/01, 2018.01.15
            rf"|(?<![\d/.])\d{{1,2}}/\d{{1,2}}/{_YEAR}"  # 15/05/2018
            rf"|{lead}(?:0?[1-9]|1[0-2])(?:[/.-]|[ \t]/[ \t]){_YEAR}"  # 06/2020, 06-2020, 08 / 2008
            rf"|{lead}{_YEAR}{year_end})")  # 2019


_DATE = _date_pattern()
_DATE_AFTER_SEP = _date_pattern(after_sep=True)
_PRESENT = (r"(?:(?:till|until|up\s+to|to)\s+)?(?:present|now|current(?:ly)?|today|date|ongoing"
            r"|the\s+present)\b")
#: Between a range's two dates: a dash, a word, or a gap of two spaces or more where the text
#: lost its dash ("July 2013  Present", "2001  2006:", as some PDF tools write it).
_SEP = (r"(?:\s*(?:[-–—−‐‑‒\u00ad~]+|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"
        r"|[ \t]{2,})")
_RANGE = re.compile(rf"(?P<a>{_DATE})(?P<sep>{_SEP})(?P<b>{_PRESENT}|{_DATE_AFTER_SEP})",
                    re.IGNORECASE)
#: A month and a two-digit year ("08/19"), read only as a range's ends ("08/19 – 06/21", "08/19
#: - present"): alone it is as often a score or a fraction ("10/10").
_SHORT = r"(?<![\d/.])(?:0?[1-9]|1[0-2])/\d\d(?![\d/])"
_SHORT_RANGE = re.compile(rf"(?P<a>{_SHORT})(?P<sep>{_SEP})(?P<b>{_PRESENT}|{_SHORT})",
                          re.IGNORECASE)
#: A year and the last two digits of a later one: {yy} is what the two digits may be.
_YEAR_YY = rf"(?<![\d/.\-])(?P<a>{_YEAR})[ \t]*[-–—][ \t]*(?P<yy>{{yy}})(?![\d/])"
#: ... digits no month can be ("1995-99", "1985- 86"): "2005-06" is June 2005 as :data:`_DATE`
#: reads it, unless the document writes its years so elsewhere (:data:`_YEAR_YY_ANY`).
_YEAR_YY_RANGE = re.compile(_YEAR_YY.format(yy=r"1[3-9]|[2-9]\d"))
#: ... any two digits: read in a document that shows the style with digits no month can be
#: ("1995-99") and writes no ISO day ("2013-12-01"): there "2005-06" is 2005-2006.
_YEAR_YY_ANY = re.compile(_YEAR_YY.format(yy=r"\d\d"))
_ISO_DAY = re.compile(rf"{_YEAR}-(?:0[1-9]|1[0-2])-\d\d")
#: A date and "onwards": open to the present ("May 2014 onwards").
_ONWARDS = re.compile(rf"(?P<a>{_DATE})[ \t]*\(?onwards?\b", re.IGNORECASE)
_MONTH_ONLY_RANGE = re.compile(rf"\b(?P<m>{_MONTH})(?P<sep>{_SEP})(?P<b>{_MONTH}\s*{_YEAR})",
                               re.IGNORECASE)
_SINCE = re.compile(rf"\b(?:since|from)\s+(?P<a>{_DATE})", re.IGNORECASE)
_DANGLING = re.compile(rf"(?P<a>{_DATE})[ \t]*(?:[-–—−‐‑‒\u00ad~]+|\bto\b)[ \t]*(?=[^\s\d])",
                       re.IGNORECASE)
_LINE_START_END = re.compile(rf"[ \t]*(?P<b>{_PRESENT}|{_DATE})", re.IGNORECASE)
_YAML_START = re.compile(rf"start_date:\s*['\"]?(?P<a>{_DATE})['\"]?", re.IGNORECASE)
_YAML_END = re.compile(rf"end_date:\s*['\"]?(?P<b>{_PRESENT}|{_DATE})['\"]?", re.IGNORECASE)
_SINGLE = re.compile(_DATE, re.IGNORECASE)

_YM = tuple[int, int]  # (year, month)


def _parse_date(text: str, *, as_end: bool,
                month_first: bool | None = None) -> tuple[_YM, str] | None:
    """``((year, month), precision)`` of one date token; a year alone is its middle.

    ``month_first``: how an ambiguous day and month ("03/04/2019") are read, as the other end of
    its range shows (:func:`_numeric_order`); None: day first."""
    t = text.strip().lower().rstrip(".")
    t = re.sub(r"^exp(?:ected)?\.?\s*", "", t)
    m = re.fullmatch(rf"({_SEASON}),?\s+({_YEAR})", t)
    if m:
        first, last = _SEASONS[m.group(1)]
        year = int(m.group(2))
        if as_end:
            return ((year + 1, last) if first > last else (year, last)), "season"
        return (year, first), "season"
    m = re.fullmatch(rf"({_MONTH})(?:,?\s*|-)'?({_YEAR})", t)
    if m:
        return (int(m.group(2)), _MONTHS[m.group(1)[:3]]), "month"
    m = re.fullmatch(rf"({_MONTH})(?:,?\s*|-)['\u2019](\d\d)", t)
    if m:  # a two-digit year: 1950-2049, as _YEAR reads four digits
        yy = int(m.group(2))
        return ((2000 if yy < 50 else 1900) + yy, _MONTHS[m.group(1)[:3]]), "month"
    m = re.fullmatch(rf"({_YEAR})[/.](\d{{1,2}})(?:[/.]\d{{1,2}})?", t)
    if m:  # 2018/01, 2018.01, 2018.01.15: year first, as East Asian resumes write it
        return (int(m.group(1)), int(m.group(2))), "month"
    m = re.fullmatch(rf"({_YEAR})-(\d\d)(?:-\d\d)?", t)
    if m:
        return (int(m.group(1)), int(m.group(2))), "month"
    m = re.fullmatch(rf"(\d{{1,2}})/(\d{{1,2}})/({_YEAR})", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12:  # dd/mm/yyyy
            month = b
        elif b > 12:  # mm/dd/yyyy
            month = a
        else:  # ambiguous: as the range's other end shows, else day-first as most write it
            month = a if month_first else b
        if not 1 <= month <= 12:
            return None
        return (int(m.group(3)), month), "month"
    m = re.fullmatch(rf"(\d{{1,2}})(?:[/.-]|\s/\s)({_YEAR})", t)
    if m:
        return (int(m.group(2)), int(m.group(1))), "month"
    m = re.fullmatch(_YEAR, t)
    if m:
        return ((int(t), 6) if as_end else (int(t), 7)), "year"
    return None


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{4}\s*")


def _numeric_order(*ends: str) -> bool | None:
    """Whether the numeric dates of one range are written month first ("12/15/2019 –
    01/10/2020": True), day first (False), or None when no end tells.

    >>> _numeric_order("12/15/2019", "01/10/2020"), _numeric_order("15/12/2019", "01/10/2020")
    (True, False)
    >>> _numeric_order("01/02/2019", "present") is None
    True
    """
    for end in ends:
        m = _NUMERIC_DATE.fullmatch(end)
        if m and int(m.group(1)) > 12:
            return False
        if m and int(m.group(2)) > 12:
            return True
    return None


def _short_date(text: str) -> _YM:
    """``(year, month)`` of a month and a two-digit year ("08/19"): 1950-2049, as
    :data:`_YEAR` reads four digits."""
    month, yy = (int(x) for x in text.split("/"))
    return (2000 if yy < 50 else 1900) + yy, month


def _index(ym: _YM) -> int:
    return ym[0] * 12 + ym[1] - 1


def _ym(index: int) -> _YM:
    return index // 12, index % 12 + 1


def _as_date(ym: _YM) -> date:
    return date(ym[0], ym[1], 1)


class _Raw:
    """A date range or single date found in the text, before it becomes an entry."""

    __slots__ = ("end", "ongoing", "precision", "single", "span_end", "span_start", "start")

    def __init__(self, start: _YM, end: _YM | None, precision: str, span: tuple[int, int],
                 *, ongoing: bool = False, single: bool = False) -> None:
        self.start, self.end, self.precision = start, end, precision
        self.span_start, self.span_end = span
        self.ongoing, self.single = ongoing, single


def _is_present(text: str) -> bool:
    return re.fullmatch(_PRESENT, text.strip(), re.IGNORECASE) is not None


def _coarser(p: str, q: str) -> str:
    order = ("month", "season", "year")
    return max(p, q, key=order.index)


# Where a date can start (every alternative of _DATE begins with a digit, "exp", a month or a
# season): _RANGE, _DANGLING and _SINGLE, which all start with a date, are tried only there
# (see _finditer). Zero-width, so every such position is listed; the leading character class
# rejects the other positions fast. _DATE_AT_LOWER: the same on lower-cased ASCII text.
_DATE_WORDS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter|exp"
_DATE_AT = re.compile(rf"(?=[0-9jfmasondweJFMASONDWE])(?:(?<![0-9])(?=[0-9])"
                      rf"|(?<=[0-9])(?=(?:19|20)\d\d-)|(?=(?:{_DATE_WORDS})))", re.IGNORECASE)
_DATE_AT_LOWER = re.compile(rf"(?=[0-9jfmasondwe])(?:(?<![0-9])(?=[0-9])"
                            rf"|(?<=[0-9])(?=(?:19|20)\d\d-)|(?=(?:{_DATE_WORDS})))")


def _date_starts(text: str) -> list[int]:
    """Every position where a date may start (a superset of where one does)."""
    if text.isascii():
        return [m.start() for m in _DATE_AT_LOWER.finditer(text.lower())]
    return [m.start() for m in _DATE_AT.finditer(text)]


def _finditer(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts``
    (sorted) and never matches the empty string: the same matches, found without trying every
    position of the text (the scan was most of the experience parser's time)."""
    pos = 0
    match = pattern.match
    for p in starts:
        if p < pos:
            continue
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end()


def _find_dates(text: str) -> list[_Raw]:
    """Every date range and single date in ``text``, in text order, none overlapping."""
    found: list[_Raw] = []
    starts = _date_starts(text)
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(raw: _Raw) -> None:
        found.append(raw)
        taken.append((raw.span_start, raw.span_end))

    for m in _YAML_START.finditer(text):  # rendercv / YAML: start_date / end_date lines
        a = _parse_date(m.group("a"), as_end=False)
        if a is None:
            continue
        nxt = text.find("start_date:", m.end())
        window = text[m.end(): nxt if nxt != -1 else len(text)][:300]
        em = _YAML_END.search(window)
        if em and _is_present(em.group("b")):
            add(_Raw(a[0], None, a[1], (m.start("a"), m.end("a")), ongoing=True))
        elif em:
            b = _parse_date(em.group("b"), as_end=True)
            if b is not None:
                add(_Raw(a[0], b[0], _coarser(a[1], b[1]), (m.start("a"), m.end("a"))))
        else:  # a start date without an end date is ongoing
            add(_Raw(a[0], None, a[1], (m.start("a"), m.end("a")), ongoing=True))
    for m in _finditer(_RANGE, text, starts):
        if not free(m.start(), m.end()):
            continue
        order = _numeric_order(m.group("a"), m.group("b"))
        a = _parse_date(m.group("a"), as_end=False, month_first=order)
        if a is None:
            continue
        if _is_present(m.group("b")):
            add(_Raw(a[0], None, a[1], m.span(), ongoing=True))
            continue
        b = _parse_date(m.group("b"), as_end=True, month_first=order)
        if b is not None and not m.group("sep").strip() and a[1] != b[1]:
            continue  # a gap joins dates of one kind only: not "15 april 1990    2013"
        if b is None or _index(b[0]) < _index(a[0]) - 1:
            continue  # an end before the start is not a range ("2019-2012" in a phone number)
        add(_Raw(a[0], b[0], _coarser(a[1], b[1]), m.span()))
    yy_style = _YEAR_YY_RANGE.search(text) is not None and _ISO_DAY.search(text) is None
    for m in _finditer(_YEAR_YY_ANY if yy_style else _YEAR_YY_RANGE, text, starts):  # "1995-99"
        if not free(m.start(), m.end()):
            continue
        first = int(m.group("a"))
        last = first - first % 100 + int(m.group("yy"))
        if last < first:
            last += 100  # "1998-02": 1998-2002
        if last - first <= (40 if int(m.group("yy")) > 12 else 10) and last <= 2049:
            add(_Raw((first, 7), (last, 6), "year", m.span()))
    for m in _finditer(_ONWARDS, text, starts):  # "May 2014 onwards"
        if not free(m.start(), m.end()):
            continue
        a = _parse_date(m.group("a"), as_end=False)
        if a is not None:
            add(_Raw(a[0], None, a[1], m.span(), ongoing=True))
    for m in _finditer(_SHORT_RANGE, text, starts):  # "08/19 – 06/21"
        if not free(m.start(), m.end()):
            continue
        a = _short_date(m.group("a"))
        if _is_present(m.group("b")):
            add(_Raw(a, None, "month", m.span(), ongoing=True))
            continue
        b = _short_date(m.group("b"))
        if _index(b) >= _index(a):
            add(_Raw(a, b, "month", m.span()))
    for m in _MONTH_ONLY_RANGE.finditer(text):  # "April – Dec 2008"
        if not free(m.start(), m.end()):
            continue
        b = _parse_date(m.group("b"), as_end=True)
        if b is None:
            continue
        month = _MONTHS[m.group("m").lower()[:3]]
        year = b[0][0] if month <= b[0][1] else b[0][0] - 1
        add(_Raw((year, month), b[0], "month", m.span()))
    for m in _finditer(_DANGLING, text, starts):  # moderncv: "June 2020 – Title ...\nPresent Working on ..."
        if not free(m.start(), m.end()):
            continue
        line_end = text.find("\n", m.end())
        if line_end == -1:
            continue
        nm = _LINE_START_END.match(text, line_end + 1)
        a = _parse_date(m.group("a"), as_end=False)
        if nm is None or a is None or not free(nm.start("b"), nm.end("b")):
            continue
        if _is_present(nm.group("b")):
            add(_Raw(a[0], None, a[1], (m.start("a"), m.end()), ongoing=True))
            taken.append((nm.start("b"), nm.end("b")))
            continue
        b = _parse_date(nm.group("b"), as_end=True)
        if b is not None and _index(b[0]) >= _index(a[0]):
            add(_Raw(a[0], b[0], _coarser(a[1], b[1]), (m.start("a"), m.end())))
            taken.append((nm.start("b"), nm.end("b")))
    for m in _SINCE.finditer(text):  # "Since 2018": open to the present
        if not free(m.start(), m.end()):
            continue
        a = _parse_date(m.group("a"), as_end=False)
        if a is not None:
            add(_Raw(a[0], None, a[1], m.span(), ongoing=True))
    for m in _finditer(_SINGLE, text, starts):
        if not free(m.start(), m.end()):
            continue
        token = m.group(0)
        season = re.match(rf"\s*({_SEASON})", token, re.IGNORECASE)
        a = _parse_date(token, as_end=False)
        b = _parse_date(token, as_end=True)
        if a is None or b is None:
            continue
        # a season is a range of its own; any other single date is a point
        add(_Raw(a[0], b[0], a[1], m.span(), single=season is None))
    found.sort(key=lambda r: r.span_start)
    return found


# --------------------------------------------------------------------------------------------
# sections, headings, kinds

_MAJOR = ("experience", "education", "projects")
_NO_ENTRIES = ("awards", "certifications", "publications", "interests", "contact")
_DEGREE = re.compile(
    r"\b(?:bachelor|master(?:'?s)?\s+(?:of|in|degree)|b\.?\s?sc|m\.?\s?sc|b\.\s?s\.|m\.\s?s\.|b\.?s\.?\s+in"
    r"|m\.?s\.?\s+in|ph\.?\s?d|doctorate|doctor\s+of|mba|b\.?\s?tech|m\.?\s?tech|b\.\s?e\.|m\.\s?e\."
    r"|b\.?a\.\s|degree|diploma|high\s+school|secondary\s+school|gpa|cgpa|graduat(?:ed|ion)"
    r"|a-levels|baccalaur|\bmca\b|\bbca\b|associates?\s+degree)"
    r"|(?-i:\b(?:BS|BA|MS|MA|BEng|MEng|BSc|MSc|PhD|MBA)\b)", re.IGNORECASE)
_BREAK = re.compile(r"\b(?:career\s+break|sabbatical|parental\s+leave|maternity\s+leave|gap\s+year"
                    r"|travell?ing)\b", re.IGNORECASE)
_INTERN = re.compile(r"\b(?:interns?|internship|intership|co-?op|trainee|working\s+student"
                     r"|apprentice(?:ship)?|werkstudent|praktikum)\b", re.IGNORECASE)
_TITLE_WORDS: tuple[tuple[str, re.Pattern[str], Level], ...] = (
    ("intern", re.compile(r"\b(?:interns?|internship|intership|trainee|working\s+student"
                          r"|apprentice)\b", re.I), "intern"),
    ("junior", re.compile(r"\b(?:junior|jr\.?)(?=\s|$|,)", re.I), "junior"),
    # "Associate Software Engineer" is an entry title; "Research Associate", "Associate Director" are not
    ("associate", re.compile(r"\b(?:associate|assoc\.)\s+(?:software|data|ml|machine|ai|engineer|developer"
                             r"|scientist|consultant|analyst|programmer)", re.I), "junior"),
    ("senior", re.compile(r"\b(?:senior|sr\.?)(?=\s|$|,)", re.I), "senior"),
    ("lead", re.compile(r"\b(?:lead|tech\s+lead|team\s+lead)\b(?!\s+(?:to|by|the|a)\b)", re.I), "senior"),
    ("manager", re.compile(r"\bmanager\b", re.I), "senior"),
    ("staff", re.compile(r"\bstaff\b(?!\s*-)", re.I), "staff+"),
    ("principal", re.compile(r"\bprincipal\b", re.I), "staff+"),
    ("head of", re.compile(r"\bhead\s+of\b", re.I), "staff+"),
    ("director", re.compile(r"\bdirector\b", re.I), "staff+"),
    ("vp", re.compile(r"\b(?:vp|vice\s+president)\b", re.I), "staff+"),
    ("chief", re.compile(r"\b(?:chief|cto|ceo|cio|cdo|cso)\b", re.I), "staff+"),
)
_LEAD_VERB = r"(?:led|lead|leading|managed|managing|manage|supervised|supervising|directed|headed|built\s+and\s+led)"
_NUM = r"(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_WORDNUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_PEOPLE = (r"(?:engineers|developers|scientists|researchers|analysts|people|members|reports"
           r"|direct\s+reports|interns|employees|staff|designers|juniors|students|fte)")
_LEADERSHIP = (
    re.compile(rf"\b{_LEAD_VERB}\s+(?:a|an|the|my)?\s*(?:\w+\s+){{0,2}}?(?:team|group|squad|department"
               rf"|division|unit)(?:\s+of\s+{_NUM}(?:\+)?)?", re.I),
    re.compile(rf"\b(?:{_LEAD_VERB}|mentored|mentoring|coached|coaching|hired|grew\s+(?:a|the)\s+team\s+to)"
               rf"\s+(?:a\s+team\s+of\s+)?{_NUM}\+?\s+(?:\w+\s+)?{_PEOPLE}", re.I),
    re.compile(rf"\b(?:mentored|mentoring|mentorship\s+of|coached)\s+(?:\w+\s+){{0,2}}?{_PEOPLE}", re.I),
    re.compile(r"\b(?:mentored|mentoring|mentor\s+to)\b", re.I),
    re.compile(r"\b(?:team|tech(?:nical)?)\s+lead(?:er)?\b|\bhead\s+of\b", re.I),
)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


#: At most this many words on a dated heading (:func:`dated_heading`).
_HEADING_WORDS = 14


def dated_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` stands on a short line with a date range: the heading of a job or a
    degree ("Account Manager Momentum Worldwide July 2003 – April 2008"), whose names are
    titles, employers, schools and places (at most 14 words)."""
    start, end = _line_bounds(text, offset)
    line = text[start:end]
    return len(line.split()) <= _HEADING_WORDS and _RANGE.search(line) is not None


#: A summary heading that names the career ("Career Summary", "Employment Summary"): the work
#: history in some templates (see :func:`_doc_entries`).
_CAREER_TITLE = re.compile(r"\b(?:career|work|employment|job)\b", re.IGNORECASE)


def _section_kind(doc: Document, offset: int) -> tuple[str, int]:
    """``(kind, region_end)``: the canonical section of ``offset``; an unknown ('other')
    sub-heading — a Markdown "### Data Scientist | 2021 – now" — inherits the nearest known
    section before it. ``region_end`` is where the next known section starts (entry extents
    stop there)."""
    secs = sorted(doc.sections, key=lambda s: s.start)
    here = doc.section_of(offset)
    if here is None:
        return "other", len(doc.text)
    kind = here.name
    if kind in ("other", "skills"):  # a sub-heading, or a job title read as a heading
        for s in reversed(secs):
            if s.start < here.start and s.name not in ("other", "skills"):
                kind = s.name if s.name in _MAJOR else "other"
                break
    end = len(doc.text)
    for s in secs:
        if s.start > offset and s.name != "other":
            end = s.start
            break
    return kind, end


#: A line longer than this is a flattened document (its line breaks lost: one line of two
#: spaces between what were lines, or of single spaces): an entry there is the text near its
#: date (:func:`_entry_bounds`), not the whole line.
_LONG_LINE = 300
#: How far from its date a flattened entry reaches, at most.
_FLAT_REACH = 100
_SOFT_BREAK = re.compile(r"[ \t]{2,}")
_COLON_AFTER = re.compile(r"[ \t]*:")
#: Section words that part the entries of a flattened document ("... Karnataka 2019 to Present
#: Education Bachelors in ...": the degree after "Education" is the next entry's).
_PART_WORD = re.compile(r"\b(?:education|academics?|qualifications?|certifications?|skills|"
                        r"projects|experience|employment|summary|objective|languages)\b",
                        re.IGNORECASE)


def _entry_bounds(text: str, raw: _Raw) -> tuple[int, int]:
    """The date's line; in a flattened line (longer than :data:`_LONG_LINE`), the text around
    the date, at most :data:`_FLAT_REACH` characters away: before it back to a section word or
    the previous date (none of it when a colon follows the date: "2001  2006: Principal
    Engineer" is written date first), after it up to a gap of two spaces, a section word or
    the next date.

    >>> text = ("Work Experience NOC Engineer Acme Pune 2019 to Present Education BTech in CS "
    ...         "Pune University  Pune 2014 to 2018 Skills  Linux ") * 3
    >>> [text[slice(*_entry_bounds(text, r))].strip() for r in _find_dates(text)[:2]]
    ['NOC Engineer Acme Pune 2019 to Present', 'BTech in CS Pune University  Pune 2014 to 2018']
    """
    ls, le = _line_bounds(text, raw.span_start)
    if le - ls <= _LONG_LINE:
        return ls, le
    lo, hi = max(ls, raw.span_start - _FLAT_REACH), min(le, raw.span_end + _FLAT_REACH)
    if _COLON_AFTER.match(text, raw.span_end):
        lo = raw.span_start
    else:
        for pattern in (_PART_WORD, _SINGLE):
            for m in pattern.finditer(text, lo, raw.span_start):
                lo = m.end()
    for pattern in (_SOFT_BREAK, _PART_WORD, _SINGLE):
        m = pattern.search(text, raw.span_end, hi)
        if m is not None:
            hi = m.start()
    return lo, hi


def _heading_block(text: str, raw: _Raw, floor: int, heads: frozenset[int] = frozenset(),
                   bounds: tuple[int, int] | None = None) -> tuple[int, int]:
    """The entry's heading lines: the date's line, plus the short lines just before it that
    carry its title and organisation (two when the date line holds little else, one
    otherwise), never before ``floor`` (the previous entry's date line end) nor onto a
    section heading (``heads``: the offsets where sections start). In a flattened line, the
    text near the date: ``bounds``, the date's :func:`_entry_bounds` when known."""
    ls, le = _line_bounds(text, raw.span_start)
    if le - ls > _LONG_LINE:
        return bounds if bounds is not None else _entry_bounds(text, raw)
    words_left = re.findall(r"[A-Za-z]{2,}", text[ls:raw.span_start] + " " + text[raw.span_end:le])
    want = 1 if len(words_left) >= 3 else 2
    start = ls
    while want and start > floor and start > 0:
        ps, pe = _line_bounds(text, start - 1)
        prev = text[ps:pe].strip()
        if ps in heads:
            break
        if not prev and ps >= floor:  # blank lines between a title and its dates
            start = ps
            continue
        want -= 1
        if (not prev or len(prev) > 90 or prev.startswith(("-", "•", "*", "▪", "·"))
                or prev.endswith((".", ";")) or ps < floor or _SINGLE.search(prev)):
            break
        start = ps
    return start, le


def _title_words(heading: str) -> tuple[list[str], Level | None]:
    words = [name for name, pat, _ in _TITLE_WORDS if pat.search(heading)]
    levels = [lv for name, pat, lv in _TITLE_WORDS if name in words]
    if not levels:
        return [], None
    if "intern" in words:
        return words, "intern"
    return words, max(levels, key=LEVELS.index)


def _leadership(text: str, source: str = "") -> list[LeadershipEvidence]:
    out: list[LeadershipEvidence] = []
    for pat in _LEADERSHIP:
        for m in pat.finditer(text):
            if any(not (m.end() <= e.start or m.start() >= e.end) for e in out):
                continue
            size = None
            num = next((g for g in m.groups() if g), None) if m.groups() else None
            if num:
                size = int(num) if num.isdigit() else _WORDNUM.get(num.lower())
            out.append(LeadershipEvidence(source=source, text=m.group(0), start=m.start(), end=m.end(),
                                          team_size=size))
    out.sort(key=lambda e: e.start)
    return out


# --------------------------------------------------------------------------------------------
# ranges and years


def merge_ranges(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Merge month ranges (inclusive ends) that overlap or touch; sorted by start.

    >>> merge_ranges([(date(2019, 1, 1), date(2020, 6, 1)), (date(2020, 7, 1), date(2021, 1, 1))])
    [(datetime.date(2019, 1, 1), datetime.date(2021, 1, 1))]
    """
    items = sorted((_index((a.year, a.month)), _index((b.year, b.month))) for a, b in ranges)
    merged: list[list[int]] = []
    for s, e in items:
        if merged and s <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(_as_date(_ym(s)), _as_date(_ym(e))) for s, e in merged]


def _years(ranges: Iterable[tuple[date, date]]) -> float:
    months = sum((b.year - a.year) * 12 + b.month - a.month + 1 for a, b in merge_ranges(ranges))
    return round(months / 12, 2)


def level_rule(years: float, *, title: Level | None = None, leads_people: bool = False,
               student: bool = False, has_jobs: bool = True) -> tuple[Level, list[str]]:
    """The ladder level from the years and the title, and the reasons, in words.

    1. Years of professional experience give a band: < 2 junior, 2-5 mid, 5-8 senior, >= 8
       staff+ (``YEAR_BANDS``). With no job at all: intern while still studying, else junior.
    2. Title evidence — the most recent job's title words (senior, staff, head of, director, …),
       or leadership of people ("led a team of 8", "managed 5 engineers") which says at least
       senior — moves the level **one step** towards what it says, never more: a title is the
       employer's reading of the person, but titles inflate and deflate across companies, so
       it corrects the years, it does not replace them.
    """
    reasons: list[str] = []
    if not has_jobs:
        base: Level = "intern" if student else "junior"
        reasons.append("no professional job dated; " + ("still studying" if student else "studies finished"))
    else:
        base = "junior"
        for lower, lv in YEAR_BANDS:
            if years >= lower:
                base = lv
        reasons.append(f"{years:g} years of professional experience -> {base}")
    target: Level | None = title
    if leads_people and (target is None or LEVELS.index(target) < LEVELS.index("senior")):
        target = "senior"
    if target is None or target == "intern":
        return base, reasons
    i, j = LEVELS.index(base), LEVELS.index(target)
    if j == i:
        return base, reasons
    moved = LEVELS[i + (1 if j > i else -1)]
    reasons.append(f"title/leadership says {target} -> one step to {moved}")
    return moved, reasons


def _doc_entries(doc: Document, raws: list[_Raw], ref: _YM | None, *,
                 unheaded: bool = True) -> list[DatedEntry]:
    """The dated entries of one document (kinds before the student-job rule)."""
    text = doc.text
    # keep the dates that date an entry: ranges in experience/education/projects (or in an
    # unheaded part), single dates on degree lines and in projects
    kept: list[tuple[_Raw, str, int, tuple[int, int]]] = []  # (date, kind, region end, bounds)
    for r in raws:
        kind, region_end = _section_kind(doc, r.span_start)
        bounds = _entry_bounds(text, r)
        line = text[bounds[0]:bounds[1]]
        if kind in _NO_ENTRIES or kind == "summary" and r.single:
            continue
        section = doc.section_of(r.span_start)
        if kind == "summary" and r.precision == "month" and section is not None \
                and _CAREER_TITLE.search(section.title):
            # a range to the month under "Career Summary" dates a job: templates head the work
            # history so ("Period of work November 2012 - Current")
            kind = "education" if _DEGREE.search(line) else "experience"
        if kind not in _MAJOR:
            if r.single or not unheaded:  # dates outside the known sections count only when the
                continue  # candidate's documents have no experience section at all
            kind = "education" if _DEGREE.search(line) else "experience"
        if r.single and kind in ("experience", "education"):
            if not _DEGREE.search(line):  # a lone year elsewhere ("Class of 2022") dates nothing
                continue
            kind = "education"
        kept.append((r, kind, region_end, bounds))

    entries: list[DatedEntry] = []
    floor = 0
    blocks: list[tuple[int, int]] = []
    heads = frozenset(s.start for s in doc.sections if s.title)
    for r, _kind, _, bounds in kept:
        hs, he = _heading_block(text, r, floor, heads, bounds)
        blocks.append((hs, he))
        floor = bounds[1]
    for n, ((r, kind, region_end, (ls, le)), (hs, he)) in enumerate(zip(kept, blocks, strict=True)):
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else len(text)
        extent_end = max(he, min(nxt, region_end))
        heading = text[hs:he]
        line = text[_line_bounds(text, max(ls - 1, 0))[0] if ls > hs else ls:le]  # + the title line
        if _DEGREE.search(line) and kind != "projects":
            entry_kind: EntryKind = "education"
        elif kind == "education":
            entry_kind = "education"
        elif kind == "projects":
            entry_kind = "project"
        elif _BREAK.search(line):
            continue  # a career break is dated but is no job
        elif _INTERN.search(heading) or (r.precision == "season" and r.end is not None
                                         and _index(r.end) - _index(r.start) < 4
                                         and re.search(r"summer", text[r.span_start:r.span_end], re.I)):
            entry_kind = "internship"  # a single summer is an internship: jobs are not dated by season
        else:
            entry_kind = "job"
        if r.ongoing:
            if ref is None:
                continue
            end = ref if _index(ref) >= _index(r.start) else r.start
        else:
            assert r.end is not None
            end = r.end if _index(r.end) >= _index(r.start) else r.start
        words, title_level = _title_words(heading) if entry_kind in ("job", "internship") else ([], None)
        entries.append(DatedEntry(
            source=doc.source, kind=entry_kind, section=kind, start=_as_date(r.start),
            end=_as_date(end), ongoing=r.ongoing, precision=r.precision,  # type: ignore[arg-type]
            months=_index(end) - _index(r.start) + 1,
            date_text=text[r.span_start:r.span_end], date_start=r.span_start, date_end=r.span_end,
            heading=heading.strip(), heading_start=hs, heading_end=he,
            extent_start=hs, extent_end=extent_end, title_words=words, title_level=title_level))
    return entries


def _undated_experience(doc: Document, entries: Sequence[DatedEntry]) -> bool:
    """An experience section with real text but no dated job or internship in it."""
    for sec in doc.sections:
        if sec.name != "experience" or len("".join(doc.text[sec.start:sec.end].split())) < 80:
            continue
        if not any(sec.start <= e.date_start < sec.end and e.kind in ("job", "internship")
                   for e in entries if e.source == doc.source):
            return True
    return False


def parse_experience(docs: Document | Sequence[Document], *, reference: date | None = None,
                     today: date | None = None) -> Experience:
    """Dated entries, years, title words, leadership and a level for one candidate.

    Args:
        docs: the resume (or all documents of one candidate; entries carry their ``source``).
        reference: the month "Present" stands for (explicit; wins over everything).
        today: used as the reference only when the documents mention no date at all.

    Rules beyond the dates themselves:

    * a job held entirely inside a period of study (a teaching assistantship, a part-time
      developer job during the degree) is a student job: it is counted with the internships
      (``during_studies``), not as professional experience;
    * an experience section with text but no dated job gives no level (``None``): years are
      not guessed from undated text; a resume with no dated entry at all gives no level.

    >>> doc = Document.from_text("Experience\\nSenior Data Scientist, Acme  Jan 2019 - Present\\n"
    ...                          "- Led a team of 4 analysts\\nData Analyst, Beta  2015 - 2018\\n")
    >>> exp = parse_experience(doc, reference=date(2024, 12, 1))
    >>> [(e.kind, e.start.isoformat(), e.months) for e in exp.entries]
    [('job', '2019-01-01', 72), ('job', '2015-07-01', 36)]
    >>> exp.professional_years, exp.level
    (9.0, 'senior')
    """
    doc_list = [docs] if isinstance(docs, Document) else list(docs)
    found = [(d, _find_dates(d.text)) for d in doc_list]
    latest = max((ym for _, raws in found for r in raws for ym in (r.start, r.end) if ym is not None),
                 default=None, key=_index)
    if reference is not None:
        ref: _YM | None = (reference.year, reference.month)
        ref_source = "explicit"
    elif latest is not None:
        ref, ref_source = latest, "document"
    elif today is not None:
        ref, ref_source = (today.year, today.month), "today"
    else:
        ref, ref_source = None, "none"
    unheaded = not any(s.name == "experience" for d in doc_list for s in d.sections)
    entries = [e for d, raws in found for e in _doc_entries(d, raws, ref, unheaded=unheaded)]
    study = merge_ranges((e.start, e.end) for e in entries if e.kind == "education")
    for n, e in enumerate(entries):
        if e.kind == "job" and any(a <= e.start and e.end <= b for a, b in study):
            entries[n] = e.model_copy(update={"kind": "internship", "during_studies": True})
    leadership = [ld for d in doc_list for ld in _leadership(d.text, d.source)]
    ref_date = _as_date(ref) if ref else None

    def span(kinds: tuple[str, ...]) -> list[tuple[date, date]]:
        return [(e.start, e.end) for e in entries if e.kind in kinds]

    base = {"reference": ref_date, "reference_source": ref_source, "entries": entries,
            "professional_years": _years(span(("job",))),
            "internship_years": _years(span(("internship",))),
            "education_years": _years(span(("education",))), "leadership": leadership}
    jobs = [e for e in entries if e.kind == "job"]
    if not entries:
        return Experience(**base, has_dates=False, level=None, level_evidence=[LevelEvidence(
            kind="no-dates", detail="no dated experience or education entry found; no level is given")],
            note="no dated entries: years and level unknown")
    worked = [e for e in entries if e.kind in ("job", "internship")]
    if not worked and any(_undated_experience(d, entries) for d in doc_list):
        return Experience(**base, has_dates=True, level=None, level_evidence=[LevelEvidence(
            kind="no-dates", detail="the experience section is not dated; no level is given")],
            note="experience not dated: years and level unknown")
    evidence: list[LevelEvidence] = []
    for e in jobs:
        detail = f"job {e.start:%Y-%m} to {e.end:%Y-%m}"
        if e.ongoing:
            detail = f"job {e.start:%Y-%m} to present, counted to {e.end:%Y-%m}" + (
                " (the latest date the resume names)" if ref_source == "document" else "")
        evidence.append(LevelEvidence(kind="years", detail=detail,
                                      source=e.source, text=e.date_text, start=e.date_start,
                                      end=e.date_end))
    student = ref is not None and any(
        e.kind == "education" and (e.ongoing or _index((e.end.year, e.end.month)) > _index(ref))
        for e in entries)
    recent = max(jobs, key=lambda e: (e.end, e.start), default=None)
    title = recent.title_level if recent else None
    if recent and title:
        evidence.append(LevelEvidence(kind="title", detail=f"most recent title: {', '.join(recent.title_words)}",
                                      source=recent.source, text=recent.heading,
                                      start=recent.heading_start, end=recent.heading_end))
    # leadership of people inside a job entry counts (a student club's "led a team" does not)
    people = [ld for ld in leadership
              if any(j.source == ld.source and j.extent_start <= ld.start < j.extent_end for j in jobs)
              and (ld.team_size or re.search(rf"{_PEOPLE}|team|group|department|division|lead|head",
                                             ld.text, re.I))]
    for ld in people:
        evidence.append(LevelEvidence(kind="leadership", detail="leads people", source=ld.source,
                                      text=ld.text, start=ld.start, end=ld.end))
    if student:
        evidence.append(LevelEvidence(kind="student", detail="an education entry is still running"))
    level, reasons = level_rule(base["professional_years"], title=title, leads_people=bool(people),  # type: ignore[arg-type]
                                student=student, has_jobs=bool(jobs))
    if ref_source == "document" and any(e.ongoing for e in jobs):
        # "2021 - Present" on a resume that names no later date: the years are a floor
        reasons.append(f"“present” counted to {ref_date:%Y-%m}, the latest date the resume names; "
                       "years may be more (as_of / --as-of sets the month)")
    return Experience(**base, has_dates=True, level=level, level_evidence=evidence,
                      note="; ".join(reasons))


def skill_experience(experience: Experience,
                     spans: Sequence[tuple[int, int] | tuple[str, int, int]]) -> SkillExperience:
    """Years of use, last use and kinds of evidence of a skill from its evidence spans.

    ``spans`` are ``(start, end)`` offsets in the documents' text, or ``(source, start, end)``
    when the candidate has several documents (a skill's ``Evidence.source/start/end``). The
    entries whose extent holds a span count; years are the union of their ranges (overlaps
    merged); a span outside every entry (a skills list) adds nothing.
    """
    hit: list[DatedEntry] = []
    for item in spans:
        source, start = (item[0], item[1]) if len(item) == 3 else (None, item[0])
        entry = experience.entry_at(start, source)  # type: ignore[arg-type]
        if entry is not None and entry not in hit:
            hit.append(entry)
    if not hit:
        return SkillExperience(years=0.0, professional_years=0.0, last_used=None, kinds=[])
    kinds = sorted({e.kind for e in hit}, key=("job", "internship", "project", "education").index)
    return SkillExperience(
        years=_years((e.start, e.end) for e in hit),
        professional_years=_years((e.start, e.end) for e in hit if e.kind == "job"),
        last_used=max(e.end for e in hit), kinds=kinds)  # type: ignore[arg-type]


#: A number of years ("5", "5+", "2.5"), as resumes state them next to a skill.
_YEARS_STATED = r"(\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)\b"
#: Years written right after the name: "Python (5+ years)", "SQL - 3 years", "Docker: 2 yrs";
#: not years that open the next statement ("IIS 5 year experience in web HTML").
_STATED_AFTER = re.compile(rf"[ \t]*(?:\([ \t]*|[:\-–—][ \t]*)?{_YEARS_STATED}"
                           r"(?![ \t]+(?:of|experience|exp|in|with|as|on)\b)", re.IGNORECASE)
#: Years written before it: "5+ years of experience with Python", "3 years in SQL".
_STATED_HEAD = (rf"{_YEARS_STATED}(?:[ \t]+of)?(?:[ \t]+(?:hands-on|professional|industry|commercial))?"
                r"(?:[ \t]+(?:experience|expertise))?[ \t]+(?:in|with|using|of|on)[ \t]+")
_STATED_BEFORE = re.compile(rf"{_STATED_HEAD}$", re.IGNORECASE)
#: ... or before a list the name ends ("5+ years of experience with Python, SQL and Spark"): the
#: statement, then short items (at most four words each) joined by commas, slashes, "&" or "and".
_LIST_WORD = r"(?!and\b)[^\W\d][\w+#.-]*"  # "and" only ever joins items: one way to read a list
_STATED_LIST = re.compile(
    rf"{_STATED_HEAD}(?:{_LIST_WORD}(?:[ \t]+{_LIST_WORD}){{0,3}}"
    r"(?:[ \t]*[,/&][ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+))+$", re.IGNORECASE)
_AND = re.compile(r"\band\b|&", re.IGNORECASE)
#: The rest of such a list after the name, up to its "and": ", SQL and Spark".
_AND_AFTER = re.compile(rf"(?:[ \t]*,[ \t]*{_LIST_WORD}(?:[ \t]+{_LIST_WORD}){{0,3}})*[ \t]*,?[ \t]*(?:and\b|&)",
                        re.IGNORECASE)
#: The most years a statement is read as (more is a typo or another number).
_STATED_MAX = 50.0


def stated_years(text: str, start: int, end: int) -> float | None:
    """The years ``text`` states for the skill named at ``text[start:end]``, or None.

    >>> text = "Python (5+ years), SQL - 3 years, 4 yrs of Docker, Kubernetes, Python 3"
    >>> [stated_years(text, text.find(n), text.find(n) + len(n))
    ...  for n in ("Python", "SQL", "Docker", "Kubernetes")]
    [5.0, 3.0, 4.0, None]
    >>> text = "6 years of experience with Python, SQL and Spark; 2 years in Go"
    >>> [stated_years(text, text.find(n), text.find(n) + len(n)) for n in ("SQL", "Spark", "Go")]
    [6.0, 6.0, 2.0]
    >>> text = "5 years in data science, including Python"
    >>> stated_years(text, text.find("Python"), len(text)) is None
    True
    >>> text = "LINQ IIS 5 year experience in HTML CSS"
    >>> stated_years(text, 5, 8), stated_years(text, text.find("HTML"), text.find("HTML") + 4)
    (None, 5.0)
    """
    m = _STATED_AFTER.match(text, end) or _STATED_BEFORE.search(text, max(0, start - 80), start)
    if m is None:
        m = _STATED_LIST.search(text, max(0, start - 160), start)
        # a list of the statement is closed by "and" / "&" (before the name or after it): in
        # "4 yrs of Docker, Kubernetes" the commas part items of their own
        if m is not None and not (_AND.search(text, m.start(), start) or _AND_AFTER.match(text, end)):
            m = None
    if m is None:
        return None
    years = float(m.group(1))
    return years if 0.0 < years <= _STATED_MAX else None


def with_stated_years(hits: Sequence[SkillHit], documents: Sequence[Document]) -> list[SkillHit]:
    """The hits with the years their documents state next to a mention (the most any mention
    states; :func:`stated_years`) in :attr:`SkillExperience.stated_years`. Stated years are
    reported beside the dated ones and change no score."""
    texts = {d.source: d.text for d in documents}
    out: list[SkillHit] = []
    for hit in hits:
        said = [y for ev in hit.evidence if ev.source in texts
                and (y := stated_years(texts[ev.source], ev.start, ev.end)) is not None]
        if not said:
            out.append(hit)
            continue
        ex = hit.experience or SkillExperience(years=0.0, professional_years=0.0, last_used=None,
                                               kinds=[])
        out.append(hit.model_copy(update={"experience": ex.model_copy(
            update={"stated_years": max(said)})}))
    return out


# --------------------------------------------------------------------------------------------
# proficiency: evidence strength scaled by years of use and recency

#: Years of use saturate: a skill held for years says more than one used for a few months, but
#: the tenth year adds little to the fifth. factor_years = FLOOR + RANGE·(1 − e^(−years/SCALE)):
#: 0.80 for a few weeks, ~0.94 at 2 years, ~1.04 at 5 years, 1.10 at most.
YEARS_FLOOR = 0.8
YEARS_RANGE = 0.3
YEARS_SCALE = 3.0
#: Recency: skills fade. factor_recency = 1 − FADE·(1 − 0.5^(gap/HALF_LIFE)), gap = years from
#: the last use to the reference month: 1.0 when in use now, 0.75 after 3 years, → 0.5 for long
#: ago. A skill shown only outside dated entries (a skills list) keeps factor 1: nothing is
#: known of its years, and nothing is guessed.
RECENCY_FADE = 0.5
RECENCY_HALF_LIFE = 3.0


def proficiency_factor(skill: SkillExperience, reference: date | None) -> float:
    """The factor a skill's evidence strength is multiplied by, from its years and recency.

    >>> current = SkillExperience(years=5.0, professional_years=5.0, last_used=date(2024, 12, 1), kinds=["job"])
    >>> old = SkillExperience(years=0.25, professional_years=0.0, last_used=date(2012, 5, 1), kinds=["project"])
    >>> ref = date(2024, 12, 1)
    >>> round(proficiency_factor(current, ref), 3), round(proficiency_factor(old, ref), 3)
    (1.043, 0.434)
    """
    if not skill.kinds or skill.last_used is None:
        return 1.0
    import math

    years_f = YEARS_FLOOR + YEARS_RANGE * (1.0 - math.exp(-skill.years / YEARS_SCALE))
    gap = 0.0
    if reference is not None:
        gap = max(0.0, ((reference.year - skill.last_used.year) * 12
                        + reference.month - skill.last_used.month) / 12)
    recency = 1.0 - RECENCY_FADE * (1.0 - 0.5 ** (gap / RECENCY_HALF_LIFE))
    return years_f * recency


def with_experience(hits: Sequence[SkillHit], experience: Experience | None) -> list[SkillHit]:
    """The hits with their :class:`SkillExperience` and the strength scaled by proficiency.

    Each evidence place is scaled by the factor of the entry it lies in (places outside every
    dated entry keep their strength); the hit's strength is recomputed from its strongest place
    as :func:`skillgap.link.resolve` does (best confidence × strength + the spread bonus).
    Without dates (``experience`` None or no entry) the hits are returned unchanged.
    """
    if experience is None or not experience.entries:
        return list(hits)
    out: list[SkillHit] = []
    ref = experience.reference
    for hit in hits:
        per_entry: dict[int, float] = {}
        scaled: list[float] = []
        for ev in hit.evidence:
            entry = experience.entry_at(ev.start, ev.source)
            if entry is None:
                scaled.append(ev.strength)
                continue
            key = experience.entries.index(entry)
            if key not in per_entry:
                per_entry[key] = proficiency_factor(skill_experience(experience, [(ev.source, ev.start, ev.end)]), ref)
            scaled.append(min(1.0, ev.strength * per_entry[key]))
        sk = skill_experience(experience, [(e.source, e.start, e.end) for e in hit.evidence])
        best = max((ev.confidence * st for ev, st in zip(hit.evidence, scaled, strict=True)), default=0.0)
        old_best = max((ev.confidence * ev.strength for ev in hit.evidence), default=0.0)
        spread = max(0.0, hit.strength - old_best)  # the spread bonus resolve() added
        strength = round(min(1.0, best + spread), 6)
        out.append(hit.model_copy(update={"strength": strength, "experience": sk}))
    return out

