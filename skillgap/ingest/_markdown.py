"""Markdown and READMEs: clean the text first, then build the Document from the cleaned text.

Badges, images, HTML tags, comments and link targets go; link text stays. In code blocks only
what is evidence stays: the fence language (rendered ``Code (python)``), import lines and
install commands. Setext headings become ATX headings, so every heading starts a section.
Evidence offsets index the cleaned text, which is ``Document.text``.

Indented text is code only where CommonMark reads it so: at the top level, or four columns
past the content of the list item it stands in. A list item's continuation ("-   **ML
Engineer**", a blank line, "    Built the ranking service") and the content of MkDocs
admonitions and content tabs (``!!! note "Summary"``, ``=== "Skills"``, indented four spaces)
are text; an admonition's or a tab's title stays as a line of text. Icon shortcodes
(``:material-account:``) and attribute lists (``{ .lg .middle }``) go.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from skillgap.ingest._packages import annotate_code
from skillgap.models import Document

__all__ = ["clean_markdown", "code_evidence", "read_markdown"]

# Every repetition is bounded ({0,N}): with "[" or "**" repeated thousands of times on one line,
# an unbounded pattern rescans the rest of the line from each of them (quadratic time).
_FRONT_MATTER = re.compile(r"\A---\n.{0,20000}?\n---\n", re.S)
_BADGE = re.compile(r"\[!\[[^\]]{0,500}\]\([^)]{0,2000}\)\]\([^)]{0,2000}\)")
_IMAGE = re.compile(r"!\[[^\]]{0,500}\]\([^)]{0,2000}\)|!\[[^\]]{0,500}\]\[[^\]]{0,500}\]")
_LINK = re.compile(r"\[([^\]]{0,500})\]\((?:[^()]|\([^()]{0,500}\)){0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]]{1,500})\]\[[^\]]{0,500}\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>]{0,2000}>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>]{0,2000})?/?>")
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|img|center|details|"
    r"summary)\b[^<>]{0,2000}>",
    re.I,
)
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+#.-]*)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
#: A list item's marker and the spaces after it (its content starts after them).
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
#: An MkDocs (Python-Markdown / pymdownx) admonition, collapsible block or content tab, and its
#: title: ``!!! note "Title"``, ``???+ tip``, ``=== "Tab"``.
_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===\+?)(?:[ \t]+([\w-]+))?(?:[ \t]*\"([^\"]{0,300})\")?[ \t]*$")
#: An icon or emoji shortcode standing alone (":material-account:", ":rocket:").
_SHORTCODE = re.compile(r"(?:(?<=\s)|^):[a-z][a-z0-9_+-]{0,60}:(?=\s|$)")
#: An attribute list of Python-Markdown ("{ .lg .middle }", "{: #intro }").
_ATTR_LIST = re.compile(r"\{:?[ \t]*[.#][\w-][^{}\n]{0,200}\}")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
#: Emphasis with one asterisk ("*2020-2022*"); not with one underscore, which names carry
#: ("snake_case_names").
_EMPHASIS_ONE = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![*\w])")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}

# lines of code that are evidence: imports and installs
_CODE_EVIDENCE = re.compile(
    r"^\s*(?:(?:from\s+[\w.]+\s+)?import\s+[\w., ]+|library\([\w.]+\)|require\([\w.]+\)|"
    r"(?:!|%)?(?:pip3?|conda|mamba|uv pip|poetry|npm|yarn)\s+(?:install|add)\s+.+|"
    r"(?:sudo\s+)?(?:docker|docker-compose|kubectl|helm|dvc|mlflow|terraform|spark-submit|"
    r"torchrun|accelerate|streamlit|uvicorn|gunicorn)\s+\S.*)$"
)


def code_evidence(line: str) -> bool:
    """Whether a code line is kept as evidence (imports, installs, tool commands).

    >>> code_evidence("from sklearn.ensemble import RandomForestClassifier"), code_evidence("x = 1")
    (True, False)
    """
    return bool(_CODE_EVIDENCE.match(line))


def _inline(line: str) -> str:
    line = _ATTR_LIST.sub("", line)
    line = _SHORTCODE.sub("", line)
    line = _BADGE.sub("", line)
    line = _IMAGE.sub("", line)
    line = _AUTOLINK.sub("", line)
    line = _LINK.sub(lambda m: m.group(1), line)
    line = _REF_LINK.sub(lambda m: m.group(1), line)
    line = _BLOCK_TAG.sub(" ", line)
    line = _TAG.sub("", line)
    for entity, char in _ENTITIES.items():
        line = line.replace(entity, char)
    line = _EMPHASIS.sub(lambda m: m.group(2), line)
    line = _EMPHASIS_ONE.sub(lambda m: m.group(1), line)
    line = line.replace("`", "")
    return re.sub(r"(?<=\S) {2,}", " ", line).rstrip()


def _strip_comments(source: str) -> str:
    """Drop ``<!-- ... -->`` comments (an unclosed one is kept as text), in linear time."""
    parts: list[str] = []
    pos = 0
    while True:
        start = source.find("<!--", pos)
        if start < 0:
            parts.append(source[pos:])
            break
        parts.append(source[pos:start])
        end = source.find("-->", start + 4)
        if end < 0:
            parts.append(source[start:])
            break
        pos = end + 3
    return "".join(parts)


def clean_markdown(source: str) -> str:
    """Markdown as clean text with ATX headings kept.

    >>> clean_markdown("# Stack\\n[![ci](b.svg)](x) Built with [PyTorch](https://pytorch.org)")
    '# Stack\\nBuilt with PyTorch\\n'
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    source = _FRONT_MATTER.sub("", source)
    source = _strip_comments(source)
    out: list[str] = []
    fence: str | None = None
    blocks: tuple[int, ...] = ()  # content columns of the list items and MkDocs blocks we are in
    code = False  # in an indented code block
    for raw in source.split("\n"):
        fence_match = _FENCE.match(raw)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and not fence_match.group(2):
                fence = None
            elif code_evidence(raw):
                out.append(annotate_code(raw.strip().lstrip("!%").strip()))
            continue
        if fence_match:
            fence = fence_match.group(1)
            if fence_match.group(2):
                out.append(f"Code ({fence_match.group(2)})")
            continue
        if raw.strip():
            raw, blocks = _in_container(raw, blocks, bool(out and not out[-1].strip()))
        if raw.startswith(("    ", "\t")) and (code or out and not out[-1].strip()):
            code = True  # an indented code block goes on to the next line indented less
            if code_evidence(raw):
                out.append(annotate_code(raw.strip()))
            continue
        if raw.strip():
            code = False
        if _THEMATIC_BREAK.match(raw) and (not out or not out[-1].strip()):
            continue  # a rule between blocks (after text, "---" is a setext underline)
        container = _CONTAINER.match(raw)
        if container:  # "!!! abstract \"Summary\"": its title, if any, is a line of text
            raw = container.group(2) or ""
        if _REF_DEF.match(raw) or _TABLE_RULE.match(raw):
            continue
        setext = _SETEXT.match(raw)
        if setext and out and out[-1].strip() and not out[-1].startswith("#"):
            level = "#" if setext.group(1)[0] == "=" else "##"
            out[-1] = f"{level} {out[-1].strip()}"
            continue
        line = _inline(raw)
        if not raw[:1].isspace():
            line = line.lstrip()
        if line.strip(" |") == "" and raw.strip():
            continue  # a line that was only a badge, image or tag
        if "|" in line and line.strip().startswith("|"):
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(line)
    text = "\n".join(out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _in_container(raw: str, stack: tuple[int, ...],
                  after_blank: bool) -> tuple[str, tuple[int, ...]]:
    """A non-blank line read against the list items and MkDocs blocks it may stand in:
    ``stack`` holds the columns where their content starts, outermost first. Returns the line to
    read on and the stack for the next line.

    A line indented at least to a block's content column is that block's text, read with that
    indentation removed (so it is no indented code block), and may open a nested list item or
    block; four columns past the content it is code, as at the top level. A line that reaches
    no block opens one, continues a paragraph (no blank line before it) or, after a blank line,
    ends them all.

    >>> _in_container("    Built a ranking service", (4,), True)
    ('Built a ranking service', (4,))
    >>> _in_container("        x = 1", (4,), True)
    ('    x = 1', (4,))
    >>> _in_container("    - RAG Systems", (4, 6), False)
    ('- RAG Systems', (4, 6))
    >>> _in_container("Plain paragraph", (4,), True)
    ('Plain paragraph', ())
    >>> _in_container("10.  Shipped the model", (), True)
    ('10.  Shipped the model', (5,))
    """
    expanded = raw.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    inside = tuple(c for c in stack if indent >= c)
    base = inside[-1] if inside else 0
    rest = expanded[base:]
    body = rest.lstrip(" ")
    if len(rest) - len(body) >= 4:  # four columns past the content: an indented code block
        return ("    " + body if inside else raw), stack
    opened = _opened(body, base + len(rest) - len(body))
    if opened is not None:
        return body, (*inside, opened)  # a nested item, or the next item of a list
    if inside or (stack and not after_blank):
        return body, stack if not after_blank else inside
    return expanded, ()  # text at the top level after a blank line ends every block


def _opened(line: str, column: int) -> int | None:
    """The content column of the list item or MkDocs block that ``line`` opens at ``column``,
    or None."""
    item = _LIST_ITEM.match(line)
    if item:
        marker = item.group(0).rstrip(" \t")
        spaces = len(item.group(0)) - len(marker)
        # one to four spaces after the marker: the content starts after them; none (an empty
        # item) or five and more (code in the item): one column after the marker
        return column + len(marker) + (spaces if 1 <= spaces <= 4 else 1)
    if _CONTAINER.match(line):
        return column + 4
    return None


def read_markdown(path: Path, data: bytes, limits: Any) -> Document:
    """A Markdown file (resume or README); headings become sections."""
    from skillgap.ingest import decode_text
    from skillgap.ingest._text import guess_kind

    text = clean_markdown(decode_text(data, path))
    kind = guess_kind(path)
    doc = Document.from_text(text, kind=kind, source=str(path), format="markdown")
    if kind == "readme":  # "## Training", "## License" in a README are not resume sections
        doc.sections = [
            s if s.name in _README_SECTIONS else s.model_copy(update={"name": "other"})
            for s in doc.sections
        ]
    return doc


_README_SECTIONS = {
    "header",
    "summary",
    "skills",
    "projects",
    "experience",
    "publications",
    "other",
}
