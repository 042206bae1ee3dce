"""Loading a taxonomy: the built-in one, a user's file or folder, or an ESCO / O*NET export."""

from __future__ import annotations

import functools
from os import PathLike
from pathlib import Path

from skillgap._resources import data_dir
from skillgap.errors import TaxonomyValidationError
from skillgap.taxonomy._model import Taxonomy, _build, _parse, _read_tree
from skillgap.taxonomy.importers import detect_format, import_taxonomy

__all__ = ["load_taxonomy"]


@functools.lru_cache(maxsize=1)
def _builtin() -> Taxonomy:
    root = data_dir("taxonomy")
    return _build(_read_tree(root, "<built-in taxonomy>"), "<built-in taxonomy>")


def load_taxonomy(path: str | PathLike[str] | None = None) -> Taxonomy:
    """Load the built-in taxonomy (``path=None``) or a user's taxonomy file or folder.

    A file may be the project's own format (YAML or JSON). ESCO and O*NET exports are read by
    :mod:`skillgap.taxonomy.importers` (``skillgap taxonomy import``), which writes this format.

    Raises:
        TaxonomyValidationError: the file is malformed; every problem is listed.

    >>> load_taxonomy().get("pytorch").label
    'PyTorch'
    """
    if path is None:
        return _builtin()
    p = Path(path)
    source = str(p)
    if p.is_dir():
        detected = detect_format(p)
        if detected is not None:
            return import_taxonomy(p, format=detected)
        return _build(_read_tree(p, source), source)
    if not p.is_file():
        raise TaxonomyValidationError([f"[{source}] no such file or folder"], path=source)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyValidationError([f"[{p.name}] cannot be read: {exc}"], path=source) from exc

    detected = detect_format(p, text)
    if detected is not None:
        return import_taxonomy(p, format=detected)
    return _build(_parse(text, p.name, source), source)
