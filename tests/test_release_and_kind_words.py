"""Versions and kind words around a name: "Windows Server 2012 R2" is Windows Server (not R²),
"Excel 2016" is the product, "Spring 2019" is a term; ``lookup`` reads "MySQL DB", "Linux
systems" and "Crystal Report" as the names they carry."""

from __future__ import annotations

import pytest

from skillgap.errors import UnknownSkillError
from skillgap.extract import find_mentions
from skillgap.models import Document


def _found(taxonomy, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.skill_id) for m in find_mentions(Document.from_text(text), taxonomy).mentions]


def test_release_suffix_is_not_r_squared(taxonomy):
    found = _found(taxonomy, "Administered Windows Server 2012 R2 and SQL Server 2008 R2.")
    assert ("R2", "regression-metrics") not in found
    assert ("Windows Server", "onet:microsoft-windows-server") in found
    # a product's name or a bracket before it: still a release
    for text in ("Delivered a proof of concept of Hyper-V R2 to two banks.",
                 "Migrated Business Objects XI R2 reports.",
                 "Operating systems: Windows Server 2012 (R2) /2008 (R2)"):
        assert ("R2", "regression-metrics") not in _found(taxonomy, text), text
    # R2 as a metric is still the metric
    assert ("R2", "regression-metrics") in _found(taxonomy, "Evaluated the models with RMSE and R2.")
    for text in ("Raised the test R2 from 0.61 to 0.78 with gradient boosting.",
                 "Reported the coefficient of determination (R2) for each regression model.",
                 "Adjusted R2 of the regression model was 0.83."):
        assert ("R2", "regression-metrics") in _found(taxonomy, text), text


def test_version_after_an_ambiguous_name_marks_the_product(taxonomy):
    assert ("Excel", "excel") in _found(taxonomy, "Used Excel 2016 daily.")
    assert _found(taxonomy, "Taught maths in the Spring 2019 semester.") == []
    assert ("Spring", "onet:spring-framework") in _found(taxonomy, "Built the services on Spring 5.3.")
    # versions joined by slashes (one token for spaCy)
    assert ("Visual Studio", "onet:microsoft-visual-studio") in _found(
        taxonomy, "Analysis & Design Tools Visual Studio 2008/2010/2012 Testing Tools")
    assert _found(taxonomy, "Taught maths in the Spring 2019/2020 year.") == []


def test_a_season_with_a_year_is_a_term_even_among_tools(taxonomy):
    """A list of tools around it does not make a term ("Spring 2006", a masked "Spring 20XX")
    the framework; the framework in the same list still is."""
    for text in ("Teaching assistant for Python, SQL and Java, Spring 2006",
                 "Projects: Python, Java, Scala, Spring 20XX, DeKalb High School"):
        assert ("Spring", "onet:spring-framework") not in _found(taxonomy, text), text
    assert ("Spring", "onet:spring-framework") in _found(taxonomy, "Java, Spring, Hibernate, Struts")


def test_oracle_style_release_marks_the_product(taxonomy):
    # "10g" reaches the rules as "10" + "g"; 8i/9i/10g/11g/12c/19c are Oracle's releases
    for text in ("Web applications on Oracle 10g and Jasper reports",
                 "Tuned queries on Oracle 9i", "Migrated to Oracle 12c last year"):
        assert ("Oracle", "onet:oracle-database") in _found(taxonomy, text), text
    # the company, and a number that is no release, stay the company
    assert _found(taxonomy, "Joined Oracle in 2010 as an intern.") == []
    assert _found(taxonomy, "Presented at Oracle 10 times.") == []


@pytest.mark.parametrize(
    ("written", "skill_id"),
    [
        ("MySQL DB", "mysql"),
        ("Linux systems", "linux"),
        ("PowerShell scripts", "onet:microsoft-powershell"),
        ("SQL Server databases", "sql-server"),
        ("Crystal Report", "onet:sap-crystal-reports"),
        ("amazon-web-services", "aws"),  # a tag: hyphens for spaces
        ("spring-mvc", "onet:spring-framework"),
        # what was done with it, how much of it is known
        ("SQL Server administration", "sql-server"),
        ("Linux basics", "linux"),
        ("Salesforce integration", "onet:salesforce-software"),
    ],
)
def test_lookup_reads_the_name_inside(taxonomy, written, skill_id):
    assert taxonomy.lookup(written).id == skill_id


@pytest.mark.parametrize("written", ["Window", "design systems", "web stack", "web-stack",
                                     "basics", "knowledge administration"])
def test_lookup_does_not_stretch_plain_words(taxonomy, written):
    with pytest.raises(UnknownSkillError):
        taxonomy.lookup(written)


@pytest.mark.parametrize("written", [
    "Google VPC",  # VPC alone is Amazon's: another maker's product of the name
    "VMware Fusion",  # Fusion alone is Oracle Fusion Applications
    "Access support",  # "Access" is Microsoft Access only where the context says so
    "Teams support",
    "remedy support",  # "Remedy" (BMC) is matched only as written
])
def test_lookup_does_not_read_another_product_out_of_a_name(taxonomy, written):
    """Nor a name that needs context out of a phrase with a use word ("Drive Testing" was once
    Google Drive; it is now a curated name of RF planning)."""
    with pytest.raises(UnknownSkillError):
        taxonomy.lookup(written)


def test_a_use_word_after_a_name_matched_as_written(taxonomy):
    assert taxonomy.lookup("Remedy support").id == taxonomy.lookup("Remedy").id


def test_a_maker_before_a_concept_or_its_own_product_is_read_away(taxonomy):
    assert taxonomy.lookup("IBM web sphere").id == "onet:ibm-websphere"
    assert taxonomy.lookup("Microsoft Hyper-V").id == "onet:microsoft-hyper-v-server"
    # a concept of the guide has no maker: DynamoDB is a NoSQL database whoever names it
    assert taxonomy.lookup("AWS DynamoDB").id == taxonomy.lookup("DynamoDB").id


def test_a_reviewed_field_name_is_not_a_stretched_one(taxonomy):
    # "Operating systems" is a reviewed name of O*NET's operating-systems skill (a field people
    # list), not "operating" read out of it
    assert taxonomy.lookup("Operating systems").id == "onet:computer-operating-systems"


def test_matcher_forgives_the_number_of_a_last_word_as_lookup_does(taxonomy):
    """What ``lookup`` reads as a name ("Project Managements", "Windows form"), the matcher
    finds in a text; never for a name that needs context or a one-word name."""
    text = "Skills: Project Managements, Windows form, Data warehouse, Oracle databases."
    found = _found(taxonomy, text)
    for written in ("Project Managements", "Windows form", "Data warehouse", "Oracle databases"):
        expected = taxonomy.lookup(written).id
        assert (written, expected) in found, written
    # the name as written stays the longest match ("Oracle databases" is not "Oracle" + text)
    assert not any(w == "Oracle" for w, _ in found)
    # an ambiguous name is not forgiven: "Success Factors" is SAP's product only in context
    assert _found(taxonomy, "A key success factor was the new onboarding plan.") == []


def test_lookup_reads_a_product_after_its_vendor_as_the_matcher_does(taxonomy):
    """A vendor written before a name the vocabulary holds without it ("Microsoft Hyper-V",
    "IBM web sphere") is the product for ``lookup`` (must-haves, the CLI), as it is in a text."""
    for written in ("Microsoft Hyper-V", "IBM web sphere", "Microsoft Visual Source Safe"):
        expected = taxonomy.lookup(written.split(" ", 1)[1]).id
        assert taxonomy.lookup(written).id == expected, written
        assert any(sid == expected for _, sid in _found(taxonomy, f"Skills: {written}.")), written
    with pytest.raises(UnknownSkillError):  # a vendor alone is no product
        taxonomy.lookup("Microsoft")
    with pytest.raises(UnknownSkillError):  # nor a vendor before an unknown word
        taxonomy.lookup("Microsoft Zorblax")


def test_a_name_of_ordinary_words_after_its_vendor_is_the_product(taxonomy):
    """"Visual Source Safe" is English words, so alone it needs context; after "Microsoft" it
    is the product, as "Microsoft Word" is (the vendor before the match, not inside it)."""
    sid = taxonomy.lookup("Visual SourceSafe").id
    assert (("Visual Source Safe", sid)
            in _found(taxonomy, "Used Microsoft Visual Source Safe for version control."))
    assert _found(taxonomy, "We kept the source safe.") == []
    assert not any(s == sid for _, s in _found(taxonomy, "Keep the visual source safe."))
