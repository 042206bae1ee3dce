"""Import spaCy without what skillgap's matcher never uses: torch and spaCy's command line.

* spaCy imports thinc, and ``thinc.compat`` imports torch whenever it is installed (~1.7 s and
  hundreds of MB). While spaCy is first imported, ``sys.modules["torch"]`` is set to None so
  that thinc's ``import torch`` fails fast and thinc runs without its torch shims; the entry is
  removed right after, so ``import torch`` works normally later (the embedding step imports it
  when it is used). Skipped when torch is already imported, or when ``SKILLGAP_SPACY_TORCH=1``
  (for spaCy pipelines that need thinc's torch support in the same process).
* ``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every command
  of spaCy's command line (typer, requests, jinja2, weasel, ...): 0.12-0.16 s of CPU at every
  start of skillgap, for nothing it calls. While spaCy is first imported, ``spacy.cli`` and
  ``spacy.cli.info`` are two empty placeholder modules whose ``info`` imports the real
  ``spacy.cli.info`` when it is called; both are removed right after (and ``spacy.cli`` from
  the package's attributes), so a later ``import spacy.cli`` or ``spacy.cli.download`` loads
  spaCy's real command line, and ``spacy.info()`` works. Skipped when ``SKILLGAP_SPACY_CLI=1``.

Neither applies when spaCy is already imported.
"""

from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

__all__ = ["import_spacy"]

_LOCK = threading.Lock()


def _info(*args, **kwargs):  # type: ignore[no-untyped-def]
    """``spacy.info``: spaCy's own, imported when it is called."""
    import importlib

    return importlib.import_module("spacy.cli.info").info(*args, **kwargs)


def _cli_placeholders() -> dict[str, ModuleType]:
    cli = ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" is a submodule of it
    info = ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info}


def import_spacy() -> ModuleType:
    with _LOCK:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        block_torch = "torch" not in sys.modules and os.environ.get("SKILLGAP_SPACY_TORCH") != "1"
        placeholders = {} if os.environ.get("SKILLGAP_SPACY_CLI") == "1" or any(
            name in sys.modules for name in ("spacy.cli", "spacy.cli.info")) else _cli_placeholders()
        if block_torch:
            sys.modules["torch"] = None  # type: ignore[assignment]
        sys.modules.update(placeholders)
        try:
            import spacy
            import thinc.api  # noqa: F401  (thinc.compat decides about torch here)
        finally:
            if block_torch and sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
            for name, module in placeholders.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
            spacy_module = sys.modules.get("spacy")
            if placeholders and getattr(spacy_module, "cli", None) is placeholders["spacy.cli"]:
                delattr(spacy_module, "cli")
        return spacy
