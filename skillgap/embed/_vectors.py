"""Taxonomy and vocabulary vectors: the texts embedded per skill, shipped vectors and the user
cache."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap._resources import data_dir

if TYPE_CHECKING:
    import numpy as np

    from skillgap.taxonomy import Taxonomy, Vocabulary

from skillgap.embed._encoder import Encoder

__all__ = ["RECIPE_VERSION", "VOCABULARY_DTYPE", "VOCABULARY_RECIPE_VERSION", "TaxonomyVectors",
           "VocabularyVectors", "cache_dir", "skill_texts", "taxonomy_vectors", "vocabulary_texts",
           "vocabulary_vectors", "write_entry"]

log = logging.getLogger("skillgap")

#: Version of :func:`skill_texts`; part of every cache key.
RECIPE_VERSION = 2
#: Version of :func:`vocabulary_texts`; part of every vocabulary cache key.
VOCABULARY_RECIPE_VERSION = 1
#: How vocabulary vectors are stored. float16 halves the shipped file (9,888 skills x 384
#: dimensions: 7.6 MB instead of 15.2 MB, where the taxonomy's 2,150 rows take 3.3 MB as float32),
#: and the vectors are unit length, so rounding costs little: for the default model, against
#: float32, a component moves by at most 1.1e-4 and a cosine with 305 queries by at most 6.4e-5
#: (2 of the 305 top-10 rankings swapped a near-tie). They are read back as float32, and
#: computed vectors go through float16 too, so shipped, cached and computed vectors are equal.
VOCABULARY_DTYPE = "float16"


# -- taxonomy vectors and their cache ---------------------------------------------------------


def skill_texts(taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """The texts embedded for each skill, and the skill id that owns each text.

    One text per name (label and up to 12 aliases, case-folded duplicates dropped) plus one
    "label: description" text; a skill's score is its best text's. Recipe version
    :data:`RECIPE_VERSION`.
    """
    texts: list[str] = []
    owners: list[str] = []
    for skill in taxonomy.skills:
        seen: set[str] = set()
        names = [skill.label, *skill.aliases[:12], *skill.cased_aliases[:4]]
        for name in names:
            folded = " ".join(name.lower().split())
            if len(folded) < 2 or folded in seen:
                continue
            seen.add(folded)
            texts.append(name)
            owners.append(skill.id)
        if skill.description:
            texts.append(f"{skill.label}: {skill.description}")
            owners.append(skill.id)
    return texts, owners


@dataclass(frozen=True)
class TaxonomyVectors:
    """Vectors of :func:`skill_texts` for one taxonomy and model: ``matrix[i]`` belongs to
    ``owners[i]``."""

    model_id: str
    taxonomy_hash: str
    owners: list[str]
    matrix: np.ndarray

    @functools.cached_property
    def groups(self) -> tuple[list[int], list[str]]:
        """Row where each skill's texts start, and the skill ids in row order."""
        starts = [0] + [
            i for i in range(1, len(self.owners)) if self.owners[i] != self.owners[i - 1]
        ]
        return starts, [self.owners[i] for i in starts]


def cache_dir() -> Path:
    """The user cache folder: ``$SKILLGAP_CACHE`` or ``~/.cache/skillgap``."""
    env = os.environ.get("SKILLGAP_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "skillgap"


def _cache_key(model_id: str, taxonomy_hash: str) -> dict[str, Any]:
    return {"model": model_id, "taxonomy_hash": taxonomy_hash, "recipe": RECIPE_VERSION}


def _vocabulary_key(model_id: str, vocabulary_hash: str) -> dict[str, Any]:
    return {"vectors": "vocabulary", "model": model_id, "vocabulary_hash": vocabulary_hash,
            "recipe": VOCABULARY_RECIPE_VERSION, "dtype": VOCABULARY_DTYPE}


def _stem(key: dict[str, Any], prefix: str = "") -> str:
    raw = json.dumps(key, sort_keys=True).encode()
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in key["model"])[:40]
    return f"{prefix}{safe}-{hashlib.sha256(raw).hexdigest()[:16]}"


def _read_entry(folder: Any, key: dict[str, Any], owners: list[str], *, rows: str = "owners",
                what: str = "taxonomy", prefix: str = "") -> np.ndarray | None:
    """The matrix of a cache entry if it matches ``key`` and its row ids (manifest field
    ``rows``) are ``owners`` exactly, else None (with a warning when an entry is there)."""
    import io

    import numpy as np

    stem = _stem(key, prefix)
    manifest_file, matrix_file = folder.joinpath(stem + ".json"), folder.joinpath(stem + ".npy")
    if not (manifest_file.is_file() and matrix_file.is_file()):
        return None
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        raw = matrix_file.read_bytes()
        problems = [
            f"{k} {manifest.get(k)!r} != {v!r}" for k, v in key.items() if manifest.get(k) != v
        ]
        if manifest.get(rows) != owners:
            problems.append("skill rows differ")
        if manifest.get("sha256") != hashlib.sha256(raw).hexdigest():
            problems.append("checksum mismatch")
        matrix = None if problems else np.load(io.BytesIO(raw), allow_pickle=False)
        if matrix is not None and (
            matrix.ndim != 2
            or matrix.shape[0] != len(owners)
            or matrix.shape[1] != manifest.get("dim")
        ):
            problems.append(f"shape {matrix.shape} does not fit {len(owners)} rows")
        if matrix is not None and "dtype" in key and matrix.dtype != np.dtype(key["dtype"]):
            problems.append(f"dtype {matrix.dtype} is not {key['dtype']}")
    except (OSError, ValueError) as exc:
        problems = [f"unreadable ({exc})"]
    if problems:
        log.warning("ignoring stale %s vectors %s: %s", what, stem, "; ".join(problems))
        return None
    return matrix.astype(np.float32, copy=False)


def write_entry(folder: Path, vectors: TaxonomyVectors | VocabularyVectors) -> Path:
    """Write a cache entry (``<stem>.npy`` + ``<stem>.json``) atomically; returns the .npy path.

    Taxonomy vectors are stored as float32 with their row ``owners``; vocabulary vectors as
    :data:`VOCABULARY_DTYPE` with their skill ``ids``, in files named ``vocabulary-<stem>``.
    """
    import io

    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(vectors, VocabularyVectors):
        key = _vocabulary_key(vectors.model_id, vectors.vocabulary_hash)
        stem, dtype, rows, ids = _stem(key, "vocabulary-"), VOCABULARY_DTYPE, "ids", vectors.ids
    else:
        key = _cache_key(vectors.model_id, vectors.taxonomy_hash)
        stem, dtype, rows, ids = _stem(key), "float32", "owners", vectors.owners
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(vectors.matrix, dtype=dtype), allow_pickle=False)
    raw = buf.getvalue()
    manifest = {
        **key,
        "rows": len(ids),
        "dim": int(vectors.matrix.shape[1]),
        "sha256": hashlib.sha256(raw).hexdigest(),
        rows: ids,
    }
    for suffix, data in (
        (".npy", raw),
        (".json", json.dumps(manifest, indent=1, sort_keys=True).encode() + b"\n"),
    ):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / (stem + suffix))
    return folder / (stem + ".npy")


def _find_entry(key: dict[str, Any], ids: list[str], **read: Any) -> np.ndarray | None:
    """The matrix of the shipped entry for ``key``, else of the user cache's, else None."""
    for folder in (data_dir("models").joinpath("vectors"), cache_dir() / "vectors"):
        matrix = _read_entry(folder, key, ids, **read)
        if matrix is not None:
            return matrix
    return None


def _store(vectors: TaxonomyVectors | VocabularyVectors) -> None:
    """Write computed vectors to the user cache; a cache that cannot be written is a warning."""
    target = cache_dir() / "vectors"
    try:
        write_entry(target, vectors)
    except OSError as exc:
        log.warning("cannot write the vector cache in %s: %s", target, exc)


_VECTORS: dict[tuple[str, str], TaxonomyVectors] = {}
_VECTORS_LOCK = threading.Lock()


def taxonomy_vectors(
    taxonomy: Taxonomy, encoder: Encoder, *, use_cache: bool = True
) -> TaxonomyVectors:
    """Vectors of every skill text of ``taxonomy``: shipped, cached, or computed (and cached).

    >>> from skillgap import load_taxonomy
    >>> tv = taxonomy_vectors(load_taxonomy(), Encoder(device="cpu"))  # doctest: +SKIP
    >>> len(tv.owners) == tv.matrix.shape[0]                            # doctest: +SKIP
    True
    """
    memo_key = (encoder.model_id, taxonomy.content_hash)
    with _VECTORS_LOCK:
        found = _VECTORS.get(memo_key)
    if found is not None:
        return found
    texts, owners = skill_texts(taxonomy)
    key = _cache_key(encoder.model_id, taxonomy.content_hash)
    matrix = _find_entry(key, owners) if use_cache else None
    computed = matrix is None
    if matrix is None:
        log.info(
            "embedding %d texts of taxonomy %r with %s", len(texts), taxonomy.name, encoder.model_id
        )
        matrix = encoder.encode(texts)
    result = TaxonomyVectors(encoder.model_id, taxonomy.content_hash, owners, matrix)
    if use_cache and computed:
        _store(result)
    with _VECTORS_LOCK:
        _VECTORS[memo_key] = result
    return result


# -- vocabulary vectors -----------------------------------------------------------------------


def vocabulary_texts(vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The text embedded for each skill of a broad vocabulary, and the skill ids, by id.

    One text per skill, its label (whitespace runs as one space), so that the vectors stay one
    row per skill: the vocabulary holds about 35 times the taxonomy's skills, and its aliases
    are found by name already. Recipe version :data:`VOCABULARY_RECIPE_VERSION`.

    ``vocabulary``: a :class:`~skillgap.taxonomy.Vocabulary`, or anything with its ``records``
    (``{skill id: record with a "label"}``).
    """
    records = vocabulary.records
    ids = sorted(records)
    return [" ".join(str(records[i]["label"]).split()) for i in ids], ids


def _vocabulary_hash(texts: list[str], ids: list[str]) -> str:
    """sha256 of the rows embedded (id and text): the vectors' content key. Anything else of
    the vocabulary (aliases, categories, sources) may change without making them stale."""
    payload = json.dumps([list(row) for row in zip(ids, texts, strict=True)],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VocabularyVectors:
    """Vectors of :func:`vocabulary_texts` for one vocabulary and model: ``matrix[i]`` (float32,
    stored as :data:`VOCABULARY_DTYPE`) belongs to ``ids[i]``; ids sorted."""

    model_id: str
    vocabulary_hash: str
    ids: list[str]
    matrix: np.ndarray


#: Per vocabulary object: its texts, ids and hash (reading every record takes ~0.1-0.3 s).
_VOCABULARY_ROWS: weakref.WeakKeyDictionary[Any, tuple[list[str], list[str], str]] = (
    weakref.WeakKeyDictionary())
_VOCABULARY_VECTORS: dict[tuple[str, str], VocabularyVectors] = {}


def _vocabulary_rows(vocabulary: Vocabulary) -> tuple[list[str], list[str], str]:
    with _VECTORS_LOCK:
        found = _VOCABULARY_ROWS.get(vocabulary)
    if found is None:
        texts, ids = vocabulary_texts(vocabulary)
        found = (texts, ids, _vocabulary_hash(texts, ids))
        with _VECTORS_LOCK:
            _VOCABULARY_ROWS[vocabulary] = found
    return found


def vocabulary_vectors(
    vocabulary: Vocabulary, encoder: Encoder, *, use_cache: bool = True
) -> VocabularyVectors:
    """Vectors of every skill label of a broad vocabulary: shipped, cached, or computed (and
    cached).

    Looked up as the taxonomy's are (:func:`taxonomy_vectors`): ``models/vectors/`` (shipped
    for the built-in vocabulary and the default model on ONNX), then the user cache, keyed by
    model id, the vocabulary's content hash (of the ids and texts embedded) and
    :data:`VOCABULARY_RECIPE_VERSION`; a stale, foreign or broken entry is ignored with a
    warning and computed again.

    >>> from skillgap import load_taxonomy
    >>> vv = vocabulary_vectors(load_taxonomy().vocabulary, Encoder(device="cpu"))  # doctest: +SKIP
    >>> vv.matrix.shape == (len(vv.ids), 384)                                      # doctest: +SKIP
    True
    """
    import numpy as np

    texts, ids, digest = _vocabulary_rows(vocabulary)
    memo_key = (encoder.model_id, digest)
    with _VECTORS_LOCK:
        found = _VOCABULARY_VECTORS.get(memo_key)
    if found is not None:
        return found
    key = _vocabulary_key(encoder.model_id, digest)
    matrix = _find_entry(key, ids, rows="ids", what="vocabulary",
                         prefix="vocabulary-") if use_cache else None
    computed = matrix is None
    if matrix is None:
        log.info("embedding %d vocabulary skill labels with %s", len(texts), encoder.model_id)
        stored = encoder.encode(texts).astype(VOCABULARY_DTYPE)
        matrix = stored.astype(np.float32)  # as it will read back from the cache
    result = VocabularyVectors(encoder.model_id, digest, ids, matrix)
    if use_cache and computed:
        _store(result)
    with _VECTORS_LOCK:
        _VOCABULARY_VECTORS[memo_key] = result
    return result
