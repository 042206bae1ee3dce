"""The broad vocabulary (O*NET Technology Skills + ESCO) behind the guide's taxonomy.

``taxonomy/vocabulary/`` (built by ``scripts/build_vocabulary.py``, see ``taxonomy/SOURCES.md``)
holds ~22,000 skills: O*NET examples and ESCO's technical skills (``skills_technical.jsonl``),
ESCO's general skills (``skills_general.jsonl``), the O*NET/ESCO identifiers and extra names of
the guide's own skills (``guide_links.jsonl``) and the categories (``categories.jsonl``).

:class:`Vocabulary` is what :class:`~skillgap.taxonomy.Taxonomy` asks (the
:class:`~skillgap.taxonomy.ExtraSkills` protocol): ``get(id)``, ``find(name)``, ``category(id)``
and ``enrich(guide skill)``. It reads its files on first use, once per process (each file
separately: the guide links for ``enrich``, the skills for ``get``/``find``/``match``), and
builds :class:`~skillgap.taxonomy.Skill` objects only for the skills asked for. The name
index is shipped precomputed (``index.txt``, written by ``scripts/build_vocabulary.py`` with
:func:`build_index`; a test checks it against the JSONL files): loading it is a few string
splits (~0.03 s instead of 0.3-0.5 s), and a skill's record is read at its byte offset when
``get`` asks for it.

:meth:`Vocabulary.match` finds the vocabulary's names in a text: a hash lookup of the text's
token n-grams (no spaCy ``PhraseMatcher``: building one over ~57,000 names costs seconds). Each
match says what kind of name it is: ``ok`` (any case), ``cased`` (as written), ``ambiguous``
(as written, and the caller decides by context).

A vocabulary is pickled as a reference (batch workers load their own copy once).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from skillgap.taxonomy._model import Category, Skill, normalize_name, unversioned
from skillgap.taxonomy._variants import variant_index, variant_key, word_key, word_variant_index

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
#: The same, as one group: ``split`` gives the text between tokens and the tokens, in turn.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
#: A run of white space that is not one space: ``_WS_RUN.sub(" ", text)`` makes every run one
#: space (as ``re.sub(r"\s+", " ", text)``, replacing far fewer runs).
_WS_RUN = re.compile(r"[^\S ]\s*| \s+")
_ATTACHED_AT = re.compile(r"([^\W\d_]{2,})v?(\d{1,2})")  # one token: no "." inside
_KINDS = (("aliases", "ok"), ("cased", "cased"), ("ambiguous", "ambiguous"))
_RANK = {"ok": 0, "cased": 1, "ambiguous": 2}


def _recased_ok(written: str, name: str) -> bool:
    """Whether ``written`` may be ``name`` (a ``cased`` or ``ambiguous`` name of the vocabulary)
    written in another case, as skills lists do: a proper name in capitals ("PERL", "TOAD",
    "SWING" for Perl, Toad, Swing), a name with inner capitals capitalised ("Putty", "Blackberry"
    for PuTTY, BlackBerry), a phrase in lower case capitalised ("Data Mining", "Operating
    Systems" for ESCO's "data mining", "Operating systems"). Never a name in capitals in another
    case ("Less", "Basic" are words), nor a word in lower case in capitals ("MARKETING" heads a
    section), nor any name in lower case ("putty").

    >>> _recased_ok("PERL", "Perl"), _recased_ok("Putty", "PuTTY"), _recased_ok("Basic", "BASIC")
    (True, True, False)
    >>> _recased_ok("Data Mining", "data mining"), _recased_ok("DATA MINING", "data mining")
    (True, False)
    """
    if name.isupper():
        return False
    if written.isupper():
        return any(c.isupper() for c in name)
    if " " in name and not any(c.isupper() for c in name[1:]):
        return written.istitle() or written[:1].isupper() and written[1:].islower()
    return (written[:1].isupper() and written[1:].islower()
            and any(c.isupper() for c in name[1:]))


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


def _lower(text: str) -> str:
    """``text`` in lower case, one character for one (as :meth:`Vocabulary.match` reads text:
    a character whose lower case is longer, "İ", is kept)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


_LONG_WS = re.compile(r"\s{2,}")


def _text_offsets(text: str, norm_length: int) -> Callable[[int], int]:
    """The offset in ``text`` of an offset of ``text`` with its whitespace runs made single
    spaces (``norm_length`` long), for offsets outside those runs: the same where no run is
    longer than one character."""
    if norm_length == len(text):
        return lambda x: x
    starts: list[int] = []  # where each run of two or more ends, in the single-spaced text
    removed: list[int] = []  # characters the runs up to it lost
    lost = 0
    for m in _LONG_WS.finditer(text):
        lost += m.end() - m.start() - 1
        starts.append(m.end() - lost)
        removed.append(lost)

    def at(x: int) -> int:
        k = bisect.bisect_right(starts, x)
        return x + (removed[k - 1] if k else 0)

    return at


def _second_prefixes(key: str, kind: str) -> list[str]:
    """The text (lower case) of a name's first two tokens, which a text must show for
    :meth:`Vocabulary.match` to try the name at all; for a name of exactly two tokens that
    matches in any case, also its forms with the last word in the other number ("crystal
    report" for "crystal reports"). Empty for a name of one token."""
    low = _lower(key)
    tokens = list(_TOKEN.finditer(low))
    if len(tokens) < 2:
        return []
    out = [low[: tokens[1].end()]]
    if len(tokens) == 2 and kind == "ok":
        out += [low + "s", low + "es", low[:-1]]
    return out


class _Builder:
    """Names → skills, built from the records of the skill files and the guide links (the slow
    path: ``scripts/build_vocabulary.py`` runs it once and ships the result as ``index.txt``)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.code: dict[str, int] = {}
        self.info: list[tuple[str, bool, str, int, int]] = []  # id, technical, label, file, offset
        self.folded: dict[str, tuple[str, str, bool]] = {}  # lower key → (id, kind, technical)
        self.cased: dict[str, tuple[str, str, bool]] = {}  # exact key → (id, kind, technical)
        self.lookup: dict[str, str] = {}  # normalize_name → id, for Taxonomy.lookup
        self.first: dict[str, set[int]] = {}  # first token (lower) → lengths of its names
        self.second: set[str] = set()  # first two tokens (lower) of the names of two or more
        self.blocked: list[str] = []  # variant keys of the names reviewers dropped

    def skill(self, skill_id: str, technical: bool, label: str, file: int, offset: int) -> None:
        self.code[skill_id] = len(self.ids)
        self.ids.append(skill_id)
        self.info.append((skill_id, technical, label, file, offset))

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
        self.second.update(_second_prefixes(key, kind))
        self.lookup.setdefault(normalize_name(name), skill_id)

    def text(self, general: bool) -> str:
        """The index as text (see :class:`_Index`): sorted, so the same input gives the same
        bytes."""
        code = self.code
        folded = sorted(self.folded.items())
        cased = sorted(self.cased.items())
        first = sorted(self.first.items())
        lookup = sorted(self.lookup.items())
        professional = {i for i, technical, *_ in self.info if not technical}
        variants = sorted(_variants_of(dict(lookup), set(self.blocked), professional).items())
        sections = [
            ("ids", [f"{i}\t{int(t)}\t{lab}\t{f}\t{o}" for i, t, lab, f, o in self.info]),
            ("folded", [k for k, _ in folded]),
            ("folded.codes", [str(code[v[0]]) for _, v in folded]),
            ("cased", [k for k, _ in cased]),
            ("cased.codes", [str(2 * code[v[0]] + (v[1] == "ambiguous")) for _, v in cased]),
            ("first", [k for k, _ in first]),
            ("first.lengths", [",".join(map(str, sorted(v, reverse=True))) for _, v in first]),
            ("lookup", [k for k, _ in lookup]),
            ("lookup.codes", [str(code[v]) for _, v in lookup]),
            ("blocked", self.blocked),
            ("second", sorted(self.second)),
            ("variants", [k for k, _ in variants]),
            ("variants.codes", [str(code[v]) for _, v in variants]),
        ]
        out = [f"{_INDEX_MAGIC} general={int(general)}\n"]
        for name, lines in sections:
            out.append(f"\x1d{name} {len(lines)}\n")
            out.append("".join(line + "\n" for line in lines))
        return "".join(out)


#: First line of ``index.txt`` (the format's version is part of it).
_INDEX_MAGIC = "skillgap-vocabulary-index/1"
#: The skill files, by their number in the index's ``ids`` section (2: a guide skill).
_FILES = ("skills_technical.jsonl", "skills_general.jsonl")


class _Index:
    """Names → skills, read from the text of ``index.txt`` with no per-name work.

    Sections (each ``\\x1dNAME COUNT`` then COUNT lines): ``ids`` (skill id, technical 0/1,
    label as a lower-case key, file number, byte offset of its record), ``folded`` / ``cased``
    keys and their codes (an ``ids`` line number; ``cased``: ×2, +1 for an ambiguous name),
    ``first`` tokens and their name lengths (longest first), ``lookup`` names and codes,
    ``second``: the first two tokens of every name of two or more (lower case; an index written
    before it had them computes them), ``blocked``: the variant keys of the names reviewers
    dropped (``dropped.txt``), ``variants`` keys and codes (names written in another form,
    :mod:`skillgap.taxonomy._variants`; computed likewise when missing). Lines
    are parsed when a match or a lookup needs them.
    """

    def __init__(self, text: str) -> None:
        parts = text.split("\x1d")
        if not parts[0].startswith(_INDEX_MAGIC):
            raise ValueError("not a skillgap vocabulary index")
        sec: dict[str, list[str]] = {}
        for part in parts[1:]:
            head, _, body = part.partition("\n")
            name, count = head.split(" ")
            lines = body.split("\n")
            lines.pop()  # the text after the last newline
            if len(lines) != int(count):
                raise ValueError(f"vocabulary index: section {name} is damaged")
            sec[name] = lines
        self.ids = sec["ids"]
        self.folded = dict(zip(sec["folded"], sec["folded.codes"], strict=True))
        self.cased = dict(zip(sec["cased"], sec["cased.codes"], strict=True))
        self.first_raw = dict(zip(sec["first"], sec["first.lengths"], strict=True))
        self._lookup_keys = sec["lookup"]
        self._second = frozenset(sec["second"]) if "second" in sec else None
        self._variant_keys, self._variant_codes = sec.get("variants"), sec.get("variants.codes")
        self._blocked = sec.get("blocked", [])
        self._variants: dict[str, str] | None = None
        self._lookup_codes = sec["lookup.codes"]
        self._lookup: dict[str, str] | None = None
        self._first: dict[str, tuple[frozenset[int], int, frozenset[int]]] = {}
        self._by_id: dict[str, int] | None = None
        self._recased: dict[str, tuple[int, str]] | None = None

    def first(self, token: str) -> tuple[frozenset[int], int, frozenset[int]] | None:
        """The lengths of the names starting with ``token`` (lower case), the longest, and the
        lengths a text may have to be such a name with its last word in the other number (one
        or two letters fewer, one more: :meth:`Vocabulary._other_number`)."""
        hit = self._first.get(token)
        if hit is None:
            raw = self.first_raw.get(token)
            if raw is None:
                return None
            lengths = [int(x) for x in raw.split(",")]
            hit = self._first[token] = (frozenset(lengths), lengths[0],
                                        frozenset(n + d for n in lengths for d in (-1, 1, 2)))
        return hit

    def skill(self, code: int) -> tuple[str, bool, str, int, int]:
        """``(id, technical, label key, file number, offset)`` of an ``ids`` line."""
        sid, tech, label, file, offset = self.ids[code].split("\t")
        return sid, tech == "1", label, int(file), int(offset)

    @property
    def by_id(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {line.partition("\t")[0]: n for n, line in enumerate(self.ids)}
        return self._by_id

    @property
    def recased(self) -> dict[str, tuple[int, str]]:
        """The ``cased`` names (not those in capitals) by their lower case → (the skill's
        ``ids`` line number, the name as listed), for :meth:`Vocabulary.match` to find them in
        another case (:func:`_recased_ok`). Names two skills share in some case are left out."""
        if self._recased is None:
            out: dict[str, tuple[int, str]] = {}
            clash: set[str] = set()
            for key, code in self.cased.items():
                low, c = key.lower(), int(code) >> 1
                if low in self.folded or low in out and out[low][0] != c:
                    clash.add(low)
                if not key.isupper():  # "Perl", "PuTTY", "data mining"; not "BASIC"
                    out[low] = (c, key)
            for low in clash:
                out.pop(low, None)
            self._recased = out
        return self._recased

    @property
    def second(self) -> frozenset[str]:
        """The first two tokens of the names of two tokens or more (:func:`_second_prefixes`)."""
        if self._second is None:
            self._second = frozenset(
                p for keys, kind in ((self.folded, "ok"), (self.cased, "cased"))
                for key in keys for p in _second_prefixes(key, kind))
        return self._second

    @property
    def variants(self) -> dict[str, str]:
        """Variant key → skill id (:func:`variant_index` of :attr:`lookup`)."""
        if self._variants is None:
            if self._variant_keys is None or self._variant_codes is None:
                professional = {sid for sid, technical, *_ in map(self.skill, range(len(self.ids)))
                                if not technical}
                self._variants = _variants_of(self.lookup, set(self._blocked), professional)
            else:
                ids = self.ids
                self._variants = {k: ids[int(c)].partition("\t")[0] for k, c
                                  in zip(self._variant_keys, self._variant_codes, strict=True)}
        return self._variants

    @property
    def lookup(self) -> dict[str, str]:
        """``normalize_name(name)`` → skill id."""
        if self._lookup is None:
            ids = self.ids
            self._lookup = {k: ids[int(c)].partition("\t")[0]
                            for k, c in zip(self._lookup_keys, self._lookup_codes, strict=True)}
        return self._lookup


def build_index(root: Traversable | Path, general: bool = False) -> str:
    """The text of ``index.txt`` for the vocabulary files in ``root`` (what the loader would
    otherwise compute in every process): the guide's names first (they win), then the
    technical skills, then the general ones (``general``)."""
    links = [json.loads(line) for line in _read(root, "guide_links.jsonl").splitlines() if line]
    b = _Builder()
    for r in links:
        b.skill(r["id"], True, "", 2, 0)
    dropped = root.joinpath("dropped.txt")
    if dropped.is_file():  # names reviewers took away: none written another way either
        b.blocked = sorted({k for n in dropped.read_text(encoding="utf-8").splitlines()
                            if (k := variant_key(n) or word_key(n)) is not None})
    for r in links:
        for key, kind in _KINDS:
            for a in r.get(key, ()):
                b.add(a, r["id"], kind, True)
    seen: dict[str, int] = {}
    records: list[tuple[dict[str, Any], int, int]] = []
    for file, name in enumerate(_FILES[: 2 if general else 1]):
        data = _read_bytes(root, name)
        offset = 0
        for line in data.split(b"\n"):
            if line:
                r = json.loads(line)
                if r["id"] in seen:  # a later record of the same id replaces the earlier one
                    records[seen[r["id"]]] = (r, file, offset)
                else:
                    seen[r["id"]] = len(records)
                    records.append((r, file, offset))
            offset += len(line) + 1
    for r, file, offset in records:
        b.skill(r["id"], bool(r.get("technical")), _key(r["label"]).lower(), file, offset)
    for r, _, _ in records:
        tech = bool(r.get("technical"))
        for key, kind in _KINDS:
            for a in r.get(key, ()):
                b.add(a, r["id"], kind, tech)
    return b.text(general)


def _read(root: Traversable | Path, name: str) -> str:
    return _read_bytes(root, name).decode("utf-8")


def _read_bytes(root: Traversable | Path, name: str) -> bytes:
    node = root.joinpath(name)
    return node.read_bytes() if node.is_file() else b""


def _variants_of(lookup: dict[str, str], blocked: set[str], professional: set[str]
                 ) -> dict[str, str]:
    """Variant key → skill id: the keys of names of two words or more (:func:`variant_index`),
    and the one-word keys of the professional skills' one-word names
    (:func:`~skillgap.taxonomy._variants.word_variant_index`)."""
    words = word_variant_index({n: i for n, i in lookup.items() if i in professional}, blocked)
    return {**variant_index(lookup, blocked), **words}


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
        self._data: dict[int, bytes] = {}  # file number → the skill file's bytes (for get)
        self._links: dict[str, dict[str, Any]] | None = None
        self._categories: dict[str, Category] | None = None
        self._index: _Index | None = None
        self._skills: dict[str, Skill] = {}
        self._transversal: dict[str, bool] = {}  # skill id → filed under ESCO's T1-T6

    # -- pickling: a reference, loaded again (once) where it is unpickled --------------------
    def __reduce__(self) -> tuple[Any, ...]:
        if self._ref is not None:
            return self._ref
        return (Vocabulary, (Path(str(self._root)),), {"general": self.general})

    def __setstate__(self, state: dict[str, Any]) -> None:  # only for the fallback above
        self.__init__(self._root, general=state.get("general", True))  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<Vocabulary {str(self._root)!r} general={self.general}>"

    @functools.cached_property
    def vendors(self) -> tuple[str, ...]:
        """The vendors whose names the vocabulary's names start with, lower case, and their
        short forms ("microsoft", "ms", "oracle"): a name written after one ("Microsoft Word")
        is the product, never the ordinary word."""
        node = self._root.joinpath("meta.json")
        meta = json.loads(node.read_text(encoding="utf-8")) if node.is_file() else {}
        names = {" ".join(v.lower().split()) for key in ("vendors_curated", "vendors_short")
                 for v in meta.get(key, [])}
        return tuple(sorted(names, key=lambda v: (-len(v), v)))

    @functools.cached_property
    def vendor_set(self) -> frozenset[str]:
        """:attr:`vendors` as a set (for a test of membership)."""
        return frozenset(self.vendors)

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
        """``{skill id: record}`` of every vocabulary skill (reads every record: slow)."""
        if self._records is None:
            with self._lock:
                if self._records is None:
                    records: dict[str, dict[str, Any]] = {}
                    for name in _FILES[: 2 if self.general else 1]:
                        for r in self._lines(name):
                            records[r["id"]] = r
                    self._records = records
        return self._records

    @property
    def index(self) -> _Index:
        self._load()
        assert self._index is not None
        return self._index

    def _load(self) -> None:
        """The name index: ``index.txt`` (``index_general.txt`` with the general skills) as
        shipped, else computed from the skill files (see :func:`build_index`)."""
        if self._index is not None:
            return
        with self._lock:
            if self._index is not None:
                return
            node = self._root.joinpath("index_general.txt" if self.general else "index.txt")
            text = node.read_text(encoding="utf-8") if node.is_file() else ""
            if not text:
                text = build_index(self._root, self.general)
            self._index = _Index(text)

    def transversal(self, skill_id: str) -> bool:
        """Whether ESCO files the skill under its transversal skills (codes T1-T6: working in
        teams, solving problems, managing time), the soft skills people claim in a sentence as
        in a list."""
        hit = self._transversal.get(skill_id)
        if hit is None:
            r = self._record(skill_id) or {}
            hit = self._transversal[skill_id] = any(
                c.startswith("T") for e in r.get("esco", ()) for c in e.get("codes", ()))
        return hit

    def _record(self, skill_id: str) -> dict[str, Any] | None:
        """A vocabulary skill's record, read from its file at the offset the index gives."""
        if self._records is not None:
            return self._records.get(skill_id)
        index = self.index
        code = index.by_id.get(skill_id)
        if code is None:
            return None
        _, _, _, file, offset = index.skill(code)
        if file >= len(_FILES):
            return None  # a guide skill
        data = self._data.get(file)
        if data is None:
            with self._lock:
                data = self._data.get(file)
                if data is None:
                    data = self._data[file] = _read_bytes(self._root, _FILES[file])
        end = data.find(b"\n", offset)
        return json.loads(data[offset: end if end != -1 else len(data)])

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
        r = self._record(skill_id)
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
            source="vocabulary", origin="+".join(s for s in ("onet", "esco", "skillgap") if s in sources),
            onet=[o["example"] for o in onet], esco=[e["uri"] for e in r.get("esco", [])],
            technical=bool(r.get("technical")), hot_technology=bool(r.get("hot")),
            in_demand=bool(r.get("in_demand")))
        self._skills[skill_id] = skill
        return skill

    def find(self, name: str) -> str | None:
        """The skill id (a vocabulary skill, or a guide skill by one of its extra names).

        A name with a version the vocabulary does not list is the name without it ("SQL Server
        2000", "Tomcat 5.0", "HTML5"), when what is left is a name.
        """
        lookup = self.index.lookup
        hit = lookup.get(normalize_name(name))
        if hit is None:
            base = unversioned(name)
            if base is not None:
                hit = lookup.get(normalize_name(base))
        return hit

    def plain(self, name: str) -> bool:
        """Whether ``name`` is one of the vocabulary's names as written that needs no context:
        one matched in any case, or a ``cased`` name in its case ("Remedy" is BMC Remedy,
        "remedy" is not; "Drive" of Google Drive is ambiguous). A version after it is read away."""
        index = self.index
        for text in (name, unversioned(name)):
            if text is None:
                continue
            key = _key(text).strip(" .,;:")
            if _lower(key) in index.folded:
                return True
            code = index.cased.get(key)
            if code is not None and not int(code) & 1:
                return True
        return False

    def find_variant(self, key: str) -> str | None:
        """The skill id whose name has this variant key (:mod:`skillgap.taxonomy._variants`)."""
        return self.index.variants.get(key)

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
    def _versioned(self, norm: str, low: str, s: int, e: int) -> tuple[str, str, bool, bool] | None:
        """``(id, kind, technical, exact)`` of a one-word name with a version written onto it
        ("HTML5", "CSS3", "VB6"): names that need no context only, never an ambiguous one."""
        m = _ATTACHED_AT.fullmatch(norm, s, e)
        if m is None:
            return None
        index = self.index
        name_end = m.end(1)
        code = index.folded.get(low[s:name_end])
        if code is not None:
            c, kind = int(code), "ok"
        else:
            code = index.cased.get(norm[s:name_end])
            if code is None or int(code) & 1:
                return None
            c, kind = int(code) >> 1, "cased"
        sid, tech, _, _, _ = index.skill(c)
        return sid, kind, tech, False

    @staticmethod
    def _other_number(low: str, s: int, ws: int, we: int, lengths: frozenset[int]) -> list[str]:
        """Keys of a name whose last word (``low[ws:we]``) is written in the other number
        ("crystal report" for "crystal reports", "project managements"), as
        :meth:`Taxonomy.lookup` forgives it (the rule of
        :func:`~skillgap.taxonomy._model.other_number`: a last word of letters only, more than
        three), written out here on the lower-cased text: only keys of a length some name has,
        checked before a key is made, since this runs for most tokens (calling that function
        instead made ``match`` 10-15 % slower)."""
        if we - ws <= 3:
            return []
        n = we - s
        if low[we - 1] == "s":
            out = [low[s : we - 1]] if n - 1 in lengths else []
            if n - 2 in lengths and low.endswith(("ses", "xes", "ches"), ws, we):
                out.append(low[s : we - 2])
        else:
            out = [low[s:we] + "s"] if n + 1 in lengths else []
        return out if out and low[ws:we].isalpha() else []

    def match(self, text: str) -> list[VocabularyMatch]:
        """Non-overlapping names in ``text``, left to right, the longest at each place.

        A name matches on token boundaries: never inside a word ("NET" in "ASP.NET" is not
        ".NET"), with any run of spaces between its words. ``ok`` names match in any case;
        ``cased`` and ``ambiguous`` names only as written. A word with a version written onto
        it ("HTML5", "CSS3") is the name without it, for ``ok`` and ``cased`` names only.
        """
        index = self.index
        first, folded, cased, skill = index.first, index.folded, index.cased, index.skill
        recased, second = index.recased, index.second
        # names are keyed with single spaces: match on the text with its whitespace runs made
        # single spaces; its tokens are the text's tokens, in the same order
        norm = _WS_RUN.sub(" ", text)
        low = _lower(norm)  # one character for one ("İ" kept)
        # the tokens and the text between them, from one split: token k is pieces[2k + 1]
        pieces = _TOKEN_SPLIT.split(low)
        bounds = list(itertools.accumulate(map(len, pieces), initial=0))
        starts, ends = bounds[1:-1:2], bounds[2::2]
        at = _text_offsets(text, len(norm))  # a token's offsets in ``text``
        raw_first = index.first_raw
        out: list[VocabularyMatch] = []
        n = len(ends)
        nxt = 0  # the first token a new match may start at
        # only tokens that start some name are worth a look, and words with a version written
        # onto them ("HTML5", "CSS3")
        tokens = pieces[1::2]
        known_first = index._first  # ``first``'s cache, read first: a method call per token costs
        for i in [i for i, w in enumerate(tokens) if w in raw_first or w[-1].isdigit()]:
            if i < nxt:
                continue
            s, e = starts[i], ends[i]
            hit_first = known_first.get(tokens[i]) or first(tokens[i])
            if hit_first is None:
                versioned = self._versioned(norm, low, s, e)
                if versioned is not None:
                    out.append(VocabularyMatch(at(s), at(e), *versioned))
                    nxt = i + 1
                continue
            if not norm[s].isalnum() and s > 0 and norm[s - 1].isalnum():
                continue
            lengths, longest, renumbered = hit_first
            if i + 1 < n and low[s : ends[i + 1]] in second:
                j = bisect.bisect_right(ends, s + longest + 1, i, n)  # + 1: "... Reports" for "Report"
            elif e - s in lengths:
                j = i + 1  # no name of two tokens or more starts with these two: one token only
            else:
                continue  # nor is the token a name
            found = None
            for k in range(j - 1, i - 1, -1):  # the longest name first
                end = ends[k]
                if end - s in lengths:
                    code = folded.get(low[s:end])
                    if code is not None:
                        found = (k, int(code), "ok", low[s:end])
                        break
                    code = cased.get(norm[s:end])
                    if code is not None:
                        c = int(code)
                        found = (k, c >> 1, "ambiguous" if c & 1 else "cased", low[s:end])
                        break
                    other = recased.get(low[s:end])
                    if other is not None and _recased_ok(norm[s:end], other[1]):
                        found = (k, other[0], "ambiguous", low[s:end])  # the context decides
                        break
                if k > i and end - s in renumbered and end - starts[k] > 3:
                    # a name of two words or more, its last word in the other number
                    for key in self._other_number(low, s, starts[k], end, lengths):
                        code = folded.get(key)
                        if code is not None:
                            found = (k, int(code), "ok", key)
                            break
                    if found is not None:
                        break
            if found is None:
                continue
            k, c, kind, key = found
            sid, tech, label, _, _ = skill(c)
            out.append(VocabularyMatch(at(s), at(ends[k]), sid, kind, tech, label == key))
            nxt = k + 1
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
    Measured again with the index and context rules of December 2026 (lexical, dev halves):
    coverage of gold spans +1.8 / +3.0 points (dotin 0.474 → 0.492, minhquan 0.390 → 0.420),
    document F1 -3.3 / -4.5 points (0.761 → 0.728, 0.783 → 0.738), Sayfullina 0.7 → 1.7 skills
    per 100 soft-skill sentences: still off.
    """
    with _SHARED_LOCK:
        return _shared(None if path is None else str(path), general)
