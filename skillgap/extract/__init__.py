"""Find where taxonomy skills are named in a document.

spaCy's tokenizer (``spacy.blank("en")``) and two ``PhraseMatcher`` objects: one on lower-cased
tokens for labels and aliases, one on exact case for names that are only a skill in their own
case ("R", "Go", "C", "Spark", "Excel"). Context rules then decide ambiguous names, and
negation or aspiration ("no experience with Kubernetes", "currently learning Rust") sets a
mention aside instead of counting it.

Each chunk of text between spaces is tokenized once on its own before the document is (see
``_make_doc``), so spaCy's tokenizer cache serves the words a batch of resumes share.

``find_mentions(..., deadline=)`` checks an analysis' :class:`~skillgap.ingest.Deadline` every
few hundred chunks and mentions, so a huge text stops at ``Limits.timeout_s``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from skillgap.extract._languages import LANGUAGE_CUE, as_subject, is_language
from skillgap.extract._spacy import import_spacy
from skillgap.models import Document, IgnoredMention, Mention
from skillgap.taxonomy import Skill, Taxonomy
from skillgap.taxonomy._variants import FUNCTION_WORDS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from skillgap.ingest import Deadline

spacy = import_spacy()

from spacy.attrs import LOWER  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.util import filter_spans  # noqa: E402

__all__ = ["AmbiguousName", "Extraction", "find_mentions", "get_nlp", "quantified", "sentence_bounds",
           "sentence_context"]

_NLP_LOCK = threading.Lock()
_NLP: spacy.language.Language | None = None
#: Chunks (runs of non-space text) already handed to the tokenizer on their own, see _make_doc.
_WARMED: set[str] = set()
_TOKENIZER_CACHE_SIZE = 100_000
#: Chunks or mentions handled between two looks at the deadline of an analysis.
_CHECK_EVERY = 256


#: Splits spaCy's English tokenizer does not make, and resumes need: a bracket or a slash
#: written onto a name ("Scripting(bash)", "PL/SQL(Oracle 9)", "C++/C#").
_INFIXES = (r"(?<=[\w+#])\((?=\w)", r"(?<=[+#])/(?=\w)")
#: A full stop after a one-letter word ends the sentence ("Java, C++, C."); spaCy keeps "C." as
#: an initial.
_SUFFIXES = (r"(?<=^[A-Z])\.",)


def _resume_english() -> spacy.language.Language:
    """``spacy.blank("en")`` with :data:`_INFIXES` and :data:`_SUFFIXES`: a subclass's defaults,
    so the tokenizer is built once (setting them on a built tokenizer rebuilds its special
    cases each time: +0.2 s of cold start)."""
    from spacy.lang.en import English

    class _Defaults(English.Defaults):  # type: ignore[misc,name-defined]
        infixes = [*English.Defaults.infixes, *_INFIXES]
        suffixes = [*English.Defaults.suffixes, *_SUFFIXES]

    class _ResumeEnglish(English):
        Defaults = _Defaults

    return _ResumeEnglish()


def get_nlp() -> spacy.language.Language:
    """The shared blank English pipeline (tokenizer only)."""
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            _NLP = _resume_english()
            _NLP.max_length = 10_000_000
            _NLP.tokenizer.max_cache_size = _TOKENIZER_CACHE_SIZE
        return _NLP


def _make_doc(text: str, deadline: Deadline | None = None) -> Doc:
    """``get_nlp().make_doc(text)``, with spaCy's tokenizer cache put to use.

    spaCy caches how each chunk of text between spaces splits into tokens, but within one call
    it stops saving to that cache after the first special case it meets (a line break is one), so
    a resume was tokenized almost from scratch every time. Each chunk not seen before is
    tokenized once on its own first, which fills the cache; the tokens are spaCy's either way.
    """
    nlp = get_nlp()
    if len(_WARMED) < _TOKENIZER_CACHE_SIZE:
        new = set(text.split()).difference(_WARMED)
        if new:
            tokenizer = nlp.tokenizer
            for i, chunk in enumerate(sorted(new)):
                if deadline is not None and not i % _CHECK_EVERY:
                    deadline.check()
                tokenizer(chunk)
            _WARMED.update(new)
    return nlp.make_doc(text)


@dataclass
class _Matchers:
    lower: PhraseMatcher
    cased: PhraseMatcher
    skills: dict[str, Skill]
    methods: dict[int, tuple[str, str]] = field(default_factory=dict)  # match key -> (skill, method)
    context: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the words (lower case) of the names of two tokens or more, see _across_space_tokens
    joinable: set[str] = field(default_factory=set)


_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z]$")


def _variants(name: str) -> list[str]:
    """A name and its plural when it is an acronym (CNN → CNNs, LLM → LLMs)."""
    out = [name]
    if _ACRONYM.match(name) and len(name) >= 2:
        out.append(name + "s")
    return out


def _build(tax: Taxonomy) -> _Matchers:
    nlp = get_nlp()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    cased = PhraseMatcher(nlp.vocab, attr="ORTH")
    m = _Matchers(lower=lower, cased=cased, skills={s.id: s for s in tax.skills})
    for skill in tax.skills:
        key_exact, key_alias = f"{skill.id}|exact", f"{skill.id}|alias"
        lower_names: list[tuple[str, str]] = []
        cased_names: list[tuple[str, str]] = []
        short_label = len(skill.label) <= 2 or skill.ambiguous
        (cased_names if short_label else lower_names).append((skill.label, key_exact))
        lower_names.extend((a, key_alias) for a in skill.aliases)
        cased_names.extend((a, key_alias) for a in skill.cased_aliases)
        if skill.ambiguous:  # "EXCEL", "SPARK" in a skills list in capitals: the context decides
            cased_names.extend((n.upper(), key_alias) for n, _ in list(cased_names)
                               if n.upper() != n and sum(c.isalpha() for c in n) >= 3)
        for names, matcher in ((lower_names, lower), (cased_names, cased)):
            by_key: dict[str, list[Doc]] = {}
            seen: set[str] = set()
            for name, key in names:
                for variant in _variants(name.strip()):
                    folded = variant if matcher is cased else variant.lower()
                    if variant and folded not in seen:
                        seen.add(folded)
                        pattern = nlp.make_doc(variant)
                        by_key.setdefault(key, []).append(pattern)
                        if len(pattern) > 1:
                            m.joinable.update(t.lower_ for t in pattern)
            for key, docs in by_key.items():
                matcher.add(key, docs)
                m.methods[nlp.vocab.strings[key]] = (skill.id, key.rsplit("|", 1)[1])
        if skill.ambiguous or skill.context:
            # (on a skill that is not ambiguous, the cues an ambiguous name the vocabulary gives
            # it must find: "Regression" beside "Classification, Clustering", not "Smoke testing")
            m.context[skill.id] = frozenset(w.lower() for w in skill.context)
    return m


def _matchers(tax: Taxonomy) -> _Matchers:
    return tax.derived("extract.matchers", _build)


#: Tokens on each side of a whitespace token that a name across it may reach.
_SPACE_WINDOW = 8


def _across_space_tokens(doc: Doc, m: _Matchers) -> list[tuple[int, int, int]]:
    """``(key, start, end)`` in ``doc`` of the names written across a whitespace token.

    spaCy makes a token of every whitespace run beyond one space ("machine  learning", a name
    wrapped over two lines: "Object Oriented\nProgramming"), and a phrase pattern never has
    one, so such names went unfound (the broad vocabulary's matcher already reads any run of
    whitespace between a name's words as one space). Around each whitespace token between two
    words of some name of several words, the matchers read the nearby tokens without the
    whitespace tokens; only the matches that reach across one are new.
    """
    import numpy as np
    from spacy.attrs import IS_SPACE

    space = doc.to_array(IS_SPACE)
    flags = space.tolist()
    n, joinable = len(doc), m.joinable
    windows: list[list[int]] = []
    for i in np.flatnonzero(space).tolist():
        if 0 < i < n - 1 and doc[i - 1].lower_ in joinable and doc[i + 1].lower_ in joinable:
            lo, hi = max(0, i - _SPACE_WINDOW), min(n, i + _SPACE_WINDOW + 1)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
    out: list[tuple[int, int, int]] = []
    for lo, hi in windows:
        at = [j for j in range(lo, hi) if not flags[j]]
        view = Doc(doc.vocab, words=[doc[j].text for j in at], spaces=[True] * len(at))
        for matcher in (m.lower, m.cased):
            for key, start, end in matcher(view):
                if at[end - 1] - at[start] >= end - start:  # a whitespace token inside
                    out.append((key, at[start], at[end - 1] + 1))
    return out


# -- sentences and quantities -----------------------------------------------------------------

# a line break ends a sentence unless the next line goes on in lower case or with a number
# (a bullet wrapped over two lines: "cut p99 latency from\n  300 ms to 80 ms")
_SENT_END = re.compile(r"\n(?![ \t]*[a-z0-9(])|(?<=[.!?;])\s+(?=[A-Z(\"'•\-*])|\s[•·▪|]\s")


#: The characters of a match of :data:`_SENT_END` besides white space.
_END_CHARS = "•·▪|"

#: Where a match of :data:`_SENT_END` can start: its first character is a line break, white
#: space after [.!?;] or white space before a bullet (one white-space character, then which of
#: the three it is: a pattern that starts with a character class is searched for fast).
_SENT_END_START = re.compile(r"\s(?:(?<=\n)|(?<=[.!?;]\s)|(?=[•·▪|]))")


@functools.lru_cache(maxsize=2)
def _sentence_end_starts(text: str) -> list[int]:
    """The offsets of ``text`` where a sentence end may start (:data:`_SENT_END_START`), found
    once per text: :func:`sentence_bounds` runs for every name found. Only the last two texts
    are kept (one document is read at a time; a long one's offsets are not small)."""
    return [m.start() for m in _SENT_END_START.finditer(text)]


def sentence_ends(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``_SENT_END.finditer(text, pos, endpos)``, found by trying the regex only
    where one can start (the same matches, several times faster on a long text)."""
    endpos = len(text) if endpos is None else endpos
    starts = _sentence_end_starts(text)
    for c in starts[bisect.bisect_left(starts, pos):bisect.bisect_left(starts, endpos)]:
        if c >= pos:
            m = _SENT_END.match(text, c, endpos)
            if m is not None:
                pos = m.end()
                yield m


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence (or bullet line) around ``text[start:end]``: the last
    sentence end in the 400 characters before it and the first in the 400 after it, each read
    within those characters only."""
    floor = max(0, start - 400)
    starts = _sentence_end_starts(text)
    match = _SENT_END.match
    lo = floor
    i, j = bisect.bisect_left(starts, floor), bisect.bisect_left(starts, start)
    # The last of ``sentence_ends(text, floor, start)``, read from the right: the last place
    # where a sentence end matches is that last end, unless an end found before it reaches over
    # it. An end is white space and bullets only, so none can when the character before that
    # place is neither (nearly always); otherwise the ends are read from the left, as defined.
    for k in range(j - 1, i - 1, -1):
        c = starts[k]
        m = match(text, c, start)
        if m is None:
            continue
        if c == floor or not (text[c - 1].isspace() or text[c - 1] in _END_CHARS):
            lo = m.end()
        else:
            for m in sentence_ends(text, floor, start):
                lo = m.end()
        break
    ceiling = min(len(text), end + 400)
    for c in starts[bisect.bisect_left(starts, end):bisect.bisect_left(starts, ceiling)]:
        m = match(text, c, ceiling)
        if m is not None:
            return lo, m.start()
    return lo, ceiling


def sentence_context(sentence: str) -> str:
    """A sentence as the context of evidence: on one line, at most 300 characters."""
    return " ".join(sentence.split())[:300]


_NUMBER = re.compile(  # (a look-ahead for a digit first: a fast search)
    r"(?=\d)(?<![A-Za-z\d./\-])(\d+(?:[.,]\d+)*)\s?(%|percent|pct|pts?|points?|x|×|ms|k|m|b|bn|gb|tb|pb)?"
    r"(?![A-Za-z\d]|[/\-–]\d)", re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")
_PERCENTILE = re.compile(r"(?=[p$€£])(?:\b(?:p50|p90|p95|p99|p999)\b|[$€£]\s?\d)", re.IGNORECASE)


def quantified(sentence: str) -> bool:
    """Whether a sentence states a measurable quantity (a number that is not a year or a date)."""
    if not _ANY_DIGIT.search(sentence):
        return False  # both patterns need a digit
    if _PERCENTILE.search(sentence):
        return True
    for m in _NUMBER.finditer(sentence):
        value, unit = m.group(1), m.group(2)
        if not unit and len(value) == 4 and value.isdigit() and 1950 <= int(value) <= 2099:
            continue  # a year
        return True
    return False


# -- context rules ----------------------------------------------------------------------------

#: How far (characters) a co-mention may stand in the same sentence to count as one.
_NEAR = 400

_NEG_CUES = [("no",), ("not",), ("never",), ("without",), ("lack",), ("lacks",), ("lacking",),
             ("unfamiliar",), ("n't",), ("nor",), ("neither",), ("zero", "experience"),
             ("little", "experience"), ("limited", "exposure")]
_ASP_CUES = [("currently", "learning"), ("am", "learning"), ("'m", "learning"), ("now", "learning"),
             ("still", "learning"), ("learning",), ("want", "to"), ("wants", "to"), ("would", "like"),
             ("hope", "to"), ("hoping", "to"), ("plan", "to"), ("planning", "to"), ("aspire", "to"),
             ("aspiring",), ("interested", "in"), ("eager", "to"), ("keen", "to"), ("looking", "to"),
             ("goal", "is"), ("to", "learn"), ("wish", "to"), ("next", "step"), ("studying",),
             ("self", "-", "studying"), ("beginner", "in"), ("someday",), ("in", "the", "future"),
             ("further", "my"), ("expand", "my"), ("broaden", "my"), ("deepen", "my"),
             ("willing", "to")]
_CLAUSE_BREAK = {"but", "however", "although", "though", "whereas", "while", "yet", ".", ";", "!",
                 "?", ":", "•", "|", "\n", "and then"}
_CUE_ONLY_AT_CLAUSE_START = {("learning",), ("studying",), ("aspiring",)}

_LIST_SEP = {",", "/", "|", "(", ")", "&", "and", "or", ";", ":", "·", "•", "-", "+", "[", "]"}
_LANG_WORDS = {"programming", "language", "languages", "lang", "developer", "developers", "code",
               "scripts", "scripting", "packages", "package", "libraries", "library", "studio",
               "shiny", "markdown", "notebooks", "jobs", "cluster", "clusters", "streaming", "sql",
               "dataframes", "spreadsheets", "macros", "vba", "pivot", "workbooks"}
_LANG_BEFORE = {"in", "using", "with", "wrote", "written", "via", "use", "used", "skilled",
                "proficient", "expert", "experience", "knowledge", "of"}
_SKILL_VERBS_BEFORE = {"learning", "learn", "learned", "learnt", "studying", "programming", "coding",
                       "written", "wrote", "proficient", "fluent", "proficiency"}
#: Work done with a tool or a claim of skill, earlier in the clause: a guide name after "in" or
#: "using" is then the means ("Developed a web scraper in Go.", "Proficient in R").
_WORK_BEFORE = frozenset({
    "wrote", "written", "writing", "developed", "developing", "built", "building", "implemented",
    "implementing", "coded", "coding", "programmed", "programming", "analysed", "analyzed",
    "analysing", "analyzing", "automated", "automating", "scripted", "maintained", "created",
    "designed", "modelled", "modeled", "prototyped", "trained", "proficient", "proficiency",
    "skilled", "experienced", "expertise", "fluent", "competent"})
# never a skill after these words ("Plan C", "grade C", "vitamin C", "Mr R")
_HARD_NOT_BEFORE = {"plan", "grade", "type", "vitamin", "class", "level", "section", "part",
                    "appendix", "figure", "fig", "table", "option", "tier", "category", "group",
                    "block", "building", "room", "floor", "unit", "series", "phase", "step",
                    "mr", "mrs", "ms", "dr", "prof"}
# English-verb readings ("I go", "to go", "go live", "go to") unless the sentence says otherwise
_SOFT_NOT_BEFORE = {"i", "we", "to", "will", "let", "lets", "can", "must", "should", "would", "you",
                    "they", "ready", "could", "did", "not", "never", "'ll", "and"}
_SOFT_NOT_AFTER = {"to", "back", "ahead", "live", "through", "beyond", "further", "out", "'s", ".",
                   "away", "over", "into", "up", "down", "for", "at", "on", "joy", "the", "a", "an"}


#: Words after a name that call it a skill of the writer's ("troubleshooting skills", "market
#: research expertise"); "experience" is left out: "TEACHING EXPERIENCE" heads a section.
_CLAIM_AFTER = re.compile(r"[ \t]+(?:skills?|skill[ -]set|expertise)\b", re.IGNORECASE)


#: The same claim after a coordination the name begins (rule of 7 December 2026, written down
#: before it was measured): "Communication and interpersonal skills", "Word, Excel and
#: PowerPoint skills". After the name, one to three further items of one to three words, joined
#: by commas, slashes, "&", "and" or "or", with "and", "or" or "&" before the last, then the
#: claim word, all on one line; the last item starts with no determiner ("Spring and the skills
#: to ...": the skills are not Spring's).
_NOT_AN_ITEM = ("the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "other",
                "these", "those", "such", "some", "all", "any", "new")
_CLAIM_AFTER_ITEMS = re.compile(
    r"(?:[ \t]*,[ \t]*[^\W\d_](?:[\w+#.-]*[\w+#])?(?:[ \t]+[^\W\d_](?:[\w+#.-]*[\w+#])?){0,2}){0,2}"
    r"[ \t]*(?:,[ \t]*)?(?:&|\band\b|\bor\b)[ \t]*(?!(?:" + "|".join(_NOT_AN_ITEM) + r")\b)"
    r"[^\W\d_](?:[\w+#.-]*[\w+#])?(?:[ \t]+[^\W\d_](?:[\w+#.-]*[\w+#])?){0,2}?"
    r"[ \t]+(?:skills?|skill[ -]set|expertise)\b", re.IGNORECASE)


def _claimed_as_skill(text: str, start: int, end: int) -> bool:
    """Whether the words after ``text[start:end]`` call it a skill, directly ("troubleshooting
    skills") or as the first item of a coordination the claim closes ("Communication and
    interpersonal skills"), the name not written in capitals (a heading: "TEACHING SKILLS")."""
    if text[start:end].isupper():
        return False
    return bool(_CLAIM_AFTER.match(text, end) or _CLAIM_WORD.search(text, end, end + 120)
                and _CLAIM_AFTER_ITEMS.match(text, end))


#: The claim words of :data:`_CLAIM_AFTER_ITEMS`, sought first (that pattern is slow to fail).
_CLAIM_WORD = re.compile(r"skill|expertise", re.IGNORECASE)


def _clause_window(doc: Doc, start: int, limit: int = 12) -> list[str]:
    """Lower-cased tokens before ``start`` back to the clause start (at most ``limit``)."""
    out: list[str] = []
    i = start - 1
    while i >= 0 and len(out) < limit:
        tok = doc[i]
        low = tok.lower_
        if low in _CLAUSE_BREAK or "\n" in tok.text:
            break
        out.append(low)
        i -= 1
    out.reverse()
    return out


class _ClauseWindows:
    """:func:`_clause_window` for the names of one document, asked in text order: the tokens'
    lower case is read from spaCy once, as one array (a token object per token costs twice as
    much), and a window starts where the one before it started, or after a clause break read
    since, so a list's names read the tokens between them only, not twelve each."""

    def __init__(self, doc: Doc, limit: int = 12) -> None:
        self.doc, self.limit = doc, limit
        self._lows: list[str] | None = None
        self._last = -1  # the start asked last, and its window's first token
        self._first = 0

    @property
    def lows(self) -> list[str]:
        """Every token in lower case (``Token.lower_``), read when a window is first asked."""
        if self._lows is None:
            strings = self.doc.vocab.strings
            self._lows = [strings[h] for h in self.doc.to_array(LOWER).tolist()]
        return self._lows

    def before(self, start: int) -> list[str]:
        """``_clause_window(doc, start, limit)``."""
        low, last = self.lows, self._last
        if 0 <= last <= start <= last + self.limit:
            first = self._first  # the clause goes on from the last window unless a break follows
            for i in range(last, start):
                if low[i] in _CLAUSE_BREAK or "\n" in low[i]:
                    first = i + 1
        else:
            first, floor = start, max(0, start - self.limit)
            while first > floor and not (low[first - 1] in _CLAUSE_BREAK or "\n" in low[first - 1]):
                first -= 1
        first = max(first, start - self.limit)
        self._last, self._first = start, first
        return low[first:start]


def _by_first_word(cues: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        out.setdefault(cue[0], []).append(cue)
    return out


_CUES_BY_FIRST_WORD = {id(_NEG_CUES): _by_first_word(_NEG_CUES),
                       id(_ASP_CUES): _by_first_word(_ASP_CUES)}
#: The words a negation or aspiration cue starts with: a window without any has no cue.
_CUE_FIRST_WORDS = frozenset(cue[0] for cue in (*_NEG_CUES, *_ASP_CUES))


def _has_cue(window: list[str], cues: list[tuple[str, ...]], masked: set[int]) -> bool:
    """Whether a cue stands in ``window``, none of its tokens part of another skill's mention."""
    first = _CUES_BY_FIRST_WORD.get(id(cues)) or _by_first_word(cues)
    n_window = len(window)
    for i, word in enumerate(window):
        for cue in first.get(word, ()):
            n = len(cue)
            if i + n > n_window or tuple(window[i:i + n]) != cue \
                    or any(j in masked for j in range(i, i + n)):
                continue
            if cue in _CUE_ONLY_AT_CLAUSE_START and i != 0:
                continue
            if cue == ("not",) and i + 1 < n_window and window[i + 1] in {"only", "just"}:
                continue
            return True
    return False


#: Before a name of the broad vocabulary, the words that make it the means of work or the
#: object of a claim of skill, with :data:`_CLAIM_BEFORE` earlier in its clause ("Proficient
#: with Eclipse", "experience develop web with PHP and mobile with Android").
_VOCABULARY_MEANS_BEFORE = frozenset({"in", "using", "with", "of", "on"})
#: :data:`_WORK_BEFORE` and the words of experience and knowledge: what, earlier in the clause,
#: makes a vocabulary name after :data:`_VOCABULARY_MEANS_BEFORE` a tool the writer used.
_CLAIM_BEFORE = _WORK_BEFORE | frozenset({
    "experience", "knowledge", "familiar", "familiarity", "worked", "working", "expert"})


def _as_means(doc: Doc, span: Span, window: list[str] | None = None, *,
              before: frozenset[str] = frozenset({"in", "using"}),
              claims: frozenset[str] = _WORK_BEFORE) -> bool:
    """Whether a name stands as the means of work: after one of ``before`` ("in" or "using"),
    with work done or a claim of skill earlier in its clause (``claims``, :data:`_WORK_BEFORE`),
    and not an English phrase after it ("Analysed survey data in R.", "Proficient in R"; not
    "experienced in Go to market")."""
    if span.start == 0 or doc[span.start - 1].lower_ not in before:
        return False
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if nxt != "." and nxt in _SOFT_NOT_AFTER:
        return False
    return not claims.isdisjoint(_clause_window(doc, span.start) if window is None else window)


def _ambiguous_ok(doc: Doc, span: Span, section: str, context: frozenset[str],
                  others_in_sentence: int, sentence_tokens: set[str], *,
                  strict: bool = False, list_run: int = 1, means: bool = False) -> bool:
    """Whether an ambiguous name ("R", "Go", "Spark", "Excel") is meant as the skill here.

    ``list_run``: how many names stand in the list it is an item of (see :func:`_list_runs`);
    ``means``: it stands as the means of work (:func:`_as_means`, read by the caller; for a
    vocabulary name, written with a capital after "with", "in", "of", "on" or "using")."""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    single = len(span) == 1
    if single and prev in _HARD_NOT_BEFORE:
        return False
    if single and nxt == "&" and (not span[-1].whitespace_ or len(span.text) <= 2):
        return False  # "R&D", "AT&T", "R & D", "Q & A"; not "Facebook & Instagram"
    if single and nxt[:2] in ("19", "20") and span.text.lower() in _SEASONS \
            and _TERM_YEAR.fullmatch(nxt):
        return False  # a term: "Spring 2006", "Spring 20XX" (the year may be masked)
    if span.start > 1 and doc[span.start - 1].text in {"-", "&"} and not doc[span.start - 2].is_space \
            and doc[span.start - 2].text not in _LIST_SEP:
        return False  # inside a compound: "plan-C", "R&D"
    if nxt == "-" and span.end + 1 < len(doc) and doc[span.end + 1].is_alpha \
            and doc[span.end].whitespace_ == "":
        return False  # "go-to-market", "C-level", "R-squared"
    if strict and nxt == ":":
        return False  # a vocabulary name that labels what follows: "Email:", "Environment:"
    if span.text[:1].isupper() and _versioned_after(doc, span):
        return True  # a product's version: "Windows Server 2012", "Excel 2016", "Spring 5.3"
    if context & sentence_tokens or prev in _SKILL_VERBS_BEFORE or nxt in _LANG_WORDS:
        return True
    if strict and single and len(span.text) == 1:
        return False  # a one-letter vocabulary name ("J") only where a language is meant
    if means:
        # the guide's name as the means of work ("Analysed survey data in R."), or a vocabulary
        # name written as a product is (the caller asks that it be capitalised): "Proficient
        # with Eclipse"
        return True
    if list_run >= _LIST_RUN:
        return True  # one of a list of names: "Objective C, Crystal Reports, Android"
    if single and (prev in _SOFT_NOT_BEFORE or nxt in _SOFT_NOT_AFTER) and section != "skills":
        return False
    if prev in _LANG_BEFORE and others_in_sentence > 0:
        return True
    near_sep = prev in _LIST_SEP or nxt in _LIST_SEP or prev == "" or nxt == ""
    if section == "skills" and (near_sep or others_in_sentence > 0):
        return True
    if strict:  # a vocabulary name: a list separator or the end, not the start of the text
        near_sep = prev in _LIST_SEP or nxt in _LIST_SEP or nxt == ""
    return others_in_sentence >= 1 and near_sep


_VERSION_AFTER = re.compile(r"(?:19[89]\d|20[0-3]\d)|\d{1,2}(?:\.\d+)+x?|\d{1,2}[icg]")
_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})
#: The year after a season's name that makes it a term, written or masked ("2006", "20XX").
_TERM_YEAR = re.compile(r"(?:19|20)(?:\d\d|xx)")


def _in_title(doc: Doc, span: Span, masked: set[int], vendors: frozenset[str]) -> bool:
    """Whether a one-word name stands right before a capitalised word (one space between) that
    is no name itself: a title or a proper name ("Project Trainee", "Project Radiology", "Unity
    Developer", "Sales Rating"), not the product. Names side by side are a list ("Word Excel
    Outlook"); a longer name is matched whole ("Project Server"); a vendor's name before a word
    is the vendor's product ("Cisco Routers"); more space than one is a column or a line of a
    flattened layout ("Access    July 2012")."""
    if len(span) != 1 or not span.text[:1].isupper() or span.end >= len(doc) \
            or doc[span.end - 1].whitespace_ != " " or span.end in masked \
            or span.text.lower() in vendors:
        return False
    nxt = doc[span.end]
    return nxt.is_alpha and nxt.text[:1].isupper() and not nxt.is_upper


def _contact_field(doc: Doc, span: Span, text: str, service: bool = False) -> bool:
    """Whether the name labels a contact field: a handle, an address or a link follows it, with
    or without a colon ("Skype: ann_lee_84", "LinkedIn: www.linkedin.com/in/ann", "Twitter
    @ann"), or for a ``service`` (:data:`_CONTACT_SERVICES`) a field of the account
    ("LinkedIn username: ann"). The candidate's account is no claim of the skill."""
    j = span.end
    colon = j < len(doc) and doc[j].text == ":"
    j += colon
    if j >= len(doc):
        return False
    tok = doc[j]
    return bool(tok.like_url or tok.like_email or tok.text[:1] == "@"
                or ("_" in tok.text and tok.text.strip("_"))
                or colon and tok.text[:1] == "/" and tok.text[1:2].isalnum()  # "LinkedIn: /in/ann"
                # a field of the account follows: "network: LinkedIn username: ann" (a CV
                # written as YAML), "LinkedIn profile: ..."
                or service and _ACCOUNT_FIELD.match(text, span.end_char) is not None)


#: A field of an account, with its colon, right after a service's name (a line break between
#: them aside): "network: LinkedIn username: ann" (a CV written as YAML), "LinkedIn profile: …".
_ACCOUNT_FIELD = re.compile(r"\s*(?:username|user|handle|profile|url|id|account)[ \t]*:",
                            re.IGNORECASE)


#: Words after a name that make it part of an honour's name ("Siebel Scholar", "Google PhD
#: Fellowship" is read from its first word only): a scholarship or prize named after a person
#: or a company is no claim of its product. Rule of 7 December 2026, from a development resume.
_HONOUR_AFTER = frozenset({
    "scholar", "scholars", "scholarship", "scholarships", "fellow", "fellows", "fellowship",
    "fellowships", "prize", "prizes", "medal", "medallist", "medalist", "laureate"})


#: An abbreviation the text defines: capitals in parentheses right after the words it stands
#: for ("Serial Analysis of Gene Expression (SAGE)").
_IN_PARENTHESES = re.compile(r"\(\s*$")
_CLOSE = re.compile(r"\s*\)")
_EXPANSION_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _defined_otherwise(text: str, start: int, end: int, names: list[str]) -> bool:
    """Whether an abbreviation in capitals is defined by the words before it as something its
    skill is not: in parentheses after words whose initials spell it, none of which is a word
    of the skill's ``names``, and the skill no name of which is the abbreviation as written
    ("Serial Analysis of Gene Expression (SAGE)" is no Sage accounting software; "Statistical
    Analysis System (SAS)" stays SAS, "Enterprise Resource Planning (ERP)" ERP software). Rule
    of 7 December 2026, from a development resume; the reading of Schwartz and Hearst (2003)
    for abbreviations in parentheses, with initials only."""
    written = text[start:end]
    if not (2 <= len(written) <= 8 and written.isalpha() and written.isupper()):
        return False
    before = text[max(0, start - 160):start]
    if not _IN_PARENTHESES.search(before) or not _CLOSE.match(text, end):
        return False
    words = [w for w in _EXPANSION_WORD.findall(before[:before.rfind("(")])
             if w.lower() not in FUNCTION_WORDS]  # "Bachelor of Science (BS)"
    tail = words[-len(written):]
    if len(tail) < len(written) or "".join(w[0] for w in tail).upper() != written:
        return False
    if any(re.search(rf"(?<![^\W_]){re.escape(written)}(?![^\W_])", name) for name in names):
        return False  # the skill's own name is this abbreviation ("SAS", "ERP software")
    expansion = {w.lower() for w in tail}
    known = {w for name in names for w in _EXPANSION_WORD.findall(name.lower())}
    return expansion.isdisjoint(known)


def _skill_names(vocabulary: object, skill_id: str) -> list[str]:
    """The label and the names of a vocabulary skill."""
    skill = vocabulary.get(skill_id)  # type: ignore[attr-defined]
    return [] if skill is None else [skill.label, *skill.aliases]


def _names_an_honour(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` stands right before the word of an honour, written
    with a capital ("Siebel Scholar", "Siebel Scholars Foundation", "Oracle Fellowship")."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1)[:1].isupper() and m.group(1).lower() in _HONOUR_AFTER


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


#: Services whose name on a resume's contact line is a link to the candidate's account, written
#: as its name ("jane@mail.com | +1 555 0100 | LinkedIn | GitHub", an icon's text in a PDF
#: header): no claim of a skill, not even of the guide's ("GitHub" is git). Lower case.
_CONTACT_SERVICES = frozenset({
    "linkedin", "github", "gitlab", "bitbucket", "twitter", "facebook", "instagram", "skype",
    "whatsapp", "telegram", "youtube", "stack overflow", "stackoverflow", "kaggle", "medium",
    "behance", "dribbble", "google scholar", "researchgate", "orcid"})
#: An e-mail address or a telephone number (9 to 15 digits, see :func:`_on_contact_line`):
#: what marks a contact line. Not a date range ("10/12-06/13", "2010 - 2012") nor a DOI.
_CONTACT_MARK = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|(?<![\w/.])\+?\(?\d[\d ().-]{7,}\d(?![\w/])")
#: How far along its line a contact mark may stand from the name (a flattened document is one
#: long line: its skills are no contact line).
_CONTACT_REACH = 100


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the line that holds ``text[start:end]`` starts and ends (its line break left out)."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _on_contact_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands on a contact line: an e-mail address or a telephone
    number on its line, at most :data:`_CONTACT_REACH` characters away."""
    line_start, line_end = _line_bounds(text, start, end)
    lo, hi = max(line_start, start - _CONTACT_REACH), min(line_end, end + _CONTACT_REACH)
    return any("@" in m.group() or _phone(m.group()) for m in _CONTACT_MARK.finditer(text, lo, hi))


_YEARS_ONLY = re.compile(r"(?:(?:19|20)\d\d[\s.-]*)+")


def _phone(digits: str) -> bool:
    """Whether a run of digits and separators is a telephone number: 9 to 15 digits, not
    years one after the other ("2003 2008 2012", a product's versions)."""
    return 9 <= sum(c.isdigit() for c in digits) <= 15 and not _YEARS_ONLY.fullmatch(digits)


def _versioned_after(doc: Doc, span: Span) -> bool:
    """Whether a version follows the name: a year (not after a season: "Spring 2019" is a
    term), a dotted number ("Spring 5.3", "Office 2016") or an Oracle-style release ("Oracle
    9i", "Oracle 10g", "Oracle 12c"; spaCy reads "10g" as "10" + the unit "g"), or versions
    joined by slashes, which spaCy keeps as one token ("Visual Studio 2008/2010/2012")."""
    if span.end >= len(doc) or not span[-1].whitespace_:
        return False
    version = doc[span.end].text
    if span.end + 1 < len(doc) and not doc[span.end].whitespace_ \
            and doc[span.end + 1].text in ("i", "c", "g"):
        version += doc[span.end + 1].text
    if not all(_VERSION_AFTER.fullmatch(v) for v in version.split("/")):
        return False
    return "." in version or span.text.lower() not in _SEASONS


@dataclass
class _Found:
    """A name found in the text, before the context rules: the taxonomy's own (phrase matcher)
    or the broad vocabulary's (``own`` False when the skill is the vocabulary's)."""

    span: Span
    skill_id: str
    method: str
    ambiguous: bool
    technical: bool
    start: int
    end: int
    own: bool = True
    matched_by_vocabulary: bool = False


def _ordinary_name(name: str) -> bool:
    """Whether every word of ``name`` is a frequent English word (of the encoder's word list)."""
    from skillgap.link._phrases import ORDINARY_RANK, is_ordinary

    words = name.lower().split()
    return all(w.isalpha() and is_ordinary(w, rank=ORDINARY_RANK) for w in words)


def _vendor_names(vocabulary: object) -> frozenset[str]:
    """The vendors' names of a vocabulary, lower case ("microsoft", "ms", "cisco")."""
    vendors = getattr(vocabulary, "vendor_set", None)
    if vendors is None:  # a vocabulary-like object with the tuple only
        vendors = frozenset(getattr(vocabulary, "vendors", ()))
    return vendors


def _after_vendor(name: str, vendors: frozenset[str]) -> bool:
    """Whether ``name`` starts with a vendor's name (of :func:`_vendor_names`) and has more
    after it ("Microsoft Word", "MS Office"): a product, whatever its words are in English."""
    low = " ".join(name.lower().split())
    # a vendor's name is what stands before a space or a hyphen
    return any(c in " -" and low[:i] in vendors for i, c in enumerate(low))


def _vendor_before(text: str, start: int, vendors: frozenset[str]) -> bool:
    """Whether the words just before ``start`` (on its line, one to three) are a vendor's name
    ("Microsoft Visual Source Safe", "IBM web sphere"): the name after it is that vendor's
    product, as in :func:`_after_vendor`."""
    before = text[max(0, start - 48):start]
    if not before or before[-1] not in " \t":
        return False
    words = before[before.rfind("\n") + 1:].lower().split()[-3:]
    return any(" ".join(words[k:]) in vendors for k in range(len(words)))


_RELEASE = re.compile(r"[Rr][2-9]")
#: What a release suffix follows: a version ("2008 R2", "2012 (R2)") or a product's name that
#: ends in a capital or a digit ("Hyper-V R2", "Business Objects XI R2"); the metric R² follows
#: words ("the R2", "Adjusted R2", "determination (R2)") or a list separator ("RMSE and R2").
_BEFORE_RELEASE = re.compile(
    r"(?<![\w.])(?:\d{2,4}|\d+\.\d+|[A-Za-z][\w-]*[A-Z0-9])[ \t]*(?:\([ \t]*)?$")


def _release_suffix(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a release suffix written after a version or a product's
    name ("Windows Server 2012 R2", "SQL Server 2008 (R2)", "Hyper-V R2"): part of the version,
    never the name it spells (R²)."""
    return bool(_RELEASE.fullmatch(text, start, end)) and bool(
        _BEFORE_RELEASE.search(text, max(0, start - 24), start))


#: A word of a line, in lower case (as the cue words of a skill's ``context`` are written).
_LINE_WORD = re.compile(r"[a-z][a-z0-9+#-]*")


def _line_words(text: str, at: int) -> set[str]:
    """The lower-case words of the line that holds offset ``at``."""
    start, end = _line_bounds(text, at, at)
    return set(_LINE_WORD.findall(text[start:end].lower()))


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of an e-mail address or a web address."""
    lo = start
    while lo > 0 and not text[lo - 1].isspace() and start - lo < 200:
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace() and hi - end < 200:
        hi += 1
    chunk = text[lo:hi]
    return "@" in chunk or "://" in chunk or "www." in chunk or bool(_DOMAIN.search(chunk)) \
        or bool(_SCHEME_APART.match(text, start))


#: Names of the guide's skills that are also an abbreviation in another field: counted only in a
#: document that shows the skill's own field somewhere ("GCP" is Good Clinical Practice in a
#: clinical-trials resume; Google Cloud Platform where the text speaks of clouds).
_NEEDS_FIELD: dict[str, tuple[str, re.Pattern[str]]] = {
    "gcp": ("gcp", re.compile(
        r"\b(?:cloud|google|bigquery|big query|vertex|gke|gcs|kubernetes|k8s|aws|azure|"
        r"compute engine|app engine|dataflow|dataproc|pub/sub|firebase|terraform)\b",
        re.IGNORECASE)),
}
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
#: A web address in a resume ("github.com/jdoe", "cs.mit.edu"). Not ".net": "ASP.NET" and
#: "VB.NET" would read as addresses (on the minhquan dev half that cost 3 points of F1).
_DOMAIN = re.compile(r"[A-Za-z0-9]\.(?:com|org|io|edu)(?:/|$)", re.IGNORECASE)
#: A web address whose colon a text extraction lost ("http //apple.co/1F1EGRp"): the scheme is
#: no mention of HTTP.
_SCHEME_APART = re.compile(r"https?:? +//", re.IGNORECASE)


def _claimed_anywhere(skill_id: str, written: str, vocabulary: object) -> bool:
    """Whether a professional skill's phrase (several words, matched in any case) is the skill
    wherever it stands: a soft skill ESCO files as transversal ("problem solving", "time
    management", "team player") or a phrase that says it is a skill ("communication skills"):
    "excellent problem-solving and communication skills" claims both in a sentence."""
    if written.lower().endswith((" skills", " skill")):
        return True
    transversal = getattr(vocabulary, "transversal", None)
    return bool(transversal is not None and transversal(skill_id))


def _with_vocabulary(items: list[_Found], vocabulary: object, doc: Doc, text: str,
                     deadline: Deadline | None) -> list[_Found]:
    """``items`` and the vocabulary's names that none of them overlaps, in text order.

    The taxonomy's own names come first (a vocabulary name never takes their place); a name
    the vocabulary links to one of the taxonomy's skills (an extra name from O*NET or ESCO)
    counts as that skill's alias. ``ambiguous`` names go through the same context rules as the
    taxonomy's ambiguous skills.
    """
    taken = sorted((f.start, f.end) for f in items)
    starts = [a for a, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))  # the furthest end so far
    out = list(items)
    if deadline is not None:
        deadline.check()
    replaced: set[tuple[int, int]] = set()
    vendors = _vendor_names(vocabulary)
    for found in vocabulary.match(text):  # type: ignore[attr-defined]
        own = ":" not in found.skill_id
        k = bisect.bisect_left(starts, found.end)
        inside = [(a, e) for a, e in taken[bisect.bisect_right(reach, found.start, 0, k):k]
                  if e > found.start]
        if inside:
            # the longest name wins, as within the taxonomy's own names: "C#" over "C",
            # "MS-Excel" over "Excel" (ties and partial overlaps: the taxonomy's name)
            if not (all(found.start <= a and e <= found.end for a, e in inside)
                    and (found.end - found.start) > max(e - a for a, e in inside)):
                continue
        if _in_address(text, found.start, found.end):
            continue  # "gmail" in jane@gmail.com, "linkedin" in linkedin.com/in/jane
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        method = "exact" if found.exact else "alias"
        ambiguous = found.kind == "ambiguous"
        written = text[found.start:found.end]
        if not own and _PLURAL_ACRONYM.fullmatch(written):
            continue  # "APIs", "SDKs": the plural of a kind of thing, not the product "APIS"
        if not own and _ordinary_name(written) and not _after_vendor(written, vendors) \
                and not _vendor_before(text, found.start, vendors) \
                and not (found.kind in ("ok", "cased") and written.isupper() and len(written) >= 3):
            # (an abbreviation in capitals that the vocabulary matches in any case or as
            # written, "IIS", is not the English word its letters may spell)
            # a name made of ordinary words: an O*NET product ("Private Practice") is never
            # meant in lower case and needs context otherwise; a name whose case marks it as
            # ambiguous is never meant in lower case ("planning")
            onet = getattr(vocabulary.get(found.skill_id), "origin", "") == "onet"  # type: ignore[attr-defined]
            if written.islower() and (found.kind == "ambiguous" or onet and " " in written):
                continue
            if onet or (" " not in written and not found.exact):
                ambiguous = True  # also one common word left of a longer name ("APIs")
        if not found.technical and not (found.kind == "ok" and " " in written
                                        and _claimed_anywhere(found.skill_id, written,
                                                              vocabulary)):
            # a professional skill ("customer service", "product development") is claimed where
            # skills are listed; in a sentence it is as often the work around it ("the product
            # development teams", "Sales Rating domain", a firm's name): the context rules (and
            # the sense model) decide, as for an ambiguous name
            ambiguous = True
        replaced.update(inside)
        out.append(_Found(span, found.skill_id, method, ambiguous,
                          found.technical, found.start, found.end, own=own,
                          matched_by_vocabulary=True))
    if replaced:
        out = [f for f in out if f.matched_by_vocabulary or (f.start, f.end) not in replaced]
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _languages_in_context(items: list[_Found], vocabulary: object, text: str) -> list[_Found]:
    """``items`` without the languages' names that nothing around marks as a language spoken:
    a cue of :data:`~skillgap.extract._languages.LANGUAGE_CUE` in the sentence, or a second
    language's name there ("English, Hindi"); never a subject of study or teaching ("BA in
    English", "English Teacher"). What marks the language is its context: no further context
    rule applies."""
    get = vocabulary.get  # type: ignore[attr-defined]
    language = {f.skill_id for f in items if f.matched_by_vocabulary and not f.own
                and is_language(getattr(get(f.skill_id), "category", ""))}
    if not language:
        return items
    spoken = [f for f in items if f.skill_id in language]
    keep: set[int] = set()
    for f in spoken:
        if as_subject(text, f.start, f.end):
            continue  # "BA in English", "English Teacher": a subject, not a language spoken
        lo, hi = sentence_bounds(text, f.start, f.end)
        if LANGUAGE_CUE.search(text, lo, hi) or any(
                g is not f and g.skill_id != f.skill_id and lo <= g.start < hi for g in spoken):
            keep.add(id(f))
    return [f if f.skill_id not in language else replace(f, ambiguous=False)
            for f in items if f.skill_id not in language or id(f) in keep]


#: What may stand between two names of one list: separators, bullets, "and"/"or", white space,
#: and the first name's version ("Word, Excel and Outlook", "Oracle | Crystal Reports", one name
#: per line, "SQL Server 2008, Oracle 10g, Windows 7").
_LIST_GAP = re.compile(r"(?:[ \t]*[vV]?\d{1,4}(?:\.\d+)*[a-zA-Z]{0,2}(?:[ \t]+R2)?(?=[\s,;|/)]))?"
                       r"[\s,;|/()•·▪*&+-]*(?:\b(?:and|or)\b[\s,;|/()•·▪*&+-]*)?")
#: A list of at least this many names, one after the other, is a list of tools: an ambiguous
#: name in it is the tool ("Objective C, Crystal Reports, Android, Windows Server"). Two names
#: ("Access, Project") are left to the other rules.
_LIST_RUN = 3


def _list_runs(items: list[_Found], text: str) -> list[int]:
    """For each found name (in text order), the length of the list of names it stands in: names
    with only separators or white space between them (:data:`_LIST_GAP`; a flattened skills
    line "Java JSP Spring Struts" is a list too). 1 outside a list."""
    runs = [1] * len(items)
    k = 0
    while k < len(items):
        j = k
        while j + 1 < len(items) \
                and items[j].end <= items[j + 1].start \
                and _LIST_GAP.fullmatch(text, items[j].end, items[j + 1].start):
            j += 1
        for i in range(k, j + 1):
            runs[i] = j - k + 1
        k = j + 1
    return runs


@dataclass(frozen=True)
class AmbiguousName:
    """A name that is also an ordinary word ("Excel", "Word", "Spring", "C") where the context
    rules decided: what :mod:`skillgap.link._sense` reads to decide again from the context's
    meaning (embeddings mode). ``mention`` is what counts when the name is the skill."""

    mention: Mention
    rule_ok: bool  # the context rules' decision
    vocabulary: bool  # a name of the broad vocabulary (stricter rules)
    co_mentions: int  # unambiguous technical mentions near it in the same sentence
    own: bool  # the taxonomy's own skill (a rejected one is noted in ``ignored``)
    list_run: int = 1  # names in the list it is an item of (:func:`_list_runs`), 1 outside one
    label: str = ""  # the skill's label ("Microsoft Excel" for "Excel")
    #: a guide skill the rules took on strong evidence: one of its own context words in its
    #: sentence ("R" with "ggplot2", "Go" with "goroutines"), a list of names ("Python | R |
    #: SQL") or the means of work ("Analysed survey data in R."), or any name the text calls a
    #: skill (``claimed``). The sense model does not overrule it: its training resumes hold the
    #: guide's ambiguous names almost never as the skill (R: once in 32)
    cued: bool = False
    #: the words after the name call it a skill: "troubleshooting skills", "Programming Skill",
    #: "market research expertise" (:func:`_claimed_as_skill`); it counts whatever the other
    #: rules say (``rule_ok`` stays their own reading, as the sense model learnt it)
    claimed: bool = False


@dataclass
class Extraction:
    """What :func:`find_mentions` found: counted mentions and mentions set aside.

    ``ambiguous``: every ambiguous name that was not negated or an aspiration, with the context
    rules' decision (those accepted are in ``mentions`` too)."""

    mentions: list[Mention]
    ignored: list[IgnoredMention]
    ambiguous: list[AmbiguousName] = field(default_factory=list)


def find_mentions(document: Document, taxonomy: Taxonomy, *, deadline: Deadline | None = None) -> Extraction:
    """Find the taxonomy skills named in ``document``.

    Every mention's ``document.text[start:end]`` is exactly the matched text. ``deadline`` (from
    ``analyze``) is checked as the work goes: past it, a ``DocumentTimeoutError`` is raised.

    >>> from skillgap import Document, load_taxonomy
    >>> ex = find_mentions(Document.from_text("Built APIs with FastAPI and Docker."), load_taxonomy())
    >>> sorted(m.skill_id for m in ex.mentions)
    ['docker', 'fastapi']
    """
    text = document.text
    if len(text) > get_nlp().max_length:
        from skillgap.ingest import too_large

        raise too_large("the text length", len(text), get_nlp().max_length, "max_chars",
                        document.source)
    m = _matchers(taxonomy)
    doc = _make_doc(text, deadline)
    if deadline is not None:
        deadline.check()
    raw: list[Span] = []
    for matcher in (m.lower, m.cased):
        for key, start, end in matcher(doc):
            if deadline is not None and not len(raw) % _CHECK_EVERY:
                deadline.check()
            raw.append(Span(doc, start, end, label=key))
    raw += [Span(doc, start, end, label=key) for key, start, end in _across_space_tokens(doc, m)]
    spans = filter_spans(raw)  # longest first: "C++" wins over "C", "scikit-learn" over "learn"
    items = [_Found(s, *m.methods[s.label], m.skills[m.methods[s.label][0]].ambiguous, True,
                    s.start_char, s.end_char) for s in spans]
    ignored_field: list[_Found] = []
    vocabulary = getattr(taxonomy, "vocabulary", None)
    if vocabulary is not None:  # the broad vocabulary, where the taxonomy's own names are not
        items = _with_vocabulary(items, vocabulary, doc, text, deadline)
        items = _languages_in_context(items, vocabulary, text)
    items = [f for f in items if not _release_suffix(text, f.start, f.end)]
    spans = [f.span for f in items]
    field_ok: dict[str, bool] = {}
    for f in items:
        need = _NEEDS_FIELD.get(text[f.start:f.end].lower())
        if need is not None and f.skill_id == need[0] and need[0] not in field_ok:
            field_ok[need[0]] = need[1].search(text) is not None
    if field_ok and not all(field_ok.values()):
        kept: list[_Found] = []
        for f in items:
            if not field_ok.get(f.skill_id, True) \
                    and text[f.start:f.end].lower() in _NEEDS_FIELD:
                # or a list of tools around it: "Python, SQL, GCP"
                lo, hi = sentence_bounds(text, f.start, f.end)
                if not any(g is not f and g.technical and not g.ambiguous and lo <= g.start < hi
                           for g in items):
                    ignored_field.append(f)
                    continue
            kept.append(f)
        items = kept
        spans = [f.span for f in items]
    masked_tokens = {i for s in spans for i in range(s.start, s.end)}
    # group by sentence to count co-mentions
    sent_of: list[tuple[int, int]] = []
    for n, f in enumerate(items):
        if deadline is not None and not n % _CHECK_EVERY:
            deadline.check()
        sent_of.append(sentence_bounds(text, f.start, f.end))
    # co-mentions: the unambiguous technical mentions of the same sentence, at most _NEAR
    # characters away. Sentences are numbered once for the whole text, so every mention of one
    # long run without a sentence end (a flattened document) counts its neighbours the same way.
    boundaries = [m.end() for m in sentence_ends(text)] if items else []
    sentence_no = [bisect.bisect_right(boundaries, f.start) for f in items]
    unambiguous_at: dict[int, list[int]] = {}
    for f, k in zip(items, sentence_no, strict=True):
        if not f.ambiguous and f.technical:
            unambiguous_at.setdefault(k, []).append(f.start)

    def co_mentions(n: int) -> int:
        f, at = items[n], unambiguous_at.get(sentence_no[n], [])
        count = bisect.bisect_right(at, f.end + _NEAR) - bisect.bisect_left(at, f.start - _NEAR)
        return count - (not f.ambiguous and f.technical)
    runs = _list_runs(items, text)
    mentions: list[Mention] = []
    ignored: list[IgnoredMention] = []
    ambiguous: list[AmbiguousName] = []
    contexts: dict[tuple[int, int], str] = {}  # a list of skills is one sentence for many mentions
    quantities: dict[tuple[int, int], bool] = {}
    sentence_tokens: dict[tuple[int, int], set[str]] = {}
    vendor_names = _vendor_names(vocabulary)
    windows = _ClauseWindows(doc)
    for n, (found, (lo, hi)) in enumerate(zip(items, sent_of, strict=True)):
        if deadline is not None and not n % _CHECK_EVERY:
            deadline.check()
        span, skill_id, method = found.span, found.skill_id, found.method
        start_char, end_char = found.start, found.end
        service = text[start_char:end_char].lower() in _CONTACT_SERVICES
        if (found.matched_by_vocabulary or service) and _contact_field(doc, span, text, service):
            continue  # "Skype: ann_lee_84": a contact field, not a skill
        if found.matched_by_vocabulary and _names_an_honour(text, end_char):
            continue  # "Siebel Scholar": an honour's name, not the product
        if found.matched_by_vocabulary and not found.own and text[start_char - 1:start_char] \
                in ("(", " ") and text[start_char:end_char].isupper() \
                and _defined_otherwise(text, start_char, end_char,
                                       _skill_names(vocabulary, skill_id)):
            continue  # "Serial Analysis of Gene Expression (SAGE)": not Sage accounting
        if service and _on_contact_line(text, start_char, end_char):
            continue  # "jane@mail.com | LinkedIn | GitHub": links to the candidate's accounts
        section = document.section_at(start_char)
        sentence = text[lo:hi]
        context = contexts.get((lo, hi))
        if context is None:
            context = contexts[(lo, hi)] = sentence_context(sentence)
        rule_ok, cued, claimed = True, False, False
        window = windows.before(span.start)  # the clause before the name, lower case
        if found.ambiguous:
            sent_tokens = sentence_tokens.get((lo, hi))
            if sent_tokens is None:
                sent = doc.char_span(lo, hi, alignment_mode="expand")
                sent_tokens = sentence_tokens[(lo, hi)] = (
                    set(windows.lows[sent.start:sent.end]) if sent is not None else set())
            near = co_mentions(n)
            cues = m.context.get(skill_id, frozenset())
            # the means of work ("in R") counts for the guide's own names only (a vocabulary
            # name, even one the vocabulary gives a guide skill, needs the rule below)
            means = skill_id in m.skills and not found.matched_by_vocabulary \
                and _as_means(doc, span, window)
            # a vocabulary name written as a product (a capital first), after "with", "in",
            # "of" ... in a clause of work or a claim of skill: "Proficient with Eclipse"
            # (rule of 7 December 2026, written down before it was measured)
            vocabulary_means = found.matched_by_vocabulary and span.text[:1].isupper() \
                and _as_means(doc, span, window, before=_VOCABULARY_MEANS_BEFORE,
                              claims=_CLAIM_BEFORE)
            cued = skill_id in m.skills and (bool(cues & sent_tokens) or runs[n] >= _LIST_RUN
                                             or means)
            rule_ok = _ambiguous_ok(doc, span, section, cues,
                                    near, sent_tokens, strict=found.matched_by_vocabulary,
                                    list_run=runs[n], means=means or vocabulary_means) \
                and not (found.matched_by_vocabulary
                         and _in_title(doc, span, masked_tokens, vendor_names))
            claimed = _claimed_as_skill(text, start_char, end_char)
            guide_skill = m.skills.get(skill_id)
            if found.matched_by_vocabulary and cues and guide_skill is not None \
                    and not guide_skill.ambiguous:
                # a common word the vocabulary gives one of the guide's skills ("Regression"):
                # only where the skill's own cue words stand in its sentence or line (bullets
                # part a line's items: "Classification · Regression · Clustering"); neither the
                # list rule nor the sense model may take it elsewhere ("Regression, Smoke")
                if not (rule_ok and (cues & sent_tokens or cues & _line_words(text, start_char))):
                    continue
        reason = None
        if not _CUE_FIRST_WORDS.isdisjoint(window):  # (rarely: most clauses hold no cue word)
            first = span.start - len(window)
            masked = {i - first for i in range(first, span.start) if i in masked_tokens}
            if _has_cue(window, _NEG_CUES, masked):
                reason = "negated"
            elif _has_cue(window, _ASP_CUES, masked):
                reason = "aspiration"
        if reason is None:
            if (lo, hi) not in quantities:
                quantities[(lo, hi)] = quantified(sentence)
            score = 1.0 if method == "exact" else 0.95
            if found.ambiguous:
                score = 0.9 if section == "skills" else 0.8
            mention = Mention(skill_id=skill_id, start=start_char, end=end_char,
                              text=text[start_char:end_char], section=section,
                              method=method,  # type: ignore[arg-type]
                              score=score, quantified=quantities[(lo, hi)], context=context)
            if found.ambiguous:  # what counts if the sense model takes a name the rules did not
                known = m.skills.get(skill_id) or taxonomy.get(skill_id)
                ambiguous.append(AmbiguousName(mention, rule_ok, found.matched_by_vocabulary,
                                               near, found.own, runs[n],
                                               known.label if known is not None else skill_id,
                                               cued and rule_ok or claimed, claimed))
        if not (rule_ok or claimed):
            if found.own:  # a vocabulary name read as a word is not worth a note
                ignored.append(IgnoredMention(skill_id=skill_id, source=document.source,
                                              text=span.text, start=start_char,
                                              end=end_char, reason="ambiguous",
                                              context=context))
            continue
        if reason is not None:
            ignored.append(IgnoredMention(skill_id=skill_id, source=document.source,
                                          text=text[start_char:end_char], start=start_char,
                                          end=end_char, reason=reason, context=context))
            continue
        mentions.append(mention)
    for f in ignored_field:  # "GCP" in a text about clinical trials
        lo, hi = sentence_bounds(text, f.start, f.end)
        ignored.append(IgnoredMention(skill_id=f.skill_id, source=document.source,
                                      text=text[f.start:f.end], start=f.start, end=f.end,
                                      reason="ambiguous",
                                      context=sentence_context(text[lo:hi])))
    if ignored_field:
        ignored.sort(key=lambda i: (i.start, i.skill_id))
    return Extraction(mentions=mentions, ignored=ignored, ambiguous=ambiguous)
