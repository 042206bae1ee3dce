"""Read ESCO CSV exports into a taxonomy (the public entry point is ``importers.import_esco``).

Each file is recognised by its columns, so any mix of the ESCO export files can be passed:

- concepts (``conceptUri``, ``preferredLabel``; rows typed by ``conceptType``): skills
  (``KnowledgeSkillCompetence``), skill groups (``SkillGroup``) and occupations (``Occupation``);
- ``broaderRelations*`` (``conceptUri``, ``broaderUri``): broader edges;
- ``skillsHierarchy_en.csv`` (``Level 0 URI`` …): skill group labels;
- ``occupationSkillRelations_en.csv`` (``occupationUri``, ``relationType``, ``skillUri``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from skillgap.errors import TaxonomyValidationError
from skillgap.taxonomy._model import Taxonomy, normalize_name
from skillgap.taxonomy.importers import (
    RoleRecord,
    SkillRecord,
    assemble,
    qualify,
    read_rows,
    slugify,
    split_multi,
)

__all__ = ["read_esco"]

logger = logging.getLogger("skillgap")

_SKILL_TYPES = {"KnowledgeSkillCompetence", "Skill", "Knowledge", "Competence", ""}


class _Esco:
    def __init__(self) -> None:
        self.skills: dict[str, SkillRecord] = {}
        self.skill_type: dict[str, str] = {}
        self.broader: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}  # uri -> label of any concept seen (groups, parents)
        self.groups: dict[str, tuple[str, str]] = {}
        self.occupations: dict[str, tuple[str, str, str]] = {}  # uri -> label, summary, code
        self.relations: dict[str, list[tuple[str, str]]] = {}
        self.files: list[str] = []

    # -- one reader per kind of file ----------------------------------------------------------
    def read(self, path: Path) -> None:
        header, rows = read_rows(path)
        cols = set(header)
        if {"occupationUri", "skillUri"} <= cols:
            for row in rows:
                occ = row["occupationUri"]
                self.relations.setdefault(occ, []).append((row.get("relationType", ""),
                                                           row["skillUri"]))
                if row.get("occupationLabel"):
                    self.names.setdefault(occ, row["occupationLabel"])
        elif {"conceptUri", "broaderUri"} <= cols:
            for row in rows:
                _add(self.broader, row["conceptUri"], [row["broaderUri"]])
        elif "Level 0 URI" in cols:
            for row in rows:
                for level in range(4):
                    uri = row.get(f"Level {level} URI", "")
                    label = row.get(f"Level {level} preferred term", "")
                    if uri and label and uri not in self.groups:
                        last = all(not row.get(f"Level {d} URI") for d in range(level + 1, 4))
                        desc = _one_line(row.get("Description", "")) if last else ""
                        self.groups[uri] = (label, desc)
        elif {"conceptUri", "preferredLabel"} <= cols:
            for row in rows:
                self._concept(row)
        else:
            logger.info("%s: not an ESCO export skillgap reads (columns %s); skipped",
                           path.name, ", ".join(header[:5]))
            return
        self.files.append(path.name)

    def _concept(self, row: dict[str, str]) -> None:
        uri, label = row["conceptUri"], " ".join(row["preferredLabel"].split())
        ctype = row.get("conceptType", "")
        if not uri or not label:
            return
        self.names.setdefault(uri, label)
        if ctype == "Occupation" or (not ctype and "/occupation/" in uri):
            summary = _one_line(row.get("description") or row.get("definition", ""))
            self.occupations.setdefault(uri, (label, summary, row.get("code", "")))
            return
        if ctype == "SkillGroup" or (not ctype and "/isced-f/" in uri):
            self.groups.setdefault(uri, (label, _one_line(row.get("description", ""))))
            return
        if ctype not in _SKILL_TYPES:
            return  # ISCO groups, concept schemes …
        parents = split_multi(row.get("broaderConceptUri"))
        parent_labels = split_multi(row.get("broaderConceptPT"))
        if len(parents) == len(parent_labels):
            for p_uri, p_label in zip(parents, parent_labels, strict=True):
                self.names.setdefault(p_uri, p_label)
        _add(self.broader, uri, parents)
        aliases = split_multi(row.get("altLabels")) + split_multi(row.get("hiddenLabels"))
        rec = self.skills.get(uri)
        if rec is None:
            rec = SkillRecord(key=uri, label=label, category="", source=uri,
                              description=_one_line(row.get("description", "")))
            qualify(rec)
            self.skills[uri] = rec
            self.skill_type[uri] = row.get("skillType", "")
        known = {normalize_name(a) for a in rec.aliases}
        rec.aliases.extend(a for a in aliases if normalize_name(a) not in known)
        if not rec.description:
            rec.description = _one_line(row.get("description", ""))

    # -- categories: the nearest skill group above a skill ------------------------------------
    def category_of(self, uri: str, seen: frozenset[str] = frozenset()) -> str | None:
        parents = self.broader.get(uri, [])
        for parent in parents:
            if parent in self.groups:
                return parent
        outside = [p for p in parents if p not in self.skills and p not in self.occupations]
        for parent in sorted(outside, key=lambda p: "/isced-f/" not in p):  # stable sort
            return parent  # a concept outside the imported skills: a group in all but name
        for parent in parents:
            if parent in self.skills and parent not in seen:
                found = self.category_of(parent, seen | {uri})
                if found is not None:
                    return found
        return None

    def build(self, *, name: str, roles: bool, occupations: Iterable[str] | None) -> Taxonomy:
        categories: dict[str, tuple[str, str, str]] = {}
        for uri, rec in self.skills.items():
            cat = self.category_of(uri)
            if cat is None:
                stype = self.skill_type.get(uri) or "esco"
                cat = f"type:{stype}"
                categories.setdefault(cat, (stype, f"ESCO skills of type {stype!r}", ""))
            else:
                label, desc = self.groups.get(cat, (self.names.get(cat, ""), ""))
                categories.setdefault(cat, (label or cat.rstrip("/").rsplit("/", 1)[-1], desc, cat))
            rec.category = cat
            rec.broader = [b for b in self.broader.get(uri, []) if b in self.skills]
        role_records = self._roles(occupations) if roles else []
        return assemble(name=name, categories=categories, skills=list(self.skills.values()),
                        roles=role_records, source=", ".join(self.files),
                        description=f"Imported from ESCO: {', '.join(sorted(self.files))}.")

    def _roles(self, occupations: Iterable[str] | None) -> list[RoleRecord]:
        wanted = None if occupations is None else {normalize_name(o) for o in occupations}
        out = []
        for occ, rels in self.relations.items():
            label, summary, code = self.occupations.get(occ, (self.names.get(occ, ""), "", ""))
            label = label or occ.rstrip("/").rsplit("/", 1)[-1]
            if wanted is not None and not wanted & {normalize_name(occ), normalize_name(code),
                                                    normalize_name(label), slugify(label)}:
                continue
            rec = RoleRecord(key=occ, label=label, summary=summary, source=occ)
            for relation, skill in rels:
                if relation.lower() == "essential":
                    rec.required[skill] = 1.0
                else:
                    rec.nice_to_have.setdefault(skill, 0.5)
            out.append(rec)
        return out


def _add(edges: dict[str, list[str]], uri: str, parents: list[str]) -> None:
    current = edges.setdefault(uri, [])
    current.extend(p for p in parents if p and p not in current)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_esco(files: list[Path], *, name: str, roles: bool,
              occupations: Iterable[str] | None) -> Taxonomy:
    """Read the ESCO ``files`` (already expanded and sorted) into a taxonomy."""
    esco = _Esco()
    for path in files:
        esco.read(path)
    if not esco.skills:
        where = ", ".join(p.name for p in files)
        raise TaxonomyValidationError(
            [f"[{where}] no ESCO skills found: include a skills file (skills_en.csv or a "
             "*SkillsCollection_en.csv with conceptUri and preferredLabel columns)"], path=where)
    return esco.build(name=name, roles=roles, occupations=occupations)
