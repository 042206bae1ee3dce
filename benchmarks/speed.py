"""Speed benchmark: documents per second, time per stage, cold start and peak memory (not a test).

Usage::

    python benchmarks/speed.py [DATA] [--sizes 10,100,1000] [--json] [--quick]

``DATA`` defaults to ``../shared/eval`` relative to the repository root. The corpus is made of
copies of the development resumes (``DATA/resumes``) in a temporary folder: ``pdf`` = the PDFs
only, ``mixed`` = every entry (PDF, LaTeX, Markdown, YAML, JSON Resume, a LaTeX source folder),
one candidate per file or folder, cycled until the size is reached.

Every measurement runs in a fresh ``python`` process, so import and model-loading costs are
counted and peak memory (``ru_maxrss``) belongs to that run alone:

* throughput, one process: parse → extract → link (fuzzy + embeddings, or lexical only) →
  score (every role of the built-in taxonomy) → report (JSON), the same calls as
  ``skillgap.analyze``; docs/s over the whole run (imports and model loading included), in wall
  time and per CPU second (what one idle core would do: other processes inflate wall time),
  and per-stage CPU milliseconds per document. ``fresh phrases`` runs clear the encoder's
  phrase cache before each document, i.e. the cost of a corpus where no phrase repeats (a corpus
  of copies otherwise embeds each phrase once: phrase-vector caching across a batch is
  legitimate, but it flatters copies). No document-level caching exists anywhere.
* batch engine: ``skillgap.analyze_batch(folder, workers=2)`` wall time, as a user sees it.
* cold start: ``python -m skillgap analyze FILE [--no-embeddings]``, wall time from process
  start to the report on stdout (median of three), with Python's bytecode compiled as an
  installed package has it (one untimed run fills a temporary ``PYTHONPYCACHEPREFIX``); where
  ``PYTHONDONTWRITEBYTECODE`` is set, the lexical start without a bytecode cache is printed too.

The load average (``os.getloadavg``) is printed with the figures: other processes on a small
machine change them; re-run when it is quiet. The parse floor (PDFium's own page loading, no
layout work) bounds what any one-process pipeline can reach. Nothing here needs a GPU; the
GPU target (phrases/s on CUDA) is measured by ``benchmarks/gpu_speed.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("parse", "extract", "link", "score", "report")
COLD_FILE = "r19_john_smith_python_ml.pdf"


# -- corpus -----------------------------------------------------------------------------------


def _entries(resumes: Path, kind: str) -> list[Path]:
    items = sorted(p for p in resumes.iterdir() if not p.name.startswith(".")
                   and p.name != "manifest.tsv")
    if kind == "pdf":
        items = [p for p in items if p.suffix.lower() == ".pdf"]
    return items


def build_corpus(resumes: Path, dest: Path, kind: str, size: int) -> Path:
    """``size`` candidates copied from ``resumes`` into ``dest/kind-size`` (cycled)."""
    folder = dest / f"{kind}-{size}"
    folder.mkdir(parents=True)
    items = _entries(resumes, kind)
    for i in range(size):
        src = items[i % len(items)]
        target = folder / f"c{i // len(items):04d}_{src.name}"
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copyfile(src, target)
    return folder


# -- one measured run (in a child process) ----------------------------------------------------


def _peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def run_pipeline(folder: Path, *, embeddings: bool, fresh_phrases: bool) -> dict[str, object]:
    """The chain of ``skillgap.analyze`` over every candidate of ``folder``, timed per stage."""
    t_start, cpu_start = time.perf_counter(), time.process_time()
    from skillgap._api import assemble_analysis, resolve_taxonomy, select_roles
    from skillgap.extract import find_mentions
    from skillgap.ingest import load_sources
    from skillgap.link import resolve
    from skillgap.report import render
    from skillgap.score import fit_roles

    tax = resolve_taxonomy(None)
    roles = select_roles(tax, None)
    t_ready = time.perf_counter()
    stages = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time  # CPU time: other processes on the machine inflate wall time
    n_docs = n_skills = report_bytes = 0
    for entry in sorted(folder.iterdir()):
        t0 = clock()
        documents = load_sources([entry])
        t1 = clock()
        extractions = [(d, find_mentions(d, tax)) for d in documents]
        t2 = clock()
        if embeddings:
            from skillgap.link import link_semantic

            if fresh_phrases:
                from skillgap.embed import get_encoder

                get_encoder(None)._memo.clear()
            extractions = link_semantic(extractions, tax)
        else:  # as analyze(embeddings=False): fuzzy typo repair
            from skillgap.link import link_lexical

            extractions = link_lexical(extractions, tax)
        hits = resolve(((d, ex.mentions) for d, ex in extractions), tax)
        t3 = clock()
        fits = fit_roles(hits, tax, roles, documents)
        t4 = clock()
        analysis = assemble_analysis(documents, extractions, hits, fits, tax)
        report = render(analysis, "json")
        t5 = clock()
        for name, secs in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[name] += secs
        n_docs += len(documents)
        n_skills += len(hits)
        report_bytes += len(report)
    total = time.perf_counter() - t_start
    cpu = time.process_time() - cpu_start
    return {"candidates": len(list(folder.iterdir())), "documents": n_docs,
            "seconds": round(total, 3), "cpu_seconds": round(cpu, 3),
            "setup_s": round(t_ready - t_start, 3),
            "docs_per_s": round(n_docs / total, 2), "docs_per_cpu_s": round(n_docs / cpu, 2),
            "stage_ms_per_doc": {k: round(1000 * v / max(n_docs, 1), 3) for k, v in stages.items()},
            "skills_per_doc": round(n_skills / max(n_docs, 1), 2),
            "report_bytes_per_doc": round(report_bytes / max(n_docs, 1)),
            "peak_rss_mib": round(_peak_rss_mib(), 1)}


def run_floor(folder: Path) -> dict[str, object]:
    """PDFium's own work, no layout: open each PDF, load every page, build its text page and
    read its text. CPU ms per document here bound the parse stage (and one process's docs/s)."""
    import pypdfium2

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf")
    datas = [p.read_bytes() for p in files]
    cpu0 = time.process_time()
    chars = 0
    for data in datas:
        pdf = pypdfium2.PdfDocument(data)
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
    cpu = time.process_time() - cpu0
    return {"documents": len(files), "cpu_ms_per_doc": round(1000 * cpu / max(len(files), 1), 3),
            "docs_per_cpu_s": round(len(files) / cpu, 1) if cpu else None,
            "chars_per_doc": round(chars / max(len(files), 1))}


def run_batch(folder: Path, *, embeddings: bool, workers: int) -> dict[str, object]:
    """``skillgap.analyze_batch`` over ``folder`` with ``workers`` processes, as a user runs it."""
    t0 = time.perf_counter()
    from skillgap import analyze_batch

    n = errors = 0
    for result in analyze_batch(folder, workers=workers, embeddings=embeddings):
        n += 1
        errors += len(result.errors)
    total = time.perf_counter() - t0
    return {"candidates": n, "errors": errors, "seconds": round(total, 3),
            "docs_per_s": round(n / total, 2), "workers": workers,
            "peak_rss_mib": round(_peak_rss_mib(), 1),
            "peak_rss_worker_mib": round(_peak_rss_mib(resource.RUSAGE_CHILDREN), 1)}


def _child(spec: dict[str, object]) -> dict[str, object]:
    """Run one measurement in a fresh interpreter; its JSON comes back on stdout."""
    env = dict(os.environ)
    if spec.get("backend"):
        env["SKILLGAP_PDF_BACKEND"] = str(spec["backend"])
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit status {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold_command(path: Path, *, embeddings: bool) -> list[str]:
    """``python -m skillgap analyze FILE [--no-embeddings]``."""
    cmd = [sys.executable, "-m", "skillgap", "analyze", str(path)]
    return cmd if embeddings else [*cmd, "--no-embeddings"]


def bytecode_env(bytecode: Path | None, **extra: str) -> dict[str, str]:
    """The environment of a cold start: Python's bytecode written to and read from ``bytecode``
    (``PYTHONPYCACHEPREFIX``; None: the environment as it is), plus ``extra``."""
    env = dict(os.environ, **extra)
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def timed_start(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` (a cold start); raises when it fails."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, check=False, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or not proc.stdout.lstrip().startswith("{"):
        raise RuntimeError(f"cold start failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime


def cold_start(path: Path, *, embeddings: bool, repeat: int = 3,
               bytecode: Path | None = None) -> dict[str, object]:
    """Wall seconds of ``python -m skillgap analyze FILE`` from process start to the report.

    ``bytecode``: a folder for Python's compiled bytecode (``PYTHONPYCACHEPREFIX``), filled by
    one untimed run first, so that the timed runs load compiled modules as an installed package
    does (pip compiles at install; Python caches on first import). Without it, a machine with
    ``PYTHONDONTWRITEBYTECODE=1`` (as this project's sandbox and CI) compiles skillgap's source on
    every start, about 0.15-0.25 s more.
    """
    cmd = cold_command(path, embeddings=embeddings)
    env = bytecode_env(bytecode)
    if bytecode is not None:
        subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False, env=env)
    times, cpu = [], []
    peak = 0.0
    for _ in range(repeat):
        before = _peak_rss_mib(resource.RUSAGE_CHILDREN)
        wall, used = timed_start(cmd, ROOT, env)
        times.append(wall)
        cpu.append(used)
        peak = max(peak, _peak_rss_mib(resource.RUSAGE_CHILDREN), before)
    return {"seconds_median": round(statistics.median(times), 3),
            "seconds_all": [round(t, 3) for t in times],
            "cpu_seconds_median": round(statistics.median(cpu), 3), "peak_rss_mib": round(peak, 1)}


# -- the report -------------------------------------------------------------------------------


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--sizes", default="10,100,1000", help="corpus sizes (candidates)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--quick", action="store_true",
                    help="sizes 10,100; skip the pdfminer baseline and the mixed corpus")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        spec = json.loads(args.child)
        folder = Path(spec["folder"])
        if spec["what"] == "batch":
            out = run_batch(folder, embeddings=spec["embeddings"], workers=spec["workers"])
        elif spec["what"] == "floor":
            out = run_floor(folder)
        else:
            out = run_pipeline(folder, embeddings=spec["embeddings"],
                               fresh_phrases=spec.get("fresh_phrases", False))
        print(json.dumps(out))
        return

    sizes = [10, 100] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    resumes = Path(args.data) / "resumes"
    if not resumes.is_dir():
        sys.exit(f"no resumes folder at {resumes}; pass the eval data folder as DATA")
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, flush=True))  # noqa: E731
    result: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
        "gpu": "not measured here: benchmarks/gpu_speed.py measures phrases/s on a CUDA device",
        "load_before": _load(), "runs": [], "batch": [], "cold_start": {}}
    say(f"load average: {result['load_before']}")
    # cold starts first: ru_maxrss of RUSAGE_CHILDREN is the largest child so far
    cold = resumes / COLD_FILE
    if not cold.is_file():
        cold = next(p for p in _entries(resumes, "pdf"))
    say(f"cold start: python -m skillgap analyze {cold.name} (bytecode compiled, as installed)")
    with tempfile.TemporaryDirectory(prefix="skillgap-pyc-") as pyc:
        for embeddings in (False, True):
            out = cold_start(cold, embeddings=embeddings, bytecode=Path(pyc))
            key = "embeddings" if embeddings else "lexical"
            result["cold_start"][key] = out  # type: ignore[index]
            say(f"  {key:<11}{out['seconds_median']:>7.2f} s (runs {out['seconds_all']}; CPU "
                f"{out['cpu_seconds_median']:.2f} s), peak {out['peak_rss_mib']:.0f} MiB")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        out = cold_start(cold, embeddings=False)
        result["cold_start"]["lexical_no_bytecode"] = out  # type: ignore[index]
        say(f"  {'lexical, no bytecode cache (PYTHONDONTWRITEBYTECODE)':<11} "
            f"{out['seconds_median']:.2f} s (runs {out['seconds_all']})")
    with tempfile.TemporaryDirectory(prefix="skillgap-speed-") as tmp:
        corpora: dict[tuple[str, int], Path] = {}
        for size in sizes:
            corpora[("pdf", size)] = build_corpus(resumes, Path(tmp), "pdf", size)
        if not args.quick:
            corpora[("mixed", max(sizes))] = build_corpus(resumes, Path(tmp), "mixed", max(sizes))
        plan: list[dict[str, object]] = []
        for size in sizes:
            plan.append({"corpus": "pdf", "size": size, "embeddings": False})
        for size in sizes:
            plan.append({"corpus": "pdf", "size": size, "embeddings": True})
        plan.append({"corpus": "pdf", "size": min(100, max(sizes)), "embeddings": True,
                     "fresh_phrases": True})
        if not args.quick:
            plan.append({"corpus": "pdf", "size": 100, "embeddings": False,
                         "backend": "pdfminer"})
            plan.append({"corpus": "mixed", "size": max(sizes), "embeddings": False})
            plan.append({"corpus": "mixed", "size": max(sizes), "embeddings": True})
        say(f"\n{'corpus':<7}{'size':>6} {'mode':<22}{'docs/s':>8}{'/cpu-s':>8}{'wall s':>8}"
            + "".join(f"{s:>9}" for s in STAGES) + f"{'peak MiB':>10}")
        say(" " * 59 + "(CPU ms per document)")
        for item in plan:
            size = int(item["size"])  # type: ignore[arg-type]
            folder = corpora.get((str(item["corpus"]), size))
            if folder is None:
                continue
            spec = {"what": "pipeline", "folder": str(folder), **item}
            out = _child(spec)
            row = {**item, **out}
            result["runs"].append(row)  # type: ignore[union-attr]
            if "error" in out:
                say(f"{item['corpus']:<7}{size:>6} failed: {out['error']}")
                continue
            mode = ("embeddings" if item["embeddings"] else "lexical") \
                + (" fresh-phrases" if item.get("fresh_phrases") else "") \
                + (f" {item['backend']}" if item.get("backend") else "")
            stage = out["stage_ms_per_doc"]
            say(f"{item['corpus']:<7}{size:>6} {mode:<22}{out['docs_per_s']:>8.1f}"
                f"{out['docs_per_cpu_s']:>8.1f}{out['seconds']:>8.2f}"
                + "".join(f"{stage[s]:>9.2f}" for s in STAGES) + f"{out['peak_rss_mib']:>10.0f}")
        floor_size = max((n for n in sizes if n <= 100), default=min(sizes))  # any size given works
        floor = _child({"what": "floor", "folder": str(corpora[("pdf", floor_size)])})
        result["parse_floor"] = floor
        if "error" not in floor:
            say(f"\nparse floor (PDFium alone: open, load pages, text page, text; no layout): "
                f"{floor['cpu_ms_per_doc']:.2f} CPU ms per document = {floor['docs_per_cpu_s']:.0f} "
                f"docs per CPU second at most for any one-process pipeline on this machine")
        big = corpora[("pdf", max(sizes))]
        say(f"\nbatch engine (skillgap.analyze_batch, {len(list(big.iterdir()))} PDF candidates)")
        for embeddings in (False, True):
            for workers in (1, 2):
                out = _child({"what": "batch", "folder": str(big), "embeddings": embeddings,
                              "workers": workers})
                result["batch"].append({"embeddings": embeddings, **out})  # type: ignore[union-attr]
                if "error" in out:
                    say(f"  workers={workers} failed: {out['error']}")
                    continue
                say(f"  workers={workers} {'embeddings' if embeddings else 'lexical':<11}"
                    f"{out['docs_per_s']:>8.1f} docs/s {out['seconds']:>8.2f} s  peak "
                    f"{out['peak_rss_mib']:.0f} MiB (largest worker "
                    f"{out['peak_rss_worker_mib']:.0f})  errors {out['errors']}")
    result["load_after"] = _load()
    say(f"\nload average after: {result['load_after']}")
    say(f"GPU: {result['gpu']}")
    if args.json:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
