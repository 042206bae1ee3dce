"""Fuzz the reading and analysis of documents (not a test; CI runs a small slice of it).

Usage::

    python benchmarks/fuzz.py [DATA_DIR] [--n 10000] [--seed 0] [--timeout 20] [--json]
                              [--no-eval] [--save-failures DIR] [--atheris]

DATA_DIR defaults to ../shared/eval relative to the repository root. Seeds: documents generated
here (PDF, DOCX, JSON Resume, Markdown, LaTeX, notebook and text renderings of the example
resumes) plus, when DATA_DIR exists, the development resumes (``resumes/``: PDF, Markdown,
LaTeX, Typst, YAML, JSON) and the DOCX/JSON of ``resume_parser_oracles/``.

Each input is a seed mutated by one to three of: bit flips, byte overwrites, truncation, a
splice with another seed, duplication of a chunk, deletion of a chunk, insertion of random
bytes or of structural tokens (``obj``, ``stream``, ``<<``, ``**``, ``{"``, heading lines,
unicode), and three that reach the text of every format: characters outside the BMP (emoji,
ZWJ sequences, flags, CJK Extension B, mathematical letters, private-use icons), surrogate pairs
split in two (the halves written apart) and lone surrogates. They are written as each format
carries them: UTF-8, CESU-8 and UTF-16 bytes in text files, ``\ud83d`` escapes in JSON, raw bytes
and ``&#xD83D;`` references in a DOCX's XML, and a ToUnicode CMap in a PDF (the PDF's text is
written again with a Type0 font, as browsers print it). The input is sometimes saved under a
wrong file extension. It is written to a file and run in this process through
``skillgap.load_document`` and ``skillgap.analyze(doc, embeddings=False)``.

An outcome is *expected* when it is an ``Analysis`` whose evidence slices back to the document
text and whose scores lie in [0, 1], or a ``SkillgapError`` whose message names the file. Anything
else is *unexpected*: another exception, a broken invariant, or an input that runs past the
per-input guard (twice ``--timeout``; reading itself is bounded by ``Limits(timeout_s=--timeout)``).
The script prints the counts per outcome, a table of outcomes per seed format and per mutation
(an input counts once under each mutation applied to it), the number of unexpected outcomes
(which must be 0) and inputs per second; it exits with status 1 when any outcome was unexpected.

``--atheris`` hands the mutation to atheris (coverage-guided) when it is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import skillgap
from skillgap import Document, Limits, SkillgapError
from skillgap.ingest import decode_text
from skillgap.models import Analysis

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval"
EXTENSIONS = [".pdf", ".docx", ".json", ".md", ".txt", ".tex", ".typ", ".ipynb", ".yaml", ""]
TOKENS = [
    b"obj", b"endobj", b"stream\n", b"endstream", b"<<", b">>", b"/Filter /FlateDecode",
    b"/Length 999999999", b"xref", b"trailer", b"%%EOF", b"%PDF-1.7", b"/Type /Page",
    b"/Kids [1 0 R]", b"(", b")", b"\\", b"Tj", b"BT", b"ET", b"999999999 0 R",
    b"PK\x03\x04", b"word/document.xml", b"<w:t>", b"</w:p>", b"<!DOCTYPE", b"&amp;",
    b"**", b"__", b"[", b"](", b"![", b"<!--", b"-->", b"```", b"---\n", b"# Skills\n",
    b"\n## Experience\n", b"{\"", b"\":", b"[[[[[[[[", b"]]]]", b"\\section{", b"\\begin[",
    b"#set ", b"= Skills\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\t",
    "\u2028\u00ad\ufb01\u200b\U0001f600 caf\u00e9 \u4e2d\u6587".encode(), b"\xed\xa0\x80",
    b"no experience with Kubernetes", b"currently learning Rust", b"PyTorch", b"R, Go, C",
    b"improved latency by 40%", b"9" * 40,
]


@dataclass(frozen=True)
class Seed:
    """One starting document: a name, its file extension and its bytes."""

    name: str
    suffix: str
    data: bytes


@dataclass
class FuzzReport:
    """What a fuzz run found."""

    inputs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    seeds: int = 0
    by_format: dict[str, Counter[str]] = field(default_factory=dict)
    by_mutation: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, fmt: str, mutations: tuple[str, ...], outcome: str) -> None:
        """Count one input's outcome under its seed format and each of its mutations."""
        kind = ("ok" if outcome == "ok" else "unexpected" if outcome.startswith("UNEXPECTED")
                else "SkillgapError")
        self.outcomes[outcome] += 1
        self.by_format.setdefault(fmt, Counter())[kind] += 1
        for name in dict.fromkeys(mutations):
            self.by_mutation.setdefault(name, Counter())[kind] += 1

    @property
    def unexpected_count(self) -> int:
        return len(self.unexpected)

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "seeds": self.seeds,
            "unexpected": self.unexpected_count,
            "outcomes": dict(sorted(self.outcomes.items())),
            "seconds": round(self.seconds, 2),
            "inputs_per_s": round(self.inputs / self.seconds, 1) if self.seconds else None,
            "by_format": {k: dict(v) for k, v in sorted(self.by_format.items())},
            "by_mutation": {k: dict(v) for k, v in sorted(self.by_mutation.items())},
            "failures": self.unexpected[:20],
        }

    def table(self) -> str:
        """Outcomes per seed format and per mutation, as a Markdown table."""
        rows = ["| | inputs | result | SkillgapError | unexpected |", "|---|---:|---:|---:|---:|"]
        for title, groups in (("format", self.by_format), ("mutation", self.by_mutation)):
            for name, c in sorted(groups.items()):
                rows.append(f"| {title} `{name}` | {sum(c.values()):,} | {c['ok']:,} | "
                            f"{c['SkillgapError']:,} | {c['unexpected']:,} |")
        return "\n".join(rows)


# -- seeds --------------------------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (Helvetica, WinAnsi), written by hand."""
    ops = ["BT /F1 10 Tf 50 800 Td 12 TL"]
    for line in lines[:60]:
        safe = line.encode("cp1252", "replace").decode("cp1252")
        safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode("cp1252", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode()
        + content + b"\nendstream",
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; the first is the catalog), with its xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"\
        .encode()
    return bytes(out)


def _docx(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for line in lines:
        if line.startswith("#"):
            d.add_heading(line.lstrip("# "), level=1)
        else:
            d.add_paragraph(line)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Python"
    table.rows[0].cells[1].text = "PyTorch, Docker"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _json_resume(lines: list[str]) -> bytes:
    words = [w.strip(",.;:()") for line in lines for w in line.split()]
    keywords = sorted({w for w in words if w[:1].isupper()})[:30]
    return json.dumps({
        "basics": {"name": "Alex Example", "label": "Data Scientist",
                   "summary": " ".join(lines[:3])},
        "work": [{"position": "ML Engineer", "name": "Acme", "startDate": "2020-01",
                  "highlights": lines[3:12]}],
        "projects": [{"name": "churn-forecast", "description": "Forecasting churn",
                      "keywords": keywords[:5]}],
        "skills": [{"name": "Machine learning", "keywords": keywords}],
        "education": [{"studyType": "MSc", "area": "Statistics", "institution": "Example U"}],
    }, indent=2).encode()


def _notebook(lines: list[str]) -> bytes:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": lines[:10]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
                   "source": ["import torch\n", "from sklearn.linear_model import Ridge\n",
                              "!pip install xgboost\n"]}],
    }).encode()


def _latex(lines: list[str]) -> bytes:
    body = []
    for line in lines:
        if line.startswith("#"):
            body.append("\\section{" + line.lstrip("# ") + "}")
        else:
            body.append(line.replace("&", "\\&").replace("%", "\\%") + " \\\\")
    return ("\\documentclass{article}\n\\begin{document}\n" + "\n".join(body)
            + "\n\\end{document}\n").encode()


def generated_seeds() -> list[Seed]:
    """Seeds rendered here from the project's example resumes (no outside data)."""
    seeds: list[Seed] = []
    for path in sorted((ROOT / "examples" / "resumes").glob("*")):
        text = path.read_text(encoding="utf-8")
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        stem = path.stem
        seeds += [
            Seed(f"{stem}.md", ".md", text.encode()),
            Seed(f"{stem}.txt", ".txt", "\n".join(ln.lstrip("#- ") for ln in lines).encode()),
            Seed(f"{stem}.pdf", ".pdf", _pdf([ln.lstrip("#- ") for ln in lines])),
            Seed(f"{stem}.docx", ".docx", _docx(lines)),
            Seed(f"{stem}.json", ".json", _json_resume(lines)),
            Seed(f"{stem}.ipynb", ".ipynb", _notebook(lines)),
            Seed(f"{stem}.tex", ".tex", _latex(lines)),
            Seed(f"{stem}.utf16.txt", ".txt", text.encode("utf-16")),
        ]
    return seeds


def eval_seeds(data: Path, *, max_bytes: int = 3_000_000) -> list[Seed]:
    """Seeds from the development set: its resumes and the DOCX/JSON/Markdown of the oracles."""
    files: list[Path] = []
    resumes = data / "resumes"
    if resumes.is_dir():
        files += sorted(p for p in resumes.iterdir() if p.is_file() and p.name != "manifest.tsv")
    oracles = data / "resume_parser_oracles"
    if oracles.is_dir():
        files += sorted(p for p in oracles.rglob("*") if p.is_file()
                        and p.suffix.lower() in {".docx", ".json", ".md", ".pdf", ".txt"})
    return [Seed(p.name, p.suffix.lower(), p.read_bytes()) for p in files
            if 0 < p.stat().st_size <= max_bytes]


# -- mutation -----------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    for _ in range(rng.randint(1, 16)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _overwrite(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    if data:
        i = rng.randrange(len(data))
        data[i : i + 4] = rng.randbytes(rng.randint(1, 4))


def _truncate(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    del data[rng.randint(0, len(data)) :]


def _splice(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    other = rng.choice(others).data
    i, j = rng.randint(0, len(data)), rng.randint(0, len(other))
    data[i:] = other[j:]


def _duplicate(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    if data:
        i = rng.randrange(len(data))
        chunk = data[i : i + rng.randint(1, 4096)]
        data[i:i] = chunk * rng.randint(1, 50)


def _delete(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    if data:
        i = rng.randrange(len(data))
        del data[i : i + rng.randint(1, 2048)]


def _insert_random(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    i = rng.randint(0, len(data))
    data[i:i] = rng.randbytes(rng.randint(1, 256))


def _insert_token(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
    for _ in range(rng.randint(1, 8)):
        i = rng.randint(0, len(data))
        data[i:i] = rng.choice(TOKENS) * (rng.randint(1, 2000) if rng.random() < 0.1 else 1)


# -- unicode outside the BMP, split surrogate pairs, lone surrogates -----------------------------

ASTRAL = [
    "\U0001f4e7", "\U0001f4f1", "\U0001f4bc", "\U0001f393", "\U0001f680", "\U0001f525",
    "\U0001f9d1\u200d\U0001f4bb", "\U0001f1ef\U0001f1f5", "1\ufe0f\u20e3", "\U0001f44d\U0001f3fd",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a subdivision flag
    "\U00020bb7", "\U0002a6d6", "\U00020000\U00020001", "\U0001d465", "\U0001d400\U0001d401",
    "\U000f0001", "\U0010fffd", "\U0001f600 \u2764\ufe0f",
]


def _halves(ch: str) -> tuple[str, str]:
    """The two UTF-16 surrogates of an astral character."""
    units = ch.encode("utf-16-le")
    return (chr(int.from_bytes(units[0:2], "little")), chr(int.from_bytes(units[2:4], "little")))


def _unicode_pieces(rng: random.Random, kind: str) -> list[str]:
    """Strings to insert, at places of their own (one piece each), for one unicode mutation."""
    if kind == "astral":
        return [rng.choice(ASTRAL) for _ in range(rng.randint(1, 6))]
    if kind == "split-pair":
        astral = [ch for ch in "".join(ASTRAL) if ord(ch) > 0xFFFF]
        hi, lo = _halves(rng.choice(astral))
        roll = rng.random()
        if roll < 0.4:
            return [hi + lo]  # both halves, each written as a character of its own (CESU-8)
        if roll < 0.6:
            return [lo + hi]  # in the wrong order
        return [hi, lo]  # apart
    return [chr(rng.randint(0xD800, 0xDFFF)) for _ in range(rng.randint(1, 3))]


def _sniff(data: bytes | bytearray) -> str:
    head = bytes(data[:1024])
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return "json"
    return "text"


def _insert_bytes(rng: random.Random, data: bytearray, pieces: list[bytes], *,
                  step: int = 1, start: int = 0) -> None:
    for piece in pieces:
        i = rng.randint(start, max(start, len(data)))
        i -= (i - start) % step
        data[i:i] = piece


_STRING_START = re.compile(rb'[:\[,]\s*"')  # the opening quote of a JSON string value


def _json_escape(piece: str) -> bytes:
    return "".join(f"\\u{u:04x}" for u in _units(piece)).encode()


def _units(piece: str) -> list[int]:
    raw = piece.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(raw[i : i + 2], "little") for i in range(0, len(raw), 2)]


def _docx_text(rng: random.Random, data: bytearray, pieces: list[str]) -> bool:
    """Insert ``pieces`` into the runs of a DOCX's ``word/document.xml`` (raw bytes or character
    references); False when the zip cannot be rewritten."""
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as src:
            parts = [(info, src.read(info)) for info in src.infolist()]
    except Exception:
        return False
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, part in parts:
            if info.filename == "word/document.xml":
                runs = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", part)] or [len(part)]
                places = sorted(((rng.choice(runs), piece) for piece in pieces), reverse=True)
                for i, piece in places:  # from the end, so that the places stay where they are
                    if rng.random() < 0.5:
                        raw = piece.encode("utf-8", "surrogatepass")
                    else:
                        raw = "".join(f"&#x{u:X};" for u in _units(piece)).encode()
                    part = part[:i] + raw + part[i:]
            dst.writestr(info, part)
    data[:] = out.getvalue()
    return True


def _pdf_unicode(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` with a Type0 font (Identity-H) whose ToUnicode CMap maps
    each glyph to the UTF-16 of its character, surrogates included, as browsers print text."""
    lines = lines[:60]
    chars = sorted({ch for line in lines for ch in line})[:65000]
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    ops = ["BT /F1 10 Tf 50 800 Td 12 TL"]
    for line in lines:
        ops.append("<" + "".join(f"{cid[ch]:04X}" for ch in line if ch in cid) + "> Tj T*")
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode())
    entries = [f"<{cid[ch]:04X}> <{ch.encode('utf-16-be', 'surrogatepass').hex().upper()}>"
               for ch in chars]
    blocks = "".join(f"{len(entries[i:i + 100])} beginbfchar\n" + "\n".join(entries[i:i + 100])
                     + "\nendbfchar\n" for i in range(0, len(entries), 100))
    cmap = zlib.compress((
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + blocks
        + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode()
        + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R /DW 600 >>",
        f"<< /Length {len(cmap)} /Filter /FlateDecode >>\nstream\n".encode()
        + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return _assemble(objects)


def _unicode(kind: str) -> Callable[[random.Random, bytearray, list[Seed]], None]:
    """A mutator inserting unicode of ``kind`` (``astral``, ``split-pair``, ``lone-surrogate``)
    the way the input's format carries it."""

    def mutator(rng: random.Random, data: bytearray, others: list[Seed]) -> None:
        pieces = _unicode_pieces(rng, kind)
        fmt = _sniff(data)
        if fmt == "pdf":  # the text of a resume, written again as a browser prints it
            texts = [o for o in others if o.suffix in {".md", ".txt"}] or others
            text = decode_text(rng.choice(texts).data)
            lines = [ln for ln in text.splitlines() if ln.strip()][:60] or ["Skills", "Python"]
            for piece in pieces:
                k = rng.randrange(len(lines))
                i = rng.randint(0, len(lines[k]))
                lines[k] = lines[k][:i] + piece + lines[k][i:]
            data[:] = _pdf_unicode(lines)
        elif fmt == "zip" and _docx_text(rng, data, pieces):
            pass
        elif fmt == "utf-16":
            codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
            _insert_bytes(rng, data, [p.encode(codec, "surrogatepass") for p in pieces],
                          step=2, start=2)
        elif fmt == "json" and rng.random() < 0.7:  # as \\u escapes at the start of a string
            starts = [m.end() for m in _STRING_START.finditer(data)][:5000] or [0]
            for piece in sorted(pieces, key=lambda _: rng.random()):
                i = rng.choice(starts)
                data[i:i] = _json_escape(piece)
                starts = [j if j < i else j + len(_json_escape(piece)) for j in starts]
        else:
            _insert_bytes(rng, data, [p.encode("utf-8", "surrogatepass") for p in pieces])

    mutator.__name__ = kind
    return mutator


MUTATORS: list[Callable[[random.Random, bytearray, list[Seed]], None]] = [
    _flip, _overwrite, _truncate, _splice, _duplicate, _delete, _insert_random, _insert_token,
    _unicode("astral"), _unicode("split-pair"), _unicode("lone-surrogate"),
]


def _name(mutator: Callable[..., None]) -> str:
    return mutator.__name__.lstrip("_").replace("_", "-")


def mutate(rng: random.Random, seed: Seed, others: list[Seed], *,
           applied: list[str] | None = None) -> tuple[bytes, str]:
    """A mutated copy of ``seed`` and the extension to save it under; the names of the mutations
    are appended to ``applied``."""
    data = bytearray(seed.data)
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice(MUTATORS)
        mutator(rng, data, others)
        if applied is not None:
            applied.append(_name(mutator))
    suffix = rng.choice(EXTENSIONS) if rng.random() < 0.1 else seed.suffix
    return bytes(data), suffix


# -- running ------------------------------------------------------------------------------------


class _Hang(BaseException):
    """The per-input guard rang."""


@contextlib.contextmanager
def _guard(seconds: float) -> Iterator[None]:
    """Raise ``_Hang`` in the main thread after ``seconds``.

    A watchdog thread sends SIGUSR1 (not SIGALRM: ``load_document`` arms its own SIGALRM timer
    for ``Limits.timeout_s`` only while no other timer is set, and that is what is under test).
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def ring(signum: int, frame: Any) -> None:
        if armed[0]:
            raise _Hang

    previous = signal.signal(signal.SIGUSR1, ring)
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGUSR1))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        armed[0] = False
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGUSR1, previous)


def check_analysis(doc: Document, analysis: Analysis) -> str | None:
    """The first broken invariant of an analysis of ``doc``, or None."""
    for hit in analysis.skills:
        if not 0.0 <= hit.confidence <= 1.0 or not 0.0 <= hit.strength <= 1.0:
            return f"score out of [0, 1] for {hit.skill_id}"
        for ev in hit.evidence:
            if ev.source == doc.source and doc.text[ev.start : ev.end] != ev.text:
                return f"evidence of {hit.skill_id} does not slice back to the text"
    for fit in analysis.roles:
        if not 0.0 <= fit.score <= 1.0:
            return f"role score out of [0, 1] for {fit.role_id}"
    return None


def run_one(path: Path, *, taxonomy: Any, limits: Limits) -> str:
    """Read and analyse one file; the outcome ("ok" or an error class) or raise ``AssertionError``
    for a broken invariant."""
    try:
        doc = skillgap.load_document(path, limits=limits)
        analysis = skillgap.analyze(doc, embeddings=False, taxonomy=taxonomy, limits=limits)
    except SkillgapError as exc:
        if str(path) not in str(exc):
            raise AssertionError(f"{type(exc).__name__} does not name the file: {exc}") from exc
        return type(exc).__name__
    problem = check_analysis(doc, analysis)
    if problem:
        raise AssertionError(problem)
    return "ok"


def run_fuzz(seeds: list[Seed], *, n: int, seed: int = 0, timeout_s: float = 20.0,
             workdir: Path | None = None, save_failures: Path | None = None,
             progress: Callable[[int, FuzzReport], None] | None = None,
             inputs: Iterator[Input] | None = None) -> FuzzReport:
    """Run ``n`` mutated inputs through ``load_document`` + ``analyze``; count the outcomes.

    >>> report = run_fuzz(generated_seeds()[:4], n=3, seed=1)
    >>> report.inputs, report.unexpected_count
    (3, 0)
    """
    if not seeds:
        raise ValueError("no seeds to mutate")
    taxonomy = skillgap.load_taxonomy()
    limits = Limits(timeout_s=timeout_s)
    rng = random.Random(seed)
    report = FuzzReport(seeds=len(seeds))
    if inputs is None:
        inputs = _inputs(rng, seeds, n)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        folder = workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for i, (data, suffix, origin, fmt, mutations) in enumerate(inputs):
            if i >= n:
                break
            path = folder / f"input-{i:06d}{suffix}"
            path.write_bytes(data)
            try:
                with _guard(2 * timeout_s):
                    outcome = run_one(path, taxonomy=taxonomy, limits=limits)
                report.count(fmt, mutations, outcome)
            except (Exception, _Hang) as exc:
                what = "hang" if isinstance(exc, _Hang) else type(exc).__name__
                report.count(fmt, mutations, "UNEXPECTED " + what)
                entry = {"input": i, "seed": origin, "suffix": suffix, "outcome": what,
                         "mutations": list(mutations),
                         "message": str(exc)[:300],
                         "traceback": traceback.format_exc(limit=-6)[-2000:]}
                if save_failures is not None:
                    save_failures.mkdir(parents=True, exist_ok=True)
                    kept = save_failures / path.name
                    kept.write_bytes(data)
                    entry["saved"] = str(kept)
                report.unexpected.append(entry)
            finally:
                path.unlink(missing_ok=True)
            report.inputs += 1
            if progress is not None:
                progress(i + 1, report)
    report.seconds = time.perf_counter() - started
    return report


Input = tuple[bytes, str, str, str, tuple[str, ...]]  # data, suffix, seed, format, mutations


def seed_format(seed: Seed) -> str:
    """The format of a seed, for the report: its extension (``utf16.txt`` for UTF-16 text)."""
    if seed.name.endswith(".utf16.txt"):
        return "utf16.txt"
    return seed.suffix.lstrip(".") or "text"


def _inputs(rng: random.Random, seeds: list[Seed], n: int) -> Iterator[Input]:
    for _ in range(n):
        base = rng.choice(seeds)
        applied: list[str] = []
        data, suffix = mutate(rng, base, seeds, applied=applied)
        yield data, suffix, base.name, seed_format(base), tuple(applied)


def _atheris_inputs(seeds: list[Seed], n: int) -> Iterator[Input]:
    """Inputs mutated by atheris's libFuzzer mutator (falls back to ours when absent)."""
    import atheris  # type: ignore[import-not-found]

    rng = random.Random(0)
    for _ in range(n):
        base = rng.choice(seeds)
        data = atheris.Mutate(base.data, max(len(base.data) * 2, 1024))
        yield data, base.suffix, base.name, seed_format(base), ("atheris",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=10_000, help="inputs to run (default 10,000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="Limits.timeout_s per input; the guard is twice this (default 20)")
    parser.add_argument("--no-eval", action="store_true", help="only generated seeds")
    parser.add_argument("--save-failures", type=Path, help="keep unexpected inputs here")
    parser.add_argument("--atheris", action="store_true", help="mutate with atheris")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    seeds = generated_seeds()
    if not args.no_eval and args.data.is_dir():
        seeds += eval_seeds(args.data)
    inputs = _atheris_inputs(seeds, args.n) if args.atheris else None

    def progress(done: int, report: FuzzReport) -> None:
        if not args.json and done % 500 == 0:
            print(f"  {done:,} inputs, {report.unexpected_count} unexpected", file=sys.stderr)

    report = run_fuzz(seeds, n=args.n, seed=args.seed, timeout_s=args.timeout,
                      save_failures=args.save_failures, progress=progress, inputs=inputs)
    out = report.as_dict()
    out.update(seed=args.seed, data=str(args.data) if not args.no_eval else None)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"fuzz: {report.inputs:,} inputs from {report.seeds} seeds (seed {args.seed}) in "
              f"{report.seconds:.1f} s ({out['inputs_per_s']} inputs/s)")
        for outcome, count in sorted(report.outcomes.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {count:7,}  {outcome}")
        print(report.table())
        print(f"unexpected outcomes: {report.unexpected_count}")
        for entry in report.unexpected[:10]:
            print(f"\n--- input {entry['input']} (seed {entry['seed']}, {entry['suffix']}): "
                  f"{entry['outcome']}: {entry['message']}\n{entry['traceback']}")
    return 1 if report.unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
