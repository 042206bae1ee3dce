"""What semantic linking embeds, and to which skills it may link: the taxonomy's technical words.

Embedding every clause of a resume is slow and links generic phrases ("sales leadership",
"database management") to broad skills. Three things, all derived from the taxonomy and the
encoder's word list, keep semantic linking to technical phrasing:

- a *technical word* is a word of a skill name (label or alias) that is not ordinary English —
  ordinary meaning one of the :data:`ORDINARY_RANK` most frequent words of the encoder's
  vocabulary (BERT's WordPiece ids follow corpus frequency). "convolutional", "inference", "api",
  "kubernetes" are technical; "software", "management", "database", "design" are not;
- a candidate phrase must contain a technical word, and it links only to a skill whose names
  share one of its technical words (by :func:`stem`): "convolutional models" may link
  to CNNs, "inference API" to model serving;
- *umbrella* skills (roots of the ``broader`` hierarchy with :data:`UMBRELLA_MIN_NARROWER` or more
  narrower skills: Python, machine learning, software engineering, statistics …) are never linked
  semantically; their narrower skills earn them partial credit in scoring instead.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass

from skillgap._resources import data_dir
from skillgap.taxonomy import Taxonomy

__all__ = [
    "BUSINESS_WORDS",
    "ORDINARY_RANK",
    "UMBRELLA_MIN_NARROWER",
    "Vocabulary",
    "candidate_phrases",
    "is_ordinary",
    "ordinary_words",
    "stem",
    "stop_words",
    "vocabulary",
]

#: Words whose id in the encoder's vocabulary is below this are ordinary English (ids follow
#: frequency: ``the`` is 1996, ``database`` 7809, ``inference`` 28937).
ORDINARY_RANK = 10_000
#: A root skill with at least this many narrower skills is an umbrella: never linked semantically.
UMBRELLA_MIN_NARROWER = 3
#: Rare in general English but everyday in business writing ("mentoring new hires", "stakeholder
#: engagement", "sales analytics"): never technical words, so they neither make a phrase worth
#: embedding nor tie it to a skill.
BUSINESS_WORDS = frozenset(
    """
    analyses analytical analytics audit auditing audits automated automation availability baseline
    calculation catalog compliance deploy deploying deployment deployments documentation estimates
    funnel governance guidelines insight insights inventory lifecycle mentor mentoring mentorship
    metrics momentum optimisation optimization presenting profiling queries query refresh
    reporting retention reviewing roadmap scalable stakeholder stakeholders storytelling summary
    validation workflow workflows
    """.split()
)

WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[.\-'][A-Za-z0-9+#]+)*")
_SPLIT = re.compile(r"[^a-z0-9+#]+")
_UNIT_BREAK = re.compile(r"\n|(?<=[.!?;])\s+|\s[•·▪|]\s|[•·▪]|\t|\s{3,}")
_CLAUSE_BREAK = re.compile(r"[,;()\[\]]|:\s|\s[-–—]\s|\s\s")
_MAX_CLAUSE_WORDS = 12  # longer clauses cost much and link poorly; their n-grams are kept


_SUFFIXES = tuple(
    "izations isations ization isation ational ations ation ional ities ness ings ing ions ion "
    "ers er ed es al s".split()
)


def stem(word: str) -> str:
    """A crude stem: one common suffix off, leaving at least four letters ("convolutional",
    "convolution" → "convolut"; "virtualization" → "virtual", not "virtualenv")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    node = data_dir("models").joinpath("tokenizer.json")
    if not node.is_file():
        return {}
    vocab = json.loads(node.read_text(encoding="utf-8"))["model"]["vocab"]
    return {w: i for w, i in vocab.items() if w.isalpha() and not w.startswith("##")}


@functools.lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Every lower-case whole word of the encoder's vocabulary (English and common terms)."""
    return frozenset(_ranks())


def _generic(word: str) -> bool:
    return word in BUSINESS_WORDS or is_ordinary(word, rank=ORDINARY_RANK)


@functools.lru_cache(maxsize=65_536)
def _candidate_stem(word: str) -> str:
    """The stem of a lower-case word that may be technical, or "" (short, ordinary, business)."""
    return "" if len(word) < 3 or _generic(word) else stem(word)


@functools.lru_cache(maxsize=65_536)
def _technical_word(word: str, keywords: frozenset[str]) -> bool:
    """Whether a word (as written) holds the stem of one of ``keywords``."""
    return any(_candidate_stem(p) in keywords for p in _SPLIT.split(word.lower()))


def is_ordinary(word: str, *, rank: int | None = None) -> bool:
    """Whether ``word`` (lower case) or its singular is in the encoder's vocabulary, among the
    ``rank`` most frequent words when ``rank`` is given.

    >>> is_ordinary("database", rank=ORDINARY_RANK), is_ordinary("inference", rank=ORDINARY_RANK)
    (True, False)
    """
    ranks = _ranks()
    limit = rank if rank is not None else len(ranks) + 100_000
    for w in (word, word[:-1] if word.endswith("s") else ""):
        r = ranks.get(w)
        if r is not None and r < limit:
            return True
    return False


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, and a few abbreviations."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"etc", "e.g", "i.e", "via"}


def _technical(chunk: str, stop: frozenset[str]) -> set[str]:
    return {
        stem(w)
        for w in _SPLIT.split(chunk.lower())
        if len(w) >= 3 and w not in stop and not w.isdigit() and not _generic(w)
    }


@dataclass(frozen=True)
class Vocabulary:
    """The technical words of a taxonomy (as stems), per skill and in all, and its umbrellas."""

    keywords: frozenset[str]
    by_skill: dict[str, frozenset[str]]
    umbrellas: frozenset[str]

    def technical(self, phrase: str) -> frozenset[str]:
        """Stems of the technical words of ``phrase`` that are words of the taxonomy's names.

        >>> from skillgap import load_taxonomy
        >>> sorted(vocabulary(load_taxonomy()).technical("Shipped a low-latency inference API"))
        ['api', 'inference']
        """
        return frozenset(
            s for w in _SPLIT.split(phrase.lower()) if (s := _candidate_stem(w)) in self.keywords
        )


def vocabulary(taxonomy: Taxonomy) -> Vocabulary:
    """The :class:`Vocabulary` of ``taxonomy`` (computed once per taxonomy object)."""
    return taxonomy.derived("phrases.vocabulary", _build_vocabulary)


def _build_vocabulary(taxonomy: Taxonomy) -> Vocabulary:
    stop = stop_words()
    keywords: set[str] = set()
    by_skill: dict[str, frozenset[str]] = {}
    narrower = Counter(b for s in taxonomy.skills for b in s.broader)
    for skill in taxonomy.skills:
        names: set[str] = set()
        for chunk in (skill.label, *skill.aliases, *skill.cased_aliases):
            names |= _technical(chunk, stop)
        keywords |= names
        by_skill[skill.id] = frozenset(names)
    umbrellas = frozenset(
        s.id
        for s in taxonomy.skills
        if not s.broader and narrower.get(s.id, 0) >= UMBRELLA_MIN_NARROWER
    )
    return Vocabulary(frozenset(keywords), by_skill, umbrellas)


def candidate_phrases(
    text: str, keywords: frozenset[str] | None = None, *, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """``(start, end)`` of the phrases worth embedding in ``text[start:end]``, in text order.

    Clauses and list items of 2–12 words, and inside them the two- and three-word runs without
    stop words (a cheap stand-in for noun chunks: "convolutional models", "low-latency inference
    API"). With ``keywords`` (stems of technical words, :attr:`Vocabulary.keywords`), a phrase
    must contain a technical word.

    >>> text = "Built convolutional models for X-ray triage, reaching 0.93 AUC."
    >>> [text[s:e] for s, e in candidate_phrases(text)][:2]
    ['Built convolutional models for X-ray triage', 'Built convolutional models']
    """
    stop = stop_words()
    stop_end = len(text) if end is None else end
    out: set[tuple[int, int]] = set()

    # the words of the text, found once: a word never runs over a unit or clause break (none
    # starts with a word character), so a clause's words are the ones that start inside it
    all_words = list(WORD.finditer(text, start, stop_end))
    starts = [w.start() for w in all_words]
    if keywords is None:
        all_tech = [True] * len(all_words)
    else:
        all_tech = [_technical_word(w.group(), keywords) for w in all_words]

    pos = start
    first = 0
    for brk in [*_UNIT_BREAK.finditer(text, start, stop_end), None]:
        unit_end = brk.start() if brk else stop_end
        unit_start = pos
        pos = brk.end() if brk else stop_end
        cpos = unit_start
        for cbrk in [*_CLAUSE_BREAK.finditer(text, unit_start, unit_end), None]:
            c_end = cbrk.start() if cbrk else unit_end
            s, e = cpos, c_end
            cpos = cbrk.end() if cbrk else unit_end
            while s < e and (text[s].isspace() or text[s] in "-*>#"):
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            first = bisect.bisect_left(starts, s, first)
            last = bisect.bisect_left(starts, e, first)
            tech = all_tech[first:last]
            if not any(tech):
                continue
            words = all_words[first:last]
            if 2 <= len(words) <= _MAX_CLAUSE_WORDS and e - s >= 8:
                out.add((s, e))
            if len(words) <= 2:
                continue
            stopped = [w.group().lower() in stop for w in words]
            for n in (3, 2):
                for i in range(len(words) - n + 1):
                    if any(stopped[i : i + n]) or not any(tech[i : i + n]):
                        continue
                    run = words[i : i + n]
                    if any(
                        not text[run[j].end() : run[j + 1].start()].isspace() for j in range(n - 1)
                    ):
                        continue
                    out.add((run[0].start(), run[-1].end()))
    return sorted(out, key=lambda p: (p[0], -p[1]))
