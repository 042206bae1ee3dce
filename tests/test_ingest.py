"""Reading every format except PDF (test_ingest_pdf.py) and folders (test_ingest_repo.py)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from skillgap import Document, find_mentions, load_document
from skillgap.errors import DocumentReadError, DocumentTooLargeError, UnsupportedFormatError
from skillgap.ingest import Limits, decode_text, detect_format, load_sources


def _slices_back(doc: Document, taxonomy) -> set[str]:
    mentions = find_mentions(doc, taxonomy).mentions
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
    return {m.skill_id for m in mentions}


# --- text and encodings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Skills\nPython, scikit-learn — café\n"
    path = tmp_path / "cv.txt"
    path.write_bytes(
        prefix + text.replace("—", "-" if encoding == "cp1252" else "—").encode(encoding)
    )
    doc = load_document(path)
    assert "café" in doc.text and not doc.text.startswith("\ufeff")
    assert [s.name for s in doc.sections] == ["skills"]


def test_invalid_utf8_never_crashes() -> None:
    assert decode_text(b"Python \xff\xfe\x80 SQL").startswith("Python")


def test_detect_format_uses_content_first() -> None:
    assert detect_format("a.txt", b"%PDF-1.7") == "pdf"
    assert detect_format("a.pdf", b"PK\x03\x04....word/") == "docx"
    assert detect_format("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "doc"
    assert detect_format("a.md", b"\x00\x01\x02\x03binary") == "binary"
    assert detect_format("resume", b'  {"basics": {}}') == "json"


def test_unknown_binary_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormatError, match="photo.txt"):
        load_document(path)


def test_legacy_doc_says_how_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnsupportedFormatError, match="docx"):
        load_document(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(DocumentReadError, match="empty"):
        load_document(tmp_path / "empty.txt")
    with pytest.raises(DocumentReadError, match="missing.txt"):
        load_document(tmp_path / "missing.txt")


def test_byte_and_character_limits(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("Skills\n" + "Python " * 200)
    with pytest.raises(DocumentTooLargeError, match=r"max_bytes.*Limits\(max_bytes=\.\.\.\)"):
        load_document(path, limits=Limits(max_bytes=100))
    with pytest.raises(DocumentTooLargeError, match="max_chars"):
        load_document(path, limits=Limits(max_chars=500))
    assert len(load_document(path, limits=Limits(max_chars=5000)).text) > 500


def test_latex_and_typst_sources_read_as_text(tmp_path: Path, taxonomy) -> None:
    tex = tmp_path / "cv.tex"
    tex.write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Skills}\n"
        "\\textbf{PyTorch} \\& Docker % private note\n\\end{document}\n"
    )
    doc = load_document(tex)
    assert "private note" not in doc.text and "\\" not in doc.text
    assert [s.name for s in doc.sections] == ["skills"]
    assert {"pytorch", "docker"} <= _slices_back(doc, taxonomy)
    typ = tmp_path / "cv.typ"
    typ.write_text("#set page(margin: 1cm)\n= Experience\nServed *PyTorch* models\n")
    doc = load_document(typ)
    assert [s.name for s in doc.sections] == ["experience"] and "#set" not in doc.text


# --- Markdown -----------------------------------------------------------------------------

README = """# churn-forecast
[![CI](https://img.shields.io/badge/ci-passing-green.svg)](https://ci.example)
<p align="center"><img src="logo.png"></p>

Forecasts churn with [LightGBM](https://lightgbm.readthedocs.io) and <b>FastAPI</b>.

## Install
```bash
pip install lightgbm fastapi
make all
```

## Usage
```python
from sklearn.model_selection import train_test_split
x = 1
```
"""


def test_markdown_cleaning_and_sections(tmp_path: Path, taxonomy) -> None:
    path = tmp_path / "README.md"
    path.write_text(README)
    doc = load_document(path)
    assert doc.kind == "readme" and doc.format == "markdown"
    for gone in ("shields.io", "<p", "<b>", "https://", "logo.png", "x = 1", "make all"):
        assert gone not in doc.text
    assert "with LightGBM and FastAPI." in doc.text
    assert "Code (python)" in doc.text and "from sklearn.model_selection import" in doc.text
    assert "pip install lightgbm fastapi" in doc.text
    assert [s.title for s in doc.sections] == ["churn-forecast", "Install", "Usage"]
    assert {"lightgbm", "fastapi", "scikit-learn"} <= _slices_back(doc, taxonomy)


MKDOCS_RESUME = """# About Me

-   :material-account:{ .lg .middle } **Ann Example**

    ---

    **ML Engineer**

!!! abstract "Professional Summary"
    Builds ranking models with *PyTorch* for 6 years.

## Core Expertise

=== "MLOps"

    - Docker · Kubernetes
    - MLflow

## Experience

-   **Senior ML Engineer**

    Acme | *2019-2024*

    - Served models with Triton

          kubectl apply -f serving.yaml
          secret_token = 42

Unrelated paragraph.

    import torch
    indented_code_at_top_level = True
"""


def test_markdown_list_items_and_mkdocs_blocks_are_text(tmp_path: Path, taxonomy) -> None:
    """Indented lines inside list items, admonitions and content tabs are their text, not code;
    indented code stays code four columns past a list item's content (column 6 of "- Served"
    at column 4: code from column 10), and at the top level; of code only what is evidence
    stays ("kubectl apply")."""
    path = tmp_path / "resume.md"
    path.write_text(MKDOCS_RESUME)
    doc = load_document(path)
    for kept in ("Professional Summary", "Builds ranking models with PyTorch for 6 years.",
                 "- Docker · Kubernetes", "- MLflow", "Acme | 2019-2024",
                 "- Served models with Triton", "kubectl apply -f serving.yaml",
                 "Unrelated paragraph.", "import torch"):
        assert kept in doc.text, kept
    for gone in (":material-account:", "{ .lg", "---", "!!!", "===", "secret_token",
                 "indented_code_at_top_level", "*"):
        assert gone not in doc.text, gone
    assert {"pytorch", "docker", "kubernetes", "mlflow"} <= _slices_back(doc, taxonomy)


# --- JSON Resume --------------------------------------------------------------------------

RESUME = {
    "basics": {"name": "Sam Example", "label": "ML engineer", "summary": "Builds NLP systems."},
    "work": [
        {
            "name": "Acme",
            "position": "ML Engineer",
            "startDate": "2021-01",
            "summary": "Ranking team.",
            "highlights": ["Trained XGBoost rankers on Spark"],
        }
    ],
    "projects": [
        {"name": "Tagger", "description": "Entity tagging with spaCy", "keywords": ["NLP"]}
    ],
    "skills": [{"name": "Machine learning", "keywords": ["PyTorch", "scikit-learn"]}],
    "education": [{"institution": "Uni", "studyType": "MSc", "area": "Statistics"}],
}


def test_json_resume_sections_and_evidence(tmp_path: Path, taxonomy) -> None:
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(RESUME))
    doc = load_document(path)
    assert doc.format == "json-resume" and doc.kind == "resume"
    names = {s.name for s in doc.sections}
    assert {"summary", "experience", "projects", "skills", "education"} <= names
    found = _slices_back(doc, taxonomy)
    assert {"xgboost", "pytorch", "scikit-learn"} <= found
    by_skill = {m.skill_id: m for m in find_mentions(doc, taxonomy).mentions}
    assert by_skill["xgboost"].section == "experience"
    assert by_skill["pytorch"].section == "skills"


def test_json_resume_job(tmp_path: Path, taxonomy) -> None:
    path = tmp_path / "ml.job.json"
    path.write_text(
        json.dumps(
            {
                "title": "ML Engineer",
                "responsibilities": ["Ship models"],
                "qualifications": ["3 years of Python"],
                "skills": [{"name": "Deep learning", "keywords": ["PyTorch"]}],
            }
        )
    )
    doc = load_document(path)
    assert doc.kind == "job-description"
    assert [s.name for s in doc.sections][-3:] == ["responsibilities", "qualifications", "skills"]
    assert "pytorch" in _slices_back(doc, taxonomy)


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_text('{\n  "basics": {"name": "Sam",}\n}')
    with pytest.raises(DocumentReadError, match=r"line 2, column \d+"):
        load_document(path)


def test_other_json_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"items": [{"note": "Used Kubernetes"}]}))
    doc = load_document(path)
    assert "Used Kubernetes" in doc.text and doc.warnings


# --- DOCX ---------------------------------------------------------------------------------


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Sam Example - sam@example.com"
    d.sections[0].footer.paragraphs[0].text = "References on request"
    d.add_heading("Where I have worked", level=1)
    d.add_paragraph("Built Airflow pipelines at Acme.")
    d.add_heading("Skills", level=1)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Languages"
    table.cell(0, 1).text = "Python, SQL"
    table.cell(1, 0).text = "ML"
    table.cell(1, 1).text = "PyTorch"
    d.save(str(path))
    return path


def test_docx_paragraphs_tables_headers_footers(tmp_path: Path, taxonomy) -> None:
    doc = load_document(_docx(tmp_path / "cv.docx"))
    assert doc.format == "docx"
    lines = doc.text.splitlines()
    assert lines[0] == "Sam Example - sam@example.com" and lines[-1] == "References on request"
    assert "Languages | Python, SQL" in lines and "ML | PyTorch" in lines
    titled = [(s.name, s.title) for s in doc.sections]
    assert ("other", "Where I have worked") in titled and ("skills", "Skills") in titled
    assert not any("|" in title for _, title in titled)  # table rows are not headings
    assert {"pytorch", "sql"} <= _slices_back(doc, taxonomy)


def test_docx_text_box_is_read(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    path = _docx(tmp_path / "box.docx")
    import docx

    d = docx.Document(str(path))
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    run = parse_xml(
        f"<w:r {ns}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
        "<w:t>Sidebar: Kubernetes</w:t></w:r></w:p></w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r>"
    )
    d.paragraphs[0]._p.append(run)
    d.save(str(path))
    text = load_document(path).text
    assert text.count("Sidebar: Kubernetes") == 1


def test_docx_named_pdf_is_read_as_docx(tmp_path: Path) -> None:
    path = _docx(tmp_path / "cv.docx")
    renamed = tmp_path / "cv.bin"
    renamed.write_bytes(path.read_bytes())
    assert load_document(renamed).format == "docx"


def test_broken_docx(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(DocumentReadError, match="broken DOCX"):
        load_document(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentReadError, match="word/document.xml"):
        load_document(path)


def test_docx_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
        zf.writestr("word/media/huge.bin", b"\0" * 3_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentTooLargeError, match="uncompressed"):
        load_document(path, limits=Limits(max_bytes=200_000))


def test_load_sources_mixes_documents_and_paths(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_text("# Skills\nPython\n")
    docs = load_sources([Document.from_text("Skills\nSQL"), path])
    assert [d.format for d in docs] == ["text", "markdown"]
    with pytest.raises(TypeError):
        load_sources([42])  # type: ignore[list-item]


@pytest.mark.parametrize(("title", "name"), [
    ("Core Expertise", "skills"),  # a qualifier before a known heading
    ("Main Skills", "skills"),
    ("Recent Experience", "experience"),
    ("Major Projects", "projects"),
    ("Key Achievements", "awards"),  # a heading that holds its qualifier itself
    ("Key Strengths", None),  # "Strengths" is no known heading
    ("Core", None),
    ("Tech Skills", "skills"),
    ("Technical Proficiency", "skills"),
])
def test_a_qualified_heading_is_the_heading(title: str, name: str | None) -> None:
    from skillgap.ingest._sections import canonical_section

    assert canonical_section(title) == name


def test_letter_spaced_and_bold_headings_start_sections() -> None:
    from skillgap import Document

    text = ("Ann Example\nS K I L L S\nPython, SQL\nW O R K   E X P E R I E N C E\n"
            "Data Scientist, Acme 2019 - 2021\n**Projects**\nChurn model\n* Skills we used: SQL\n")
    names = [(s.name, s.title) for s in Document.from_text(text).sections]
    assert names == [("header", ""), ("skills", "S K I L L S"),
                     ("experience", "W O R K   E X P E R I E N C E"), ("projects", "Projects")]
