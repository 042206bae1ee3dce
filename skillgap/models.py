"""Data passed between the steps of the pipeline, and the result, as pydantic models.

``Document`` → ``Mention`` (extract) → ``SkillHit`` (link) → ``RoleFit`` (score) → ``Analysis``.
Result models are frozen; ``Analysis.model_dump_json()`` is the JSON report and round-trips
through ``Analysis.model_validate_json()``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Analysis",
    "CategoryScore",
    "DatedEntry",
    "Document",
    "DocumentInfo",
    "Evidence",
    "Experience",
    "IgnoredMention",
    "KpiEvidence",
    "LeadershipEvidence",
    "LevelEvidence",
    "MatchedSkill",
    "Mention",
    "MissingSkill",
    "RoleFit",
    "Section",
    "SkillExperience",
    "SkillHit",
]

Method = Literal["exact", "alias", "fuzzy", "semantic", "inferred"]
Level = Literal["intern", "junior", "mid", "senior", "staff+"]
EntryKind = Literal["job", "internship", "education", "project"]
Band = Literal["strong", "partial", "weak"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Frozen):
    """A titled part of a document: ``text[start:end]`` is the section's body (heading included)."""

    name: str = Field(description="canonical name: header, summary, skills, experience, projects, "
                      "education, certifications, publications, other, or a file role for repositories")
    title: str = Field(default="", description="the heading as written in the document")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Document(BaseModel):
    """Text read from one source, with its sections.

    >>> doc = Document.from_text("Skills\\nPython, SQL", kind="resume")
    >>> [s.name for s in doc.sections]
    ['skills']
    """

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="file path, or a label such as '<text>'")
    kind: str = Field(default="resume", description="resume, readme, repository-file, job-description, text")
    format: str = Field(default="text", description="pdf, docx, json-resume, markdown, text, …")
    text: str
    sections: list[Section] = Field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = Field(default_factory=list)

    def model_post_init(self, context: object, /) -> None:
        """Hold only text that encodes to UTF-8 and carries no decoration, whoever built the
        document: surrogate pairs joined, lone surrogates replaced by U+FFFD, emoji, pictographs
        and icon-font glyphs dropped (``skillgap.ingest._unicode``). Sections given for the text
        before repair are moved to the same words in the repaired text.

        >>> Document(source="<text>", text="\\U0001f4bc Skills: Python \\ud835").text
        'Skills: Python \\ufffd'
        """
        from skillgap.ingest._unicode import clean_text, fix_surrogates

        text, where = clean_text(self.text)
        if where is not None:
            self.text = text
            self.sections = [
                sec.model_copy(update={"start": where(sec.start), "end": where(sec.end),
                                       "title": clean_text(sec.title)[0].strip()})
                for sec in self.sections
            ]
        if not all(w.isascii() for w in self.warnings):
            self.warnings = [fix_surrogates(w) for w in self.warnings]
        if not self.source.isascii():  # a file name of bytes that are not UTF-8 holds surrogates
            self.source = fix_surrogates(self.source)

    @classmethod
    def from_text(cls, text: str, *, kind: str = "resume", source: str = "<text>",
                  format: str = "text") -> Document:
        """Build a document from a string, detecting its sections.

        The text is repaired first (see :meth:`model_post_init`): what reaches the document
        encodes to UTF-8, and emoji and icons are gone.

        >>> Document.from_text("\\U0001f393 Education\\nMSc \\ud840\\udc0b").text == "Education\\nMSc \\U0002000b"
        True
        """
        from skillgap.ingest._sections import detect_sections
        from skillgap.ingest._unicode import clean_text

        text = clean_text(text)[0]
        return cls(source=source, kind=kind, format=format, text=text,
                   sections=detect_sections(text, markdown=format == "markdown"))

    def section_of(self, offset: int) -> Section | None:
        """The innermost section that contains ``offset`` (None if none)."""
        best: Section | None = None
        for sec in self.sections:
            if sec.start <= offset < sec.end and (best is None or sec.start >= best.start):
                best = sec
        return best

    def section_at(self, offset: int) -> str:
        """Canonical name of the innermost section that contains ``offset`` ('other' if none)."""
        best = self.section_of(offset)
        return best.name if best else "other"


class Mention(_Frozen):
    """A place in a document where a taxonomy skill is named (output of ``extract``)."""

    skill_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    section: str = "other"
    method: Method = "exact"
    score: float = Field(default=1.0, ge=0.0, le=1.0, description="how sure the link is")
    quantified: bool = Field(default=False, description="a number stands in the same sentence")
    context: str = Field(default="", description="the sentence or line around the mention")


class IgnoredMention(_Frozen):
    """A mention that does not count as having the skill, and why."""

    skill_id: str
    source: str
    text: str
    start: int
    end: int
    reason: Literal["negated", "aspiration", "ambiguous"]
    context: str = ""


class Evidence(_Frozen):
    """Why skillgap believes a candidate has a skill: ``document.text[start:end] == text``."""

    source: str
    section: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    method: Method
    confidence: float = Field(ge=0.0, le=1.0, description="how sure the link from text to skill is")
    strength: float = Field(ge=0.0, le=1.0, description="how strongly this place shows use of the skill")
    context: str = ""


class DatedEntry(_Frozen):
    """One dated entry of a resume: a job, an internship, a degree or a project
    (read by :func:`skillgap.score.experience.parse_experience`)."""

    source: str = Field(default="", description="the document the entry is read in")
    kind: EntryKind
    section: str = Field(description="the canonical section the entry is read in")
    start: date = Field(description="first month (day is always 1)")
    end: date = Field(description="last month, inclusive (day is always 1)")
    ongoing: bool = Field(default=False, description="'Present' / 'now': end is the reference month")
    precision: Literal["month", "season", "year"] = "month"
    months: int = Field(ge=1, description="months covered, end inclusive")
    date_text: str
    date_start: int = Field(ge=0, description="doc.text[date_start:date_end] == date_text")
    date_end: int = Field(ge=0)
    heading: str = Field(description="the entry's heading lines (title, organisation, dates)")
    heading_start: int = Field(ge=0)
    heading_end: int = Field(ge=0)
    extent_start: int = Field(ge=0, description="the entry's text: heading to next entry/section end")
    extent_end: int = Field(ge=0)
    title_words: list[str] = Field(default_factory=list, description="seniority words of the heading")
    title_level: Level | None = Field(default=None, description="the level the title words say")
    during_studies: bool = Field(default=False, description="a job inside a period of study, "
                                 "counted with the internships")


class LeadershipEvidence(_Frozen):
    """A phrase that shows leading or growing people: 'led a team of 8', 'mentored'."""

    source: str = ""
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    team_size: int | None = None


class LevelEvidence(_Frozen):
    """One reason for the level: the years, a title, leadership, or the absence of dates."""

    kind: Literal["years", "title", "leadership", "student", "no-dates"]
    detail: str
    source: str = ""
    text: str = ""
    start: int | None = None
    end: int | None = None


class Experience(_Frozen):
    """Dated entries, years and the level on the guide's ladder, read from the resume."""

    reference: date | None = Field(description="the month 'Present' stands for")
    reference_source: Literal["explicit", "document", "today", "none"]
    has_dates: bool
    entries: list[DatedEntry]
    professional_years: float = Field(ge=0, description="union of the job entries, overlaps merged")
    internship_years: float = Field(ge=0)
    education_years: float = Field(ge=0)
    leadership: list[LeadershipEvidence] = Field(default_factory=list)
    level: Level | None = Field(default=None, description="intern, junior, mid, senior, staff+; "
                                "None when the resume has no dates")
    level_evidence: list[LevelEvidence] = Field(default_factory=list)
    note: str = ""

    def entry_at(self, offset: int, source: str | None = None) -> DatedEntry | None:
        """The entry whose extent holds ``offset`` (of document ``source``; None outside every entry)."""
        for e in self.entries:
            if (source is None or e.source == source) and e.extent_start <= offset < e.extent_end:
                return e
        return None


class SkillExperience(_Frozen):
    """How long and how recently a skill was used, from the entries its evidence lies in."""

    years: float = Field(ge=0, description="union of the ranges of every entry holding evidence")
    professional_years: float = Field(ge=0, description="the same, jobs only")
    last_used: date | None = Field(default=None, description="end month of the most recent entry")
    kinds: list[EntryKind] = Field(default_factory=list)
    stated_years: float | None = Field(
        default=None, ge=0, description="years the resume states for the skill next to a mention "
        "(\"Python (5+ years)\", \"3 years of SQL\"); reported, not counted in years")


class SkillHit(_Frozen):
    """A skill the candidate shows, with all its evidence."""

    skill_id: str
    label: str
    category: str
    confidence: float = Field(ge=0.0, le=1.0)
    strength: float = Field(ge=0.0, le=1.0, description="combined evidence strength used for scoring")
    sources: list[str]
    evidence: list[Evidence]
    experience: SkillExperience | None = Field(
        default=None, description="years of use, last use and kinds of entry (None: no dates "
        "and no years stated)")
    origin: str = Field(default="", description="where the skill comes from: guide, onet, esco, "
                        "onet+esco (the broad vocabulary), skillgap (the vocabulary's curated "
                        "supplement), or '' (a user's taxonomy)")
    category_label: str = Field(default="", description="the category's name (O*NET commodity, "
                                "ESCO group, or the taxonomy's own category)")
    technical: bool = Field(default=True, description="False for ESCO's general skills "
                            "(competences, languages): reported apart, never counted as tools")


class LanguageHit(SkillHit):
    """A language the candidate speaks (ESCO's language skills), with its evidence."""

    level: str | None = Field(default=None, description="the command of it the resume states: a "
                              "CEFR level as written (A1-C2), or native, bilingual, fluent, "
                              "professional, advanced, intermediate, conversational, basic; "
                              "None when none is stated")

    @property
    def with_level(self) -> str:
        """``English (native)``; the name alone when no level is stated."""
        return f"{self.label} ({self.level})" if self.level else self.label


class CategoryScore(_Frozen):
    category: str
    label: str
    score: float = Field(ge=0.0, le=1.0)
    weight: float = Field(ge=0.0, description="share of the role's importance in this category")


class MatchedSkill(_Frozen):
    """A role skill that earned credit, and where the credit comes from."""

    skill_id: str
    label: str
    required: bool
    importance: float
    credit: float = Field(ge=0.0, le=1.0)
    contribution: float = Field(ge=0.0, le=1.0, description="points of the role score this skill gives")
    via: str = Field(description="the found skill that gives the credit (itself, or a narrower skill)")


class MissingSkill(_Frozen):
    """A role skill without full credit, ranked by the fit it would add."""

    skill_id: str
    label: str
    category: str
    required: bool
    importance: float
    credit: float = Field(ge=0.0, le=1.0, description="partial credit already earned")
    gain: float = Field(ge=0.0, le=1.0, description="points of the role score that showing it would add")
    share: float = Field(default=0.0, ge=0.0, le=1.0,
                         description="share of the role's weighted skills that showing it would "
                                     "add (before calibration: does not shrink near a full score)")
    practice: str | None = None
    practice_source: str | None = None


class KpiEvidence(_Frozen):
    kpi_id: str
    label: str
    source: str
    text: str
    start: int
    end: int


class RoleFit(_Frozen):
    role_id: str
    label: str
    score: float = Field(ge=0.0, le=1.0)
    required_coverage: float = Field(ge=0.0, le=1.0)
    categories: list[CategoryScore]
    matched: list[MatchedSkill]
    missing: list[MissingSkill]
    kpis: list[KpiEvidence] = Field(default_factory=list)
    coverage: float | None = Field(default=None, ge=0.0, le=1.0, description="the weighted share of "
                                   "the role's skills shown, before calibration, level and gate")
    band: Band | None = Field(default=None, description="strong (score >= 0.70), partial "
                              "(0.45-0.70) or weak (< 0.45)")
    level_match: float | None = Field(default=None, ge=0.0, le=1.0, description="the factor the "
                                      "candidate's level against the role's gives (None: not used)")
    distinctive: list[str] = Field(default_factory=list, description="the role's distinctive "
                                   "skills the candidate shows, most distinctive first")
    reason: str = Field(default="", description="one sentence: why this role fits as it does")


class DocumentInfo(_Frozen):
    source: str
    kind: str
    format: str
    characters: int
    pages: int | None = None
    sections: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Analysis(_Frozen):
    """The result of :func:`skillgap.analyze`."""

    skillgap_version: str
    taxonomy: str
    skills: list[SkillHit]
    roles: list[RoleFit]
    documents: list[DocumentInfo]
    ignored: list[IgnoredMention] = Field(default_factory=list)
    experience: Experience | None = Field(default=None, description="dated entries, years and level")
    other_skills: list[SkillHit] = Field(
        default_factory=list, description="skills found beyond the scoring taxonomy: the broad "
        "vocabulary's (O*NET technologies, ESCO), with evidence; general ESCO skills have "
        "technical=False")
    languages: list[LanguageHit] = Field(
        default_factory=list, description="languages the candidate speaks (ESCO's language "
        "skills, where the context marks a language spoken), with the level stated; not skills")

    def role(self, role_id: str) -> RoleFit:
        """The fit for ``role_id`` (raises ``UnknownRoleError`` if it was not scored)."""
        for fit in self.roles:
            if fit.role_id == role_id:
                return fit
        from skillgap.errors import UnknownRoleError

        raise UnknownRoleError(role_id, valid=[r.role_id for r in self.roles])

    def skill(self, skill_id: str) -> SkillHit | None:
        """The hit for ``skill_id`` (a taxonomy or other skill, or a language), or None when it
        is not shown."""
        return next((s for s in (*self.skills, *self.other_skills, *self.languages)
                     if s.skill_id == skill_id), None)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_markdown(self, *, role: str | None = None, top: int = 10) -> str:
        from skillgap.report import render_markdown

        return render_markdown(self, role=role, top=top)

    def to_html(self, *, role: str | None = None, redact: bool = False) -> str:
        from skillgap.report import render_html

        return render_html(self, role=role, redact=redact)
