"""Claims of skill the context rules read (December 2026): a claim word closing a coordination
("Communication and interpersonal skills") claims its first item too, and a vocabulary name
written as a product after "with", "in", "of", "on" or "using", in a clause of work or of a
claim of skill ("Proficient with Eclipse"), is the tool used."""

from __future__ import annotations

import pytest

from skillgap.extract import _claimed_as_skill, find_mentions
from skillgap.models import Document


def _found(taxonomy, text: str) -> dict[str, str]:
    """Written name -> skill id of the mentions the rules count (lexical mode)."""
    return {m.text: m.skill_id for m in find_mentions(Document.from_text(text), taxonomy).mentions}


@pytest.mark.parametrize(("text", "claimed"), [
    ("Communication and interpersonal skills.", True),
    ("Communication, presentation and negotiation skills", True),
    ("Excel and ASP.NET skills", True),
    ("Sales and marketing management skills", True),
    ("Excel skills", True),  # the claim right after the name, as before
    ("Excel and the skills to lead", False),  # "the skills" are not Excel's
    ("Excel and also. skills", False),  # a sentence ends between them
    ("Excel and Word\nskills", False),  # the claim on another line
    ("Excel and Word", False),
    ("Sales, marketing skills", False),  # no "and", "or" or "&" before the last item
    ("COMMUNICATION AND SOFT SKILLS", False),  # a heading in capitals
])
def test_a_claim_closing_a_coordination_claims_its_first_item(text, claimed):
    first = text.split()[0].rstrip(",")
    assert _claimed_as_skill(text, 0, len(first)) is claimed


def test_the_first_item_of_a_claimed_coordination_is_found(taxonomy):
    found = _found(taxonomy, "Communication and interpersonal skills.")
    assert found.get("Communication") == "esco:communication"
    # the same word as the subject of a sentence is no claim
    assert "Communication" not in _found(taxonomy, "Communication with the board was weekly.")


@pytest.mark.parametrize(("text", "written", "skill_id"), [
    ("Proficient with Eclipse and Maven.", "Eclipse",
     "esco:eclipse-integrated-development-environment-software"),
    ("Have experience developing web apps with PHP and mobile apps with Android.", "Android",
     "esco:android-mobile-operating-systems"),
])
def test_a_product_after_with_in_a_claim_of_skill_is_the_tool(taxonomy, text, written, skill_id):
    assert _found(taxonomy, text).get(written) == skill_id


@pytest.mark.parametrize("text", [
    "We watched the eclipse with friends.",  # no claim nor work in the clause
    "Proficient with eclipse glasses.",  # lower case: the word, not the product
    "I went to the store with Teams of friends.",
    "Experienced in Go to market strategy.",  # an English phrase after the name
])
def test_a_name_after_with_needs_a_claim_and_a_capital(taxonomy, text):
    found = _found(taxonomy, text)
    assert not any(skill.startswith(("onet:", "esco:")) for skill in found.values()), found
    assert "go" not in found.values()


def _ids(taxonomy, text: str) -> set[str]:
    return {m.skill_id for m in find_mentions(Document.from_text(text), taxonomy).mentions}


@pytest.mark.parametrize("text", [
    "Honors: NSF Graduate Research Fellowship, Siebel Scholar (Class of 2022)",
    "Awarded the Oracle Fellowship in 2019.",
])
def test_an_honour_named_after_a_product_is_no_claim_of_it(taxonomy, text):
    assert not any(s.startswith("onet:oracle") for s in _ids(taxonomy, text))


def test_the_product_beside_other_words_still_counts(taxonomy):
    assert "onet:oracle-siebel-crm" in _ids(taxonomy, "Skills: Siebel, Oracle, SAP")
    assert "onet:oracle-siebel-crm" in _ids(taxonomy, "Configured Siebel Call Center for sales.")


@pytest.mark.parametrize("text", [
    "- network: LinkedIn username: jdoe",  # a CV written as YAML, flattened
    "social:\n  - network: LinkedIn\n    username: jdoe\n",
    "LinkedIn profile: linkedin.com/in/jdoe",
])
def test_a_services_account_field_is_contact_data(taxonomy, text):
    assert "onet:linkedin" not in _ids(taxonomy, text)


def test_a_service_listed_as_a_skill_counts(taxonomy):
    assert "onet:linkedin" in _ids(taxonomy, "Skills: LinkedIn, Facebook, Twitter marketing")


@pytest.mark.parametrize(("text", "absent", "present"), [
    # the text defines the abbreviation as something the product is not
    ("Skills: Serial Analysis of Gene Expression (SAGE), in situ hybridization, PCR",
     "onet:sage-accounting-software", "skillgap:in-situ-hybridization"),
    # the product's own name is the abbreviation: it stays
    ("Experience with Statistical Analysis System (SAS) and R.", None, "onet:sas"),
    ("Implemented Enterprise Resource Planning (ERP) with SAP.", None, "onet:erp-software"),
    # not defined by the words before it: the product
    ("Accounting tools: QuickBooks, SAGE, Xero", None, "onet:sage-accounting-software"),
])
def test_an_abbreviation_the_text_defines_means_what_the_text_says(taxonomy, text, absent,
                                                                   present):
    found = _ids(taxonomy, text)
    assert present in found
    assert absent is None or absent not in found
