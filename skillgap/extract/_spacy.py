"""Import spaCy without dragging in torch.

spaCy imports thinc, and ``thinc.compat`` imports torch whenever it is installed (~1.7 s and
hundreds of MB) although skillgap's matcher never uses it. While spaCy is first imported,
``sys.modules["torch"]`` is set to None so that thinc's ``import torch`` fails fast and thinc
runs without its torch shims; the entry is removed right after, so ``import torch`` works
normally later (the embedding step imports it when it is used).

Skipped when torch is already imported, or when ``SKILLGAP_SPACY_TORCH=1`` (for spaCy pipelines
that need thinc's torch support in the same process).
"""

from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

__all__ = ["import_spacy"]

_LOCK = threading.Lock()


def import_spacy() -> ModuleType:
    with _LOCK:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        if "torch" in sys.modules or os.environ.get("SKILLGAP_SPACY_TORCH") == "1":
            import spacy

            return spacy
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import spacy
            import thinc.api  # noqa: F401  (thinc.compat decides about torch here)
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
        return spacy
