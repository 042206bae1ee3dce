"""KPI evidence: quantified achievements in a candidate's text that speak to a role's KPIs.

A sentence (or bullet line) is evidence for a KPI when it names the KPI (one of its keywords,
whole words, any case) *and* states a measured result: a number with a unit or a change
("300 ms → 80 ms", "+4.2 pts F1", "99.95 % uptime", "3×", "$1.2M", "from 6 h to 40 min"), or a
plain number next to a direction word ("cut", "reduced", "improved", "increased", …).
Years and date ranges ("2019–2021") are not results. Sentences are ranked by how clearly they
state a result; the best ``per_kpi`` of each KPI are kept, in document order.

>>> from skillgap import Document
>>> from skillgap.taxonomy import Kpi
>>> latency = Kpi(id="latency", label="Latency", keywords=["latency", "p99"])
>>> doc = Document.from_text("Experience\\n- Cut p99 latency from 300 ms to 80 ms.")
>>> [e.text for e in find_kpi_evidence([doc], [latency])]
['Cut p99 latency from 300 ms to 80 ms.']
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from skillgap.models import Document, KpiEvidence
from skillgap.taxonomy import Kpi

__all__ = ["KpiFinder", "achievement_strength", "find_kpi_evidence"]

# a wrapped line (next line in lower case) goes on; a run of ordinary characters is taken at
# once (``++``: the same matches, a third of the time of one character per repetition)
_SENTENCE = re.compile(r"(?:[^\n.!?;]++|\n(?=[ \t]*[a-z0-9(])|[.!?;](?![\s]|$))+(?:[.!?;](?=\s|$))?",
                       re.MULTILINE)
_MAX_SENTENCE = 600

_NUM = r"\d+(?:[.,]\d+)*"
#: numbers that carry a unit, a scale or a change: a result in themselves
_METRIC = re.compile(  # (the look-ahead names the characters a match can start with: fast search)
    r"(?=[$€£+\-−±~\dfphdtq])(?:[$€£]\s?" + _NUM + r"\s?(?:[kmb]n?|million|billion|thousand)?(?![\w])"
    r"|[+\-−±~]\s?" + _NUM + r"(?:\s?(?:%|pts?|points?|pp|x|×|ms|s))?(?![\w])"
    r"|" + _NUM + r"\s?(?:%|percent(?:age)?(?:\s+points?)?|pct|pts?|points?|pp|x|×|-?fold"
    r"|times|ms|msec|milliseconds?|µs|us|microseconds?|ns|s|sec|secs|seconds?|min|mins|minutes?"
    r"|h|hrs?|hours?|days?|weeks?|months?"
    r"|k|m|b|bn|million|billion|thousand|gb|tb|pb|mb"
    r"|qps|rps|tps|req/s|requests?|queries|tokens?/s|images?/s|fps|events?|records?|rows?"
    r"|users?|customers?|predictions?|calls|models?|engineers?|papers?|stars|downloads"
    r"|nines)(?![\w])"
    r"|" + _NUM + r"\s?(?:→|->|to)\s?" + _NUM +
    r"|\bfrom\s+[$€£]?" + _NUM + r"[^\n.;]{0,30}?\bto\s+[$€£]?" + _NUM +
    r"|\b(?:p50|p90|p95|p99|p999)\s*(?:of|at|:|=|<|under|below)?\s*" + _NUM +
    r"|\b(?:halved|doubled|tripled|quadrupled)\b)",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(r"(?<![\w.])" + _NUM + r"(?![\w])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DATE_RANGE = re.compile(r"\b(?:19|20)\d\d\s?(?:[-–—]|to)\s?(?:(?:19|20)\d\d|present|now|today)\b",
                         re.IGNORECASE)
_DIRECTION = re.compile(  # (the look-ahead: the first letters of the words, for a fast search)
    r"(?=[abcdefghilmoprstu])\b(?:cut|cuts|reduced?|reduces|reducing|reduction|lowered|lower|decreased?|dropp?ed|shrank"
    r"|improved?|improves|improving|improvement|increased?|increases|boosted|raised|grew|grown"
    r"|growth|gained?|lifted|lift|sped|speed-?up|accelerated|faster|saved|saving|savings|halved"
    r"|doubled|tripled|achieved|achieving|maintained|sustained|delivered|scaled|served|handled"
    r"|processed|exceeded|beat|outperformed|top|record|up|down|by)\b",
    re.IGNORECASE,
)
_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}
_HEADS: dict[tuple[str, ...], list[str] | None] = {}
_WORD_RUN = re.compile(r"\w+")


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    pat = _PATTERNS.get(keywords)
    if pat is None:
        alts = sorted({re.escape(k.strip()) for k in keywords if k.strip()},
                      key=lambda a: (-len(a), a))
        pat = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE) if alts \
            else re.compile(r"(?!x)x")
        _PATTERNS[keywords] = pat
    return pat


def _heads(keywords: tuple[str, ...]) -> list[str] | None:
    """The first words of ``keywords`` in lower case, sorted (``None`` when a keyword does not
    start with a word character, is not ASCII or spans lines: see :meth:`KpiFinder._named_by`)."""
    if keywords in _HEADS:
        return _HEADS[keywords]
    heads: set[str] | None = set()
    for keyword in keywords:
        keyword = keyword.strip()
        head = _WORD_RUN.match(keyword)
        if not keyword:
            continue
        if head is None or not keyword.isascii() or "\n" in keyword:
            heads = None
            break
        heads.add(head.group().lower())  # type: ignore[union-attr]
    out = _HEADS[keywords] = sorted(heads) if heads is not None else None
    return out


def achievement_strength(sentence: str) -> int:
    """How clearly a sentence states a measured result: 0 (none), 1 (a number and a direction
    word), 2 (a number with a unit or a change), 3 (both).

    >>> achievement_strength("Reduced training time 3x with mixed precision")
    3
    >>> achievement_strength("Worked on latency from 2019-2021")
    0
    """
    text = _DATE_RANGE.sub(" ", sentence)
    metric = any(not _YEAR.match(m.group(0).strip()) for m in _METRIC.finditer(text))
    direction = bool(_DIRECTION.search(text))
    if metric:
        return 3 if direction else 2
    plain = any(not _YEAR.match(m.group(0)) for m in _PLAIN_NUMBER.finditer(text))
    return 1 if plain and direction else 0


def find_kpi_evidence(documents: Sequence[Document], kpis: Sequence[Kpi], *,
                      per_kpi: int = 3) -> list[KpiEvidence]:
    """Quantified achievements that speak to each KPI: a KPI keyword and a measured result.

    Args:
        documents: the candidate's documents.
        kpis: the KPIs to look for (a role's, or a screening profile's).
        per_kpi: keep at most this many sentences per KPI (the clearest, in document order).

    Returns:
        Evidence grouped by KPI in the order given; ``document.text[start:end] == text``.
    """
    finder = KpiFinder(documents)
    return [e for kpi in kpis for e in finder.evidence(kpi, per_kpi=per_kpi)]


class KpiFinder:
    """KPI evidence of one set of documents, each document read once for all KPIs and roles.

    The sentences are split once; a sentence's :func:`achievement_strength` is worked out only
    when a KPI keyword names it, and each KPI's evidence is kept, so scoring twelve roles costs
    about what scoring one does. :func:`find_kpi_evidence` gives the same result.

    >>> from skillgap.taxonomy import Kpi
    >>> doc = Document.from_text("Experience\\n- Cut p99 latency from 300 ms to 80 ms.")
    >>> finder = KpiFinder([doc])
    >>> [e.start for e in finder.evidence(Kpi(id="latency", label="Latency", keywords=["p99"]))]
    [13]
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        # (document, start, end, text, raw sentence) of every sentence short enough to quote
        self._sentences: list[tuple[Document, int, int, str, str]] = []
        for doc in documents:
            text = doc.text
            for m in _SENTENCE.finditer(text):
                raw = m.group(0)
                if len(raw) > _MAX_SENTENCE:
                    continue
                lead = len(raw) - len(raw.lstrip(" \t-*•·▪–"))
                start, end = m.start() + lead, m.end()
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    self._sentences.append((doc, start, end, text[start:end], raw))
        # all sentences on one line each: one regex scan per KPI finds the sentences it names
        self._joined = "\n".join(s[3] for s in self._sentences)
        self._offsets = list(itertools.accumulate((len(s[3]) + 1 for s in self._sentences),
                                                  initial=0))
        self._word_index: tuple[dict[str, list[int]], list[int]] | None = None
        self._strength: dict[int, int] = {}
        self._found: dict[tuple[str, str, tuple[str, ...], int], list[KpiEvidence]] = {}

    def _strength_of(self, i: int) -> int:
        value = self._strength.get(i)
        if value is None:
            value = self._strength[i] = achievement_strength(self._sentences[i][4])
        return value

    def _named_by(self, keywords: tuple[str, ...]) -> list[int]:
        """Indexes of the sentences that contain one of ``keywords`` (whole words, any case).

        Same result as ``pattern.search(sentence)`` on each sentence, found faster: a keyword
        that starts with a word character can only match where a word starts whose text is the
        keyword's first word (any case), so only those places are tried.
        """
        pattern = _keyword_pattern(keywords)
        heads = _heads(keywords)
        if heads is None:
            return [i for i, s in enumerate(self._sentences) if pattern.search(s[3])]
        words, unusual = self._words()
        places = [p for h in heads for p in words.get(h, ())] + unusual
        return sorted({bisect.bisect_right(self._offsets, p) - 1
                       for p in places if pattern.match(self._joined, p)})

    def _words(self) -> tuple[dict[str, list[int]], list[int]]:
        """Where each word starts in the joined sentences: ASCII words by their lower case;
        other words (whose case folding ``str.lower`` may not mirror) in a list of their own."""
        if self._word_index is None:
            words: dict[str, list[int]] = {}
            unusual: list[int] = []
            if self._joined.isascii():  # the usual case: lower case keeps every offset
                for m in _WORD_RUN.finditer(self._joined.lower()):
                    words.setdefault(m.group(), []).append(m.start())
            else:
                for m in _WORD_RUN.finditer(self._joined):
                    word = m.group()
                    if word.isascii():
                        words.setdefault(word.lower(), []).append(m.start())
                    else:
                        unusual.append(m.start())
            self._word_index = (words, unusual)
        return self._word_index

    def evidence(self, kpi: Kpi, *, per_kpi: int = 3) -> list[KpiEvidence]:
        """The best ``per_kpi`` sentences for ``kpi`` (clearest result first, then document
        order), returned in document order."""
        keywords = tuple(kpi.keywords or [kpi.label])
        key = (kpi.id, kpi.label, keywords, per_kpi)
        out = self._found.get(key)
        if out is None:
            named = self._named_by(keywords)
            found = [(-strength, i) for i in named if (strength := self._strength_of(i))]
            best = sorted(sorted(found)[:per_kpi], key=lambda item: item[1])
            out = []
            for _, i in best:
                doc, start, end, text, _raw = self._sentences[i]
                out.append(KpiEvidence(kpi_id=kpi.id, label=kpi.label, source=doc.source,
                                       text=text, start=start, end=end))
            self._found[key] = out
        return list(out)
