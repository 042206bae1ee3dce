"""Find resume sections (skills, experience, projects, …) from their headings."""

from __future__ import annotations

import re

from skillgap.models import Section

__all__ = ["HEADINGS", "canonical_section", "detect_sections", "merge_headings"]

# heading text (lower case, '&' spelled 'and') -> canonical section name
HEADINGS: dict[str, str] = {}
for _name, _titles in {
    "summary": [
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "personal statement",
        "career summary",
        "executive summary",
        "introduction",
    ],
    "skills": [
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "skill set",
        "skillset",
        "competencies",
        "core competencies",
        "technologies",
        "tech stack",
        "tools",
        "tools and technologies",
        "technologies and tools",
        "skills and tools",
        "skills and technologies",
        "expertise",
        "areas of expertise",
        "technical expertise",
        "languages and tools",
        "programming languages",
        "languages",
        "technical proficiencies",
        "proficiencies",
        "proficiency",
        "it skills",
        "computer skills",
        "software",
        "frameworks",
        "skills and interests",
        "technical summary",
        "technical competencies",
        "stack",
    ],
    "experience": [
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "industry experience",
        "internships",
        "internship",
        "internship experience",
        "research experience",
        "positions",
        "professional background",
        "career",
        "work",
        "experience and projects",
        "freelance",
        "volunteer experience",
        "leadership experience",
        "teaching experience",
    ],
    "projects": [
        "projects",
        "personal projects",
        "selected projects",
        "key projects",
        "academic projects",
        "side projects",
        "portfolio",
        "open source",
        "open source contributions",
        "open-source",
        "project experience",
        "notable projects",
        "projects and publications",
    ],
    "education": [
        "education",
        "academic background",
        "academics",
        "qualifications",
        "education and training",
        "academic qualifications",
        "coursework",
        "relevant coursework",
        "degrees",
        "education and certifications",
    ],
    "certifications": [
        "certifications",
        "certification",
        "certificates",
        "licenses",
        "licenses and certifications",
        "courses",
        "training",
        "online courses",
        "certifications and training",
    ],
    "publications": [
        "publications",
        "papers",
        "selected publications",
        "research",
        "patents",
        "talks",
        "presentations",
        "talks and publications",
    ],
    "awards": [
        "awards",
        "honors",
        "honours",
        "achievements",
        "awards and honors",
        "honors and awards",
        "accomplishments",
        "key achievements",
        "scholarships",
    ],
    "interests": [
        "interests",
        "hobbies",
        "hobbies and interests",
        "activities",
        "extracurricular activities",
        "references",
    ],
    "contact": ["contact", "contact information", "personal information", "personal details"],
}.items():
    for _t in _titles:
        HEADINGS[_t] = _name

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"(\*\*|__)[^*_\n]{1,58}\1:?")
_DECOR = re.compile(r"^[\s#*_=\-:|•·▪►>]+|[\s#*_=\-:|•·▪►<]+$")


def _unspaced(title: str) -> str:
    """A letter-spaced heading with its words joined again ("S K I L L S" -> "SKILLS", "W O R K
    E X P E R I E N C E" with two spaces between the words -> "WORK EXPERIENCE"); any other
    title as it is."""
    letters = title.split()
    if len(letters) >= 4 and all(len(t) == 1 for t in letters):
        return " ".join(part.replace(" ", "") for part in re.split(r"\s{2,}", title.strip()))
    return title


def canonical_section(title: str) -> str | None:
    """The canonical section name for a heading, or None if it is not a known heading."""
    key = _unspaced(_DECOR.sub("", title)).lower().replace("&", " and ").replace("/", " and ")
    key = " ".join(re.sub(r"[^a-z0-9+\- ]", " ", key).split())
    if not key or len(key) > 45:
        return None
    if key in HEADINGS:
        return HEADINGS[key]
    # "Skills — Python & ML", "Work Experience (2018–2024)"
    for size in (3, 2, 1):
        head = " ".join(key.split()[:size])
        if head in HEADINGS and len(key.split()) <= size + 3:
            return HEADINGS[head]
    first, _, rest = key.partition(" ")
    if first in _QUALIFIERS and rest:  # "Core Expertise", "Main Skills", "Other Experience"
        return canonical_section(rest)
    return None


#: Words that qualify a heading without changing what it holds ("Core Expertise" is
#: "Expertise"), tried after the headings that include one ("Key Achievements").
_QUALIFIERS = frozenset({
    "core", "key", "main", "primary", "major", "relevant", "selected", "notable", "recent",
    "other", "additional", "my", "professional", "technical", "tech", "general"})


def detect_sections(text: str, *, markdown: bool = False) -> list[Section]:
    """Split ``text`` into sections at heading lines.

    A heading is a short line whose words name a known section ("Experience", "TECHNICAL
    SKILLS:", "## Projects"). In Markdown every ATX heading starts a section; unknown headings
    become sections named ``other`` with their title kept. Text before the first heading is the
    ``header`` section.

    >>> [(s.name, s.title) for s in detect_sections("Jane\\nSKILLS\\nPython\\nExperience\\nx")]
    [('header', ''), ('skills', 'SKILLS'), ('experience', 'Experience')]
    """
    starts: list[tuple[int, str, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= 60:
            md = _MD_HEADING.match(stripped) if markdown or stripped.startswith("#") else None
            if md:
                title = md.group(2).strip()
                starts.append((offset, canonical_section(title) or "other", title))
            elif not stripped.startswith(("-", "*", "•")) or stripped.strip("-*• ") == "" \
                    or _BOLD_LINE.fullmatch(stripped):  # "**Skills**": bold, not a bullet
                name = canonical_section(stripped)
                # a heading line has few words and no sentence punctuation
                if (
                    name
                    and len(_unspaced(stripped).split()) <= 6  # letter-spaced: words, not letters
                    and not stripped.rstrip(":").endswith((".", ","))
                ):
                    starts.append((offset, name, stripped.strip(" #:*_")))
        offset += len(line)
    sections: list[Section] = []
    if not starts or starts[0][0] > 0:
        first = starts[0][0] if starts else len(text)
        if text[:first].strip():
            sections.append(Section(name="header", title="", start=0, end=first))
    for i, (start, name, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        sections.append(Section(name=name, title=title, start=start, end=end))
    return sections


def merge_headings(
    text: str, headings: list[tuple[int, str]], *, detect: bool = True
) -> list[Section]:
    """Sections of ``text`` from its heading lines plus headings known from the format.

    ``headings`` are ``(offset, title)`` pairs, e.g. DOCX paragraphs styled ``Heading 1``; a
    title that names no known section becomes an ``other`` section with its title kept. With
    ``detect=False`` only ``headings`` start sections.

    >>> text = "Jane\\nWhere I worked\\nAcme"
    >>> [(s.name, s.title) for s in merge_headings(text, [(5, "Where I worked")])]
    [('header', ''), ('other', 'Where I worked')]
    """
    found = {s.start: s for s in detect_sections(text) if s.name != "header"} if detect else {}
    for offset, title in headings:
        if offset not in found:
            found[offset] = Section(
                name=canonical_section(title) or "other", title=title, start=offset, end=offset
            )
    starts = sorted(found)
    sections: list[Section] = []
    first = starts[0] if starts else len(text)
    if text[:first].strip():
        sections.append(Section(name="header", title="", start=0, end=first))
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        sec = found[start]
        sections.append(Section(name=sec.name, title=sec.title, start=start, end=end))
    return sections
