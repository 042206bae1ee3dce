"""Turn mentions into skills: fuzzy and embedding linking, then evidence of every document.

Linking runs from the surest method to the loosest, each only on what the one before left:

1. exact label / alias: the phrase matchers of :mod:`skillgap.extract`;
2. fuzzy (:func:`link_fuzzy`): typos of names of at least :data:`FUZZY_MIN_CHARS` characters
   ("Kubernets" → Kubernetes), never for ordinary English words (the encoder's word list);
3. semantic (:func:`link_semantic`): candidate phrases of the text (clauses and list items of
   experience-like sections that hold a technical word of the taxonomy, see
   :mod:`skillgap.link._phrases`) compared with the taxonomy's skill texts by sentence embeddings
   (:mod:`skillgap.embed`); a link needs a shared technical word and never goes to an umbrella
   skill, and its confidence is capped below that of a name.

:func:`resolve` merges the mentions of all documents into one :class:`~skillgap.models.SkillHit`
per skill; :func:`link_skills` ranks the skills of a taxonomy (and, if asked, of its broad
vocabulary) for one phrase or sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skillgap.link._phrases import WORD, candidate_phrases, ordinary_words, vocabulary
from skillgap.models import Document, Evidence, IgnoredMention, Mention, SkillHit
from skillgap.taxonomy import Taxonomy

if TYPE_CHECKING:
    import numpy as np

    from skillgap.embed import Encoder, TaxonomyVectors, VocabularyVectors
    from skillgap.extract import Extraction
    from skillgap.ingest import Deadline

__all__ = [
    "FUZZY_MIN_CHARS",
    "FUZZY_MIN_SCORE",
    "SECTION_STRENGTH",
    "SEMANTIC_MIN_SCORE",
    "LinkedSkill",
    "candidate_phrases",
    "decide_senses",
    "evidence_strength",
    "link_fuzzy",
    "link_variants",
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
#: Least cosine similarity between a phrase and a skill text for a semantic link. Derived for
#: the default encoder (skillgap-minilm-skills-v1) by ``benchmarks/semantic_threshold.py`` on
#: the dotin development half only, by a rule fixed beforehand (calibrated P(link is a gold
#: skill | cosine) >= dev F1 / 2): no cosine qualified (2 of 270 candidates were gold skills),
#: so by default a semantic link is made only for a phrase that embeds as a skill text itself.
#: Pass ``min_score`` to :func:`link_semantic` (e.g. 0.8) for paraphrase links.
SEMANTIC_MIN_SCORE = 1.0
#: Semantic links per candidate phrase, at most.
SEMANTIC_PER_PHRASE = 2
#: A second link of a phrase must score within this of the first.
SEMANTIC_SECOND_WITHIN = 0.03
#: The confidence of a semantic mention is its cosine, capped here: it counts less than a name.
SEMANTIC_MAX_CONFIDENCE = 0.7
#: Sections whose phrases are embedded (not contact, header, education, skills lists, interests).
SEMANTIC_SECTIONS = frozenset({"experience", "projects", "summary", "other"})
#: The "header" (text before the first heading) is a name-and-contact block only this far; past
#: it, or in a document without headings, its text counts as "other" for semantic linking.
HEADER_CHARS = 600
#: Document kinds never embedded (a dependency file names its skills exactly).
_NOT_EMBEDDED_KINDS = frozenset({"repository-file"})


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
                origin=skill.origin,
                category_label=_category_label(taxonomy, skill.category),
                technical=skill.technical,
            )
        )
    return hits


def _category_label(taxonomy: Taxonomy, category_id: str) -> str:
    try:
        return taxonomy.category(category_id).label
    except KeyError:
        return category_id


# -- shared helpers ---------------------------------------------------------------------------

_WORD = WORD


def _context(text: str, start: int, end: int) -> tuple[str, bool]:
    from skillgap.extract import quantified, sentence_bounds, sentence_context

    lo, hi = sentence_bounds(text, start, end)
    sentence = text[lo:hi]
    return sentence_context(sentence), quantified(sentence)


def _covered(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    return sorted((m.start, m.end) for m in mentions)


class _Spans:
    """Spans of text, asked whether any overlaps a range (binary search, not a scan)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span ``(s, e)`` has ``s < end`` and ``start < e``."""
        k = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return k > 0 and self._max_end[k - 1] > start


# -- fuzzy ------------------------------------------------------------------------------------


@dataclass
class _FuzzyIndex:
    by_key: dict[tuple[int, str], list[tuple[str, str]]]  # (words, first letter) -> [(name, id)]
    names: frozenset[str]
    by_len: dict[tuple[int, str, int], list[str]]  # (words, first letter, length) -> names



def _fuzzy_index(taxonomy: Taxonomy) -> _FuzzyIndex:
    return taxonomy.derived("link.fuzzy_index", _build_fuzzy_index)


def _build_fuzzy_index(taxonomy: Taxonomy) -> _FuzzyIndex:
    by_key: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    names: set[str] = set()
    for skill in taxonomy.skills:
        for name in (skill.label, *skill.aliases, *skill.cased_aliases):
            folded = " ".join(name.lower().split())
            names.add(folded)
            if skill.ambiguous or len(folded) < FUZZY_MIN_CHARS or not folded[0].isalpha():
                continue
            by_key[(len(folded.split()), folded[0])].append((folded, skill.id))
    keyed = {k: sorted(set(v)) for k, v in by_key.items()}
    by_len: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for (n, letter), items in keyed.items():
        for name, _ in items:
            for length in range(len(name) - 2, len(name) + 3):
                by_len[(n, letter, length)].append(name)
    return _FuzzyIndex(keyed, frozenset(names), dict(by_len))


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
    deadline: Deadline | None = None,
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
    ordinary = ordinary_words()
    text = document.text
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    n_words = len(words)
    covered = _words_covered(words, _covered(mentions))
    # the words that are not ordinary English: every candidate holds one
    unusual = [k for k, (_, _, w) in enumerate(words) if not _is_ordinary(w, ordinary)]
    # plain[k]: word k + 1 follows word k after plain spaces (no newline); read when needed
    plain: list[bool | None] = [None] * n_words

    def on_one_line(a: int, b: int) -> bool:
        """Whether words ``a`` to ``b`` follow each other with plain spaces between them."""
        for k in range(a, b):
            joined = plain[k]
            if joined is None:
                between = text[words[k][1] : words[k + 1][0]]
                joined = plain[k] = between.isspace() and "\n" not in between
            if not joined:
                return False
        return True

    chars = list(itertools.accumulate((len(w) for _, _, w in words), initial=0))
    min_chars = max(FUZZY_MIN_CHARS + 1, 5)
    found: list[Mention] = []
    for n in (3, 2, 1):
        starts = unusual if n == 1 else sorted(
            {i for k in unusual for i in range(max(0, k - n + 1), min(k, n_words - n) + 1)})
        for count, i in enumerate(starts):
            if deadline is not None and not count & 255:
                deadline.check()
            last = i + n - 1
            length = chars[last + 1] - chars[i] + n - 1  # of the words joined by single spaces
            first = words[i][2][0]
            if length < min_chars or (n, first, length) not in index.by_len \
                    or any(covered[i : last + 1]):
                continue
            if not on_one_line(i, last):
                continue
            group = words[i : last + 1]
            candidate = " ".join(w for _, _, w in group)
            if candidate in index.names:
                continue
            start, end = group[0][0], group[-1][1]
            best = process.extractOne(
                candidate, index.by_len[(n, first, length)], scorer=fuzz.ratio,
                score_cutoff=min_score * 100
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
            covered[i : last + 1] = [True] * n
    return sorted(found, key=lambda m: (m.start, m.skill_id))


#: What parts the items of a list or the lines of a text: separators, line breaks, a tab,
#: two spaces (columns), a dash between spaces or at a line's start (a bullet). An item is the
#: text between two of these. (The look-ahead names every character an edge can start with:
#: the search skips the others fast.)
_ITEM_EDGE = re.compile(r"(?=[\r\n\f,;|•·▪:()/*.\t -])([\r\n\f,;|•·▪:()/*.\t]| {2,}|(?:^| )-(?: |$))",
                        re.MULTILINE)
#: An item that may be a name written in another form: two to twelve words with one space or
#: a hyphen between them (white space around it aside; group 1).
_ITEM_SHAPE = re.compile(r" *([^\W_]+[+#]*(?:[ -][^\W_]+[+#]*){1,11}) *")
#: Confidence of a name found written in another form (an alias is 0.95, a typo 0.9 x ratio).
VARIANT_SCORE = 0.85


#: An item of one word of letters (white space around it aside; group 1).
_ITEM_WORD = re.compile(r" *([^\W\d_]{4,30}) *")


def _items(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each item of a list or line of ``text`` (:data:`_ITEM_EDGE`) that has
    the shape of a name of two words or more (:data:`_ITEM_SHAPE`) or is one word of letters
    (:data:`_ITEM_WORD`), white space around it left out."""
    pieces = _ITEM_EDGE.split(text)  # items and the edges between them, in turn
    at = list(itertools.accumulate(map(len, pieces), initial=0))  # where each piece starts
    for k in range(0, len(pieces), 2):
        piece = pieces[k]
        if 3 <= len(piece) <= 90:
            shape = _ITEM_SHAPE if " " in piece.strip(" ") or "-" in piece else _ITEM_WORD
            m = shape.fullmatch(piece)  # (_ITEM_SHAPE needs a space or a hyphen)
            if m is not None:
                yield at[k] + m.start(1), at[k] + m.end(1)


def link_variants(document: Document, mentions: Sequence[Mention], taxonomy: Taxonomy, *,
                  taken: Sequence[tuple[int, int]] = (),
                  deadline: Deadline | None = None) -> list[Mention]:
    """Mentions of skill names written in another form (:meth:`Taxonomy.find_variant`:
    inflected otherwise, "Units testing", or with the head word moved, "Design database",
    "Development of websites", "Law of Contract") as a whole item of a list or a whole line, in
    text that ``mentions`` (and ``taken``, spans set aside) do not touch. Within a sentence a
    variant is not read: on the development halves that cost more precision than it found
    (dotin F1 67.7 whole items only, 66.5 with inflections in sentences too, lexical mode).

    An item (:func:`_items`: words with one space or a hyphen between them) is a candidate when
    it holds two to four words besides the function words and starts and ends with one of
    those; an item of one word, written as a verb, names only a professional skill's one-word
    name in another form ("Negotiating", :func:`~skillgap.taxonomy._variants.word_key`). Left
    alone: an item that *is* a name (the extraction's rules decided it), negated or aspired
    items, job titles ("Software Engineer") and web addresses.

    >>> from skillgap import Document, load_taxonomy
    >>> doc = Document.from_text("Skills: design database, development of websites")
    >>> [m.skill_id for m in link_variants(doc, [], load_taxonomy())]
    ['esco:design-database-scheme', 'esco:web-programming']
    """
    from skillgap.taxonomy._variants import FUNCTION_WORDS, WORD

    text = document.text
    taken_spans = _Spans([*_covered(mentions), *taken])
    found: list[Mention] = []
    for n, (start, end) in enumerate(_items(text)):
        if deadline is not None and not n & 255:
            deadline.check()
        if taken_spans.overlaps(start, end):
            continue  # (read first: most items of a skills list are names found already)
        lows = [w.lower() for w in WORD.findall(text, start, end)]
        content = len([w for w in lows if w not in FUNCTION_WORDS])
        if not 1 <= content <= 4 or lows[0] in FUNCTION_WORDS or lows[-1] in FUNCTION_WORDS:
            continue
        skill_id = taxonomy.find_variant(text[start:end])
        if skill_id is None or _set_aside(text, start, end) \
                or _JOB_TITLE.search(text, start, end) or _ADDRESS.search(text, start, end) \
                or taxonomy.get(skill_id) is None or taxonomy.is_name(text[start:end]):
            continue
        context, quant = _context(text, start, end)
        found.append(Mention(skill_id=skill_id, start=start, end=end, text=text[start:end],
                             section=document.section_at(start), method="fuzzy",
                             score=VARIANT_SCORE, quantified=quant, context=context))
    return found


def _words_covered(words: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[bool]:
    """Per word, whether one of the sorted ``spans`` overlaps it (one sweep over both)."""
    out = [False] * len(words)
    j = 0
    for k, (start, end, _) in enumerate(words):
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        i = j
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] > start:
                out[k] = True
                break
            i += 1
    return out


# -- semantic ---------------------------------------------------------------------------------

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


_ADDRESS = re.compile(r"://|www\.|\.(?:com|org|io|net)\b|@", re.IGNORECASE)


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
    # einsum, not BLAS: a row depends only on its phrase (BLAS blocking and threads can change
    # the last bits with the batch), and BLAS threads spin on the CPUs after each call (a
    # matrix-vector product per phrase is ~6x faster alone, but doubled a process's CPU time)
    sims = np.einsum("ij,kj->ik", vectors, tv.matrix)
    return np.maximum.reduceat(sims, starts, axis=1), skill_ids


def _vocabulary_scores(vectors: np.ndarray, vv: VocabularyVectors) -> np.ndarray:
    """Per phrase and vocabulary skill, the cosine with the skill's label: (phrases x skills)."""
    import numpy as np

    return np.einsum("ij,kj->ik", vectors, vv.matrix)  # einsum, as in _skill_scores


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
    vocabulary: bool = False,
) -> list[LinkedSkill]:
    """Rank the skills of a taxonomy for a phrase or sentence, best first (ties by id).

    Args:
        text: a skill phrase or a sentence.
        taxonomy: the skills to rank; ``None`` for the built-in taxonomy.
        top_k: how many to return.
        min_score: drop skills whose cosine similarity is below this.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"mps"``.
        model: a shipped model's name, a sentence-transformers name or a folder (default:
            skillgap-minilm-skills-v1, shipped).
        vocabulary: also rank the skills of the taxonomy's broad vocabulary (O*NET and ESCO
            technologies, ids ``onet:…`` / ``esco:…``; the built-in taxonomy has it), each
            scored by its label's vector (:func:`skillgap.embed.vocabulary_vectors`: shipped
            for the default model on the CPU, computed and cached on first use otherwise),
            in one ranking with the taxonomy's own skills.

    Raises:
        EmbeddingUnavailableError: the model or device cannot be used.
        TaxonomyError: ``vocabulary=True`` for a taxonomy without a broad vocabulary.

    >>> [s.skill_id for s in link_skills("trained convolutional networks on chest X-rays",
    ...                                  top_k=2)]  # doctest: +SKIP
    ['cnn', 'computer-vision']
    >>> link_skills("SAP ERP consultant", top_k=1, vocabulary=True)[0].label  # doctest: +SKIP
    'SAP software'
    """
    from skillgap.ingest._unicode import fix_surrogates
    from skillgap.taxonomy import load_taxonomy

    text = fix_surrogates(text)  # a Python str may hold lone surrogates; tokenizers reject them
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    extra = tax.vocabulary if vocabulary else None
    if vocabulary and not hasattr(extra, "records"):
        from skillgap.errors import TaxonomyError

        raise TaxonomyError(
            f"taxonomy {tax.name!r} has no broad vocabulary to rank; load it with "
            "load_taxonomy(path, vocabulary=True), or leave vocabulary=False"
        )
    encoder, tv = _encoder_and_vectors(tax, device, model)
    query = encoder.encode([text])
    scores, skill_ids = _skill_scores(query, tv)
    row = [(round(float(s), 6), sid) for s, sid in zip(scores[0], skill_ids, strict=True)]
    if extra is not None:
        from skillgap.embed import vocabulary_vectors

        vv = vocabulary_vectors(extra, encoder)  # type: ignore[arg-type]
        sims = _vocabulary_scores(query, vv)[0]
        row += [(round(float(s), 6), sid) for s, sid in zip(sims, vv.ids, strict=True)
                if not tax.owns(sid)]
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
    """A semantic link's confidence: its cosine, clipped to [0, SEMANTIC_MAX_CONFIDENCE]."""
    return round(max(0.0, min(SEMANTIC_MAX_CONFIDENCE, cosine)), 6)


def _embeddable(document: Document, start: int) -> bool:
    """Whether a phrase at ``start`` is in a section worth embedding."""
    if document.kind in _NOT_EMBEDDED_KINDS:
        return False
    section = document.section_at(start)
    if section == "header" and (
        start >= HEADER_CHARS or all(s.name == "header" for s in document.sections)
    ):
        section = "other"  # no headings were found there: not a name-and-contact block
    return section in SEMANTIC_SECTIONS


def _phrase_links(
    phrases: list[str], taxonomy: Taxonomy, *, device: str, model: str | None, threshold: float
) -> dict[str, list[tuple[float, str]]]:
    """``{phrase: [(cosine, skill id), ...]}`` of the semantic links each phrase may make.

    A phrase links to its best skills (at most :data:`SEMANTIC_PER_PHRASE`, the second within
    :data:`SEMANTIC_SECOND_WITHIN` of the first) among those that are not umbrellas and share a
    technical word with it, when the cosine is at least ``threshold``.
    """
    vocab = vocabulary(taxonomy)
    encoder, tv = _encoder_and_vectors(taxonomy, device, model)
    scores, skill_ids = _skill_scores(encoder.encode(phrases), tv)
    out: dict[str, list[tuple[float, str]]] = {}
    for phrase, row in zip(phrases, scores, strict=True):
        words = vocab.technical(phrase)
        best: list[tuple[float, str]] = []
        for j in row.argsort(kind="stable")[::-1]:
            cosine = float(row[j])
            if cosine < threshold or len(best) >= SEMANTIC_PER_PHRASE:
                break
            skill_id = skill_ids[j]
            if skill_id in vocab.umbrellas or not words & vocab.by_skill.get(skill_id, frozenset()):
                continue
            if best and best[0][0] - cosine > SEMANTIC_SECOND_WITHIN:
                break
            best.append((cosine, skill_id))
        out[phrase] = best
    return out


def link_lexical(extractions: list[tuple[Document, Extraction]], taxonomy: Taxonomy, *,
                 deadline: Deadline | None = None) -> list[tuple[Document, Extraction]]:
    """Add fuzzy mentions (typos) to each extraction: the lexical mode of :func:`link_semantic`.

    >>> from skillgap import Document, find_mentions, load_taxonomy
    >>> doc = Document.from_text("Deployed services on Kubernets.")
    >>> [(m.skill_id, m.method) for _, ex in link_lexical([(doc, find_mentions(doc, load_taxonomy()))],
    ...                                                   load_taxonomy()) for m in ex.mentions]
    [('kubernetes', 'fuzzy')]
    """
    from skillgap.extract import Extraction

    out = []
    for document, ex in extractions:
        found = [*ex.mentions, *link_fuzzy(document, ex.mentions, taxonomy, deadline=deadline)]
        found += link_variants(document, found, taxonomy, deadline=deadline,
                               taken=[(i.start, i.end) for i in ex.ignored])
        out.append((document, Extraction(mentions=sorted(found, key=lambda m: (m.start, m.end, m.skill_id)),
                                         ignored=list(ex.ignored))))
    return out


def decide_senses(extractions: list[tuple[Document, Extraction]], *, device: str = "auto",
                  model: str | None = None, deadline: Deadline | None = None
                  ) -> list[tuple[Document, Extraction]]:
    """Decide each extraction's ambiguous names by :mod:`skillgap.link._sense`'s model: a name
    the rules took and the model does not is set aside ("ambiguous"), unless it is a guide skill
    the rules took on strong evidence (``AmbiguousName.cued``: "R" beside "ggplot2" or in a
    list of names, or any name the text calls a skill, "troubleshooting skills"); a name the
    rules set aside and the model takes counts, except on a dated heading (a job's or a
    degree's line: "Account Manager Momentum Worldwide July 2003 – April 2008", where names are
    employers and titles; :func:`~skillgap.score.experience.dated_heading`). Unchanged when the
    encoder has no sense model.

    Raises:
        EmbeddingUnavailableError: the model or device cannot be used.
    """
    from skillgap.embed import get_encoder
    from skillgap.extract import Extraction
    from skillgap.link._sense import load_sense_model
    from skillgap.score.experience import dated_heading

    names = [(document, a) for document, ex in extractions for a in ex.ambiguous]
    if not names:
        return extractions
    encoder = get_encoder(model, device=device)
    sense_model = load_sense_model(encoder.name)
    if sense_model is None:
        return extractions
    probs = sense_model.probabilities([a for _, a in names], [d.text for d, _ in names], encoder,
                                      deadline=deadline)
    takes = iter([p >= 0.5 for p in probs])  # in the order of ``names``
    out = []
    for document, ex in extractions:
        drop: set[tuple[int, int, str]] = set()
        add: list[Mention] = []
        unnote: set[tuple[int, int, str]] = set()
        notes: list[IgnoredMention] = []
        for a in ex.ambiguous:
            take, m = next(takes), a.mention
            where = (m.start, m.end, m.skill_id)
            counted = a.rule_ok or a.claimed  # what find_mentions counted
            if counted and not take and not a.cued:
                drop.add(where)
                if a.own:
                    notes.append(IgnoredMention(skill_id=m.skill_id, source=document.source,
                                                text=m.text, start=m.start, end=m.end,
                                                reason="ambiguous", context=m.context))
            elif take and not counted and not dated_heading(document.text, m.start):
                add.append(m)
                unnote.add(where)
        if not (drop or add):
            out.append((document, ex))
            continue
        mentions = [m for m in ex.mentions if (m.start, m.end, m.skill_id) not in drop] + add
        ignored = [i for i in ex.ignored
                   if not (i.reason == "ambiguous" and (i.start, i.end, i.skill_id) in unnote)]
        out.append((document, Extraction(
            mentions=sorted(mentions, key=lambda m: (m.start, m.end, m.skill_id)),
            ignored=sorted([*ignored, *notes], key=lambda i: (i.start, i.skill_id)),
            ambiguous=list(ex.ambiguous))))
    return out


def link_semantic(
    extractions: list[tuple[Document, Extraction]],
    taxonomy: Taxonomy,
    *,
    device: str = "auto",
    model: str | None = None,
    min_score: float | None = None,
    fuzzy: bool = True,
    sense: bool = True,
    deadline: Deadline | None = None,
) -> list[tuple[Document, Extraction]]:
    """Add fuzzy and embedding-linked mentions for what lexical matching did not settle.

    ``sense``: ambiguous names ("Excel", "Spring") are decided again by the meaning of their
    context (:func:`decide_senses`) before anything else.

    Candidate phrases (:func:`candidate_phrases`) with a technical word of the taxonomy, in the
    sections of :data:`SEMANTIC_SECTIONS`, that no exact, alias or fuzzy mention overlaps and that
    are not negated, aspirations or job titles, are embedded (de-duplicated across all documents;
    the encoder caches their vectors) and linked by :func:`_phrase_links`, unless the document
    already names that skill. Semantic confidence is capped at :data:`SEMANTIC_MAX_CONFIDENCE`.
    The returned extractions keep the old mentions; ``document.text[start:end] == mention.text``
    holds for the new ones too.

    Raises:
        EmbeddingUnavailableError: the model or device cannot be used.
    """
    from skillgap.extract import Extraction

    if sense:
        extractions = decide_senses(extractions, device=device, model=model, deadline=deadline)
    threshold = SEMANTIC_MIN_SCORE if min_score is None else min_score
    staged: list[tuple[Document, Extraction, list[Mention], list[tuple[int, int]]]] = []
    keywords = vocabulary(taxonomy).keywords
    all_phrases: dict[str, None] = {}
    for document, extraction in extractions:
        mentions = list(extraction.mentions)
        set_aside = [(i.start, i.end) for i in extraction.ignored]
        if fuzzy:
            mentions += link_fuzzy(document, mentions, taxonomy, deadline=deadline)
            mentions += link_variants(document, mentions, taxonomy, deadline=deadline,
                                      taken=set_aside)
        taken = _Spans([*_covered(mentions), *set_aside])
        text = document.text
        spans = [
            (s, e)
            for s, e in candidate_phrases(text, keywords)
            if _embeddable(document, s)
            and not taken.overlaps(s, e)
            and not _set_aside(text, s, e)
            and not _JOB_TITLE.search(text, s, e)  # "Software Engineer" is a title
            and not _ADDRESS.search(text, s, e)  # github.com/jdoe names no skill
        ]
        for s, e in spans:
            all_phrases.setdefault(text[s:e], None)
        staged.append((document, extraction, mentions, spans))
    phrase_best: dict[str, list[tuple[float, str]]] = {}
    if deadline is not None:
        deadline.check()
    if all_phrases and threshold <= 1.0:
        phrase_best = _phrase_links(
            list(all_phrases), taxonomy, device=device, model=model, threshold=threshold
        )
    out: list[tuple[Document, Extraction]] = []
    for document, extraction, mentions, spans in staged:
        known = {m.skill_id for m in mentions}
        added: dict[str, Mention] = {}
        old_cos: dict[str, float] = {}
        for s, e in spans:
            phrase = document.text[s:e]
            for cosine, skill_id in phrase_best.get(phrase, []):
                if skill_id in known:
                    continue
                old = added.get(skill_id)
                score = _semantic_confidence(cosine)
                if old is not None and (round(cosine, 6), -s) <= (old_cos[skill_id], -old.start):
                    continue
                context, quant = _context(document.text, s, e)
                added[skill_id] = Mention(
                    skill_id=skill_id,
                    start=s,
                    end=e,
                    text=phrase,
                    section=document.section_at(s),
                    method="semantic",
                    score=score,
                    quantified=quant,
                    context=context,
                )
                old_cos[skill_id] = round(cosine, 6)
        new = sorted([*mentions, *added.values()], key=lambda m: (m.start, m.end, m.skill_id))
        out.append((document, Extraction(mentions=new, ignored=list(extraction.ignored))))
    return out
