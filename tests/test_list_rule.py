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
