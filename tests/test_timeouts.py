"""``Limits.timeout_s`` bounds a whole ``analyze()`` call: reading, extraction, linking, scoring."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

import skillgap.ingest
from skillgap import Document, analyze
from skillgap.cli import cli
from skillgap.errors import DocumentTimeoutError
from skillgap.ingest import Deadline, Limits

from .conftest import EXAMPLES

LIMIT = 0.25
#: Generous: the checks stop the work within one uninterruptible step (about 0.2 s of CPU for a
#: 2 M-character text), not within the limit to the millisecond; this only asserts that it stops.
BOUND = 10 * LIMIT
NAMES = ["Python", "PyTorch", "R", "Go", "Kubernetes", "Docker", "SQL", "Spark",
         "no experience with Rust", "learning C"]


def skills_text(chars: int) -> str:
    """A list of skill names, ambiguous, negated and aspired ones among them: unbounded, the
    analysis of 2 M characters of it takes tens of seconds."""
    return ("Skills\n" + ", ".join(NAMES[i % len(NAMES)] for i in range(chars // 8)))[:chars]


@pytest.fixture(scope="module")
def huge() -> Document:
    analyze(Document.from_text("Skills\nPython"), embeddings=False)  # build the matchers first
    return Document.from_text(skills_text(2_000_000), source="huge.txt")


def _analyze_timed(*sources: Document | Path, limits: Limits) -> tuple[DocumentTimeoutError, float]:
    started = time.monotonic()
    with pytest.raises(DocumentTimeoutError) as info:
        analyze(*sources, embeddings=False, limits=limits)
    return info.value, time.monotonic() - started


def test_a_huge_text_stops_at_the_limit(huge: Document) -> None:
    error, seconds = _analyze_timed(huge, limits=Limits(timeout_s=LIMIT))
    assert seconds < BOUND
    message = str(error)
    assert message.startswith("huge.txt: ") and error.path == "huge.txt"
    assert "0.25 s" in message and "Limits(timeout_s=...)" in message and "--timeout" in message
    # cooperative: no timer was armed and no handler installed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_the_limit_holds_in_a_worker_thread(huge: Document) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        error, seconds = pool.submit(_analyze_timed, huge, limits=Limits(timeout_s=LIMIT)).result()
    assert seconds < BOUND
    assert error.path == "huge.txt"


def test_several_sources_name_the_analysis(huge: Document) -> None:
    small = Document.from_text("Skills\nSQL", source="small.txt")
    error, _ = _analyze_timed(small, huge, limits=Limits(timeout_s=LIMIT))
    assert error.path is None
    assert str(error).startswith("the analysis took over 0.25 s")


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The deadline's clock (only it) moves one second each time it is read."""
    now = [0.0]

    def tick() -> float:
        now[0] += 1.0
        return now[0]

    monkeypatch.setattr(skillgap.ingest, "monotonic", tick)
    yield now


@pytest.mark.parametrize("timeout_s", [0, None])
def test_no_limit_with_0_or_none(fake_clock: list[float], timeout_s: float | None) -> None:
    doc = Document.from_text("Experience\n- Served PyTorch models with FastAPI")
    analysis = analyze(doc, embeddings=False, limits=Limits(timeout_s=timeout_s))
    assert [s.skill_id for s in analysis.skills] == ["fastapi", "pytorch"]
    assert fake_clock[0] == 0.0  # never looked at the clock
    with pytest.raises(DocumentTimeoutError, match="over 5 s"):  # the same call with a limit stops
        analyze(doc, embeddings=False, limits=Limits(timeout_s=5))


def test_a_deadline_passes_after_its_seconds(fake_clock: list[float]) -> None:
    deadline = Deadline.start(3, "cv.txt")  # started at 1 s: due at 4 s
    assert deadline is not None and deadline.remaining() == 2.0
    deadline.check()
    deadline.check()  # at 4 s: not yet over
    with pytest.raises(DocumentTimeoutError, match=r"^cv\.txt: analysing it took over 3 s"):
        deadline.check()


def test_a_normal_resume_is_unaffected() -> None:
    path = EXAMPLES / "resumes" / "ml_engineer.md"
    bounded = analyze(path, role="ml-engineer", embeddings=False)  # the default limit, 60 s
    unbounded = analyze(path, role="ml-engineer", embeddings=False, limits=Limits(timeout_s=0))
    assert bounded.model_dump_json() == unbounded.model_dump_json()
    assert "pytorch" in {s.skill_id for s in bounded.skills}


def test_cli_timeout_is_one_line_and_exit_1(huge: Document, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(skills_text(1_500_000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--no-embeddings", "--timeout", str(LIMIT)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"skillgap: error: {path}: ") and "--timeout" in lines[0]
    assert result.stdout == ""


def test_cli_timeout_0_means_no_limit() -> None:
    ml = str(EXAMPLES / "resumes" / "ml_engineer.md")
    result = CliRunner().invoke(cli, ["analyze", ml, "--no-embeddings", "--timeout", "0"])
    assert result.exit_code == 0, result.output
    assert any(s["skill_id"] == "pytorch" for s in json.loads(result.stdout)["skills"])


def test_reading_gets_the_time_left(tmp_path: Path) -> None:
    from ._bad_corpus import text_pdf

    path = tmp_path / "stall.pdf"  # one page that takes pdfminer many seconds
    path.write_bytes(text_pdf([], content=b"1 " * 5_000_000))
    small = Document.from_text("Skills\nSQL", source="small.txt")
    error, seconds = _analyze_timed(small, path, limits=Limits(timeout_s=0.5))
    assert seconds < 10 * 0.5
    assert error.path == str(path)
    assert "reading took over 0.5 s (timeout_s)" in str(error)  # the whole limit, not the time left


def test_a_document_longer_than_the_character_limit_is_refused_not_crashed() -> None:
    # The character limit holds for a Document as for a file's text (spaCy would refuse texts
    # over its max_length with a ValueError of its own).
    from skillgap import find_mentions, load_taxonomy
    from skillgap.errors import DocumentTooLargeError

    long = Document.from_text("Skills\nPython, Docker, SQL\n" * 10, source="long.txt")  # 270
    with pytest.raises(DocumentTooLargeError, match=r"long\.txt.*max_chars"):
        analyze(long, embeddings=False, limits=Limits(max_chars=200))
    assert analyze(long, embeddings=False, limits=Limits(max_chars=300)).skills
    huge = Document.from_text("Python " * 1_500_000, source="huge.txt")  # 10.5 M characters
    with pytest.raises(DocumentTooLargeError, match="huge.txt"):
        find_mentions(huge, load_taxonomy())


def test_the_job_ad_is_read_within_the_commands_limits(tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("ML Engineer\nRequirements\n- Python, PyTorch and Docker\n" * 20, encoding="utf-8")
    resume = EXAMPLES / "resumes" / "ml_engineer.md"
    args = ["analyze", str(resume), "--job-description", str(ad), "--no-embeddings"]
    ok = CliRunner().invoke(cli, args)
    assert ok.exit_code == 0, ok.output
    refused = CliRunner().invoke(cli, [*args, "--max-bytes", "200"])
    assert refused.exit_code == 1 and "ad.txt" in refused.output and "max_bytes" in refused.output
