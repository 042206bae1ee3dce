"""Every document holds valid Unicode without decoration, whatever its format (issue 12).

Characters outside the Basic Multilingual Plane reach readers as UTF-16 surrogates (PDFium's
characters, CESU-8 text, ``\\ud83d`` JSON escapes, broken DOCX exporters); a ``Document`` joins
each pair and replaces a lone surrogate with U+FFFD, and emoji and icons are dropped without
gluing or splitting words. The fixtures in ``tests/fixtures/unicode/`` are written by
``make_fixtures.py`` there: a page with emoji printed to PDF by headless Chromium, a DOCX and a
text file carrying a lone surrogate.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillgap
from skillgap import Document
from skillgap.ingest import decode_text, load_document, load_sources
from skillgap.models import Section

from .conftest import FIXTURES

UNICODE = FIXTURES / "unicode"
# what must never be left in a document's text: surrogates, emoji, pictographs, icon-font glyphs
FORBIDDEN = re.compile("[\ud800-\udfff\U0001f000-\U0001faff\u2600-\u27bf\ue000-\uf8ff"
                       "\ufe0f\u20e3\U000f0000-\U0010ffff]")


def _fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unicode_fixtures", UNICODE / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _sound(doc: Document) -> None:
    """The document's text encodes to UTF-8, holds no decoration, and its sections fit it."""
    doc.text.encode("utf-8")
    assert FORBIDDEN.search(doc.text) is None
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= len(doc.text)
        sec.title.encode("utf-8")


def _analyse(doc: Document, expected: set[str]) -> skillgap.Analysis:
    """Analyse ``doc`` lexically; the expected skills are found and every evidence slices back."""
    analysis = skillgap.analyze(doc, embeddings=False)
    found = {hit.skill_id for hit in analysis.skills}
    assert expected <= found, sorted(expected - found)
    for hit in analysis.skills:
        for ev in hit.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
    json.loads(analysis.model_dump_json())  # the JSON report encodes
    return analysis


# -- the invariant at the Document boundary ------------------------------------------------------


def test_surrogate_pair_is_joined_and_lone_surrogate_replaced() -> None:
    doc = Document.from_text("Skills\nPython \ud840\udc0b SQL \udce7 Docker \ud83d")
    assert doc.text == "Skills\nPython \U0002000b SQL \ufffd Docker \ufffd"
    _sound(doc)


def test_emoji_are_dropped_without_gluing_or_splitting_words() -> None:
    cases = {
        "\U0001f4bc Experience": "Experience",
        "## \U0001f4bc Experience": "## Experience",
        "Python\U0001f40dPyTorch": "Python PyTorch",
        "Python \U0001f40d, PyTorch \U0001f525": "Python, PyTorch",
        "(\U0001f4e7 ann@example.com)": "(ann@example.com)",
        "Tools: \U0001f527 Docker": "Tools: Docker",
        "\u2714 Built \U0001f9d1\u200d\U0001f4bb tools \U0001f1ef\U0001f1f5 in Go": "Built tools in Go",
        "1\ufe0f\u20e3 MSc \u2b50": "1 MSc",
        "\uf0e0 ann@example.com \U000f0001": "ann@example.com",
        "A\U0001f600 \U0001f600 \U0001f600B": "A B",
    }
    for raw, clean in cases.items():
        assert Document.from_text(raw).text == clean, raw


def test_real_astral_text_and_joiners_are_kept() -> None:
    text = ("\U00020bb7\u7530 (CJK Extension B), \U0001d465 and \U0001d400 (math letters), "
            "\u0915\u094d\u200d\u0937 (a joiner in Devanagari), 1 \u2192 2, \u00a9 2024")
    assert Document.from_text(text).text == text


def test_sections_given_for_the_raw_text_move_with_the_repair() -> None:
    raw = "\U0001f4bc Experience\nTrained \ud83d\udd25 PyTorch models\n\U0001f393 Education\nMSc"
    exp_end = raw.index("\U0001f393")
    sections = [Section(name="experience", title="\U0001f4bc Experience", start=0,
                                 end=exp_end),
                Section(name="education", title="\U0001f393 Education", start=exp_end,
                                 end=len(raw))]
    doc = Document(source="<x>", text=raw, sections=sections, warnings=["odd \udcff name"])
    assert doc.text == "Experience\nTrained PyTorch models\nEducation\nMSc"
    exp, edu = doc.sections
    assert doc.text[exp.start : exp.end] == "Experience\nTrained PyTorch models\n"
    assert doc.text[edu.start : edu.end] == "Education\nMSc"
    assert (exp.title, edu.title) == ("Experience", "Education")
    assert doc.warnings == ["odd \ufffd name"]
    analysis = _analyse(doc, {"pytorch"})
    assert analysis.skill("pytorch").evidence[0].section == "experience"


def test_utf8_bytes_written_as_escapes_are_decoded() -> None:
    # text exported from a Python ``bytes`` object keeps "\xe2\x80\xa2" for "•"; Word's
    # Symbol-font bullets (U+F0A7, U+F06C) alone between words become bullets, not glue
    cases = {
        r"Skills: \xef\x82\xa7 Python \xef\x81\xac SQL \xe2\x80\xa2 Docker":
            "Skills: • Python • SQL • Docker",
        r"\xef\x82\xa7Microsoft Word": "Microsoft Word",
        r"Caf\xc3\xa9 owner, \xe2\x80\x9cMLOps\xe2\x80\x9d": "Café owner, “MLOps”",
        # not UTF-8, ASCII only, or one byte: left as written (a regex, a code sample)
        r"re.compile(b'\xff\xfe') and '\x41\x42' and '\xe9'":
            r"re.compile(b'\xff\xfe') and '\x41\x42' and '\xe9'",
    }
    for raw, clean in cases.items():
        assert Document.from_text(raw).text == clean, raw


def test_escaped_bullets_give_the_skills_of_the_real_bullets() -> None:
    real = Document.from_text("Computer skills: \uf0a7 Python \uf0a7 SQL \uf0a7 Docker \uf0a7 Excel")
    escaped = Document.from_text(r"Computer skills: \xef\x82\xa7 Python \xef\x82\xa7 SQL "
                                 r"\xef\x82\xa7 Docker \xef\x82\xa7 Excel")
    assert escaped.text == real.text
    expected = {"python", "sql", "docker", "excel"}
    assert {h.skill_id for h in _analyse(escaped, expected).skills} \
        == {h.skill_id for h in _analyse(real, expected).skills}


def test_sections_move_with_the_decoded_escapes() -> None:
    raw = r"Experience \xe2\x80\x94 Acme\nTrained PyTorch models\nEducation\nMSc"
    raw = raw.replace(r"\n", "\n")
    edu = raw.index("Education")
    doc = Document(source="<x>", text=raw, sections=[
        Section(name="experience", title="Experience", start=0, end=edu),
        Section(name="education", title="Education", start=edu, end=len(raw))])
    assert doc.text == "Experience — Acme\nTrained PyTorch models\nEducation\nMSc"
    exp_sec, edu_sec = doc.sections
    assert doc.text[edu_sec.start : edu_sec.end] == "Education\nMSc"
    assert doc.text[exp_sec.start : exp_sec.end].endswith("models\n")


def test_a_document_round_trips_through_json_unchanged() -> None:
    doc = Document.from_text("\U0001f4bc Experience\nPyTorch \U00020bb7 \ud83d")
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc


# -- every reader ----------------------------------------------------------------------------------

EMOJI_TEXT = ("\U0001f4bc Experience\n\u2714 Trained PyTorch\U0001f525models and served them with "
              "FastAPI \U0001f680\n\U0001f6e0\ufe0f Skills\nPython \U0001f40d, SQL, "
              "\U00020bb7\u7530 \ud83d Docker\n")


def _bytes_with_surrogates(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("name,data", [
    ("cv.txt", _bytes_with_surrogates(EMOJI_TEXT)),
    ("cv.md", _bytes_with_surrogates("# " + EMOJI_TEXT.replace("\n\U0001f6e0", "\n# \U0001f6e0"))),
    ("cv.utf16.txt", b"\xff\xfe" + EMOJI_TEXT.encode("utf-16-le", "surrogatepass")),
    ("cv.tex", _bytes_with_surrogates("\\section{\U0001f4bc Experience}\nTrained PyTorch "
                                      "\U0001f525 models, FastAPI \ud83d\n\\section{Skills}\n"
                                      "Python, SQL, Docker \U00020bb7")),
    ("cv.typ", _bytes_with_surrogates("= \U0001f4bc Experience\nTrained PyTorch \U0001f525 "
                                      "models, FastAPI \ud83d\n= Skills\nPython, SQL, Docker")),
    ("cv.json", json.dumps({"basics": {"name": "Ann Example \ud83d\udc69"},
                            "work": [{"name": "Acme", "position": "ML Engineer \U0001f4bc",
                                      "highlights": ["Trained PyTorch models \ud83d, served with "
                                                     "FastAPI \ud83d\ude80"]}],
                            "skills": [{"name": "Tools \u2699\ufe0f",
                                        "keywords": ["Python", "SQL \udce7", "Docker"]}]}
                           ).encode()),
])
def test_each_text_format_gives_a_sound_document(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = load_document(path)
    _sound(doc)
    _analyse(doc, {"pytorch", "fastapi", "python", "sql", "docker"})


def test_a_repository_folder_gives_sound_documents(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "README.md").write_bytes(_bytes_with_surrogates(
        "# \U0001f680 churn \ud83d\n\U0001f4e6 Trained with PyTorch \U0001f525 and served with "
        "FastAPI\n"))
    (repo / "requirements.txt").write_bytes(b"torch==2.3\nfastapi\n# \xed\xa0\xbd note\n")
    docs = load_sources([repo])
    assert docs
    for doc in docs:
        _sound(doc)
    analysis = skillgap.analyze(repo, embeddings=False)
    assert {"pytorch", "fastapi"} <= {hit.skill_id for hit in analysis.skills}


def test_decode_text_reads_cesu8_and_never_returns_a_surrogate() -> None:
    data = "caf\u00e9 \ud83d\udce7 \U00020bb7 \udce7".encode("utf-8", "surrogatepass")
    assert decode_text(data) == "caf\u00e9 \U0001f4e7 \U00020bb7 \ufffd"
    bom = b"\xef\xbb\xbf" + data
    assert decode_text(bom) == "caf\u00e9 \U0001f4e7 \U00020bb7 \ufffd"


# -- the fixtures: Chromium's PDF (both backends), the DOCX, the text file ---------------------


@pytest.mark.parametrize("name,backend", [
    ("emoji_resume.pdf", "pdfium"), ("emoji_resume.pdf", "pdfminer"),
    ("emoji_resume.docx", None), ("emoji_resume.txt", None),
])
def test_fixture_gives_a_normal_analysis(monkeypatch: pytest.MonkeyPatch, name: str,
                                         backend: str | None) -> None:
    fx = _fixtures()
    if backend:
        monkeypatch.setenv("SKILLGAP_PDF_BACKEND", backend)
    doc = load_document(UNICODE / name)
    _sound(doc)
    assert "\U00020bb7\u7530" in doc.text  # the name in CJK Extension B, kept
    assert "mika.example@example.com" in doc.text and "Experience" in doc.text
    assert {"experience", "skills", "education"} <= {s.name for s in doc.sections}
    analysis = _analyse(doc, fx.EXPECTED_SKILLS)
    assert analysis.skill("pytorch").evidence[0].section == "experience"
    if name != "emoji_resume.pdf":
        assert "photography \ufffd and hiking" in doc.text  # the lone surrogate, replaced


def test_text_fixture_is_what_the_script_writes() -> None:
    fx = _fixtures()
    data = (UNICODE / "emoji_resume.txt").read_bytes()
    assert data == fx.text_bytes()
    assert b"\xed\xa0\xbd" in data  # a lone high surrogate, as surrogatepass writes it
    assert (UNICODE / "emoji_resume.html").read_text(encoding="utf-8") == fx.resume_html()


def test_fixture_pdf_carries_emoji_as_pdfium_reads_them() -> None:
    """The committed PDF is the real case: PDFium hands its emoji out as UTF-16 halves."""
    pdfium = pytest.importorskip("pypdfium2")
    pdfium_c = pytest.importorskip("pypdfium2.raw")
    pdf = pdfium.PdfDocument(str(UNICODE / "emoji_resume.pdf"))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        codes = [pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
                 for i in range(textpage.count_chars())]
        textpage.close()
        page.close()
    finally:
        pdf.close()
    assert any(0xD800 <= c <= 0xDBFF for c in codes)


@pytest.mark.parametrize("backend", ["pdfium", "pdfminer"])
def test_pdf_printed_again_by_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       backend: str) -> None:
    """Print the page to PDF with headless Chromium now (skipped without it) and read it."""
    fx = _fixtures()
    browser = fx.chromium()
    if browser is None:
        pytest.skip("headless Chromium not found: apt-get install -y chromium chromium-driver")
    html = tmp_path / "emoji_resume.html"
    html.write_text(fx.resume_html(), encoding="utf-8")
    pdf = tmp_path / "emoji_resume.pdf"
    fx.print_pdf(html, pdf, browser)
    monkeypatch.setenv("SKILLGAP_PDF_BACKEND", backend)
    doc = load_document(pdf)
    _sound(doc)
    assert {"experience", "skills", "education"} <= {s.name for s in doc.sections}
    _analyse(doc, fx.EXPECTED_SKILLS)


# -- any code point --------------------------------------------------------------------------------

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
PIECES = st.sampled_from([
    "PyTorch", "Python", "SQL", "Kubernetes", "Skills\n", "\n# Experience\n", " ", "\n", ", ",
    "\U0001f4bc", "\U0001f9d1\u200d\U0001f4bb", "\ufe0f", "\u20e3", "\u200d", "\ud83d", "\udce7",
    "\ud83d\udce7", "\U00020bb7", "\U0001d465", "\uf0e0", "\u2714", "\ufffd",
])


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ANY_CHAR, PIECES), max_size=40).map("".join))
def test_any_code_points_give_a_sound_document_and_analysis(text: str) -> None:
    doc = Document.from_text(text)
    doc.text.encode("utf-8")
    assert not re.search("[\ud800-\udfff]", doc.text)
    assert Document.from_text(doc.text).text == doc.text  # the repair is done once and for all
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= len(doc.text)
    try:
        analysis = skillgap.analyze(doc, embeddings=False)
    except skillgap.SkillgapError:
        return
    for hit in analysis.skills:
        for ev in hit.evidence:
            assert doc.text[ev.start : ev.end] == ev.text


# -- found by the fuzzer with the new mutations ------------------------------------------------


def test_a_glyph_far_off_the_page_does_not_blow_up_the_column_search() -> None:
    """A mutated PDF placed a glyph 27 million points left of the page: the search for a column
    gutter built a grid over that width (21 GiB for its page). It is skipped now."""
    import tracemalloc

    from skillgap.ingest._pdf import _gutter, _Line, _order

    lines = [_Line(50.0, 300.0, 700.0 - 14 * i, 710.0 - 14 * i, f"line {i} with Python")
             for i in range(10)]
    lines.append(_Line(-3_000_000.0, -2_999_990.0, 100.0, 110.0, "x"))
    tracemalloc.start()
    try:
        assert _gutter(lines, -3_000_000.0, 300.0) is None
        order = _order(lines)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    assert order[0] == "line 0 with Python"
