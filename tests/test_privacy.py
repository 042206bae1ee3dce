"""Personal data: no document text reaches the log, error messages name files but never quote
them, and ``--redact`` masks e-mails and phone numbers in every report format."""

from __future__ import annotations

import json
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import skillgap
from skillgap import SkillgapError
from tests._bad_corpus import build_pdf, docx_bytes, rezip, text_pdf

# words that occur nowhere else: if one shows up in a log record, it came from a document
MARKERS = ["Qzvbrelt", "Xarnoquist", "Wumpelfrode", "Jorbatrix", "Vexillumqua"]
EMAIL = "qzvbrelt.xarnoquist@example.org"
PHONE = "+1 202 555 0143"
RESUME = (
    f"{MARKERS[0]} {MARKERS[1]}\n"
    f"Contact: {EMAIL}, {PHONE}, FastAPI developer\n"
    "Skills\n"
    f"Python, PyTorch, Docker, {MARKERS[2]}\n"
    "Experience\n"
    f"- Built churn models in scikit-learn at {MARKERS[3]} Ltd, cutting churn by 12%\n"
    f"- no experience with Kubernetes; currently learning Rust at {MARKERS[4]}\n"
)


class _Everything(logging.Handler):
    """Collects every record that reaches the root logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[_Everything]:
    """Every logger at DEBUG (also ones configured with their own level), captured at the root."""
    handler = _Everything()
    root = logging.getLogger()
    saved = {name: lg.level for name, lg in logging.root.manager.loggerDict.items()
             if isinstance(lg, logging.Logger)}
    for name in saved:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for name in ("pdfminer", "skillgap", "docx", "sentence_transformers", "transformers"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name in ("pdfminer", "skillgap", "docx", "sentence_transformers", "transformers"):
            logging.getLogger(name).setLevel(saved.get(name, logging.NOTSET))
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _leaks(records: list[logging.LogRecord]) -> list[str]:
    out = []
    for rec in records:
        text = rec.getMessage() + repr(rec.args) + (rec.exc_text or "")
        if rec.exc_info:
            text += logging.Formatter().formatException(rec.exc_info)
        out += [f"{rec.name}: {m}" for m in MARKERS + [EMAIL] if m in text]
    return out


def _resume_files(folder: Path) -> list[Path]:
    lines = RESUME.splitlines()
    files = {
        "cv.pdf": text_pdf(lines),
        "cv.docx": docx_bytes(RESUME),
        "cv.md": ("# " + RESUME).encode(),
        "cv.txt": RESUME.encode("cp1252"),
        "cv.json": json.dumps({"basics": {"name": f"{MARKERS[0]} {MARKERS[1]}", "email": EMAIL},
                               "work": [{"position": "ML Engineer", "name": MARKERS[3],
                                         "highlights": lines[5:]}],
                               "skills": [{"name": "ML", "keywords": ["Python", MARKERS[2]]}]}
                              ).encode(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / n for n in files]


def test_no_document_text_reaches_the_log(tmp_path: Path, all_logs: _Everything) -> None:
    for path in _resume_files(tmp_path):
        doc = skillgap.load_document(path)
        assert MARKERS[2] in doc.text  # the markers were read...
        analysis = skillgap.analyze(doc, embeddings=False)
        assert analysis.skill("python") is not None
    # ...the log was listening (skillgap and pdfminer both wrote records)...
    assert any(r.name == "skillgap" for r in all_logs.records)
    # ...and none of them holds a word of the documents
    assert _leaks(all_logs.records) == []


def test_pdfminer_debug_log_would_leak_without_the_guard(tmp_path: Path,
                                                         all_logs: _Everything) -> None:
    """The guard is needed: pdfminer itself logs the words of a page at debug level."""
    from pdfminer.high_level import extract_text

    path = tmp_path / "cv.pdf"
    path.write_bytes(text_pdf(RESUME.splitlines()))
    extract_text(str(path))
    assert _leaks(all_logs.records)
    all_logs.records.clear()
    skillgap.load_document(path)
    assert _leaks(all_logs.records) == []
    # the pdfminer level is given back afterwards
    assert logging.getLogger("pdfminer").level == logging.DEBUG


@pytest.mark.slow
def test_no_document_text_reaches_the_log_with_embeddings(tmp_path: Path,
                                                          all_logs: _Everything) -> None:
    path = _resume_files(tmp_path)[2]
    skillgap.analyze(path, embeddings=True, device="cpu")
    assert _leaks(all_logs.records) == []


def _failing_files(folder: Path) -> list[Path]:
    marker = MARKERS[1]
    good_docx = docx_bytes(RESUME)
    broken_pdf = build_pdf([
        # an odd number of items in the catalog: pdfminer's error repeats the dictionary
        f"<< /Type /Catalog /Pages 2 0 R /Title ({marker}) /Author >>".encode(),
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ])
    files = {
        "broken.pdf": broken_pdf,
        "broken-page.pdf": text_pdf([marker], content=f"BT ({marker}) Tj [ ({marker}) <<"
                                    .encode()),
        "malformed.json": f'{{"basics": {{"name": "{marker}", "label": }}'.encode(),
        "broken.docx": rezip(good_docx, replace={
            "word/document.xml": f"<w:document><{marker}>{marker}</w:t>".encode()}),
        "bad-zip.docx": good_docx[:200] + marker.encode() * 10,
        "notebook.ipynb": f'{{"cells": ["{marker}"'.encode(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / n for n in files]


def test_error_messages_name_the_file_but_not_its_text(tmp_path: Path,
                                                       all_logs: _Everything) -> None:
    quoted_by_a_library = 0
    for path in _failing_files(tmp_path):
        try:
            skillgap.analyze(path, embeddings=False)
        except SkillgapError as exc:
            assert str(path) in str(exc)
            assert not any(m in str(exc) for m in MARKERS), str(exc)
            cause = exc.__cause__
            quoted_by_a_library += cause is not None and MARKERS[1] in str(cause)
        else:
            pytest.fail(f"{path.name} was read")
    assert quoted_by_a_library >= 1  # the third-party messages did hold document text
    assert _leaks(all_logs.records) == []


def test_zip_member_names_are_not_document_text(tmp_path: Path) -> None:
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SkillgapError) as info:
        skillgap.load_document(path)
    assert str(path) in str(info.value)


# -- --redact -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_redact_masks_emails_and_phone_numbers(tmp_path: Path, fmt: str) -> None:
    from skillgap.cli import cli

    path = tmp_path / "cv.md"
    path.write_text(RESUME)
    runner = CliRunner()
    plain = runner.invoke(cli, ["analyze", str(path), "--no-embeddings", "--format", fmt])
    assert plain.exit_code == 0, plain.output
    # without --redact the report does quote the contact line (as evidence context)
    assert EMAIL in plain.output and PHONE in plain.output
    masked = runner.invoke(cli, ["analyze", str(path), "--no-embeddings", "--format", fmt,
                                  "--redact"])
    assert masked.exit_code == 0, masked.output
    assert EMAIL not in masked.output and "qzvbrelt" not in masked.output.lower()
    assert PHONE not in masked.output and "555 0143" not in masked.output
    # the masks stand where the data was (Markdown escapes the brackets)
    assert re.search(r"\\?\[email\\?\], \\?\[phone\\?\]", masked.output), masked.output
    # the skills themselves are still reported
    assert "PyTorch" in masked.output or "pytorch" in masked.output
