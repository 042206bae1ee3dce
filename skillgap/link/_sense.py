"""Ambiguous names decided by the meaning of their context (embeddings mode).

A name that is also an ordinary word ("Excel", "Word", "Spring", "Oracle", "C") is decided by
context rules in :mod:`skillgap.extract`. With embeddings on, a logistic model decides instead:
its inputs are the rules' own evidence (their decision, a vocabulary name or not, a skills
section, the unambiguous tools in the same sentence, the name's case, whether it is one word or
several, the other names of the list it stands in), how rare the name is as
English (:func:`rarity`), the encoder's vector of the text around the name (the sentence, at
most :data:`WINDOW` characters either side) and the encoder's vector of the skill's label (what
the name would be: "Microsoft Excel", "marketing principles"; the model learns which kinds of
skill a resume's ambiguous words usually are).

The model is trained by ``scripts/train_sense.py`` for one encoder (``models/sense/<model>.json``:
weights, training data and recipe). Without a model for the encoder in use, the rules' decision
stands. A probability of at least 0.5 counts the name as the skill: the model's own decision
rule, not a tuned threshold.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skillgap._resources import data_dir

if TYPE_CHECKING:
    import numpy as np

    from skillgap.embed import Encoder
    from skillgap.extract import AmbiguousName
    from skillgap.ingest import Deadline

__all__ = ["FEATURES", "SenseModel", "WINDOW", "design_matrix", "features", "load_sense_model",
           "window"]

log = logging.getLogger("skillgap")

#: Characters of context kept on each side of the name, within its sentence (see :func:`window`);
#: a model file names the size it was trained with, this is the training script's default
#: (chosen by 5-fold CV on the development halves among 60, 100 and 150, centred or blocks).
WINDOW = 60
#: The rules' evidence, in the order of the model's first weights (then the context vector).
FEATURES = ("rule_ok", "vocabulary", "skills_section", "log1p_co_mentions", "capitalised",
            "all_capitals", "rarity", "several_words", "log1p_list_run")
FORMAT = "skillgap-sense/2"
#: Windows encoded at a time (an analysis' deadline is checked between batches).
BATCH = 256


def window(text: str, start: int, end: int, size: int = WINDOW, mode: str = "centred") -> str:
    """The text around ``text[start:end]`` that the encoder reads, whitespace runs as one space.

    "centred": the name's sentence, at most ``size`` characters either side of the name.
    "block": the sentence when it is at most ``2 * size`` characters long, else the block of that
    length, counted from the sentence's start, that holds the name (the names of one list share
    one block, so one vector)."""
    from skillgap.extract import sentence_bounds

    lo, hi = sentence_bounds(text, start, end)
    if mode == "centred":
        lo, hi = max(lo, start - size), min(hi, end + size)
    elif hi - lo > 2 * size:
        block = lo + (start - lo) // (2 * size) * (2 * size)
        lo, hi = block, min(hi, max(block + 2 * size, end))
    return " ".join(text[lo:hi].split())


@functools.lru_cache(maxsize=1)
def _vocabulary_size() -> int:
    from skillgap.link._phrases import _ranks

    return max(_ranks().values(), default=1) + 1


def rarity(written: str) -> float:
    """How rare the name is as English, in [0, 1]: the log rank of its rarest word among the
    encoder's whole words (its vocabulary is ordered by frequency), 1 for a word it lacks.
    "Teams", "Project" ~0.77; "Excel" ~0.98; "Maven" 1."""
    from skillgap.link._phrases import _ranks

    ranks, top = _ranks(), _vocabulary_size()
    words = [w for w in "".join(c if c.isalpha() else " " for c in written.lower()).split()]
    if not words:
        return 1.0
    rank = max(ranks.get(w, top) for w in words)
    return min(1.0, math.log10(max(rank, 1)) / math.log10(top))


def features(name: AmbiguousName) -> list[float]:
    """The rules' evidence for one ambiguous name (:data:`FEATURES`)."""
    written = name.mention.text
    return [float(name.rule_ok), float(name.vocabulary), float(name.mention.section == "skills"),
            math.log1p(name.co_mentions), float(written[:1].isupper()), float(written.isupper()),
            rarity(written), float(len(written.split()) > 1), math.log1p(name.list_run - 1)]


def design_matrix(names: list[AmbiguousName], texts: list[str], encoder: Encoder,
                  size: int = WINDOW, mode: str = "centred",
                  deadline: Deadline | None = None) -> np.ndarray:
    """One row per name: its :func:`features`, the encoder's vector of its :func:`window`, then
    the encoder's vector of its skill's label (each distinct text encoded once, :data:`BATCH`
    at a time, ``deadline`` checked between batches). ``texts[i]`` is the document of
    ``names[i]``."""
    import numpy as np

    windows = [window(t, n.mention.start, n.mention.end, size, mode)
               for n, t in zip(names, texts, strict=True)]
    labels = [n.label or n.mention.skill_id for n in names]
    unique = list(dict.fromkeys(windows + labels))
    parts = []
    for i in range(0, len(unique), BATCH):
        if deadline is not None:
            deadline.check()
        parts.append(encoder.encode(unique[i:i + BATCH]))
    vectors: np.ndarray = np.vstack(parts)
    row = {w: i for i, w in enumerate(unique)}
    return np.hstack([np.array([features(n) for n in names], dtype=np.float64),
                      vectors[[row[w] for w in windows]].astype(np.float64),
                      vectors[[row[w] for w in labels]].astype(np.float64)])


@dataclass(frozen=True)
class SenseModel:
    """A logistic model over :data:`FEATURES`, the context vector and the label vector of one
    encoder."""

    model: str
    coef: tuple[float, ...]
    intercept: float
    meta: dict
    window_size: int = 150
    window_mode: str = "centred"

    def probabilities(self, names: list[AmbiguousName], texts: list[str],
                      encoder: Encoder, deadline: Deadline | None = None) -> list[float]:
        """P(the name is the skill) for each name; ``texts[i]`` is the document of ``names[i]``.

        ``deadline`` is checked between batches of :data:`BATCH` windows (:func:`design_matrix`)."""
        import numpy as np

        if not names:
            return []
        x = design_matrix(names, texts, encoder, self.window_size, self.window_mode, deadline)
        z = x @ np.asarray(self.coef, dtype=np.float64) + self.intercept
        return [round(float(p), 6) for p in 1.0 / (1.0 + np.exp(-z))]


@functools.lru_cache(maxsize=8)
def load_sense_model(model_name: str) -> SenseModel | None:
    """The shipped sense model for an encoder (by its name, any backend), or None."""
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in model_name)
    node = data_dir("models").joinpath("sense", f"{safe}.json")
    if not node.is_file():
        return None
    data = json.loads(node.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
        log.warning("ignoring sense model %s: format %r does not fit this version",
                    node.name, data.get("format"))
        return None
    return SenseModel(data["model"], tuple(data["coef"]), float(data["intercept"]),
                      {k: v for k, v in data.items() if k not in ("coef", "intercept")},
                      window_size=int(data.get("window", 150)),
                      window_mode=str(data.get("window_mode", "centred")))
