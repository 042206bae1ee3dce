"""Turn mentions into skills: fuzzy and embedding linking, then evidence of every document.

Linking runs from the surest method to the loosest, each only on what the one before left:

1. exact label / alias: the phrase matchers of :mod:`skillgap.extract`;
2. fuzzy (:func:`link_fuzzy`): typos of names of at least :data:`FUZZY_MIN_CHARS` characters
   ("Kubernets" → Kubernetes), never for ordinary English words (the encoder's word list);
3. semantic (:func:`link_semantic`): candidate phrases of the text (clauses and list items)
   compared with the taxonomy's skill texts by sentence embeddings (:mod:`skillgap.embed`).

:func:`resolve` merges the mentions of all documents into one :class:`~skillgap.models.SkillHit`
per skill; :func:`link_skills` ranks the skills of a taxonomy for one phrase or sentence.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skillgap._resources import data_dir
from skillgap.models import Document, Evidence, Mention, SkillHit
from skillgap.taxonomy import Taxonomy

if TYPE_CHECKING:
    import numpy as np

    from skillgap.embed import Encoder, TaxonomyVectors
    from skillgap.extract import Extraction

__all__ = [
    "FUZZY_MIN_CHARS",
    "FUZZY_MIN_SCORE",
    "SECTION_STRENGTH",
    "SEMANTIC_MIN_SCORE",
    "LinkedSkill",
    "candidate_phrases",
    "evidence_strength",
    "link_fuzzy",
    "link_semantic",
    "link_skills",
    "resolve",
]

#: How strongly a mention in each section shows that the candidate uses the skill.
SECTION_STRENGTH: dict[str, float] = {
    "experience": 0.9,
    "projects": 0.85,
    "publications": 0.8,
    "awards": 0.75,
    "summary": 0.65,
    "other": 0.65,
    "certifications": 0.6,
    "skills": 0.6,
    "education": 0.55,
    "header": 0.5,
    "interests": 0.4,
    "contact": 0.3,
}
#: Documents that are not resumes: a dependency file is solid evidence, a README a little less.
KIND_STRENGTH: dict[str, float] = {
    "repository-file": 0.75,
    "readme": 0.75,
    "notebook": 0.8,
}
QUANTIFIED_BONUS = 0.1
SPREAD_BONUS = 0.05  # per further section or source that shows the skill, at most two

#: Names shorter than this are never fuzzy-matched.
FUZZY_MIN_CHARS = 4
#: Least rapidfuzz ratio (in [0, 1]) for a fuzzy link.
FUZZY_MIN_SCORE = 0.9
#: Least cosine similarity between a phrase and a skill text for a semantic link; calibrated on
#: the development data (``benchmarks/resume_skills.py``, ``benchmarks/false_positives.py``).
SEMANTIC_MIN_SCORE = 0.75
#: Semantic links per candidate phrase, at most.
SEMANTIC_PER_PHRASE = 2


def evidence_strength(document: Document, mention: Mention) -> float:
    """Strength of one mention in [0, 1]: by section (or document kind), +0.1 with a number."""
    base = KIND_STRENGTH.get(document.kind)
    if base is None or document.kind == "resume":
        base = SECTION_STRENGTH.get(mention.section, SECTION_STRENGTH["other"])
    if mention.quantified and mention.section not in {"skills", "header", "contact"}:
        base += QUANTIFIED_BONUS
    return min(1.0, base)


def resolve(found: Iterable[tuple[Document, list[Mention]]], taxonomy: Taxonomy) -> list[SkillHit]:
    """Merge the mentions of all documents into one hit per skill, sorted by skill id."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for document, mentions in found:
        for mention in mentions:
            evidence[mention.skill_id].append(
                Evidence(
                    source=document.source,
                    section=mention.section,
                    text=mention.text,
                    start=mention.start,
                    end=mention.end,
                    method=mention.method,
                    confidence=mention.score,
                    strength=evidence_strength(document, mention),
                    context=mention.context,
                )
            )
    hits: list[SkillHit] = []
    for skill_id in sorted(evidence):
        skill = taxonomy.get(skill_id)
        if skill is None:
            continue
        items = sorted(
            evidence[skill_id], key=lambda e: (-e.confidence * e.strength, e.source, e.start)
        )
        best = items[0]
        places = {(e.source, e.section) for e in items}
        strength = min(
            1.0, best.confidence * best.strength + SPREAD_BONUS * min(2, len(places) - 1)
        )
        confidence = 1.0
        for e in items:
            confidence *= 1.0 - e.confidence
        hits.append(
            SkillHit(
                skill_id=skill_id,
                label=skill.label,
                category=skill.category,
                confidence=round(1.0 - confidence, 6),
                strength=round(strength, 6),
                sources=sorted({e.source for e in items}),
                evidence=items,
            )
        )
    return hits


# -- shared helpers ---------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[.\-'][A-Za-z0-9+#]+)*")


def _context(text: str, start: int, end: int) -> tuple[str, bool]:
    from skillgap.extract import quantified, sentence_bounds

    lo, hi = sentence_bounds(text, start, end)
    sentence = text[lo:hi]
    return " ".join(sentence.split())[:300], quantified(sentence)


def _covered(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    return sorted((m.start, m.end) for m in mentions)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# -- fuzzy ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """Lower-case whole words of the encoder's vocabulary: ordinary English (and common terms)."""
    node = data_dir("models").joinpath("tokenizer.json")
    if not node.is_file():
        return frozenset()
    vocab = json.loads(node.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and not w.startswith("##"))


@dataclass
class _FuzzyIndex:
    by_key: dict[tuple[int, str], list[tuple[str, str]]]  # (words, first letter) -> [(name, id)]
    names: frozenset[str]


_FUZZY: weakref.WeakKeyDictionary[Taxonomy, _FuzzyIndex] = weakref.WeakKeyDictionary()
_FUZZY_LOCK = threading.Lock()


def _fuzzy_index(taxonomy: Taxonomy) -> _FuzzyIndex:
    with _FUZZY_LOCK:
        index = _FUZZY.get(taxonomy)
        if index is not None:
            return index
        by_key: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
        names: set[str] = set()
        for skill in taxonomy.skills:
            for name in (skill.label, *skill.aliases, *skill.cased_aliases):
                folded = " ".join(name.lower().split())
                names.add(folded)
                if skill.ambiguous or len(folded) < FUZZY_MIN_CHARS or not folded[0].isalpha():
                    continue
                by_key[(len(folded.split()), folded[0])].append((folded, skill.id))
        index = _FuzzyIndex({k: sorted(set(v)) for k, v in by_key.items()}, frozenset(names))
        _FUZZY[taxonomy] = index
        return index


def _is_ordinary(word: str, ordinary: frozenset[str]) -> bool:
    return word in ordinary or (word.endswith("s") and word[:-1] in ordinary)


def _words_agree(cand: list[str], name: list[str], ordinary: frozenset[str]) -> bool:
    """Each word is the name's word, or a close misspelling of a long one (not an English word)."""
    from rapidfuzz import fuzz

    for c, n in zip(cand, name, strict=True):
        if c == n:
            continue
        if len(n) < FUZZY_MIN_CHARS or _is_ordinary(c, ordinary) or fuzz.ratio(c, n) < 80:
            return False
    return True


def link_fuzzy(
    document: Document,
    mentions: Sequence[Mention],
    taxonomy: Taxonomy,
    *,
    min_score: float = FUZZY_MIN_SCORE,
) -> list[Mention]:
    """Mentions of misspelled skill names in text that ``mentions`` does not already cover.

    A candidate (one to three words) links to a name of the same word count and first letter
    when their rapidfuzz ratio is at least ``min_score``; names shorter than
    :data:`FUZZY_MIN_CHARS` and ambiguous skills are never fuzzy-matched, and a candidate made
    only of ordinary English words is left alone ("panda" is not pandas).

    >>> from skillgap import Document, load_taxonomy
    >>> doc = Document.from_text("Deployed services on Kubernets.")
    >>> [m.skill_id for m in link_fuzzy(doc, [], load_taxonomy())]
    ['kubernetes']
    """
    from rapidfuzz import fuzz, process

    index = _fuzzy_index(taxonomy)
    ordinary = _ordinary_words()
    text = document.text
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    taken = _covered(mentions)
    found: list[Mention] = []
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            group = words[i : i + n]
            start, end = group[0][0], group[-1][1]
            if "\n" in text[start:end] or _overlaps(taken, start, end):
                continue
            if n > 1 and any(
                not text[group[j][1] : group[j + 1][0]].isspace() for j in range(n - 1)
            ):
                continue
            candidate = " ".join(w for _, _, w in group)
            if len(candidate) < max(FUZZY_MIN_CHARS + 1, 5) or candidate in index.names:
                continue
            if all(_is_ordinary(w, ordinary) for _, _, w in group):
                continue
            choices = [
                name
                for name, _ in index.by_key.get((n, candidate[0]), ())
                if abs(len(name) - len(candidate)) <= 2
            ]
            if not choices:
                continue
            best = process.extractOne(
                candidate, choices, scorer=fuzz.ratio, score_cutoff=min_score * 100
            )
            if best is None:
                continue
            name, ratio = best[0], best[1] / 100.0
            if not _words_agree(candidate.split(), name.split(), ordinary):
                continue
            skill_id = next(sid for nm, sid in index.by_key[(n, candidate[0])] if nm == name)
            context, quant = _context(text, start, end)
            found.append(
                Mention(
                    skill_id=skill_id,
                    start=start,
                    end=end,
                    text=text[start:end],
                    section=document.section_at(start),
                    method="fuzzy",
                    score=round(0.9 * ratio, 6),
                    quantified=quant,
                    context=context,
                )
            )
            taken.append((start, end))
    return sorted(found, key=lambda m: (m.start, m.skill_id))


# -- semantic ---------------------------------------------------------------------------------

_UNIT_BREAK = re.compile(r"\n|(?<=[.!?;])\s+|\s[•·▪|]\s|[•·▪]|\t")
_CLAUSE_BREAK = re.compile(r"[,;()\[\]]|:\s|\s[-–—]\s")
_MAX_CLAUSE_WORDS = 12  # longer clauses cost much and link poorly; their n-grams are kept


def _stem(word: str) -> str:
    return word[:6]


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"etc", "e.g", "i.e", "via"}


_KEYWORDS: weakref.WeakKeyDictionary[Taxonomy, frozenset[str]] = weakref.WeakKeyDictionary()


def _keywords(taxonomy: Taxonomy) -> frozenset[str]:
    """Stems of the content words of the taxonomy's names and descriptions."""
    with _FUZZY_LOCK:
        found = _KEYWORDS.get(taxonomy)
        if found is None:
            stop = _stop_words()
            words: set[str] = set()
            for skill in taxonomy.skills:
                for chunk in (skill.label, *skill.aliases, skill.description):
                    for w in re.split(r"[^a-z0-9+#]+", chunk.lower()):
                        if len(w) >= 3 and w not in stop:
                            words.add(_stem(w))
            found = frozenset(words)
            _KEYWORDS[taxonomy] = found
        return found


def candidate_phrases(text: str, keywords: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of the phrases worth embedding, in text order.

    Clauses and list items of 2–12 words, and inside them the two- and three-word runs without
    stop words (a cheap stand-in for noun chunks: "convolutional models", "low-latency inference
    API"). With ``keywords`` (stems of a taxonomy's words), a phrase must contain one of them.

    >>> text = "Built convolutional models for X-ray triage, reaching 0.93 AUC."
    >>> [text[s:e] for s, e in candidate_phrases(text)][:2]
    ['Built convolutional models for X-ray triage', 'Built convolutional models']
    """
    stop = _stop_words()
    out: set[tuple[int, int]] = set()

    def relevant(words: list[re.Match[str]]) -> bool:
        if keywords is None:
            return True
        return any(
            _stem(p) in keywords for w in words for p in re.split(r"[-.']", w.group().lower())
        )

    pos = 0
    for brk in [*_UNIT_BREAK.finditer(text), None]:
        unit_end = brk.start() if brk else len(text)
        unit_start = pos
        pos = brk.end() if brk else len(text)
        cpos = unit_start
        for cbrk in [*_CLAUSE_BREAK.finditer(text, unit_start, unit_end), None]:
            c_end = cbrk.start() if cbrk else unit_end
            s, e = cpos, c_end
            cpos = cbrk.end() if cbrk else unit_end
            while s < e and (text[s].isspace() or text[s] in "-*>#"):
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            words = list(_WORD.finditer(text, s, e))
            if 2 <= len(words) <= _MAX_CLAUSE_WORDS and e - s >= 8 and relevant(words):
                out.add((s, e))
            if len(words) <= 2:
                continue
            for n in (3, 2):
                for i in range(len(words) - n + 1):
                    run = words[i : i + n]
                    if any(w.group().lower() in stop for w in run) or not relevant(run):
                        continue
                    if any(
                        not text[run[j].end() : run[j + 1].start()].isspace() for j in range(n - 1)
                    ):
                        continue
                    out.add((run[0].start(), run[-1].end()))
    return sorted(out, key=lambda p: (p[0], -p[1]))


_SET_ASIDE = re.compile(
    r"\b(?:no|not|never|without|lacks?|lacking|unfamiliar|nor|neither|learning|studying|"
    r"aspiring|want(?:s)? to|would like|hop(?:e|ing) to|plan(?:ning)? to|interested in|"
    r"eager to|keen to|looking to|wish to|someday)\b|n't\b",
    re.IGNORECASE,
)


_JOB_TITLE = re.compile(
    r"\b(?:engineer|developer|programm?er|leader|lead|manager|director|architect|analyst|"
    r"scientist|consultant|intern|trainee|specialist|officer|head|executive|administrator)s?$",
    re.IGNORECASE,
)


def _set_aside(text: str, start: int, end: int) -> bool:
    """Whether the phrase is negated or an aspiration ("no experience with …", "learning …").

    Looks at the phrase and its clause up to the phrase (as extract's rules do for names)."""
    lo = max(text.rfind(c, 0, start) for c in "\n.;:!?•|")
    return bool(_SET_ASIDE.search(text, lo + 1, end))


@dataclass(frozen=True)
class LinkedSkill:
    """One ranked skill of :func:`link_skills`."""

    skill_id: str
    label: str
    score: float


def _skill_scores(vectors: np.ndarray, tv: TaxonomyVectors) -> tuple[np.ndarray, list[str]]:
    """Per phrase and skill, the best cosine over the skill's texts: (phrases x skills)."""
    import numpy as np

    starts, skill_ids = tv.groups
    sims = vectors @ tv.matrix.T
    return np.maximum.reduceat(sims, starts, axis=1), skill_ids


def _encoder_and_vectors(
    taxonomy: Taxonomy, device: str, model: str | None
) -> tuple[Encoder, TaxonomyVectors]:
    from skillgap.embed import get_encoder, taxonomy_vectors

    encoder = get_encoder(model, device=device)
    return encoder, taxonomy_vectors(taxonomy, encoder)


def link_skills(
    text: str,
    *,
    taxonomy: Taxonomy | None = None,
    top_k: int = 10,
    min_score: float = 0.0,
    device: str = "auto",
    model: str | None = None,
) -> list[LinkedSkill]:
    """Rank the skills of a taxonomy for a phrase or sentence, best first (ties by id).

    Args:
        text: a skill phrase or a sentence.
        taxonomy: the skills to rank; ``None`` for the built-in taxonomy.
        top_k: how many to return.
        min_score: drop skills whose cosine similarity is below this.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"mps"``.
        model: a sentence-transformers name or folder (default: all-MiniLM-L6-v2, shipped).

    Raises:
        EmbeddingUnavailableError: the model or device cannot be used.

    >>> [s.skill_id for s in link_skills("trained convolutional networks on chest X-rays",
    ...                                  top_k=2)]  # doctest: +SKIP
    ['cnn', 'computer-vision']
    """
    from skillgap.taxonomy import load_taxonomy

    tax = taxonomy if taxonomy is not None else load_taxonomy()
    encoder, tv = _encoder_and_vectors(tax, device, model)
    scores, skill_ids = _skill_scores(encoder.encode([text]), tv)
    row = [(round(float(s), 6), sid) for s, sid in zip(scores[0], skill_ids, strict=True)]
    row = sorted((r for r in row if r[0] >= min_score), key=lambda r: (-r[0], r[1]))[
        : max(0, top_k)
    ]
    return [
        LinkedSkill(
            skill_id=sid,
            label=tax.get(sid).label if tax.get(sid) else sid,  # type: ignore[union-attr]
            score=max(0.0, min(1.0, s)),
        )
        for s, sid in row
    ]


def _semantic_confidence(cosine: float) -> float:
    """The confidence of a semantic link: its cosine similarity, clipped to [0, 1]."""
    return round(max(0.0, min(1.0, cosine)), 6)


def link_semantic(
    extractions: list[tuple[Document, Extraction]],
    taxonomy: Taxonomy,
    *,
    device: str = "auto",
    model: str | None = None,
    min_score: float | None = None,
    fuzzy: bool = True,
) -> list[tuple[Document, Extraction]]:
    """Add fuzzy and embedding-linked mentions for what lexical matching did not settle.

    Every candidate phrase (:func:`candidate_phrases`) that no exact, alias or fuzzy mention
    overlaps is embedded (phrases are de-duplicated across all documents) and linked to the
    skills whose texts it is at least ``min_score`` similar to (at most two per phrase), unless
    the document already names that skill. The returned extractions keep the old mentions;
    ``document.text[start:end] == mention.text`` holds for the new ones too.

    Raises:
        EmbeddingUnavailableError: the model or device cannot be used.
    """
    from skillgap.extract import Extraction

    threshold = SEMANTIC_MIN_SCORE if min_score is None else min_score
    staged: list[tuple[Document, Extraction, list[Mention], list[tuple[int, int]]]] = []
    keywords = _keywords(taxonomy)
    all_phrases: dict[str, None] = {}
    for document, extraction in extractions:
        mentions = list(extraction.mentions)
        if fuzzy:
            mentions += link_fuzzy(document, mentions, taxonomy)
        taken = _covered(mentions) + sorted((i.start, i.end) for i in extraction.ignored)
        spans = [
            (s, e)
            for s, e in candidate_phrases(document.text, keywords)
            if not _overlaps(taken, s, e)
            and not _set_aside(document.text, s, e)
            and not _JOB_TITLE.search(document.text, s, e)  # "Software Engineer" is a title
        ]
        for s, e in spans:
            all_phrases.setdefault(document.text[s:e], None)
        staged.append((document, extraction, mentions, spans))
    phrase_best: dict[str, list[tuple[float, str]]] = {}
    if all_phrases:
        encoder, tv = _encoder_and_vectors(taxonomy, device, model)
        phrases = list(all_phrases)
        scores, skill_ids = _skill_scores(encoder.encode(phrases), tv)
        for phrase, row in zip(phrases, scores, strict=True):
            order = row.argsort()[::-1][:SEMANTIC_PER_PHRASE]
            phrase_best[phrase] = [
                (float(row[j]), skill_ids[j]) for j in order if row[j] >= threshold
            ]
    out: list[tuple[Document, Extraction]] = []
    for document, extraction, mentions, spans in staged:
        known = {m.skill_id for m in mentions}
        added: dict[str, Mention] = {}
        for s, e in spans:
            phrase = document.text[s:e]
            for cosine, skill_id in phrase_best.get(phrase, []):
                if skill_id in known:
                    continue
                context, quant = _context(document.text, s, e)
                mention = Mention(
                    skill_id=skill_id,
                    start=s,
                    end=e,
                    text=phrase,
                    section=document.section_at(s),
                    method="semantic",
                    score=_semantic_confidence(cosine),
                    quantified=quant,
                    context=context,
                )
                old = added.get(skill_id)
                if old is None or (mention.score, -mention.start) > (old.score, -old.start):
                    added[skill_id] = mention
        new = sorted([*mentions, *added.values()], key=lambda m: (m.start, m.end, m.skill_id))
        out.append((document, Extraction(mentions=new, ignored=list(extraction.ignored))))
    return out
