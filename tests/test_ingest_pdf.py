"""PDF reading with real pdfminer on PDFs generated here with reportlab."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillgap import find_mentions, load_document
from skillgap.errors import DocumentReadError, DocumentTooLargeError
from skillgap.ingest import Limits
from skillgap.ingest._pdf import clean_line, join_lines

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402


def _vera() -> str:
    """Bitstream Vera (shipped with reportlab): a TrueType font with the fi/fl ligature glyphs."""
    import os

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(
            TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
        )
    return "Vera"


def _pdf(
    path: Path,
    pages: list[list[tuple[float, float, str]]],
    *,
    font: str = "Helvetica",
    **kwargs: object,
) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for page in pages:
        c.setFont(font, 10)
        for x, y, text in page:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


def _two_column(path: Path) -> Path:
    left = ["Skills", "Python and SQL", "PyTorch modelling", "Docker images", "Kubernetes basics"]
    right = [
        "Experience",
        "Acme Analytics 2021",
        "Built churn models",
        "Served APIs daily",
        "Led a small team",
    ]
    rows = [(50, 780, "Jane Example - Data Scientist, jane@example.com, +1 555 0100 x")]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        rows += [(50, 740 - 16 * i, a), (330, 740 - 16 * i, b)]
    return _pdf(path, [rows])


def test_two_column_pdf_reads_column_by_column(tmp_path: Path) -> None:
    doc = load_document(_two_column(tmp_path / "cv.pdf"))
    lines = [ln for ln in doc.text.splitlines() if ln.strip()]
    assert lines[0].startswith("Jane Example")
    assert lines[1:6] == [
        "Skills",
        "Python and SQL",
        "PyTorch modelling",
        "Docker images",
        "Kubernetes basics",
    ]
    assert lines[6] == "Experience"
    assert [s.name for s in doc.sections] == ["header", "skills", "experience"]
    assert doc.pages == 1 and doc.format == "pdf"


def test_ligature_hyphenation_bullets_and_icons_are_cleaned(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "lig.pdf",
        [
            [
                (50, 800, "Experience"),
                (50, 780, "\u2022 Improved ef\ufb01ciency of the work\ufb02ow"),
                (50, 764, "Designed streaming data pipe-"),
                (50, 748, "lines with Kafka"),
            ]
        ],
        font=_vera(),
    )
    text = load_document(path).text
    assert "efficiency of the workflow" in text
    assert "streaming data pipelines with Kafka" in text
    assert "\u2022" not in text and "\ufb01" not in text


def test_clean_line_drops_private_use_icons_and_inline_bullets() -> None:
    assert clean_line("\uf0e0 jane@example.com \u2022 \uf095 555") == "jane@example.com, 555"
    assert join_lines(["state-of-the-", "art"]) == ["state-of-the-art"]
    assert join_lines(["Python-", "Django"]) == ["Python-", "Django"]


def test_repeated_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    topics = ["churn", "fraud", "pricing"]
    pages = []
    for n in range(1, 4):
        body = [
            (50, 760 - 20 * i, f"{topics[n - 1]} project step {i} with scikit-learn")
            for i in range(5)
        ]
        pages.append(
            [(50, 810, "Jane Example - Curriculum Vitae"), *body, (290, 30, f"Page {n} of 3")]
        )
    doc = load_document(_pdf(tmp_path / "long.pdf", pages))
    assert "Curriculum Vitae" not in doc.text
    assert "Page" not in doc.text
    assert doc.text.count("scikit-learn") == 15
    assert doc.pages == 3


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    src = _two_column(tmp_path / "cv.pdf")
    renamed = tmp_path / "resume.txt"
    renamed.write_bytes(src.read_bytes())
    doc = load_document(renamed)
    assert doc.format == "pdf" and "PyTorch modelling" in doc.text


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner-secret", canPrint=1)
    path = _pdf(
        tmp_path / "enc.pdf",
        [[(50, 800, "Skills"), (50, 780, "TensorFlow and Keras")]],
        encrypt=enc,
    )
    assert "TensorFlow and Keras" in load_document(path).text


def test_encrypted_pdf_with_password_is_a_clear_error(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("user-secret", ownerPassword="owner-secret")
    path = _pdf(tmp_path / "locked.pdf", [[(50, 800, "Skills")]], encrypt=enc)
    with pytest.raises(DocumentReadError, match="encrypted") as info:
        load_document(path)
    assert "locked.pdf" in str(info.value) and "qpdf" in str(info.value)


def test_image_only_pdf_reports_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (400, 100), "white")
    ImageDraw.Draw(img).rectangle([10, 10, 390, 90], outline="black")
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(img), 50, 600, width=400, height=100)
    c.showPage()
    c.save()
    if shutil.which("tesseract"):
        pytest.skip("tesseract is installed: the OCR path runs instead")
    with pytest.raises(DocumentReadError, match="no text layer") as info:
        load_document(path)
    assert "tesseract-ocr" in str(info.value)


def test_page_limit(tmp_path: Path) -> None:
    words = ["Python", "SQL", "Spark", "Docker", "Kafka", "Airflow"]
    path = _pdf(
        tmp_path / "many.pdf",
        [[(50, 800 - 20 * j, f"{w} work, item {j}") for j in range(6)] for w in words],
    )
    with pytest.raises(DocumentTooLargeError, match="max_pages") as info:
        load_document(path, limits=Limits(max_pages=5))
    assert "Limits(max_pages=...)" in str(info.value)
    assert load_document(path, limits=Limits(max_pages=6)).pages == 6


def test_broken_pdf_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n%%EOF")
    with pytest.raises(DocumentReadError, match="broken.pdf"):
        load_document(path)


def test_pdf_evidence_slices_document_text(tmp_path: Path, taxonomy) -> None:
    doc = load_document(_two_column(tmp_path / "cv.pdf"))
    mentions = find_mentions(doc, taxonomy).mentions
    assert {"pytorch", "docker"} <= {m.skill_id for m in mentions}
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
