"""Word DOCX with python-docx: body paragraphs and tables in order, text boxes, headers, footers.

Paragraphs styled ``Heading 1`` start sections even when their words
are not a known section name. The zip is checked before python-docx opens it: uncompressed
sizes over five times ``Limits.max_bytes`` are refused (zip bombs).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap.errors import DocumentReadError
from skillgap.ingest._unicode import drop_decorations, fix_surrogates
from skillgap.models import Document

if TYPE_CHECKING:
    from skillgap.ingest import Limits

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REQUIRED_PARTS = ("word/document.xml", "[Content_Types].xml", "_rels/.rels")


def _check_zip(data: bytes, path: Path, limits: Limits) -> None:
    from skillgap.ingest import too_large

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), EOFError, ...
        raise DocumentReadError(
            "broken DOCX (not a valid zip archive); open it in Word "
            "or LibreOffice and save it again",
            path=path,
        ) from exc
    unpacked = sum(i.file_size for i in infos)
    if unpacked > 5 * limits.max_bytes:
        raise too_large(
            "the uncompressed DOCX size in bytes (5 x max_bytes allowed)",
            unpacked,
            5 * limits.max_bytes,
            "max_bytes",
            path,
        )
    for part in _REQUIRED_PARTS:
        if part not in names:
            raise DocumentReadError(
                f"broken DOCX: the part {part} is missing; open it in Word or "
                "LibreOffice and save it again",
                path=path,
            )


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _surrogate_ref(m: re.Match[bytes]) -> bytes:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return chr(code).encode("utf-8", "surrogatepass") if 0xD800 <= code <= 0xDFFF else m.group()


def _repair_xml(data: bytes) -> bytes | None:
    """The DOCX with its XML parts made valid UTF-8 where tools wrote UTF-16 halves into them
    (raw, CESU-8 style, or as ``&#xD83D;`` references): a surrogate pair joined, a lone surrogate
    replaced by U+FFFD. ``None`` when no part needed it."""
    changed = False
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                part = src.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    text = _CHAR_REF.sub(_surrogate_ref, part)
                    try:
                        text.decode("utf-8")
                    except UnicodeDecodeError:
                        try:
                            fixed = fix_surrogates(text.decode("utf-8", "surrogatepass"))
                        except UnicodeDecodeError:
                            fixed = text.decode("utf-8", "replace")
                        text = fixed.encode("utf-8")
                    if text != part:
                        changed, part = True, text
                dst.writestr(info, part)
    except Exception:  # a zip that cannot be rewritten: the original error stands
        return None
    return out.getvalue() if changed else None


def _para_text(p: Any) -> str:
    """Text of a w:p element: its runs, tabs and breaks (not the text boxes inside it)."""
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}txbxContent"):
        if node.tag == f"{_W}txbxContent":
            continue
        if _in_box(node, p):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _in_box(node: Any, p: Any) -> bool:
    """Whether ``node`` sits in a text box nested inside paragraph ``p``."""
    for ancestor in node.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag == f"{_W}txbxContent":
            return True
    return False


def _style(p: Any, styles: dict[str, str]) -> str:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        return ""
    style = ppr.find(f"{_W}pStyle")
    if style is None:
        return ""
    sid = style.get(f"{_W}val", "")
    return styles.get(sid, sid)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[tuple[int, str]] = []
        self.top: set[tuple[int, str]] = set()  # styled Heading 1
        self.seen_boxes: set[str] = set()

    def add(self, line: str, *, heading: bool = False, top: bool = False) -> None:
        # emoji and icons go before headings are named ("💼 Experience" is an Experience heading)
        line = " ".join(drop_decorations(line).replace("\u00a0", " ").split())
        if not line:
            return
        if heading:
            self.headings.append((self.length, line))
            if top:
                self.top.add((self.length, line))
        self.parts.append(line + "\n")
        self.length += len(line) + 1


def _blocks(element: Any, out: _Builder, styles: dict[str, str]) -> None:
    """Paragraphs and table rows of a body, header or text box, in document order."""
    for child in element:
        if child.tag == f"{_W}p":
            style = _style(child, styles).lower()
            heading = style.startswith(("heading", "title")) or style in {"subtitle"}
            for line in _para_text(child).split("\n"):
                out.add(line, heading=heading, top=style == "heading 1")
            for box in child.iter(f"{_W}txbxContent"):
                if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    continue  # the same box again, for old readers
                key = "".join(box.itertext())
                if key in out.seen_boxes:
                    continue
                out.seen_boxes.add(key)
                _blocks(box, out, styles)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    sub = _Builder()
                    _blocks(cell, sub, styles)
                    text = " ".join(part.strip() for part in sub.parts)
                    if text and text not in cells:
                        cells.append(text)
                out.add(" | ".join(cells))
        elif child.tag in {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"}:
            _blocks(child, out, styles)


def read_docx(path: Path, data: bytes, limits: Limits) -> Document:
    """Read a DOCX: headers, body (paragraphs, tables, text boxes), footers."""
    import docx

    from skillgap.ingest._sections import canonical_section, merge_headings
    from skillgap.ingest._text import guess_kind

    _check_zip(data, path, limits)
    try:
        try:
            word = docx.Document(io.BytesIO(data))
        except Exception:
            repaired = _repair_xml(data)  # UTF-16 halves in the XML; else the error stands
            if repaired is None:
                raise
            word = docx.Document(io.BytesIO(repaired))
        styles = {s.style_id: (s.name or "") for s in word.styles}
        out = _Builder()
        seen: set[str] = set()
        heads, foots = [], []
        for section in word.sections:
            for part, bucket in ((section.header, heads), (section.footer, foots)):
                if part.is_linked_to_previous:
                    continue
                sub = _Builder()
                _blocks(part._element, sub, styles)
                text = "".join(sub.parts)
                if text.strip() and text not in seen:
                    seen.add(text)
                    bucket.append(text)
        for text in heads:
            for line in text.splitlines():
                out.add(line)
        _blocks(word.element.body, out, styles)
        for text in foots:
            for line in text.splitlines():
                out.add(line)
    except DocumentReadError:
        raise
    except Exception as exc:  # python-docx / lxml / zipfile on a damaged file
        from skillgap.ingest import describe_error

        raise DocumentReadError(
            f"broken DOCX ({describe_error(exc)}); open it in Word or "
            "LibreOffice and save it again",
            path=path,
        ) from exc
    text = "".join(out.parts)
    # heading-like lines (never a table row) plus the author's level-1 headings
    found = [
        (sec.start, sec.title)
        for sec in merge_headings(text, out.headings)
        if sec.name != "header"
        and "|" not in sec.title
        and (canonical_section(sec.title) or (sec.start, sec.title) in out.top)
    ]
    sections = merge_headings(text, found, detect=False)
    return Document(
        source=str(path), kind=guess_kind(path), format="docx", text=text, sections=sections
    )
