"""The coverage readings of ``benchmarks/resume_skills.py``: a span's list items (the issue's
figure) and, as a diagnostic, its word n-grams that are names."""

from __future__ import annotations

import pytest

from tests._benchmarks import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("resume_skills")


def test_list_items_resolve_but_words_inside_a_sentence_do_not(bench, taxonomy):
    assert bench.resolve_span(taxonomy, "Java, SQL Server 2008 / Linux") \
        == {"java", "sql-server", "linux"}
    assert bench.resolve_span(taxonomy, "Installed SQL Server on the new hosts") == set()


@pytest.mark.parametrize(("span", "expected"), [
    ("Installed SQL Server on the new hosts", (True, True)),  # a name inside a sentence
    ("Database Administrator for large databases Oracle 11g", (True, True)),
    ("Sang in the choir every week", (False, False)),
    ("Handling the team and the office", (True, False)),  # "Office", a common word
])
def test_ngram_parts(bench, taxonomy, span: str, expected: tuple[bool, bool]):
    assert bench.ngram_span(taxonomy, span) == expected


def test_a_common_word_name_counts_only_in_the_lenient_reading(bench, taxonomy):
    # "Marketing" is a name of the vocabulary (ambiguous: ESCO's marketing principles), made of
    # one common English word: a part in reading A, not in reading B
    assert taxonomy.is_name("Marketing")
    assert bench.ngram_span(taxonomy, "Handled marketing for the shop") == (True, False)


def test_date_range_recall_counts_date_spans_only():
    module = load_benchmark("date_ranges")
    text = "Acme, June 2008 - Present. Beta, 2005 to nowhere. 9 years of experience."
    spans = [(6, 25, "June 2008 - Present"), (33, 37, "2005"), (51, 72, "9 years of experience")]
    # "all": the document's crc32 parity does not matter
    assert module.recall([("dotin/x", text, spans)], "all") == (1, 2, ["2005"])
