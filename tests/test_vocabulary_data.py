"""The broad vocabulary's data files (taxonomy/vocabulary/) and the alias rules that made them.

The rules are pure functions of scripts/build_vocabulary.py, imported by path (the script is not
part of the package).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VOCAB = REPO / "taxonomy" / "vocabulary"
SKILL_FILES = ("skills_technical.jsonl", "skills_general.jsonl")


def _load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_vocabulary", REPO / "scripts" / "build_vocabulary.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_vocabulary"] = module
    spec.loader.exec_module(module)
    return module


bv = _load_script()


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (VOCAB / name).read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def skills() -> list[dict]:
    return [r for f in SKILL_FILES for r in _records(f)]


@pytest.fixture(scope="module")
def ordinary():  # type: ignore[no-untyped-def]
    """A small, fixed stand-in for the frequency check (no data files needed)."""
    ranks = {w: i for i, w in enumerate(
        "the word access office project teams windows act fast risk data software system "
        "management customer service maintenance".split(), start=2000)}
    ranks["articulate"] = 25_000
    ranks["sap"] = 20_066  # an English word, but rare: "SAP" only in capitals
    return bv.Ordinary(ranks=ranks)


# -- data files -------------------------------------------------------------------------------

def test_shipped_index_matches_the_jsonl_files() -> None:
    """index.txt is what the loader would compute from the JSONL files (regenerate it with
    scripts/build_vocabulary.py, or ``bv.write_index(VOCAB)`` after editing the JSONL)."""
    from skillgap.taxonomy._vocabulary import build_index

    assert (VOCAB / "index.txt").read_bytes() == build_index(VOCAB).encode("utf-8")


def test_index_and_jsonl_give_the_same_vocabulary(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A folder without index.txt computes it: same matches, lookups and records."""
    import shutil

    from skillgap.taxonomy._vocabulary import Vocabulary

    for name in (*SKILL_FILES, "guide_links.jsonl", "categories.jsonl"):
        shutil.copy(VOCAB / name, tmp_path / name)
    shipped, computed = Vocabulary(VOCAB), Vocabulary(tmp_path)
    text = ("Skills: MS-Excel, SAP ERP, Oracle 10g, .NET, ASP.NET, Tableau; go-live in Go.\n"
            "İstanbul  office:  Microsoft   Word and AutoCAD")
    assert shipped.match(text) == computed.match(text) and shipped.match(text)
    for name in ("SAP", "Excel", "MS Excel", "autocad", "no such skill"):
        assert shipped.find(name) == computed.find(name)
    for m in shipped.match(text):
        assert shipped.get(m.skill_id) == computed.get(m.skill_id)
    sid = shipped.find("SAP")
    assert sid and shipped._record(sid) == shipped.records[sid]


def test_files_exist_and_are_small() -> None:
    for name in (*SKILL_FILES, "guide_links.jsonl", "categories.jsonl", "meta.json"):
        path = VOCAB / name
        assert path.is_file(), name
        assert path.stat().st_size < 6_000_000, f"{name} is too big to ship uncompressed"


def test_one_record_per_line_sorted_by_unique_id(skills: list[dict]) -> None:
    for name in (*SKILL_FILES, "guide_links.jsonl", "categories.jsonl"):
        ids = [r["id"] for r in _records(name)]
        assert ids == sorted(ids), f"{name} is not sorted by id"
        assert len(ids) == len(set(ids)), f"{name} has duplicate ids"
    ids = [s["id"] for s in skills]
    assert len(ids) == len(set(ids))


def test_skill_record_fields(skills: list[dict]) -> None:
    allowed = {"id", "label", "sources", "technical", "category", "aliases", "cased", "ambiguous",
               "broader", "hot", "in_demand", "onet", "esco"}
    categories = {c["id"] for c in _records("categories.jsonl")}
    for s in skills:
        assert set(s) <= allowed, s["id"]
        assert re.fullmatch(r"(onet|esco|skillgap):[a-z0-9]+(-[a-z0-9]+)*", s["id"]), s["id"]
        assert s["label"].strip()
        assert s["sources"] and set(s["sources"]) <= {"onet", "esco", "skillgap"}
        assert s["category"] in categories, s["id"]
        assert s.get("aliases") or s.get("cased") or s.get("ambiguous"), s["id"]
        if "onet" in s["sources"]:
            assert s["onet"] and all(re.fullmatch(r"\d{8}", c)
                                     for o in s["onet"] for c in o["commodity"])
            assert s.get("technical") is True
        if "esco" in s["sources"]:
            assert all(e["uri"].startswith("http://data.europa.eu/esco/skill/") for e in s["esco"])


def test_every_name_belongs_to_one_skill(skills: list[dict]) -> None:
    owner: dict[str, str] = {}
    for s in skills:
        for kind in ("aliases", "cased", "ambiguous"):
            for name in s.get(kind, []):
                key = bv.normalize(name)
                assert owner.setdefault(key, s["id"]) == s["id"], (name, owner[key], s["id"])


def test_no_two_skills_share_a_label(skills: list[dict]) -> None:
    """O*NET and ESCO names of one product are one skill: ESCO's "Informatica PowerCenter" is
    O*NET's example of that label, though "PowerCenter" alone is also another vendor's."""
    labels: dict[str, str] = {}
    for s in skills:
        key = " ".join(s["label"].lower().split())
        assert key not in labels, (s["id"], labels.get(key))
        labels[key] = s["id"]


def test_no_generic_or_guide_names(skills: list[dict]) -> None:
    import yaml

    guide = set()
    for path in (REPO / "taxonomy" / "skills").glob("*.yaml"):
        for g in yaml.safe_load(path.read_text(encoding="utf-8")):
            guide |= {bv.normalize(n) for n in [g["id"], g["label"], *g.get("aliases", []),
                                                *g.get("cased_aliases", [])]}
    for s in skills:
        for name in s.get("aliases", []) + s.get("cased", []) + s.get("ambiguous", []):
            key = bv.normalize(name)
            # a generic word only as a reviewed, context-decided name ("Programming")
            assert key not in bv.GENERIC or name in s.get("ambiguous", []), (name, s["id"])
            assert key not in guide, f"{name!r} of {s['id']} is a guide skill's name"


def test_guide_links_point_at_guide_skills() -> None:
    import yaml

    ids = set()
    for path in (REPO / "taxonomy" / "skills").glob("*.yaml"):
        ids |= {g["id"] for g in yaml.safe_load(path.read_text(encoding="utf-8"))}
    links = {r["id"]: r for r in _records("guide_links.jsonl")}
    assert set(links) <= ids
    assert "python" in links and any(e["uri"].endswith("ccd0a1d9-afda-43d9-b901-96344886e14d")
                                     or "Python" in json.dumps(e) for e in links["python"]["esco"])
    assert any(o["example"] == "Microsoft Excel" for o in links["excel"]["onet"])


def test_known_products(skills: list[dict]) -> None:
    by_label = {s["label"]: s for s in skills}
    word = by_label["Microsoft Word"]
    assert {"MS Word", "MS-Word"} <= set(word["aliases"])
    assert "Word" in word["ambiguous"]
    assert "SAP" in by_label["SAP software"].get("cased", []) + by_label["SAP software"]["aliases"]
    assert "Oracle" in by_label["Oracle Database"].get("ambiguous", []) + \
        by_label["Oracle Database"]["aliases"]


def test_meta_counts_match(skills: list[dict]) -> None:
    meta = json.loads((VOCAB / "meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["skills"] == len(skills)
    assert meta["sources"]["onet"]["licence"] == "CC BY 4.0"


# -- alias rules (pure functions) -------------------------------------------------------------

@pytest.mark.parametrize(("label", "expected"), [
    ("Microsoft Excel", {"Microsoft Excel", "Excel", "MS Excel", "MS-Excel"}),
    ("Oracle Database 10g", {"Oracle Database 10g", "Oracle Database", "Oracle 10g"}),
    ("Python (computer programming)", {"Python (computer programming)", "Python"}),
    ("Structured query language SQL", {"Structured query language SQL",
                                       "Structured query language", "SQL"}),
    ("Hypertext markup language HTML", {"Hypertext markup language HTML",
                                        "Hypertext markup language", "HTML"}),
    ("Jupyter software", {"Jupyter software", "Jupyter"}),
    ("Cost accounting software", {"Cost accounting software"}),
    ("Tableau®", {"Tableau®", "Tableau"}),
    ("SAP software", {"SAP software", "SAP"}),
])
def test_generate_names(label: str, expected: set[str]) -> None:
    assert set(bv.generate_names(label)) == expected


def test_amazon_web_services_prefix() -> None:
    names = set(bv.generate_names("Amazon Web Services AWS CloudFormation"))
    assert {"CloudFormation", "AWS CloudFormation"} <= names


def test_vendor_run_ending_in_corporate_word() -> None:
    assert bv.split_vendor("Vogel Scientific Software Group CALACO") == (
        "Vogel Scientific Software Group", "CALACO")
    assert bv.split_vendor("Cost accounting software") is None


def test_strip_helpers() -> None:
    assert bv.strip_version("Microsoft Windows Server 2012 R2") == "Microsoft Windows Server"
    assert bv.strip_version("D3") == "D3"
    assert bv.strip_parenthetical("Google Compute Engine (GCE)") == ("Google Compute Engine", "GCE")
    assert bv.strip_trademarks("Visio™ 2010") == "Visio 2010"
    assert bv.strip_software("Maintenance software", bv.Ordinary(ranks={"maintenance": 3000})) is None
    assert bv.strip_software("Statistical software") is None
    assert bv.slugify("C#") == "c-sharp" and bv.slugify(".NET") == "dot-net"


@pytest.mark.parametrize(("name", "rule", "kind"), [
    ("software", "vendor", "drop"),
    ("Database", "vendor", "drop"),
    ("tools", "label", "drop"),
    ("IT", "acronym", "drop"),
    ("Word", "vendor", "ambiguous"),
    ("Access", "vendor", "ambiguous"),
    ("Project", "vendor", "ambiguous"),
    ("Office", "vendor", "ambiguous"),
    ("Teams", "vendor", "ambiguous"),
    ("Windows", "vendor", "ambiguous"),
    ("Excel", "vendor", "ambiguous"),
    ("Go", "label", "ambiguous"),
    ("ACT", "acronym", "ambiguous"),
    ("Articulate", "version", "ambiguous"),
    ("Act!", "label", "ambiguous"),
    ("Customer Service", "vendor", "ambiguous"),
    ("SAP", "vendor-alone", "cased"),
    ("HTML", "acronym", "ok"),
    ("jQuery", "label", "ok"),
    ("MS Excel", "vendor-short", "ok"),
    ("Splunk", "label", "ok"),
    ("C#", "label", "ok"),
])
def test_classify_name(ordinary, name: str, rule: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert bv.classify_name(name, ordinary, rule=rule) == kind


def test_dictionary_words_cut_from_a_product_name_need_context(ordinary) -> None:  # type: ignore[no-untyped-def]
    """A name cut from a longer product name that a dictionary lists ("Encoder" of "Encoder
    software", "Tailwind" of a vendor's system) is the word, however rare; O*NET's or ESCO's own
    label is not judged by the dictionary, nor is a name the dictionary does not list."""
    from dataclasses import replace

    o = replace(ordinary, dictionary=frozenset({"encoder", "tailwind", "hibernate"}))
    assert bv.classify_name("Encoder", o, rule="software") == "ambiguous"
    assert bv.classify_name("Tailwind", o, rule="vendor") == "ambiguous"
    assert bv.classify_name("Encoder", ordinary, rule="software") == "ok"  # no dictionary
    assert bv.classify_name("Hibernate", o, rule="label") == "ok"  # a label, not a cut name
    assert bv.classify_name("Splunk", o, rule="vendor") == "ok"  # not in the dictionary


def test_a_spelling_that_is_a_dictionary_word_needs_context(ordinary) -> None:  # type: ignore[no-untyped-def]
    """A spelling made by rule that is an English word ("WebMaster" run together from a
    product's "Web Master": the job title webmaster; "Head Master" cut from "HeadMaster") is
    that word: matched only as written, or where the context says so; a spelling the
    dictionary does not know stays a plain name."""
    from dataclasses import replace

    o = replace(ordinary, dictionary=frozenset({"webmaster", "headmaster"}))
    assert bv.classify_name("WebMaster", o, rule="spelling") == "cased"
    assert bv.classify_name("Head Master", o, rule="spelling") == "ambiguous"
    assert bv.classify_name("Lotus Notes", o, rule="spelling") == "ok"
    assert bv.classify_name("LotusNotes", o, rule="spelling") == "ok"
    assert bv.classify_name("Head Master", ordinary, rule="spelling") == "ok"  # no dictionary


def test_dictionary_words_of_ml_prose_are_no_products() -> None:
    """Words of an ML engineer's prose that niche products are also called by are not those
    products; the well-known products written as products still are."""
    from skillgap import Document, find_mentions, load_taxonomy

    tax = load_taxonomy()
    text = ("Experience\nBuilt an encoder-decoder model with a Gaussian process prior, added a "
            "logger and a semaphore to the workspace and styled the demo with Tailwind.\n"
            "Skills\nPython, Tailwind, Hibernate, Tomcat")
    found = [(m.text, m.skill_id) for m in
             find_mentions(Document.from_text(text, kind="resume"), tax).mentions]
    assert found == [("Python", "python"), ("Tailwind", "skillgap:tailwind-css"),
                     ("Hibernate", "onet:hibernate-orm"), ("Tomcat", "onet:apache-tomcat")]


def test_ordinary_phrase_check() -> None:
    o = bv.Ordinary(counts=bv.ngram_counts(["Manage a team daily.", "You will manage a team."]))
    assert o.phrase("manage a team") and not o.phrase("apache kafka")


def test_suffix_rule() -> None:
    assert bv.strip_suffix("Spring Framework") == "Spring"
    assert bv.strip_suffix("Microsoft .NET Framework") == "Microsoft .NET"
    assert bv.strip_suffix("Hibernate ORM") == "Hibernate"
    assert bv.strip_suffix("Robot Framework") is None  # kept whole (SUFFIX_KEEP)
    assert bv.strip_suffix("Framework") is None and bv.strip_suffix("Data Framework") is None
    assert ".NET" in bv.generate_names("Microsoft .NET Framework")
    assert bv.classify_name(".NET", rule="suffix") == "ok"


def test_acronym_of_the_last_word() -> None:
    assert bv.split_acronym("Apache Subversion SVN") == ("Apache Subversion", "SVN")
    for name in ("BAE Systems SOCET SET", "Accelrys Insight II", "Datagroup ElectroFile ELF",
                 "End of Run Report EOR"):  # not an abbreviation of the word before it
        assert bv.split_acronym(name) is None, name
    assert "QlikView" in bv.generate_names("Qlik Tech QlikView")


def test_weak_word_names_of_niche_products_are_dropped() -> None:
    assert bv.weak_word_name("Advanced", "vendor", prominence=1)
    assert bv.weak_word_name("PMP", "acronym", "ok", prominence=1)
    assert not bv.weak_word_name("Exchange", "vendor", prominence=59)
    assert not bv.weak_word_name("Project", "vendor", prominence=1)  # curated product word
    assert not bv.weak_word_name("Zend", "suffix", "ok", prominence=1)  # not an English word
    assert not bv.weak_word_name("Advanced", "label", prominence=1)  # O*NET's own label
    technical = {json.loads(line)["label"]: json.loads(line) for line in
                 (VOCAB / "skills_technical.jsonl").read_text(encoding="utf-8").splitlines()}
    assert "Advanced" not in technical["Everest Software Advanced"].get("ambiguous", [])
    assert "Exchange" in technical["Microsoft Exchange"].get("ambiguous", []) + \
        technical["Microsoft Exchange"].get("aliases", [])


# -- the curated supplement -------------------------------------------------------------------

def test_apply_curated_adds_aliases_and_skills_and_never_takes_a_name() -> None:
    result = {
        "skills": [{"id": "onet:microsoft-team-foundation-server",
                    "label": "Microsoft Team Foundation Server", "sources": ["onet"],
                    "aliases": ["Microsoft Team Foundation Server"], "cased": [], "ambiguous": [],
                    "technical": True}],
        "links": [],
        "categories": [{"id": "onet:43232405"}],
    }
    guide = [{"id": "sql", "label": "SQL", "aliases": ["structured query language"]}]
    rows = [
        {"kind": "alias", "name": "TFS", "target": "onet:microsoft-team-foundation-server",
         "case": "cased", "note": "", "line": "1"},
        {"kind": "alias", "name": "SQL", "target": "onet:microsoft-team-foundation-server",
         "case": "ok", "note": "", "line": "2"},  # a guide name: left to the guide
        {"kind": "alias", "name": "T-SQL dialect", "target": "sql", "case": "ok", "note": "",
         "line": "3"},
        {"kind": "skill", "name": "TCP/IP", "target": "TCP-IP | Microsoft Team Foundation Server",
         "case": "ok", "note": "onet:43232405 ; protocols", "line": "4"},
    ]
    counts = bv.apply_curated(result, rows, guide)
    skills = {s["id"]: s for s in result["skills"]}
    assert skills["onet:microsoft-team-foundation-server"]["cased"] == ["TFS"]
    assert "SQL" not in skills["onet:microsoft-team-foundation-server"]["aliases"]
    assert result["links"][0]["id"] == "sql" and result["links"][0]["aliases"] == ["T-SQL dialect"]
    tcp = skills["skillgap:tcp-ip"]
    assert tcp["sources"] == ["skillgap"] and tcp["category"] == "onet:43232405"
    # the O*NET skill keeps its own name; "TCP-IP" is also written without its hyphen
    assert tcp["aliases"] == ["TCP/IP", "TCP-IP", "TCPIP"] and tcp["cased"] == ["TCP IP"]
    assert counts == {"aliases": 2, "names.skipped (already a name)": 2, "skills": 1}
    with pytest.raises(ValueError, match="unknown skill"):
        bv.apply_curated(result, [{**rows[0], "target": "onet:nothing"}], guide)
    with pytest.raises(ValueError, match="unknown category"):
        bv.apply_curated(result, [{**rows[3], "name": "UDP", "note": "onet:1"}], guide)


def test_apply_curated_adds_the_other_spellings_of_a_reviewed_name() -> None:
    def rec(sid: str, label: str, **names: list[str]) -> dict:
        return {"id": sid, "label": label, "sources": ["onet"], "technical": True,
                "aliases": [label], "cased": [], "ambiguous": [], **names}

    result = {"skills": [rec("onet:cw", "Amazon CloudWatch"), rec("onet:ln", "IBM Notes"),
                         rec("onet:atom", "Atom Editor"),
                         rec("onet:js", "JavaScript", aliases=["JavaScript", "Java Script"])],
              "links": [], "categories": []}
    rows = [{"kind": "alias", "name": n, "target": t, "case": c, "note": "", "line": str(i)}
            for i, (n, t, c) in enumerate([("CloudWatch", "onet:cw", "ok"),
                                           ("Lotus Notes", "onet:ln", "ok"),
                                           ("Atom Text", "onet:atom", "ambiguous"),
                                           ("JScript", "onet:js", "ok")])]
    counts = bv.apply_curated(result, rows, [])
    skills = {s["id"]: s for s in result["skills"]}
    # cut at its inner capitals only as written ("Share Point" would be English words)
    assert skills["onet:cw"]["aliases"] == ["Amazon CloudWatch", "CloudWatch"]
    assert skills["onet:cw"]["cased"] == ["Cloud Watch"]
    # written as one word: in the row's case
    assert skills["onet:ln"]["aliases"] == ["IBM Notes", "Lotus Notes", "LotusNotes"]
    # an ambiguous name has no other spellings; a name the skill holds keeps its case
    assert skills["onet:atom"]["ambiguous"] == ["Atom Text"] and \
        skills["onet:atom"]["aliases"] == ["Atom Editor"]
    assert skills["onet:js"]["aliases"] == ["JavaScript", "Java Script", "JScript"]
    assert skills["onet:js"]["cased"] == []
    assert counts["names.spelling"] == 2


def test_spellings_run_two_capitalised_words_together_but_not_a_vendor_and_product() -> None:
    assert bv.spellings("Lotus Notes") == ["LotusNotes"]
    assert bv.spellings("Windows Phone") == ["WindowsPhone"]
    assert bv.spellings("Microsoft Excel") == []  # a vendor before its product
    assert bv.spellings("Oracle 10g") == [] and bv.spellings("project management") == []
    assert bv.spellings("Visual Basic for Applications") == []  # three words or more: no
    technical = (VOCAB / "skills_technical.jsonl").read_text(encoding="utf-8")
    assert '"LotusNotes"' in technical and '"WindowsPhone"' in technical


def test_spellings_of_a_hyphenated_word() -> None:
    assert bv.spellings("Transact-SQL") == ["TransactSQL", "Transact SQL"]
    assert bv.spellings("JAX-WS") == ["JAXWS", "JAX WS"]
    assert bv.spellings("Phys-X") == []  # one character on a side: "PhysX" is NVIDIA's
    assert bv.spellings("ASP.NET-MVC") == [] and bv.spellings("A-B-C") == []


def test_shipped_vocabulary_reads_a_hyphenated_name_without_its_hyphen() -> None:
    from skillgap import Document, find_mentions, load_taxonomy

    tax = load_taxonomy()
    assert tax.lookup("Transact SQL").id == tax.lookup("Transact-SQL").id
    assert tax.lookup("JAXWS").id == tax.lookup("JAX-WS").id
    assert tax.lookup("PhysX").id != tax.lookup("Phys-X").id  # a curated product keeps its name
    # a name ESCO lists itself is not lost to the same name made from its other label
    # ("communicate on-line" of two skills made "communicate online" a tie, owned by neither)
    assert tax.lookup("communicate online").id == "esco:use-online-communication-tools"
    found = find_mentions(Document.from_text("Stored procedures in Transact SQL, JAXWS services."),
                          tax).mentions
    assert {m.skill_id for m in found} >= {tax.lookup("Transact-SQL").id,
                                            tax.lookup("JAX-WS").id}


def test_apply_curated_drops_names_and_promotes_professional_skills() -> None:
    def skill(sid: str, label: str, technical: bool, **names: list[str]) -> dict:
        return {"id": sid, "label": label, "sources": ["esco"], "technical": technical,
                "aliases": [label], "cased": [], "ambiguous": [], **names}

    result = {
        "skills": [skill("esco:design-ventilation-network", "design ventilation network", True,
                         ambiguous=["planning"]),
                   skill("esco:marketing-principles", "marketing principles", False),
                   skill("esco:tax-legislation", "tax legislation", False)],
        "links": [],
        "categories": [{"id": "esco:S4.2"}],
    }
    rows = [
        {"kind": "alias", "name": "Marketing", "target": "esco:marketing-principles",
         "case": "ambiguous", "note": "", "line": "1"},
        {"kind": "drop", "name": "Planning", "target": "esco:design-ventilation-network",
         "case": "-", "note": "not this skill", "line": "2"},
        {"kind": "skill", "name": "Business development", "target": "", "case": "ok",
         "note": "esco:S4.2", "line": "3"},
        {"kind": "alias", "name": "planning", "target": "skillgap:business-development",
         "case": "ambiguous", "note": "", "line": "4"},  # freed by the drop
    ]
    counts = bv.apply_curated(result, rows, [])
    skills = {s["id"]: s for s in result["skills"]}
    assert skills["esco:design-ventilation-network"]["ambiguous"] == []
    assert skills["esco:marketing-principles"]["ambiguous"] == ["Marketing"]
    assert skills["esco:marketing-principles"]["default"] is True
    assert "default" not in skills["esco:tax-legislation"]  # not named by the supplement
    new = skills["skillgap:business-development"]
    assert new["technical"] is False and new["default"] is True
    assert new["ambiguous"] == ["planning"]
    assert counts["names.dropped"] == 1 and counts["professional.from_esco"] == 1
    with pytest.raises(ValueError, match="has no name"):
        bv.apply_curated(result, [{**rows[1], "name": "design"}], [])


def test_shipped_supplement_rows_are_well_formed() -> None:
    rows = bv.read_curated()
    assert rows
    names = [bv.normalize(r["name"]) for r in rows if r["kind"] != "drop"]
    assert len(names) == len(set(names)), "a name is listed twice"
    drops = [(bv.normalize(r["name"]), r["target"]) for r in rows if r["kind"] == "drop"]
    assert len(drops) == len(set(drops)), "a name is dropped twice"
    meta = json.loads((VOCAB / "meta.json").read_text(encoding="utf-8"))
    assert meta["curated"]["skills"] == sum(s["sources"] == ["skillgap"] for s in
                                            [*_records("skills_technical.jsonl")])


def test_sciences_and_engineering_knowledge_go_to_the_default_vocabulary() -> None:
    """ESCO knowledge of K05 (sciences, mathematics, statistics) and K07 (engineering) is in the
    default vocabulary; other professional knowledge (law, K04) stays in the general one."""
    def esco(category: str, sources: list[str] | None = None) -> dict:
        return {"id": "esco:x", "label": "x", "sources": sources or ["esco"], "technical": False,
                "category": category}

    assert bv.default_knowledge(esco("esco:K0533"))
    assert bv.default_knowledge(esco("esco:K07"))
    assert not bv.default_knowledge(esco("esco:K0421"))
    assert not bv.default_knowledge(esco("esco:S1.2"))
    assert not bv.default_knowledge(esco("esco:K0533", ["skillgap"]))
    default, general = _records("skills_technical.jsonl"), _records("skills_general.jsonl")
    assert not [r["id"] for r in general if bv.default_knowledge(r)]
    assert any(bv.default_knowledge(r) for r in default)
    assert not {r["id"] for r in default} & {r["id"] for r in general}


def test_company_names_are_vendors_with_their_corporate_words() -> None:
    labels = ["Cisco Systems VPN Client", "Cisco Systems WAN Manager", "Cisco IOS",
              "Microsoft Systems Management Server", "Microsoft Excel",
              "Informatica Corporation PowerCenter", "IBM Software Configuration Manager"]
    # a run that leads two examples, or a legal form; one example only may be the product's
    assert bv.company_names(labels, ["Cisco", "Microsoft", "Informatica", "IBM"]) == \
        ["Cisco Systems", "Informatica Corporation"]


def test_a_product_cut_at_a_company_name_keeps_its_own_name() -> None:
    vendors = ("Cisco Systems", "Cisco")
    names = bv.generate_names("Cisco Systems VPN Client", vendors=vendors,
                              companies=("Cisco Systems",))
    assert {"VPN Client", "Cisco VPN Client"} <= set(names)
    assert "Systems VPN Client" not in names
    # without the company name, the old wrong split
    assert "Systems VPN Client" in bv.generate_names("Cisco Systems VPN Client", vendors=("Cisco",))
