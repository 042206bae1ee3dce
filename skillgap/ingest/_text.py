"""Plain text, and sources that are read as text after light clean-up: LaTeX, Typst, YAML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from skillgap.models import Document

__all__ = ["clean_latex", "clean_typst", "guess_kind", "read_latex", "read_text", "read_typst"]


def guess_kind(path: Path) -> str:
    """``readme`` for README files, ``job-description`` for ``*.job.*`` files, else ``resume``."""
    name = path.name.lower()
    if name.startswith("readme"):
        return "readme"
    if ".job." in name or name.startswith(("job_", "job-", "jd_", "jd-")):
        return "job-description"
    return "resume"


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.lstrip("\ufeff")


def read_text(path: Path, data: bytes, limits: Any) -> Document:
    """A plain-text file (also YAML, TOML, reStructuredText), sections from heading lines."""
    from skillgap.ingest import decode_text

    return Document.from_text(
        _normalise(decode_text(data, path)), kind=guess_kind(path), source=str(path), format="text"
    )


_TEX_COMMENT = re.compile(r"(?<!\\)%.*")
# repetitions are bounded ({0,N}) so that a line of thousands of "\begin[" stays linear
_TEX_SECTION = re.compile(
    r"\\(?:sub){0,3}section\*?\s{0,20}(?:\[[^\]]{0,200}\])?\s{0,20}\{([^{}]{0,200})\}"
)
_TEX_CVSECTION = re.compile(r"\\cv(?:sub)?section\s{0,20}\{([^{}]{0,200})\}")
_TEX_DROP = re.compile(
    r"\\(?:documentclass|usepackage|newcommand|renewcommand|def|setlength|"
    r"geometry|input|include|pagestyle|color|definecolor|hypersetup|"
    r"addtolength|vspace|hspace|begin|end)\b(?:\s{0,20}\[[^\]]{0,200}\])?"
    r"(?:\s{0,20}\{[^{}]{0,200}\}){0,5}"
)
_TEX_CMD = re.compile(r"\\[A-Za-z@]{1,50}\*?(?:\[[^\]]{0,200}\])?")
_TEX_ESC = {
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    "~": " ",
    r"\\": "\n",
    "--": "–",
}


def clean_latex(source: str) -> str:
    """LaTeX source as readable text: sections on their own lines, commands and braces removed.

    >>> clean_latex("\\\\section{Skills}\\n\\\\textbf{Python} \\\\& SQL % note")
    'Skills\\n\\nPython & SQL'
    """
    lines = []
    for raw in source.splitlines():
        line = _TEX_COMMENT.sub("", raw)
        line = _TEX_SECTION.sub(lambda m: "\n" + m.group(1) + "\n", line)
        line = _TEX_CVSECTION.sub(lambda m: "\n" + m.group(1) + "\n", line)
        line = _TEX_DROP.sub("", line)
        for key, value in _TEX_ESC.items():
            line = line.replace(key, value)
        line = _TEX_CMD.sub(" ", line)
        line = re.sub(r"[{}]", " ", line).replace("$", "")
        lines.extend(" ".join(part.split()) for part in line.split("\n"))
    return _squeeze("\n".join(lines))


def _squeeze(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def read_latex(path: Path, data: bytes, limits: Any) -> Document:
    """A LaTeX source file, cleaned to text (``\\section{Experience}`` becomes a section)."""
    from skillgap.ingest import decode_text

    return Document.from_text(
        clean_latex(_normalise(decode_text(data, path))),
        kind=guess_kind(path),
        source=str(path),
        format="latex",
    )


_TYP_HEADING = re.compile(r"^\s*(=+)\s+(.+)$")


def clean_typst(source: str) -> str:
    """Typst source as Markdown-like text: ``= Heading`` lines kept, ``#set``/``#import`` dropped.

    >>> clean_typst("#set page(margin: 1cm)\\n= Skills\\n*Python*, SQL")
    '# Skills\\nPython, SQL'
    """
    out = []
    for raw in source.splitlines():
        line = re.sub(r"(?<!:)//.*", "", raw)
        if re.match(r"^\s*#(set|show|import|let|include)\b", line):
            continue
        head = _TYP_HEADING.match(line)
        if head:
            out.append("#" * len(head.group(1)) + " " + head.group(2).strip())
            continue
        line = re.sub(r"#[A-Za-z_][\w.-]*(\([^()]*\))?", " ", line)
        line = line.replace("*", "").replace("[", " ").replace("]", " ")
        out.append(" ".join(line.split()))
    return _squeeze("\n".join(out))


def read_typst(path: Path, data: bytes, limits: Any) -> Document:
    """A Typst source file, cleaned to text with its headings as sections."""
    from skillgap.ingest import decode_text

    return Document.from_text(
        clean_typst(_normalise(decode_text(data, path))),
        kind=guess_kind(path),
        source=str(path),
        format="markdown",
    )
