"""Importers: ESCO CSV, O*NET text files and label lists, each written small inside the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillgap import Document, TaxonomyValidationError, find_mentions, load_taxonomy
from skillgap.taxonomy.importers import (
    detect_format,
    import_esco,
    import_label_list,
    import_onet,
    import_taxonomy,
    keep_role_skills,
    slugify,
    write_taxonomy,
)
from tests.conftest import EVAL

ESCO_SKILLS = """\
conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description,broaderConceptUri,broaderConceptPT
KnowledgeSkillCompetence,http://e/skill/py,Python (computer programming),released,knowledge,sector-specific,"Python 3
py programming",The Python language.,http://e/skill/prog | http://e/isced-f/0613,computer programming | software development
KnowledgeSkillCompetence,http://e/skill/prog,computer programming,released,knowledge,sector-specific,coding | software coding | py programming,"Writing
programs.",http://e/isced-f/0613,software development
KnowledgeSkillCompetence,http://e/skill/ml,utilise machine learning,released,skill/competence,cross-sector,apply machine learning | ML,Use ML techniques.,http://e/skill/outside,data science methods
KnowledgeSkillCompetence,http://e/skill/sql,SQL,released,knowledge,sector-specific,structured query language,Query databases.,,
"""  # noqa: E501
ESCO_GROUPS = """\
conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,inScheme,description,code
SkillGroup,http://e/isced-f/0613,software and applications development and analysis,,,released,,,x,Software.,0613
"""  # noqa: E501
ESCO_OCCUPATIONS = """\
conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code
Occupation,http://e/occupation/ds,2511,data scientist,"data science expert
machine learning scientist",,released,2024,,,,x,"Data scientists find
and interpret data.",2511.4
Occupation,http://e/occupation/baker,7512,baker,,,released,2024,,,,x,Bakers bake.,7512.1
"""
ESCO_RELATIONS = """\
occupationUri,relationType,skillType,skillUri
http://e/occupation/ds,essential,knowledge,http://e/skill/py
http://e/occupation/ds,essential,skill/competence,http://e/skill/ml
http://e/occupation/ds,optional,knowledge,http://e/skill/sql
http://e/occupation/ds,essential,knowledge,http://e/skill/not-imported
http://e/occupation/baker,essential,skill/competence,http://e/skill/bake-bread
"""

TECH_HEADER = "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand"
TECH_ROWS = [
    "15-2051.00\tPython\t43232405\tObject or component oriented development software\tY\tY",
    "15-2051.00\tStructured query language SQL\t43232306\tData base user interface and query "
    "software\tY\tN",
    "15-2051.00\tApache Spark\t43232305\tBusiness intelligence and data analysis software\tN\tN",
    "15-2051.00\tR\t43232405\tObject or component oriented development software\tY\tN",
    "15-1252.00\tPython\t43232405\tObject or component oriented development software\tN\tN",
    "15-1252.00\tOracle Java\t43232405\tObject or component oriented development software\tY\tN",
]
OCC_DATA = ("O*NET-SOC Code\tTitle\tDescription\r\n"
            "15-2051.00\tData Scientists\tDevelop and implement analytics applications.\r\n"
            "15-1252.00\tSoftware Developers\tResearch, design, and develop software.\r\n"
            "11-1011.00\tChief Executives\tDetermine policies.\r\n")
TASKS = ("O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source\r\n"
         "15-2051.00\t21824\tApply feature selection algorithms.\tn/a\tn/a\t11/2020\tAnalyst\r\n"
         "15-2051.00\t21823\tAnalyze large sets of data.\tCore\t10\t11/2020\tAnalyst\r\n"
         "15-2051.00\t21830\tOrder office supplies.\tSupplemental\t10\t11/2020\tAnalyst\r\n")


def _write(path: Path, text: str, *, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "esco"
    folder.mkdir()
    _write(folder / "skills_en.csv", ESCO_SKILLS)
    _write(folder / "skillGroups_en.csv", ESCO_GROUPS)
    _write(folder / "occupations_en.csv", ESCO_OCCUPATIONS)
    _write(folder / "occupationSkillRelations_en.csv", ESCO_RELATIONS)
    return folder


@pytest.fixture
def onet_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "onet"
    folder.mkdir()
    _write(folder / "Technology Skills.txt", "\n".join([TECH_HEADER, *TECH_ROWS]) + "\n",
           newline="\r\n")
    (folder / "Occupation Data.txt").write_bytes(OCC_DATA.encode())
    (folder / "Task Statements.txt").write_bytes(TASKS.encode())
    (folder / "Read Me.txt").write_text("O*NET 29.2 Database\n", encoding="utf-8")
    return folder


# -- ids --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "slug"), [
    ("C++", "c-plus-plus"), ("C#", "c-sharp"), ("Node.js", "node-js"), ("O*NET", "onet"),
    ("Électricité & gaz", "electricite-and-gaz"), ("  --  ", "item"),
    ("a " * 60, "a-" * 31 + "a"),
])
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


def test_clashing_slugs_get_stable_suffixes_whatever_the_order(tmp_path: Path) -> None:
    labels = ["C++", "C plus plus", "c-plus-plus-2", "Java"]
    ids = []
    for order in (labels, labels[::-1]):
        f = _write(tmp_path / "l.txt", "\n".join(order) + "\n")
        tax = import_label_list(f)
        ids.append({s.label: s.id for s in tax.skills})
    assert ids[0] == ids[1]
    assert sorted(ids[0].values()) == ["c-plus-plus", "c-plus-plus-2", "c-plus-plus-3", "java"]
    assert ids[0]["c-plus-plus-2"] == "c-plus-plus-2"  # a natural id is never taken by a suffix


# -- detection --------------------------------------------------------------------------------

def test_detect_format(tmp_path: Path, esco_dir: Path, onet_dir: Path) -> None:
    assert detect_format(esco_dir / "skills_en.csv", ESCO_SKILLS) == "esco"
    assert detect_format(esco_dir / "occupationSkillRelations_en.csv", ESCO_RELATIONS) == "esco"
    assert detect_format(onet_dir / "Technology Skills.txt") == "onet"
    assert detect_format(esco_dir) == "esco" and detect_format(onet_dir) == "onet"
    assert detect_format(tmp_path / "l.txt", "Python\nSQL\n") == "labels"
    assert detect_format(tmp_path / "t.yaml", "skills: []\n") is None
    assert detect_format(tmp_path / "t.txt", "name: mine\nskills: []\n") is None
    with pytest.raises(TaxonomyValidationError, match="unrecognised CSV"):
        detect_format(tmp_path / "x.csv", "a,b,c\n1,2,3\n")


def test_load_taxonomy_reads_third_party_files(esco_dir: Path, onet_dir: Path) -> None:
    esco = load_taxonomy(esco_dir / "skills_en.csv")
    assert esco.lookup("structured query language").id == "sql"
    onet = load_taxonomy(onet_dir / "Technology Skills.txt")
    assert onet.role("onet-15-2051-00").skills.required["python"] == 1.0


# -- ESCO -------------------------------------------------------------------------------------

def test_esco_skills_aliases_broader_and_categories(esco_dir: Path) -> None:
    tax = import_esco(esco_dir, roles=False)
    py = tax.get("python-computer-programming")
    assert py is not None
    assert py.source == "http://e/skill/py" and py.description == "The Python language."
    # multi-line altLabels; "py programming" went to the skill sorted first that names it
    assert py.aliases == ["Python 3"]
    assert py.cased_aliases == ["Python"] and py.ambiguous  # "(computer programming)" qualifies
    assert py.context == ["computer", "programming"]
    assert py.broader == ["computer-programming"]
    assert py.category == "software-and-applications-development-and-analysis"
    prog = tax.get("computer-programming")
    assert prog.aliases == ["coding", "software coding", "py programming"]  # " | "-separated
    assert prog.description == "Writing programs."
    ml = tax.get("utilise-machine-learning")
    assert ml.category == "data-science-methods"  # a parent outside the import stands as group
    assert ml.cased_aliases == ["ML"]  # two letters: matched in exact case only
    assert tax.get("sql").category == "knowledge"  # no group above: the ESCO skill type
    assert tax.category("software-and-applications-development-and-analysis").description \
        == "Software."
    assert tax.roles == []


def test_esco_occupations_become_roles(esco_dir: Path) -> None:
    tax = import_esco(esco_dir)
    assert [r.id for r in tax.roles] == ["data-scientist"]  # baker: none of its skills imported
    role = tax.role("data-scientist")
    assert role.skills.required == {"python-computer-programming": 1.0,
                                    "utilise-machine-learning": 1.0}
    assert role.skills.nice_to_have == {"sql": 0.5}
    assert role.summary == "Data scientists find and interpret data."
    assert role.source == "http://e/occupation/ds"
    only = import_esco(esco_dir, occupations=["2511.4"])
    assert [r.id for r in only.roles] == ["data-scientist"]
    assert import_esco(esco_dir, occupations=["nurse"]).roles == []


def test_esco_full_export_with_broader_relations_file(tmp_path: Path) -> None:
    skills = _write(tmp_path / "skills_en.csv",
                    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,"
                    "hiddenLabels,status,description\n"
                    "KnowledgeSkillCompetence,http://e/skill/a,knowledge,x,deep learning,"
                    "DL,deep neural networks,released,Neural nets.\n"
                    "KnowledgeSkillCompetence,http://e/skill/b,knowledge,x,machine learning,"
                    ",,released,ML.\n")
    relations = _write(tmp_path / "broaderRelationsSkillPillar_en.csv",
                       "conceptType,conceptUri,broaderType,broaderUri\n"
                       "KnowledgeSkillCompetence,http://e/skill/a,KnowledgeSkillCompetence,http://e/skill/b\n"
                       "KnowledgeSkillCompetence,http://e/skill/b,SkillGroup,http://e/isced-f/0613\n")
    groups = _write(tmp_path / "skillGroups_en.csv", ESCO_GROUPS)
    tax = import_esco([skills, relations, groups])
    dl = tax.get("deep-learning")
    assert dl.broader == ["machine-learning"]
    assert dl.cased_aliases == ["DL"] and dl.aliases == ["deep neural networks"]  # hidden labels
    assert dl.category == tax.get("machine-learning").category \
        == "software-and-applications-development-and-analysis"  # inherited through broader


def test_esco_file_order_does_not_change_the_result(esco_dir: Path) -> None:
    files = sorted(esco_dir.iterdir())
    a = import_esco(files)
    b = import_esco(files[::-1])
    assert a.content_hash == b.content_hash == import_esco(esco_dir).content_hash


def test_esco_without_skills_is_a_clear_error(esco_dir: Path) -> None:
    with pytest.raises(TaxonomyValidationError, match="no ESCO skills found.*skills_en.csv"):
        import_esco(esco_dir / "occupations_en.csv")
    with pytest.raises(TaxonomyValidationError, match="no such file"):
        import_esco(esco_dir / "missing.csv")


# -- O*NET ------------------------------------------------------------------------------------

def test_onet_skills_commodities_and_derived_names(onet_dir: Path) -> None:
    tax = import_onet(onet_dir / "Technology Skills.txt")
    py = tax.get("python")
    assert py.category == "object-or-component-oriented-development-software"
    assert py.broader == ["object-or-component-oriented-development-software"]  # commodity skill
    assert "named by 2 O*NET occupations; a hot technology for 1; in demand for 1" in py.description
    assert tax.lookup("SQL").id == "structured-query-language-sql"
    assert tax.lookup("Java").id == "oracle-java" and tax.lookup("spark").id == "apache-spark"
    assert tax.get("r").ambiguous  # one letter: only with context
    no_nodes = import_onet(onet_dir / "Technology Skills.txt", commodity_skills=False)
    assert no_nodes.get("python").broader == [] and len(no_nodes) == len(tax) - 3


def test_onet_occupations_become_roles_with_weights_and_tasks(onet_dir: Path) -> None:
    tax = import_onet(onet_dir)  # the folder: Read Me.txt is skipped
    assert [r.id for r in tax.roles] == ["data-scientists", "software-developers"]
    ds = tax.role("data-scientists")
    assert ds.label == "Data Scientists" and ds.source == "O*NET-SOC 15-2051.00"
    assert ds.skills.required == {"python": 1.0, "r": 0.8, "structured-query-language-sql": 0.8}
    assert ds.skills.nice_to_have == {"apache-spark": 0.5}
    assert ds.tasks == ["Analyze large sets of data.", "Apply feature selection algorithms."]
    assert tax.role("software-developers").skills.nice_to_have == {"python": 0.5}
    picked = import_onet(onet_dir, occupations=["15-1252.00"])
    assert [r.id for r in picked.roles] == ["software-developers"]
    small = keep_role_skills(picked)
    assert {s.id for s in small.skills} == {"python", "oracle-java",
                                            "object-or-component-oriented-development-software"}


def test_onet_without_technology_skills_is_a_clear_error(onet_dir: Path) -> None:
    with pytest.raises(TaxonomyValidationError, match="Technology Skills.txt"):
        import_onet(onet_dir / "Occupation Data.txt")


# -- label lists ------------------------------------------------------------------------------

def test_label_list_with_group_codes(tmp_path: Path) -> None:
    f = _write(tmp_path / "skills.txt", "\ufeff# ESCO labels\n"
               "Python (computer programming)\tK0613\n"
               "utilise machine learning\tS5.1.0\n\nPYTHON (computer programming)\tK0613\nSQL\n")
    tax = import_label_list(f)
    assert [(s.id, s.category) for s in tax.skills] == [
        ("python-computer-programming", "k0613"), ("sql", "skills"),
        ("utilise-machine-learning", "s5-1-0")]
    assert tax.category("s5-1-0").label == "S5.1.0"


def test_label_list_is_empty_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyValidationError, match="no labels found"):
        import_label_list(_write(tmp_path / "empty.txt", "\n# nothing\n"))


def test_imported_taxonomy_drives_extraction(tmp_path: Path) -> None:
    tax = import_label_list(_write(tmp_path / "l.txt", "Java (computer programming)\nSQL\n"))
    found = find_mentions(Document.from_text("Skills\nJava, SQL, Docker"), tax)
    assert sorted(m.skill_id for m in found.mentions) == ["java-computer-programming", "sql"]
    prose = find_mentions(Document.from_text("Experience\nI drink java every morning."), tax)
    assert prose.mentions == []  # the bare name is matched in its own case only


# -- writing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_written_taxonomy_reads_back_identically(esco_dir: Path, tmp_path: Path,
                                                 suffix: str) -> None:
    first = import_taxonomy(esco_dir)
    out = tmp_path / f"esco{suffix}"
    write_taxonomy(first, out, header="imported for a test")
    again = load_taxonomy(out)
    assert again.content_hash == first.content_hash
    assert [s.model_dump() for s in again.skills] == [s.model_dump() for s in first.skills]
    out2 = tmp_path / f"again{suffix}"
    write_taxonomy(import_taxonomy(esco_dir, format="esco"), out2, header="imported for a test")
    assert out.read_bytes() == out2.read_bytes()


def test_import_taxonomy_rejects_unknown_formats(tmp_path: Path) -> None:
    f = _write(tmp_path / "l.txt", "Python\n")
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        import_taxonomy(f, format="xml")
    assert len(import_taxonomy(f, format="esco-labels")) == 1


# -- the real exports (development data; skipped without it) ----------------------------------

needs_eval = pytest.mark.skipif(not (EVAL / "onet_29_2").is_dir(), reason="no ../shared/eval")


@needs_eval
def test_real_onet_export() -> None:
    tax = import_onet(EVAL / "onet_29_2")
    assert len(tax.roles) > 900 and len(tax.skills) > 8000
    ds = tax.role("data-scientists")
    assert ds.source == "O*NET-SOC 15-2051.00"
    assert "python" in ds.skills.required
    assert tax.lookup("PyTorch").id in ds.weights()


@needs_eval
def test_real_esco_exports() -> None:
    digital = import_esco(EVAL / "esco" / "digitalSkillsCollection_en.csv")
    assert len(digital) == 1284
    assert digital.lookup("Haskell techniques").label == "Haskell"
    labels = import_label_list(EVAL / "decorte_esco_linking" / "data" / "skills_en_label.txt")
    assert len(labels) == 13896
    assert labels.lookup("Python").label == "Python (computer programming)"
