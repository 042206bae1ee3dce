"""Read O*NET text files into a taxonomy (the public entry point is ``importers.import_onet``).

Files are recognised by their header (tab-separated, CRLF line ends as published):
``Technology Skills.txt`` (``O*NET-SOC Code, Example, Commodity Code, Commodity Title, Hot
Technology, In Demand``), ``Occupation Data.txt`` (``O*NET-SOC Code, Title, Description``) and
``Task Statements.txt`` (``O*NET-SOC Code, Task ID, Task, Task Type, …``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from skillgap.errors import TaxonomyValidationError
from skillgap.taxonomy._model import Taxonomy, normalize_name
from skillgap.taxonomy.importers import RoleRecord, SkillRecord, assemble, read_rows, slugify

__all__ = ["derived_names", "read_onet"]

logger = logging.getLogger("skillgap")

SOC = "O*NET-SOC Code"
_VENDORS = ("Amazon Web Services AWS", "Qlik Tech", "The MathWorks", "Microsoft", "Oracle",
            "Apache", "Atlassian", "IBM", "Google", "Adobe", "Amazon", "SAP", "Autodesk",
            "Salesforce", "StataCorp", "Intuit", "Cisco", "VMware", "Esri", "ESRI", "Facebook",
            "Meta", "Apple", "Mozilla",
            "Alteryx", "Tableau", "Splunk", "Docker", "Elastic", "MathWorks", "Minitab", "SPSS")
# single words that a vendor prefix or " software" must not leave behind on their own
_COMMON = {"access", "word", "project", "teams", "office", "outlook", "publisher", "edge", "forms",
           "paint", "photos", "sheets", "docs", "drive", "analytics", "dynamics", "cloud",
           "search", "maps", "data", "server", "database", "works", "money", "notes", "connect",
           "designer", "live", "stream", "bridge", "target", "fusion", "insight", "reader",
           "writer", "draw", "calc", "base", "impress", "media", "studio", "one", "business",
           "enterprise", "desktop", "online", "express", "pro", "suite", "systems", "tools"}
_ADJECTIVE = re.compile(r"(al|ing|ic|ed|ive|ry|ion|ics)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


def derived_names(example: str) -> list[str]:
    """Shorter names O*NET spells out inside an example name.

    >>> derived_names("Structured query language SQL")
    ['Structured query language', 'SQL']
    >>> derived_names("SoftRisk Technologies SoftRisk SQL")  # not an abbreviation of the rest
    []
    >>> [derived_names(n) for n in ("Oracle Java", "Microsoft Access", "Jupyter software")]
    [['Java'], [], ['Jupyter']]
    """
    out: list[str] = []
    for name in (example, example.removesuffix(" software")):
        words = name.split()
        if len(words) >= 3 and _ACRONYM.match(words[-1]) and _abbreviates(words[-1], words[:-1]):
            out += [" ".join(words[:-1]), words[-1]]  # "Amazon Elastic Compute Cloud EC2"
            break
    vendor = next((v for v in _VENDORS if example.startswith(v + " ")), None)
    if vendor is not None:
        rest = example[len(vendor):].strip()
        proper = all(t[:1].isupper() or t[:1].isdigit() for t in rest.split())
        if proper and (" " in rest or rest.lower() not in _COMMON):
            out.append(rest)
    if example.endswith(" software"):
        rest = example[: -len(" software")].strip()
        tokens = rest.split()
        proper = all(t[:1].isupper() or t[:1].isdigit() for t in tokens)
        if len(tokens) > 1 and proper or len(tokens) == 1 and proper and not _ADJECTIVE.search(
                rest.lower()) and rest.lower() not in _COMMON:
            out.append(rest)
    return list(dict.fromkeys(n for n in out if n and normalize_name(n) != normalize_name(example)))


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Whether the letters of ``acronym`` are, in order, capitals or initials of ``words``."""
    initials = iter("".join(w[0] + "".join(c for c in w[1:] if c.isupper()) for w in words).upper())
    return all(letter in initials for letter in acronym if letter.isalpha())


@dataclass
class _Example:
    label: str
    codes: Counter[str] = field(default_factory=Counter)
    occupations: set[str] = field(default_factory=set)
    hot: set[str] = field(default_factory=set)
    demand: set[str] = field(default_factory=set)


def read_onet(files: list[Path], *, name: str, roles: bool, commodity_skills: bool,
              occupations: Iterable[str] | None) -> Taxonomy:
    """Read the O*NET ``files`` (already expanded and sorted) into a taxonomy."""
    examples: dict[str, _Example] = {}
    titles: dict[str, str] = {}
    per_occ: dict[str, list[tuple[str, bool, bool]]] = {}
    occ_data: dict[str, tuple[str, str]] = {}
    tasks: dict[str, list[tuple[int, str]]] = {}
    used: list[str] = []
    for path in files:
        header, rows = read_rows(path, delimiter="\t")
        cols = set(header)
        if {SOC, "Example", "Commodity Code", "Commodity Title"} <= cols:
            for row in rows:
                soc, label = row[SOC], " ".join(row["Example"].split())
                key = normalize_name(label)
                if not soc or not key:
                    continue
                code = row["Commodity Code"]
                titles.setdefault(code, " ".join(row["Commodity Title"].split()))
                ex = examples.setdefault(key, _Example(label=label))
                ex.codes[code] += 1
                ex.occupations.add(soc)
                hot = row.get("Hot Technology", "").upper() == "Y"
                demand = row.get("In Demand", "").upper() == "Y"
                if hot:
                    ex.hot.add(soc)
                if demand:
                    ex.demand.add(soc)
                per_occ.setdefault(soc, []).append((key, hot, demand))
        elif {SOC, "Title", "Description"} <= cols:
            for row in rows:
                occ_data.setdefault(row[SOC], (" ".join(row["Title"].split()),
                                               " ".join(row["Description"].split())))
        elif {SOC, "Task", "Task Type"} <= cols:
            for row in rows:
                if row.get("Task Type", "") != "Supplemental" and row.get("Task"):
                    task_id = int(row["Task ID"]) if row.get("Task ID", "").isdigit() else 0
                    tasks.setdefault(row[SOC], []).append((task_id, " ".join(row["Task"].split())))
        else:
            logger.info("%s: not an O*NET file skillgap reads (columns %s); skipped",
                           path.name, ", ".join(header[:4]))
            continue
        used.append(path.name)
    if not examples:
        where = ", ".join(p.name for p in files)
        raise TaxonomyValidationError(
            [f"[{where}] no O*NET technology skills found: include 'Technology Skills.txt' "
             "(tab-separated: O*NET-SOC Code, Example, Commodity Code, Commodity Title, Hot "
             "Technology, In Demand)"], path=where)

    categories = {f"commodity:{code}": (title, "", f"O*NET commodity {code}")
                  for code, title in titles.items()}
    node_of: dict[str, str] = {}  # commodity code -> key of the skill standing for it
    skills: list[SkillRecord] = []
    if commodity_skills:
        for code, title in titles.items():
            node_of[code] = normalize_name(title) if normalize_name(title) in examples \
                else f"commodity:{code}"
            if node_of[code] not in examples:
                skills.append(SkillRecord(key=node_of[code], label=title,
                                          category=f"commodity:{code}",
                                          source=f"O*NET commodity {code}",
                                          description=f"O*NET technology class {code}."))
    for key, ex in examples.items():
        main = min(ex.codes, key=lambda c: (-ex.codes[c], c))
        n, h, d = len(ex.occupations), len(ex.hot), len(ex.demand)
        desc = f"{titles[main]}: named by {n} O*NET occupation{'s' if n != 1 else ''}"
        desc += f"; a hot technology for {h}" if h else ""
        desc += f"; in demand for {d}" if d else ""
        skills.append(SkillRecord(
            key=key, label=ex.label, category=f"commodity:{main}", description=desc + ".",
            derived=derived_names(ex.label), prominence=n,
            source=f"O*NET technology example ({main})",
            broader=sorted({node_of[c] for c in ex.codes if c in node_of} - {key})))

    role_records: list[RoleRecord] = []
    wanted = None if occupations is None else {normalize_name(o) for o in occupations}
    for soc, items in per_occ.items() if roles else ():
        title, summary = occ_data.get(soc, (f"O*NET {soc}", ""))
        if wanted is not None and not wanted & {normalize_name(soc), normalize_name(title),
                                                slugify(title)}:
            continue
        rec = RoleRecord(key=soc, label=title, summary=summary, source=f"O*NET-SOC {soc}",
                         tasks=[t for _, t in sorted(tasks.get(soc, []))])
        for key, hot, demand in items:
            if hot:
                rec.required[key] = max(rec.required.get(key, 0.0), 1.0 if demand else 0.8)
            else:
                rec.nice_to_have.setdefault(key, 0.5)
        role_records.append(rec)
    return assemble(name=name, categories=categories, skills=skills, roles=role_records,
                    source=", ".join(str(p) for p in files),
                    description=f"Imported from O*NET: {', '.join(sorted(used))}.")
