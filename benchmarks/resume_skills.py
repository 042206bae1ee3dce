"""Skill extraction on three resume NER corpora: precision, recall, F1 and coverage.

Per document, gold = the skill ids that the gold skill spans resolve to through
``Taxonomy.lookup`` (dotin: Tech Tools + Job Specific Skills; minhquan: SKILL; vrundag91:
technical_skills); predicted = the skills of ``analyze()``. Precision, recall and F1 are micro
over documents. Coverage = share of gold spans that resolve to a taxonomy skill at all, so
recall is measured on the resolvable part only.

Gold lists only what resolves exactly, so a correct skill found from a paraphrase counts as a
false positive in P; ``span-P`` is the share of predicted (document, skill) pairs whose
evidence overlaps any gold skill span (resolvable or not): the fairer precision for
semantic links. Every method's share of predictions is printed too.

The semantic-linking rules and ``SEMANTIC_MIN_SCORE`` were tuned on dotin only (development);
minhquan and vrundag91 are held out. The sense model of embeddings mode (``models/sense/``,
``scripts/train_sense.py``) is trained on the ``--part dev`` halves of dotin and minhquan: its
honest figures are ``--part test`` (and vrundag91, never read in training).

Broad vocabulary (issue 14; definitions fixed before the vocabulary matcher was tuned): the
built-in taxonomy resolves the broad vocabulary's technical skills too (O*NET technologies and
ESCO's technical skills; ``load_taxonomy()`` attaches it), so a gold span counts as covered when
it, or one of its list items, *is* a name of the guide or of the vocabulary; gold and
predicted ids include vocabulary ids (``onet:…``, ``esco:…``); predictions are every skill
``resolve`` returns (the analysis' ``skills`` and ``other_skills``). ``--no-vocabulary`` measures
the guide's taxonomy alone.

A third reading of "parts", also printed as a diagnostic (``n-grams A / B``, added on
6 December 2026, defined before it was measured): a span counts when some run of at most four of
its words (split at white space and the list separators above) is a name the taxonomy knows as
written (``Taxonomy.is_name``); A counts any such run, B only a run that is not made of common
English words alone (``skillgap.extract._ordinary_name``). Which reading the issue means is the
owner's question of 6 December 2026; the issue's figure stays ``coverage``.

Printed beside them as a diagnostic (added December 2026, not the issue's figure): P, R and F1
over technical skills only, on both sides. The gold is technology spans, while ``analyze()``
also reports professional skills (``Skill.technical`` False: "communication skills", "team
player"), which the issue's F1 counts as false positives.

dotin also labels "Soft Skills" (not gold here: the issue's gold is technology spans); for dotin
the script prints how many false positives lie in such spans, and the precision without them
(a diagnostic beside the figures above, which do not change).

Languages (December 2026): the analysis reports the languages a candidate speaks apart from
skills (``Analysis.languages``: ESCO's language skills, where the context marks a language
spoken), so neither gold nor predictions count a language; a span that names one ("spoken and
written English") still counts as covered.

Coverage, written down before the vocabulary's rules of December 2026 were measured (the issue's
definition: "a span counts when at least one of its parts resolves to a known skill"): a span's
parts are the span itself and its list items (split on ``,`` ``;`` ``/`` ``|`` ``:`` ``(``
``)`` and the word "and"); a part resolves when ``Taxonomy.lookup`` finds it, and lookup reads
a name with a version after it as the name ("SQL Server 2000", "Java 1.8", "HTML5"; see
``skillgap.taxonomy._vocabulary.unversioned``). Words inside a part are not parts: a sentence
that names a tool somewhere inside ("Installed SQL Server on ...") does not count, which keeps
vrundag91 (whose spans are whole sentences) low. Printed beside it as a diagnostic (added
December 2026, after the definition above; not the issue's figure): ``scan``, the share of spans
that resolve or in which skillgap's matcher, reading the span on its own, finds any skill (a
tool named inside a sentence, or a list whose commas the corpus stripped: vrundag91's
"IT Skills Azure AWS GCP Oracle Cloud"). ``--part dev`` / ``--part test``: the documents whose
``crc32(doc id)`` is even / odd (the split of ``vocabulary_coverage.py``); vocabulary matching
rules were chosen on ``dev`` only.

    python benchmarks/resume_skills.py [DATA_DIR] [--embeddings|--lexical|--both]
        [--min-score 0.62] [--show-fp 20] [--show-missed 20] [--part dev|test|all]
        [--no-vocabulary]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
Gold = tuple[str, str, list[tuple[int, int, str]]]  # (doc id, text, [(start, end, span text)])


def repaired(doc_id: str, text: str, spans: list[tuple[int, int, str]]) -> Gold:
    """A document as skillgap holds it: its text repaired as every ``Document``'s is (UTF-8
    byte escapes decoded, icons dropped: ``skillgap.ingest._unicode.clean_text``; half of dotin
    carries "\\xef\\x82\\xa7" bullets as text), the gold spans moved with the words, so that the
    offsets of evidence and gold compare (span-P, the Soft Skills diagnostic, the sense model's
    labels)."""
    from skillgap.ingest._unicode import clean_text

    clean, where = clean_text(text)
    if where is None:
        return doc_id, text, spans
    moved = [(where(s), where(e)) for s, e, _ in spans]
    return doc_id, clean, [(s, e, clean[s:e]) for s, e in moved]


def read_dotin(root: Path, types: tuple[str, ...] = ("Tech Tools", "Job Specific Skills")
               ) -> list[Gold]:
    """dotin's documents with the spans of ``types`` (the gold technology spans by default)."""
    out = []
    for path in sorted((root / "resume_ner_dotin" / "xml").glob("*.xml"), key=lambda p: p.name):
        tree = ET.parse(path).getroot()
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0

        def walk(
            node: ET.Element, parts: list[str] = parts, spans: list[tuple[int, int, str]] = spans
        ) -> None:
            nonlocal pos
            if node.text:
                start = pos
                parts.append(node.text)
                pos += len(node.text)
                if node.tag == "label" and node.get("type") in types:
                    spans.append((start, pos, node.text))
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
                    pos += len(child.tail)

        walk(tree)
        out.append(repaired(f"dotin/{path.stem}", "".join(parts), spans))
    return out


def read_minhquan(root: Path) -> list[Gold]:
    out = []
    for path in sorted(
        (root / "resume_ner_minhquan" / "data").glob("*.json"), key=lambda p: p.name
    ):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, (text, ann) in enumerate(data.get("annotations", [])):
            spans = [
                (s, e, text[s:e]) for s, e, label in ann.get("entities", []) if label == "SKILL"
            ]
            out.append(repaired(f"minhquan/{path.stem}/{i}", text, spans))
    return out


def read_vrundag(root: Path) -> list[Gold]:
    data = json.loads(
        (root / "resume_ner_vrundag91" / "resume_corpus_sanitized.json").read_text("utf-8")
    )
    out = []
    for item in data:
        if not item["annotations"]:
            continue
        ann = item["annotations"][0]
        text = item["text"]
        spans = [
            (a["start"], a["end"], text[a["start"] : a["end"]])
            for a in ann
            if "technical_skills" in a["labels"]
        ]
        out.append(repaired(f"vrundag91/{item['task_id']}", text, spans))
    return out


_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\(|\)|\||:)\s*")


def resolve_span(tax, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Skill ids a gold span names: the whole span, else its list items."""
    from skillgap.errors import UnknownSkillError

    found = set()
    for piece in [text, *_SPLIT.split(text)]:
        piece = piece.strip(" .-•*")
        if not piece:
            continue
        try:
            found.add(tax.lookup(piece).id)
            if piece == text.strip(" .-•*"):
                break
        except UnknownSkillError:
            continue
    return found


def scan_span(tax, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether skillgap's matcher finds any skill in a gold span read on its own: the
    ``coverage-scan`` diagnostic (not the issue's coverage, see the module's docstring)."""
    from skillgap.extract import find_mentions
    from skillgap.models import Document

    return bool(find_mentions(Document.from_text(text, source="span"), tax).mentions)


_WORD = re.compile(r"[^\s,;|()/:]+")
#: The longest word n-gram read as a part of a span by :func:`ngram_span`.
NGRAM_MAX = 4


def ngram_span(tax, text: str) -> tuple[bool, bool]:  # type: ignore[no-untyped-def]
    """Whether some run of at most :data:`NGRAM_MAX` words of a gold span (words split at white
    space and the list separators) is a name the taxonomy knows as written (``is_name``:
    versions and kind words allowed, no variants), and whether one such run is not made only of
    common English words (:func:`skillgap.extract._ordinary_name`: "Management", "design" are
    names of the vocabulary, but as words of a sentence they rarely mean them). The
    ``n-grams`` diagnostic: the issue's "parts" read as word n-grams (see the module's
    docstring)."""
    from skillgap.extract import _ordinary_name

    words = _WORD.findall(text)
    any_name = False
    for n in range(min(NGRAM_MAX, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i:i + n]).strip(".-")
            if gram and tax.is_name(gram):
                if not _ordinary_name(gram):
                    return True, True
                any_name = True
    return any_name, False


def predict(tax, doc_id: str, text: str, gold: set[str], *, embeddings: bool,  # type: ignore[no-untyped-def]
            min_score: float | None):
    """``(document, hits, gold)``: the skills ``resolve`` finds in one document (the analysis'
    ``skills`` and ``other_skills``), languages left out of hits and gold alike
    (``Analysis.languages`` holds them, not skills)."""
    import skillgap.link as link
    from skillgap.extract import find_mentions
    from skillgap.extract._languages import is_language
    from skillgap.models import Document

    document = Document.from_text(text, source=doc_id)
    extractions = [(document, find_mentions(document, tax))]
    if embeddings:
        extractions = link.link_semantic(extractions, tax, device="cpu", min_score=min_score)
    else:
        extractions = link.link_lexical(extractions, tax)
    hits = [h for h in link.resolve(((d, ex.mentions) for d, ex in extractions), tax)
            if not is_language(h.category)]
    gold = {g for g in gold if not is_language(getattr(tax.get(g), "category", ""))}
    return document, hits, gold


def run(
    corpus: str,
    docs: list[Gold],
    tax,
    *,
    embeddings: bool,
    min_score: float | None,  # type: ignore[no-untyped-def]
    show_fp: int,
    soft_spans: dict[str, list[tuple[int, int, str]]] | None = None,
    show_missed: int = 0,
) -> None:

    tp = fp = fn = 0
    tech = [0, 0, 0]  # tp, fp, fn over technical skills only (the ``technical F1`` diagnostic)
    fp_soft = 0  # false positives whose evidence lies in a span annotated "Soft Skills" (dotin)
    span_ok = span_all = 0
    spans_total = spans_resolved = spans_scanned = 0
    spans_ngram = [0, 0]  # a word n-gram is a name: any / not only common English words
    methods: Counter[str] = Counter()
    fps: Counter[tuple[str, str]] = Counter()
    calib: list[tuple[float, bool]] = []  # (cosine, overlaps a gold span) per semantic hit
    missed: Counter[str] = Counter()  # gold spans that resolve to no skill (coverage's misses)
    t0 = time.perf_counter()
    for doc_id, text, spans in docs:
        gold: set[str] = set()
        for _, _, span_text in spans:
            ids = resolve_span(tax, span_text)
            spans_total += 1
            spans_resolved += bool(ids)
            if not ids:
                missed[" ".join(span_text.split())] += 1
            spans_scanned += bool(ids) or scan_span(tax, span_text)
            any_name, rare_name = (True, True) if ids else ngram_span(tax, span_text)
            spans_ngram[0] += any_name
            spans_ngram[1] += rare_name
            gold |= ids
        _, hits, gold = predict(tax, doc_id, text, gold, embeddings=embeddings,
                                min_score=min_score)
        predicted = {h.skill_id for h in hits}
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        t_pred = {s for s in predicted if _technical(tax, s)}
        t_gold = {s for s in gold if _technical(tax, s)}
        tech[0] += len(t_pred & t_gold)
        tech[1] += len(t_pred - t_gold)
        tech[2] += len(t_gold - t_pred)
        for hit in hits:
            methods[hit.evidence[0].method] += 1
            span_all += 1
            ok = any(s < e.end and e.start < t for e in hit.evidence for s, t, _ in spans)
            span_ok += ok
            if hit.evidence[0].method == "semantic":
                calib.append((hit.evidence[0].confidence, ok))
            if hit.skill_id not in gold and soft_spans is not None and any(
                    s < e.end and e.start < t for e in hit.evidence
                    for s, t, _ in soft_spans.get(doc_id, ())):
                fp_soft += 1
            if not ok:
                fps[
                    (hit.evidence[0].method, f"{hit.evidence[0].text[:60]!r} -> {hit.skill_id}")
                ] += 1
    dt = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    mode = "embeddings" if embeddings else "lexical"
    print(
        f"{corpus:10} {mode:10} docs={len(docs):4} "
        f"P={100 * p:.1f} R={100 * r:.1f} F1={100 * f1:.1f} "
        f"span-P={100 * span_ok / max(1, span_all):.1f} "
        f"coverage={100 * spans_resolved / max(1, spans_total):.1f} "
        f"(scan {100 * spans_scanned / max(1, spans_total):.1f}, "
        f"n-grams {100 * spans_ngram[0] / max(1, spans_total):.1f} / "
        f"{100 * spans_ngram[1] / max(1, spans_total):.1f}) "
        f"methods={dict(sorted(methods.items()))} ({len(docs) / dt:.1f} docs/s)"
    )
    t_p, t_r = tech[0] / max(1, tech[0] + tech[1]), tech[0] / max(1, tech[0] + tech[2])
    print(f"    technical skills only (gold and predictions; a diagnostic): P={100 * t_p:.1f} "
          f"R={100 * t_r:.1f} F1={100 * 2 * t_p * t_r / max(1e-9, t_p + t_r):.1f}")
    if soft_spans is not None:
        print(f"    of the {fp} false positives, {fp_soft} lie in spans the annotators labelled "
              f"'Soft Skills' (not gold: the gold is technology spans); precision if they were "
              f"not counted: {100 * tp / max(1, tp + fp - fp_soft):.1f}")
    if calib and min_score is not None:
        cells = []
        for k in range(0, 12):
            t = round(min_score + 0.025 * k, 3)
            sel = [ok for c, ok in calib if c >= t]
            if sel:
                cells.append(f"{t:.3f}:{len(sel)}/{100 * sum(sel) / len(sel):.0f}%")
        print("    semantic hits >= cosine: count/span-P  " + "  ".join(cells))
    if show_missed:
        print_missed(missed, show_missed)
    if show_fp:
        semantic = [(k, n) for k, n in fps.most_common() if k[0] in ("semantic", "fuzzy")][:show_fp]
        for (method, what), n in semantic:
            print(f"    outside gold spans x{n} [{method}] {what}")


def _technical(tax, skill_id: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a skill is technical (a tool, language, platform or technique; not a professional
    or soft skill such as ESCO's "communication" or "manage a team")."""
    skill = tax.get(skill_id)
    return bool(skill is not None and skill.technical)


def print_missed(missed: Counter[str], show: int) -> None:
    """The spans coverage misses, in two kinds: made only of frequent English words (the
    encoder's ``ORDINARY_RANK`` most frequent: "development", "client relationship"), which a
    vocabulary of names can only match loosely, and the rest (product and domain names the
    vocabulary lacks, lists whose separators the corpus stripped); the ``show`` most frequent of
    each."""
    from skillgap.link._phrases import ORDINARY_RANK, is_ordinary

    def common(span: str) -> bool:
        words = span.lower().split()
        return bool(words) and all(w.isalpha() and is_ordinary(w, rank=ORDINARY_RANK)
                                   for w in words)

    total = sum(missed.values())
    kinds = {"common English words": Counter({k: n for k, n in missed.items() if common(k)}),
             "other": Counter({k: n for k, n in missed.items() if not common(k)})}
    for kind, spans in kinds.items():
        n = sum(spans.values())
        top = "; ".join(f"{k[:50]!r} x{c}" for k, c in spans.most_common(show))
        print(f"    missed spans, {kind}: {n} of {total} ({100 * n / max(1, total):.0f} %): {top}")


def in_part(doc_id: str, part: str) -> bool:
    """Whether a document belongs to ``part``: "dev" (crc32 of its id even), "test" (odd), "all"."""
    if part == "all":
        return True
    dev = zlib.crc32(doc_id.encode()) % 2 == 0
    return dev if part == "dev" else not dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--lexical", action="store_const", dest="mode", const="lexical")
    group.add_argument("--embeddings", action="store_const", dest="mode", const="embeddings")
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--show-fp", type=int, default=0)
    parser.add_argument("--show-missed", type=int, default=0,
                        help="print the N most frequent uncovered spans of each kind")
    parser.add_argument("--corpus", action="append", choices=["dotin", "minhquan", "vrundag91"])
    parser.add_argument("--part", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--no-vocabulary", action="store_true")
    args = parser.parse_args()


    from skillgap.taxonomy import load_taxonomy

    def part(docs: list[Gold]) -> list[Gold]:
        return [d for d in docs if in_part(d[0], args.part)]

    root = Path(args.data)
    tax = load_taxonomy(vocabulary=not args.no_vocabulary)
    corpora = {
        "dotin": part(read_dotin(root)),
        "minhquan": part(read_minhquan(root)),
        "vrundag91": part(read_vrundag(root)),
    }
    soft = {d[0]: d[2] for d in read_dotin(root, ("Soft Skills",))}
    modes = [args.mode] if args.mode else ["lexical", "embeddings"]
    for mode in modes:
        for name, docs in corpora.items():
            if args.corpus and name not in args.corpus:
                continue
            run(
                name,
                docs,
                tax,
                embeddings=mode == "embeddings",
                min_score=args.min_score,
                show_fp=args.show_fp,
                soft_spans=soft if name == "dotin" else None,
                show_missed=args.show_missed,
            )


if __name__ == "__main__":
    sys.exit(main())
