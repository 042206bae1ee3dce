"""Mask personal data — e-mail addresses, phone numbers, street addresses — in reports.

``skillgap analyze --redact`` passes the :class:`~skillgap.models.Analysis` through
:func:`redact_analysis` before any report (JSON, Markdown, HTML) is rendered, so the same masking
holds for every format.

Masks are short bracketed labels (``[email]``, ``[phone]``, ``[address]``) rather than blocks of
the same length: they read better, and a report never holds the document text that offsets point
into anyway. So after redaction:

* ``Evidence.start``/``end`` and ``KpiEvidence.start``/``end`` still point into the **original**
  document (they are not shifted);
* ``Evidence.text`` (the matched skill phrase) is kept unless it overlaps personal data, in which
  case it is masked too, and may then no longer equal ``document.text[start:end]``;
* ``Evidence.context``, ``KpiEvidence.text``, ``IgnoredMention.text``/``context`` and every
  ``source`` path (which may be named after the candidate's e-mail) are masked.

Detection is pattern-based and errs on the side of masking: a number with 9–15 digits in phone
layout, ``user@host.tld``, and a house number next to a street word (``12 Baker Street``,
``Hauptstraße 5``). Names and cities are not masked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from skillgap.models import Analysis, Evidence, Experience, IgnoredMention, KpiEvidence, SkillHit

__all__ = ["MASKS", "redact_analysis", "redact_text"]

MASKS = {"email": "[email]", "phone": "[phone]", "address": "[address]"}

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# digits in groups separated by one space, dot, hyphen or slash, optionally +country and (area)
_PHONE = re.compile(r"""
    (?<![\w.+/:-])
    (?:\+\d{1,3}[\s.-]?)?             # country code
    (?:\(\d{1,5}\)[\s.-]?)?           # (area code)
    \d{1,12}(?:[\s.\-/]\d{1,8}){0,5}  # digit groups
    (?![\w%])(?!\.\d)
""", re.VERBOSE)

_STREET_WORDS = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|"
    r"Way|Place|Pl\.?|Terrace|Square|Sq\.?|Highway|Hwy\.?|Parkway|Pkwy\.?|Crescent|Close|Row|"
    r"Gardens|Mews|Walk")
_STREET = re.compile(
    # 221B Baker Street, 1600 Pennsylvania Avenue NW, Apt 4
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){1,4}(?:" + _STREET_WORDS + r")(?![\w])"
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
    r"(?:,?\s+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor)\s*#?\s*\w+)?"
    # Hauptstraße 5, Musterstr. 12a, Kirchweg 3, Rue de Rivoli 10
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|gracht|straat|laan|vej|"
    r"gatan|vägen|väg)\s+\d{1,5}[a-z]?\b"
    r"|\b(?:Rue|Via|Calle|Avenida|Rua|Viale|Corso|Piazza)\s+(?:[\w'-]+\s+){1,4}\d{1,5}[a-z]?\b",
    re.UNICODE)


_NOT_PHONE_BEFORE = re.compile(r"(?:ISBN(?:-1[03])?|DOI|arXiv|ORCID|ISSN)[:\s]*$", re.IGNORECASE)


def _phone_like(m: re.Match[str]) -> bool:
    match = m.group(0)
    if not 9 <= sum(c.isdigit() for c in match) <= 15:
        return False
    if _NOT_PHONE_BEFORE.search(m.string, 0, m.start()):
        return False
    groups = [g for g in re.split(r"[^0-9]+", match) if g]
    # dotted quads (IP addresses) and runs of years are not phone numbers
    if "." in match and len(groups) == 4 and all(len(g) <= 3 for g in groups):
        return False
    if len(groups) == 1 and not match.startswith("+") and (
            len(match) not in (10, 11) or match.endswith("000")):
        return False  # a bare count such as 1000000000 tokens
    return not all(len(g) == 4 and g[:2] in {"19", "20"} for g in groups)


def _sub(pattern: re.Pattern[str], mask: str,
         accept: Callable[[re.Match[str]], bool] | None = None) -> Callable[[str], str]:
    def repl(m: re.Match[str]) -> str:
        return mask if accept is None or accept(m) else m.group(0)

    return lambda text: pattern.sub(repl, text)


_STEPS = (_sub(_EMAIL, MASKS["email"]), _sub(_STREET, MASKS["address"]),
          _sub(_PHONE, MASKS["phone"], _phone_like))


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses, phone numbers and street addresses masked.

    Idempotent: redacting twice gives the same string as redacting once.

    >>> redact_text("Jane, jane.doe@example.com, +1 (555) 123-4567, 221B Baker Street, London")
    'Jane, [email], [phone], [address], London'
    >>> redact_text("Cut p99 latency from 300 ms to 80 ms (2019-2021)")
    'Cut p99 latency from 300 ms to 80 ms (2019-2021)'
    """
    for step in _STEPS:
        text = step(text)
    return text


def _evidence(ev: Evidence) -> Evidence:
    return ev.model_copy(update={"source": redact_text(ev.source), "text": redact_text(ev.text),
                                 "context": redact_text(ev.context)})


def _hit(hit: SkillHit) -> SkillHit:
    return hit.model_copy(update={"sources": [redact_text(s) for s in hit.sources],
                                  "evidence": [_evidence(e) for e in hit.evidence]})


def _kpi(k: KpiEvidence) -> KpiEvidence:
    return k.model_copy(update={"source": redact_text(k.source), "text": redact_text(k.text)})


def _ignored(i: IgnoredMention) -> IgnoredMention:
    return i.model_copy(update={"source": redact_text(i.source), "text": redact_text(i.text),
                                "context": redact_text(i.context)})


def redact_analysis(analysis: Analysis) -> Analysis:
    """A copy of ``analysis`` with personal data masked in every quoted text and source path.

    Offsets are left pointing into the original documents (see the module docstring).

    >>> from skillgap import Document, analyze
    >>> doc = Document.from_text("Experience\\n- Python at ACME, mail jo@example.com")
    >>> a = redact_analysis(analyze(doc, embeddings=False))
    >>> a.skill("python").evidence[0].context
    '- Python at ACME, mail [email]'
    """
    return analysis.model_copy(update={
        "skills": [_hit(h) for h in analysis.skills],
        "roles": [r.model_copy(update={"kpis": [_kpi(k) for k in r.kpis]}) for r in analysis.roles],
        "documents": [d.model_copy(update={"source": redact_text(d.source)})
                      for d in analysis.documents],
        "ignored": [_ignored(i) for i in analysis.ignored],
        "experience": _experience(analysis.experience),
    })


def _experience(exp: Experience | None) -> Experience | None:
    """The experience with its quoted headings, dates and evidence masked."""
    if exp is None:
        return None
    return exp.model_copy(update={
        "entries": [e.model_copy(update={"source": redact_text(e.source), "heading": redact_text(e.heading),
                                         "date_text": redact_text(e.date_text)}) for e in exp.entries],
        "leadership": [ld.model_copy(update={"source": redact_text(ld.source), "text": redact_text(ld.text)})
                       for ld in exp.leadership],
        "level_evidence": [ev.model_copy(update={"source": redact_text(ev.source), "text": redact_text(ev.text)})
                           for ev in exp.level_evidence],
    })
