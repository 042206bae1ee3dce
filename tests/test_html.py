"""HTML report and leaderboard: content, escaping, self-containment, determinism."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import skillgap
from skillgap.errors import UnknownRoleError
from skillgap.report.html import render_html, render_leaderboard

ROOT = Path(__file__).resolve().parent.parent
RESUME = ROOT / "examples" / "resumes" / "ml_engineer.md"


class _Page(HTMLParser):
    """Collects what the tests look at: headings, links, sources, text of marks and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name, value in attrs:
            if name in {"src", "href", "xlink:href", "action", "poster", "data"} and value:
                self.urls.append((tag, name, value))
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


@pytest.fixture(scope="module")
def analysis() -> skillgap.Analysis:
    return skillgap.analyze(RESUME, embeddings=False)


@pytest.fixture(scope="module")
def page(analysis: skillgap.Analysis) -> str:
    return render_html(analysis)


def _best(analysis: skillgap.Analysis) -> skillgap.RoleFit:
    return min(analysis.roles, key=lambda f: (-f.score, f.role_id))


def test_page_is_self_contained(page: str) -> None:
    parsed = parse(page)
    for tag, attr, url in parsed.urls:
        assert url.startswith(("#", "data:")), (tag, attr, url)
    assert "<script src" not in page and "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page  # the CSP forbids anything the page did not bring


def test_same_analysis_gives_same_bytes(analysis: skillgap.Analysis, page: str) -> None:
    assert render_html(analysis) == page
    assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:\d\d", page)  # no timestamp


@pytest.mark.slow
def test_same_bytes_in_a_fresh_process(page: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code = ("import sys, skillgap; from skillgap.report.html import render_html; "
            "a = skillgap.analyze(sys.argv[1], embeddings=False); "
            "open(sys.argv[2], 'w', encoding='utf-8').write(render_html(a))")
    subprocess.run([sys.executable, "-c", code, str(RESUME), str(out)], check=True, cwd=ROOT)
    assert out.read_text(encoding="utf-8") == page


def test_charts_are_inline_svg_with_titles(analysis: skillgap.Analysis, page: str) -> None:
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) == 4  # fit and areas, each drawn wide and narrow
    for svg in svgs:
        assert 'role="img"' in svg and "<title " in svg and "<desc " in svg
        assert "#010101" not in svg and "#030303" not in svg  # placeholders became CSS variables
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate element ids"
    fit = svgs[0]
    for role in analysis.roles:
        assert f">{role.label}<" in fit.replace("&amp;", "&")
    assert fit.count("fill: var(--chart-hl)") == 1  # one bar highlighted


def test_best_role_is_highlighted_unless_one_is_chosen(analysis: skillgap.Analysis,
                                                       page: str) -> None:
    best = _best(analysis)
    other = next(f for f in analysis.roles if f.role_id != best.role_id)
    assert f"Best fit: <strong>{best.label}</strong>" in page
    chosen = render_html(analysis, role=other.role_id)
    assert f"Fit for <strong>{other.label}</strong>" in chosen
    fit_chart = re.search(r"<svg\b.*?</svg>", chosen, flags=re.S).group(0)
    bold = re.findall(r"font-weight: 700[^>]*>([^<]+)</text>", fit_chart)
    assert other.label in bold and best.label not in bold


def test_unknown_role_raises(analysis: skillgap.Analysis) -> None:
    with pytest.raises(UnknownRoleError):
        render_html(analysis, role="astronaut")


def test_learning_plan_follows_gain_with_practice(analysis: skillgap.Analysis, page: str) -> None:
    fit = _best(analysis)
    assert fit.missing, "the example resume should miss something"
    start = page.index('id="missing-skills"')
    plan = page[start:page.index("</ol>", start)]
    labels = re.findall(r"<h3><span>([^<]+)</span>", plan)
    assert labels == [m.label for m in fit.missing]
    gains = [float(g) for g in re.findall(r'class="gain">\+([\d.]+) pts', plan)]
    assert gains == sorted(gains, reverse=True)
    afters = [int(a) for a in re.findall(r"pts → (\d+)%", plan)]
    assert afters == sorted(afters) and afters[-1] >= round(100 * fit.score)
    for ms in fit.missing:
        if ms.practice:
            assert ms.practice.replace("'", "&#39;").replace('"', "&#34;") in plan


def test_every_skill_has_highlighted_evidence(analysis: skillgap.Analysis, page: str) -> None:
    marks = parse(page).marks
    for hit in analysis.skills:
        assert f'id="skill-{hit.skill_id}"' in page
        assert any(m.lower() == hit.evidence[0].text.lower() for m in marks), hit.skill_id
    assert "**" not in "".join(marks)


def test_kpis_sources_and_headings(analysis: skillgap.Analysis, page: str) -> None:
    fit = _best(analysis)
    assert bool(fit.kpis) == ('id="kpis"' in page)
    for doc in analysis.documents:
        assert doc.source in page
    levels = parse(page).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert "prefers-color-scheme: dark" in page and "@media print" in page


def test_document_text_is_escaped() -> None:
    doc = skillgap.Document.from_text(
        "Experience\n- Built <script>alert(1)</script> tools in Python & \"SQL\"", kind="resume")
    page = render_html(skillgap.analyze(doc, embeddings=False))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_redact_masks_contact_details() -> None:
    doc = skillgap.Document.from_text(
        "Experience\n- Python and SQL, reach me at jane.doe@example.com or +1 (555) 123-4567, "
        "221B Baker Street", source="<text>")
    a = skillgap.analyze(doc, embeddings=False)
    assert "jane.doe@example.com" in render_html(a)
    page = render_html(a, redact=True)
    for secret in ("jane.doe@example.com", "(555)", "555) 123", "123-4567", "Baker"):
        assert secret not in page
    assert "[email]" in page and "[phone]" in page and "[address]" in page
    assert "personal data redacted" in page


def test_analysis_without_roles_or_skills_renders() -> None:
    a = skillgap.analyze(skillgap.Document.from_text("Hobbies\nGardening"), embeddings=False)
    page = render_html(a.model_copy(update={"roles": []}))
    assert "<svg" not in page and "No role was scored" in page
    assert "No skill of the taxonomy was found" in page


@pytest.mark.slow
def test_lexical_report_path_does_not_import_matplotlib() -> None:
    code = ("import sys, skillgap; from skillgap.report import render; "
            f"a = skillgap.analyze({str(RESUME)!r}, embeddings=False); "
            "render(a, 'md'); render(a, 'json'); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


# -- leaderboard ------------------------------------------------------------------------------

ROWS = [
    {"candidate_id": "zoe", "score": 0.41, "required_coverage": 0.5, "must_haves_met": "2/4",
     "kpi_evidence": 0, "error": None, "report": "reports/zoe.html"},
    {"candidate_id": "broken<cv>", "score": None, "required_coverage": None,
     "must_haves_met": None, "kpi_evidence": 0, "error": "no text layer; run with --ocr",
     "report": None},
    {"candidate_id": "ana", "score": 0.73, "required_coverage": 0.8, "must_haves_met": "4/4",
     "kpi_evidence": 3, "error": None, "report": "reports/ana.html"},
    {"candidate_id": "bob", "score": 0.41, "required_coverage": 0.3, "must_haves_met": "1/4",
     "kpi_evidence": 1, "error": None, "report": "reports/bob.html"},
]


def _body_rows(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def test_leaderboard_ranks_by_score_then_id_errors_last() -> None:
    page = render_leaderboard(ROWS, role_label="ML Engineer")
    rows = _body_rows(page)
    order = [re.search(r'<th scope="row" data-value="([^"]*)"', r).group(1) for r in rows]
    assert order == ["ana", "bob", "zoe", "broken&lt;cv&gt;"]
    ranks = [re.search(r'data-label="Rank" class="num" data-value="([^"]*)"', r).group(1)
             for r in rows]
    assert ranks == ["1", "2", "3", ""]
    assert 'href="reports/ana.html"' in rows[0] and "no text layer" in rows[3]
    assert "broken<cv>" not in page
    assert 'data-value="1.0">4/4' in rows[0] and 'data-value="0.25">1/4' in rows[1]
    assert "ML Engineer" in page and "1 could not be analysed" in page
    assert parse(page).headings[0] == 1
    assert render_leaderboard(ROWS, role_label="ML Engineer") == page


def test_leaderboard_without_links_and_redacted() -> None:
    rows = [{**ROWS[0], "candidate_id": "zoe@example.com"}]
    page = render_leaderboard(rows, role_label="ML Engineer", links=False, redact=True)
    assert "href=\"reports" not in page and "zoe@example.com" not in page and "[email]" in page


def test_leaderboard_of_nobody() -> None:
    page = render_leaderboard([], role_label="ML Engineer")
    assert "0 candidates" in page and _body_rows(page) == []


def test_evidence_names_sources_by_shortest_unique_path() -> None:
    from skillgap.report.html import _short_names

    names = _short_names(["/a/b/README.md", "/a/c/README.md", "/x/cv.pdf", "<text>"])
    assert names == {"/a/b/README.md": "b/README.md", "/a/c/README.md": "c/README.md",
                     "/x/cv.pdf": "cv.pdf", "<text>": "<text>"}


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from skillgap.cli import cli

    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["analyze", str(RESUME), "--no-embeddings", "--format",
                                      "html", "--out", str(out), "--role", "data-scientist"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Fit for <strong>Data Scientist</strong>" in page


def test_leaderboard_shows_level_and_other_skills() -> None:
    rows = [{**ROWS[2], "level": "senior", "years_experience": 6.5,
             "other_skills": "SAP ERP;Salesforce software;Tableau;JIRA;Oracle Database;Splunk"},
            {**ROWS[0]}]
    page = render_leaderboard(rows, role_label="ML Engineer")
    ana, zoe = _body_rows(page)
    assert "senior · 6.5 y" in ana
    assert re.search(r'data-label="Other skills" class="num" data-value="6">SAP ERP, '
                     r'Salesforce software, Tableau, JIRA, Oracle Database '
                     r'<span class="meta">\+1 more</span>', ana)
    assert 'data-label="Other skills" class="num" data-value="0">—' in zoe
    assert ">Other skills</button>" in page


def test_leaderboard_shows_languages() -> None:
    rows = [{**ROWS[2], "languages": "English (C1);Vietnamese (native)"}, {**ROWS[0]}]
    page = render_leaderboard(rows, role_label="ML Engineer")
    ana, zoe = _body_rows(page)
    assert ">English (C1), Vietnamese (native)</td>" in ana
    assert 'data-label="Languages" data-value="">—</td>' in zoe
    assert ">Languages</button>" in page
