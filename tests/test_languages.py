"""Languages people speak and transversal (soft) skills: found where the context says so,
reported apart from skills, with the level stated."""

from __future__ import annotations

import pytest

from skillgap import Document, analyze, find_mentions
from skillgap.batch import BatchResult
from skillgap.batch._io import COLUMNS, render_rows, summarize
from skillgap.extract._languages import language_level
from skillgap.score.screen import ScreenProfile, screen_analysis

RESUME = ("Mai Tran\nSkills\nPython, SQL, Docker, Communication, Teamwork, Time Management\n"
          "Languages: Vietnamese (native), English - C1, conversational Japanese\n"
          "Education\nB.A. in English Literature, 2015\n")


def _ids(text: str, taxonomy) -> set[str]:
    return {m.skill_id for m in find_mentions(Document.from_text(text), taxonomy).mentions}


@pytest.fixture(scope="module")
def analysis():
    return analyze(Document.from_text(RESUME), embeddings=False)


def test_a_language_counts_only_where_the_context_marks_it_spoken(taxonomy) -> None:
    assert {"esco:english", "esco:french"} <= _ids("Languages: English, French", taxonomy)
    assert "esco:german" in _ids("German (B2), Italian", taxonomy)
    assert "esco:english" in _ids("Confidently spoken and written English", taxonomy)
    # a subject, a market, a nationality
    assert "esco:english" not in _ids("B.A. in English, University of Leeds, 2012.", taxonomy)
    assert "esco:german" not in _ids("Led the rollout for German retail clients.", taxonomy)
    assert "esco:chinese" not in _ids("Skills: Java, Spring, Chinese", taxonomy)
    # a subject of study or teaching, though a cue word stands near
    assert "esco:english" not in _ids("English Teacher; wrote and read reports daily", taxonomy)
    assert "esco:spanish" not in _ids("Languages taught: teaching Spanish to adults", taxonomy)
    assert "esco:english" not in _ids("BA (Hons) English, with advanced writing", taxonomy)


@pytest.mark.parametrize(("text", "name", "level"), [
    ("Languages: English (native), French", "English", "native"),
    ("Languages: English (native), French", "French", None),
    ("Spanish - B2; Italian: fluent", "Spanish", "B2"),
    ("Spanish - B2; Italian: fluent", "Italian", "fluent"),
    ("Fluent in Portuguese, basic German", "Portuguese", "fluent"),
    ("Fluent in Portuguese, basic German", "German", "basic"),
    ("Hindi (professional working proficiency)", "Hindi", "professional"),
    ("Korean: mother tongue", "Korean", "native"),
])
def test_language_level_reads_the_words_of_its_list_item(text: str, name: str,
                                                         level: str | None) -> None:
    start = text.index(name)
    assert language_level(text, start, start + len(name)) == level


def test_analysis_reports_languages_apart_from_skills(analysis) -> None:
    assert [(h.label, h.level) for h in analysis.languages] == [
        ("English", "C1"), ("Japanese", "conversational"), ("Vietnamese", "native")]
    ids = {h.skill_id for h in (*analysis.skills, *analysis.other_skills)}
    assert not ids & {"esco:english", "esco:japanese", "esco:vietnamese"}
    english = analysis.skill("esco:english")
    assert english is not None and english.level == "C1"
    ev = english.evidence[0]
    assert RESUME[ev.start:ev.end] == "English" and "Languages:" in ev.context
    # the degree line is no evidence of English spoken
    assert all("Literature" not in e.context for e in english.evidence)


def test_soft_skills_of_a_skills_list_are_professional_skills(analysis, taxonomy) -> None:
    other = {h.skill_id: h for h in analysis.other_skills}
    assert {"esco:communication", "esco:work-in-teams", "esco:manage-time"} <= set(other)
    assert not any(other[s].technical for s in ("esco:communication", "esco:work-in-teams"))
    assert taxonomy.lookup("Problem Solving").id == "esco:create-solutions-to-problems"
    # a lower-case word in a sentence is the word
    assert "esco:communication" not in _ids(
        "Set up the communication between the two services over gRPC.", taxonomy)


def test_reports_and_batch_rows_show_languages(analysis) -> None:
    md = analysis.to_markdown()
    section = md[md.index("## Languages (3)"):]
    assert "| English | C1 |" in section and "| Vietnamese | native |" in section
    html = analysis.to_html()
    assert 'id="languages"' in html and 'href="#languages"' in html and "conversational" in html
    res = BatchResult(candidate_id="mai", sources=["mai.txt"], analysis=analysis, errors=[],
                      seconds=0.0)
    row = summarize(res)
    assert row["languages"] == "English (C1);Japanese (conversational);Vietnamese (native)"
    assert "languages" in COLUMNS
    header, line = render_rows([{"rank": 1, **row}], "csv").decode().splitlines()
    assert header.split(",")[COLUMNS.index("languages")] == "languages"
    assert "Vietnamese (native)" in line


def test_screen_can_require_a_language(analysis, taxonomy) -> None:
    role = taxonomy.role("data-scientist")
    result = screen_analysis(analysis, role=role, profile=ScreenProfile(must_have=["English"]),
                             taxonomy=taxonomy)
    assert result.must_haves[0].skill_id == "esco:english" and result.must_haves[0].met
    lacks = screen_analysis(analysis, role=role, profile=ScreenProfile(must_have=["French"]),
                            taxonomy=taxonomy)
    assert not lacks.must_haves[0].met


def test_a_soft_skill_phrase_is_claimed_in_a_sentence_too(taxonomy) -> None:
    found = _ids("Excellent problem solving and communication skills; a team player with "
                 "strong time management.", taxonomy)
    assert {"esco:create-solutions-to-problems", "esco:communication", "esco:work-in-teams",
            "esco:manage-time"} <= found
    # a professional skill that is not a soft skill still needs a list or the sense model
    assert "esco:customer-service" not in _ids("Managed the customer service team of 12.",
                                               taxonomy)
