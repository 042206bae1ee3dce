"""``analyze()``: the whole chain for one candidate.

path/text → load_sources → [Document] → find_mentions → link → resolve → fit_roles → Analysis
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from os import PathLike

from skillgap._version import __version__
from skillgap.errors import IngestError
from skillgap.extract import Extraction, find_mentions
from skillgap.ingest import DEFAULT_LIMITS, Limits, load_sources
from skillgap.link import resolve
from skillgap.models import Analysis, Document, DocumentInfo, RoleFit, SkillHit
from skillgap.score import fit_roles
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
            limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """Analyse one candidate: skills with evidence, fit for each role, missing skills.

    Args:
        *sources: files, folders (a candidate folder or a repository clone) or
            :class:`~skillgap.Document` objects; all of them describe one candidate.
        role: a role id (or several) to score; ``None`` scores every role of the taxonomy.
        taxonomy: a :class:`~skillgap.Taxonomy`, a path to one, or ``None`` for the built-in.
        embeddings: also link what words alone miss with the sentence-embedding model.
        device: ``"auto"`` (cuda → mps → cpu), ``"cpu"``, ``"cuda"``, ``"mps"``.
        model: a sentence-transformers name or path (default: all-MiniLM-L6-v2, shipped).
        limits: size, page and character limits for reading files.

    Raises:
        IngestError: a source cannot be read (the message names the file).
        UnknownRoleError: ``role`` is not in the taxonomy (the message lists valid ids).

    >>> from skillgap import Document, analyze
    >>> a = analyze(Document.from_text("Experience\\n- Served PyTorch models with FastAPI"),
    ...             role="ml-engineer", embeddings=False)
    >>> [s.skill_id for s in a.skills]
    ['fastapi', 'pytorch']
    """
    if not sources:
        raise IngestError("no sources given; pass at least one file, folder or Document")
    tax = resolve_taxonomy(taxonomy)
    roles = select_roles(tax, role)
    documents = load_sources(sources, limits=limits)
    return analyze_documents(documents, roles=roles, taxonomy=tax, embeddings=embeddings,
                             device=device, model=model)


def analyze_documents(documents: Sequence[Document], *, roles: Sequence[Role], taxonomy: Taxonomy,
                      embeddings: bool = True, device: str = "auto",
                      model: str | None = None) -> Analysis:
    """``analyze`` for documents already read (used by batch workers)."""
    extractions: list[tuple[Document, Extraction]] = [(d, find_mentions(d, taxonomy)) for d in documents]
    if embeddings:  # fuzzy, then embeddings for what words alone miss
        from skillgap.link import link_semantic

        extractions = link_semantic(extractions, taxonomy, device=device, model=model)
    else:  # lexical mode still repairs typos ("Kubernets"); no model is loaded
        from skillgap.link import link_lexical

        extractions = link_lexical(extractions, taxonomy)
    hits = resolve(((d, ex.mentions) for d, ex in extractions), taxonomy)
    fits = fit_roles(hits, taxonomy, roles, documents)
    log.debug("analysed %d document(s): %d skills", len(documents), len(hits))
    return assemble_analysis(documents, extractions, hits, fits, taxonomy)


def assemble_analysis(documents: Sequence[Document], extractions: Sequence[tuple[Document, Extraction]],
                      hits: Sequence[SkillHit], fits: Sequence[RoleFit], taxonomy: Taxonomy) -> Analysis:
    """The :class:`Analysis` of the steps' results (the last step of ``analyze_documents``)."""
    ignored = sorted((i for _, ex in extractions for i in ex.ignored),
                     key=lambda i: (i.source, i.start, i.skill_id))
    return Analysis(
        skillgap_version=__version__,
        taxonomy=f"{taxonomy.name}@{taxonomy.version}" if taxonomy.version else taxonomy.name,
        skills=list(hits), roles=list(fits), ignored=ignored,
        documents=[DocumentInfo(source=d.source, kind=d.kind, format=d.format,
                                characters=len(d.text), pages=d.pages,
                                sections=sorted({s.name for s in d.sections}),
                                warnings=list(d.warnings)) for d in documents])
