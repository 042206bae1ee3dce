"""Experience and seniority parser (skillgap.score.experience). Fixtures are invented people."""

from __future__ import annotations

from datetime import date

import pytest

from skillgap import Document
from skillgap.score.experience import (
    LEVELS,
    level_rule,
    merge_ranges,
    parse_experience,
    skill_experience,
)

REF = date(2024, 6, 1)


def _doc(text: str) -> Document:
    return Document.from_text(text, source="<fixture>")


def _ranges(exp) -> list[tuple[str, str, str]]:
    return [(e.kind, f"{e.start:%Y-%m}", f"{e.end:%Y-%m}") for e in exp.entries]


@pytest.mark.parametrize(("line", "start", "end", "ongoing"), [
    ("Jan 2019 – Present", "2019-01", "2024-06", True),
    ("January 2019 - Mar 2021", "2019-01", "2021-03", False),
    ("Sep. 2023 \u00ad Mar. 2024", "2023-09", "2024-03", False),  # soft hyphen (LaTeX PDFs)
    ("2016–2018", "2016-07", "2018-06", False),  # a year alone is its middle: 24 months
    ("2016 — 2018", "2016-07", "2018-06", False),
    ("2016-2018", "2016-07", "2018-06", False),  # a hyphen, no spaces
    ("| 2016-2018", "2016-07", "2018-06", False),
    ("2018/01 - 2020/03", "2018-01", "2020-03", False),  # year first (East Asian resumes)
    ("2018.01 – present", "2018-01", "2024-06", True),
    ("2018.01.15 - 2020.03.31", "2018-01", "2020-03", False),
    ("Jan '18 - Mar '20", "2018-01", "2020-03", False),  # two-digit years
    ("Jan\u201918 \u2013 Mar\u201920", "2018-01", "2020-03", False),
    ("Jan-2018 to Mar-2020", "2018-01", "2020-03", False),
    ("08/19 - 06/21", "2019-08", "2021-06", False),  # month and two-digit year, as a range
    ("8/19 – Present", "2019-08", "2024-06", True),
    ("06-2019 – 07-2021", "2019-06", "2021-07", False),
    ("12/15/2019 - 01/10/2020", "2019-12", "2020-01", False),  # month first, as the start shows
    ("July 2013  Present", "2013-07", "2024-06", True),  # the dash lost, a gap left
    ("November 2004   August 2008", "2004-11", "2008-08", False),
    ("2001  2006:", "2001-07", "2006-06", False),
    ("1995-99:", "1995-07", "1999-06", False),  # a later year's last two digits
    ("1985- 86", "1985-07", "1986-06", False),
    ("May 2014 onwards", "2014-05", "2024-06", True),
    ("08 / 2008 - 09 / 2009", "2008-08", "2009-09", False),
    ("(5/2005-9/2008)", "2005-05", "2008-09", False),
    ("06/2020 - now", "2020-06", "2024-06", True),
    ("7/2020 – NOW", "2020-07", "2024-06", True),
    ("15/05/2018 – 31/08/2018", "2018-05", "2018-08", False),
    ("2020 - current", "2020-07", "2024-06", True),
    ("Jan 2019 to Till Date", "2019-01", "2024-06", True),
    ("2019 to date", "2019-07", "2024-06", True),
    ("Since 2018", "2018-07", "2024-06", True),
    ("March 2017 to May 2019", "2017-03", "2019-05", False),
    ("2018-09 – 2020-01", "2018-09", "2020-01", False),
    ("(2013-12-01 – 2014-12-01)", "2013-12", "2014-12", False),
    ("Fall 2019 – Spring 2020", "2019-09", "2020-05", False),
    ("April – Dec 2008", "2008-04", "2008-12", False),
])
def test_date_formats(line: str, start: str, end: str, ongoing: bool) -> None:
    exp = parse_experience(_doc(f"Experience\nData Engineer, Acme Corp {line}\n- Built pipelines\n"),
                           reference=REF)
    assert len(exp.entries) == 1, exp.entries
    e = exp.entries[0]
    assert (f"{e.start:%Y-%m}", f"{e.end:%Y-%m}", e.ongoing) == (start, end, ongoing)
    assert e.kind == "job"
    # the date span points into the text
    text = exp.entries[0].date_text
    assert text and text in line or line.startswith("Since")


@pytest.mark.parametrize("line", ["Tel 2012-2019-3344", "release v2018.10.2", "host 192.2018.1.1",
                                  "rated 10/10 by every client", "Tel 06-2019-3344"])
def test_numbers_that_hold_years_are_no_dates(line: str) -> None:
    exp = parse_experience(_doc(f"Experience\nData Engineer, Acme Corp, {line}\n"
                                "- Built pipelines\n"), reference=REF)
    assert exp.entries == []


def test_summer_is_a_season_and_an_internship() -> None:
    exp = parse_experience(_doc("Experience\nData Science Fellow, Lab  Summer 2021\n- Cleaned data\n"),
                           reference=REF)
    (e,) = exp.entries
    assert (e.kind, f"{e.start:%Y-%m}", f"{e.end:%Y-%m}", e.precision) == ("internship", "2021-06",
                                                                           "2021-08", "season")
    assert exp.professional_years == 0.0 and exp.internship_years == 0.25


def test_moderncv_layout_with_the_end_date_on_the_next_line() -> None:
    text = ("Experience\nJune 2020 – ML Engineer, Initech, Springfield\nPresent Serving models with "
            "FastAPI.\nJuly 2015 – Data Analyst, Globex\nMay 2020 Reporting with SQL.\n")
    exp = parse_experience(_doc(text), reference=REF)
    assert _ranges(exp) == [("job", "2020-06", "2024-06"), ("job", "2015-07", "2020-05")]


def test_present_resolves_against_the_reference() -> None:
    text = "Experience\nML Engineer, Initech  Jan 2022 - Present\nEducation\nBSc Physics 2017 - 2021\n"
    doc = _doc(text)
    explicit = parse_experience(doc, reference=date(2025, 1, 1))
    assert explicit.reference_source == "explicit"
    assert explicit.entries[0].end == date(2025, 1, 1) and explicit.professional_years == 3.08
    # no reference: the latest date the document mentions (deterministic, no clock)
    derived = parse_experience(doc)
    assert derived.reference_source == "document" and derived.reference == date(2022, 1, 1)
    assert parse_experience(doc) == derived
    # today is only a fallback for documents without any date
    assert parse_experience(doc, today=date(2030, 1, 1)).reference == date(2022, 1, 1)
    # the reader is told that "present" was counted to that date, and how to change it
    assert "“present” counted to 2022-01" in derived.note and "--as-of" in derived.note
    years = [ev.detail for ev in derived.level_evidence if ev.kind == "years"]
    assert years == ["job 2022-01 to present, counted to 2022-01 (the latest date the resume names)"]
    assert "counted to" not in explicit.note
    assert [ev.detail for ev in explicit.level_evidence if ev.kind == "years"] == [
        "job 2022-01 to present, counted to 2025-01"]


def test_overlapping_ranges_are_merged() -> None:
    text = ("Experience\nSenior Data Scientist, Acme  Jan 2019 - Dec 2021\n- Forecasting\n"
            "Consultant, Self-employed  Jun 2020 - Jun 2022\n- Dashboards\n"
            "Data Analyst, Beta  Jan 2015 - Dec 2016\n- Reports\n")
    exp = parse_experience(_doc(text), reference=REF)
    assert exp.professional_years == pytest.approx(2.0 + 3.5)  # 2015-16, then 2019-01..2022-06
    merged = merge_ranges((e.start, e.end) for e in exp.entries)
    assert merged == [(date(2015, 1, 1), date(2016, 12, 1)), (date(2019, 1, 1), date(2022, 6, 1))]


def test_merge_ranges_joins_touching_months() -> None:
    assert merge_ranges([(date(2021, 1, 1), date(2021, 6, 1)), (date(2019, 7, 1), date(2020, 12, 1))]) \
        == [(date(2019, 7, 1), date(2021, 6, 1))]
    assert merge_ranges([]) == []


def test_internships_and_education_are_kept_apart() -> None:
    text = ("Education\nMSc Computer Science, Uni of Somewhere  Sep 2018 - Jul 2020\n"
            "BSc Mathematics, Uni of Elsewhere  2015 - 2018\n"
            "Experience\nMachine Learning Engineer, Initech  Aug 2020 - Present\n- Deployed models\n"
            "Data Science Intern, Globex  Jun 2019 - Aug 2019\n- Built a churn model\n"
            "Working Student (Data), Hooli  Oct 2018 - Mar 2019\n- SQL reports\n")
    exp = parse_experience(_doc(text), reference=date(2023, 7, 1))
    kinds = [e.kind for e in exp.entries]
    assert kinds == ["education", "education", "job", "internship", "internship"]
    assert exp.professional_years == 3.0  # Aug 2020 .. Jul 2023
    assert exp.internship_years == pytest.approx((3 + 6) / 12, abs=0.01)
    assert exp.education_years == pytest.approx(59 / 12, abs=0.01)  # 2015-07..2018-06 + 2018-09..2020-07
    assert exp.level == "mid"


def test_a_job_inside_the_studies_is_a_student_job() -> None:
    text = ("Education\nBSc Computer Science, Uni  Sep 2016 - Jun 2020\n"
            "Experience\nSoftware Engineer, Initech  Jul 2020 - Jun 2022\n- APIs\n"
            "Teaching Assistant, Uni  Jan 2018 - Dec 2019\n- Tutored statistics\n")
    exp = parse_experience(_doc(text), reference=REF)
    ta = exp.entries[-1]
    assert ta.kind == "internship" and ta.during_studies
    assert exp.professional_years == 2.0


def test_single_year_counts_only_for_education() -> None:
    text = ("Experience\nData Scientist, Acme  2019 - 2023\n- Won the 2021 hackathon\n"
            "Education\nMaster of Science in Statistics, State University, 2018\n"
            "Awards\n2020 Best Paper Award\n")
    exp = parse_experience(_doc(text), reference=REF)
    assert _ranges(exp) == [("job", "2019-07", "2023-06"), ("education", "2018-07", "2018-07")]


def test_entry_extent_and_skill_years() -> None:
    text = ("Experience\nSenior Data Engineer, Acme  Jan 2019 - Present\n- Built Spark pipelines\n"
            "- Ran Airflow\n"
            "Data Analyst, Beta  Jan 2012 - Dec 2013\n- Spark reports and SQL\n"
            "Projects\nCourse project: Spark word count (2011)\n"
            "Skills\nSpark, SQL, Airflow\n")
    doc = _doc(text)
    exp = parse_experience(doc, reference=date(2023, 12, 1))
    job, old, project = exp.entries
    assert text[job.extent_start:job.extent_end].startswith("Senior Data Engineer")
    assert "Data Analyst" not in text[job.extent_start:job.extent_end]
    assert project.kind == "project"
    spans = [(m, m + 5) for m in _find_all(text, "Spark")]
    spark = skill_experience(exp, spans)
    assert spark.years == pytest.approx(5.0 + 2.0 + 1 / 12, abs=0.01)
    assert spark.professional_years == pytest.approx(7.0)
    assert spark.last_used == date(2023, 12, 1)
    assert spark.kinds == ["job", "project"]
    airflow = skill_experience(exp, [(m, m + 7) for m in _find_all(text, "Airflow")])
    assert airflow.years == 5.0 and airflow.kinds == ["job"]
    listed_only = skill_experience(exp, [(text.rindex("SQL"), text.rindex("SQL") + 3)])
    assert listed_only.years == 0.0 and listed_only.last_used is None and listed_only.kinds == []


def _find_all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i != -1:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def test_leadership_and_title_words() -> None:
    text = ("Experience\nHead of Data Science, Acme  Jan 2016 - Present\n"
            "- Led a team of 8 data scientists\n- Managed 5 engineers\n- Mentored two interns\n"
            "Data Scientist, Beta  Jan 2013 - Dec 2015\n- Models\n")
    exp = parse_experience(_doc(text), reference=date(2024, 1, 1))
    head = exp.entries[0]
    assert "head of" in head.title_words and head.title_level == "staff+"
    sizes = {ld.text: ld.team_size for ld in exp.leadership}
    assert sizes["Led a team of 8"] == 8
    assert sizes["Managed 5 engineers"] == 5
    assert any(t.startswith("Mentored") for t in sizes)
    for ld in exp.leadership:
        assert text[ld.start:ld.end] == ld.text
    assert exp.professional_years == 11.08 and exp.level == "staff+"  # Jan 2013 .. Jan 2024
    kinds = {ev.kind for ev in exp.level_evidence}
    assert {"years", "title", "leadership"} <= kinds


def test_title_moves_the_level_one_step_at_most() -> None:
    # 1.5 years but a "Staff" title: one step up from junior, not straight to staff+
    text = "Experience\nStaff Engineer, Startup  Jan 2022 - Jun 2023\n- Everything\n"
    exp = parse_experience(_doc(text), reference=date(2023, 6, 1))
    assert exp.professional_years == 1.5 and exp.level == "mid"
    # 16 years as a plain engineer stays staff+ by years
    text = "Experience\nSoftware Engineer, Bigco  Jan 2008 - Dec 2023\n- Code\n"
    assert parse_experience(_doc(text), reference=date(2024, 1, 1)).level == "staff+"


@pytest.mark.parametrize(("years", "level"), [(0.5, "junior"), (1.99, "junior"), (2.0, "mid"),
                                              (4.9, "mid"), (5.0, "senior"), (8.0, "staff+")])
def test_level_rule_year_bands(years: float, level: str) -> None:
    assert level_rule(years)[0] == level
    assert level_rule(years, title="senior")[0] in LEVELS


def test_student_with_only_internships_is_an_intern() -> None:
    text = ("Education\nBSc Computer Science, Uni  Sep 2021 - Jun 2025\n"
            "Experience\nML Intern, Initech  Jun 2023 - Aug 2023\n- Baselines\n")
    exp = parse_experience(_doc(text), reference=date(2024, 1, 1))
    assert exp.level == "intern" and exp.professional_years == 0.0
    graduate = parse_experience(_doc(text), reference=date(2025, 9, 1))
    assert graduate.level == "junior"


def test_resume_without_dates_says_so() -> None:
    text = ("Summary\nData scientist.\nExperience\nData Scientist at Acme\n- Built churn models in "
            "Python and SQL for the marketing team, with A/B tests\nSkills\nPython, SQL\n")
    exp = parse_experience(_doc(text), today=date(2024, 1, 1))
    assert not exp.has_dates and exp.entries == [] and exp.level is None
    assert exp.professional_years == 0.0
    assert exp.level_evidence[0].kind == "no-dates"
    assert "no dated" in exp.note


def test_undated_experience_with_dated_education_gets_no_level() -> None:
    text = ("Experience\nData Scientist at Acme: built churn models in Python, ran experiments and "
            "dashboards for marketing and product teams.\nEducation\nMSc Statistics, Uni 2016 - 2018\n")
    exp = parse_experience(_doc(text))
    assert exp.has_dates and exp.level is None
    assert "not dated" in exp.note


def test_several_documents_of_one_candidate() -> None:
    a = Document.from_text("Experience\nData Engineer, Acme  Jan 2020 - Dec 2021\n- Spark\n", source="a.md")
    b = Document.from_text("Experience\nData Engineer, Beta  Jan 2022 - Dec 2023\n- Kafka\n", source="b.md")
    exp = parse_experience([a, b])
    assert [e.source for e in exp.entries] == ["a.md", "b.md"]
    assert exp.professional_years == 4.0 and exp.reference == date(2023, 12, 1)
    kafka = b.text.index("Kafka")
    assert skill_experience(exp, [("b.md", kafka, kafka + 5)]).last_used == date(2023, 12, 1)
    assert skill_experience(exp, [("a.md", kafka, kafka + 5)]).years == 2.0


def test_result_is_json_serialisable() -> None:
    exp = parse_experience(_doc("Experience\nML Engineer, Acme  Mar 2021 - Present\n"), reference=REF)
    again = type(exp).model_validate_json(exp.model_dump_json())
    assert again == exp


def test_years_stated_next_to_a_skill_are_reported_not_scored(monkeypatch) -> None:
    import skillgap
    import skillgap._api as api
    from skillgap.report import render

    text = ("Ann Example\nSkills\nPython (5+ years), SQL - 3 years, Docker: 2 yrs, Kubernetes\n"
            "Experience\nData Engineer, Acme, 2021 - 2023\n"
            "- Built Spark pipelines in Python; 4 years of experience with Airflow.\n")
    a = skillgap.analyze(Document.from_text(text, source="x.txt"), embeddings=False)
    stated = {h.skill_id: h.experience.stated_years for h in a.skills if h.experience}
    assert stated["python"] == 5.0 and stated["sql"] == 3.0 and stated["docker"] == 2.0
    assert stated["airflow"] == 4.0 and stated.get("kubernetes") is None
    python = next(h for h in a.skills if h.skill_id == "python")
    assert python.experience.years == 2.0  # the dated job, not the statement
    assert "5 y stated" in render(a, "markdown") and "5 years stated" in render(a, "html")
    # the statements change no score: the same analysis without reading them
    monkeypatch.setattr(api, "with_stated_years", lambda hits, documents: list(hits))
    plain = skillgap.analyze(Document.from_text(text, source="x.txt"), embeddings=False)
    assert plain.roles == a.roles
    assert [h.strength for h in plain.skills] == [h.strength for h in a.skills]


def test_a_career_summary_with_month_ranges_is_the_work_history() -> None:
    text = ("Ann Example\nExperience\nIncreased sales by 18% in 2017\n"
            "CAREER SUMMARY\nName of firm ABC Recruitment\nDesignation Team Manager\n"
            "Period of work November 2012 - March 2017\n- Led a team of 10\n")
    exp = parse_experience(_doc(text), reference=REF)
    assert _ranges(exp) == [("job", "2012-11", "2017-03")]
    # under a summary heading that is no career's, a range dates nothing
    other = text.replace("CAREER SUMMARY", "SUMMARY")
    assert parse_experience(_doc(other), reference=REF).entries == []


def test_a_gap_joins_two_dates_of_one_kind_only() -> None:
    # a birth date beside a year is no range; two months, or two years, across a gap are
    exp = parse_experience(_doc("Experience\nAnn Example, born 15 April 1990    2013 Acme\n"
                                "Data Engineer, Acme Corp Jan 2004  2008\n- Built pipelines\n"),
                           reference=REF)
    assert all(e.months <= 12 for e in exp.entries), _ranges(exp)


def test_two_digit_ends_are_years_where_the_document_writes_years_so() -> None:
    text = ("Experience\nProject Lead, Acme  1995-99\n- Led the migration\n"
            "Developer, Beta  2005-06\n- Built the billing service\n")
    exp = parse_experience(_doc(text), reference=REF)
    assert ("job", "2005-07", "2006-06") in _ranges(exp)
    # alone, "2005-06" is June 2005 (an ISO month), a single date that dates no job
    alone = parse_experience(_doc("Experience\nDeveloper, Beta  2005-06\n- Built it\n"), reference=REF)
    assert alone.entries == []


@pytest.mark.parametrize(("text", "name", "years"), [
    ("6 years of experience with Python, SQL and Spark.", "SQL", 6.0),  # a list closed by "and"
    ("3+ years of experience in Java & Kotlin", "Kotlin", 3.0),
    ("4 yrs of Docker, Kubernetes, Helm", "Helm", None),  # commas alone: items of their own
    ("5 years in data science, including Python", "Python", None),
])
def test_years_stated_before_a_list(text: str, name: str, years: float | None) -> None:
    from skillgap.score.experience import stated_years

    i = text.find(name)
    assert stated_years(text, i, i + len(name)) == years


def test_a_flattened_resume_reads_each_entry_near_its_date() -> None:
    """A resume whose line breaks were lost (one line of hundreds of characters): the degree of
    the education entry after a job does not make the job education."""
    text = ("Ann Example Pune Data engineer with six years of experience in pipelines and cloud "
            "platforms Work Experience Data Engineer Acme Analytics Pune 2019 to Present Built "
            "batch and streaming pipelines on AWS and Spark for the finance team Software "
            "Engineer Beta Systems Mumbai June 2016 to May 2019 Maintained the billing service "
            "Education BTech in Computer Science Pune University Pune 2012 to 2016 Skills Python "
            "SQL Spark AWS Airflow Docker Kubernetes Linux Git")
    exp = parse_experience(_doc(text), reference=REF)
    assert _ranges(exp) == [("job", "2019-07", "2024-06"), ("job", "2016-06", "2019-05"),
                            ("education", "2012-07", "2016-06")]
    assert exp.professional_years == 8.0  # 36 + 60 months of jobs


def test_a_dated_heading_is_a_short_line_with_a_date_range():
    from skillgap.score.experience import dated_heading

    text = ("Account Manager Momentum Worldwide July 2003 – April 2008\n"
            "Managed a team of three and grew the account from 2003 to 2008 by half.\n"
            "Data Scientist, Acme 2019 – Present\n")
    assert dated_heading(text, text.index("Momentum"))
    assert not dated_heading(text, text.index("team"))  # a year in prose is no range
    assert dated_heading(text, text.index("Acme"))
    long_line = "Worked " + "on many things " * 6 + "from 2019 – 2021"
    assert not dated_heading(long_line, 0)  # a sentence, not a heading
