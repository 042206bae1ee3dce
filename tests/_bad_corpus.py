"""A corpus of broken, hostile and odd inputs, generated in a folder (nothing binary is committed).

``build_bad_corpus(folder)`` writes every case and returns them as :class:`Case` objects: the
file, the error class it must raise (``None`` when it must be read, e.g. Latin-1 text) and, for
readable ones, a word the text must contain.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from skillgap.errors import (
    DocumentReadError,
    DocumentTimeoutError,
    DocumentTooLargeError,
    IngestError,
    SkillgapError,
    UnsupportedFormatError,
)

RESUME = (
    "Jane Example\n"
    "Skills\n"
    "Python, SQL, PyTorch, Docker\n"
    "Experience\n"
    "Built churn models with scikit-learn and served them with FastAPI.\n"
)


@dataclass(frozen=True)
class Case:
    """One input: where it is, what it must give."""

    name: str
    path: Path
    error: type[SkillgapError] | tuple[type[SkillgapError], ...] | None
    contains: str = ""

    @property
    def readable(self) -> bool:
        return self.error is None


# -- PDF by hand: exact control over the objects ---------------------------------------------


def stream(data: bytes, *, flate: bool = True, extra: str = "") -> bytes:
    body = zlib.compress(data, 9) if flate else data
    filt = " /Filter /FlateDecode" if flate else ""
    return f"<< /Length {len(body)}{filt}{extra} >>\nstream\n".encode() + body + b"\nendstream"


def build_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF with the given objects (numbered from 1) and a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(lines: list[str], *, pages: int = 1, content: bytes | None = None) -> bytes:
    """``pages`` pages showing ``lines`` in Helvetica (or the raw ``content`` stream)."""
    ops = ["BT /F1 11 Tf 50 780 Td 14 TL"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    body = content if content is not None else "\n".join(ops).encode("latin-1")
    first_page = 3
    font, contents = first_page + pages, first_page + pages + 1
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>").encode()
    objects += [page] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(stream(body))
    return build_pdf(objects)


def image_only_pdf() -> bytes:
    """One page that only paints a grey image (a scan without a text layer)."""
    width = height = 64
    pixels = bytes((x * 4 + y) % 256 for y in range(height) for x in range(width))
    image = stream(pixels, extra=f" /Type /XObject /Subtype /Image /Width {width} /Height "
                   f"{height} /ColorSpace /DeviceGray /BitsPerComponent 8")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
               stream(b"q 500 0 0 700 40 60 cm /Im1 Do Q"),
               image]
    return build_pdf(objects)


def encrypted_pdf(user_password: str) -> bytes:
    """A reportlab PDF encrypted with RC4; the empty user password opens the first kind."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret", strength=128)
    c = canvas.Canvas(buf, encrypt=enc)
    y = 780
    for line in RESUME.splitlines():
        c.drawString(50, y, line)
        y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


def bit_flips(data: bytes, n: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


# -- DOCX -------------------------------------------------------------------------------------


def docx_bytes(text: str = RESUME) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def rezip(data: bytes, *, drop: str | None = None,
          replace: dict[str, bytes] | None = None) -> bytes:
    """The zip ``data`` with one member dropped and others replaced."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == drop:
                continue
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return buf.getvalue()


def docx_bomb(unpacked: int) -> bytes:
    """A DOCX whose document.xml unpacks to ``unpacked`` bytes (mostly spaces)."""
    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Python')
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", b"<Types/>")
        with out.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(body)
            chunk = b" " * (1 << 20)
            for _ in range(unpacked // len(chunk)):
                fh.write(chunk)
            fh.write(tail)
    return buf.getvalue()


# -- the corpus -------------------------------------------------------------------------------


def _odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        out.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def _nested_json(depth: int) -> bytes:
    return b'{"basics": ' + b"[" * depth + b"]" * depth + b"}"


def build_bad_corpus(folder: Path, *, big: bool = True) -> list[Case]:
    """Write every bad input into ``folder`` and return the cases.

    ``big=False`` leaves out the cases that take a second or more to read (used where a test
    only needs a mix of good and bad files).
    """
    folder.mkdir(parents=True, exist_ok=True)
    good_pdf = text_pdf(RESUME.splitlines())
    good_docx = docx_bytes()
    cases: list[Case] = []

    def add(name: str, data: bytes | str,
            error: type[SkillgapError] | tuple[type[SkillgapError], ...] | None,
            contains: str = "") -> None:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        cases.append(Case(name, path, error, contains))

    add("good.pdf", good_pdf, None, "PyTorch")
    add("good.docx", good_docx, None, "PyTorch")
    # PDFs
    add("truncated-half.pdf", good_pdf[: len(good_pdf) // 2], DocumentReadError)
    add("truncated-header.pdf", good_pdf[:12], DocumentReadError)
    for seed in range(3):
        # a flipped bit may land in a harmless place: read, or a clean error
        add(f"bit-flipped-{seed}.pdf", bit_flips(good_pdf, 8, seed), (DocumentReadError,))
    add("encrypted-empty-password.pdf", encrypted_pdf(""), None, "PyTorch")
    add("encrypted-needs-password.pdf", encrypted_pdf("s3cret"), DocumentReadError)
    add("image-only.pdf", image_only_pdf(), DocumentReadError)
    add("no-pages.pdf", build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                   b"<< /Type /Pages /Kids [] /Count 0 >>"]), DocumentReadError)
    add("garbage-after-header.pdf", b"%PDF-1.7\n" + random.Random(7).randbytes(4000),
        DocumentReadError)
    if big:
        add("thousands-of-pages.pdf", text_pdf(["Python"], pages=3000), DocumentTooLargeError)
        # 120 MB of content stream in 120 kB: refused before pdfminer parses it
        add("huge-object-stream.pdf", text_pdf([], content=b" " * 120_000_000),
            (DocumentTooLargeError, DocumentTimeoutError))
    # empty, wrong extension, not a document
    add("zero-bytes.pdf", b"", DocumentReadError)
    add("zero-bytes.txt", b"", DocumentReadError)
    add("only-whitespace.md", b"  \n\t\n", DocumentReadError)
    add("pdf-named.txt", good_pdf, None, "PyTorch")
    add("docx-named.pdf", good_docx, None, "PyTorch")  # the content decides, not the name
    add("text-named.docx", RESUME, None, "PyTorch")
    add("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), UnsupportedFormatError)
    add("random.bin", random.Random(1).randbytes(5000), UnsupportedFormatError)
    add("random.pdf", random.Random(2).randbytes(5000), UnsupportedFormatError)
    add("odt.odt", _odt(), UnsupportedFormatError)
    add("rtf.txt", b"{\\rtf1\\ansi Python}", UnsupportedFormatError)
    # DOCX
    add("missing-document-xml.docx", rezip(good_docx, drop="word/document.xml"),
        DocumentReadError)
    add("missing-content-types.docx", rezip(good_docx, drop="[Content_Types].xml"),
        DocumentReadError)
    add("missing-rels.docx", rezip(good_docx, drop="_rels/.rels"), DocumentReadError)
    add("missing-styles.docx", rezip(good_docx, drop="word/styles.xml"),
        (DocumentReadError,))
    add("broken-xml.docx", rezip(good_docx, replace={"word/document.xml": b"<w:document><w:bo"}),
        DocumentReadError)
    add("truncated.docx", good_docx[: len(good_docx) // 2], DocumentReadError)
    add("billion-laughs.docx", rezip(good_docx, replace={"word/document.xml": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b"<lolz>&lol4;</lolz>")}), DocumentReadError)
    if big:
        add("zip-bomb.docx", docx_bomb(200 << 20), DocumentTooLargeError)
    # text encodings
    add("latin1.txt", ("Jos\u00e9 M\u00fcller\nSkills\nPython, SQL, \u00e9tudes\n").encode(
        "latin-1"), None, "Jos\u00e9")
    add("utf16-bom.txt", ("\ufeffSkills\nPython, SQL, na\u00efve Bayes\n").encode("utf-16"),
        None, "na\u00efve")
    add("utf16-be-bom.md", b"\xfe\xff" + "# Skills\nPyTorch\n".encode("utf-16-be"), None,
        "PyTorch")
    add("invalid-utf8.txt", b"Skills\nPython \xff\xfe\xfd SQL \xc3\x28\n", None, "SQL")
    add("broken-utf16.txt", b"\xff\xfe" + "Skills".encode("utf-16-le") + b"\x00\xd8!", None,
        "Skills")
    # long lines and JSON
    add("one-long-line.txt", ("lorem ipsum dolor " * 60_000 + "PyTorch").encode(), None,
        "PyTorch")
    add("one-long-line.md", ("**bold [link](" * 20_000 + "<!-- ![" * 5_000).encode(), None,
        "bold")
    add("over-max-chars.txt", ("x" * 2_100_000).encode(), DocumentTooLargeError)
    add("deep.json", _nested_json(100_000), DocumentReadError)
    add("malformed.json", b'{"basics": {"name": "Jane", ', DocumentReadError)
    add("json-not-object.json", b"[1, 2, 3]", DocumentReadError)
    add("json-huge-number.json", b'{"basics": {"name": ' + b"9" * 5000 + b"}}", DocumentReadError)
    add("notebook-deep.ipynb", _nested_json(100_000), DocumentReadError)
    add("notebook-odd-cells.ipynb", json.dumps({"nbformat": 4, "cells": [
        {"cell_type": "markdown", "source": ["# Skills\n", 5, None, "PyTorch"]}, 7,
        {"cell_type": "code", "source": {"x": 1}}]}).encode(), None, "PyTorch")
    add("json-scalar.json", b'"Python and SQL"', None, "Python")
    add("jsonresume-wrong-types.json", json.dumps(
        {"basics": "Jane", "work": {"position": 3}, "skills": [None, 5, {"keywords": "Python"}],
         "education": [{"courses": {"a": 1}}]}).encode(), None, "Python")
    add("jsonresume-empty.json", b'{"basics": {}, "skills": []}', DocumentReadError)
    add("notebook-broken.ipynb", b'{"cells": 5, "nbformat": 4}', DocumentReadError)
    # odd names
    add("name with spaces.md", "# Skills\nPyTorch\n", None, "PyTorch")
    add("r\u00e9sum\u00e9 \u4e2d\u6587 \U0001f600.txt", "Skills\nPyTorch\n", None, "PyTorch")
    add("new\nline.txt", "Skills\nPyTorch\n", None, "PyTorch")
    add("-leading-dash.txt", "Skills\nPyTorch\n", None, "PyTorch")
    return cases


def add_links(folder: Path, outside: Path, *, loop: bool = True) -> list[Case]:
    """A symlink loop, a dangling link and a link to a file outside ``folder``."""
    cases = []
    if loop:
        path = folder / "loop.txt"
        os.symlink(path.name, path)
        cases.append(Case("loop.txt", path, DocumentReadError))
    dangling = folder / "dangling.pdf"
    os.symlink(folder / "does-not-exist.pdf", dangling)
    cases.append(Case("dangling.pdf", dangling, DocumentReadError))
    secret = outside / "outside.txt"
    secret.write_text("Skills\nKubernetes\n")
    link = folder / "outside-link.txt"
    os.symlink(secret, link)
    cases.append(Case("outside-link.txt", link, None, "Kubernetes"))
    return cases


Check = Callable[[Case], None]
__all__ = ["RESUME", "Case", "IngestError", "add_links", "build_bad_corpus", "build_pdf",
           "docx_bytes", "text_pdf"]
