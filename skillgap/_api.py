"""``analyze()``: the whole chain for one candidate.

path/text → load_sources → [Document] → find_mentions → link → resolve → fit_roles → Analysis

``Limits.timeout_s`` bounds the whole call: a :class:`~skillgap.ingest.Deadline` started when
``analyze`` is called gives each source the time left for reading, and is checked between
sources, documents and stages and inside extraction's loops; past it the call raises
``DocumentTimeoutError`` (never a partial result).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from os import PathLike

from skillgap._version import __version__
from skillgap.errors import DocumentTimeoutError, IngestError
from skillgap.extract import Extraction, find_mentions
from skillgap.extract._languages import is_language, language_level
from skillgap.ingest import DEFAULT_LIMITS, Deadline, Limits, load_sources, timeout_error
from skillgap.link import resolve
from skillgap.models import Analysis, Document, DocumentInfo, Experience, LanguageHit, RoleFit, SkillHit
from skillgap.score import fit_roles
from skillgap.score.experience import parse_experience, with_experience, with_stated_years
from skillgap.taxonomy import Role, Taxonomy, load_taxonomy

__all__ = ["analyze", "analyze_documents", "assemble_analysis", "resolve_taxonomy", "select_roles"]

log = logging.getLogger("skillgap")

Source = str | PathLike[str] | Document


def resolve_taxonomy(taxonomy: Taxonomy | str | PathLike[str] | None) -> Taxonomy:
    if taxonomy is None:
        return load_taxonomy()
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    return load_taxonomy(taxonomy)


def select_roles(tax: Taxonomy, role: str | Role | Sequence[str | Role] | None) -> list[Role]:
    """The roles to score: all (None), one id or Role, or several."""
    if role is None:
        return list(tax.roles)
    items = [role] if isinstance(role, str | Role) else list(role)
    return [r if isinstance(r, Role) else tax.role(r) for r in items]


def analyze(*sources: Source, role: str | Role | Sequence[str | Role] | None = None,
            taxonomy: Taxonomy | str | PathLike[str] | None = None, embeddings: bool = True,
            device: str = "auto", model: str | None = None,
            limits: Limits = DEFAULT_LIMITS, reference: date | None = None) -> Analysis:
    """Analyse one candidate: skills with evidence, fit for each role, missing skills.

    Args:
        *sources: files, folders (a candidate folder or a repository clone) or
            :class:`~skillgap.Document` objects; all of them describe one candidate.
        role: a role id (or several) to score; ``None`` scores every role of the taxonomy.
        taxonomy: a :class:`~skillgap.Taxonomy`, a path to one, or ``None`` for the built-in.
        embeddings: also link what words alone miss with the sentence-embedding model.
        device: ``"auto"`` (cuda → mps → cpu), ``"cpu"``, ``"cuda"``, ``"mps"``.
        model: a sentence-transformers name or path (default: skillgap-minilm-skills-v1, shipped).
        limits: size, page and character limits for reading files; ``limits.timeout_s``
            (default 60; 0 or ``None``: none) bounds the whole call, reading to scoring, in any
            thread. It counts the first call's one-off set-up too (matchers, encoder).
        reference: the month "Present" on the resume stands for; default: the latest date the
            documents mention, so the result depends on the documents alone (never the clock).

    Raises:
        IngestError: a source cannot be read (the message names the file).
        DocumentTimeoutError: the call took longer than ``limits.timeout_s`` (an ``IngestError``
            naming the source, or "the analysis" for several).
        UnknownRoleError: ``role`` is not in the taxonomy (the message lists valid ids).

    >>> from skillgap import Document, analyze
    >>> a = analyze(Document.from_text("Experience\\n- Served PyTorch models with FastAPI"),
    ...             role="ml-engineer", embeddings=False)
    >>> [s.skill_id for s in a.skills]
    ['fastapi', 'pytorch']
    """
    if not sources:
        raise IngestError("no sources given; pass at least one file, folder or Document")
    deadline = Deadline.start(limits.timeout_s, _name(sources[0]) if len(sources) == 1 else None)
    tax = resolve_taxonomy(taxonomy)
    roles = select_roles(tax, role)
    documents = _read(sources, limits, deadline)
    return analyze_documents(documents, roles=roles, taxonomy=tax, embeddings=embeddings,
                             device=device, model=model, deadline=deadline, reference=reference)


def _name(source: Source) -> str:
    return source.source if isinstance(source, Document) else str(source)


def _read(sources: Sequence[Source], limits: Limits, deadline: Deadline | None) -> list[Document]:
    """``load_sources``, each source within the time the deadline leaves."""
    if deadline is None:
        return load_sources(sources, limits=limits)
    documents: list[Document] = []
    for source in sources:
        deadline.check()
        try:
            left = max(deadline.remaining(), 0.001)  # > 0: a limit of 0 would mean none
            documents.extend(load_sources([source], limits=replace(limits, timeout_s=left)))
        except DocumentTimeoutError as exc:  # stopped at the time left: name the whole limit
            raise timeout_error(deadline.seconds, exc.path or _name(source)) from None
    return documents


def _unbounded() -> None:
    pass


def analyze_documents(documents: Sequence[Document], *, roles: Sequence[Role], taxonomy: Taxonomy,
                      embeddings: bool = True, device: str = "auto", model: str | None = None,
                      deadline: Deadline | None = None, reference: date | None = None) -> Analysis:
    """``analyze`` for documents already read (used by batch workers, which their engine bounds).

    ``deadline.check()`` runs between documents and stages and inside extraction.
    """
    check: Callable[[], None] = _unbounded if deadline is None else deadline.check
    extractions: list[tuple[Document, Extraction]] = []
    for d in documents:
        check()
        extractions.append((d, find_mentions(d, taxonomy, deadline=deadline)))
    check()
    if embeddings:  # fuzzy, then embeddings for what words alone miss
        from skillgap.link import link_semantic

        extractions = link_semantic(extractions, taxonomy, device=device, model=model,
                                    deadline=deadline)
    else:  # lexical mode still repairs typos ("Kubernets"); no model is loaded
        from skillgap.link import link_lexical

        extractions = link_lexical(extractions, taxonomy, deadline=deadline)
    check()
    hits = resolve(((d, ex.mentions) for d, ex in extractions), taxonomy)
    check()
    experience = candidate_experience(documents, reference)
    hits = with_experience(hits, experience)  # years per skill; strength scaled by proficiency
    hits = with_stated_years(hits, documents)  # "Python (5+ years)": reported, not scored
    fits = fit_roles(hits, taxonomy, roles, documents, experience=experience)
    check()
    log.debug("analysed %d document(s): %d skills", len(documents), len(hits))
    return assemble_analysis(documents, extractions, hits, fits, taxonomy, experience=experience)


#: Document kinds whose dates describe the candidate's career (not a repository's files).
_CAREER_KINDS = frozenset({"resume", "text"})


def candidate_experience(documents: Sequence[Document], reference: date | None = None) -> Experience | None:
    """The experience read from the candidate's resume-like documents (None when there is none)."""
    career = [d for d in documents if d.kind in _CAREER_KINDS]
    return parse_experience(career, reference=reference) if career else None


def _languages(hits: Sequence[SkillHit], documents: Sequence[Document]) -> list[LanguageHit]:
    """The language hits with the level their evidence states (the first that states one),
    strongest first, ties by label."""
    texts = {d.source: d.text for d in documents}
    out = []
    for h in hits:
        level = next((lv for e in h.evidence if e.source in texts
                      for lv in [language_level(texts[e.source], e.start, e.end)] if lv), None)
        out.append(LanguageHit(**dict(h), level=level))
    return sorted(out, key=lambda h: (-h.strength, h.label))


def assemble_analysis(documents: Sequence[Document], extractions: Sequence[tuple[Document, Extraction]],
                      hits: Sequence[SkillHit], fits: Sequence[RoleFit], taxonomy: Taxonomy, *,
                      experience: Experience | None = None) -> Analysis:
    """The :class:`Analysis` of the steps' results (the last step of ``analyze_documents``)."""
    ignored = sorted((i for _, ex in extractions for i in ex.ignored),
                     key=lambda i: (i.source, i.start, i.skill_id))
    other = [h for h in hits if not taxonomy.owns(h.skill_id)]  # the vocabulary's
    return Analysis(
        skillgap_version=__version__,
        taxonomy=f"{taxonomy.name}@{taxonomy.version}" if taxonomy.version else taxonomy.name,
        skills=[h for h in hits if taxonomy.owns(h.skill_id)],
        other_skills=[h for h in other if not is_language(h.category)],
        languages=_languages([h for h in other if is_language(h.category)], documents),
        roles=list(fits), ignored=ignored, experience=experience,
        documents=[DocumentInfo(source=d.source, kind=d.kind, format=d.format,
                                characters=len(d.text), pages=d.pages,
                                sections=sorted({s.name for s in d.sections}),
                                warnings=list(d.warnings)) for d in documents])
