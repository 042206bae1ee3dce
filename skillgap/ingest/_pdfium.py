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

Past PDFium's own work (loading the page and its text page), the cost is Python's, so a page is
handled in bulk: the page text comes in one call, and the glyphs' loose boxes are read by one C
call per glyph (spaces and line breaks have none), typed to take plain ints and driven by
:func:`map` into one float array, so no Python object is built per glyph. The layout rules
compare neighbouring glyphs only (the next glyph's line, the gap before it, the median gap of its
line), so :func:`_lines` applies them as numpy expressions over the whole page, with the float
operations of a glyph-by-glyph loop: the text is the same.

Anything PDFium cannot do falls back to pdfminer (:func:`._pdf.read_pdf`), which also words every
error: a file PDFium cannot open (broken, encrypted), a page it fails on, and a PDF without a
text layer (pdfminer tells empty pages from scans, which go to OCR). PDFium is not thread-safe:
one lock serialises its calls. Its C code cannot be interrupted by ``Limits.timeout_s`` in the
middle of a page (the check runs between pages); batch workers are bounded by the batch engine.

The backend is chosen by ``$SKILLGAP_PDF_BACKEND``: ``pdfium`` (the default when pypdfium2 is
installed) or ``pdfminer``.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from collections import deque
from itertools import repeat
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
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            handle = textpage.raw
            n = textpage.count_chars()
            text = textpage.get_text_range(0, n) if n > 0 else ""
            if len(text) != n:  # characters outside the BMP: ask for each one (PDFium gives
                # their two UTF-16 halves, one box each; _pdf.clean_line joins them again)
                text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(n))
            codes = _codes(text)
            ink = _ink(codes)
            boxes = _char_boxes(handle, ink)
            icons = _icon_glyphs(handle, text)
        finally:
            textpage.close()
    finally:
        page.close()
    return _lines(codes, ink, boxes, icons)


def _codes(text: str) -> Any:
    """The code points of ``text`` as a numpy array."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _ink(codes: Any) -> Any:
    """The indices of the characters that are glyphs: not a space, a line break or NUL."""
    import numpy as np

    table = _blank_table()
    return np.flatnonzero(~table[np.minimum(codes, len(table) - 1)])


_LAST_BLANK = 0x3000  # no code point above U+3000 is whitespace (str.isspace)


@functools.cache
def _blank_table() -> Any:
    """``table[c]``: code point ``c`` is whitespace (``str.isspace``) or NUL, for ``c`` up to
    U+3000; one more entry (False) stands for every code point above it."""
    import numpy as np

    table = np.zeros(_LAST_BLANK + 2, dtype=bool)
    table[0] = True
    table[[ord(ch) for ch in re.findall(r"\s", "".join(map(chr, range(_LAST_BLANK + 1))))]] = True
    return table


@functools.cache
def _loose_char_box() -> Any:
    """``FPDFText_GetLooseCharBox`` typed to take plain ints for the handle and the box address,
    so that :func:`map` can call it with no Python objects built per character."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    return prototype(address)


def _char_boxes(handle: Any, ink: Any) -> Any:
    """PDFium's loose box of each glyph at the indices ``ink``: an (n, 4) float array of left,
    top, right, bottom (``FS_RECTF``), filled by one C call per glyph with no Python loop."""
    import ctypes

    import numpy as np

    n = len(ink)
    rects = (ctypes.c_float * (4 * n))()  # zeroed: a box PDFium does not give is empty
    if n:
        base = ctypes.addressof(rects)
        page = ctypes.cast(handle, ctypes.c_void_p).value
        deque(map(_loose_char_box(), repeat(page, n), ink.tolist(), range(base, base + 16 * n, 16)),
              maxlen=0)
    return np.frombuffer(rects, dtype=np.float32).reshape(n, 4).astype(np.float64)


# Wingdings / Symbol bullets as PDFium reads their codes (Latin-1): a lone one starts a list item
_SYMBOL_BULLETS = "ïðØüþ"
_LONE_LETTER = re.compile(r"(?<!\S)[\u00a0-\u02ff](?!\S)")  # spaces (or an end) on both sides


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
    for m in _LONE_LETTER.finditer(text):
        i, ch = m.start(), m.group()
        if not ch.isalpha():
            continue
        j = i + 1
        while j < n and text[j].isspace():
            j += 1
        line_start = i == 0 or text[i - 1] in "\r\n"
        if j == n or (line_start and ch in _SYMBOL_BULLETS) or font(i) != font(j):
            found.append(i)
    return found


def _lines(codes: Any, ink: Any, boxes: Any, icons: list[int]) -> list[_Line]:
    """Group the glyphs into lines and rebuild each line's text, for the whole page at once.

    ``codes`` is the page text (PDFium's text order) as code points, ``ink`` the indices of its
    glyphs and ``boxes`` their boxes (:func:`_char_boxes`); a glyph with an empty box, or one of
    ``icons``, is dropped like a space. Lines follow pdfminer's rule (``LA_PARAMS``): the next
    glyph stays on the line when the two overlap vertically by half the smaller height
    (``line_overlap``) and are closer than three glyph widths (``char_margin``); PDFium's own line
    breaks are ignored, as pdfminer has none.
    The text is rebuilt as :func:`._pdf._line_text` does for pdfminer: a space where the text has
    one (unless the line is letter-spaced, "S K I L L S", whose median gap between glyphs is a
    tenth of the glyph height or more) and at each gap wider than the median gap plus 0.18 glyph
    heights. Every rule compares neighbouring glyphs only, so each is one numpy expression over
    the page, in the same float operations as a glyph-by-glyph loop.
    """
    import numpy as np

    with np.errstate(all="ignore"):
        x0, y1, x1, y0 = boxes.T  # FS_RECTF: left, top, right, bottom
        keep = (x1 > x0) | (y1 > y0)
        if icons:
            keep &= ~np.isin(ink, icons)
        pos = ink
        if not keep.all():
            pos, x0, x1, y0, y1 = ink[keep], x0[keep], x1[keep], y0[keep], y1[keep]
        m = len(pos)
        if m == 0:
            return []
        h, w = y1 - y0, x1 - x0
        ph, ch, pw, cw = h[:-1], h[1:], w[:-1], w[1:]  # glyph k - 1 and glyph k, for k >= 1
        overlap = np.where(y1[1:] < y1[:-1], y1[1:], y1[:-1]) - np.where(y0[1:] > y0[:-1], y0[1:], y0[:-1])
        gap = x0[1:] - x1[:-1]
        back = x0[:-1] - x1[1:]
        distance = np.where(gap > back, gap, back)
        distance = np.where(distance < 0.0, 0.0, distance)
        same = ((overlap > _pdf.LA_PARAMS["line_overlap"] * np.where(ch < ph, ch, ph))
                & (distance < _pdf.LA_PARAMS["char_margin"] * np.where(cw > pw, cw, pw)))
        first = np.empty(m + 1, dtype=bool)  # glyph k starts a line; one past the last glyph
        first[0] = first[m] = True
        np.logical_not(same, out=first[1:m])
        starts = np.flatnonzero(first)
        counts = np.diff(starts)
        starts = starts[:-1]
        line_of = np.repeat(np.arange(len(starts)), counts)
        # the median gap of each line of four glyphs or more (letter-spaced text has a wide one)
        inner_gaps = gap[same]
        ranked = inner_gaps[np.lexsort((inner_gaps, line_of[1:][same]))]  # by line, then by gap
        n_gaps = counts - 1
        spacing = np.zeros(len(starts))
        wide = counts >= 4
        spacing[wide] = ranked[(np.cumsum(n_gaps) - n_gaps)[wide] + n_gaps[wide] // 2]
        spacing = np.where(0.0 > spacing, 0.0, spacing)[line_of[1:]]
        spaced = spacing > 0.1 * np.where(ph > 1.0, ph, 1.0)
        size = np.where(ch < ph, ch, ph)
        word = ((np.diff(pos) > 1) & ~spaced) | (gap > spacing + 0.18 * np.where(size > 1.0, size, 1.0))
        before = np.where(same, np.where(word, 32, 0), 10).astype(np.uint32)  # space, line break
        out = np.zeros(2 * m, dtype=np.uint32)
        out[2::2] = before
        out[1::2] = codes[pos]
        texts = out[out != 0].tobytes().decode("utf-32-le", "surrogatepass")
        # PDFium marks a hyphen at a line break with U+0002 or U+FFFE: pdfminer reads a soft hyphen
        texts = texts.replace("\x02", "\u00ad").replace("\ufffe", "\u00ad").split("\n")
        bounds = zip(np.minimum.reduceat(x0, starts).tolist(), np.maximum.reduceat(x1, starts).tolist(),
                     np.minimum.reduceat(y0, starts).tolist(), np.maximum.reduceat(y1, starts).tolist(),
                     strict=True)
    return [_Line(a, b, c, d, t.strip()) for (a, b, c, d), t in zip(bounds, texts, strict=True) if t.strip()]
