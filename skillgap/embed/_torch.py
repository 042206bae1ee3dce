"""The torch backend's forward pass: a sentence-transformers model run batch by batch.

``SentenceTransformer.encode`` tokenises through the Python layer of ``transformers`` (about
17,000 short phrases/s on an H100 host, the whole budget of a GPU run) and copies each batch's
vectors back to the host, which waits for the GPU after every batch. Here:

- texts are tokenised by the model's own Rust tokenizer (``tokenizers``, the same vocabulary,
  truncation and padding), used only after it gave exactly the ids of the model's
  ``preprocess`` on a probe of awkward texts; otherwise ``preprocess`` itself is used;
- batches are queued on the device without waiting, and on a GPU a thread tokenises the next
  batch while the device computes the last one; the vectors cross to the host once.

The vectors are those of ``SentenceTransformer.encode(..., normalize_embeddings=True)``
(``tests/test_embed.py`` compares them); ``benchmarks/gpu_speed.py`` measures the throughput.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["TorchRunner"]

# texts on which the fast tokenizer must give the ids of the model's own preprocessing
_PROBE = [
    "SQL",
    "  Served models with FastAPI  ",
    "naïve Bayes — Ünïcode ✓ C++/C# e.g. scikit-learn",
    "tab\tand\nnewline",
    " ".join(["long"] * 600),
]
_KEYS = ("input_ids", "token_type_ids", "attention_mask")


class TorchRunner:
    """Encodes texts with a loaded ``SentenceTransformer`` on its device.

    Args:
        model: the loaded sentence-transformers model.
        device: ``"cpu"``, ``"cuda"`` or ``"mps"``.
    """

    def __init__(self, model: Any, device: str) -> None:
        self.model = model
        self.device = device
        self._prepare: Callable[[Sequence[str]], dict[str, Any]] = (
            getattr(model, "preprocess", None) or model.tokenize  # preprocess: s-t >= 6
        )
        self.fast_tokenizer = False
        self._features = self._find_fast_tokenizer() or self._prepare
        self.prefetch = device != "cpu"  # tokenise ahead while the device computes

    def _find_fast_tokenizer(self) -> Callable[[Sequence[str]], dict[str, Any]] | None:
        """The Rust tokenizer as ``preprocess`` calls it, if it matches on :data:`_PROBE`."""
        try:
            import numpy as np
            import torch
            from tokenizers import Tokenizer

            module = self.model[0]
            hf = module.tokenizer
            rust = Tokenizer.from_str(hf.backend_tokenizer.to_str())
            reference = self._prepare(_PROBE)
            keys = [k for k in _KEYS if k in reference]
            if "input_ids" not in keys or any(
                hasattr(v, "shape") for k, v in reference.items() if k not in keys
            ):
                return None  # features we do not know how to build
            extras = {k: v for k, v in reference.items() if k not in keys}
            rust.enable_truncation(max_length=int(self.model.max_seq_length))
            rust.enable_padding(
                direction=getattr(hf, "padding_side", "right"),
                pad_id=int(hf.pad_token_id),
                pad_type_id=int(getattr(hf, "pad_token_type_id", 0) or 0),
                pad_token=str(hf.pad_token),
            )
            lower = bool(getattr(module, "do_lower_case", False))
            # encode_batch_fast (tokenizers >= 0.21) skips the character offsets, unused here
            encode_batch = getattr(rust, "encode_batch_fast", rust.encode_batch)
        except Exception:  # noqa: BLE001 - any surprise: keep the model's own preprocessing
            return None

        def features(texts: Sequence[str], strip: bool) -> dict[str, Any]:
            texts = [t.strip() if strip else t for t in texts]
            if lower:
                texts = [t.lower() for t in texts]
            encodings = encode_batch(texts)
            out: dict[str, Any] = dict(extras)
            for key, attr in (("input_ids", "ids"), ("token_type_ids", "type_ids"),
                              ("attention_mask", "attention_mask")):
                if key in keys:
                    rows = [getattr(e, attr) for e in encodings]
                    out[key] = torch.from_numpy(np.asarray(rows, dtype=np.int64))
            return out

        for strip in (False, True):
            try:
                mine = features(_PROBE, strip)
            except Exception:  # noqa: BLE001
                return None
            if all(torch.equal(mine[k], reference[k].to(torch.int64)) for k in keys):
                self.fast_tokenizer = True
                return lambda texts, strip=strip: features(texts, strip)
        return None

    def encode(self, texts: Sequence[str], batch_size: int) -> Any:
        """L2-normalised float32 vectors (numpy), one row per text (at least one), in order,
        ``batch_size`` texts per forward pass."""
        import numpy as np
        import torch

        slices = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
        batches = []
        with torch.inference_mode(), _Prefetch(self._features, slices, self.prefetch) as ready:
            for features in ready:
                features = {
                    k: v.to(self.device, non_blocking=True) if hasattr(v, "to") else v
                    for k, v in features.items()
                }
                pooled = self.model(features)["sentence_embedding"].float()
                batches.append(torch.nn.functional.normalize(pooled, dim=1))
            return torch.cat(batches).cpu().numpy().astype(np.float32, copy=False)


class _Prefetch:
    """The features of each slice in order; with ``ahead``, the next slice is tokenised in a
    thread while the caller uses the last one (the Rust tokenizer releases the GIL), so the CPU
    prepares batch i+1 while the GPU computes batch i. One thread: the tokenizer is never used
    by two threads at once."""

    def __init__(self, features: Callable[[Sequence[str]], dict[str, Any]],
                 slices: list[Sequence[str]], ahead: bool) -> None:
        self.features, self.slices = features, slices
        self.pool: Any = None
        if ahead and len(slices) > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="skillgap-tokenize")

    def __enter__(self) -> Iterator[dict[str, Any]]:
        if self.pool is None:
            return map(self.features, self.slices)
        return self._ahead()

    def _ahead(self) -> Iterator[dict[str, Any]]:
        pending = self.pool.submit(self.features, self.slices[0])
        for nxt in self.slices[1:]:
            done, pending = pending.result(), self.pool.submit(self.features, nxt)
            yield done
        yield pending.result()

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
