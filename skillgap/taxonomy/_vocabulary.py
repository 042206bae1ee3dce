"""The broad vocabulary (O*NET Technology Skills + ESCO) behind the guide's taxonomy.

``taxonomy/vocabulary/`` (built by ``scripts/build_vocabulary.py``, see ``taxonomy/SOURCES.md``)
holds ~22,000 skills: O*NET examples and ESCO's technical skills (``skills_technical.jsonl``),
ESCO's general skills (``skills_general.jsonl``), the O*NET/ESCO identifiers and extra names of
the guide's own skills (``guide_links.jsonl``) and the categories (``categories.jsonl``).

:class:`Vocabulary` is what :class:`~skillgap.taxonomy.Taxonomy` asks (the
:class:`~skillgap.taxonomy.ExtraSkills` protocol): ``get(id)``, ``find(name)``, ``category(id)``
and ``enrich(guide skill)``. It reads its files on first use, once per process (each file
separately: the guide links for ``enrich``, the skills for ``get``/``find``/``match``), and
builds :class:`~skillgap.taxonomy.Skill` objects only for the skills asked for.

:meth:`Vocabulary.match` finds the vocabulary's names in a text: a hash lookup of the text's
token n-grams (no spaCy ``PhraseMatcher``: building one over ~57,000 names costs seconds). Each
match says what kind of name it is: ``ok`` (any case), ``cased`` (as written), ``ambiguous``
(as written, and the caller decides by context).

A vocabulary is pickled as a reference (batch workers load their own copy once).
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from skillgap.taxonomy._model import Category, Skill, normalize_name

__all__ = ["CATEGORY_BROADER", "Vocabulary", "VocabularyMatch", "load_vocabulary"]

#: O*NET commodities whose tools are narrower skills of one of the guide's skills: a candidate
#: showing one earns partial credit for the guide skill (``score``: strength × 0.5^distance), as
#: Tableau does for data visualisation. Only commodities whose every member is such a tool.
CATEGORY_BROADER: dict[str, tuple[str, ...]] = {
    "onet:43232314": ("data-visualisation",),  # Business intelligence and data analysis software
    "onet:43232105": ("data-visualisation",),  # Charting software
}

#: Tokens: runs of letters/digits, or one other non-space character (".NET" = ".", "NET").
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_WS = re.compile(r"\s+")
_KINDS = (("aliases", "ok"), ("cased", "cased"), ("ambiguous", "ambiguous"))
_RANK = {"ok": 0, "cased": 1, "ambiguous": 2}


@dataclass(frozen=True)
class VocabularyMatch:
    """One name of the vocabulary found in a text: ``text[start:end]`` is the name as written."""

    start: int
    end: int
    skill_id: str
    kind: str  # "ok", "cased" or "ambiguous"
    technical: bool
    exact: bool  # the name is the skill's label


def _key(text: str) -> str:
    """Whitespace runs as one space (case kept)."""
    return " ".join(text.split())


class _Index:
    """Names → skills, built from the records of the skill files and the guide links."""

    def __init__(self) -> None:
        self.folded: dict[str, tuple[str, str, bool]] = {}  # lower key → (id, kind, technical)
        self.cased: dict[str, tuple[str, str, bool]] = {}  # exact key → (id, kind, technical)
        self.lookup: dict[str, str] = {}  # normalize_name → id, for Taxonomy.lookup
        self.first: dict[str, set[int]] = {}  # first token (lower) → lengths of its names
        self.labels: dict[str, str] = {}  # id → label (lower key), to tell "exact" from "alias"
        self.longest: dict[str, int] = {}  # first token → its longest name

    def add(self, name: str, skill_id: str, kind: str, technical: bool) -> None:
        key = _key(name)
        first = _TOKEN.search(key)
        if first is None:
            return
        low = key.lower()
        target = self.folded if kind == "ok" else self.cased
        k = low if kind == "ok" else key
        old = target.get(k)
        if old is None or (old[2], -_RANK[old[1]]) < (technical, -_RANK[kind]):
            target[k] = (skill_id, kind, technical)
        f = first.group().lower()
        # the first token as the text will show it: a name starting ".NET" starts at "."
        self.first.setdefault(f, set()).add(len(key))
        self.lookup.setdefault(normalize_name(name), skill_id)


class Vocabulary:
    """The broad vocabulary in ``root`` (a folder with the files above), read lazily.

    ``general``: whether ESCO's general skills are included (looked up and matched).
    """

    def __init__(self, root: Traversable | Path, *, general: bool = False,
                 ref: tuple[Any, ...] | None = None) -> None:
        self._root = root
        self.general = general
        self._ref = ref
        self._lock = threading.RLock()
        self._records: dict[str, dict[str, Any]] | None = None
        self._links: dict[str, dict[str, Any]] | None = None
        self._categories: dict[str, Category] | None = None
        self._index: _Index | None = None
        self._skills: dict[str, Skill] = {}

    # -- pickling: a reference, loaded again (once) where it is unpickled --------------------
    def __reduce__(self) -> tuple[Any, ...]:
        if self._ref is not None:
            return self._ref
        return (Vocabulary, (Path(str(self._root)),), {"general": self.general})

    def __setstate__(self, state: dict[str, Any]) -> None:  # only for the fallback above
        self.__init__(self._root, general=state.get("general", True))  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<Vocabulary {str(self._root)!r} general={self.general}>"

    # -- files ------------------------------------------------------------------------------
    def _lines(self, name: str) -> Iterator[dict[str, Any]]:
        node = self._root.joinpath(name)
        if not node.is_file():
            return
        loads = json.loads
        for line in node.read_text(encoding="utf-8").splitlines():
            if line:
                yield loads(line)

    @property
    def links(self) -> dict[str, dict[str, Any]]:
        """``{guide skill id: its guide_links record}``."""
        if self._links is None:
            with self._lock:
                if self._links is None:
                    self._links = {r["id"]: r for r in self._lines("guide_links.jsonl")}
        return self._links

    @property
    def records(self) -> dict[str, dict[str, Any]]:
        """``{skill id: record}`` of every vocabulary skill."""
        self._load()
        assert self._records is not None
        return self._records

    @property
    def index(self) -> _Index:
        self._load()
        assert self._index is not None
        return self._index

    def _load(self) -> None:
        if self._index is not None:
            return
        with self._lock:
            if self._index is not None:
                return
            records: dict[str, dict[str, Any]] = {}
            files = ["skills_technical.jsonl"] + (["skills_general.jsonl"] if self.general else [])
            for name in files:
                for r in self._lines(name):
                    records[r["id"]] = r
            index = _Index()
            for gid, r in self.links.items():  # the guide's skills first: their names win
                for key, kind in _KINDS:
                    for a in r.get(key, ()):
                        index.add(a, gid, kind, True)
            for sid, r in records.items():
                tech = bool(r.get("technical"))
                index.labels[sid] = _key(r["label"]).lower()
                for key, kind in _KINDS:
                    for a in r.get(key, ()):
                        index.add(a, sid, kind, tech)
            index.longest = {f: max(v) for f, v in index.first.items()}
            self._records = records
            self._index = index

    def _load_categories(self) -> dict[str, Category]:
        if self._categories is None:
            with self._lock:
                if self._categories is None:
                    self._categories = {
                        r["id"]: Category.model_construct(id=r["id"], label=r["label"],
                                                          description="",
                                                          source=r.get("source", ""))
                        for r in self._lines("categories.jsonl")}
        return self._categories

    # -- the ExtraSkills protocol -------------------------------------------------------------
    def get(self, skill_id: str) -> Skill | None:
        """The vocabulary skill ``skill_id`` (``onet:…``/``esco:…``), or None."""
        skill = self._skills.get(skill_id)
        if skill is not None:
            return skill
        if ":" not in skill_id:
            return None
        r = self.records.get(skill_id)
        if r is None:
            return None
        cats = self._load_categories()
        broader = [b for b in r.get("broader", ()) if b not in cats]
        broader += [g for g in CATEGORY_BROADER.get(r.get("category", ""), ()) if g not in broader]
        sources = r.get("sources", [])
        onet = r.get("onet", [])
        skill = Skill.model_construct(
            id=skill_id, label=r["label"], category=r.get("category") or "other",
            aliases=list(r.get("aliases", [])), cased_aliases=list(r.get("cased", [])),
            ambiguous=False, context=[], broader=broader, description="", practice=None,
            source="vocabulary", origin="+".join(s for s in ("onet", "esco") if s in sources),
            onet=[o["example"] for o in onet], esco=[e["uri"] for e in r.get("esco", [])],
            technical=bool(r.get("technical")), hot_technology=bool(r.get("hot")),
            in_demand=bool(r.get("in_demand")))
        self._skills[skill_id] = skill
        return skill

    def find(self, name: str) -> str | None:
        """The skill id (a vocabulary skill, or a guide skill by one of its extra names)."""
        return self.index.lookup.get(normalize_name(name))

    def category(self, category_id: str) -> Category | None:
        return self._load_categories().get(category_id)

    def enrich(self, skill: Skill) -> Skill:
        """A guide skill with ``origin="guide"`` and its O*NET examples / ESCO URIs."""
        r = self.links.get(skill.id, {})
        return skill.model_copy(update={
            "origin": "guide",
            "onet": [o["example"] for o in r.get("onet", [])],
            "esco": [e["uri"] for e in r.get("esco", [])],
            "hot_technology": any(o.get("hot_technology") for o in r.get("onet", [])),
            "in_demand": any(o.get("in_demand") for o in r.get("onet", []))})

    # -- matching -------------------------------------------------------------------------------
    def match(self, text: str) -> list[VocabularyMatch]:
        """Non-overlapping names in ``text``, left to right, the longest at each place.

        A name matches on token boundaries: never inside a word ("NET" in "ASP.NET" is not
        ".NET"), with any run of spaces between its words. ``ok`` names match in any case;
        ``cased`` and ``ambiguous`` names only as written.
        """
        index = self.index
        first, folded, cased, labels = index.first, index.folded, index.cased, index.labels
        longest = index.longest
        # names are keyed with single spaces: match on the text with its whitespace runs made
        # single spaces; its tokens are the text's tokens, in the same order
        norm = _WS.sub(" ", text)
        low = norm.lower()
        if len(low) != len(norm):  # a character whose lower case is longer ("İ")
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in norm)
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(norm)]
        where = toks if norm == text else [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        out: list[VocabularyMatch] = []
        n = len(toks)
        i = 0
        while i < n:
            s, e = toks[i]
            lengths = first.get(low[s:e])
            if lengths is None or (not norm[s].isalnum() and s > 0 and norm[s - 1].isalnum()):
                i += 1
                continue
            limit = s + longest[low[s:e]]
            found = None
            j = i
            while j < n and toks[j][1] <= limit:
                j += 1
            for k in range(j - 1, i - 1, -1):  # the longest name first
                end = toks[k][1]
                if end - s not in lengths:
                    continue
                hit = folded.get(low[s:end])
                if hit is None:
                    hit = cased.get(norm[s:end])
                if hit is not None:
                    found = (k, hit, low[s:end])
                    break
            if found is None:
                i += 1
                continue
            k, (sid, kind, tech), key = found
            out.append(VocabularyMatch(where[i][0], where[k][1], sid, kind, tech,
                                       labels.get(sid) == key))
            i = k + 1
        return out


_SHARED_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _shared(path: str | None, general: bool) -> Vocabulary:
    if path is None:
        from skillgap._resources import data_dir

        root: Traversable | Path = data_dir("taxonomy").joinpath("vocabulary")
    else:
        root = Path(path)
    return Vocabulary(root, general=general, ref=(load_vocabulary, (path, general)))


def load_vocabulary(path: str | None = None, general: bool = False) -> Vocabulary:
    """The shipped vocabulary (``path=None``) or one in a folder; one object per process.

    ``general``: also ESCO's general skills (competences, languages). Off by default: on the
    development halves they lowered document F1 (dotin 0.691 → 0.662, minhquan 0.666 → 0.635)
    and matched 1.2 times per 100 soft-skill sentences (``benchmarks/resume_skills.py``).
    """
    with _SHARED_LOCK:
        return _shared(None if path is None else str(path), general)
