"""What the web app does, apart from HTTP: analyse one candidate's uploads, start a batch job.

Both views and the JSON API call these functions; the routes only parse forms and render.
Uploads go to a ``tempfile.TemporaryDirectory`` (``$TMPDIR``) that is removed when the analysis
ends, also when it fails. Source names in results are the client's file names, not the
temporary paths, so the JSON equals ``skillgap analyze --format json`` run on the same files.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillgap.errors import SkillgapError
from skillgap.models import Analysis, Document
from skillgap.taxonomy import Role, Taxonomy
from skillgap.web._jobs import Job, MemoryStore, job_folder, run_job
from skillgap.web._uploads import Upload, UploadError, WebLimits, remove_tree, save_uploads, scrub

__all__ = ["CandidateResult", "RoleChoice", "Service"]

log = logging.getLogger("skillgap.web")

ALL_ROLES = "all"


@dataclass(frozen=True)
class RoleChoice:
    """What a form asked to score against: a role id, a job ad (text or file), a profile."""

    role: str | None = None
    job_text: str | None = None
    job_file: Upload | None = None
    profile_file: Upload | None = None
    must_have: str | None = None
    min_fit: float | None = None


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's analysis, kept in memory for the report page and its downloads."""

    analysis: Analysis
    role_id: str | None
    redact: bool
    created: float = field(default_factory=time.time)


def _scrub_analysis(analysis: Analysis, folder: Path) -> Analysis:
    text = analysis.model_dump_json()
    clean = scrub(text, folder)
    return analysis if clean == text else Analysis.model_validate_json(clean)


def rescrub(exc: SkillgapError, folder: Path) -> SkillgapError:
    """``exc`` with the temporary folder's path taken out of its message (same type)."""
    message = str(exc)
    clean = scrub(message, folder)
    if clean == message:
        return exc
    new = type(exc).__new__(type(exc))
    new.__dict__.update(exc.__dict__)
    new.args = (clean,)
    if getattr(new, "path", None):
        new.path = scrub(new.path, folder)
    return new


class Service:
    """The library calls behind the web app, with its settings and in-memory stores."""

    def __init__(self, *, taxonomy: Taxonomy, default_role: str | None = None,
                 embeddings: bool = True, device: str = "auto", model: str | None = None,
                 limits: WebLimits | None = None, workers: int = 1,
                 ttl_s: float = 3600.0) -> None:
        self.taxonomy = taxonomy
        self.default_role = default_role
        self.embeddings = embeddings
        self.device = device
        self.model = model
        self.limits = limits or WebLimits()
        self.workers = workers
        self.results = MemoryStore(max_items=200, ttl_s=ttl_s)
        self.jobs = MemoryStore(max_items=20, ttl_s=ttl_s,
                                on_drop=lambda job: job.cancel.set())
        if default_role:
            taxonomy.role(default_role)  # UnknownRoleError now, not at the first request

    # -- roles -----------------------------------------------------------------------------

    def roles(self) -> list[dict[str, Any]]:
        return [{"id": r.id, "label": r.label, "level": r.level,
                 "required": len(r.skills.required), "nice_to_have": len(r.skills.nice_to_have)}
                for r in self.taxonomy.roles]

    def _role(self, choice: RoleChoice, folder: Path, *, required: bool) -> Role | str | None:
        """The role to score: a job ad (text or file) or a role id; the server's default else."""
        role = (choice.role or "").strip() or None
        has_job = bool((choice.job_text or "").strip()) or choice.job_file is not None
        if has_job and role not in (None, ALL_ROLES):
            raise UploadError("give a role or a job ad, not both: choose 'All roles' (or send no "
                              "'role') to score against the job ad")
        if has_job:
            return self._job_role(choice, folder)
        if role == ALL_ROLES:
            if required:
                raise UploadError("ranking candidates needs one role: choose a role, paste a job "
                                  "ad, or upload a screening profile that names a role")
            return None
        role = role or self.default_role
        if role is not None:
            self.taxonomy.role(role)  # UnknownRoleError lists the valid ids
        return role

    def _job_role(self, choice: RoleChoice, folder: Path) -> Role:
        from skillgap.score.jobad import role_from_job_description

        limits = self.limits.document
        if choice.job_file is not None:
            [path] = save_uploads([choice.job_file], folder / "job", self.limits, unpack=False)
            try:
                return role_from_job_description(path, taxonomy=self.taxonomy, limits=limits)
            except SkillgapError as exc:
                raise rescrub(exc, folder / "job") from None
        text = (choice.job_text or "").strip()
        if len(text) > limits.max_chars:
            from skillgap.ingest import too_large

            raise too_large("the job ad's length in characters", len(text), limits.max_chars,
                            "max_chars", "job description")
        doc = Document.from_text(text, kind="job-description", source="job description")
        return role_from_job_description(doc, taxonomy=self.taxonomy, limits=limits)

    # -- one candidate ---------------------------------------------------------------------

    def analyze(self, uploads: Sequence[Upload], choice: RoleChoice, *,
                embeddings: bool | None = None) -> tuple[Analysis, str | None]:
        """Analyse one candidate's files; returns the analysis and the role id to detail.

        Raises:
            SkillgapError: an upload or the role cannot be used (the message names the file).
        """
        import skillgap

        with tempfile.TemporaryDirectory(prefix="skillgap-web-") as tmp:
            folder = Path(tmp) / "in"
            try:
                paths = save_uploads(uploads, folder, self.limits)
                role = self._role(choice, Path(tmp), required=False)
                analysis = skillgap.analyze(
                    *paths, role=role, taxonomy=self.taxonomy, device=self.device,
                    embeddings=self.embeddings if embeddings is None else embeddings,
                    model=self.model, limits=self.limits.document)
            except SkillgapError as exc:
                raise rescrub(exc, folder) from None
            analysis = _scrub_analysis(analysis, folder)
        role_id = role.id if isinstance(role, Role) else role
        return analysis, role_id

    def keep(self, analysis: Analysis, role_id: str | None, redact: bool) -> str:
        """Keep a result in memory for its page and downloads; returns its id."""
        return self.results.add(CandidateResult(analysis=analysis, role_id=role_id, redact=redact))

    # -- many candidates -------------------------------------------------------------------

    def start_batch(self, uploads: Sequence[Upload], choice: RoleChoice, *,
                    embeddings: bool | None = None, redact: bool = False) -> Job:
        """Save the uploads and start a background job analysing them (one row per candidate).

        One zip is the folder of candidates (a subfolder or file each); among several files,
        each file is a candidate and each zip one candidate's folder.
        """
        tmp = Path(tempfile.mkdtemp(prefix="skillgap-web-"))
        try:
            root = job_folder(tmp)
            uploads = list(uploads)
            if len(uploads) == 1 and (uploads[0].filename or "").lower().endswith(".zip"):
                [root] = save_uploads(uploads, root, self.limits)
                if not root.is_dir():
                    raise UploadError("the zip holds no candidate files", path=uploads[0].filename)
            else:
                save_uploads(uploads, root, self.limits)
            role, profile, tax = self._screening(choice, tmp)
            from skillgap.batch import iter_candidates

            candidates = list(iter_candidates(root))
            if not candidates:
                raise UploadError("no candidate files were found in the upload; send resumes, or "
                                  "a zip with one file or folder per candidate")
            job = Job(id="", role_id=role.id, role_label=role.label, screened=profile is not None,
                      redact=redact,
                      candidates_total=len(candidates),
                      total=sum(max(1, len(c.items)) for c in candidates))
        except SkillgapError as exc:
            remove_tree(tmp)
            raise rescrub(exc, tmp / "candidates") from None
        except BaseException:
            remove_tree(tmp)
            raise
        job.id = self.jobs.add(job)
        emb = self.embeddings if embeddings is None else embeddings
        run_job(job, lambda j: self._run(j, root, role, profile, tax, emb),
                cleanup=lambda: remove_tree(tmp))
        return job

    def _screening(self, choice: RoleChoice, tmp: Path) -> tuple[Role, Any, Taxonomy]:
        from skillgap.score.screen import ScreenProfile, _resolve_ids, screening_role

        profile = None
        if choice.profile_file is not None:
            [path] = save_uploads([choice.profile_file], tmp / "profile", self.limits,
                                  unpack=False)
            try:
                profile = ScreenProfile.load(path)
            except SkillgapError as exc:
                raise rescrub(exc, tmp / "profile") from None
        must = [s.strip() for s in (choice.must_have or "").replace(";", ",").split(",")
                if s.strip()]
        if must or choice.min_fit:
            base = profile or ScreenProfile()
            profile = base.model_copy(update={
                "must_have": must or base.must_have,
                "min_fit": base.min_fit if choice.min_fit is None else choice.min_fit})
        use = choice
        if profile is not None and profile.role and not (choice.role or "").strip() \
                and not (choice.job_text or "").strip() and choice.job_file is None:
            use = RoleChoice(role=profile.role)
        ref = self._role(use, tmp, required=True)
        if ref is None:
            raise UploadError("ranking candidates needs a role: choose one, paste a job ad, or "
                              "upload a screening profile that names a role")
        base_role = ref if isinstance(ref, Role) else self.taxonomy.role(ref)
        tax = self.taxonomy if not isinstance(ref, Role) else self.taxonomy.with_roles([ref])
        if profile is None:
            return base_role, None, tax
        _resolve_ids([*profile.must_have, *profile.nice_to_have], tax)  # unknown skills: now
        the_role = screening_role(base_role, profile, tax)
        return the_role, profile, tax.with_roles([the_role])

    def _run(self, job: Job, root: Path, role: Role, profile: Any, tax: Taxonomy,
             embeddings: bool) -> None:
        from skillgap.batch import analyze_batch
        from skillgap.batch._io import rank_rows, summarize

        extras: dict[str, dict[str, Any]] = {}
        rows: list[dict[str, Any]] = []
        analyses: dict[str, Analysis] = {}
        results = analyze_batch(root, role=role, taxonomy=tax, embeddings=embeddings,
                                device=self.device, model=self.model, limits=self.limits.document,
                                workers=self.workers)
        try:
            for result in results:
                if job.cancel.is_set():
                    return
                row = summarize(result, role_id=role.id, root=root)
                row = {k: scrub(v, root) if isinstance(v, str) else v for k, v in row.items()}
                extra: dict[str, Any] = {"shortlisted": None, "reasons": []}
                if profile is not None:
                    from skillgap.score.screen import screen_analysis

                    sr = screen_analysis(result.analysis, role=role, profile=profile,
                                         taxonomy=tax, candidate_id=result.candidate_id,
                                         errors=result.errors)
                    if result.analysis is not None:
                        row["must_haves_met"] = sum(c.met for c in sr.must_haves)
                        row["must_haves_total"] = len(sr.must_haves)
                    extra = {"shortlisted": sr.shortlisted,
                             "reasons": [scrub(r, root) for r in sr.reasons]}
                if result.analysis is not None:
                    analyses[result.candidate_id] = _scrub_analysis(result.analysis, root)
                rows.append(row)
                extras[result.candidate_id] = extra
                with job.lock:
                    job.done += max(1, len(result.sources))
                    job.candidates_done += 1
                    job.errors += len(result.errors)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()
        ranked = rank_rows(rows)
        for n, row in enumerate(ranked, start=1):
            row.update(extras[row["candidate_id"]])
            if job.redact:
                _redact_row(row)
            row["index"] = n
            if row["candidate_id"] in analyses:
                job.analyses[n] = analyses[row["candidate_id"]]
        with job.lock:
            job.rows = ranked

    def job(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def close(self) -> None:
        """Stop running jobs (their threads remove their uploads)."""
        for job in self.jobs.values():
            job.cancel.set()
        for job in self.jobs.values():
            if job.thread is not None:
                job.thread.join(timeout=5)



def _redact_row(row: dict[str, Any]) -> None:
    """Mask e-mails, phone numbers and addresses in a row's text (as ``--redact``)."""
    from skillgap.report.redact import redact_text

    for key in ("candidate_id", "sources", "error"):
        if isinstance(row.get(key), str):
            row[key] = redact_text(row[key])
    row["reasons"] = [redact_text(r) for r in row.get("reasons", [])]
