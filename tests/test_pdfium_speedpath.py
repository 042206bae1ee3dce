"""The PDFium reader's bulk path: glyph boxes read into one array, the layout rules applied with
numpy over a whole page. It must give the text of the plain glyph-by-glyph rules, kept here as
the reference."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from skillgap.ingest import _pdf
from skillgap.ingest._pdf import _Line

pytest.importorskip("pypdfium2")

from skillgap.ingest import _pdfium  # noqa: E402

#: a glyph as the tests place it: (character, left, right, bottom, top); None is a space
Glyph = tuple[str, float, float, float, float]


def _f32(x: float) -> float:
    """PDFium gives boxes as C floats."""
    return float(np.float32(x))


def glyph_lines(glyphs: list[Glyph | None]) -> list[_Line]:
    """:func:`_pdfium._lines` on a page given as glyphs in text order (None: a space)."""
    text = "".join(" " if g is None else g[0] for g in glyphs)
    codes = _pdfium._codes(text)
    ink = _pdfium._ink(codes)
    found = [g for g in glyphs if g is not None and not g[0].isspace()]
    boxes = np.array([(g[1], g[4], g[2], g[3]) for g in found], dtype=np.float32).reshape(-1, 4)
    return _pdfium._lines(codes, ink, boxes.astype(np.float64), [])


def _reference_lines(glyphs: list[Glyph | None]) -> list[_Line]:
    """The glyph-by-glyph rules (the loop :func:`_pdfium._lines` replaced)."""
    lines: list[_Line] = []
    run: list[Glyph | None] = []
    last: Glyph | None = None
    for g in glyphs:
        if g is not None and not (g[2] > g[1] or g[4] > g[3]):
            g = None  # an empty box is dropped like a space
        if g is None:
            if run:
                run.append(None)
            continue
        if last is not None:
            _, x0, x1, y0, y1 = g
            _, lx0, lx1, ly0, ly1 = last
            overlap = min(y1, ly1) - max(y0, ly0)
            distance = max(x0 - lx1, lx0 - x1, 0.0)
            if not (overlap > 0.5 * min(y1 - y0, ly1 - ly0)
                    and distance < 3.0 * max(x1 - x0, lx1 - lx0)):
                lines += _reference_run(run)
                run = []
        run.append(g)
        last = g
    return lines + _reference_run(run)


def _reference_run(run: list[Glyph | None]) -> list[_Line]:
    chars = [g for g in run if g is not None]
    if not chars:
        return []
    gaps = sorted(b[1] - a[2] for a, b in zip(chars, chars[1:], strict=False))
    spacing = max(gaps[len(gaps) // 2], 0.0) if len(chars) >= 4 else 0.0
    parts: list[str] = []
    prev: Glyph | None = None
    for g in run:
        if g is None:
            assert prev is not None
            if spacing > 0.1 * max(prev[4] - prev[3], 1.0):
                continue  # letter-spaced
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and parts[-1] != " ":
            size = max(min(g[4] - g[3], prev[4] - prev[3]), 1.0)
            if g[1] - prev[2] > spacing + 0.18 * size:
                parts.append(" ")
        parts.append(g[0])
        prev = g
    text = "".join(parts).replace("\x02", "\u00ad").strip()
    return [_Line(min(g[1] for g in chars), max(g[2] for g in chars),
                  min(g[3] for g in chars), max(g[4] for g in chars), text)]


def _random_page(rng: random.Random) -> list[Glyph | None]:
    """Words on lines, some letter-spaced, some tight, some in a far column; odd boxes."""
    glyphs: list[Glyph | None] = []
    y = 800.0
    for _ in range(rng.randint(1, 12)):
        size = rng.choice([7.0, 9.5, 10.0, 14.0, 0.6])
        x = rng.choice([50.0, 50.0, 320.0])
        track = rng.choice([0.0, 0.0, 0.4, 2.5, 4.0])  # extra space between letters
        for _ in range(rng.randint(1, 6)):
            for ch in rng.choice(["Python", "SQL", "a", "data-", "co\x02", "ML", "é", "ĳ"]):
                width = size * rng.uniform(0.3, 0.7)
                dy = rng.choice([0.0, 0.0, 0.0, 0.3, 6.0])  # a superscript now and then
                if rng.random() < 0.03:
                    glyphs.append((ch, x, x, y, y))  # an empty box
                else:
                    glyphs.append((ch, _f32(x), _f32(x + width), _f32(y + dy), _f32(y + dy + size)))
                x += width + track + rng.choice([0.0, 0.0, 0.0, -0.3, 0.5, 2.0, 3.0])
            if rng.random() < 0.8:
                glyphs.append(None)
            x += rng.choice([0.0, size * 0.25, size * 0.5, size * 3.5])
        if rng.random() < 0.7:
            glyphs.append(None)  # PDFium's line break
        y -= rng.choice([size * 1.2, size * 0.3, 0.0, -size * 2])  # overlap, same row, going up
    return glyphs


def test_bulk_line_rules_match_the_glyph_by_glyph_rules() -> None:
    rng = random.Random(7)
    for _ in range(400):
        glyphs = _random_page(rng)
        got = glyph_lines(glyphs)
        want = _reference_lines(glyphs)
        assert got == want


def test_bulk_lines_space_words_and_close_up_letter_spacing() -> None:
    def word(text: str, x: float, y: float, gap: float = 0.0) -> list[Glyph | None]:
        out: list[Glyph | None] = []
        for ch in text:
            out.append((ch, x, x + 5.0, y, y + 10.0))
            x += 5.0 + gap
        return out

    glyphs = (word("SKILLS", 50, 700, gap=3.0) + [None]
              + word("Deep", 50, 680) + word("Learning", 50 + 4 * 5 + 2, 680) + [None]  # 2 pt gap
              + word("Kafka", 400, 680))
    assert [(ln.text, ln.x0) for ln in glyph_lines(glyphs)] == [
        ("SKILLS", 50.0), ("Deep Learning", 50.0), ("Kafka", 400.0)]
    assert glyph_lines([None, None]) == []


def test_blank_table_is_str_isspace_for_every_code_point() -> None:
    table = _pdfium._blank_table()
    blank = [i for i in range(sys.maxunicode + 1) if chr(i).isspace() or i == 0]
    assert max(blank) <= _pdfium._LAST_BLANK
    codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    assert np.flatnonzero(~np.isin(np.arange(len(codes)), _pdfium._ink(codes))).tolist() == blank
    assert not table[-1]


def test_char_boxes_are_pdfiums_loose_boxes(tmp_path: Path) -> None:
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pytest.importorskip("reportlab")
    from tests.test_ingest_pdf import _pdf as make_pdf

    path = make_pdf(tmp_path / "cv.pdf", [[(50, 800, "Skills: Python, SQL"), (300, 780, "Kafka  x")]])
    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        textpage = pdf[0].get_textpage()
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n)
        ink = _pdfium._ink(_pdfium._codes(text))
        assert [text[i] for i in ink] == [ch for ch in text if not ch.isspace() and ch != "\x00"]
        boxes = _pdfium._char_boxes(textpage.raw, ink)
        box = pdfium_c.FS_RECTF()
        for row, i in zip(boxes.tolist(), ink.tolist(), strict=True):
            assert pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(box))
            assert row == [box.left, box.top, box.right, box.bottom]
        assert _pdfium._char_boxes(textpage.raw, ink[:0]).shape == (0, 4)
        textpage.close()
        assert _pdf._order(_pdfium._page_lines(pdf, 0)) == ["Skills: Python, SQL", "Kafka x"]
    finally:
        pdf.close()
