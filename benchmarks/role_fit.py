"""Role fit on the development resumes: the right role, the right level, calibrated scores.

Prints, on the development resumes of ``../shared/eval/resumes`` (manifest field
``apparent_role_seniority``) mapped below to built-in roles (issue 13):

* **top-role accuracy** — share of the ML/DS resumes whose best-fitting built-in role is in
  the resume's *acceptable* set;
* **level accuracy (±1 step)** — on the guide's ladder intern < junior < mid < senior < staff+,
  for the technical resumes (ML/DS and software) whose Analysis carries a level (read with
  ``getattr``; prints ``n/a`` while ``Analysis`` has none);
* **own-role fit** — median, min and max of the fit for each ML/DS resume's own role;
* **largest fit of the non-ML controls** (and of the software engineers, for information);
* **job-ad AUC** — each ML/DS resume against real ML-engineer and data-scientist postings
  (positives) vs business- and data-analyst postings (negatives) of
  ``../shared/eval/job_descriptions``; each posting becomes a role with
  ``skillgap.role_from_job_description``; AUC per resume (Mann-Whitney), median and min.

Only public API is used: ``skillgap.analyze``, ``skillgap.load_document``,
``skillgap.role_from_job_description``, ``skillgap.load_taxonomy``.

The mapping table (``MAPPING``) was written from the manifest and a reading of each resume's
text, before any score was looked at; do not tune it to the figures. Several files are the
same person (r03 pdf/tex, r06 pdf/md, r20/r21/r22, r01/r30): each file counts, since each is a
different rendering the reader must handle.

    python benchmarks/role_fit.py [EVAL_DIR] [--embeddings|--lexical] [--max-postings N] [-v]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LEVELS = ("intern", "junior", "mid", "senior", "staff+")


@dataclass(frozen=True)
class Entry:
    """One development resume: its group, the acceptable top roles, its own role and level."""

    path: str  # relative to eval/resumes (a folder for r31)
    group: str  # "ml" (ML/DS practitioner), "software" (non-ML engineer), "control" (non-ML person)
    acceptable: frozenset[str] = frozenset()  # built-in role ids acceptable as the top role
    own: str | None = None  # the role the person does (own-role fit)
    level: str | None = None  # reference level on LEVELS, None where the ladder does not apply
    note: str = ""


def _e(path: str, group: str, acceptable: tuple[str, ...] = (), own: str | None = None,
       level: str | None = None, note: str = "") -> Entry:
    return Entry(path, group, frozenset(acceptable), own, level, note)


_OR = "../resume_parser_oracles/"
# The mapping table. Written before anything was scored; `note` quotes apparent_role_seniority.
MAPPING: tuple[Entry, ...] = (
    # --- ML / data-science practitioners: top-role accuracy, own-role fit, job-ad AUC ---------
    _e("r03_sb2nov_sourabh_bajaj_resume.pdf", "ml",
       ("ml-engineer", "mlops-engineer", "data-engineer", "senior-ml-engineer"), "ml-engineer", "mid",
       "Software engineer (Google, TensorFlow), mid — TPU training APIs, Beam, recsys serving"),
    _e("r03_sb2nov_sourabh_bajaj_resume.tex", "ml",
       ("ml-engineer", "mlops-engineer", "data-engineer", "senior-ml-engineer"), "ml-engineer", "mid",
       "same person as the r03 pdf"),
    _e("r06_aishwarya_jauhari_sharma_flowcv.pdf", "ml",
       ("data-scientist", "ml-engineer", "research-scientist", "senior-ml-engineer"), "data-scientist",
       "senior", "Data scientist / ML engineer, mid-senior (6+ y)"),
    _e("r06_aishwarya_jauhari_sharma_resume.md", "ml",
       ("data-scientist", "ml-engineer", "research-scientist", "senior-ml-engineer"), "data-scientist",
       "senior", "same person as the r06 pdf"),
    _e("r07_arash_aghababazadeh_resume.md", "ml",
       ("ml-engineer", "data-scientist"), "ml-engineer", "mid",
       "Data scientist / ML engineer, mid"),
    _e("r19_john_smith_python_ml.pdf", "ml",
       ("ml-engineer", "senior-ml-engineer", "data-scientist"), "ml-engineer", "senior",
       "Senior Python developer -> ML engineer"),
    _e("r20_rendercv_john_doe_classic.pdf", "ml",
       ("research-scientist", "ml-engineer", "nlp-engineer", "senior-ml-engineer"), "research-scientist",
       "mid", "ML/CS PhD + software engineer (PhD 2023, CTO since 2023)"),
    _e("r21_rendercv_john_doe_engineeringresumes.pdf", "ml",
       ("research-scientist", "ml-engineer", "nlp-engineer", "senior-ml-engineer"), "research-scientist",
       "mid", "same content as r20"),
    _e("r22_rendercv_john_doe_classic.yaml", "ml",
       ("research-scientist", "ml-engineer", "nlp-engineer", "senior-ml-engineer"), "research-scientist",
       "mid", "same content as r20"),
    _e("r31_vyas_ramasubramani_cv_tex", "ml",
       ("research-scientist", "ml-engineer", "data-engineer", "senior-ml-engineer"), "research-scientist",
       "mid", "PhD: ML + molecular simulation, research software engineer (Sr SWE NVIDIA)"),
    _e(_OR + "solverah_v1/resumes/9998.pdf", "ml",
       ("ml-engineer", "nlp-engineer", "junior-ml-engineer"), "ml-engineer", "mid",
       "software engineer w/ ML (template), 5+ y"),
    # --- software / DevOps engineers, not ML: level only (no acceptable ML role) -----------------
    _e("r01_awesomecv_byungjin_park_resume.pdf", "software", level="senior",
       note="DevOps/SRE engineer & software architect, senior (15+ y)"),
    _e("r30_awesomecv_byungjin_park_cv_long.pdf", "software", level="senior",
       note="DevOps/SRE engineer, senior (same person as r01)"),
    _e("r10_sophiya_singh_resume.pdf", "software", level="junior",
       note="Software engineer, student/new grad"),
    _e("r15_bruce_wayne_fullstack.pdf", "software", level="senior",
       note="MERN full-stack developer, senior (10 y)"),
    _e("r16_barry_allen_fe.pdf", "software", level="junior", note="Front-end developer, new grad"),
    _e("r17_john_doe_java_fullstack.pdf", "software", level="mid",
       note="Java/Angular full-stack developer, mid (5 y)"),
    _e("r23_openresume_john_doe.pdf", "software", level="junior", note="Software engineer, junior-mid"),
    _e("r25_jsonresume_sample_richard_hendriks.json", "software", level=None,
       note="Programmer / CEO (Pied Piper): level not stated"),
    _e("r27_shivam_ahuja_dummy_res.pdf", "software", level="mid",
       note="Senior software engineer (web/mobile), 3 y — 3 y reads mid"),
    _e("r29_itviec_toan_bui.pdf", "software", level="junior",
       note="React Native mobile developer, junior-mid"),
    # --- non-ML controls (manifest: non-ML (negative) control, or a non-technical job) --------
    _e("r11_amruta_b_naukri.pdf", "control", level="junior", note="Junior web developer (non-ML control)"),
    _e("r24_laverne_leo_leopard.pdf", "control", note="Business administration student"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume1.pdf", "control", note="UX designer"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume10.docx", "control", note="HR generalist"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume12.docx", "control",
       note="generic template (electrician)"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume13.docx", "control",
       note="generic template (warehouse)"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume14.docx", "control",
       note="senior sales manager"),
    _e(_OR + "jiejiewang123_resume-parser/sample_resumes/resume3.pdf", "control",
       note="global key account manager (sales)"),
    _e(_OR + "solverah_v1/resumes/9990.pdf", "control", note="retail assistant manager"),
    _e(_OR + "solverah_v1/resumes/9991.pdf", "control", note="advertising creative"),
    _e(_OR + "solverah_v1/resumes/9992.pdf", "control", note="teacher/counselor"),
    _e(_OR + "solverah_v1/resumes/9994.PDF", "control", note="media director"),
    _e(_OR + "solverah_v1/resumes/9996.pdf", "control", note="senior claims analyst"),
)

# Job-ad AUC: which postings are positives (ML engineer / data scientist) and negatives
# (business / data analyst), by title. A title matching neither is left out (data engineers,
# hardware, generic software titles found in the "Machine Learning Engineer" search results).
POSITIVE_FILES = ("glassdoor_Machine_Learning_Engineer.csv", "glassdoor_Data_Scientist.csv")
NEGATIVE_FILES = ("glassdoor_Business_Analyst.csv", "glassdoor_Data_Analyst.csv")
POSITIVE_TITLE = re.compile(
    r"machine\s+learning|\bml\b|\bai\b|\baiml\b|deep\s+learning|data\s+scien|computer\s+vision"
    r"|research\s+(?:scientist|engineer)|\bapplied\s+scientist", re.IGNORECASE)
NEGATIVE_TITLE = re.compile(r"\banalyst\b|\banalytics\b|\bbi\b", re.IGNORECASE)
NOT_POSITIVE = re.compile(r"\basic\b|\bsoc\b|verification|annotation\s+analyst|mentors?\b"
                          r"|data\s+engineer", re.IGNORECASE)
NOT_NEGATIVE = re.compile(r"data\s+scien|machine\s+learning", re.IGNORECASE)


# --------------------------------------------------------------------------------------------


def level_of(analysis: Any) -> str | None:
    """The candidate's level from an Analysis, if the Analysis has one (else None)."""
    for name in ("experience", "seniority", "career"):
        obj = getattr(analysis, name, None)
        if obj is not None:
            value = getattr(obj, "level", obj if isinstance(obj, str) else None)
            return _norm_level(value)
    return _norm_level(getattr(analysis, "level", None))


def has_level_attr(analysis: Any) -> bool:
    return any(hasattr(analysis, n) for n in ("experience", "seniority", "career", "level"))


def _norm_level(value: Any) -> str | None:
    if value is None:
        return None
    value = getattr(value, "value", value)
    text = str(value).lower().strip()
    if text in ("staff", "staff+", "principal", "lead"):
        return "staff+"
    return text if text in LEVELS else None


def auc(pos: list[float], neg: list[float]) -> float:
    """Mann-Whitney AUC: P(score of a positive > score of a negative), ties count half."""
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # average rank of the tie group (1-based)
        rank_sum += mid_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def read_postings(jd_dir: Path, max_per_side: int | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(positives, negatives) as ``(title, text)``, de-duplicated across the CSV files."""
    seen: set[str] = set()

    def rows(files: tuple[str, ...], keep: re.Pattern[str], drop: re.Pattern[str]) -> list[tuple[str, str]]:
        out = []
        for name in files:
            with open(jd_dir / "glassdoor_juyinc" / name, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    title = (row.get("Job Title") or "").strip()
                    desc = (row.get("Job Description") or "").strip()
                    key = hashlib.sha1(f"{title}\n{row.get('Company Name', '')}\n{desc}".encode()).hexdigest()
                    if key in seen or not keep.search(title) or drop.search(title):
                        continue
                    seen.add(key)
                    out.append((title, f"{title}\n\n{desc}\n"))
        return out[:max_per_side] if max_per_side else out

    return rows(POSITIVE_FILES, POSITIVE_TITLE, NOT_POSITIVE), rows(NEGATIVE_FILES, NEGATIVE_TITLE, NOT_NEGATIVE)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("eval_dir", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--embeddings", dest="embeddings", action="store_true", default=False)
    mode.add_argument("--lexical", dest="embeddings", action="store_false")
    ap.add_argument("--max-postings", type=int, default=None,
                    help="at most N positive and N negative postings (default: all)")
    ap.add_argument("--no-jobads", action="store_true", help="skip the job-ad AUC")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per resume")
    args = ap.parse_args(argv)

    import skillgap

    eval_dir = Path(args.eval_dir)
    res_dir = eval_dir / "resumes"
    tax = skillgap.load_taxonomy()
    role_ids = {r.id for r in tax.roles}
    for entry in MAPPING:  # the table must name real roles and files
        bad = (entry.acceptable | ({entry.own} if entry.own else set())) - role_ids
        assert not bad, f"{entry.path}: unknown role ids {sorted(bad)}"
        assert (res_dir / entry.path).exists(), f"missing {entry.path}"
    mode_name = "embeddings" if args.embeddings else "lexical"
    print(f"role_fit: {len(MAPPING)} resumes, mode={mode_name}, skillgap {skillgap.__version__}")

    t0 = time.perf_counter()
    results: list[tuple[Entry, Any]] = []
    for entry in MAPPING:
        path = (res_dir / entry.path).resolve()
        analysis = skillgap.analyze(path, embeddings=args.embeddings)
        results.append((entry, analysis))
    t_resumes = time.perf_counter() - t0

    # --- top role ---------------------------------------------------------------------------
    ml = [(e, a) for e, a in results if e.group == "ml"]
    top_ok = [a.roles[0].role_id in e.acceptable for e, a in ml]
    # --- level ------------------------------------------------------------------------------
    level_supported = any(has_level_attr(a) for _, a in results)
    level_rows = [(e, level_of(a)) for e, a in results if e.group in ("ml", "software") and e.level]
    with_level = [(e, lv) for e, lv in level_rows if lv is not None]
    level_ok = [abs(LEVELS.index(lv) - LEVELS.index(e.level)) <= 1 for e, lv in with_level]  # type: ignore[arg-type]
    # --- own-role fit -----------------------------------------------------------------------
    own = [a.role(e.own).score for e, a in ml if e.own]
    controls = [(e, a.roles[0]) for e, a in results if e.group == "control"]
    software = [(e, a.roles[0]) for e, a in results if e.group == "software"]

    if args.verbose:
        print(f"\n{'resume':46s} {'group':8s} {'top role':26s} {'top':>5s} ok  {'own':>5s}  level(ref)")
        for e, a in results:
            top = a.roles[0]
            ok = "" if e.group != "ml" else ("yes" if top.role_id in e.acceptable else "NO")
            own_s = f"{a.role(e.own).score:.2f}" if e.own else ""
            lv = level_of(a) if level_supported else "n/a"
            print(f"{Path(e.path).name[:46]:46s} {e.group:8s} {top.role_id[:26]:26s} {top.score:5.2f} "
                  f"{ok:3s} {own_s:>5s}  {lv}({e.level or '-'})")

    print(f"\nresumes analysed in {t_resumes:.1f} s")
    print(f"top-role accuracy (acceptable set), ML/DS resumes: {sum(top_ok)}/{len(top_ok)} = "
          f"{sum(top_ok) / len(top_ok):.0%}")
    if not level_supported:
        print(f"level accuracy (±1 step): n/a (Analysis has no level; {len(level_rows)} technical "
              "resumes have a reference level)")
    else:
        n_ref = len(level_rows)
        acc = f"{sum(level_ok)}/{len(level_ok)} = {sum(level_ok) / len(level_ok):.0%}" if level_ok else "n/a"
        print(f"level accuracy (±1 step) on those with dates: {acc} "
              f"({n_ref - len(with_level)} of {n_ref} without a level)")
    print(f"own-role fit, ML/DS resumes (n={len(own)}): median {statistics.median(own):.2f}, "
          f"min {min(own):.2f}, max {max(own):.2f}")
    worst = max(controls, key=lambda x: x[1].score)
    print(f"largest fit of the non-ML controls (n={len(controls)}): {worst[1].score:.2f} "
          f"({Path(worst[0].path).name}: {worst[1].role_id})")
    sw = max(software, key=lambda x: x[1].score)
    print(f"  (for information) largest fit of the non-ML software engineers (n={len(software)}): "
          f"{sw[1].score:.2f} ({Path(sw[0].path).name}: {sw[1].role_id})")

    if args.no_jobads:
        return 0
    # --- job-ad AUC -------------------------------------------------------------------------
    t1 = time.perf_counter()
    pos_ads, neg_ads = read_postings(eval_dir / "job_descriptions", args.max_postings)
    roles = []
    labels = []
    skipped = 0
    for i, (_title, text) in enumerate(pos_ads + neg_ads):
        doc = skillgap.Document.from_text(text, kind="job-description", source=f"posting-{i}")
        try:
            role = skillgap.role_from_job_description(doc, taxonomy=tax, role_id=f"posting-{i}")
        except skillgap.IngestError:  # names no skill: cannot be a role
            skipped += 1
            continue
        roles.append(role)
        labels.append(i < len(pos_ads))
    t_roles = time.perf_counter() - t1
    aucs = []
    pos_med = []
    neg_med = []
    for e, _ in ml:
        analysis = skillgap.analyze((res_dir / e.path).resolve(), role=roles, embeddings=args.embeddings)
        scores = {f.role_id: f.score for f in analysis.roles}
        pos = [scores[r.id] for r, lab in zip(roles, labels, strict=True) if lab]
        neg = [scores[r.id] for r, lab in zip(roles, labels, strict=True) if not lab]
        aucs.append(auc(pos, neg))
        pos_med.append(statistics.median(pos))
        neg_med.append(statistics.median(neg))
        if args.verbose:
            print(f"  {Path(e.path).name[:46]:46s} AUC {aucs[-1]:.3f}  ML/DS median "
                  f"{pos_med[-1]:.2f}  analyst median {neg_med[-1]:.2f}")
    n_pos = sum(labels)
    print(f"job-ad AUC, ML/DS resumes (n={len(aucs)}) vs {n_pos} ML/DS postings and "
          f"{len(labels) - n_pos} analyst postings ({skipped} without skills left out): "
          f"median {statistics.median(aucs):.3f}, min {min(aucs):.3f}; posting fit medians "
          f"ML/DS {statistics.median(pos_med):.2f} vs analyst {statistics.median(neg_med):.2f} "
          f"[{t_roles:.1f} s roles, {time.perf_counter() - t1:.1f} s total]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
