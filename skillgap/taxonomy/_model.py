"""The taxonomy as data: validate, index and look up skills, roles and KPIs.

:class:`Taxonomy` knows nothing of files formats beyond its own: loading and format detection are
in :mod:`skillgap.taxonomy._load`, the ESCO / O*NET importers in :mod:`skillgap.taxonomy.importers`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from skillgap.errors import TaxonomyValidationError, UnknownRoleError, UnknownSkillError
from skillgap.taxonomy._variants import variant_index, variant_keys, word_key

__all__ = [
    "Category",
    "ExtraSkills",
    "Kpi",
    "Practice",
    "Role",
    "RoleSkills",
    "Skill",
    "Taxonomy",
    "build_taxonomy",
    "normalize_name",
]

_T = TypeVar("_T")
_BRACKETED = re.compile(r"^\s*(.+?)\s*\(([^()]+)\)\s*$")
#: Words written after a name to say what kind of thing it is ("MySQL DB", "Linux systems"):
#: :meth:`Taxonomy.lookup` reads the name without them when the whole is not a name.
_KIND_WORDS = frozenset("""
    api apis application applications database databases db dbs design designs development
    device devices environment environments framework frameworks language languages library
    libraries platform platforms programming router routers script scripting scripts sdk server
    servers skills software stack suite switch switches system systems technologies technology
    tool tools
    """.split())
#: Words written after a name to say what was done with it or how much of it is known ("SQL
#: Server administration", "Linux basics"): read away as :data:`_KIND_WORDS` are, when what is
#: left is a name on its own (:meth:`Taxonomy._find_plain`: "Access support" is no Microsoft
#: Access).
_USE_WORDS = frozenset("""
    admin administration basics certification coding concepts configuration expertise
    fundamentals implementation integration knowledge maintenance migration support testing
    troubleshooting
    """.split())
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def other_number(word: str) -> list[str]:
    """The last word of a name in the other number, as a name of two words or more is
    forgiven it ("Crystal Report" / "Crystal Reports", "Project Managements"): words of
    letters only and more than three of them ("Window" is never taken for "Windows" alone).

    >>> other_number("Reports"), other_number("report"), other_number("processes")
    (['Report'], ['reports'], ['processe', 'process'])
    >>> other_number("Bus"), other_number("HTML5")
    ([], [])
    """
    if len(word) <= 3 or not word.isalpha():
        return []
    if not word.lower().endswith("s"):
        return [word + "s"]
    return [word[:-1], *([word[:-2]] if word.lower().endswith(("ses", "xes", "ches")) else [])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _kebab(value: str) -> str:
    if not _KEBAB.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (lower-case letters, digits, '-')")
    return value


class Category(_Strict):
    id: str
    label: str
    description: str = ""
    source: str = ""

    _check_id = field_validator("id")(_kebab)


class Practice(_Strict):
    task: str = Field(min_length=1)
    source: str = "skillgap"


class Skill(_Strict):
    id: str
    label: str = Field(min_length=1)
    category: str
    aliases: list[str] = Field(default_factory=list)
    cased_aliases: list[str] = Field(default_factory=list)
    ambiguous: bool = False
    context: list[str] = Field(default_factory=list)
    broader: list[str] = Field(default_factory=list)
    description: str = ""
    practice: Practice | None = None
    source: str = ""
    #: Where the skill comes from: "guide" (the built-in taxonomy), "onet", "esco", "onet+esco"
    #: (the broad vocabulary), "skillgap" (the vocabulary's reviewed supplement of technologies
    #: neither source lists: ``taxonomy/vocabulary_curated.tsv``), or "" (a user's taxonomy).
    origin: str = ""
    #: O*NET Technology Skills examples this skill is ("SAP software"), and its ESCO skill URIs.
    onet: list[str] = Field(default_factory=list)
    esco: list[str] = Field(default_factory=list)
    #: False for ESCO's general skills (competences, languages, attitudes): reported, never
    #: counted as technical tools.
    technical: bool = True
    #: O*NET's Hot Technology / In Demand flags.
    hot_technology: bool = False
    in_demand: bool = False

    _check_id = field_validator("id")(_kebab)


#: Fields of :class:`Skill` that describe provenance only; left out of ``content_hash`` so that
#: attaching the broad vocabulary does not change the key of the shipped taxonomy vectors.
_PROVENANCE = frozenset({"origin", "onet", "esco", "technical", "hot_technology", "in_demand"})


class ExtraSkills(Protocol):
    """Skills beyond a taxonomy's own (the broad vocabulary), resolved by id and by name.

    :class:`Taxonomy` only asks; reading files is the provider's business
    (:mod:`skillgap.taxonomy._vocabulary`).
    """

    def get(self, skill_id: str) -> Skill | None: ...

    def find(self, name: str) -> str | None:
        """The skill id whose name is ``name`` (any case), or None."""

    def category(self, category_id: str) -> Category | None: ...

    def find_variant(self, key: str) -> str | None:
        """The skill id whose name has this variant key (:mod:`skillgap.taxonomy._variants`),
        or None (optional: a provider without it resolves no variants)."""

    def enrich(self, skill: Skill) -> Skill:
        """The taxonomy's own skill with its identifiers in the vocabulary (O*NET, ESCO)."""


class Kpi(_Strict):
    id: str
    label: str
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    source: str = ""

    _check_id = field_validator("id")(_kebab)


class RoleSkills(_Strict):
    required: dict[str, float] = Field(default_factory=dict)
    nice_to_have: dict[str, float] = Field(default_factory=dict)

    @field_validator("required", "nice_to_have")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        for skill_id, weight in value.items():
            if not 0.0 < weight <= 1.0:
                raise ValueError(f"weight of {skill_id!r} must be in (0, 1], got {weight}")
        return value


class Role(_Strict):
    id: str
    label: str
    level: str = ""
    source: str = ""
    summary: str = ""
    tasks: list[str] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list)
    skills: RoleSkills

    _check_id = field_validator("id")(_kebab)

    def weights(self) -> dict[str, tuple[float, bool]]:
        """``{skill_id: (importance, required)}``; nice-to-haves count half."""
        out = {sid: (w, True) for sid, w in self.skills.required.items()}
        out.update({sid: (0.5 * w, False) for sid, w in self.skills.nice_to_have.items()})
        return out


class _TaxonomyData(_Strict):
    name: str = "custom"
    version: str = ""
    description: str = ""
    categories: list[Category] = Field(default_factory=list)
    skills: list[Skill]
    kpis: list[Kpi] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


#: A version after a name: "Oracle 11i", "SQL Server 2008 R2", "Tomcat 5.0", "Java 1.8", "3.x".
_VERSION_WORD = re.compile(
    r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.x|x|g|i|c)|(?:19|20)\d\d|r\d+|sp\d?)$", re.IGNORECASE)
#: A version written onto a name: "HTML5", "CSS3", "VB6", "Python3" (name: 2+ letters).
_ATTACHED_VERSION = re.compile(r"^([^\W\d_]{2,})v?(\d{1,2}(?:\.\d+)?)$")


def unversioned(name: str) -> str | None:
    """``name`` without its trailing version ("SQL Server 2008 R2" -> "SQL Server", "HTML5" ->
    "HTML"), or None when it has none or nothing of two letters would be left."""
    words = name.split()
    while len(words) > 1 and _VERSION_WORD.match(words[-1].rstrip(".")):
        words.pop()
    if len(words) == 1:
        m = _ATTACHED_VERSION.match(words[0])
        if m:
            words = [m.group(1)]
    out = " ".join(words)
    if out == " ".join(name.split()) or sum(c.isalpha() for c in out) < 2:
        return None
    return out


#: A hyphen between two words of a tag ("amazon-web-services", "java-ee").
_TAG_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def normalize_name(text: str) -> str:
    """Fold a skill name for lookups: lower case, single spaces, no surrounding punctuation."""
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(" .,;:")


class Taxonomy:
    """A validated, indexed taxonomy.

    >>> from skillgap.taxonomy import load_taxonomy
    >>> tax = load_taxonomy()
    >>> tax.lookup("sklearn").id
    'scikit-learn'
    >>> tax.get("no-such-skill") is None
    True
    """

    def __init__(self, data: _TaxonomyData, *, source: str = "<memory>",
                 vocabulary: ExtraSkills | None = None) -> None:
        self._data = data
        self.source = source
        self.name = data.name
        self.version = data.version
        #: The broad vocabulary behind this taxonomy's own skills, or None: its skills are
        #: found, looked up and reported, but only :attr:`skills` make the built-in roles.
        self.vocabulary = vocabulary
        self.skills: list[Skill] = sorted(data.skills, key=lambda s: s.id)
        if vocabulary is not None:
            self.skills = [vocabulary.enrich(s) for s in self.skills]
        self.roles: list[Role] = sorted(data.roles, key=lambda r: r.id)
        self.kpis: list[Kpi] = sorted(data.kpis, key=lambda k: k.id)
        categories = {c.id: c for c in data.categories}
        for skill in self.skills:  # categories may be implicit in user taxonomies
            categories.setdefault(skill.category, Category(id=skill.category, label=skill.category))
        self.categories: list[Category] = list(categories.values())
        self._skills = {s.id: s for s in self.skills}
        self._roles = {r.id: r for r in self.roles}
        self._kpis = {k.id: k for k in self.kpis}
        self._categories = categories
        self._ancestor_cache: dict[str, dict[str, int]] = {}
        self._derived: dict[str, Any] = {}
        self._derived_lock = threading.RLock()
        self._names: dict[str, str] = {}
        for skill in self.skills:
            for name in (skill.id, skill.label, *skill.aliases, *skill.cased_aliases):
                self._names.setdefault(normalize_name(name), skill.id)

    # -- access -------------------------------------------------------------------------------
    def get(self, skill_id: str) -> Skill | None:
        """The skill with this id (the taxonomy's own, else the vocabulary's), or None."""
        skill = self._skills.get(skill_id)
        if skill is None and self.vocabulary is not None:
            return self.vocabulary.get(skill_id)
        return skill

    def owns(self, skill_id: str) -> bool:
        """Whether ``skill_id`` is one of the taxonomy's own skills (not the vocabulary's)."""
        return skill_id in self._skills

    def _find(self, text: str) -> str | None:
        skill_id = self._names.get(normalize_name(text))
        if skill_id is None and self.vocabulary is not None:
            skill_id = self.vocabulary.find(text)
            if skill_id is None:  # "Java 1.8", "SQL Server 2000", "Python3": the name alone
                base = unversioned(text)
                if base is not None:
                    skill_id = self._names.get(normalize_name(base))
        return skill_id

    def _find_loose(self, text: str) -> str | None:
        """A name as people write it around a known one, when the name itself is unknown:
        followed by a word for what kind of thing it is ("MySQL DB", "Linux systems",
        "PowerShell scripts", "Cisco routers"; at most two such words), the other number of
        the last word of a name of two words or more ("Crystal Report" / "Crystal Reports";
        not "Window" for "Windows"), or after a vendor of the broad vocabulary ("IBM web sphere":
        "web sphere"; the longest vendor that starts the text, once), or with hyphens for its
        spaces, as tags are written ("amazon-web-services", "spring-mvc")."""
        if "-" in text and " " not in text.strip():
            spaced = _TAG_HYPHEN.sub(" ", text)
            if spaced != text:
                hit = self._find(spaced) or self._find_loose(spaced)
                if hit is not None:
                    return hit
        words = text.split()
        for cut in (1, 2):
            tail = [w.lower() for w in words[-cut:]]
            if len(words) > cut and all(w in _KIND_WORDS or w in _USE_WORDS for w in tail):
                base = " ".join(words[:-cut])
                if all(w in _KIND_WORDS for w in tail):
                    hit = self._find(base)
                else:
                    hit = self._find_plain(base)
                if hit is not None:
                    return hit
        if len(words) >= 2:
            for other in other_number(words[-1]):
                hit = self._find(" ".join([*words[:-1], other]))
                if hit is not None:
                    return hit
            # a vendor before a product the vocabulary names without it, as the matcher
            # reads it ("Microsoft Hyper-V", "IBM web sphere")
            folded = " ".join(w.lower() for w in words)
            vendors = getattr(self.vocabulary, "vendors", ())
            for vendor in vendors:
                if folded.startswith(vendor + " "):
                    rest = words[len(vendor.split()):]
                    hit = self._find(" ".join(rest)) if rest else None
                    if hit is None:
                        return None
                    # a product named with its maker is that maker's: another maker's product
                    # of the name is not it ("BMC Helix" is not Perforce Helix, "Google VPC" not
                    # Amazon VPC); a concept (the guide's, ESCO's) has no maker
                    skill = self.get(hit)
                    label = normalize_name(skill.label) if skill is not None else ""
                    if skill is not None and skill.origin.startswith(("onet", "skillgap")) \
                            and not label.startswith((vendor + " ", rest[0].lower())):
                        return None
                    return hit
        return None

    def _find_plain(self, text: str) -> str | None:
        """:meth:`_find`, for a name that needs no context as written: never a name of an
        ambiguous skill ("Access" of Microsoft Access), nor a name matched only as written
        ("Remedy") written in another case. What :meth:`_find_loose` reads out of a longer
        text after the words of :data:`_USE_WORDS` must be such a name ("Access support" is not
        Microsoft Access)."""
        hit = self._find(text)
        if hit is None:
            return None
        own, key = self._skills.get(hit), normalize_name(text)
        if own is not None and key in self._names:
            if own.ambiguous:
                return None
            cased = [a for a in own.cased_aliases if normalize_name(a) == key]
            return None if cased and " ".join(text.split()) not in cased else hit
        plain = getattr(self.vocabulary, "plain", None)
        return hit if plain is None or plain(text) else None

    def _own_variants(self) -> tuple[dict[str, str], set[str]]:
        clashes: set[str] = set()
        return variant_index(self._names, clashes), clashes

    def _resolve(self, text: str, *, variants: bool = True) -> str | None:
        """The skill id :meth:`lookup` finds for ``text``: a name, then a name with its bracket
        ("Natural Language Processing (NLP)"), then a name written around a known one
        (:meth:`_find_loose`), then (``variants``) a name written in another form."""
        skill_id = self._find(text)
        if skill_id is None:  # "Natural Language Processing (NLP)": the name, then the bracket
            bracket = _BRACKETED.match(text)
            if bracket:
                skill_id = self._find(bracket.group(1)) or self._find(bracket.group(2))
        if skill_id is None:
            skill_id = self._find_loose(text)
        if skill_id is None and variants:  # "Design database", "Development of websites"
            skill_id = self.find_variant(text)
        return skill_id

    def is_name(self, text: str) -> bool:
        """Whether ``text`` is a name the taxonomy or its vocabulary knows as written (any case,
        with a version or a word for its kind after it; not a variant)."""
        return self._resolve(text, variants=False) is not None

    def find_variant(self, text: str, *, moved: bool = True) -> str | None:
        """The skill named by ``text`` written in another form: its words inflected otherwise
        ("Units testing", "Analyzed requirements"), or (``moved``) with the head word moved
        ("Design database", "Development of websites", "Law of Contract";
        :mod:`skillgap.taxonomy._variants`). Words are moved only towards a concept of the
        vocabulary (ESCO's, the curated ones): never towards an O*NET product's name, a proper
        name ("Compiler Design" is not Synopsys Design Compiler), nor towards the taxonomy's own
        skills, which score roles ("design systems" may be a UI designer's component library,
        not system design). The taxonomy's own names first, then the vocabulary's; None when no
        name has such a key, or names of two skills have it. One word, written as a verb (-ing,
        -ed), names only a professional skill of the vocabulary whose name is one word with its
        stem ("Negotiating", "Organised"; :func:`~skillgap.taxonomy._variants.word_key`)."""
        own, clashes = self.derived("taxonomy.variants", Taxonomy._own_variants)
        finder = getattr(self.vocabulary, "find_variant", None)
        single = word_key(text, verb=True)
        if single is not None:  # one word as a verb: a professional skill's one-word name (the
            # index holds no other one-word keys): "Negotiating" -> negotiation
            hit = finder(single) if finder is not None else None
            return None if hit is None or self.owns(hit) else hit
        for n, key in enumerate(variant_keys(text, moved=moved)):
            if n == 0:  # inflected otherwise
                hit = own.get(key)
                if hit is None and key not in clashes and finder is not None:
                    hit = finder(key)
            else:  # the head word moved: only a concept of the vocabulary (ESCO, curated)
                hit = finder(key) if finder is not None and key not in own \
                    and key not in clashes else None
                if hit is not None and (self.owns(hit) or hit.startswith("onet:")):
                    hit = None
            if hit is not None:
                return hit
        return None

    def lookup(self, text: str) -> Skill:
        """The skill whose id, label or alias is ``text`` (case-insensitive).

        The taxonomy's own names first, then the broad vocabulary's when one is attached
        (``load_taxonomy().lookup("SAP")`` is the O*NET skill "SAP software").

        Raises:
            UnknownSkillError: nothing matches; the error lists close names.
        """
        skill_id = self._resolve(text)
        if skill_id is None:
            from rapidfuzz import fuzz, process

            close = process.extract(normalize_name(text), list(self._names), scorer=fuzz.ratio,
                                    limit=3, score_cutoff=75)
            raise UnknownSkillError(text, suggestions=[self._skills[self._names[c[0]]].label
                                                       for c in close])
        found = self.get(skill_id)
        assert found is not None
        return found

    def role(self, role_id: str) -> Role:
        """The role with this id; raises :class:`UnknownRoleError` listing the valid ids."""
        try:
            return self._roles[role_id]
        except KeyError:
            raise UnknownRoleError(role_id, valid=sorted(self._roles)) from None

    def get_role(self, role_id: str) -> Role | None:
        return self._roles.get(role_id)

    def kpi(self, kpi_id: str) -> Kpi | None:
        return self._kpis.get(kpi_id)

    def category(self, category_id: str) -> Category:
        cat = self._categories.get(category_id)
        if cat is None and self.vocabulary is not None:
            cat = self.vocabulary.category(category_id)
        if cat is None:
            raise KeyError(category_id)
        return cat

    def ancestors(self, skill_id: str) -> dict[str, int]:
        """``{ancestor_id: distance}`` through ``broader`` links (nearest distance wins)."""
        return _ancestors(self, skill_id)

    def derived(self, key: str, build: Callable[[Taxonomy], _T]) -> _T:
        """A value computed once from this taxonomy and kept with it (matchers, indexes).

        ``build(self)`` runs the first time ``key`` is asked for, under a lock, so threads
        share one result; it lives as long as the taxonomy does.
        """
        try:  # built already: no lock to take (a dict read is atomic)
            return self._derived[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._derived_lock:
            if key not in self._derived:
                self._derived[key] = build(self)
            return self._derived[key]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:  # pickled to batch workers: derived values rebuilt
        state = self.__dict__.copy()
        state.pop("_derived_lock", None)
        state["_derived"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._derived_lock = threading.RLock()

    def with_roles(self, roles: Iterable[Role]) -> Taxonomy:
        """A copy of this taxonomy with extra (or replaced) roles, validated."""
        merged = {r.id: r for r in self.roles}
        merged.update({r.id: r for r in roles})
        data = self._data.model_copy(update={"roles": list(merged.values())})
        _check_references(data, source=self.source, extra=self.vocabulary)
        return Taxonomy(data, source=self.source, vocabulary=self.vocabulary)

    def with_vocabulary(self, vocabulary: ExtraSkills | None) -> Taxonomy:
        """This taxonomy with a broad vocabulary behind it (or none)."""
        return Taxonomy(self._data, source=self.source, vocabulary=vocabulary)

    @functools.cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON form; keys caches of taxonomy vectors."""
        exclude = {"skills": {"__all__": set(_PROVENANCE)}}
        payload = json.dumps(self._data.model_dump(mode="json", exclude=exclude), sort_keys=True,
                             ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return self._data.model_dump(mode="json", exclude_defaults=True)

    def __len__(self) -> int:
        return len(self.skills)

    def __repr__(self) -> str:
        return (f"<Taxonomy {self.name!r}: {len(self.skills)} skills, {len(self.roles)} roles, "
                f"{len(self.kpis)} KPIs>")


def _ancestors(tax: Taxonomy, skill_id: str) -> dict[str, int]:
    cached = tax._ancestor_cache.get(skill_id)
    if cached is not None:
        return dict(cached)
    seen: dict[str, int] = {}
    own = tax.get(skill_id)  # a vocabulary skill climbs to the taxonomy's own through broader
    frontier = [(p, 1) for p in own.broader] if own is not None else []
    while frontier:
        nxt = []
        for parent, dist in frontier:
            if parent in seen or parent == skill_id:
                continue
            skill = tax.get(parent)
            if skill is None:
                continue
            seen[parent] = dist
            nxt.extend((p, dist + 1) for p in skill.broader)
        frontier = nxt
    tax._ancestor_cache[skill_id] = dict(sorted(seen.items()))
    return dict(seen)


# -- loading ----------------------------------------------------------------------------------

def _flatten(exc: ValidationError, *, prefix: tuple[Any, ...] = ()) -> list[str]:
    lines = []
    for err in exc.errors():
        loc = " -> ".join(str(p) for p in (*prefix, *err["loc"]))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling; see docs/taxonomy-format.md)"
        lines.append(f"[{loc}] {msg}")
    return lines


def _check_references(data: _TaxonomyData, *, source: str,
                      extra: ExtraSkills | None = None) -> None:
    problems: list[str] = []
    cats = {c.id for c in data.categories}
    skill_ids: set[str] = set()
    for skill in data.skills:
        if skill.id in skill_ids:
            problems.append(f"[skills -> {skill.id}] duplicate skill id")
        skill_ids.add(skill.id)
    names: dict[str, str] = {}
    for skill in data.skills:
        if cats and skill.category not in cats:
            problems.append(f"[skills -> {skill.id} -> category] unknown category {skill.category!r}")
        for parent in skill.broader:
            if parent not in skill_ids:
                problems.append(f"[skills -> {skill.id} -> broader] unknown skill {parent!r}")
        for name in {normalize_name(n) for n in (skill.label, *skill.aliases)}:
            other = names.get(name)
            if other is not None and other != skill.id:
                problems.append(f"[skills -> {skill.id} -> aliases] {name!r} is also a name of {other!r}")
            names.setdefault(name, skill.id)
    by_id = {s.id: s for s in data.skills}
    for skill in data.skills:  # cycles through broader
        stack, seen = list(skill.broader), set()
        while stack:
            cur = stack.pop()
            if cur == skill.id:
                problems.append(f"[skills -> {skill.id} -> broader] cycle back to {skill.id!r}")
                break
            if cur in seen or cur not in by_id:
                continue
            seen.add(cur)
            stack.extend(by_id[cur].broader)
    kpi_ids = {k.id for k in data.kpis}
    role_ids: set[str] = set()
    for role in data.roles:
        if role.id in role_ids:
            problems.append(f"[roles -> {role.id}] duplicate role id")
        role_ids.add(role.id)
        for group in ("required", "nice_to_have"):
            for sid in getattr(role.skills, group):
                if sid not in skill_ids and (extra is None or extra.get(sid) is None):
                    problems.append(f"[roles -> {role.id} -> skills -> {group}] unknown skill {sid!r}")
        both = set(role.skills.required) & set(role.skills.nice_to_have)
        for sid in sorted(both):
            problems.append(f"[roles -> {role.id} -> skills] {sid!r} is both required and nice_to_have")
        for kid in role.kpis:
            if kpi_ids and kid not in kpi_ids:
                problems.append(f"[roles -> {role.id} -> kpis] unknown KPI {kid!r}")
        if not role.skills.required and not role.skills.nice_to_have:
            problems.append(f"[roles -> {role.id} -> skills] a role needs at least one skill")
    if problems:
        raise TaxonomyValidationError(problems, path=source)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str, name: str, source: str) -> Any:
    try:
        if name.endswith(".json"):
            return json.loads(text)
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader, C-accelerated)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise TaxonomyValidationError([f"[{name}] not valid {'JSON' if name.endswith('.json') else 'YAML'}: {exc}"],
                                      path=source) from exc


def _read_tree(root: Traversable | Path, source: str,
               parsed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The taxonomy folder ``root`` as plain data. ``parsed``: the files' content already parsed,
    by relative name (the built-in taxonomy's snapshot, :mod:`skillgap.taxonomy._snapshot`)."""
    from skillgap.taxonomy._snapshot import relative_name, tree_files

    raw: dict[str, Any] = {}
    entries: dict[str, list[Any]] = {"skills": [], "roles": []}
    for part, node in tree_files(root):
        name = relative_name(part, node)
        if parsed is not None and name in parsed:
            value = parsed[name]
        else:
            value = _parse(node.read_text(encoding="utf-8"), node.name, source)
        if part == "meta":
            raw.update(value or {})
        elif part in entries:
            entries[part].extend(value if isinstance(value, list) else [value])
        else:
            raw[part] = value or []
    raw["skills"] = entries["skills"] + list(raw.get("skills", []))
    raw["roles"] = entries["roles"] + list(raw.get("roles", []))
    return raw


def build_taxonomy(raw: Any, source: str = "<memory>") -> Taxonomy:
    """Validate a taxonomy given as plain data (the file format's mapping) and index it."""
    return _build(raw, source)


def _build(raw: Any, source: str) -> Taxonomy:
    if not isinstance(raw, Mapping):
        raise TaxonomyValidationError(["[root] expected a mapping with 'skills' (and optionally "
                                       "'categories', 'kpis', 'roles')"], path=source)
    try:
        data = _TaxonomyData.model_validate(raw)
    except ValidationError as exc:
        raise TaxonomyValidationError(_flatten(exc), path=source) from None
    _check_references(data, source=source)
    return Taxonomy(data, source=source)
