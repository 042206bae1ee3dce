"""Import third-party taxonomies (ESCO, O*NET, plain label lists) into skillgap's own format.

Every importer returns a validated :class:`~skillgap.taxonomy.Taxonomy`; :func:`write_taxonomy`
writes it as YAML (or JSON) that :func:`~skillgap.taxonomy.load_taxonomy` reads back identically.

- :func:`import_esco`: ESCO CSV exports — skills (``skills_en.csv`` or a
  ``*SkillsCollection_en.csv``: preferred label, alt labels, description, broader concepts),
  skill groups (categories),
  ``broaderRelationsSkillPillar_en.csv``, occupations and ``occupationSkillRelations_en.csv``
  (essential → required, optional → nice-to-have).
- :func:`import_onet`: O*NET ``Technology Skills.txt`` (examples under commodity titles, hot
  technology flags), with ``Occupation Data.txt`` and ``Task Statements.txt`` for roles.
- :func:`import_label_list`: one label per line, optionally ``label<TAB>group code``.

Ids are kebab-case slugs of the labels (``"C++"`` → ``c-plus-plus``), made unique with a numeric
suffix in a fixed order, so the same input always gives the same taxonomy, byte for byte.
A name (label or alias) belongs to one skill only: labels claim names first, then alternative
labels, then derived short names, each in skill-id order; later duplicates are dropped.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import yaml

from skillgap.errors import TaxonomyValidationError
from skillgap.taxonomy._model import Taxonomy, build_taxonomy, normalize_name

__all__ = [
    "FORMATS",
    "detect_format",
    "import_esco",
    "import_label_list",
    "import_onet",
    "import_taxonomy",
    "keep_role_skills",
    "slugify",
    "write_taxonomy",
]

FORMATS = ("esco", "labels", "onet")
"""The formats :func:`import_taxonomy` reads (``"esco-labels"`` is accepted for ``"labels"``)."""

PathArg = str | PathLike[str]
_LABEL_SUFFIXES = {".txt", ".tsv", ".lst", ".list", ".csv", ""}
_OWN_FORMAT = re.compile(r"^(name|version|description|categories|skills|kpis|roles)\s*:")
_MAX_ID = 64


# -- ids and names ----------------------------------------------------------------------------

def slugify(text: str) -> str:
    """A kebab-case id for a label: ASCII, lower case, ``+``/``#``/``&`` spelled out.

    >>> slugify("C++"), slugify("Java (computer programming)"), slugify("Ångström & co")
    ('c-plus-plus', 'java-computer-programming', 'angstrom-and-co')
    """
    for char, word in (("*", ""), ("+", " plus "), ("#", " sharp "), ("&", " and ")):
        text = text.replace(char, word)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _MAX_ID:
        cut = slug[:_MAX_ID]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "item"


def _unique_ids(keys_and_labels: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{key: id}``: slugs of the labels; clashes get ``-2``, ``-3``… in (slug, key) order."""
    items = sorted((slugify(label), key) for key, label in keys_and_labels)
    taken = {slug for slug, _ in items}
    out: dict[str, str] = {}
    previous = None
    for slug, key in items:
        if slug != previous:
            out[key] = slug
            previous = slug
            continue
        n = 2
        while f"{slug}-{n}" in taken:
            n += 1
        taken.add(f"{slug}-{n}")
        out[key] = f"{slug}-{n}"
    return out


def split_multi(value: str | None) -> list[str]:
    """ESCO multi-valued fields: values separated by new lines or ``" | "``."""
    if not value:
        return []
    return [v.strip() for v in re.split(r"\r?\n| \| ", value) if v.strip()]


# -- assembling a taxonomy --------------------------------------------------------------------

@dataclass
class SkillRecord:
    """A skill as read from a source, before ids are assigned (keys are the source's ids)."""

    key: str
    label: str
    category: str
    aliases: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    description: str = ""
    source: str = ""
    ambiguous: bool = False
    context: list[str] = field(default_factory=list)
    prominence: float = 0.0  # who gets a derived name first when two skills derive it


@dataclass
class RoleRecord:
    key: str
    label: str
    summary: str = ""
    source: str = ""
    tasks: list[str] = field(default_factory=list)
    required: dict[str, float] = field(default_factory=dict)
    nice_to_have: dict[str, float] = field(default_factory=dict)


def assemble(*, name: str, description: str, categories: dict[str, tuple[str, str, str]],
             skills: Sequence[SkillRecord], roles: Sequence[RoleRecord] = (),
             source: str) -> Taxonomy:
    """Assign ids, share out names, resolve references and validate.

    ``categories`` maps a category key to ``(label, description, source)``.
    """
    cat_ids = _unique_ids((k, v[0]) for k, v in categories.items())
    skill_ids = _unique_ids((s.key, s.label) for s in skills)
    by_id = sorted(skills, key=lambda s: skill_ids[s.key])
    owner: dict[str, str] = {}
    labels: dict[str, str] = {}
    for rec in by_id:  # labels first: a label is never dropped, so a clash is made explicit
        sid = skill_ids[rec.key]
        label = rec.label
        if normalize_name(label) in owner:
            label = f"{label} ({sid})"
        owner[normalize_name(label)] = sid
        labels[sid] = label
    aliases: dict[str, list[str]] = {skill_ids[r.key]: [] for r in by_id}
    cased: dict[str, list[str]] = {skill_ids[r.key]: [] for r in by_id}
    by_prominence = sorted(by_id, key=lambda s: -s.prominence)  # stable: ties stay in id order
    for pass_derived in (False, True):
        for rec in by_prominence if pass_derived else by_id:
            sid = skill_ids[rec.key]
            for alias in rec.derived if pass_derived else rec.aliases:
                alias = " ".join(alias.split())
                norm = normalize_name(alias)
                if not norm or norm in owner:
                    continue
                owner[norm] = sid
                short = len(alias) <= 2 or (pass_derived and " " not in alias)
                (cased if short else aliases)[sid].append(alias)
    out_skills = []
    for rec in by_id:
        sid = skill_ids[rec.key]
        broader = sorted({skill_ids[b] for b in rec.broader if b in skill_ids and b != rec.key})
        entry: dict[str, object] = {"id": sid, "label": labels[sid],
                                    "category": cat_ids[rec.category]}
        if aliases[sid]:
            entry["aliases"] = aliases[sid]
        if cased[sid]:
            entry["cased_aliases"] = cased[sid]
        ambiguous = rec.ambiguous or len(rec.label) <= 2
        if ambiguous:
            entry["ambiguous"] = True
            if rec.context:
                entry["context"] = rec.context
        if broader:
            entry["broader"] = broader
        if rec.description:
            entry["description"] = rec.description
        if rec.source:
            entry["source"] = rec.source
        out_skills.append(entry)
    used_cats = {rec.category for rec in skills}
    out_cats = sorted(({"id": cat_ids[k], "label": lab, **({"description": d} if d else {}),
                        **({"source": s} if s else {})}
                       for k, (lab, d, s) in categories.items() if k in used_cats),
                      key=lambda c: c["id"])
    role_ids = _unique_ids((r.key, r.label) for r in roles)
    out_roles = []
    for rec in sorted(roles, key=lambda r: role_ids[r.key]):
        required = {skill_ids[k]: w for k, w in rec.required.items() if k in skill_ids}
        nice = {skill_ids[k]: w for k, w in rec.nice_to_have.items()
                if k in skill_ids and skill_ids[k] not in required}
        if not required and not nice:
            continue  # every skill of this occupation is outside the imported skill set
        role: dict[str, object] = {"id": role_ids[rec.key], "label": rec.label}
        if rec.source:
            role["source"] = rec.source
        if rec.summary:
            role["summary"] = rec.summary
        if rec.tasks:
            role["tasks"] = rec.tasks
        role["skills"] = {"required": _by_weight(required), "nice_to_have": _by_weight(nice)}
        out_roles.append(role)
    raw = {"name": name, "description": description, "categories": out_cats,
           "skills": out_skills, "roles": out_roles}
    return build_taxonomy(raw, source)


def _by_weight(weights: dict[str, float]) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])))


# -- reading files ----------------------------------------------------------------------------

def expand_paths(paths: PathArg | Iterable[PathArg], suffixes: tuple[str, ...]) -> list[Path]:
    """Files to read: each path, or the matching files of a folder, sorted by name."""
    items = [paths] if isinstance(paths, str | PathLike) else list(paths)
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in suffixes)
        elif p.is_file():
            out.append(p)
        else:
            raise TaxonomyValidationError([f"[{p}] no such file or folder"], path=str(p))
    if not out:
        where = ", ".join(str(Path(i)) for i in items) or "(nothing)"
        raise TaxonomyValidationError([f"[{where}] no {'/'.join(suffixes)} files to import"],
                                      path=where)
    return sorted(set(out), key=lambda p: (p.name, str(p)))


def read_rows(path: Path, *, delimiter: str = ",") -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows (dicts of stripped strings) of a CSV/TSV file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            header = [h.strip() for h in next(reader, [])]
            rows = [{h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
                    for row in reader if row and any(cell.strip() for cell in row)]
    except OSError as exc:
        raise TaxonomyValidationError([f"[{path.name}] cannot be read: {exc}"],
                                      path=str(path)) from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise _bad_file(path, exc) from exc
    return header, rows


def _bad_file(path: Path, exc: Exception) -> TaxonomyValidationError:
    return TaxonomyValidationError(
        [f"[{path.name}] cannot be parsed ({exc}); expected a UTF-8 export as published"],
        path=str(path))


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


# -- format detection and dispatch ------------------------------------------------------------

def detect_format(path: PathArg, text: str | None = None) -> str | None:
    """The third-party format of a file or folder: 'esco', 'onet', 'labels'; None for our own.

    Detection looks at the header (ESCO ``conceptUri``/``occupationUri`` columns, O*NET
    ``O*NET-SOC Code``) and, for ``.txt``/``.csv`` files that match neither, treats one label
    per line as a label list. YAML and JSON files are always skillgap's own format.

    >>> detect_format(Path("skills.txt"), "Python (computer programming)\\nSQL\\n")
    'labels'
    >>> detect_format(Path("taxonomy.yaml"), "skills: []") is None
    True
    """
    p = Path(path)
    if p.is_dir():
        for child in sorted(p.iterdir()):
            if child.is_file() and child.suffix.lower() in {".csv", ".txt"}:
                found = detect_format(child, _head(child))
                if found in ("esco", "onet"):
                    return found
        return None
    if p.suffix.lower() in {".yaml", ".yml", ".json"}:
        return None
    if text is None:
        text = _head(p)
    first = _first_line(text)
    if first.startswith("O*NET-SOC Code\t"):
        return "onet"
    columns = {c.strip() for c in next(csv.reader([first]), [])}
    if columns & {"conceptUri", "occupationUri", "Level 0 URI"}:
        return "esco"
    if p.suffix.lower() not in _LABEL_SUFFIXES or not text.strip():
        return None
    if _OWN_FORMAT.match(text.lstrip("\ufeff").lstrip()):
        return None
    if p.suffix.lower() == ".csv" and len(columns) > 1 and "\t" not in first:
        raise TaxonomyValidationError(
            [f"[{p.name}] unrecognised CSV columns {sorted(columns)[:6]}: expected an ESCO export "
             "(conceptUri, preferredLabel, …) or one skill label per line"], path=str(p))
    return "labels"


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def import_taxonomy(paths: PathArg | Iterable[PathArg], *, format: str | None = None,  # noqa: A002
                    name: str | None = None) -> Taxonomy:
    """Import ESCO, O*NET or a label list from a file, several files or a folder.

    Args:
        paths: one path or several; a folder stands for the files in it.
        format: ``"esco"``, ``"onet"`` or ``"labels"``; None detects it from the first file.
        name: the taxonomy's name (default: the format).

    Raises:
        TaxonomyValidationError: a file is missing, unreadable or not in the format.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "skills.txt"
    >>> _ = f.write_text("Python (computer programming)\\nSQL\\n", encoding="utf-8")
    >>> [s.id for s in import_taxonomy(f).skills]
    ['python-computer-programming', 'sql']
    """
    items = [paths] if isinstance(paths, str | PathLike) else list(paths)
    if format is None:
        format = next((f for f in (detect_format(p) for p in items) if f), None)  # noqa: A001
        if format is None:
            raise TaxonomyValidationError(
                [f"[{', '.join(map(str, items))}] not an ESCO, O*NET or label-list export; "
                 "name the format (--from esco|onet|labels)"])
    if format == "esco-labels":
        format = "labels"  # noqa: A001
    if format == "esco":
        return import_esco(items, name=name or "esco")
    if format == "onet":
        return import_onet(items, name=name or "onet")
    if format == "labels":
        return import_label_list(items, name=name)
    raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")


# -- label lists ------------------------------------------------------------------------------

def import_label_list(paths: PathArg | Iterable[PathArg], *, name: str | None = None,
                      category: str = "skills") -> Taxonomy:
    """A taxonomy from plain lists: one skill label per line, or ``label<TAB>group code``.

    The group code (e.g. ESCO's ``K0613``) becomes the category; lines without one go to
    ``category``. ``Java (computer programming)`` also gets the short name ``Java`` (matched in
    that exact case, and only with supporting context, since the qualifier marks the bare word
    as ambiguous). Blank lines, ``#`` comments and repeated labels are skipped.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "esco.txt"
    >>> _ = f.write_text("Python (computer programming)\\tK0613\\n", encoding="utf-8")
    >>> s = import_label_list(f).skills[0]
    >>> s.id, s.category, s.cased_aliases
    ('python-computer-programming', 'k0613', ['Python'])
    """
    files = expand_paths(paths, (".txt", ".tsv", ".lst", ".list", ".csv"))
    records: dict[str, SkillRecord] = {}
    categories: dict[str, tuple[str, str, str]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TaxonomyValidationError([f"[{path.name}] cannot be read: {exc}"],
                                          path=str(path)) from exc
        lines = text.splitlines()
        if lines and path.suffix.lower() == ".csv" and normalize_name(lines[0]) in {
                "label", "preferredlabel", "skill", "name", "preferred label"}:
            lines = lines[1:]  # a one-column CSV with a header
        for line in lines:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            label, _, group = (part.strip() for part in line.partition("\t"))
            label = " ".join(label.split())
            key = normalize_name(label)
            if not key or key in records:
                continue
            cat = group or category
            categories.setdefault(cat, (cat, "", ""))
            rec = SkillRecord(key=key, label=label, category=cat, source=path.name)
            qualify(rec)
            records[key] = rec
    if not records:
        raise TaxonomyValidationError([f"[{files[0].name}] no labels found: expected one skill "
                                       "label per line"], path=str(files[0]))
    return assemble(name=name or files[0].stem, categories=categories,
                    description=f"Imported from {', '.join(p.name for p in files)}.",
                    skills=list(records.values()), source=", ".join(map(str, files)))


_QUALIFIED = re.compile(r"^(?P<bare>.+?)\s+\((?P<qualifier>[^()]+)\)$")
_STOP = {"and", "or", "of", "for", "the", "a", "an", "in", "on", "to", "with"}


def qualify(rec: SkillRecord) -> None:
    """``Java (computer programming)`` → derived name ``Java``; ambiguous, qualifier as context."""
    m = _QUALIFIED.match(rec.label)
    if m is None:
        return
    bare = m["bare"].strip()
    rec.derived.append(bare)
    if " " not in bare:
        rec.ambiguous = True
        rec.context = sorted({w for w in re.findall(r"[a-z0-9]+", m["qualifier"].lower())
                              if w not in _STOP and len(w) > 2})


# -- ESCO and O*NET (the readers live in private modules) ------------------------------------

def import_esco(paths: PathArg | Iterable[PathArg], *, name: str = "esco", roles: bool = True,
                occupations: Iterable[str] | None = None) -> Taxonomy:
    """A taxonomy from ESCO CSV exports (files or a folder, English ``*_en.csv``).

    Reads whichever of these it is given, recognising each file by its columns:
    skills (``skills_en.csv``, ``*SkillsCollection_en.csv``), ``skillGroups_en.csv``,
    ``skillsHierarchy_en.csv``, ``broaderRelationsSkillPillar_en.csv``, ``occupations_en.csv``
    and ``occupationSkillRelations_en.csv``. Skills keep ESCO's preferred label, alt and hidden
    labels as aliases, description and broader skills; the category is the first skill group
    above the skill (else its skill type). The concept URI is the ``source``. With occupations
    and relations, each occupation becomes a role: essential skills required (weight 1.0),
    optional skills nice-to-have (0.5).

    Args:
        paths: files or folders.
        name: the taxonomy's name.
        roles: build roles from occupations (when relations are given).
        occupations: keep only these occupations (URI, ISCO code, label or role id).

    Raises:
        TaxonomyValidationError: no skills file, an unrecognised file, or unreadable CSV.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "skills_en.csv"
    >>> _ = f.write_text("conceptType,conceptUri,preferredLabel,altLabels\\n"
    ...                  "KnowledgeSkillCompetence,http://x/skill/1,Python (computer programming),"
    ...                  "Python 3\\n", encoding="utf-8")
    >>> s = import_esco(f).skills[0]
    >>> s.id, s.aliases, s.cased_aliases
    ('python-computer-programming', ['Python 3'], ['Python'])
    """
    from skillgap.taxonomy._esco import read_esco

    return read_esco(expand_paths(paths, (".csv",)), name=name, roles=roles,
                     occupations=occupations)


def import_onet(paths: PathArg | Iterable[PathArg], *, name: str = "onet", roles: bool = True,
                commodity_skills: bool = True,
                occupations: Iterable[str] | None = None) -> Taxonomy:
    """A taxonomy from O*NET text files (tab-separated; files or a folder).

    ``Technology Skills.txt`` gives the skills: each distinct Example (``Python``,
    ``Microsoft Excel``) is a skill in the category of its Commodity Title; with
    ``commodity_skills`` the commodity titles are skills too, ``broader`` than their examples.
    Short names are derived where O*NET spells them out (``Oracle Java`` → ``Java``,
    ``Structured query language SQL`` → ``SQL``, ``Jupyter software`` → ``Jupyter``).
    With ``Occupation Data.txt`` each occupation becomes a role labelled with its title;
    hot technologies are required (1.0 when also in demand, else 0.8), the others
    nice-to-have (0.5). ``Task Statements.txt`` adds the core tasks.

    Args:
        paths: files or folders.
        name: the taxonomy's name.
        roles: build one role per occupation.
        commodity_skills: add commodity titles as broader skills.
        occupations: keep only these occupations (O*NET-SOC code, title or role id).

    Raises:
        TaxonomyValidationError: no Technology Skills file, an unrecognised file, or bad rows.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Technology Skills.txt"
    >>> _ = f.write_text("O*NET-SOC Code\\tExample\\tCommodity Code\\tCommodity Title\\t"
    ...                  "Hot Technology\\tIn Demand\\r\\n15-2051.00\\tPython\\t43232405\\t"
    ...                  "Object or component oriented development software\\tY\\tY\\r\\n")
    >>> tax = import_onet(f)
    >>> tax.role("onet-15-2051-00").skills.required
    {'python': 1.0}
    """
    from skillgap.taxonomy._onet import read_onet

    return read_onet(expand_paths(paths, (".txt", ".tsv")), name=name, roles=roles,
                     commodity_skills=commodity_skills, occupations=occupations)


def keep_role_skills(taxonomy: Taxonomy) -> Taxonomy:
    """The taxonomy cut down to the skills its roles name, their broader skills and categories.

    Handy after importing a few occupations (``--occupation``) from a large source.

    >>> from skillgap import load_taxonomy
    >>> len(keep_role_skills(load_taxonomy())) <= len(load_taxonomy())
    True
    """
    keep: set[str] = set()
    for role in taxonomy.roles:
        for sid in role.weights():
            keep.add(sid)
            keep.update(taxonomy.ancestors(sid))
    data = taxonomy.to_dict()
    data["skills"] = [s for s in data["skills"] if s["id"] in keep]
    cats = {s["category"] for s in data["skills"]}
    data["categories"] = [c for c in data.get("categories", []) if c["id"] in cats]
    return build_taxonomy(data, taxonomy.source)


# -- writing ----------------------------------------------------------------------------------

def write_taxonomy(taxonomy: Taxonomy, path: PathArg | None = None, *, header: str = "") -> str:
    """Serialise ``taxonomy`` in skillgap's format; write it to ``path`` if given.

    YAML unless ``path`` ends in ``.json``. Keys keep the schema's order and lists keep the
    taxonomy's order, so the same taxonomy always gives the same bytes.

    >>> from skillgap import load_taxonomy
    >>> print(write_taxonomy(load_taxonomy()).splitlines()[0])
    name: ai-ml-career-guide
    """
    data = taxonomy.to_dict()
    if path is not None and Path(path).suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=100)
        if header:
            text = "".join(f"# {line}\n" for line in header.splitlines()) + text
    if path is not None:
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text

