"""PDF with pypdfium2 (PDFium): the fast reader, with the layout rules of :mod:`._pdf`.

PDFium parses a page and hands out its characters with their boxes several times faster than
pdfminer lays a page out. The glyphs are grouped into lines with pdfminer's own rule
(``_pdf.LA_PARAMS``: vertical overlap, three glyph widths apart at most), each line's text is
rebuilt from the glyph boxes as :mod:`._pdf` does (a space at every word-sized gap, letter-spaced
headings closed up), and the lines then go through the same steps as pdfminer's:
:func:`._pdf._order` (columns and sidebars read column by column), :func:`._pdf.clean_line`
(ligatures, bullets, icon glyphs), :func:`._pdf._strip_repeats` (headers, footers, page numbers)
and :func:`._pdf.join_lines` (hyphenated line breaks). On the development PDFs the two readers
give the same sections and the same skills (``benchmarks/speed.py`` measures the speed).

Anything PDFium cannot do falls back to pdfminer (:func:`._pdf.read_pdf`), which also words every
error: a file PDFium cannot open (broken, encrypted), a page it fails on, and a PDF without a
text layer (pdfminer tells empty pages from scans, which go to OCR). PDFium is not thread-safe:
one lock serialises its calls. Its C code cannot be interrupted by ``Limits.timeout_s`` in the
middle of a page (the check runs between pages); batch workers are bounded by the batch engine.

The backend is chosen by ``$SKILLGAP_PDF_BACKEND``: ``pdfium`` (the default when pypdfium2 is
installed) or ``pdfminer``.
"""

from __future__ import annotations

import os
import threading
import time
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap.ingest import _pdf
from skillgap.ingest._pdf import _Line
from skillgap.models import Document

if TYPE_CHECKING:
    from skillgap.ingest import Limits

__all__ = ["BACKENDS", "pdf_backend", "read_pdf"]

BACKENDS = ("pdfium", "pdfminer")
_ENV = "SKILLGAP_PDF_BACKEND"
_LOCK = threading.Lock()  # PDFium must not be called from two threads at once
# PDFium marks a hyphen at a line break with U+0002 or U+FFFE: pdfminer reads a soft hyphen there
_PDFIUM_CHARS = str.maketrans({"\x02": "\u00ad", "\ufffe": "\u00ad"})


#: a glyph as PDFium places it: (character, left, right, bottom, top), PDF points
_Glyph = tuple[str, float, float, float, float]


class _Fallback(Exception):
    """PDFium cannot read this file as well as pdfminer would: read it with pdfminer."""


def pdf_backend() -> str:
    """The PDF reader in use: ``$SKILLGAP_PDF_BACKEND`` if set, else ``pdfium`` when pypdfium2
    is installed, else ``pdfminer``.

    >>> pdf_backend() in BACKENDS
    True
    """
    from skillgap.errors import SkillgapError

    chosen = os.environ.get(_ENV, "").strip().lower()
    if chosen and chosen not in BACKENDS:
        raise SkillgapError(
            f"unknown PDF backend {chosen!r} in ${_ENV}; use one of {', '.join(BACKENDS)}"
        )
    if chosen:
        return chosen
    import importlib.util

    return "pdfium" if importlib.util.find_spec("pypdfium2") is not None else "pdfminer"


def read_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    """Read a PDF with the chosen backend; PDFium falls back to pdfminer where it cannot read."""
    if pdf_backend() == "pdfium":
        try:
            return _read(path, data, limits)
        except _Fallback:
            pass
    return _pdf.read_pdf(path, data, limits)


def _read(path: Path, data: bytes, limits: Limits) -> Document:
    from skillgap.ingest._text import guess_kind

    _pdf._check_streams(data, path, limits)
    try:
        import pypdfium2
    except ImportError as exc:  # pragma: no cover - pdf_backend() checked it is there
        raise _Fallback from exc
    with _LOCK:
        n_pages, page_lines = _read_pages(pypdfium2, path, data, limits)
    cleaned = [[c for c in (_pdf.clean_line(ln) for ln in lines) if c] for lines in page_lines]
    if not any(cleaned):
        raise _Fallback  # no text layer: pdfminer tells empty pages from scans (OCR)
    cleaned = _pdf._strip_repeats(cleaned)
    text = "\n\n".join("\n".join(_pdf.join_lines(lines)) for lines in cleaned if lines)
    text = text.strip() + "\n"
    doc = Document.from_text(text, kind=guess_kind(path), source=str(path), format="pdf")
    return doc.model_copy(update={"pages": n_pages})


def _read_pages(pypdfium2: Any, path: Path, data: bytes,
                limits: Limits) -> tuple[int, list[list[str]]]:
    """The page count and each page's lines in reading order (PDFium calls: hold ``_LOCK``)."""
    from skillgap.ingest import timeout_error, too_large

    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception as exc:  # broken or encrypted: pdfminer words the error
        raise _Fallback from exc
    try:
        n_pages = len(pdf)
        if n_pages > limits.max_pages:
            raise too_large("the page count", n_pages, limits.max_pages, "max_pages", path)
        if n_pages == 0:
            raise _Fallback
        started = time.monotonic()
        page_lines: list[list[str]] = []
        for i in range(n_pages):
            try:
                page_lines.append(_pdf._order(_page_lines(pdf, i)))
            except Exception as exc:
                raise _Fallback from exc
            if limits.timeout_s and time.monotonic() - started > limits.timeout_s:
                raise timeout_error(limits.timeout_s, path)
    finally:
        pdf.close()
    return n_pages, page_lines


def _page_lines(pdf: Any, index: int) -> list[_Line]:
    """The text lines of one page, built from PDFium's glyphs and their boxes."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            handle = textpage.raw
            n = textpage.count_chars()
            text = textpage.get_text_range(0, n) if n > 0 else ""
            if len(text) != n:  # characters outside the BMP: ask for each one
                text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
            box = pdfium_c.FS_RECTF()
            get_box = pdfium_c.FPDFText_GetLooseCharBox
            ref = ctypes.byref(box)
            glyphs: list[_Glyph | None] = []
            append = glyphs.append
            for i, ch in enumerate(text):
                if ch == " " or ch == "\x00" or ch.isspace():
                    append(None)
                    continue
                get_box(handle, i, ref)
                left, right, bottom, top = box.left, box.right, box.bottom, box.top
                append((ch, left, right, bottom, top) if right > left or top > bottom else None)
            for i in _icon_glyphs(handle, text):
                glyphs[i] = None
        finally:
            textpage.close()
    finally:
        page.close()
    return _lines(glyphs)


# Wingdings / Symbol bullets as PDFium reads their codes (Latin-1): a lone one starts a list item
_SYMBOL_BULLETS = "ïðØüþ"


def _icon_glyphs(handle: Any, text: str) -> list[int]:
    """Icons and bullets of symbol fonts that PDFium reads as Latin letters ("ï", "ð"): a lone
    letter of U+00A0–U+02FF in another font than the next word's, or a usual bullet code at the
    start of a line. pdfminer finds no Unicode for these glyphs (``(cid:N)``), and
    :func:`._pdf.clean_line` drops them there."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def font(index: int) -> bytes:
        pdfium_c.FPDFText_GetFontInfo(handle, index, buf, 128, ctypes.byref(flags))
        return bytes(buf.value)

    found: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if not ("\u00a0" <= ch < "\u0300" and ch.isalpha()):
            continue
        if (i > 0 and not text[i - 1].isspace()) or (i + 1 < n and not text[i + 1].isspace()):
            continue
        j = i + 1
        while j < n and text[j].isspace():
            j += 1
        line_start = i == 0 or text[i - 1] in "\r\n"
        if j == n or (line_start and ch in _SYMBOL_BULLETS) or font(i) != font(j):
            found.append(i)
    return found


def _lines(glyphs: list[_Glyph | None]) -> list[_Line]:
    """Group glyphs (in PDFium's text order) into lines with pdfminer's rule (``LA_PARAMS``): the
    next glyph stays on the line when the two overlap vertically by half the smaller height
    (``line_overlap``) and are closer than three glyph widths (``char_margin``). PDFium's own
    line breaks are ignored, as pdfminer has none. ``None`` stands for a space or line break."""
    lines: list[_Line] = []
    run: list[_Glyph | None] = []
    share = _pdf.LA_PARAMS["line_overlap"]
    margin = _pdf.LA_PARAMS["char_margin"]
    lx0 = lx1 = ly0 = ly1 = 0.0
    started = False  # the run holds a glyph with a box
    for g in glyphs:
        if g is None:
            if run:
                run.append(None)
            continue
        _, x0, x1, y0, y1 = g
        if started:
            overlap = (y1 if y1 < ly1 else ly1) - (y0 if y0 > ly0 else ly0)
            height, last_height = y1 - y0, ly1 - ly0
            width, last_width = x1 - x0, lx1 - lx0
            distance = x0 - lx1 if x0 - lx1 > lx0 - x1 else lx0 - x1
            if distance < 0.0:
                distance = 0.0
            if not (overlap > share * (height if height < last_height else last_height)
                    and distance < margin * (width if width > last_width else last_width)):
                line = _run_line(run)
                if line is not None:
                    lines.append(line)
                run = []
        run.append(g)
        started = True
        lx0, lx1, ly0, ly1 = x0, x1, y0, y1
    line = _run_line(run)
    if line is not None:
        lines.append(line)
    return lines


def _run_line(run: list[_Glyph | None]) -> _Line | None:
    """One line's text rebuilt from its glyphs as :func:`._pdf._line_text` does for pdfminer: a
    space at each word-sized gap, letter-spaced text ("S K I L L S") closed up."""
    chars = [g for g in run if g is not None]
    if not chars:
        return None
    spacing = 0.0
    if len(chars) >= 4:  # the median gap between glyphs: letter-spaced text has a wide one
        gaps = sorted([b[1] - a[2] for a, b in zip(chars, chars[1:], strict=False)])
        spacing = max(gaps[len(gaps) // 2], 0.0)
    parts: list[str] = []
    prev: _Glyph | None = None
    for g in run:
        if g is None:
            size = prev[4] - prev[3] if prev is not None else 10.0
            if spacing > 0.1 * (size if size > 1.0 else 1.0):
                continue  # letter-spaced: the spaces between the letters are not word breaks
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and parts and parts[-1] != " ":
            height, prev_height = g[4] - g[3], prev[4] - prev[3]
            size = height if height < prev_height else prev_height
            if g[1] - prev[2] > spacing + 0.18 * (size if size > 1.0 else 1.0):
                parts.append(" ")
        parts.append(g[0])
        prev = g
    text = "".join(parts).translate(_PDFIUM_CHARS).strip()
    if not text:
        return None
    return _Line(min(map(itemgetter(1), chars)), max(map(itemgetter(2), chars)),
                 min(map(itemgetter(3), chars)), max(map(itemgetter(4), chars)), text)
