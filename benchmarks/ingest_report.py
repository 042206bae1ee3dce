"""Ingest robustness report over the evaluation data (not a test).

Usage::

    python benchmarks/ingest_report.py [DATA_DIR]      # DATA_DIR defaults to ../shared/eval

For every resume (``resumes/``, ``resume_parser_oracles/``) and every repository
(``readmes/NN_owner__repo/files``) it prints characters, sections found, pages, the glued-words
ratio (and, for PDFs, that of pdfminer's default
``extract_text`` as a baseline: column "naive") and the time to read. Then, for the files
that come with oracle skill lists, the recall of
``skillgap.analyze(path, embeddings=False)``.

Glued-words ratio: the share of whitespace-separated tokens (of at least one letter) that look
like words run together, i.e. the letters of the token (punctuation stripped at both ends)
number more than 25, or the token has at least 12 letters, is not itself a known word, and
splits completely into two or more known words of at least two letters ("Machinelearning",
"experiencewith"). Known words = every word of at most 11 letters seen anywhere in the loaded
documents plus the words of the ESCO skill labels (``esco_skill_list_zhang``) and of the
built-in taxonomy. A clean extraction scores close to 0; a PDF whose inter-word spaces were lost
scores 0.2 and more.

Oracle recall: an oracle skill counts as found when ``Taxonomy.lookup(name)`` succeeds and that
skill id is among the analysis's skills or other skills (the broad vocabulary's, which lookup
resolves too; before 6 December 2026 only the guide's skills counted, so recall read low);
oracle skills that ``lookup`` does not know are reported separately ("not in taxonomy") and
excluded from the denominator.
"""

from __future__ import annotations

import json
import re
import sys
import time
from functools import cache
from pathlib import Path

import skillgap
from skillgap.errors import SkillgapError, UnknownSkillError
from skillgap.ingest import load_sources

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[A-Za-z]+")


def _files(data: Path) -> list[Path]:
    out = sorted(p for p in (data / "resumes").iterdir() if p.name != "manifest.tsv")
    oracles = data / "resume_parser_oracles"
    for pattern in (
        "jiejiewang123_resume-parser/sample_resumes/*",
        "solverah_v1/resumes/*",
        "hiremate_fixture/*.json",
        "jsonresume_schema/*.json",
        "jsonresume_schema/test_fixtures/*.json",
        "solverah_v1/jd_text/*",
    ):
        out.extend(sorted(oracles.glob(pattern)))
    out.extend(sorted(p / "files" for p in (data / "readmes").iterdir() if (p / "files").is_dir()))
    return out


def _vocabulary(data: Path, texts: list[str]) -> set[str]:
    vocab: set[str] = set()
    esco = data / "esco_skill_list_zhang" / "esco" / "skills.txt"
    if esco.is_file():
        vocab.update(w.lower() for w in _WORD.findall(esco.read_text(encoding="utf-8")))
    tax = skillgap.load_taxonomy()
    for skill in tax.skills:
        for name in (skill.label, *skill.aliases):
            vocab.update(w.lower() for w in _WORD.findall(name))
    seen_in: dict[str, int] = {}
    for text in texts:
        words = {w.lower() for w in _WORD.findall(text)}
        vocab.update(w for w in words if len(w) <= 11)
        for w in words:
            seen_in[w] = seen_in.get(w, 0) + 1
    vocab.update(w for w, n in seen_in.items() if n >= 2)  # long words seen in 2+ documents
    return {w for w in vocab if len(w) >= 2 or w in {"a", "i"}}


def glued_ratio(text: str, vocab: set[str]) -> tuple[float, list[str]]:
    """Share of tokens that look like words run together, and the first examples."""

    @cache
    def splits(word: str) -> int:  # most words the token splits into (0: no split)
        best = 0
        for i in range(2, len(word) - 1):
            head, tail = word[:i], word[i:]
            if head in vocab:
                if tail in vocab:
                    best = max(best, 2)
                else:
                    n = splits(tail)
                    if n:
                        best = max(best, n + 1)
        return best

    tokens = [t for t in text.split() if _WORD.search(t)]
    glued = []
    for tok in tokens:
        core = tok.strip(".,;:()[]{}\"'!?*|").replace("\u2019", "'")
        letters = "".join(_WORD.findall(core))
        if "@" in core or "/" in core or "_" in core or core.startswith("www."):
            continue
        if len(letters) > 25:
            glued.append(tok)
        elif (
            len(letters) >= 12
            and _WORD.fullmatch(core)
            and core.lower() not in vocab
            and splits(core.lower()) >= 2
        ):
            glued.append(tok)
    return (len(glued) / len(tokens) if tokens else 0.0), glued[:3]


def _oracles(data: Path) -> list[tuple[str, object, list[str]]]:
    """(label, source, oracle skills) for every oracle with a non-empty skill list."""
    out: list[tuple[str, object, list[str]]] = []
    base = data / "resume_parser_oracles"
    gt = base / "jiejiewang123_resume-parser" / "ground_truth.json"
    if gt.is_file():
        for name, entry in sorted(json.loads(gt.read_text(encoding="utf-8")).items()):
            if entry.get("skills"):
                out.append(
                    (
                        f"jiejiewang/{name}",
                        base / "jiejiewang123_resume-parser" / "sample_resumes" / name,
                        list(entry["skills"]),
                    )
                )
    exp = base / "solverah_v1" / "resume_parser_expected.jsonl"
    if exp.is_file():
        for line in exp.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            skills = list((row.get("expected") or {}).get("skills") or [])
            pdfs = list((base / "solverah_v1" / "resumes").glob(f"{row['id']}.*"))
            if skills and pdfs:
                out.append((f"solverah/{pdfs[0].name}", pdfs[0], skills))
    hm = base / "hiremate_fixture" / "resume_samples.json"
    if hm.is_file():
        for i, item in enumerate(json.loads(hm.read_text(encoding="utf-8"))):
            skills = list((item.get("expected") or {}).get("skills") or [])
            if skills:
                doc = skillgap.Document.from_text(item["text"], source=f"hiremate[{i}]")
                out.append((f"hiremate/resume_samples[{i}]", doc, skills))
    return out


def _naive(path: Path) -> str:
    """pdfminer's default ``extract_text`` of a PDF, to compare glued-words ratios with."""
    if path.is_dir() or path.read_bytes()[:5] != b"%PDF-":
        return ""
    from pdfminer.high_level import extract_text

    try:
        return extract_text(str(path))
    except Exception:  # the baseline may fail where skillgap does not
        return ""


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "eval"
    rows = []
    texts: list[str] = []
    failures = 0
    for path in _files(data):
        label = str(path.relative_to(data))
        t0 = time.perf_counter()
        try:
            docs = load_sources([path])
        except SkillgapError as exc:
            rows.append(
                (label, None, f"{type(exc).__name__}: {exc}"[:110], time.perf_counter() - t0)
            )
            continue
        except Exception as exc:  # an unhandled exception is a bug: count and show it
            failures += 1
            rows.append(
                (
                    label,
                    None,
                    f"UNHANDLED {type(exc).__name__}: {exc}"[:110],
                    time.perf_counter() - t0,
                )
            )
            continue
        rows.append((label, docs, _naive(path), time.perf_counter() - t0))
        texts.extend(d.text for d in docs)
    vocab = _vocabulary(data, texts)
    print(
        f"{'file':62} {'docs':>4} {'chars':>7} {'pages':>5} {'secs':>4} {'glued':>6} "
        f"{'naive':>6} {'time':>6}  sections / note"
    )
    for label, docs, note, secs in rows:
        if docs is None:
            print(
                f"{label[:62]:62} {'-':>4} {'-':>7} {'-':>5} {'-':>4} {'-':>6} {'-':>6} "
                f"{secs:6.2f}  {note}"
            )
            continue
        text = "\n".join(d.text for d in docs)
        ratio, examples = glued_ratio(text, vocab)
        naive = f"{glued_ratio(note, vocab)[0]:6.3f}" if note else f"{'-':>6}"
        pages = sum(d.pages or 0 for d in docs) or "-"
        names = sorted({s.name for d in docs for s in d.sections} - {"header"})
        warn = sum(len(d.warnings) for d in docs)
        extra = f" glued e.g. {examples}" if examples else ""
        extra += f" ({warn} warning{'s' if warn != 1 else ''})" if warn else ""
        print(
            f"{label[:62]:62} {len(docs):4d} {len(text):7d} {pages!s:>5} "
            f"{len(names):4d} {ratio:6.3f} {naive} {secs:6.2f}  {','.join(names)}{extra}"
        )
    print(f"\nunhandled exceptions: {failures}")

    tax = skillgap.load_taxonomy()
    print(f"\n{'oracle file':44} {'oracle':>6} {'in tax':>6} {'found':>5} {'recall':>6}  missed")
    total_known = total_found = total_unknown = 0
    for label, source, skills in _oracles(data):
        analysis = skillgap.analyze(source, embeddings=False, taxonomy=tax)
        # the guide's skills and every other skill found (the broad vocabulary's, issue 14)
        found_ids = {s.skill_id for s in [*analysis.skills, *analysis.other_skills]}
        known, found, missed, unknown = 0, 0, [], []
        for name in skills:
            try:
                sid = tax.lookup(name).id
            except UnknownSkillError:
                unknown.append(name)
                continue
            known += 1
            if sid in found_ids:
                found += 1
            else:
                missed.append(name)
        total_known += known
        total_found += found
        total_unknown += len(unknown)
        recall = f"{found / known:.2f}" if known else "-"
        print(f"{label:44} {len(skills):6d} {known:6d} {found:5d} {recall:>6}  {missed[:6]}")
        if unknown:
            print(f"{'':44} not in taxonomy ({len(unknown)}): {unknown[:8]}")
    if total_known:
        print(
            f"{'all oracles':44} {total_known + total_unknown:6d} {total_known:6d} "
            f"{total_found:5d} {total_found / total_known:6.2f}  "
            f"({total_unknown} oracle skills not in the taxonomy)"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
