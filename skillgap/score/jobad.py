"""A job ad as a role: score candidates against a real posting instead of a built-in role.

The skills the ad names (found with :func:`skillgap.find_mentions`) become the role's skills,
weighted by emphasis:

* named under a "Requirements" / "Must have" / "Qualifications" heading, in the title, or on a
  line that says "required" / "must" → **required** (1.0 when named twice or in the title, else
  0.8);
* under "Nice to have" / "Preferred" / "Bonus" / "A plus", or on a line that says so →
  **nice-to-have** (0.6 when named twice, else 0.5);
* anywhere else (the description, responsibilities) → required 0.6 when the ad has no
  requirements section at all, otherwise nice-to-have 0.4;
* years asked in the same sentence ("5+ years of Python", "3 years' experience with SQL") →
  **required 1.0**, whatever the heading: the ad names the skill as a hard requirement.

The title's seniority words give the role's ``level`` (intern, junior, senior, staff; none for
a title without one), which scoring matches against the candidate's level; an ad role is
scored by the symmetric overlap of its skills and the candidate's (:mod:`skillgap.score`).

KPIs are inferred from the taxonomy's KPI keywords that the ad uses (at most five, most often
named first). Reads plain text, Markdown, PDF, DOCX (through :func:`skillgap.load_document`) and
JSON Resume's job schema (``title``, ``description``, ``responsibilities``, ``qualifications``,
``skills[].keywords``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from skillgap.errors import DocumentReadError
from skillgap.extract import find_mentions
from skillgap.ingest import DEFAULT_LIMITS, Limits, load_document
from skillgap.models import Document
from skillgap.taxonomy import Role, RoleSkills, Taxonomy, load_taxonomy

__all__ = ["load_job_description", "role_from_job_description", "title_level"]

Emphasis = Literal["required", "nice", "neutral", "employer"]

_NICE_HEAD = re.compile(
    r"\b(?:nice[\s-]to[\s-]haves?|preferred|bonus(?:\s+points)?|a\s+plus|pluses|good[\s-]to[\s-]have"
    r"|desirable|desired|optional|extra\s+credit|would\s+be\s+great)\b", re.IGNORECASE)
_REQ_HEAD = re.compile(
    r"\b(?:requirements?|required|must[\s-]haves?|must|qualifications|what\s+you(?:'|’)?ll\s+need"
    r"|what\s+you\s+(?:bring|need|have)|you\s+(?:have|bring)|skills|essential|minimum"
    r"|basic\s+qualifications|key\s+skills|tech(?:nical)?\s+stack|who\s+you\s+are)\b",
    re.IGNORECASE)
#: A sentence of the employer's policies or benefits (rule of 7 December 2026, from job ads of
#: the development data whose legal notices named E-Verify): its names are no skill asked for.
_EMPLOYER_SENTENCE = re.compile(
    r"\b(?:equal\s+(?:employment\s+)?opportunit|e-verify|affirmative\s+action"
    r"|protected\s+(?:veteran|by\s+law|characteristic)|reasonable\s+accommodation"
    r"|pay\s+transparency|401\s*\(?k\)?|paid\s+time\s+off|tuition|parental\s+leave"
    r"|(?:medical|dental|vision|health)\s+(?:insurance|coverage|benefits|plans?)"
    r"|stock\s+options|learning\s+(?:licen[cs]e|budget|stipend)|job\s+listings"
    r"|background\s+check|drug\s+(?:test|screen))", re.IGNORECASE)
_OTHER_HEAD = re.compile(
    r"\b(?:responsibilities|about|what\s+you(?:'|’)?ll\s+do|the\s+role|role|benefits|perks|we\s+offer"
    r"|company|team|overview|description|location|salary|compensation|how\s+to\s+apply)\b",
    re.IGNORECASE)
_NICE_INLINE = re.compile(r"\b(?:nice[\s-]to[\s-]have|preferred|is\s+a\s+plus|a\s+plus|bonus"
                          r"|ideally|desirable|optional)\b", re.IGNORECASE)
_REQ_INLINE = re.compile(r"\b(?:required|must|mandatory|essential|need\s+to\s+have)\b",
                         re.IGNORECASE)
_MAX_KPIS = 5
_YEARS_ASKED = re.compile(r"\b\d{1,2}\s*(?:\+|-\s*\d{1,2}|–\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
#: Title words -> the role level they say (first match wins, most senior first).
_TITLE_LEVELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:intern|internship|co-?op|trainee|apprentice)\b", re.IGNORECASE), "intern"),
    (re.compile(r"\b(?:staff|principal|distinguished|lead|head|director|vp|chief)\b", re.IGNORECASE), "staff"),
    (re.compile(r"\b(?:senior|sr)\b", re.IGNORECASE), "senior"),
    (re.compile(r"\b(?:junior|jr|entry[\s-]level|graduate|new\s+grad)\b", re.IGNORECASE), "junior"),
)


def title_level(title: str) -> str:
    """The level a job title's seniority words say ('' when it names none).

    >>> title_level("Senior Machine Learning Engineer"), title_level("Data Scientist")
    ('senior', '')
    """
    return next((level for pat, level in _TITLE_LEVELS if pat.search(title)), "")
_BULLET = re.compile(r"\s*(?:[-•▪·–]|\*\s|\d+[.)]\s)")


def load_job_description(path: str | PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a job ad (text, Markdown, PDF, DOCX or a JSON Resume job file) into a Document.

    Raises:
        IngestError: the file cannot be read (the message names it).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ad.txt"
    >>> _ = p.write_text("ML Engineer\\nRequirements\\n- Python")
    >>> load_job_description(p).kind
    'job-description'
    """
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DocumentReadError(f"not a readable JSON job description ({exc}); check the file "
                                    "or save the ad as plain text", path=p) from exc
        if not isinstance(data, dict) or not data.get("title"):
            raise DocumentReadError("a JSON job description needs at least a 'title' (JSON Resume "
                                    "job schema); or save the ad as plain text", path=p)
        return Document.from_text(_job_json_text(data), kind="job-description", source=str(p),
                                  format="json-job")
    return load_document(p, kind="job-description", limits=limits)


def _job_json_text(data: dict[str, Any]) -> str:
    lines = [str(data["title"])]
    if data.get("description"):
        lines += ["", "Description", str(data["description"])]
    if data.get("responsibilities"):
        lines += ["", "Responsibilities", *(f"- {r}" for r in data["responsibilities"])]
    required = [str(q) for q in data.get("qualifications") or []]
    for skill in data.get("skills") or []:
        if isinstance(skill, dict):
            names = [str(k) for k in skill.get("keywords") or []]
            required.append(f"{skill.get('name', 'Skills')}: {', '.join(names)}")
    if required:
        lines += ["", "Requirements", *(f"- {r}" for r in required)]
    return "\n".join(lines) + "\n"


def _heading(line: str) -> Emphasis | None:
    """The emphasis a heading line sets, or None when the line is not a heading."""
    if _BULLET.match(line):
        return None
    stripped = line.strip().strip("#*_").strip()
    candidate, colon, _rest = stripped.partition(":")
    if not candidate or len(candidate.split()) > 6 or (not colon and len(stripped) > 60):
        return None
    if not colon and stripped.endswith((".", "!", "?", ",", ";")):
        return None  # a sentence ("Python is required."), not a heading
    if _NICE_HEAD.search(candidate):
        return "nice"
    if _REQ_HEAD.search(candidate):
        return "required"
    if _OTHER_HEAD.search(candidate):
        return "neutral"
    return None


_CLAUSE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")


def _line_emphasis(text: str) -> list[tuple[int, int, Emphasis, bool]]:
    """``(start, end, emphasis, is_title)`` for every sentence of every line of the ad.

    A heading sets the emphasis of what follows; a cue in a sentence ("… is a plus",
    "… required") overrides it for that sentence. ``employer``: a sentence of what the employer
    offers or is bound by (an equal-opportunity or E-Verify notice, benefits), no skill asked
    for. (A "Benefits" heading is not read as such: the sections after it often have no heading
    this reads, and their skills would be lost.)
    """
    out: list[tuple[int, int, Emphasis, bool]] = []
    current: Emphasis = "neutral"
    pos = 0
    first = True
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        if not line.strip():
            continue
        head = _heading(line)
        if head is not None:
            current = head
        for m in _CLAUSE.finditer(line):
            emphasis: Emphasis = current
            if _EMPLOYER_SENTENCE.search(m.group(0)):
                emphasis = "employer"
            elif head is None or ":" in line:
                if _NICE_INLINE.search(m.group(0)):
                    emphasis = "nice"
                elif _REQ_INLINE.search(m.group(0)):
                    emphasis = "required"
            out.append((start + m.start(), start + m.end(), emphasis, first))
        first = False
    return out


def role_from_job_description(source: str | PathLike[str] | Document, *,
                              taxonomy: Taxonomy | None = None, role_id: str | None = None,
                              label: str | None = None,
                              limits: Limits = DEFAULT_LIMITS) -> Role:
    """Build an ad-hoc :class:`~skillgap.Role` from a job ad.

    Args:
        source: the ad's file, or a Document (e.g. ``Document.from_text(text)``).
        taxonomy: the taxonomy whose skills and KPIs the role uses (default: built-in).
        role_id: the role's id (default: ``job-`` + the ad's title, kebab-case).
        label: the role's label (default: the ad's first line).

    Returns:
        A role validated against ``taxonomy`` (``taxonomy.with_roles([role])`` accepts it); pass it
        to ``analyze(..., role=role)``, ``analyze_batch`` or ``screen``. With the built-in
        taxonomy, tools of the broad vocabulary the ad names (Salesforce, SAP) are role skills
        too (``onet:…``/``esco:…`` ids), so a candidate showing them scores on them.

    Raises:
        IngestError: the ad cannot be read, or names no skill of the taxonomy.

    >>> from skillgap import Document
    >>> ad = Document.from_text("ML Engineer\\nRequirements\\n- Python and PyTorch\\n"
    ...                         "Nice to have\\n- Kubernetes")
    >>> role = role_from_job_description(ad)
    >>> sorted(role.skills.required), sorted(role.skills.nice_to_have)
    (['machine-learning', 'python', 'pytorch'], ['kubernetes'])
    """
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    doc = source if isinstance(source, Document) else load_job_description(source, limits=limits)
    text = doc.text
    lines = _line_emphasis(text)
    has_required_section = any(_heading(line) == "required" for line in text.splitlines())
    counts: dict[str, Counter[str]] = {}
    for mention in find_mentions(doc, tax).mentions:
        skill = tax.get(mention.skill_id)
        if skill is None or not skill.technical:
            continue  # a general ESCO skill ("communication") makes no role skill
        emphasis, title, years = "neutral", False, False
        for start, end, emph, is_title in lines:
            if start <= mention.start < end:
                emphasis, title = emph, is_title
                years = _YEARS_ASKED.search(text, start, end) is not None
                break
        if emphasis == "employer":
            continue  # "we take part in E-Verify", "a LinkedIn Learning license"
        c = counts.setdefault(mention.skill_id, Counter())
        c["title" if title else emphasis] += 1
        if years:
            c["years"] += 1
    if not counts:
        raise DocumentReadError("the job description names no skill of the taxonomy; list the "
                                "skills under a 'Requirements' heading, or use --role",
                                path=doc.source)
    required: dict[str, float] = {}
    nice: dict[str, float] = {}
    for skill_id, c in sorted(counts.items()):
        if c["years"]:  # "5+ years of Python": a hard requirement
            required[skill_id] = 1.0
        elif c["title"] or c["required"]:
            required[skill_id] = 1.0 if c["title"] or c["required"] >= 2 else 0.8
        elif c["nice"]:
            nice[skill_id] = 0.6 if c["nice"] >= 2 else 0.5
        elif not has_required_section:
            required[skill_id] = 0.6
        else:
            nice[skill_id] = 0.4
    if not required:  # a role needs must-haves to screen on: promote the nice-to-haves
        required, nice = {k: v for k, v in nice.items()}, {}
    title = next((text[s:e].strip().strip("#*_ ").strip() for s, e, _, _ in lines), "") or "job"
    rid = role_id or "job-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].strip("-")
                               or "description")
    role = Role(id=rid, label=label or title[:120], source=f"job description {doc.source}",
                level=title_level(title),
                summary=f"Ad-hoc role built from the job description {doc.source}",
                kpis=_infer_kpis(text, tax),
                skills=RoleSkills(required=required, nice_to_have=nice))
    tax.with_roles([role])  # validates every skill and KPI id
    return role


def _infer_kpis(text: str, tax: Taxonomy) -> list[str]:
    from skillgap.score.kpi import _keyword_pattern

    scored: list[tuple[int, str]] = []
    for kpi in tax.kpis:
        keywords = tuple(k for k in kpi.keywords if len(k.strip()) >= 3 and not k.strip().isdigit())
        if not keywords:
            continue
        hits = len(_keyword_pattern(keywords).findall(text))
        if hits:
            scored.append((-hits, kpi.id))
    return sorted(kid for _, kid in sorted(scored)[:_MAX_KPIS])
