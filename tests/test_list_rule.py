"""Lists of names: an ambiguous name that stands in a list of at least three known names
("Objective C, Crystal Reports, Android, Windows Server") is the tool, also in a flattened
skills line; fewer names in a row leave the decision to the other context rules."""

from __future__ import annotations

from skillgap.extract import _LIST_RUN, find_mentions
from skillgap.models import Document


def _found(taxonomy, text: str) -> set[str]:
    return {m.text for m in find_mentions(Document.from_text(text), taxonomy).mentions}


def test_a_list_of_ambiguous_names_supports_itself(taxonomy):
    text = "Skills: Objective C, Crystal Reports, Android, Windows Server"
    assert _found(taxonomy, text) == {"Objective C", "Crystal Reports", "Android", "Windows Server"}


def test_a_flattened_skills_line_is_a_list(taxonomy):
    found = _found(taxonomy, "Worked with Java JSP Spring Struts.")
    assert "Spring" in found


def test_names_one_per_line_and_with_and(taxonomy):
    assert {"Word", "Access", "Outlook"} <= _found(taxonomy, "Tools\nWord\nAccess\nOutlook\n")
    assert {"Word", "Access", "Outlook"} <= _found(taxonomy, "Good at Word, Access and Outlook.")


def test_two_names_are_not_a_list(taxonomy):
    # two ordinary words next to each other are still decided by the other rules
    assert _LIST_RUN == 3
    assert _found(taxonomy, "Ask for access, project dates and rooms.") == set()
    assert "Project" not in _found(taxonomy, "Access, Project and the rest were on the agenda.")


def test_words_between_names_break_the_list(taxonomy):
    assert "Access" not in _found(taxonomy, "Word of mouth gave access to the office.")


def test_versions_between_names_keep_the_list(taxonomy):
    found = _found(taxonomy, "Databases: SQL Server 2008 R2, Oracle 10g, Windows 7")
    assert {"Oracle", "Windows"} <= found
    # a sentence with words between the names is not a list
    assert "Windows" not in _found(taxonomy, "SQL Server 2008 migrations took us through windows 7 times")


def test_a_name_before_a_capitalised_word_is_a_title(taxonomy) -> None:
    def ids(text: str) -> set[str]:
        return {m.skill_id for m in find_mentions(Document.from_text(text), taxonomy).mentions}

    # a title or a proper name, though a list of tools stands around it
    assert "onet:microsoft-project" not in ids(
        "Tools: Tomcat, Ubuntu, Windows XP, Project Trainee at Infosys")
    assert "onet:unity-technologies-unity" not in ids(
        "Skills: C#, Flash, Unity Developer at Gosu, Photoshop")
    # names side by side are a list; a vendor's name before a word is its product line
    assert {"onet:microsoft-project", "onet:microsoft-visio"} <= ids(
        "Skills: Word Excel Project Visio")
    from skillgap.extract import _in_title, _make_doc

    doc = _make_doc("Cisco Routers and Project Trainee")
    vendors = taxonomy.vocabulary.vendor_set
    assert not _in_title(doc, doc[0:1], set(), vendors)  # "Cisco Routers": Cisco's routers
    assert _in_title(doc, doc[3:4], set(), vendors)  # "Project Trainee": a job title
    flat = _make_doc("Access    July 2012")
    assert not _in_title(flat, flat[0:1], set(), vendors)  # a column or a flattened line break
