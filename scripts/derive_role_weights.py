"""Derive each built-in role's skill frequencies and distinctiveness from real job postings.

Reads the Glassdoor postings of ``../shared/eval/job_descriptions/glassdoor_juyinc/*.csv``,
drops exact duplicates (the same posting appears in several search files), maps each posting's
*title* to a built-in role with ``TITLE_RULES`` (first match wins; the table was written
before any count was looked at), finds the skills each posting names with the current lexical
extractor (``skillgap.find_mentions``, the one ``role_from_job_description`` uses), and writes
``taxonomy/role_postings.yaml``:

* ``freq`` — share of the role's postings that name the skill (document frequency);
* ``log_odds`` / ``z`` — smoothed log-odds ratio of the skill's frequency in the role's postings
  against all other postings (Jeffreys prior: counts + 0.5), and its z-score (log-odds / its
  standard error); ``z ≥ 1.96`` means the role names the skill more often than the rest at 95 %;
* ``distinctiveness`` — how much the skill singles out this role among the roles that have
  postings (the built-in roles with enough postings, plus the two analyst reference groups):
  the pointwise mutual information ``ln(p(s|r) / mean_r' p(s|r'))`` with a uniform prior over
  roles, divided by its maximum ``ln R`` and clipped to [0, 1]. A skill every role names equally
  (Python, SQL) gets 0; a skill only this role names gets 1;
* ``role_idf`` — the same idea on the guide's own role definitions, for every role including
  those without postings: ``ln(R / df) / ln R`` with df = number of built-in roles listing the
  skill (required or nice to have);
* ``guide`` — ``required`` / ``nice_to_have`` / null: the guide's weight is kept for every guide
  skill, whether or not postings name it.

A role with fewer than ``MIN_POSTINGS`` postings keeps the guide's weights (``status:
fallback``) and only ``role_idf`` is given for its skills.

    python scripts/derive_role_weights.py [JD_DIR] [--out taxonomy/role_postings.yaml] [--check]

``--check`` regenerates in memory and exits 1 if the file on disk differs.

It also writes ``taxonomy/scoring.yaml``, what :mod:`skillgap.score` reads at run time:

* ``calibration`` — one logistic curve σ(a·coverage + b) fitted (maximum likelihood, Newton's
  method) on every (posting, derived role) pair: each mapped posting is read as a candidate
  (``skillgap.analyze``, lexical) and its raw coverage of each derived role is labelled 1 when
  the posting's title maps to that role, else 0. Fitted on postings, never on the development
  resumes;
* ``level.ladder`` — the roles of the guide's ladder (levels from ``taxonomy/roles/*.yaml``);
* ``ml_gate`` — the ML roles and which skills count as ML-specific (policy, written here);
* ``distinctive`` — per role, each skill's distinctiveness (postings, for the derived roles) or
  ``role_idf`` (the others): used to name the distinctive skills and to break ties, not to score.

``taxonomy/scoring.yaml`` and ``taxonomy/role_postings.yaml`` are not read by the taxonomy
loader (it reads ``taxonomy.yaml``, ``categories``, ``kpis``, ``skills/`` and ``roles/``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIN_POSTINGS = 15  # below this a frequency's standard error exceeds ~0.13: keep the guide's weights
MIN_COUNT = 2  # a posting skill named by fewer of the role's postings is not listed (noise)
REFERENCE_GROUPS = ("business-analyst", "data-analyst")  # not built-in roles: background only

# Title -> role. First match wins; None drops the posting (not an ML/data role of the guide,
# nor an analyst reference). Written from the titles alone, before counting any skill.
TITLE_RULES: tuple[tuple[str, str | None], ...] = (
    # not roles of the guide: hardware, annotation, generic software, DevOps, robotics, mentors
    (r"\basic\b|\bsoc\b|design\s+verification|annotation|mentors?\b|mobile\s+automation|devops"
     r"|full\s+stack|robotics|product\s+development\s+engineer|software\s+engineer(?:ing)?\s+(?:program"
     r"|co-?op|–|-\s*full)|associate\s+software\s+engineer|software\s+engineer,\s+search"
     r"|data\s+center|data\s+entry|financial\s+analyst|program\s+analyst|management\s+analyst"
     r"|project\s+analyst|cloud\s+data\s+protection", None),
    (r"governance\s+(?:of\s+)?(?:ai|model)|responsible\s+ai|ai\s+ethic|ai\s+(?:policy|risk)",
     "ai-governance-specialist"),
    (r"computer\s+vision|\bcv\b\)?\s+engineer|computational\s+photography|vision\s+pro|\bimage",
     "computer-vision-engineer"),
    (r"\bnlp\b|natural\s+language|\bsiri\b|language\s+model|prompt\s+engineer|conversational",
     "nlp-engineer"),
    (r"ml\s*ops|machine\s+learning\s+ops|machine\s+learning\s+operations|(?:ml|machine\s+learning)\s+platform"
     r"|ml\s+infrastructure", "mlops-engineer"),
    (r"research\s+(?:scientist|engineer)|(?:machine\s+learning|ml|ai)\s+(?:research\s+)?scientist"
     r"|ai\s+research|applied\s+scientist", "research-scientist"),
    (r"data\s+engineer|data\s+platform|data\s+lakehouse|analytics\s+engineer|data\s+products"
     r"|engineer\s+i?,?\s*data\b|data\s+science\s+platform|data\s+visuali[sz]ation\s+engineer",
     "data-engineer"),
    (r"data\s+scien|statistician|data\s+modeler|scientific\s+programmer", "data-scientist"),
    # the ML-engineer ladder, by the title's seniority words
    (r"(?=.*(?:machine\s+learning|\bml\b|\bai\b|aiml|deep\s+learning))"
     r".*(?:\bintern\b|internship|co-?op|student|trainee|apprentice)", "ml-intern"),
    (r"(?=.*(?:machine\s+learning|\bml\b|\bai\b|aiml|deep\s+learning))"
     r".*(?:\bstaff\b|principal|distinguished|\blead\b|\bhead\b|director|manager|\bcto\b)",
     "staff-ml-engineer"),
    (r"(?=.*(?:machine\s+learning|\bml\b|\bai\b|aiml|deep\s+learning))"
     r".*(?:senior|\bsr\b)", "senior-ml-engineer"),
    (r"(?=.*(?:machine\s+learning|\bml\b|\bai\b|aiml|deep\s+learning))"
     r".*(?:junior|\bjr\b|entry|new\s+college\s+grad|university\s+grad|associate|\bengineer\s+i\b"
     r"|scientist\s+i\b|\bi,|\s1\b)", "junior-ml-engineer"),
    (r"machine\s+learning|\bml\b|\bai\b|aiml|deep\s+learning", "ml-engineer"),
    # analyst reference groups (background for distinctiveness; no built-in role)
    (r"business|\bbi\b|intelligence|systems?\s+analyst|platform\s+analyst", "business-analyst"),
    (r"analyst|data\s+associate|data\s+visuali[sz]ation|reporting", "data-analyst"),
)
_RULES = [(re.compile(p, re.IGNORECASE), role) for p, role in TITLE_RULES]


def role_of_title(title: str) -> str | None:
    for pattern, role in _RULES:
        if pattern.search(title):
            return role
    return None


def read_postings(jd_dir: Path) -> list[tuple[str, str]]:
    """``(title, text)`` of every posting, exact duplicates dropped, in file then row order."""
    seen: set[str] = set()
    out = []
    for path in sorted((jd_dir / "glassdoor_juyinc").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                title = (row.get("Job Title") or "").strip()
                desc = (row.get("Job Description") or "").strip()
                key = hashlib.sha1(f"{title}\n{row.get('Company Name', '')}\n{desc}".encode()).hexdigest()
                if key not in seen:
                    seen.add(key)
                    out.append((title, f"{title}\n\n{desc}\n"))
    return out


def _log_odds(k: int, n: int, k_rest: int, n_rest: int) -> tuple[float, float]:
    """Jeffreys-smoothed log-odds ratio of k/n against k_rest/n_rest, and its z-score."""
    a, b = k + 0.5, n - k + 0.5
    c, d = k_rest + 0.5, n_rest - k_rest + 0.5
    delta = math.log(a / b) - math.log(c / d)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return delta, delta / se


def derive(jd_dir: Path) -> dict:
    import skillgap

    tax = skillgap.load_taxonomy()
    builtin = {r.id: r for r in tax.roles}
    postings = read_postings(jd_dir)
    groups: dict[str, list[set[str]]] = {}
    titles: dict[str, Counter[str]] = {}
    unmapped: Counter[str] = Counter()
    for title, text in postings:
        role = role_of_title(title)
        if role is None:
            unmapped[title] += 1
            continue
        doc = skillgap.Document.from_text(text, kind="job-description")
        skills = {m.skill_id for m in skillgap.find_mentions(doc, tax).mentions}
        groups.setdefault(role, []).append(skills)
        titles.setdefault(role, Counter())[title] += 1

    n_all = sum(len(v) for v in groups.values())
    count_all: Counter[str] = Counter(s for v in groups.values() for skills in v for s in skills)
    derived = sorted(r for r in builtin if len(groups.get(r, [])) >= MIN_POSTINGS)
    profile_groups = derived + [g for g in REFERENCE_GROUPS if len(groups.get(g, [])) >= MIN_POSTINGS]
    # Jeffreys-smoothed frequency of each skill in each profile group
    def freq(group: str, skill: str) -> float:
        v = groups.get(group, [])
        return (sum(skill in s for s in v) + 0.5) / (len(v) + 1)

    n_groups = len(profile_groups)
    # role_idf on the guide's role definitions
    df_roles: Counter[str] = Counter(s for r in builtin.values() for s in r.weights())
    n_roles = len(builtin)

    def role_idf(skill: str) -> float:
        return round(math.log(n_roles / df_roles[skill]) / math.log(n_roles), 3) if df_roles[skill] else 1.0

    roles_out: dict[str, dict] = {}
    for rid in sorted(builtin):
        role = builtin[rid]
        guide = {s: ("required" if req else "nice_to_have") for s, (_, req) in role.weights().items()}
        guide_w = {**role.skills.required, **role.skills.nice_to_have}
        v = groups.get(rid, [])
        entry: dict = {
            "label": role.label,
            "level": role.level,
            "postings": len(v),
            "status": "derived" if rid in derived else "fallback",
            "titles": dict(sorted(titles.get(rid, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        skills_out: dict[str, dict] = {}
        if rid in derived:
            counts = Counter(s for skills in v for s in skills)
            keep = {s for s, c in counts.items() if c >= MIN_COUNT} | set(guide)
            for sid in sorted(keep):
                k = counts.get(sid, 0)
                delta, z = _log_odds(k, len(v), count_all[sid] - k, n_all - len(v))
                mean_other = sum(freq(g, sid) for g in profile_groups) / n_groups
                pmi = math.log(freq(rid, sid) / mean_other)
                skills_out[sid] = {
                    "count": k,
                    "freq": round(k / len(v), 3),
                    "log_odds": round(delta, 3),
                    "z": round(z, 2),
                    "distinctiveness": round(min(1.0, max(0.0, pmi / math.log(n_groups))), 3),
                    "role_idf": role_idf(sid),
                    "guide": guide.get(sid),
                    "guide_weight": guide_w.get(sid),
                }
            entry["note"] = (f"derived from {len(v)} postings; skills named by >= {MIN_COUNT} of them "
                             "plus every guide skill")
        else:
            for sid in sorted(guide):
                skills_out[sid] = {"role_idf": role_idf(sid), "guide": guide[sid],
                                   "guide_weight": guide_w[sid]}
            entry["note"] = (f"only {len(v)} postings (< {MIN_POSTINGS}): the guide's weights are kept; "
                             "role_idf gives distinctiveness among the built-in roles")
        entry["skills"] = dict(sorted(skills_out.items(),
                                      key=lambda kv: (-(kv[1].get("freq") or 0), kv[0])))
        roles_out[rid] = entry

    reference = {g: {"postings": len(groups.get(g, [])),
                     "titles": dict(sorted(titles.get(g, Counter()).items(),
                                           key=lambda kv: (-kv[1], kv[0])))} for g in REFERENCE_GROUPS}
    return {
        "generated_by": "scripts/derive_role_weights.py (do not edit by hand; rerun the script)",
        "source": "shared/eval/job_descriptions/glassdoor_juyinc/*.csv (JuYinC/DataScience_Job @ f16626a)",
        "extractor": "skillgap.find_mentions, lexical, taxonomy " + f"{tax.name}@{tax.version}",
        "min_postings": MIN_POSTINGS,
        "min_count": MIN_COUNT,
        "postings": {"distinct": len(postings), "mapped": n_all,
                     "unmapped": sum(unmapped.values())},
        "distinctiveness_groups": profile_groups,
        "reference_groups": reference,
        "roles": roles_out,
    }


# Policy (not fitted): the ladder, the ML roles and what counts as ML-specific evidence.
LADDER = ("ml-intern", "junior-ml-engineer", "ml-engineer", "senior-ml-engineer", "staff-ml-engineer")
ML_ROLES = ("ml-intern", "junior-ml-engineer", "ml-engineer", "senior-ml-engineer", "staff-ml-engineer",
            "mlops-engineer", "data-scientist", "research-scientist", "nlp-engineer",
            "computer-vision-engineer")
ML_CATEGORIES = ("mathematics-statistics", "ml-algorithms", "deep-learning", "mlops-productionisation",
                 "responsible-ai")
# generic software / infrastructure skills filed under an ML category: no evidence of ML alone
ML_EXCLUDE = ("docker", "kubernetes", "fastapi", "flask", "grafana", "prometheus", "delta-lake",
              "deployment-strategies", "descriptive-statistics", "calculus", "vectors-matrices",
              "linear-algebra", "probability", "statistics", "optimisation", "data-privacy",
              "ai-regulation")
# ML tools filed under a generic category
ML_INCLUDE = ("mlflow", "sagemaker", "vertex-ai", "azure-ml", "experiment-tracking",
              "weights-and-biases", "distributed-training", "horovod", "scikit-learn", "feature-engineering",
              "embeddings", "onnx", "model-serialisation", "text-preprocessing", "tf-idf",
              "data-labelling", "vector-databases", "gpus", "cuda", "statsmodels")
# The ML-specific skills must supply at least this share of a role's coverage for the coverage
# to count in full: an ML role's score is at most calibrate(ML-specific coverage / ML_MIN_SHARE).
ML_MIN_SHARE = 0.5
DISTINCTIVE_MIN_LISTED = 0.2  # skills less distinctive than this are not listed in scoring.yaml


def _fit_logistic(xs: list[float], ys: list[int]) -> tuple[float, float]:
    """Maximum-likelihood (a, b) of P(y=1) = σ(a·x + b), by Newton's method."""
    a = b = 0.0
    for _ in range(100):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in zip(xs, ys, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            ga += (y - p) * x
            gb += y - p
            w = p * (1 - p)
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) < 1e-10 and abs(db) < 1e-10:
            break
    return a, b


def derive_scoring(jd_dir: Path, postings_data: dict) -> dict:
    import skillgap

    tax = skillgap.load_taxonomy()
    derived = [rid for rid, r in postings_data["roles"].items() if r["status"] == "derived"]
    roles = [tax.role(rid) for rid in derived]
    xs: list[float] = []
    ys: list[int] = []
    for title, text in read_postings(jd_dir):
        mapped = role_of_title(title)
        if mapped is None:
            continue
        doc = skillgap.Document.from_text(text, kind="resume", source="posting")
        analysis = skillgap.analyze(doc, role=roles, taxonomy=tax, embeddings=False)
        for fit in analysis.roles:
            xs.append(fit.coverage or 0.0)
            ys.append(int(fit.role_id == mapped))
    a, b = _fit_logistic(xs, ys)
    distinctive: dict[str, dict[str, float]] = {}
    for rid, r in postings_data["roles"].items():
        key = "distinctiveness" if r["status"] == "derived" else "role_idf"
        table = {sid: v[key] for sid, v in r["skills"].items()
                 if v.get(key) is not None and v[key] >= DISTINCTIVE_MIN_LISTED}
        distinctive[rid] = dict(sorted(table.items(), key=lambda kv: (-kv[1], kv[0])))
    return {
        "generated_by": "scripts/derive_role_weights.py (do not edit by hand; rerun the script)",
        "calibration": {
            "model": "score = (s(a*coverage + b) - s(b)) / (s(a + b) - s(b)), s = logistic",
            "a": round(a, 4), "b": round(b, 4),
            "fitted_on": (f"{len(xs)} (posting, role) pairs: {len(xs) // max(1, len(derived))} mapped "
                          f"postings x {len(derived)} derived roles ({', '.join(derived)}); "
                          f"{sum(ys)} positives (title maps to the role)"),
            "score_at": {f"{c:.2f}": round(1 / (1 + math.exp(-(a * c + b))), 3)
                         for c in (0.1, 0.19, 0.25, 0.33, 0.5)},
        },
        "bands": {"strong": 0.70, "partial": 0.45},
        "level": {"ladder": list(LADDER), "step_penalty": 0.25},
        "ml_gate": {"min_ml_share": ML_MIN_SHARE, "roles": list(ML_ROLES), "categories": list(ML_CATEGORIES),
                    "exclude": sorted(ML_EXCLUDE), "include": sorted(ML_INCLUDE)},
        "distinctive": distinctive,
    }


def dump_scoring(data: dict) -> str:
    import yaml

    head = ("# Score calibration, level ladder, ML gate and role distinctiveness for skillgap.score.\n"
            "# Generated by scripts/derive_role_weights.py; see taxonomy/SOURCES.md, section\n"
            "# \"Role weights from real postings\".\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def dump(data: dict) -> str:
    import yaml

    head = ("# Skill frequencies and distinctiveness of the built-in roles in real job postings.\n"
            "# Generated by scripts/derive_role_weights.py; see taxonomy/SOURCES.md, section\n"
            "# \"Role weights from real postings\".\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("jd_dir", nargs="?", default=str(REPO.parent / "shared" / "eval" / "job_descriptions"))
    ap.add_argument("--out", default=str(REPO / "taxonomy" / "role_postings.yaml"))
    ap.add_argument("--scoring-out", default=str(REPO / "taxonomy" / "scoring.yaml"))
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file is stale")
    args = ap.parse_args(argv)
    postings_data = derive(Path(args.jd_dir))
    text = dump(postings_data)
    scoring_text = dump_scoring(derive_scoring(Path(args.jd_dir), postings_data))
    out = Path(args.out)
    scoring_out = Path(args.scoring_out)
    if args.check:
        stale = 0
        for path, content in ((out, text), (scoring_out, scoring_text)):
            same = path.exists() and path.read_text(encoding="utf-8") == content
            print(f"{path}: {'up to date' if same else 'STALE'}")
            stale += not same
        return 1 if stale else 0
    out.write_text(text, encoding="utf-8")
    scoring_out.write_text(scoring_text, encoding="utf-8")
    print(f"wrote {scoring_out}")
    if scoring_out.parent == REPO / "taxonomy":  # scoring.yaml is in the taxonomy's snapshot
        from skillgap.taxonomy._snapshot import write_snapshot

        print(f"wrote {write_snapshot(scoring_out.parent)}")
    data = __import__("yaml").safe_load(text)
    for rid, r in data["roles"].items():
        print(f"{rid:26s} {r['postings']:4d} postings  {r['status']}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
