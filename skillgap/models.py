"""Data passed between the steps of the pipeline, and the result, as pydantic models.

``Document`` → ``Mention`` (extract) → ``SkillHit`` (link) → ``RoleFit`` (score) → ``Analysis``.
Result models are frozen; ``Analysis.model_dump_json()`` is the JSON report and round-trips
through ``Analysis.model_validate_json()``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Analysis",
    "CategoryScore",
    "Document",
    "DocumentInfo",
    "Evidence",
    "IgnoredMention",
    "KpiEvidence",
    "MatchedSkill",
    "Mention",
    "MissingSkill",
    "RoleFit",
    "Section",
    "SkillHit",
]

Method = Literal["exact", "alias", "fuzzy", "semantic", "inferred"]


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

    @classmethod
    def from_text(cls, text: str, *, kind: str = "resume", source: str = "<text>",
                  format: str = "text") -> Document:
        """Build a document from a string, detecting its sections."""
        from skillgap.ingest._sections import detect_sections

        return cls(source=source, kind=kind, format=format, text=text,
                   sections=detect_sections(text, markdown=format == "markdown"))

    def section_at(self, offset: int) -> str:
        """Canonical name of the innermost section that contains ``offset`` ('other' if none)."""
        best: Section | None = None
        for sec in self.sections:
            if sec.start <= offset < sec.end and (best is None or sec.start >= best.start):
                best = sec
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


class SkillHit(_Frozen):
    """A skill the candidate shows, with all its evidence."""

    skill_id: str
    label: str
    category: str
    confidence: float = Field(ge=0.0, le=1.0)
    strength: float = Field(ge=0.0, le=1.0, description="combined evidence strength used for scoring")
    sources: list[str]
    evidence: list[Evidence]


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

    def role(self, role_id: str) -> RoleFit:
        """The fit for ``role_id`` (raises ``UnknownRoleError`` if it was not scored)."""
        for fit in self.roles:
            if fit.role_id == role_id:
                return fit
        from skillgap.errors import UnknownRoleError

        raise UnknownRoleError(role_id, valid=[r.role_id for r in self.roles])

    def skill(self, skill_id: str) -> SkillHit | None:
        """The hit for ``skill_id``, or None when the candidate does not show it."""
        return next((s for s in self.skills if s.skill_id == skill_id), None)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_markdown(self, *, role: str | None = None, top: int = 10) -> str:
        from skillgap.report import render_markdown

        return render_markdown(self, role=role, top=top)

    def to_html(self, *, role: str | None = None, redact: bool = False) -> str:
        from skillgap.report import render_html

        return render_html(self, role=role, redact=redact)
