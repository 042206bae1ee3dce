"""The adjudicated resume false positives (``benchmarks/sample_resume_fp.py``): the table holds
known verdicts on known skills, once each, and no resume text beyond the words matched; the
interval and the table reader behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._benchmarks import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("sample_resume_fp")


def test_table_is_known_verdicts_on_known_skills_without_resume_text(bench, taxonomy):
    lines = [line.rstrip("\n").split("\t")
             for line in bench.REVIEWED.read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    assert header == ["corpus", "doc_id", "skill_id", "evidence_text", "verdict", "why"]
    assert len(rows) >= 200
    keys = [(r[0], r[1], r[2]) for r in rows]
    assert len(set(keys)) == len(keys), "a (corpus, doc, skill) judged twice"
    for corpus, doc_id, skill_id, evidence, verdict, why in rows:
        assert corpus in {"dotin", "minhquan"} and doc_id.startswith(f"{corpus}/")
        assert verdict in bench.VERDICTS
        assert taxonomy.get(skill_id) is not None, skill_id  # a renamed id would drop a verdict
        assert 0 < len(evidence) <= 80 and 0 < len(why) <= 120, (doc_id, skill_id)
    assert bench.read_reviewed() == {k: r[4] for k, r in zip(keys, rows, strict=True)}


def test_unknown_verdict_is_refused(bench, tmp_path: Path):
    table = tmp_path / "t.tsv"
    table.write_text("# c\ncorpus\tdoc_id\tskill_id\tevidence_text\tverdict\twhy\n"
                     "dotin\tdotin/1\tpython\tPython\tmaybe\tunsure\n", encoding="utf-8")
    with pytest.raises(ValueError, match="maybe"):
        bench.read_reviewed(table)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (79, 100), (1, 1)])
def test_wilson_interval_holds_the_share(bench, k: int, n: int):
    lo, hi = bench.wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert hi - lo < 1.0
    wider = bench.wilson(k * 10, n * 10)
    assert wider[1] - wider[0] < hi - lo  # ten times the sample: a narrower interval
