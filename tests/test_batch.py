"""Batch analysis: candidates of a folder, error accounting, outputs, resume after SIGKILL,
the process pool (timeouts, dead workers), progress, and the Ray engine."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillgap import BatchError, Limits
from skillgap.batch import BatchResult, analyze_batch, count_sources, iter_candidates
from skillgap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ROLE = "ml-engineer"

SKILLS = ["Python", "PyTorch", "Docker", "Kubernetes", "SQL", "FastAPI", "MLflow", "Airflow",
          "TensorFlow", "scikit-learn", "Prometheus", "ONNX", "pandas", "Spark", "AWS"]
KPI_LINES = ["Cut p99 latency from 300 ms to 80 ms.", "Kept 99.95 % uptime for the scoring API.",
             "Reduced training time 3x with mixed precision.", "Improved F1 by +4.2 pts."]


def _resume(rng: random.Random, name: str) -> str:
    used = rng.sample(SKILLS, rng.randint(2, 7))
    lines = [name, "", "Experience", f"- Built services with {', '.join(used[:3])}."]
    if rng.random() < 0.5:
        lines.append(f"- {rng.choice(KPI_LINES)}")
    lines += ["", "Skills", ", ".join(used)]
    return "\n".join(lines) + "\n"


def make_folder(root: Path, n_single: int = 26, seed: int = 7) -> dict[str, object]:
    """A folder of generated candidates; returns what the batch must report."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_single):
        ext = ".md" if i % 3 == 0 else ".txt"
        (root / f"cand{i:02d}{ext}").write_text(_resume(rng, f"Candidate {i}"), encoding="utf-8")
    # subfolders with several sources: resume + README + a repository folder
    for j in range(4):
        sub = root / f"folder{j}"
        (sub / "repo").mkdir(parents=True)
        (sub / "resume.md").write_text(_resume(rng, f"Folder {j}"), encoding="utf-8")
        (sub / "README.md").write_text("# Project\nServing models with FastAPI and Docker.\n",
                                       encoding="utf-8")
        (sub / "repo" / "README.md").write_text("# Repo\nTraining with PyTorch.\n",
                                                encoding="utf-8")
    bad = {
        "broken.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
        "broken.docx": b"PK\x03\x04" + bytes(rng.getrandbits(8) for _ in range(300)),
        "folder0/profile.json": b'{"basics": {"name": "Truncated',
        "empty.txt": b"",
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    }
    for name, data in bad.items():
        (root / name).write_bytes(data)
    (root / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: skipped
    files = sorted(str(p) for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    return {"n_candidates": n_single + 4 + 4, "bad": sorted(str(root / n) for n in bad),
            "files": files}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("batch") / "candidates"
    return root, make_folder(root)


@pytest.fixture(scope="module")
def results(folder: tuple[Path, dict[str, object]]) -> list[BatchResult]:
    root, _ = folder
    return list(analyze_batch(root, role=ROLE, workers=1, embeddings=False))


def test_one_result_per_candidate_and_one_error_per_bad_file(folder, results) -> None:
    root, expect = folder
    assert len(results) == expect["n_candidates"] >= 30
    assert len({r.candidate_id for r in results}) == len(results)
    errors = sorted(e.source for r in results for e in r.errors)
    assert errors == expect["bad"]
    # every visible input accounted for exactly once (a repo folder is one source)
    sources = sorted(s for r in results for s in r.sources)
    assert len(sources) == len(set(sources))
    expected = {str(p) for p in root.iterdir() if not p.name.startswith(".") and p.is_file()}
    expected |= {str(p) for d in root.iterdir() if d.is_dir() for p in d.iterdir()}
    assert set(sources) == expected
    by_id = {r.candidate_id: r for r in results}
    assert by_id["folder0"].ok
    assert [e.type for e in by_id["folder0"].errors] == ["DocumentReadError"]
    assert len(by_id["folder0"].analysis.documents) == 3  # resume, README, repo/README
    for name in ("broken.pdf", "broken.docx", "empty.txt", "old.doc"):
        assert not by_id[name].ok and len(by_id[name].errors) == 1
    assert by_id["old.doc"].errors[0].type == "UnsupportedFormatError"
    assert all(r.ok for cid, r in by_id.items() if cid.startswith(("cand", "folder")))


def test_worker_pool_gives_the_in_process_analyses(folder, results) -> None:
    # workers send each Analysis back as JSON: it must arrive equal, down to the report bytes
    root, _ = folder
    pooled = {r.candidate_id: r for r in analyze_batch(root, role=ROLE, workers=2, embeddings=False)}
    assert sorted(pooled) == sorted(r.candidate_id for r in results)
    for mine in results:
        theirs = pooled[mine.candidate_id]
        assert theirs.errors == mine.errors
        assert theirs.analysis == mine.analysis
        if mine.analysis is not None:
            assert theirs.analysis.model_dump_json() == mine.analysis.model_dump_json()
            assert theirs.analysis.to_markdown() == mine.analysis.to_markdown()


def test_count_sources_matches_results(folder, results) -> None:
    root, _ = folder
    assert count_sources(root) == sum(len(r.sources) for r in results)


def _cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


def test_outputs_agree_and_are_deterministic(folder, tmp_path) -> None:
    import pyarrow.parquet as pq

    root, expect = folder
    common = [str(root), "--role", ROLE, "--workers", "1", "--no-embeddings", "--quiet"]
    for fmt in ("csv", "jsonl", "parquet"):
        code, out = _cli("batch", *common, "--out", str(tmp_path / f"out.{fmt}"))
        assert code == 0, out
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as fh:
        csv_rows = list(csv.DictReader(fh))
    json_rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    pq_rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert len(csv_rows) == len(json_rows) == len(pq_rows) == expect["n_candidates"]
    for c, j, p in zip(csv_rows, json_rows, pq_rows, strict=True):
        assert j == p
        assert c == {k: "" if v is None else str(v) for k, v in j.items()}
    ranked = [r for r in json_rows if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert ranked == sorted(ranked, key=lambda r: (-r["score"], r["candidate_id"]))
    assert sum(1 for r in json_rows if r["rank"] is None) == 4  # all-bad candidates, last
    assert not (tmp_path / "out.csv.journal.jsonl").exists()
    first = (tmp_path / "out.csv").read_bytes()
    code, _ = _cli("batch", *common, "--out", str(tmp_path / "again.csv"))
    assert code == 0 and (tmp_path / "again.csv").read_bytes() == first
    code, stdout = _cli("batch", *common)  # no --out: CSV on stdout
    assert code == 0 and stdout.encode() == first


def test_html_leaderboard_links_each_candidate_report(folder, tmp_path) -> None:
    import re

    root, expect = folder
    out = tmp_path / "board.html"
    code, log = _cli("batch", str(root), "--role", ROLE, "--workers", "1", "--no-embeddings",
                     "--quiet", "--format", "html", "--out", str(out))
    assert code == 0, log
    page = out.read_text(encoding="utf-8")
    hrefs = sorted(set(re.findall(r'href="(board_reports/[^"]+\.html)"', page)))
    assert page.count('data-label="Other skills"') == expect["n_candidates"]
    assert len(hrefs) == expect["n_candidates"] - 4  # every analysed candidate, not the failed
    for href in hrefs:
        report = (tmp_path / href).read_text(encoding="utf-8")
        assert report.startswith("<!DOCTYPE html>") and "Learning plan" in report
    first = out.read_bytes()
    code, _ = _cli("batch", str(root), "--role", ROLE, "--workers", "1", "--no-embeddings",
                   "--quiet", "--format", "html", "--out", str(out))
    assert code == 0 and out.read_bytes() == first


def test_candidates_csv_groups_files(tmp_path) -> None:
    (tmp_path / "a1.txt").write_text("Experience\n- Python and SQL\n")
    (tmp_path / "a2.md").write_text("# Project\nDocker deployment\n")
    (tmp_path / "b.txt").write_text("Experience\n- PyTorch\n")
    (tmp_path / "candidates.csv").write_text("file,candidate_id\na1.txt,alice\na2.md,alice\n"
                                             "gone.pdf,alice\n")
    got = {r.candidate_id: r for r in analyze_batch(tmp_path, role=ROLE, workers=1,
                                                     embeddings=False)}
    assert sorted(got) == ["alice", "b.txt"]
    alice = got["alice"]
    assert {s.rsplit("/", 1)[-1] for s in alice.sources} == {"a1.txt", "a2.md", "gone.pdf"}
    assert [e.source.rsplit("/", 1)[-1] for e in alice.errors] == ["gone.pdf"]
    assert {s.skill_id for s in alice.analysis.skills} >= {"python", "sql", "docker"}
    (tmp_path / "candidates.csv").write_text("name,who\nx,y\n")
    with pytest.raises(BatchError, match="candidate_id"):
        list(iter_candidates(tmp_path))


def test_fail_fast_and_missing_folder(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("")
    with pytest.raises(BatchError, match="fail_fast"):
        list(analyze_batch(tmp_path, role=ROLE, workers=1, embeddings=False, fail_fast=True))
    with pytest.raises(BatchError, match="no such file"):
        list(analyze_batch(tmp_path / "nope", role=ROLE, workers=1, embeddings=False))


# -- resume after SIGKILL -----------------------------------------------------------------------

_SLOW_RUN = """
import sys, time
import skillgap.batch._work as b
original = b.analyze_candidate
def slow(*args, **kwargs):
    time.sleep(0.15)
    return original(*args, **kwargs)
b.analyze_candidate = slow
from skillgap.cli import main
main(sys.argv[1:])
"""


def _journal_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("kill_after", [1, 9])
def test_resume_after_sigkill_gives_the_same_bytes(folder, tmp_path, kill_after: int) -> None:
    root, _ = folder
    args = ["batch", str(root), "--role", ROLE, "--workers", "1", "--no-embeddings", "--quiet"]
    code, out = _cli(*args, "--out", str(tmp_path / "ref.csv"))
    assert code == 0, out
    target = tmp_path / "out.csv"
    journal = tmp_path / "out.csv.journal.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, *args, "--out", str(target)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _journal_lines(journal) < kill_after and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()  # type: ignore[union-attr]
    assert not target.exists()
    done = _journal_lines(journal) - 1
    assert 0 <= done < 34
    with open(journal, "ab") as fh:  # a kill in mid-write leaves a torn line
        fh.write(b'{"row": {"candidate_id": "cand9')
    res = CliRunner().invoke(cli, [*args[:-1], "--out", str(target), "--resume"])
    assert res.exit_code == 0, res.output
    if done:
        assert f"{done} from the journal" in res.output
    assert target.read_bytes() == (tmp_path / "ref.csv").read_bytes()
    assert not journal.exists()


def test_resume_refuses_a_journal_of_another_run(folder, tmp_path) -> None:
    root, _ = folder
    journal = tmp_path / "out.csv.journal.jsonl"
    journal.write_text('{"journal": 1, "run": "someone-else"}\n')
    code, out = _cli("batch", str(root), "--role", "data-scientist", "--workers", "1",
                     "--no-embeddings", "-q", "--out", str(tmp_path / "out.csv"), "--resume")
    assert code == 1 and "another run" in out.replace("other inputs", "another run") and \
        "Traceback" not in out


# -- process pool --------------------------------------------------------------------------------

def _install_faults() -> None:
    """Runs in each pool worker (test only): CRASH files kill the worker, SLOW files hang."""
    import skillgap.ingest as ingest

    original = ingest.load_sources

    def faulty(sources, **kwargs):  # type: ignore[no-untyped-def]
        for s in sources:
            name = os.path.basename(str(s))
            if "CRASH" in name:
                os._exit(3)
            if "SLOW" in name:
                time.sleep(60)
        return original(sources, **kwargs)

    ingest.load_sources = faulty


def test_pool_survives_dead_and_stuck_workers(tmp_path) -> None:
    rng = random.Random(3)
    for i in range(5):
        (tmp_path / f"c{i}.txt").write_text(_resume(rng, f"C {i}"))
    (tmp_path / "CRASH.txt").write_text("Python")
    (tmp_path / "SLOW.txt").write_text("Python")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a_resume.txt").write_text("Experience\n- Docker and Python\n")
    (mixed / "b_CRASH.txt").write_text("Python")
    limits = Limits(timeout_s=3.0)
    pooled = {r.candidate_id: r for r in analyze_batch(
        tmp_path, role=ROLE, workers=2, embeddings=False, limits=limits,
        initializer=_install_faults)}
    assert sorted(pooled) == ["CRASH.txt", "SLOW.txt", "c0.txt", "c1.txt", "c2.txt", "c3.txt",
                              "c4.txt", "mixed"]
    crash = pooled["CRASH.txt"]
    assert not crash.ok and "died" in crash.errors[0].message and "exit code 3" in \
        crash.errors[0].message
    slow = pooled["SLOW.txt"]
    assert not slow.ok and slow.errors[0].type == "DocumentTimeoutError"
    mix = pooled["mixed"]  # the good file is still analysed after the worker died on the bad one
    assert mix.ok and [e.source.rsplit("/", 1)[-1] for e in mix.errors] == ["b_CRASH.txt"]
    assert {s.skill_id for s in mix.analysis.skills} == {"docker", "python"}
    # the pool gives the same analyses as the in-process engine
    for name in ("CRASH.txt", "SLOW.txt", "mixed"):
        os.remove(tmp_path / name) if name != "mixed" else None
    inproc = {r.candidate_id: r for r in analyze_batch(
        tmp_path, role=ROLE, workers=1, embeddings=False)}
    for cid in (f"c{i}.txt" for i in range(5)):
        assert pooled[cid].analysis == inproc[cid].analysis


# -- progress ------------------------------------------------------------------------------------

def test_progress_reports_rate_eta_and_errors() -> None:
    from rich.console import Console

    from skillgap.batch import FileError
    from skillgap.cli._batch import BatchProgress

    now = [100.0]
    console = Console(file=io.StringIO(), force_terminal=True, width=120, color_system=None)
    bar = BatchProgress(console, get_time=lambda: now[0], auto_refresh=False)
    bar.start(20, 4, 1)  # 4 files (1 error) already in the journal
    ok = BatchResult(candidate_id="a", sources=["a", "b"], analysis=None, errors=[], seconds=1)
    bad = BatchResult(candidate_id="b", sources=["c"], analysis=None, seconds=1,
                      errors=[FileError(source="c", type="DocumentReadError", message="x")])
    for result in (ok, ok, ok, bad):
        now[0] += 1.0
        bar.advance(result)
    bar.refresh()
    bar.stop()
    text = console.file.getvalue()  # type: ignore[attr-defined]
    first, last = text.split("\r")[1], text.split("\r")[-1]
    assert "4/20" in first and "-- files/s" in first and "errors: 1" in first
    assert "11/20" in last and "errors: 2" in last
    assert "1.7 files/s" in last  # rich's estimate from the fake clock: 7 files over 3-4 s
    assert "ETA 0:00:06" in last  # 9 files left at 1.7 files/s
    quiet = Console(file=io.StringIO(), force_terminal=True)
    off = BatchProgress(quiet, disable=True, get_time=lambda: now[0])
    off.start(5, 0, 0)
    off.advance(ok)
    off.stop()
    assert quiet.file.getvalue() == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["batch", "screen"])
def test_commands_have_help(command: str) -> None:
    code, out = _cli(command, "--help")
    assert code == 0 and "--role" in out and "--workers" in out


# -- Ray ------------------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_ray_engine_gives_the_same_rows(folder, results) -> None:
    ray = pytest.importorskip("ray")
    root, _ = folder
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        got = list(analyze_batch(root, role=ROLE, workers=2, embeddings=False, engine="ray"))
    finally:
        ray.shutdown()
    assert sorted(got, key=lambda r: r.candidate_id) == sorted(
        (r.model_copy(update={"seconds": g.seconds}) for r in results
         for g in got if g.candidate_id == r.candidate_id), key=lambda r: r.candidate_id)
