"""Offline guarantee: analysis with embeddings works, and tries no connection, with sockets blocked.

The encoder is loaded while the network is blocked (in this process with a fresh encoder cache,
and in a new interpreter without ``HF_HUB_OFFLINE``), so the test covers loading the shipped
model, not only using one loaded earlier.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import skillgap
from skillgap import Document

pytestmark = pytest.mark.slow

# "forecast demand" names no skill word for word; only the embedding model links it
TEXT = ("Experience\n"
        "- Trained gradient boosted decision trees to forecast demand\n"
        "- Wrote unit tests for data loaders\n"
        "Skills\nPython, Docker\n")

BLOCK = '''
import socket
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[1:2] or args[:1])[:80])
    raise OSError("network access is blocked by test_offline")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
'''


def _refuse(attempts: list[str]):  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:2] or args[:1])[:80])
        raise OSError("network access is blocked by test_offline")
    return refuse


def test_analyze_with_embeddings_with_sockets_blocked(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    from skillgap import embed

    attempts: list[str] = []
    refuse = _refuse(attempts)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(embed._encoder, "_ENCODERS", {})  # load the model now, under the block
    monkeypatch.setenv("SKILLGAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(OSError):  # the block works
        socket.create_connection(("example.org", 80), timeout=1)
    attempts.clear()
    # paraphrase links on (the default threshold links only exact skill texts): the model runs
    monkeypatch.setattr("skillgap.link.SEMANTIC_MIN_SCORE", 0.8)

    analysis = skillgap.analyze(Document.from_text(TEXT), embeddings=True, device="cpu")

    methods = {ev.method for hit in analysis.skills for ev in hit.evidence}
    assert "semantic" in methods, [(h.skill_id, h.evidence[0].method) for h in analysis.skills]
    assert analysis.skill("python") is not None
    assert attempts == []


def test_a_fresh_interpreter_loads_the_model_without_network(tmp_path: Path) -> None:
    code = BLOCK + f'''
import json, skillgap, skillgap.link
from skillgap import Document
from skillgap.embed import get_encoder
skillgap.link.SEMANTIC_MIN_SCORE = 0.8  # paraphrase links on: the model runs
a = skillgap.analyze(Document.from_text({TEXT!r}), embeddings=True, device="cpu")
torch_vec = get_encoder(device="cpu", backend="torch").encode(["PyTorch"])
print(json.dumps({{"attempts": attempts, "dims": int(torch_vec.shape[1]),
                  "methods": sorted({{e.method for h in a.skills for e in h.evidence}})}}))
'''
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HF_", "TRANSFORMERS_", "SKILLGAP_"))}
    env["SKILLGAP_CACHE"] = str(tmp_path / "cache")
    env["HF_HOME"] = str(tmp_path / "hf")  # an empty Hugging Face cache: nothing to fall back on
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["dims"] == 384
    assert "semantic" in result["methods"]
