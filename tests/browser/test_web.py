"""``skillgap serve`` end to end in headless Chromium: the candidate and the recruiter views.

The server runs with uvicorn in a thread on a free port of 127.0.0.1. A resume PDF is made here
with reportlab, the ten candidates come from ``tests/fixtures/web/candidates.py`` (fictional).
Screenshots go to ``tests/_artifacts/``; ``SKILLGAP_UPDATE_SCREENSHOT=1`` also writes the
README's ``docs/serve.png``.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..fixtures.web import candidates

pytestmark = pytest.mark.browser

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'skillgap[web]'")
uvicorn = pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "tests" / "fixtures" / "web"
VIEW = {"width": 1280, "height": 900}
UPDATE_README_SHOT = bool(os.environ.get("SKILLGAP_UPDATE_SCREENSHOT"))  # read before conftest clears it


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from skillgap.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(embeddings=False), host="127.0.0.1", port=port,
                            access_log=False, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < end, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport=VIEW, accept_downloads=True)
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.foreign = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:"))
          else pg.foreign.append(r.url))
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.foreign == [], f"requests to other origins: {pg.foreign}"
    ctx.close()


def make_pdf(path: Path) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    c = canvas.Canvas(str(path))
    lines = ["Sam Example (a fictional candidate)", "", "Experience",
             "- Trained PyTorch models and served them with FastAPI in Docker on Kubernetes;",
             "  cut p99 latency from 300 ms to 80 ms.",
             "- Tracked experiments in MLflow; wrote SQL on PostgreSQL.", "", "Skills",
             "Python, PyTorch, scikit-learn, Pandas, Docker, Kubernetes, Git"]
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 16
    c.save()
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])  # type: ignore[return-value]


def check_screenshot(path: Path, *, min_bytes: int = 20_000) -> None:
    """A real picture of a page: a PNG of the viewport's width, not blank (a blank page
    compresses to a few KB)."""
    width, height = png_size(path)
    assert width >= VIEW["width"] and height >= 400
    assert path.stat().st_size > min_bytes, f"{path} looks blank ({path.stat().st_size} bytes)"


def test_candidate_uploads_a_pdf_and_reads_the_report(page: Any, server: str, tmp_path: Path,
                                                      artifacts: Path) -> None:
    pdf = make_pdf(tmp_path / "sam_example.pdf")
    page.goto(server + "/")
    assert page.locator("h1").inner_text().startswith("How far are you")
    page.set_input_files("#files", str(pdf))
    assert "sam_example.pdf" in page.locator("#chosen").inner_text()
    page.select_option("#role", "ml-engineer")
    page.screenshot(path=str(artifacts / "serve-candidate-form.png"), full_page=True)
    page.click("#submit")
    page.wait_for_url("**/results/*")
    assert "ML Engineer at" in page.locator("#result-title").inner_text()
    frame = page.frame_locator("#report-frame")
    frame.locator("h1").wait_for()
    assert "ML Engineer" in frame.locator("h1").inner_text()
    for text in ("Learning plan", "Skills found"):
        assert frame.get_by_role("heading", name=text).count() >= 1, text
    assert frame.locator("svg.chart").count() >= 1  # the fit chart
    assert frame.locator("mark").count() >= 3  # evidence highlighted in the text
    page.wait_for_function("document.getElementById('report-frame').offsetHeight > 1000")
    shot = artifacts / "serve-candidate-report.png"
    page.screenshot(path=str(shot), full_page=False)
    check_screenshot(shot)
    if UPDATE_README_SHOT:
        docs = ROOT / "docs" / "serve.png"
        page.screenshot(path=str(docs), full_page=False, type="png", scale="css")
        assert docs.stat().st_size < 300_000
    with page.expect_download() as info:
        page.click("#downloads a[data-format=json]")
    download = info.value
    assert download.suggested_filename == "skillgap-report.json"
    assert '"skillgap_version"' in Path(download.path()).read_text(encoding="utf-8")


def test_recruiter_ranks_ten_candidates_for_a_job_ad(page: Any, server: str, tmp_path: Path,
                                                     artifacts: Path) -> None:
    paths = candidates.write_candidates(tmp_path / "cands", 10)
    page.goto(server + "/recruiter")
    page.set_input_files("#files", [str(p) for p in paths])
    page.set_input_files("#job_description_file", str(WEB / "job_ad.txt"))
    page.fill("#must_have", "python, docker")
    page.click("#submit")
    page.wait_for_url("**/jobs/*")
    page.locator("#leaderboard").wait_for(timeout=120_000)  # progress polling reloads when done
    assert "Machine Learning Engineer" in page.locator("h1").inner_text()
    rows = page.locator("#leaderboard tbody tr")
    assert rows.count() == 10
    names = [rows.nth(i).locator("th").inner_text() for i in range(10)]
    assert sorted(names) == sorted(p.name for p in paths)

    def fits() -> list[float]:
        values = page.eval_on_selector_all(
            "#leaderboard tbody tr", "rs => rs.map(r => r.getAttribute('data-fit'))")
        return [float(v) for v in values]

    assert fits() == sorted(fits(), reverse=True)  # ranked best first
    fit_button = page.locator("#leaderboard thead th", has_text="Fit").locator("button")
    fit_button.click()
    assert fits() == sorted(fits())
    assert page.locator("#leaderboard thead th", has_text="Fit").get_attribute("aria-sort") == "ascending"
    fit_button.click()
    assert fits() == sorted(fits(), reverse=True)
    page.locator("#leaderboard thead th", has_text="Candidate").locator("button").click()
    shown = [rows.nth(i).locator("th").inner_text().lower() for i in range(10)]
    assert shown == sorted(shown)

    page.check("#filter-must")
    visible = page.locator("#leaderboard tbody tr:not([hidden])")
    assert 0 < visible.count() < 10
    assert "shown" in page.locator("#shown").inner_text()
    page.uncheck("#filter-must")
    page.fill("#filter-fit", "30")
    assert all(float(visible.nth(i).get_attribute("data-fit")) >= 0.3 - 1e-9
               for i in range(visible.count()))
    page.fill("#filter-fit", "0")
    assert visible.count() == 10
    shot = artifacts / "serve-leaderboard.png"
    page.screenshot(path=str(shot), full_page=True)
    check_screenshot(shot)

    # other skills (O*NET / ESCO): filtered by name, sorted by their number
    page.fill("#filter-other", "powerpoint")
    assert visible.count() == 1 and visible.first.locator("th").inner_text() == "eli_novak.md"
    assert "Microsoft PowerPoint" in visible.first.locator("td[data-label='Other skills']").inner_text()
    page.fill("#filter-other", "")
    assert visible.count() == 10

    def others() -> list[int]:
        return [int(v) for v in page.eval_on_selector_all(
            "#leaderboard tbody td[data-label='Other skills']", "cs => cs.map(c => c.dataset.value)")]

    page.locator("#leaderboard thead th", has_text="Other skills").locator("button").click()
    assert others() == sorted(others()) and others()[-1] >= 1

    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename == "skillgap-leaderboard.csv"
    table = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(table) == 10 and table[0]["rank"] == "1"
    assert {r["candidate_id"] for r in table} == set(names)

    first = rows.first.locator("th a")
    with page.context.expect_page() as new:
        first.click()
    report = new.value
    report.wait_for_load_state()
    assert "Machine Learning Engineer" in report.locator("h1").inner_text()
    report.close()
