"""Hostile and broken input: every bad file is a SkillgapError naming the file and the fix.

The corpus is generated in a temporary folder by ``tests/_bad_corpus.py`` (nothing binary is
committed); a fixed-seed slice of ``benchmarks/fuzz.py`` runs on documents generated from the
project's examples.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

import skillgap
from skillgap import Limits, SkillgapError, load_document
from skillgap.errors import DocumentReadError, DocumentTimeoutError, DocumentTooLargeError
from tests._bad_corpus import Case, add_links, build_bad_corpus, text_pdf

ROOT = Path(__file__).resolve().parents[1]

# words that say what to do: every error message must contain one of them
FIX_WORDS = ("save", "re-export", "raise", "check", "open", "fix", "pass", "install", "convert",
             "unpack", "export", "add", "use ")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    root = tmp_path_factory.mktemp("bad")
    cases = build_bad_corpus(root / "batch") + add_links(root / "batch", root)
    return {c.name: c for c in cases}


def _case_names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return [c.name for c in build_bad_corpus(Path(tmp), big=False)] + [
            "thousands-of-pages.pdf", "huge-object-stream.pdf", "zip-bomb.docx",
            "loop.txt", "dangling.pdf", "outside-link.txt"]


@pytest.mark.parametrize("name", _case_names())
def test_bad_input_is_an_error_naming_the_file_and_the_fix(corpus: dict[str, Case],
                                                           name: str) -> None:
    case = corpus[name]
    if case.readable:
        doc = load_document(case.path)
        assert case.contains in doc.text
        analysis = skillgap.analyze(doc, embeddings=False)
        for hit in analysis.skills:
            for ev in hit.evidence:
                assert doc.text[ev.start : ev.end] == ev.text
        return
    with pytest.raises(SkillgapError) as info:
        load_document(case.path)
    assert isinstance(info.value, case.error), f"{name}: {info.type.__name__}: {info.value}"
    message = str(info.value)
    assert str(case.path) in message
    assert any(word in message for word in FIX_WORDS), message
    assert "Traceback" not in message and len(message) < 600


def test_analyze_of_a_bad_file_raises_the_same_error(corpus: dict[str, Case]) -> None:
    case = corpus["encrypted-needs-password.pdf"]
    with pytest.raises(DocumentReadError, match="password"):
        skillgap.analyze(case.path, embeddings=False)


def test_flipped_bits_of_a_docx_never_escape_as_third_party_errors(tmp_path: Path) -> None:
    from tests._bad_corpus import bit_flips, docx_bytes

    good = docx_bytes()
    outcomes = set()
    for seed in range(40):
        path = tmp_path / f"flip-{seed}.docx"
        path.write_bytes(bit_flips(good, 4, seed))
        try:
            load_document(path)
            outcomes.add("ok")
        except SkillgapError as exc:
            assert str(path) in str(exc)
            outcomes.add(type(exc).__name__)
    assert "DocumentReadError" in outcomes  # the flips did break something


def test_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Skills\nPython\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): permissions do not stop "
                        "reading, so an unreadable file cannot be made here")
        with pytest.raises(DocumentReadError, match="permission|may read") as info:
            load_document(path)
        assert str(path) in str(info.value)
    finally:
        path.chmod(0o600)


def test_a_pathological_pdf_page_stops_at_the_time_limit(tmp_path: Path) -> None:
    # one page of five million operands and no operator: pdfminer needs many seconds for it,
    # and the page-by-page check alone would only look at the clock after the page
    path = tmp_path / "stall.pdf"
    path.write_bytes(text_pdf([], content=b"1 " * 5_000_000))
    with pytest.raises(DocumentTimeoutError, match="timeout_s") as info:
        load_document(path, limits=Limits(timeout_s=0.5))
    assert str(path) in str(info.value)
    # the timer is gone and the default handler is back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_the_time_limit_leaves_a_callers_timer_alone(tmp_path: Path) -> None:
    rang: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        path = tmp_path / "cv.md"
        path.write_text("# Skills\nPyTorch\n")
        assert "PyTorch" in load_document(path, limits=Limits(timeout_s=0.5)).text
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90.0 < remaining <= 100.0  # the caller's timer still runs, untouched
        assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert rang == []


def test_load_document_works_off_the_main_thread(tmp_path: Path) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(text_pdf(["Skills", "PyTorch and Docker"]))
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(load_document(path)))
    thread.start()
    thread.join(60)
    assert len(out) == 1 and "PyTorch" in out[0].text  # type: ignore[attr-defined]


def test_a_decompression_bomb_pdf_is_refused_with_bounded_memory(corpus: dict[str, Case]) -> None:
    path = corpus["huge-object-stream.pdf"].path
    assert path.stat().st_size < 1_000_000  # 120 MB of content in a small file
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLargeError, match="max_bytes"):
            load_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000, f"peak Python allocation {peak:,} bytes"


def test_a_smaller_budget_refuses_a_smaller_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(text_pdf(["Skills", "Python"], content=b"\n" * 30_000_000))
    with pytest.raises(DocumentTooLargeError, match="compressed streams"):
        load_document(path, limits=Limits(max_bytes=5_000_000))


def test_a_bomb_stream_after_large_ordinary_streams_is_refused(tmp_path: Path) -> None:
    # the streams are read only while the rest of the file could still unpack past the budget:
    # a bomb at the end, after 300 kB of incompressible streams, is still read and refused
    import random
    import zlib

    from skillgap.ingest._pdf import _check_streams

    noise = random.Random(0).randbytes(100_000)
    data = b"%PDF-1.4\n" + b"".join(
        b"1 0 obj\n<<>>\nstream\n" + zlib.compress(noise) + b"\nendstream\nendobj\n" for _ in range(3)
    ) + b"2 0 obj\n<<>>\nstream\n" + zlib.compress(b"\0" * 30_000_000, 9) + b"\nendstream\nendobj\n%%EOF\n"
    path = tmp_path / "late-bomb.pdf"
    with pytest.raises(DocumentTooLargeError, match="compressed streams"):
        _check_streams(data, path, Limits(max_bytes=5_000_000))
    # the same file without the bomb passes
    _check_streams(data[: data.index(b"2 0 obj")], path, Limits(max_bytes=5_000_000))


def test_long_markdown_line_of_unclosed_markup_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    # each of these used to rescan the rest of the line (quadratic time)
    path.write_text("# Skills\nPyTorch " + "**a [b](c ![d <!-- " * 20_000 + "\n")
    doc = load_document(path)
    assert doc.text.startswith("# Skills\nPyTorch")


# -- the fuzz script, a small fixed-seed slice ---------------------------------------------------


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("skillgap_fuzz", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fuzz_slice_ends_in_results_or_skillgap_errors(tmp_path: Path) -> None:
    fuzz = _fuzz()
    seeds = fuzz.generated_seeds()  # rendered from examples/, no outside data
    assert {s.suffix for s in seeds} >= {".pdf", ".docx", ".json", ".md", ".txt"}
    report = fuzz.run_fuzz(seeds, n=200, seed=2024, timeout_s=20.0, workdir=tmp_path)
    assert report.inputs == 200
    assert report.unexpected == [], report.unexpected[:3]
    # the mutations bite: some inputs still read, others are refused
    assert report.outcomes["ok"] > 0
    assert sum(v for k, v in report.outcomes.items() if k != "ok") > 0


def test_fuzz_is_deterministic_for_a_seed() -> None:
    import random

    fuzz = _fuzz()
    seeds = fuzz.generated_seeds()
    first = [fuzz.mutate(random.Random(7), s, seeds) for s in seeds[:5]]
    second = [fuzz.mutate(random.Random(7), s, seeds) for s in seeds[:5]]
    assert first == second
    assert any(data != s.data for (data, _), s in zip(first, seeds[:5], strict=True))


# -- batch: bad files become error rows, a dying worker does not stop the batch ---------------


def _analyze_batch():  # type: ignore[no-untyped-def]
    return skillgap.analyze_batch


GOOD = [
    ("ann.md", "# Experience\n- Trained PyTorch models and served them with FastAPI\n"),
    ("bob.txt", "Skills\nPython, SQL, Docker\n"),
    ("cai.md", "# Skills\nscikit-learn, pandas, Airflow\n"),
    ("dee.txt", "Experience\nBuilt Spark pipelines on Kubernetes\n"),
    ("eve.md", "# Projects\nFine-tuned LLMs with Hugging Face Transformers\n"),
    ("fay.txt", "Skills\nTensorFlow, Keras, MLflow\n"),
]
BAD = ["encrypted-needs-password.pdf", "zero-bytes.txt", "legacy.doc"]
ODD = ["name with spaces.md", "r\u00e9sum\u00e9 \u4e2d\u6587 \U0001f600.txt", "new\nline.txt"]
LINKS = {"dangling.pdf": "DocumentReadError"}


def _batch_folder(root: Path, corpus: dict[str, Case], *, loop: bool = False) -> Path:
    folder = root / "candidates"
    folder.mkdir()
    for name, text in GOOD:
        (folder / name).write_text(text)
    for name in BAD + ODD:
        (folder / name).write_bytes(corpus[name].path.read_bytes())
    add_links(folder, root, loop=loop)
    return folder


def test_batch_with_a_third_bad_files_gives_a_row_per_candidate(tmp_path: Path,
                                                                 corpus: dict[str, Case]) -> None:
    analyze_batch = _analyze_batch()
    folder = _batch_folder(tmp_path, corpus)
    rows = {r.candidate_id: r for r in analyze_batch(folder, workers=1, embeddings=False)}
    assert sorted(rows) == sorted([n for n, _ in GOOD] + BAD + ODD + [*LINKS, "outside-link.txt"])
    for name in [n for n, _ in GOOD] + ODD:
        assert rows[name].ok and not rows[name].errors and rows[name].analysis.skills, name
    expected = {"encrypted-needs-password.pdf": "DocumentReadError",
                "zero-bytes.txt": "DocumentReadError",
                "legacy.doc": "UnsupportedFormatError", **LINKS}
    for name, error in expected.items():
        row = rows[name]
        assert not row.ok and [e.type for e in row.errors] == [error]
        assert name in row.errors[0].message
    # a link to a file outside the folder is refused with a reason, not read
    outside = rows["outside-link.txt"]
    assert not outside.ok
    [err] = outside.errors
    assert err.type == "DocumentReadError" and "outside the batch folder" in err.message


def test_batch_with_a_symlink_loop_gives_an_error_row(tmp_path: Path,
                                                      corpus: dict[str, Case]) -> None:
    analyze_batch = _analyze_batch()
    folder = _batch_folder(tmp_path, corpus, loop=True)
    rows = {r.candidate_id: r for r in analyze_batch(folder, workers=1, embeddings=False)}
    assert [e.type for e in rows["loop.txt"].errors] == ["DocumentReadError"]
    assert len(rows) == len(GOOD) + len(BAD) + len(ODD) + len(LINKS) + 2


def kill_worker_on_marked_files() -> None:
    """Batch worker initializer: reading a file named ``*kill-me*`` kills the worker (SIGKILL),
    as the OOM killer or a crashing native reader would."""
    from skillgap.ingest import _text

    real = _text.read_text

    def read_text(path, data, limits):  # type: ignore[no-untyped-def]
        if "kill-me" in path.name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, data, limits)

    _text.read_text = read_text


def test_batch_reports_a_killed_worker_as_an_error_row_and_finishes(
        tmp_path: Path, corpus: dict[str, Case]) -> None:
    analyze_batch = _analyze_batch()
    folder = _batch_folder(tmp_path, corpus)
    (folder / "kill-me.txt").write_text("Skills\nPython\n")
    both = folder / "gus"
    both.mkdir()
    (both / "cv.md").write_text("# Skills\nPyTorch\n")
    (both / "kill-me.txt").write_text("Skills\nSQL\n")
    t0 = time.monotonic()
    rows = {r.candidate_id: r for r in analyze_batch(
        folder, workers=2, embeddings=False, limits=Limits(timeout_s=60),
        initializer=kill_worker_on_marked_files)}
    assert time.monotonic() - t0 < 300
    assert sorted(rows) == sorted([n for n, _ in GOOD] + BAD + ODD + [*LINKS, "outside-link.txt"]
                                  + ["kill-me.txt", "gus"])
    killed = rows["kill-me.txt"]
    assert not killed.ok and len(killed.errors) == 1
    assert "died" in killed.errors[0].message and "SIGKILL" in killed.errors[0].message
    # a candidate with one killing file keeps the analysis of its other file
    gus = rows["gus"]
    assert gus.ok and [s.skill_id for s in gus.analysis.skills] == ["pytorch"]
    assert [Path(e.source).name for e in gus.errors] == ["kill-me.txt"]
    for name, _ in GOOD:
        assert rows[name].ok
