"""JSON files: JSON Resume (jsonresume.org schema v1), JSON Resume jobs, notebooks, other JSON.

A JSON Resume is rendered as text with one heading per part (Summary, Experience, Projects,
Skills, Education, …), so each part is a :class:`~skillgap.models.Section` with offsets into
the rendered text, which is ``Document.text``: evidence slices back to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skillgap.errors import DocumentReadError
from skillgap.models import Document, Section

__all__ = ["is_job", "is_resume", "read_json", "render_job", "render_resume"]

_RESUME_KEYS = {
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "projects",
}


def is_resume(data: Any) -> bool:
    """Whether parsed JSON looks like a JSON Resume."""
    return isinstance(data, dict) and bool(_RESUME_KEYS & set(data)) and not is_job(data)


def is_job(data: Any) -> bool:
    """Whether parsed JSON looks like a JSON Resume job description."""
    return (
        isinstance(data, dict)
        and "title" in data
        and "basics" not in data
        and "work" not in data
        and bool({"responsibilities", "qualifications", "skills", "description"} & set(data))
    )


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _list(value: Any) -> list[Any]:
    if isinstance(value, str):  # "keywords": "Python" instead of ["Python"]
        return [value]
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


class _Writer:
    """Text with sections: ``section()`` starts one, ``line()`` adds to it."""

    def __init__(self) -> None:
        self.text = ""
        self.starts: list[tuple[int, str, str]] = []

    def section(self, name: str, title: str) -> None:
        if self.text and not self.text.endswith("\n\n"):
            self.text += "\n"
        self.starts.append((len(self.text), name, title))
        self.text += title + "\n"

    def line(self, *parts: str, sep: str = ", ", prefix: str = "") -> None:
        body = sep.join(p for p in parts if p)
        if body:
            self.text += prefix + body + "\n"

    def done(self) -> tuple[str, list[Section]]:
        sections = []
        first = self.starts[0][0] if self.starts else len(self.text)
        if self.text[:first].strip():
            sections.append(Section(name="header", title="", start=0, end=first))
        for i, (start, name, title) in enumerate(self.starts):
            end = self.starts[i + 1][0] if i + 1 < len(self.starts) else len(self.text)
            # drop empty sections (a heading with nothing under it)
            if self.text[start:end].strip() != title:
                sections.append(Section(name=name, title=title, start=start, end=end))
        return self.text, sections


def _dates(entry: dict[str, Any]) -> str:
    start, end = _s(entry.get("startDate")), _s(entry.get("endDate"))
    if start or end:
        return f"({start or '?'} – {end or 'present'})"
    return _s(entry.get("date")) or _s(entry.get("releaseDate"))


def _entries(
    w: _Writer, items: list[dict[str, Any]], title_keys: tuple[str, ...], org_keys: tuple[str, ...]
) -> None:
    for item in items:
        title = next((_s(item.get(k)) for k in title_keys if _s(item.get(k))), "")
        org = next((_s(item.get(k)) for k in org_keys if _s(item.get(k))), "")
        head = " — ".join(p for p in (title, org) if p)
        w.line(head, _dates(item), sep=" ")
        for key in ("description", "summary"):
            w.line(_s(item.get(key)))
        for highlight in _list(item.get("highlights")):
            w.line(_s(highlight), prefix="- ")
        keywords = [_s(k) for k in _list(item.get("keywords")) if _s(k)]
        if keywords:
            w.line("Keywords: " + ", ".join(keywords))
        roles = [_s(r) for r in _list(item.get("roles")) if _s(r)]
        if roles:
            w.line("Roles: " + ", ".join(roles))


def render_resume(data: dict[str, Any]) -> tuple[str, list[Section]]:
    """Render a JSON Resume as text with sections.

    >>> text, secs = render_resume({"skills": [{"name": "ML", "keywords": ["PyTorch"]}]})
    >>> text, [s.name for s in secs]
    ('Skills\\nML: PyTorch\\n', ['skills'])
    """
    w = _Writer()
    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    w.line(_s(basics.get("name")), _s(basics.get("label")), sep=" — ")
    if _s(basics.get("summary")):
        w.section("summary", "Summary")
        w.line(_s(basics.get("summary")))
    for key, title in (("work", "Experience"), ("volunteer", "Volunteer experience")):
        items = _dicts(data.get(key))
        if items:
            w.section("experience", title)
            _entries(w, items, ("position",), ("name", "company", "organization"))
    if _dicts(data.get("projects")):
        w.section("projects", "Projects")
        _entries(w, _dicts(data.get("projects")), ("name",), ("entity",))
    if _dicts(data.get("skills")):
        w.section("skills", "Skills")
        for skill in _dicts(data.get("skills")):
            keywords = ", ".join(_s(k) for k in _list(skill.get("keywords")) if _s(k))
            name = _s(skill.get("name"))
            level = f" ({_s(skill.get('level'))})" if _s(skill.get("level")) else ""
            w.line(f"{name}{level}: {keywords}" if name and keywords else name + level or keywords)
    if _dicts(data.get("education")):
        w.section("education", "Education")
        for edu in _dicts(data.get("education")):
            degree = " in ".join(p for p in (_s(edu.get("studyType")), _s(edu.get("area"))) if p)
            w.line(
                " — ".join(p for p in (degree, _s(edu.get("institution"))) if p),
                _dates(edu),
                sep=" ",
            )
            w.line(f"Score: {_s(edu.get('score'))}" if _s(edu.get("score")) else "")
            courses = [_s(c) for c in _list(edu.get("courses")) if _s(c)]
            if courses:
                w.line("Courses: " + ", ".join(courses))
    if _dicts(data.get("certificates")):
        w.section("certifications", "Certificates")
        for cert in _dicts(data.get("certificates")):
            w.line(_s(cert.get("name")), _s(cert.get("issuer")), _s(cert.get("date")), sep=" — ")
    if _dicts(data.get("awards")):
        w.section("awards", "Awards")
        _entries(w, _dicts(data.get("awards")), ("title",), ("awarder",))
    if _dicts(data.get("publications")):
        w.section("publications", "Publications")
        _entries(w, _dicts(data.get("publications")), ("name",), ("publisher",))
    if _dicts(data.get("languages")):
        w.section("other", "Languages")
        for lang in _dicts(data.get("languages")):
            w.line(_s(lang.get("language")), _s(lang.get("fluency")), sep=": ")
    if _dicts(data.get("interests")):
        w.section("interests", "Interests")
        for interest in _dicts(data.get("interests")):
            keywords = ", ".join(_s(k) for k in _list(interest.get("keywords")) if _s(k))
            w.line(_s(interest.get("name")), keywords, sep=": ")
    return w.done()


def render_job(data: dict[str, Any]) -> tuple[str, list[Section]]:
    """Render a JSON Resume job description as text with sections.

    >>> render_job({"title": "ML Engineer", "skills": [{"name": "ML", "keywords": ["PyTorch"]}]})[0]
    'ML Engineer\\n\\nSkills\\nML: PyTorch\\n'
    """
    w = _Writer()
    w.line(_s(data.get("title")), _s(data.get("company")), sep=" — ")
    w.line(_s(data.get("type")), _s(data.get("experience")), _s(data.get("remote")), sep=", ")
    if _s(data.get("description")):
        w.section("summary", "Description")
        w.line(_s(data.get("description")))
    for key, title in (
        ("responsibilities", "Responsibilities"),
        ("qualifications", "Qualifications"),
    ):
        items = [_s(v) for v in _list(data.get(key)) if _s(v)]
        if items:
            w.section(key, title)
            for item in items:
                w.line(item, prefix="- ")
    if _dicts(data.get("skills")):
        w.section("skills", "Skills")
        for skill in _dicts(data.get("skills")):
            keywords = ", ".join(_s(k) for k in _list(skill.get("keywords")) if _s(k))
            w.line(_s(skill.get("name")), keywords, sep=": ")
    tools = [_s(t) for t in _list(data.get("tools")) if _s(t)]
    if tools:
        w.section("skills", "Tools")
        w.line(", ".join(tools))
    return w.done()


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str) and value.strip() and not value.startswith(("http://", "https://")):
        out.append(" ".join(value.split()))
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out)


def read_json(path: Path, data: bytes, limits: Any) -> Document:
    """A JSON file: JSON Resume, JSON Resume job, notebook, else its string values as text."""
    from skillgap.ingest import decode_text

    raw = decode_text(data, path).lstrip("\ufeff")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DocumentReadError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}; fix the file (e.g. check it with `python -m "
            "json.tool FILE`)",
            path=path,
        ) from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 brackets
        raise DocumentReadError(
            "JSON that cannot be read (nested too deeply or a number too long); fix the file",
            path=path,
        ) from exc
    if isinstance(parsed, dict) and "cells" in parsed and "nbformat" in parsed:
        from skillgap.ingest._repo import notebook_document

        return notebook_document(parsed, source=str(path))
    if is_job(parsed):
        text, sections = render_job(parsed)
        return Document(
            source=str(path),
            kind="job-description",
            format="json-resume-job",
            text=text,
            sections=sections,
        )
    if is_resume(parsed):
        text, sections = render_resume(parsed)
        return Document(
            source=str(path), kind="resume", format="json-resume", text=text, sections=sections
        )
    values: list[str] = []
    try:
        _strings(parsed, values)
    except RecursionError as exc:
        raise DocumentReadError("JSON nested too deeply to read", path=path) from exc
    if not values:
        raise DocumentReadError(
            "the JSON holds no text (no string values); pass a JSON Resume "
            "(jsonresume.org) or the resume as PDF, DOCX or text",
            path=path,
        )
    doc = Document.from_text(
        "\n".join(values) + ("\n" if values else ""), kind="resume", source=str(path), format="json"
    )
    return doc.model_copy(
        update={
            "warnings": [
                "not a JSON Resume (jsonresume.org schema); read the text values of the JSON"
            ]
        }
    )
