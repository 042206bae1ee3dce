"""Taxonomy vectors: the texts embedded per skill, shipped vectors and the user cache."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap._resources import data_dir

if TYPE_CHECKING:
    import numpy as np

    from skillgap.taxonomy import Taxonomy

from skillgap.embed._encoder import Encoder

__all__ = ["RECIPE_VERSION", "TaxonomyVectors", "cache_dir", "skill_texts", "taxonomy_vectors", "write_entry"]

log = logging.getLogger("skillgap")

#: Version of :func:`skill_texts`; part of every cache key.
RECIPE_VERSION = 2


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


def _stem(key: dict[str, Any]) -> str:
    raw = json.dumps(key, sort_keys=True).encode()
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in key["model"])[:40]
    return f"{safe}-{hashlib.sha256(raw).hexdigest()[:16]}"


def _read_entry(folder: Any, key: dict[str, Any], owners: list[str]) -> np.ndarray | None:
    """The matrix of a cache entry if it matches ``key`` and ``owners`` exactly, else None."""
    import io

    import numpy as np

    stem = _stem(key)
    manifest_file, matrix_file = folder.joinpath(stem + ".json"), folder.joinpath(stem + ".npy")
    if not (manifest_file.is_file() and matrix_file.is_file()):
        return None
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        raw = matrix_file.read_bytes()
        problems = [
            f"{k} {manifest.get(k)!r} != {v!r}" for k, v in key.items() if manifest.get(k) != v
        ]
        if manifest.get("owners") != owners:
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
    except (OSError, ValueError) as exc:
        problems = [f"unreadable ({exc})"]
    if problems:
        log.warning("ignoring stale taxonomy vectors %s: %s", stem, "; ".join(problems))
        return None
    return matrix.astype(np.float32, copy=False)


def write_entry(folder: Path, vectors: TaxonomyVectors) -> Path:
    """Write a cache entry (``<stem>.npy`` + ``<stem>.json``) atomically; returns the .npy path."""
    import io

    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    key = _cache_key(vectors.model_id, vectors.taxonomy_hash)
    stem = _stem(key)
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(vectors.matrix, dtype=np.float32), allow_pickle=False)
    raw = buf.getvalue()
    manifest = {
        **key,
        "rows": len(vectors.owners),
        "dim": int(vectors.matrix.shape[1]),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "owners": vectors.owners,
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
    matrix = None
    if use_cache:
        for folder in (data_dir("models").joinpath("vectors"), cache_dir() / "vectors"):
            matrix = _read_entry(folder, key, owners)
            if matrix is not None:
                break
    computed = matrix is None
    if matrix is None:
        log.info(
            "embedding %d texts of taxonomy %r with %s", len(texts), taxonomy.name, encoder.model_id
        )
        matrix = encoder.encode(texts)
    result = TaxonomyVectors(encoder.model_id, taxonomy.content_hash, owners, matrix)
    if use_cache and computed:
        target = cache_dir() / "vectors"
        try:
            write_entry(target, result)
        except OSError as exc:
            log.warning("cannot write the vector cache in %s: %s", target, exc)
    with _VECTORS_LOCK:
        _VECTORS[memo_key] = result
    return result
