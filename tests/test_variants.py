"""Skill names written in another form (``skillgap.taxonomy._variants``): in lookups, and in text
through ``skillgap.link.link_variants`` (run by ``analyze`` in both modes)."""

from __future__ import annotations

import pytest

from skillgap import Document, analyze, find_mentions, load_taxonomy
from skillgap.errors import UnknownSkillError
from skillgap.link import link_lexical, link_variants
from skillgap.taxonomy._variants import variant_keys, word_stem


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def _variants(tax, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    document = Document.from_text(text)
    ex = find_mentions(document, tax)
    found = link_variants(document, ex.mentions, tax, taken=[(i.start, i.end) for i in ex.ignored])
    assert all(document.text[m.start:m.end] == m.text and m.method == "fuzzy" for m in found)
    return {m.text: m.skill_id for m in found}


@pytest.mark.parametrize(("written", "skill_id"), [
    ("Design database", "esco:design-database-scheme"),  # the head word moved
    ("Development of websites", "esco:web-programming"),
    ("Law of Contract", "esco:contract-law"),
    ("Analyze business requirements", "esco:analyse-business-requirements"),
    ("Units testing", "unit-testing"),  # inflected otherwise: a guide skill
])
def test_lookup_reads_a_name_written_in_another_form(tax, written: str, skill_id: str) -> None:  # type: ignore[no-untyped-def]
    assert tax.lookup(written).id == skill_id


@pytest.mark.parametrize("written", [
    "Compiler Design",  # not the product "Design Compiler": a product's words are never moved
    "electronics and communication",  # two things, not "electronic communication"
    "business analysis requirements",  # the words in another order than a moved head word
])
def test_lookup_does_not_rearrange_what_is_not_a_variant(tax, written: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownSkillError):
        tax.lookup(written)


def test_stems_keep_apart_words_of_other_meanings() -> None:
    assert word_stem("server") != word_stem("serve")
    assert word_stem("production") != word_stem("product")
    assert word_stem("developer") != word_stem("development") == word_stem("developing")
    assert variant_keys("A and B") == [] and len(variant_keys("design database")) == 2


def test_whole_items_are_read_with_the_head_word_moved(tax) -> None:  # type: ignore[no-untyped-def]
    found = _variants(tax, "SKILLS\nDesign database, Development of websites\nLaw of Contract  "
                           "Law of Property")
    assert found == {"Design database": "esco:design-database-scheme",
                     "Development of websites": "esco:web-programming",
                     "Law of Contract": "esco:contract-law",
                     "Law of Property": "esco:property-law"}


def test_windows_line_ends_part_items_too(tax) -> None:  # type: ignore[no-untyped-def]
    assert _variants(tax, "Skills\r\nDesign database\r\n") == {
        "Design database": "esco:design-database-scheme"}


def test_in_a_sentence_no_variant_is_read(tax) -> None:  # type: ignore[no-untyped-def]
    text = "Wrote the code and units testing for the billing service; we design database tables."
    assert _variants(tax, text) == {}
    assert _variants(tax, "Coding, units testing.") == {"units testing": "unit-testing"}


def test_titles_negations_and_names_the_rules_decided_are_left_alone(tax) -> None:  # type: ignore[no-untyped-def]
    assert _variants(tax, "- Senior Software Engineer\n- not familiar with units testing") == {}
    # "customer service" is a name: the extraction's rules read it as work, not a claim
    assert _variants(tax, "Handled customer service calls for the store.") == {}


def test_analyze_reports_a_variant_with_its_evidence(tax, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cv.md"
    path.write_text("# Jane Example\n\n## Skills\n\n- Python\n- Design database\n", encoding="utf-8")
    analysis = analyze(path, taxonomy=tax, embeddings=False)
    hit = next(h for h in analysis.other_skills if h.skill_id == "esco:design-database-scheme")
    assert hit.evidence[0].text == "Design database" and hit.evidence[0].method == "fuzzy"


def test_link_lexical_adds_variants_once(tax) -> None:  # type: ignore[no-untyped-def]
    document = Document.from_text("Skills: Python, Design database")
    [(_, ex)] = link_lexical([(document, find_mentions(document, tax))], tax)
    ids = [m.skill_id for m in ex.mentions]
    assert ids.count("esco:design-database-scheme") == 1 and "python" in ids


def test_an_index_without_the_variants_section_computes_it(tax) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from skillgap.taxonomy._vocabulary import _Index

    text = (Path(__file__).resolve().parent.parent / "taxonomy" / "vocabulary" / "index.txt"
            ).read_text(encoding="utf-8")
    head, _, _ = text.partition("\x1dvariants ")
    assert _Index(head).variants == tax.vocabulary.index.variants
    assert tax.vocabulary.index.variants  # the shipped index has them


def test_a_user_taxonomy_reads_its_own_names_inflected_but_never_moved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.yaml"
    path.write_text("skills:\n"
                    "- {id: db-design, label: Database design, category: data}\n"
                    "- {id: model-tuning, label: Model tuning, category: ml}\n"
                    "- {id: models-tune, label: Models tune, category: ml}\n")
    tax = load_taxonomy(path)
    assert tax.vocabulary is None
    assert tax.lookup("Databases design").id == "db-design"  # the first word inflected
    with pytest.raises(UnknownSkillError):
        tax.lookup("Design databases")  # a moved head word only reaches vocabulary concepts
    assert tax.lookup("Model tuning").id == "model-tuning"  # a name itself: exact first
    with pytest.raises(UnknownSkillError):
        tax.lookup("Models tunings")  # the key of two skills' names: neither


def test_one_word_as_a_verb_names_a_professional_skill(tax) -> None:  # type: ignore[no-untyped-def]
    negotiation = tax.lookup("negotiation").id
    assert negotiation.startswith("esco:")
    assert tax.lookup("Negotiating").id == negotiation
    assert tax.lookup("Negotiated").id == negotiation
    # a noun's stem is no verb's: "Present" (of "2015 - Present") is not presentations
    assert tax.find_variant("Present") is None
    assert tax.find_variant("Presenting") == tax.lookup("presentation").id
    # a technical one-word name is never read in another form
    assert tax.find_variant("Tested") is None and tax.find_variant("Programmed") is None


def test_one_word_items_of_a_list_are_read_as_verbs_only(tax) -> None:  # type: ignore[no-untyped-def]
    from skillgap import Document
    from skillgap.link import link_variants

    doc = Document.from_text("Skills: Negotiating, Organised, Python\n"
                             "Experience\nSales lead, 2015 - Present\n"
                             "Negotiated, drafted and reviewed contracts.")
    found = {(m.text, m.skill_id) for m in link_variants(doc, [], tax)}
    negotiation = tax.lookup("negotiation").id
    assert ("Negotiating", negotiation) in found and ("Negotiated", negotiation) in found
    assert ("Organised", tax.lookup("work in an organised manner").id) in found
    assert not any(text in ("Present", "Python", "Skills") for text, _ in found)
