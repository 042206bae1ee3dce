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

import re
from collections.abc import Sequence

from skillgap.models import Document, KpiEvidence
from skillgap.taxonomy import Kpi

__all__ = ["achievement_strength", "find_kpi_evidence"]

_SENTENCE = re.compile(r"(?:[^\n.!?;]|[.!?;](?![\s]|$))+(?:[.!?;](?=\s|$))?", re.MULTILINE)
_MAX_SENTENCE = 600

_NUM = r"\d+(?:[.,]\d+)*"
#: numbers that carry a unit, a scale or a change: a result in themselves
_METRIC = re.compile(
    r"(?:[$€£]\s?" + _NUM + r"\s?(?:[kmb]n?|million|billion|thousand)?(?![\w])"
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
_DIRECTION = re.compile(
    r"\b(?:cut|cuts|reduced?|reduces|reducing|reduction|lowered|lower|decreased?|dropp?ed|shrank"
    r"|improved?|improves|improving|improvement|increased?|increases|boosted|raised|grew|grown"
    r"|growth|gained?|lifted|lift|sped|speed-?up|accelerated|faster|saved|saving|savings|halved"
    r"|doubled|tripled|achieved|achieving|maintained|sustained|delivered|scaled|served|handled"
    r"|processed|exceeded|beat|outperformed|top|record|up|down|by)\b",
    re.IGNORECASE,
)
_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    pat = _PATTERNS.get(keywords)
    if pat is None:
        alts = sorted({re.escape(k.strip()) for k in keywords if k.strip()},
                      key=lambda a: (-len(a), a))
        pat = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE) if alts \
            else re.compile(r"(?!x)x")
        _PATTERNS[keywords] = pat
    return pat


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
    sentences: list[tuple[Document, int, int, str, int]] = []
    for doc in documents:
        for m in _SENTENCE.finditer(doc.text):
            raw = m.group(0)
            if len(raw) > _MAX_SENTENCE:
                continue
            strength = achievement_strength(raw)
            if not strength:
                continue
            lead = len(raw) - len(raw.lstrip(" \t-*•·▪–"))
            start, end = m.start() + lead, m.end()
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if end > start:
                sentences.append((doc, start, end, doc.text[start:end], strength))
    out: list[KpiEvidence] = []
    for kpi in kpis:
        pattern = _keyword_pattern(tuple(kpi.keywords or [kpi.label]))
        found = [(i, s) for i, s in enumerate(sentences) if pattern.search(s[3])]
        best = sorted(found, key=lambda item: (-item[1][4], item[0]))[:per_kpi]
        for _, (doc, start, end, text, _strength) in sorted(best, key=lambda item: item[0]):
            out.append(KpiEvidence(kpi_id=kpi.id, label=kpi.label, source=doc.source, text=text,
                                   start=start, end=end))
    return out
