from __future__ import annotations

import pytest

from skillgap import Document, find_mentions
from skillgap.extract import quantified


def _ids(text: str, taxonomy) -> set[str]:
    return {m.skill_id for m in find_mentions(Document.from_text(text), taxonomy).mentions}


def _ignored(text: str, taxonomy) -> dict[str, str]:
    return {i.skill_id: i.reason for i in find_mentions(Document.from_text(text), taxonomy).ignored}


def test_offsets_slice_back_to_the_text(taxonomy) -> None:
    text = ("Experience\n- Served PyTorch and scikit-learn models via FastAPI on k8s; "
            "wrote SQL for PostgreSQL.\nSkills: Python, C++, C#, Node.js, CI/CD, A/B testing")
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    assert len(found) >= 8
    for m in found:
        assert text[m.start:m.end] == m.text
    ids = {m.skill_id for m in found}
    assert {"pytorch", "scikit-learn", "fastapi", "kubernetes", "sql", "postgresql", "python",
            "cpp", "ci-cd", "ab-testing"} <= ids, ids


def test_longest_match_wins(taxonomy) -> None:
    ids = _ids("Skills: C++, TensorFlow Serving", taxonomy)
    assert "cpp" in ids and "c" not in ids
    assert "tensorflow-serving" in ids and "tensorflow" not in ids


@pytest.mark.parametrize("text", [
    "Trained models with machine  learning on tabular data.",  # a double space (PDF text)
    "Trained gradient boosting and other machine\nlearning models.",  # a name wrapped
    "Built reports in Power \n BI for the sales team.",
])
def test_a_name_broken_by_a_whitespace_run_is_found(text: str, taxonomy) -> None:
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    expected = "power-bi" if "BI" in text else "machine-learning"
    hit = [m for m in found if m.skill_id == expected]
    assert hit, [m.skill_id for m in found]
    # the mention spans the run: its text is the document's, whitespace and all
    assert text[hit[0].start:hit[0].end] == hit[0].text
    assert hit[0].text.startswith(("machine", "Power")) and ("  " in hit[0].text
                                                             or "\n" in hit[0].text)


def test_whitespace_runs_do_not_join_words_that_are_no_name(taxonomy) -> None:
    # the view without whitespace tokens must not invent names: "learning" alone is none, and
    # the span of each mention is still its own words
    found = find_mentions(Document.from_text("Python  \n  machine\n\nSQL"), taxonomy).mentions
    assert {m.skill_id: m.text for m in found} == {"python": "Python", "sql": "SQL"}


@pytest.mark.parametrize(("text", "skill"), [
    ("Skills\nPython, R, SQL", "r"),
    ("Built dashboards in R with ggplot2 and the tidyverse.", "r"),
    ("Wrote backend microservices in Go with goroutines.", "go"),
    ("Languages: Java, Go, Rust", "go"),
    ("Skills\nC, C++, Python", "c"),
    ("Processed 2 TB of logs with Spark on Databricks.", "spark"),
    ("Skills: Excel, Tableau, SQL", "excel"),
    ("Programming in Julia and Python for numerical work.", "julia"),
    ("Managed social media accounts (Facebook & Instagram) for the shop.", "onet:facebook"),
])
def test_ambiguous_names_count_in_context(text: str, skill: str, taxonomy) -> None:
    assert skill in _ids(text, taxonomy)


@pytest.mark.parametrize(("text", "skill"), [
    ("Led our go-to-market plan for the new product.", "go"),
    ("I go to the market every morning.", "go"),
    ("Go live was in March.", "go"),
    ("Managed the R&D budget for two labs.", "r"),
    ("Managed the R & D budget with Python and SQL.", "r"),
    ("We always had a Plan C ready.", "c"),
    ("Finished the course with grade C.", "c"),
    ("The new menu should spark joy in guests.", "spark"),
    ("I excel at talking to customers.", "excel"),
    ("Promoted to C-level reporting.", "c"),
])
def test_ambiguous_names_rejected_out_of_context(text: str, skill: str, taxonomy) -> None:
    assert skill not in _ids(text, taxonomy)


@pytest.mark.parametrize(("text", "skill", "reason"), [
    ("No experience with Kubernetes yet.", "kubernetes", "negated"),
    ("I have never used Docker.", "docker", "negated"),
    ("Currently learning Rust in the evenings.", "rust", "aspiration"),
    ("I want to learn PyTorch next year.", "pytorch", "aspiration"),
    ("Interested in MLOps and Kubernetes.", "kubernetes", "aspiration"),
    ("A role where I can further my knowledge of Kubernetes.", "kubernetes", "aspiration"),
])
def test_negation_and_aspiration_do_not_count(text: str, skill: str, reason: str, taxonomy) -> None:
    assert skill not in _ids(text, taxonomy)
    assert _ignored(text, taxonomy)[skill] == reason


def test_negation_scope_ends_at_the_clause(taxonomy) -> None:
    text = "No experience with Kubernetes, but I used Docker daily."
    assert "docker" in _ids(text, taxonomy)
    assert "kubernetes" not in _ids(text, taxonomy)


def test_learning_inside_a_skill_name_is_not_aspiration(taxonomy) -> None:
    ids = _ids("Machine learning engineer using PyTorch and deep learning.", taxonomy)
    assert "pytorch" in ids and "deep-learning" in ids


def test_sections_are_attached_to_mentions(taxonomy) -> None:
    text = "Summary\nData person.\nSkills\nDocker\nExperience\n- Deployed Docker images for 12 services."
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    sections = {(m.skill_id, m.section, m.quantified) for m in found}
    assert ("docker", "skills", False) in sections
    assert ("docker", "experience", True) in sections


@pytest.mark.parametrize(("sentence", "expected"), [
    ("cut p99 latency from 300 ms to 80 ms", True),
    ("improved F1 by 4.2 pts", True),
    ("99.95% uptime", True),
    ("reduced training time 3x", True),
    ("Worked at Acme from 2019", False),
    ("Built a recommender system", False),
])
def test_quantified(sentence: str, expected: bool) -> None:
    assert quantified(sentence) is expected


def test_same_input_same_mentions(taxonomy) -> None:
    text = "Skills: Python, R, Go, Spark, Docker, k8s, AWS"
    a = find_mentions(Document.from_text(text), taxonomy)
    b = find_mentions(Document.from_text(text), taxonomy)
    assert a.mentions == b.mentions and a.ignored == b.ignored


@pytest.mark.parametrize("text", [
    "Skills:\nPython, SQL  and  C++ (e.g. PyTorch).\tDon't use R; I'm learning Go :) ...",
    "  leading spaces, a.m. and p.m., 'quoted', (parens) [x] - dash \u00a0nbsp\n\n\nend ",
    "Don't don't DON'T can't it's U.S. Inc. e.g. i.e. vs. 10a.m. :-) <3 ^_^",
])
def test_tokens_are_spacy_tokens_when_cached(text: str) -> None:
    """_make_doc fills spaCy's tokenizer cache; the tokens stay those of a fresh tokenizer."""
    import spacy

    from skillgap.extract import _make_doc

    fresh = spacy.blank("en").make_doc(text)
    expected = [(t.text, t.whitespace_, t.idx) for t in fresh]
    for _ in range(3):  # first call (chunks tokenized one by one), then from the cache
        assert [(t.text, t.whitespace_, t.idx) for t in _make_doc(text)] == expected


def test_mentions_sharing_a_sentence_get_its_context(taxonomy) -> None:
    text = "Skills\nPython, SQL and Docker used to cut costs by 30%\nExperience\n- Built Airflow DAGs"
    found = {m.skill_id: m for m in find_mentions(Document.from_text(text), taxonomy).mentions}
    for sid in ("python", "sql", "docker"):
        assert found[sid].context == "Python, SQL and Docker used to cut costs by 30%"
        assert found[sid].quantified
    assert not found["airflow"].quantified and found["airflow"].context == "- Built Airflow DAGs"


def test_vit_is_the_model_only_as_written(taxonomy) -> None:
    # "ViT" (Vision Transformer) is written in mixed case; "VIT" in capitals is as often an
    # institute's initials on an education line
    assert "transformers" in _ids("Fine-tuned a ViT-B/16 on 40k labelled X-ray images.", taxonomy)
    assert "transformers" not in _ids(
        "B.Tech, Vellore Institute of Technology (VIT), 2016", taxonomy)


@pytest.mark.parametrize("text", [
    "Ann Lee  LinkedIn: www.linkedin.com/in/annlee  Twitter: http://twitter.com/annlee  555-1234",
    "Hanoi 0912345678 ann.lee@example.com Skype ann_lee_84 Sex Female",
    "Contact: Twitter @annlee_dev",
    "Ann Lee\nLinkedIn: /in/annlee",  # a path after the colon, as PDF headers print it
    "Ann Lee\nann.lee@example.com | +1 (555) 010-0199 | LinkedIn | GitHub\nSummary",
    "Ann Lee, Hanoi, 0912 345 678, LinkedIn, Twitter\nExperience",
])
def test_a_contact_field_is_no_skill(text: str, taxonomy) -> None:
    found = _ids(text, taxonomy)
    # "GitHub" is the guide's git: a link to the account is no claim of it either
    assert not found & {"onet:linkedin", "onet:skype", "onet:twitter", "git"}, found


@pytest.mark.parametrize("text", [
    "Skills\nGitHub, Jira, Confluence\nann.lee@example.com | +1 555 010 0199",  # another line
    "Lead Android developer: Facebook SDK, GitHub, Volley, Retrofit 10/12-06/13",  # a date range
    "Computer Review, doi: 10.1177/0894439316. Tools: GitHub, Jira, Slack",  # a DOI
    "Windows Server 2003 2008 2012, GitHub, Jenkins",  # versions, not a phone number
])
def test_names_off_the_contact_line_still_count(text: str, taxonomy) -> None:
    assert "git" in _ids(text, taxonomy), text


def test_the_same_products_listed_as_skills_still_count(taxonomy) -> None:
    found = _ids("Tools: Skype, LinkedIn, Jira. Ran campaigns on Twitter and LinkedIn Ads.",
                 taxonomy)
    assert {"onet:skype", "onet:linkedin", "onet:twitter"} <= found, found


@pytest.mark.parametrize(("text", "skill", "written"), [
    ("Languages\nCore Java, C++, C.", "c", "C"),  # spaCy keeps "C." whole, as an initial
    ("Computer Skills: J2EE, PL/SQL(Oracle 9), C++/C#", "cpp", "C++"),
    ("Coursework: Shell Scripting(bash), Perl", "bash", "bash"),
])
def test_a_name_with_a_stop_bracket_or_slash_written_onto_it_is_found(taxonomy, text, skill,
                                                                      written) -> None:
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    assert (skill, written) in {(m.skill_id, m.text) for m in found}, \
        [(m.skill_id, m.text) for m in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Analysed survey data in R.", {"r"}),
    ("Developed a web scraper in Go.", {"go"}),
    ("Proficient in R", {"r"}),
    ("Experienced in Go to market planning.", set()),  # an English phrase follows
    ("We moved the office in Spark Street.", set()),  # no work done in it
])
def test_a_guide_name_as_the_means_of_work_counts(taxonomy, text, expected) -> None:
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    assert {m.skill_id for m in found} & {"r", "go", "spark"} == expected


def test_a_one_letter_initial_is_no_language(taxonomy) -> None:
    found = find_mentions(Document.from_text("Referee: John C. Smith, Boston"), taxonomy)
    assert "c" not in {m.skill_id for m in found.mentions}


@pytest.mark.parametrize(("text", "skill", "written"), [
    ("Scripting Languages: PERL and PYTHON", "onet:perl", "PERL"),
    ("Tools: PL/SQL, TOAD, SQL Developer", "onet:toadsoft-toad", "TOAD"),
    ("Development tools: Eclipse, Putty, Toad, TestNG", "onet:putty", "Putty"),
    ("Frameworks: Hibernate, SWING, AWT, GWT", "skillgap:java-swing", "SWING"),
    ("SKILLS\nEXCEL (5 years), SQL (3 years), SPARK (2 years)", "spark", "SPARK"),  # the guide's
    ("Areas of expertise: Data Mining, Operating Systems, SQL", "esco:data-mining", "Data Mining"),
])
def test_a_name_written_in_another_case_is_found_in_a_list(
        taxonomy, text, skill, written) -> None:
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    assert (skill, written) in {(m.skill_id, m.text) for m in found}, \
        [(m.skill_id, m.text) for m in found]


@pytest.mark.parametrize("text", [
    "SKILLS\nC++ (Less than 1 year), DATABASES (Less than 1 year)",  # LESS, the CSS language
    "Languages: Basic French and Japanese",  # BASIC
    "Wrote the quarterly report with a putty knife on the desk.",  # lower case: the word
])
def test_a_name_in_capitals_written_capitalised_or_a_word_in_lower_case_is_not_recased(
        taxonomy, text) -> None:
    found = find_mentions(Document.from_text(text), taxonomy).mentions
    assert not {m.skill_id for m in found} & {"esco:less", "onet:putty",
                                              "onet:beginner-s-all-purpose-symbolic-instruction-code-basic"}
