"""Which device embeddings run on: CUDA, Apple MPS or the CPU (the unit tests fake a GPU in)."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from skillgap.errors import EmbeddingUnavailableError

__all__ = ["GPU_EXTRA_HINT", "device_availability", "gpu_hardware_present", "select_device"]

log = logging.getLogger("skillgap")

_DEVICES = ("auto", "cpu", "cuda", "mps")
#: How to get the GPU backend: torch and sentence-transformers are the ``gpu`` extra.
GPU_EXTRA_HINT = "pip install 'skillgap[gpu]' to embed on a GPU"
_hinted = False


def gpu_hardware_present() -> bool:
    """An NVIDIA driver (Linux) or Apple silicon (macOS): a GPU that torch could use."""
    if sys.platform.startswith("linux"):
        return Path("/dev/nvidiactl").exists()
    if sys.platform == "darwin":
        import platform

        return platform.machine() == "arm64"
    return False


# -- device selection -------------------------------------------------------------------------


def device_availability() -> dict[str, tuple[bool, str]]:
    """``{"cuda": (available, reason), "mps": (available, reason)}``.

    torch is imported only when an accelerator is possible at all (a non-CPU torch build with an
    NVIDIA driver, or macOS), so the ``auto`` choice on a plain CPU machine stays cheap.
    """
    if importlib.util.find_spec("torch") is None:
        reason = f"torch is not installed ({GPU_EXTRA_HINT})"
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
        _hint_gpu_extra()
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


def _hint_gpu_extra() -> None:
    """Say once per process, in the log, that a GPU is present but the ``gpu`` extra is not."""
    global _hinted
    if _hinted or importlib.util.find_spec("torch") is not None or not gpu_hardware_present():
        return
    _hinted = True
    log.warning("a GPU is present but torch is not installed; embeddings run on the CPU (%s)",
                GPU_EXTRA_HINT)
