"""PDF with pdfminer.six: layout-aware reading order, clean words, no headers or page numbers.

Each page is laid out by pdfminer into text lines; the lines are then ordered by this module,
not by pdfminer's box flow: a vertical gutter that no line crosses splits a band of the page
into columns (two-column and sidebar resumes), read column by column; elsewhere lines are read
row by row, lines on the same baseline joined. Line text is rebuilt from the character boxes,
so a space is inserted wherever the gap between two glyphs is wide enough to be one (several
LaTeX and Typst PDFs draw words without space characters). Ligatures are expanded, hyphenated
line breaks joined, bullets and icon glyphs (private-use code points) dropped, and lines that
repeat at the top or bottom of several pages (headers, footers, page numbers) removed.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap.errors import DocumentReadError, DocumentTimeoutError
from skillgap.models import Document

if TYPE_CHECKING:
    from skillgap.ingest import Limits

__all__ = ["clean_line", "join_lines", "read_pdf"]

LA_PARAMS = {
    "char_margin": 3.0,
    "word_margin": 0.12,
    "line_margin": 0.4,
    "line_overlap": 0.5,
    "boxes_flow": None,
    "detect_vertical": False,
    "all_texts": True,
}

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_BULLETS = "•●○◦▪▫■□◆◇►▶▸‣∙⋅➢➤✓✔✗★☆❖⁃◉⦿"
_CID = re.compile(r"\(cid:\d+\)")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–(]?\s*\d{1,3}\s*(?:(?:/|of)\s*\d{1,3})?\s*[-–)]?\s*$", re.I
)


def _is_icon(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or 0x1F300 <= cp <= 0x1FAFF or cp == 0xFFFD


def clean_line(text: str) -> str:
    """One line of PDF text made clean: ligatures expanded, icons dropped, bullets removed.

    A bullet at the start of a line is dropped; one inside a line (a list run together) becomes
    a comma.

    >>> clean_line("• Built e\\ufb03cient pipelines \\uf0e0 • Python")
    'Built efficient pipelines, Python'
    """
    text = _CID.sub("", text)
    text = "".join(_LIGATURES.get(ch, ch) for ch in text if not _is_icon(ch))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    text = text.strip()
    while text and (text[0] in _BULLETS or (text[0] in "-–*·o" and text[1:2] == " ")):
        text = text[1:].strip()
    text = re.sub(rf"\s*[{_BULLETS}]\s*", ", ", text)
    text = re.sub(r"(?<=\w)\u00ad(?=\w)", "-", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,")


def join_lines(lines: list[str]) -> list[str]:
    """Join hyphenated line breaks ("experi-" + "ence" → "experience").

    A line ending in a letter and a hyphen (or soft hyphen) is joined with the next line when
    that starts with a lower-case letter.

    >>> join_lines(["built data pipe-", "lines in Spark", "state-of-the-art"])
    ['built data pipelines in Spark', 'state-of-the-art']
    """
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[A-Za-z]{2}[-\u00ad]$", out[-1]) and re.match(r"[a-z]", line):
            head = out[-1][:-1]
            if "-" in head.rsplit(" ", 1)[-1]:
                head += "-"  # a compound broken at its own hyphen: state-of-the-|art
            word, _, rest = line.partition(" ")
            out[-1] = head + word + (" " + rest if rest else "")
        else:
            out.append(line)
    return out


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def _line_text(line: Any) -> str:
    """Rebuild a line's text from its glyphs, adding a space at each word-sized gap."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar) and c.get_text() != " "]
    gaps = sorted(b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False))
    spacing = max(gaps[len(gaps) // 2], 0.0) if len(gaps) >= 3 else 0.0  # letter-spaced text
    parts: list[str] = []
    prev: Any = None
    for item in line:
        spaced = spacing > 0.1 * max(getattr(item, "size", 10.0), 1.0)
        if not isinstance(item, LTChar):
            text = item.get_text()
            if spaced:
                continue
            if text == " " and parts and parts[-1] != " ":
                parts.append(" ")
            continue
        ch = item.get_text()
        if prev is not None and parts and parts[-1] != " " and ch != " ":
            gap = item.x0 - prev.x1
            size = max(min(item.size, prev.size), 1.0)
            if gap > spacing + 0.18 * size:
                parts.append(" ")
        if ch == " " and (not parts or parts[-1] == " " or spaced):
            continue
        parts.append(ch)
        prev = item
    return "".join(parts).replace("\n", " ")


def _page_lines(layout: Any) -> list[_Line]:
    from pdfminer.layout import LTTextBox, LTTextLine

    lines: list[_Line] = []

    def visit(obj: Any) -> None:
        if isinstance(obj, LTTextLine):
            text = _line_text(obj)
            if text.strip():
                lines.append(_Line(obj.x0, obj.x1, obj.y0, obj.y1, text))
        elif isinstance(obj, LTTextBox) or hasattr(obj, "__iter__"):
            for child in obj:
                visit(child)

    for obj in layout:
        visit(obj)
    return lines


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines that share a baseline into rows, top to bottom, each left to right."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: (-ln.mid, ln.x0)):
        if rows and abs(rows[-1][0].mid - line.mid) < 0.5 * min(rows[-1][0].height, line.height):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda ln: ln.x0) for row in rows]


def _gutter(lines: list[_Line], x0: float, x1: float) -> float | None:
    """The x of the vertical gap crossed by the fewest characters (None if none is clean)."""
    if len(lines) < 6 or x1 - x0 < 100:
        return None
    total = sum(len(ln.text) for ln in lines)
    best: tuple[float, float] | None = None
    x = x0 + 0.15 * (x1 - x0)
    while x < x0 + 0.85 * (x1 - x0):
        crossing = sum(len(ln.text) for ln in lines if ln.x0 < x - 1 and ln.x1 > x + 1)
        left = sum(len(ln.text) for ln in lines if ln.x1 <= x + 1)
        if min(left, total - crossing - left) >= 0.15 * total:
            # prefer few crossings, then the middle of the empty stretch
            key = crossing / total
            if best is None or key < best[0] - 1e-9:
                best = (key, x)
        x += 2.0
    if best is None or best[0] > 0.5:
        return None
    return best[1]


def _order(lines: list[_Line]) -> list[str]:
    """Lines of one page in reading order (columns where a gutter splits a band)."""
    if not lines:
        return []
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    gx = _gutter(lines, x0, x1)
    rows = _rows(lines)
    if gx is None:
        return [" ".join(ln.text.strip() for ln in row) for row in rows]
    out: list[str] = []
    band: list[list[_Line]] = []

    def flush() -> None:
        flat = [ln for row in band for ln in row]
        left = [ln for ln in flat if ln.x1 <= gx + 1]
        right = [ln for ln in flat if ln.x0 >= gx - 1]
        chars = sum(len(ln.text) for ln in flat) or 1
        n_left, n_right = len(_rows(left)), len(_rows(right))
        columns = (
            n_left >= 3
            and n_right >= 3
            and sum(len(ln.text) for ln in left) >= 0.15 * chars
            and sum(len(ln.text) for ln in right) >= 0.15 * chars
        )
        if columns:
            for side in (left, right):
                out.extend(" ".join(ln.text.strip() for ln in row) for row in _rows(side))
        else:
            out.extend(" ".join(ln.text.strip() for ln in row) for row in band)
        band.clear()

    for row in rows:
        if any(ln.x0 < gx - 1 and ln.x1 > gx + 1 for ln in row):
            flush()
            out.append(" ".join(ln.text.strip() for ln in row))
        else:
            band.append(row)
    flush()
    return out


def _strip_repeats(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of several pages."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.lower()).strip()

    edge: Counter[str] = Counter()
    for lines in pages:
        for k in {key(line) for line in lines[:2] + lines[-2:]}:
            edge[k] += 1
    repeated = {k for k, n in edge.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2 + 1)}
    out = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            if at_edge and (_PAGE_NUMBER.match(line) or key(line) in repeated):
                continue
            keep.append(line)
        out.append(keep)
    return out


class _RepairXRef:
    """An xref table found by scanning the file for ``N 0 obj`` (broken trailers, bad xrefs)."""

    @staticmethod
    def install(doc: Any, data: bytes) -> None:
        from pdfminer.pdfdocument import PDFXRef
        from pdfminer.pdftypes import dict_value

        xref = PDFXRef()
        for m in re.finditer(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b", data):
            xref.offsets[int(m.group(1))] = (None, m.start(), int(m.group(2)))
        trailers = [x.get_trailer() for x in doc.xrefs if x.get_trailer()]
        root = next((t["Root"] for t in trailers if "Root" in t), None)
        if root is None:
            return
        xref.trailer = trailers[0]
        doc.xrefs = [xref]
        doc.catalog = dict_value(doc.getobj(root.objid))


def _open(data: bytes, path: Path) -> tuple[Any, list[Any]]:
    """The pdfminer document and its pages; encrypted files get the empty password."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = list(PDFPage.create_pages(doc))
        if not pages:
            _RepairXRef.install(doc, data)
            pages = list(PDFPage.create_pages(doc))
    except PDFPasswordIncorrect as exc:
        raise DocumentReadError(
            "the PDF is encrypted and needs a password; save an unprotected copy (e.g. "
            "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, or print it to a new PDF) "
            "and analyse that",
            path=path,
        ) from exc
    except PDFEncryptionError as exc:
        raise DocumentReadError(
            f"the PDF is encrypted in a way pdfminer cannot open ({exc}); save an unprotected "
            "copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and analyse that",
            path=path,
        ) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise DocumentReadError(
            f"broken PDF ({type(exc).__name__}: {exc}); re-export it from "
            "the original document or print it to a new PDF",
            path=path,
        ) from exc
    return doc, pages


def read_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    """Read a PDF into a Document (text layer; OCR for scanned PDFs when tesseract is present)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    from skillgap.ingest import too_large
    from skillgap.ingest._text import guess_kind

    _, pages = _open(data, path)
    if len(pages) > limits.max_pages:
        raise too_large("the page count", len(pages), limits.max_pages, "max_pages", path)
    if not pages:
        raise DocumentReadError("the PDF has no pages; re-export it", path=path)
    started = time.monotonic()
    rsrc = PDFResourceManager()
    device = PDFPageAggregator(rsrc, laparams=LAParams(**LA_PARAMS))
    interpreter = PDFPageInterpreter(rsrc, device)
    page_lines: list[list[str]] = []
    images = 0
    try:
        for page in pages:
            interpreter.process_page(page)
            layout = device.get_result()
            page_lines.append(_order(_page_lines(layout)))
            images += sum(
                1
                for obj in layout
                if isinstance(obj, LTImage | LTFigure)
                and not any(isinstance(c, LTChar) for c in _walk(obj))
            )
            if time.monotonic() - started > limits.timeout_s:
                raise DocumentTimeoutError(
                    f"reading took over {limits.timeout_s:g} s (timeout_s); raise it with "
                    "Limits(timeout_s=...) or --timeout",
                    path=path,
                )
    except DocumentTimeoutError:
        raise
    except Exception as exc:
        raise DocumentReadError(
            f"broken PDF content ({type(exc).__name__}: {exc}); re-export "
            "it or print it to a new PDF",
            path=path,
        ) from exc
    cleaned = [[c for c in (clean_line(ln) for ln in lines) if c] for lines in page_lines]
    warnings: list[str] = []
    if not any(cleaned):
        if not images:
            raise DocumentReadError("the PDF has no text (empty pages)", path=path)
        text = _ocr(path, data, len(pages))
        warnings.append("no text layer: text was read by OCR (tesseract); expect OCR errors")
        return Document.from_text(
            text, kind=guess_kind(path), source=str(path), format="pdf"
        ).model_copy(update={"pages": len(pages), "warnings": warnings})
    cleaned = _strip_repeats(cleaned)
    text = "\n\n".join("\n".join(join_lines(lines)) for lines in cleaned if lines).strip() + "\n"
    doc = Document.from_text(text, kind=guess_kind(path), source=str(path), format="pdf")
    return doc.model_copy(update={"pages": len(pages), "warnings": warnings})


def _walk(obj: Any) -> list[Any]:
    out = []
    stack = [obj]
    while stack:
        item = stack.pop()
        out.append(item)
        if hasattr(item, "__iter__") and not isinstance(item, str):
            stack.extend(list(item))
    return out


def _ocr(path: Path, data: bytes, n_pages: int) -> str:
    """OCR of a scanned PDF with tesseract (pytesseract + pypdfium2, the ``ocr`` extra)."""
    fix = (
        "install tesseract-ocr (e.g. `apt-get install tesseract-ocr`) and skillgap[ocr], "
        "or export the resume with a text layer"
    )
    if shutil.which("tesseract") is None:
        raise DocumentReadError(
            f"no text layer (a scanned or image-only PDF) and no OCR available; {fix}", path=path
        )
    try:
        import pypdfium2
        import pytesseract
    except ImportError as exc:
        raise DocumentReadError(
            f"no text layer (a scanned or image-only PDF); OCR needs the "
            f"Python packages of the ocr extra: {fix}",
            path=path,
        ) from exc
    try:
        pdf = pypdfium2.PdfDocument(data)
        texts = []
        for i in range(min(len(pdf), n_pages)):
            image = pdf[i].render(scale=300 / 72).to_pil()
            texts.append(pytesseract.image_to_string(image))
    except Exception as exc:
        raise DocumentReadError(
            f"no text layer, and OCR failed ({type(exc).__name__}: {exc}); "
            "export the resume with a text layer",
            path=path,
        ) from exc
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise DocumentReadError("no text layer, and OCR found no text", path=path)
    return text + "\n"
