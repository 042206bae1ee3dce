"""Open the HTML report and the leaderboard in headless Chromium, check them, save screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import skillgap
from skillgap.report.html import render_html, render_leaderboard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RESUME = ROOT / "examples" / "resumes" / "ml_engineer.md"
VIEWS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass
class Opened:
    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def analysis() -> skillgap.Analysis:
    return skillgap.analyze(RESUME, embeddings=False)


@pytest.fixture(scope="module")
def site(analysis: skillgap.Analysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report and a leaderboard linking to it, written like ``skillgap batch`` would."""
    root = tmp_path_factory.mktemp("site")
    (root / "reports").mkdir()
    (root / "reports" / "ml_engineer.html").write_text(render_html(analysis), encoding="utf-8")
    fit = analysis.role("ml-engineer")
    assert fit.score < 1.0, "the orderings below assume a_strong_match scores above the example"
    rows = [
        {"candidate_id": "ml_engineer", "score": fit.score,
         "required_coverage": fit.required_coverage, "must_haves_met": "5/6",
         "kpi_evidence": len(fit.kpis), "error": None, "report": "reports/ml_engineer.html"},
        {"candidate_id": "career_changer", "score": 0.31, "required_coverage": 0.22,
         "must_haves_met": "2/6", "kpi_evidence": 1, "error": None, "report": None},
        {"candidate_id": "scanned_cv", "score": None, "required_coverage": None,
         "must_haves_met": None, "kpi_evidence": 0,
         "error": "scanned_cv.pdf: no text layer; install the ocr extra and pass --ocr",
         "report": None},
        {"candidate_id": "a_strong_match", "score": 1.0, "required_coverage": 0.95,
         "must_haves_met": "6/6", "kpi_evidence": 4, "error": None, "report": None},
    ]
    (root / "leaderboard.html").write_text(render_leaderboard(rows, role_label=fit.label),
                                           encoding="utf-8")
    return root


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(path: Path, view: str, scheme: str) -> Opened:
        ctx = browser.new_context(viewport=VIEWS[view], color_scheme=scheme, offline=True)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page=page, url=path.as_uri())
        page.on("console", lambda m: opened.errors.append(f"console {m.type}: {m.text}")
                if m.type in {"error", "warning"} else None)
        page.on("pageerror", lambda e: opened.errors.append(f"page error: {e}"))
        page.on("request", lambda r: opened.requests.append(r.url))
        page.goto(opened.url, wait_until="load")
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_report_page(open_page: Any, site: Path, analysis: skillgap.Analysis, artifacts: Path,
                     view: str, scheme: str) -> None:
    opened = open_page(site / "reports" / "ml_engineer.html", view, scheme)
    page = opened.page
    page.screenshot(path=str(artifacts / f"report-{view}-{scheme}.png"), full_page=True)
    assert opened.errors == []
    assert opened.requests == [opened.url]  # nothing fetched besides the file itself

    shown = "wide" if view == "desktop" else "narrow"
    charts = page.locator(f"svg.chart-{shown}")
    assert charts.count() == 2
    for i in range(2):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        assert charts.nth(i).get_attribute("role") == "img"
    assert page.locator(f"svg.chart-{'narrow' if shown == 'wide' else 'wide'}").first.is_hidden()

    best = min(analysis.roles, key=lambda f: (-f.score, f.role_id))
    plan = page.locator("#missing-skills > li")
    assert plan.count() == len(best.missing) > 0
    assert plan.first.is_visible()
    assert best.missing[0].label in plan.first.inner_text()
    assert page.locator("mark").count() >= len(analysis.skills)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWS[view]["width"], "the page scrolls sideways"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")
    fill = page.evaluate(f"getComputedStyle(document.querySelector('svg.chart-{shown} text')).fill")
    text = page.evaluate("getComputedStyle(document.body).color")
    assert fill == text  # chart labels follow the theme's text colour


def test_report_prints(open_page: Any, site: Path, artifacts: Path) -> None:
    opened = open_page(site / "reports" / "ml_engineer.html", "desktop", "dark")
    opened.page.emulate_media(media="print")
    background = opened.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"  # print is light even in dark mode
    assert opened.page.locator("nav.toc").is_hidden()
    pdf = opened.page.pdf(format="A4", print_background=True)
    (artifacts / "report-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") \
        + pdf.count(b"/Type/Page") >= 2
    assert opened.errors == []


def _candidates(page: Any) -> list[str]:
    return page.locator("#leaderboard tbody th[scope=row]").all_inner_texts()


@pytest.mark.parametrize(("view", "scheme"), [("desktop", "light"), ("desktop", "dark"),
                                              ("phone", "light")])
def test_leaderboard_page(open_page: Any, site: Path, artifacts: Path, view: str,
                          scheme: str) -> None:
    opened = open_page(site / "leaderboard.html", view, scheme)
    page = opened.page
    page.screenshot(path=str(artifacts / f"leaderboard-{view}-{scheme}.png"), full_page=True)
    assert opened.errors == []
    assert opened.requests == [opened.url]
    assert _candidates(page) == ["a_strong_match", "ml_engineer", "career_changer", "scanned_cv"]
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWS[view]["width"]

    page.get_by_role("button", name="Candidate").click()
    assert _candidates(page) == ["a_strong_match", "career_changer", "ml_engineer", "scanned_cv"]
    head = page.locator("th:has(button:text('Candidate'))")
    assert head.get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Candidate").click()
    assert _candidates(page) == ["scanned_cv", "ml_engineer", "career_changer", "a_strong_match"]
    page.get_by_role("button", name="Fit").click()  # was descending: now ascending, errors last
    assert _candidates(page) == ["career_changer", "ml_engineer", "a_strong_match", "scanned_cv"]
    page.get_by_role("button", name="Must-haves").click()
    assert _candidates(page)[:3] == ["career_changer", "ml_engineer", "a_strong_match"]
    assert opened.errors == []

    with page.expect_navigation():
        page.get_by_role("link", name="ml_engineer").click()
    assert page.url.endswith("/reports/ml_engineer.html")
    assert page.locator("h1").inner_text().startswith("Skill gap report")
