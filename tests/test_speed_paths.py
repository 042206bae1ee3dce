"""The fast paths give the same results as the plain ones (behaviour only; speed is measured by
``benchmarks/speed.py``, never here).

* KPI evidence: :class:`~skillgap.score.kpi.KpiFinder` (sentences read once, keywords looked up by
  word) against the sentence-by-sentence algorithm written out below;
* role fit: scoring every role with one shared finder against one role at a time;
* negation / aspiration cues: the first-word index against the plain window scan, and clause
  windows read through a token cache shared by a document's names against fresh ones;
* sentence bounds: the regex tried only where a sentence end can start, against the regex run
  over each window; the places where one can start, and the edges of list items, against the
  plain patterns they were rewritten from (patterns that start with a character class are
  searched for faster);
* the vocabulary matcher: names tried only behind a known pair of first tokens, and offsets
  mapped back through runs of white space, against the matcher trying every name;
* the PDF stream check: files too small to unpack past the budget are not inflated;
* PDF: the PDFium reader against pdfminer on PDFs made here, the backend switch and the
  fallbacks to pdfminer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap import Analysis, Document, SkillgapError, analyze, load_document
from skillgap.errors import DocumentReadError
from skillgap.extract import _ASP_CUES, _CUE_ONLY_AT_CLAUSE_START, _NEG_CUES, _has_cue
from skillgap.ingest import DEFAULT_LIMITS
from skillgap.score import fit_role, fit_roles
from skillgap.score.kpi import _MAX_SENTENCE, _SENTENCE, KpiFinder, _keyword_pattern, achievement_strength
from skillgap.taxonomy import Kpi

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# -- KPI evidence -----------------------------------------------------------------------------


def _reference_evidence(documents: list[Document], kpi: Kpi, per_kpi: int) -> list[tuple]:
    """The original algorithm: every sentence scored, every KPI searched sentence by sentence."""
    sentences = []
    for doc in documents:
        for m in _SENTENCE.finditer(doc.text):
            raw = m.group(0)
            if len(raw) > _MAX_SENTENCE:
                continue
            strength = achievement_strength(raw)
            if not strength:
                continue
            lead = len(raw) - len(raw.lstrip(" \t-*•·▪–"))
            start, end = m.start() + lead, m.end()
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if end > start:
                sentences.append((doc, start, end, doc.text[start:end], strength))
    pattern = _keyword_pattern(tuple(kpi.keywords or [kpi.label]))
    found = [(i, s) for i, s in enumerate(sentences) if pattern.search(s[3])]
    best = sorted(found, key=lambda item: (-item[1][4], item[0]))[:per_kpi]
    return [(kpi.id, d.source, t, s, e) for _, (d, s, e, t, _) in sorted(best, key=lambda x: x[0])]


WORDS = ["latency", "Latency", "LATENCY", "p99", "uptime", "revenue", "ſaved", "saved", "cut",
         "reduced", "from", "to", "300 ms", "80 ms", "3x", "+4.2 pts", "99.9", "99.95 %", "in 2021",
         "2019-2021", "$1.2M", "ci/cd", "a/b test", "sr 11-7", "İ", "é", "tests", "latency-aware",
         "_latency", "x", "."]
GLUE = [" ", ". ", "\n", "; ", "! ", "- ", "• ", ", ", "\t", "", "?\n"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=40))
    noise = draw(st.text(max_size=8))
    return "".join(w + g for w, g in parts) + noise


KPIS = [
    Kpi(id="latency", label="Latency", keywords=["latency", "p99", "ms", "low-latency"]),
    Kpi(id="money", label="Money", keywords=["revenue", "saved", "a/b test", "sr 11-7"]),
    Kpi(id="dots", label="Dots", keywords=["99.9", "ci/cd"]),
    Kpi(id="odd", label="Odd", keywords=["$1.2M", "é"]),       # not ASCII / not a word start
    Kpi(id="label-only", label="Uptime"),
]


@SETTINGS
@given(texts=st.lists(_texts(), min_size=1, max_size=3), per_kpi=st.integers(1, 4))
def test_kpi_finder_matches_the_sentence_by_sentence_algorithm(texts: list[str],
                                                                per_kpi: int) -> None:
    docs = [Document(source=f"d{i}", text=t) for i, t in enumerate(texts)]
    finder = KpiFinder(docs)
    for kpi in KPIS:
        got = [(e.kpi_id, e.source, e.text, e.start, e.end)
               for e in finder.evidence(kpi, per_kpi=per_kpi)]
        assert got == _reference_evidence(docs, kpi, per_kpi)
        for e in finder.evidence(kpi, per_kpi=per_kpi):  # asked again: same answer
            assert docs[int(e.source[1:])].text[e.start:e.end] == e.text


@SETTINGS
@given(text=st.text(alphabet=list(".!?;\n \taZ5(-"), max_size=80))
def test_kpi_sentences_are_those_of_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"(?:[^\n.!?;]|\n(?=[ \t]*[a-z0-9(])|[.!?;](?![\s]|$))+(?:[.!?;](?=\s|$))?",
                       re.MULTILINE)
    assert [m.span() for m in _SENTENCE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _look_ahead_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Patterns that start with a look-ahead naming their first characters, and the same
    patterns without it."""
    from skillgap import extract
    from skillgap.score import kpi

    out = []
    for pattern in (kpi._METRIC, kpi._DIRECTION, extract._NUMBER, extract._PERCENTILE):
        head = re.match(r"\(\?=\[[^\]]+\]\)|\(\?=\\d\)", pattern.pattern)
        assert head is not None, pattern.pattern
        out.append((pattern, re.compile(pattern.pattern[head.end():], pattern.flags)))
    return out


@SETTINGS
@given(text=st.text(alphabet=list("$€£+-−±~0123456789.,% pPxXfromtFROMTdDhH\nalvedcutbyUPſK:"),
                    max_size=80))
def test_patterns_with_a_first_character_look_ahead_match_as_without(text: str) -> None:
    samples = [text, "Cut cost by $5M (-30%), p99 of 20 ms; QPS 3 -> 9, from 3 to 5 days",
               "HALVED latency, Doubled users, tripled, quadrupled; 10x faster; Lowered, Top, UP",
               "Served 2 million users, 99.9% uptime, ±2 pts, ~3 s, €4k, £10bn, 5-fold, 2 → 4"]
    for fast, plain in _look_ahead_patterns():
        for sample in samples:
            assert [m.span() for m in fast.finditer(sample)] == \
                [m.span() for m in plain.finditer(sample)]


def test_scoring_all_roles_at_once_equals_one_role_at_a_time(taxonomy) -> None:
    doc = Document.from_text(
        "Experience\n- Served PyTorch models with FastAPI; cut p99 latency from 300 ms to 80 ms.\n"
        "- Raised F1 by +4.2 pts; saved $1.2M a year.\n- 99.95 % uptime over 2023.\n"
        "Skills\nPython, SQL, Docker, Kubernetes, Spark, Airflow\n")
    hits = analyze(doc, embeddings=False).skills
    together = {f.role_id: f for f in fit_roles(hits, taxonomy, None, [doc])}
    assert any(f.kpis for f in together.values())
    for role in taxonomy.roles:
        assert fit_role(role, hits, taxonomy, [doc]) == together[role.id]


def test_analysis_from_the_fast_paths_is_valid(taxonomy) -> None:
    doc = Document.from_text("Experience\n- Cut p99 latency 40% with Go and Redis; no Rust.\n"
                             "Skills\nR, C, Excel, PyTorch\n")
    a = analyze(doc, embeddings=False)
    assert Analysis.model_validate_json(a.to_json()) == a
    assert Analysis.model_validate(a.model_dump()).to_json() == a.to_json()


# -- negation and aspiration cues -------------------------------------------------------------


def _reference_has_cue(window: list[str], cues: list[tuple[str, ...]], masked: set[int]) -> bool:
    for cue in cues:
        n = len(cue)
        for i in range(len(window) - n + 1):
            if tuple(window[i:i + n]) == cue and not any(j in masked for j in range(i, i + n)):
                if cue in _CUE_ONLY_AT_CLAUSE_START and i != 0:
                    continue
                if cue == ("not",) and i + 1 < len(window) and window[i + 1] in {"only", "just"}:
                    continue
                return True
    return False


CUE_WORDS = sorted({w for cue in _NEG_CUES + _ASP_CUES for w in cue} | {"only", "just", "python"})


@SETTINGS
@given(window=st.lists(st.sampled_from(CUE_WORDS), max_size=12),
       masked=st.sets(st.integers(0, 11), max_size=4))
def test_cue_index_finds_the_same_cues_as_the_plain_scan(window: list[str],
                                                          masked: set[int]) -> None:
    for cues in (_NEG_CUES, _ASP_CUES):
        assert _has_cue(window, cues, masked) == _reference_has_cue(window, cues, masked)


@SETTINGS
@given(words=st.lists(st.sampled_from(["not", "Learning", "Python", "but", ",", ".", "\n", "  ",
                                       "want", "to", "R", "\n\n", "and", "SQL", ";", "C++"]),
                      max_size=60))
def test_clause_windows_read_through_a_token_cache_are_the_plain_ones(words: list[str]) -> None:
    from skillgap.extract import _CLAUSE_BREAK, _clause_window, _ClauseWindows, get_nlp

    def reference(start: int) -> list[str]:  # back from the name, token by token
        out: list[str] = []
        for tok in reversed(doc[max(0, start - 12):start]):
            if tok.lower_ in _CLAUSE_BREAK or "\n" in tok.text:
                break
            out.insert(0, tok.lower_)
        return out

    doc = get_nlp().make_doc(" ".join(words))
    windows = _ClauseWindows(doc)  # asked in text order, as a document's names are
    for start in [*range(len(doc) + 1), *range(len(doc), -1, -1)]:  # the cache filled both ways
        assert _clause_window(doc, start) == reference(start)
        assert windows.before(start) == reference(start)
    for stride in (2, 5, 13):  # names further apart
        windows = _ClauseWindows(doc)
        for start in range(0, len(doc) + 1, stride):
            assert windows.before(start) == reference(start)


# -- sentence bounds --------------------------------------------------------------------------


def _reference_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The original algorithm: the sentence-end regex run over the 400 characters either side."""
    from skillgap.extract import _SENT_END

    lo = 0
    for m in _SENT_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    hi_m = _SENT_END.search(text, end, min(len(text), end + 400))
    hi = hi_m.start() if hi_m else min(len(text), end + 400)
    return max(lo, start - 400, 0), hi


# the characters the sentence-end regex turns on, and a few others
SENTENCE_TEXT = st.text(alphabet=list(".!?;:\n \t•·▪|(\"'-*aZ5\u00a0"), max_size=120)


@SETTINGS
@given(text=SENTENCE_TEXT, cut=st.floats(0, 1), width=st.integers(0, 6), pad=st.integers(0, 500))
def test_sentence_bounds_equal_the_regex_over_each_window(text: str, cut: float, width: int,
                                                          pad: int) -> None:
    from skillgap.extract import _SENT_END, sentence_bounds, sentence_ends

    text = "x" * pad + text  # windows that start inside the text, at its start, or both
    start = int(cut * len(text))
    end = min(len(text), start + width)
    assert sentence_bounds(text, start, end) == _reference_bounds(text, start, end)
    assert [m.span() for m in sentence_ends(text, start)] == \
        [m.span() for m in _SENT_END.finditer(text, start)]


@SETTINGS
@given(text=SENTENCE_TEXT)
def test_sentence_end_starts_are_those_of_the_plain_pattern(text: str) -> None:
    from skillgap.extract import _SENT_END_START

    plain = re.compile(r"\n|(?<=[.!?;])\s|\s(?=[•·▪|])")
    assert [m.span() for m in _SENT_END_START.finditer(text)] == \
        [m.span() for m in plain.finditer(text)]


@SETTINGS
@given(text=st.text(alphabet=list("\r\n\f,;|•·▪:()/*.\t -aB1"), max_size=60))
def test_list_item_edges_are_those_of_the_plain_pattern(text: str) -> None:
    from skillgap.link import _ITEM_EDGE

    plain = re.compile(r"([\r\n\f,;|•·▪:()/*.\t]| {2,}|(?:^| )-(?: |$))", re.MULTILINE)
    assert _ITEM_EDGE.split(text) == plain.split(text)


def test_sentence_bounds_on_ends_that_hold_other_ends() -> None:
    """White space after a full stop that runs over a line break ("Go. \\n Java"): one sentence
    end, not two; every place of each text, against the regex over the windows."""
    from skillgap.extract import _SENT_END, sentence_bounds, sentence_ends

    for text in ("Go. \n\nJava.  \n  (R) | x", "a.\n b; \n C \u2022 d \u2022\n e", "C.\n\npython. \t\nX"):
        assert [m.span() for m in sentence_ends(text)] == \
            [m.span() for m in _SENT_END.finditer(text)]
        for start in range(len(text) + 1):
            for end in range(start, min(len(text), start + 3) + 1):
                assert sentence_bounds(text, start, end) == _reference_bounds(text, start, end)


# -- vocabulary matcher -----------------------------------------------------------------------


def _reference_match(vocabulary, text: str) -> list:  # type: ignore[no-untyped-def]
    """Every name tried at every first token (no pair index), on a text without white-space
    runs, the offsets mapped back by tokenizing the original text again."""
    from skillgap.taxonomy import _vocabulary as v

    index = vocabulary.index
    saved = index._second
    index._second = _EveryPair()
    try:
        norm = re.sub(r"\s+", " ", text)
        found = vocabulary.match(norm)
    finally:
        index._second = saved
    norm_tokens = [m.span() for m in v._TOKEN.finditer(norm)]
    text_tokens = [m.span() for m in v._TOKEN.finditer(text)]
    start_of = {a: text_tokens[i][0] for i, (a, _) in enumerate(norm_tokens)}
    end_of = {b: text_tokens[i][1] for i, (_, b) in enumerate(norm_tokens)}
    return [v.VocabularyMatch(start_of[m.start], end_of[m.end], m.skill_id, m.kind, m.technical,
                              m.exact) for m in found]


class _EveryPair(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


VOCABULARY_TEXTS = [
    "Skills:  MS-Excel,   SAP ERP\n\n  Oracle 10g,\t.NET, ASP.NET  and  Crystal   Report",
    "İstanbul  office:  Microsoft   Word and AutoCAD;  project   managements, data  boxes",
    "Operating  Systems:\n  Windows Server,\r\n Red  Hat  Enterprise  Linux",
    "  leading   spaces, C++ / C#  and   Visual  Basic  for  Applications, SAP  ERPs  ",
]


@pytest.mark.parametrize("text", VOCABULARY_TEXTS)
def test_vocabulary_matcher_equals_trying_every_name(taxonomy, text: str) -> None:  # type: ignore[no-untyped-def]
    vocabulary = taxonomy.vocabulary
    found = vocabulary.match(text)
    assert found == _reference_match(vocabulary, text)
    assert found
    for m in found:  # the offsets are the text's: the name, as written, with its spaces
        assert text[m.start:m.end] == text[m.start:m.end].strip() and text[m.start:m.end]


@SETTINGS
@given(text=st.text(alphabet=list(" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2003\u2028ab"), max_size=40))
def test_the_matchers_white_space_runs_are_those_of_the_plain_pattern(text: str) -> None:
    from skillgap.taxonomy._vocabulary import _WS_RUN

    assert _WS_RUN.sub(" ", text) == re.sub(r"\s+", " ", text)


def test_an_index_without_the_pair_section_computes_it(taxonomy) -> None:  # type: ignore[no-untyped-def]
    from skillgap.taxonomy._vocabulary import _Index

    text = (Path(__file__).resolve().parent.parent / "taxonomy" / "vocabulary" / "index.txt"
            ).read_text(encoding="utf-8")
    head, _, rest = text.partition("\x1dsecond ")
    old = _Index(head)  # an index written before the section existed
    assert old.second == taxonomy.vocabulary.index.second
    # a two-word name that matches in any case, also with its last word in the other number
    assert {"project management", "project managements", "sap erp", "sap erps"} <= old.second


# -- PDF stream check -------------------------------------------------------------------------


def test_deflate_cannot_unpack_past_the_ratio_the_stream_check_assumes() -> None:
    import zlib

    from skillgap.ingest._pdf import _DEFLATE_MAX_RATIO

    for size in (1 << 20, 32 << 20):
        packed = zlib.compress(b"\0" * size, 9)
        assert size / len(packed) < _DEFLATE_MAX_RATIO
        assert size / len(packed) > 0.95 * _DEFLATE_MAX_RATIO  # the bound is not loose


# -- PDF backends -----------------------------------------------------------------------------

reportlab = pytest.importorskip("reportlab")
pytest.importorskip("pypdfium2")

from tests.test_ingest_pdf import _pdf, _two_column, _vera  # noqa: E402


def _read(path: Path, backend: str, monkeypatch: pytest.MonkeyPatch) -> Document:
    monkeypatch.setenv("SKILLGAP_PDF_BACKEND", backend)
    return load_document(path)


def _layout_pdfs(tmp_path: Path) -> list[Path]:
    lig = _pdf(tmp_path / "lig.pdf", [[
        (50, 800, "Experience"),
        (50, 780, "\u2022 Improved ef\ufb01ciency of the work\ufb02ow"),
        (50, 764, "Designed streaming data pipe-"),
        (50, 748, "lines with Kafka"),
    ]], font=_vera())
    topics = ["churn", "fraud", "pricing"]
    pages = [[(50, 810, "Jane Example - Curriculum Vitae"),
              *[(50, 760 - 20 * i, f"{topics[n - 1]} project step {i} with scikit-learn")
                for i in range(5)],
              (290, 30, f"Page {n} of 3")] for n in range(1, 4)]
    long = _pdf(tmp_path / "long.pdf", pages)
    return [_two_column(tmp_path / "cv.pdf"), lig, long]


def test_pdfium_reads_like_pdfminer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skillgap.ingest import _pdfium

    for path in _layout_pdfs(tmp_path):
        fast = _read(path, "pdfium", monkeypatch)
        slow = _read(path, "pdfminer", monkeypatch)
        assert fast.text == slow.text, path.name
        assert fast.sections == slow.sections and fast.pages == slow.pages
        _pdfium._read(path, path.read_bytes(), DEFAULT_LIMITS)  # PDFium itself read it


def test_backend_is_chosen_by_the_environment(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from skillgap.ingest import _pdfium

    path = _two_column(tmp_path / "cv.pdf")
    assert _pdfium.pdf_backend() == "pdfium"
    calls: list[str] = []
    real = _pdfium._read
    monkeypatch.setattr(_pdfium, "_read", lambda *a: calls.append("pdfium") or real(*a))
    _read(path, "pdfminer", monkeypatch)
    assert calls == []
    _read(path, "pdfium", monkeypatch)
    assert calls == ["pdfium"]
    monkeypatch.setenv("SKILLGAP_PDF_BACKEND", "poppler")
    with pytest.raises(SkillgapError, match="SKILLGAP_PDF_BACKEND"):
        load_document(path)


def test_files_pdfium_cannot_read_fall_back_to_pdfminer(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from skillgap.ingest import _pdfium

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n%%EOF")
    with pytest.raises(_pdfium._Fallback):
        _pdfium._read(broken, broken.read_bytes(), DEFAULT_LIMITS)
    with pytest.raises(DocumentReadError, match="broken.pdf"):  # pdfminer's words
        _read(broken, "pdfium", monkeypatch)
    locked = _pdf(tmp_path / "locked.pdf", [[(50, 800, "Skills")]],
                  encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret"))
    with pytest.raises(DocumentReadError, match="encrypted"):
        _read(locked, "pdfium", monkeypatch)

    # a page PDFium fails on: the whole file is read by pdfminer instead
    path = _two_column(tmp_path / "cv.pdf")

    def fail(pdf: object, index: int) -> list:
        raise RuntimeError("pdfium failed")

    monkeypatch.setattr(_pdfium, "_page_lines", fail)
    assert _read(path, "pdfium", monkeypatch).text == _read(path, "pdfminer", monkeypatch).text


def test_pdfium_line_rebuilding_spaces_and_closes_letter_spacing() -> None:
    from tests.test_pdfium_speedpath import glyph_lines as _lines

    def word(text: str, x: float, y: float, width: float = 5.0, gap: float = 0.0) -> list:
        out = []
        for ch in text:
            out.append((ch, x, x + width, y, y + 10))
            x += width + gap
        return out

    # "S K I L L S" letter-spaced, then a word gap; a second line below; a far column
    glyphs = (word("SKILLS", 50, 700, gap=3.0) + [None]  # None: a space or line break
              + word("Python", 50, 680) + [None]
              + word("SQL", 50 + 6 * 5 + 4, 680) + word("Kafka", 400, 680))
    lines = [(ln.text, round(ln.x0)) for ln in _lines(glyphs)]
    assert lines == [("SKILLS", 50), ("Python SQL", 50), ("Kafka", 400)]
