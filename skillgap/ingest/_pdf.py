"""PDF with pdfminer.six: layout-aware reading order, clean words, no headers or page numbers.

Each page is laid out by pdfminer into text lines; the lines are then ordered by this module,
not by pdfminer's box flow: a vertical gutter that no line crosses splits a band of the page
into columns (two-column and sidebar resumes), read column by column; elsewhere lines are read
row by row, lines on the same baseline joined. Line text is rebuilt from the character boxes,
so a space is inserted wherever the gap between two glyphs is wide enough to be one (several
LaTeX and Typst PDFs draw words without space characters). Ligatures are expanded, hyphenated
line breaks joined, bullets and icon glyphs (private-use code points) dropped, and lines that
repeat at the top or bottom of several pages (headers, footers, page numbers) removed.

Hostile files: before pdfminer sees the file, its compressed streams are unpacked with a budget
(five times ``Limits.max_bytes`` in all), so a small PDF cannot unpack gigabytes; at most
``max_pages`` pages are loaded; and pdfminer's log is silenced while it reads, because it logs
the operands of page content (the resume's words) at debug and warning level.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import shutil
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap.errors import DocumentReadError
from skillgap.ingest._unicode import drop_decorations, fix_surrogates
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
_LIGATURE = re.compile(f"[{''.join(_LIGATURES)}]")
_INNER_BULLET = re.compile(rf"\s*[{_BULLETS}]\s*")
_SOFT_HYPHEN = re.compile(r"(?<=\w)\u00ad(?=\w)")
_SPACES = re.compile(r"\s{2,}")
_HYPHEN_END = re.compile(r"[A-Za-z]{2}[-\u00ad]$")
_LOWER_START = re.compile(r"[a-z]")


def clean_line(text: str) -> str:
    """One line of PDF text made clean: ligatures expanded, icons dropped, bullets removed.

    A bullet at the start of a line is dropped; one inside a line (a list run together) becomes
    a comma. Characters outside the BMP that PDFium hands out as two UTF-16 halves are joined;
    glyphs without a character (U+FFFD, a lone surrogate) are dropped, and so are icon-font
    glyphs (private-use code points), emoji and other pictographs
    (:func:`._unicode.drop_decorations`), without gluing the words around them.

    >>> clean_line("• Built e\\ufb03cient pipelines \\uf0e0 • Python")
    'Built efficient pipelines, Python'
    >>> clean_line("\\ud83d\\udcbc Experience \\ud83d")
    'Experience'
    """
    text = _CID.sub("", text)
    if text.isascii():  # no ligatures, icons, bullets or special spaces: the short path
        text = text.replace("\t", " ").strip()
        while text and text[0] in "-*o" and text[1:2] == " ":
            text = text[1:].strip()
        return _SPACES.sub(" ", text).strip(" ,")
    text = fix_surrogates(text).replace("\ufffd", "")
    text = _LIGATURE.sub(lambda m: _LIGATURES[m.group()], text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    text = text.strip()
    while text and (text[0] in _BULLETS or (text[0] in "-–*·o" and text[1:2] == " ")):
        text = text[1:].strip()
    text = _INNER_BULLET.sub(", ", text)  # before the dingbats among the bullets go
    text = drop_decorations(text)
    text = _SOFT_HYPHEN.sub("-", text)
    text = _SPACES.sub(" ", text)
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
        if out and _HYPHEN_END.search(out[-1]) and _LOWER_START.match(line):
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
    head_mid = head_height = 0.0  # of the first line of the last row
    for _, _, i in sorted([(-ln.mid, ln.x0, i) for i, ln in enumerate(lines)]):  # i: a stable sort
        line = lines[i]
        mid, height = line.mid, line.height
        if rows and abs(head_mid - mid) < 0.5 * min(head_height, height):
            rows[-1].append(line)
        else:
            rows.append([line])
            head_mid, head_height = mid, height
    return [row if len(row) == 1 else sorted(row, key=lambda ln: ln.x0) for row in rows]


_MAX_PAGE_WIDTH = 14_400.0  # points: the largest page size of PDF (ISO 32000-1, annex C)


def _gutter(lines: list[_Line], x0: float, x1: float) -> float | None:
    """The x of the vertical gap crossed by the fewest characters (None if none is clean).

    Candidate positions every 2 pt over the middle 70 % of the page; a position needs at least
    15 % of the characters on each side; the first position with the fewest crossing characters
    wins (vectorised: one pass over lines × positions). Text spread wider than the largest page
    a PDF can have (14,400 pt) has glyphs off the page, as damaged or hostile files place them:
    no gutter is looked for there, so the grid stays small (it once took gigabytes).
    """
    if len(lines) < 6 or not 100 <= x1 - x0 <= _MAX_PAGE_WIDTH:
        return None
    import numpy as np

    lens = np.array([len(ln.text) for ln in lines], dtype=np.int64)
    lx0 = np.array([ln.x0 for ln in lines])
    lx1 = np.array([ln.x1 for ln in lines])
    total = int(lens.sum())
    xs = []
    x = x0 + 0.15 * (x1 - x0)
    while x < x0 + 0.85 * (x1 - x0):  # the same float steps as a scalar loop
        xs.append(x)
        x += 2.0
    if not xs or total == 0:
        return None
    grid = np.array(xs)[:, None]
    crossing = ((lx0 < grid - 1) & (lx1 > grid + 1)) @ lens
    left = (lx1 <= grid + 1) @ lens
    valid = np.minimum(left, total - crossing - left) >= 0.15 * total
    if not valid.any():
        return None
    candidates = np.flatnonzero(valid)
    best = candidates[np.argmin(crossing[candidates])]  # first of the fewest crossings
    if crossing[best] / total > 0.5:
        return None
    return float(xs[best])


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


def _pages(doc: Any, max_pages: int, path: Path) -> list[Any]:
    """The pages of ``doc``; over ``max_pages`` is an error (only a bounded number is counted)."""
    from pdfminer.pdfpage import PDFPage

    from skillgap.ingest import too_large

    found = PDFPage.create_pages(doc)
    pages = list(itertools.islice(found, max_pages + 1))
    if len(pages) > max_pages:
        total = len(pages) + sum(1 for _ in itertools.islice(found, 100 * max_pages))
        raise too_large("the page count", total, max_pages, "max_pages", path)
    return pages


def _open(data: bytes, path: Path, max_pages: int) -> tuple[Any, list[Any]]:
    """The pdfminer document and its pages; encrypted files get the empty password."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    from skillgap.errors import DocumentTooLargeError
    from skillgap.ingest import describe_error

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = _pages(doc, max_pages, path)
        if not pages:
            _RepairXRef.install(doc, data)
            pages = _pages(doc, max_pages, path)
    except DocumentTooLargeError:
        raise
    except PDFPasswordIncorrect as exc:
        raise DocumentReadError(
            "the PDF is encrypted and needs a password; save an unprotected copy (e.g. "
            "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, or print it to a new PDF) "
            "and analyse that",
            path=path,
        ) from exc
    except PDFEncryptionError as exc:
        raise DocumentReadError(
            f"the PDF is encrypted in a way pdfminer cannot open ({describe_error(exc)}); "
            "save an unprotected "
            "copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and analyse that",
            path=path,
        ) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise DocumentReadError(
            f"broken PDF ({describe_error(exc)}); re-export it from "
            "the original document or print it to a new PDF",
            path=path,
        ) from exc
    return doc, pages


def read_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    """Read a PDF into a Document (text layer; OCR for scanned PDFs when tesseract is present)."""
    _check_streams(data, path, limits)
    with _quiet_pdfminer():
        return _read(path, data, limits)


def _read(path: Path, data: bytes, limits: Limits) -> Document:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    from skillgap.errors import DocumentTimeoutError
    from skillgap.ingest import describe_error, timeout_error
    from skillgap.ingest._text import guess_kind

    _, pages = _open(data, path, limits.max_pages)
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
            if limits.timeout_s and time.monotonic() - started > limits.timeout_s:
                raise timeout_error(limits.timeout_s, path)
    except DocumentTimeoutError:
        raise
    except Exception as exc:
        raise DocumentReadError(
            f"broken PDF content ({describe_error(exc)}); re-export "
            "it or print it to a new PDF",
            path=path,
        ) from exc
    cleaned = [[c for c in (clean_line(ln) for ln in lines) if c] for lines in page_lines]
    warnings: list[str] = []
    if not any(cleaned):
        if not images:
            raise DocumentReadError(
                "the PDF has no text (empty pages); check that it is the right file, or "
                "re-export it from the original document",
                path=path,
            )
        text = _ocr(path, data, len(pages))
        warnings.append("no text layer: text was read by OCR (tesseract); expect OCR errors")
        return Document.from_text(
            text, kind=guess_kind(path), source=str(path), format="pdf"
        ).model_copy(update={"pages": len(pages), "warnings": warnings})
    cleaned = _strip_repeats(cleaned)
    text = "\n\n".join("\n".join(join_lines(lines)) for lines in cleaned if lines).strip() + "\n"
    doc = Document.from_text(text, kind=guess_kind(path), source=str(path), format="pdf")
    return doc.model_copy(update={"pages": len(pages), "warnings": warnings})


_STREAM = re.compile(rb"stream\r?\n")
_MAX_PIXELS = 40_000_000  # a page rendered for OCR: an A4 page at 300 dpi is 8.7 million
_QUIET_LOCK = threading.Lock()
_quiet_users = 0
_saved: dict[str, tuple[int, bool]] = {}


def _pdfminer_loggers() -> list[logging.Logger]:
    import pdfminer.converter
    import pdfminer.pdfinterp
    import pdfminer.pdfpage  # noqa: F401  (their module loggers must exist to be silenced)

    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] == "pdfminer"]
    return [logging.getLogger(n) for n in sorted(set(names) | {"pdfminer"})]


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """Silence every ``pdfminer`` logger while a PDF is read: they log the page's words (the
    operands of text operators) at debug and warning level. Levels are given back afterwards."""
    global _quiet_users
    with _QUIET_LOCK:
        if _quiet_users == 0:
            for lg in _pdfminer_loggers():
                _saved[lg.name] = (lg.level, lg.disabled)
                lg.disabled = True
            logging.getLogger("pdfminer").setLevel(logging.CRITICAL + 1)  # modules loaded later
        _quiet_users += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_users -= 1
            if _quiet_users == 0:
                for name, (level, disabled) in _saved.items():
                    lg = logging.getLogger(name)
                    lg.setLevel(level)
                    lg.disabled = disabled
                _saved.clear()


#: The most a deflate stream can expand: 258 bytes from a 2-bit code, about 1032 to 1 (zlib's
#: documentation, "maximum compression factor"); rounded up.
_DEFLATE_MAX_RATIO = 1040


def _check_streams(data: bytes, path: Path, limits: Limits) -> None:
    """Refuse a PDF whose compressed streams unpack to more than 5 x ``max_bytes`` in all.

    Every ``stream`` keyword is tried as the start of zlib data; data that is not zlib
    (images in other codecs, encrypted streams) is skipped, so this bounds what pdfminer can
    be made to inflate from unencrypted streams without parsing the file. The streams are read
    until the rest of the file, at the largest deflate ratio, could not reach the budget.
    """
    from skillgap.ingest import too_large

    budget = 5 * limits.max_bytes
    if len(data) * _DEFLATE_MAX_RATIO <= budget:
        return  # even if every byte were deflate data, it could not unpack past the budget
    total = 0
    chunk = 1 << 16
    for m in _STREAM.finditer(data):
        pos = m.end()
        if total + (len(data) - pos) * _DEFLATE_MAX_RATIO <= budget:
            return  # what is left of the file cannot unpack past the budget (as above)
        head = data[pos : pos + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] << 8 | head[1]) % 31:
            continue  # not a zlib header
        inflater = zlib.decompressobj()
        buf, pos = data[pos : pos + chunk], pos + chunk
        try:
            while True:
                total += len(inflater.decompress(buf, 1 << 20))
                if total > budget:
                    raise too_large(
                        "the unpacked size of the PDF's compressed streams in bytes "
                        "(5 x max_bytes allowed)",
                        total,
                        budget,
                        "max_bytes",
                        path,
                    )
                if inflater.eof:
                    break
                if inflater.unconsumed_tail:
                    buf = inflater.unconsumed_tail
                elif pos < len(data):
                    buf, pos = data[pos : pos + chunk], pos + chunk
                else:
                    break
        except zlib.error:
            continue


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
    from skillgap.ingest import describe_error

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
    pdf = None
    try:
        pdf = pypdfium2.PdfDocument(data)
        texts = []
        for i in range(min(len(pdf), n_pages)):
            page = pdf[i]
            try:
                # 300 dpi, but never more than _MAX_PIXELS (a hostile page can be 200 inches wide)
                width, height = page.get_size()
                scale = min(300 / 72, (_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
                image = page.render(scale=scale).to_pil()
            finally:
                page.close()
            texts.append(pytesseract.image_to_string(image))
    except Exception as exc:
        raise DocumentReadError(
            f"no text layer, and OCR failed ({describe_error(exc)}); "
            "export the resume with a text layer",
            path=path,
        ) from exc
    finally:
        if pdf is not None:
            pdf.close()
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise DocumentReadError(
            "no text layer, and OCR found no text; export the resume with a text layer "
            "(or scan it again, sharper)",
            path=path,
        )
    return text + "\n"
