"""Loading a taxonomy: the built-in one, a user's file or folder, or an ESCO / O*NET export."""

from __future__ import annotations

import functools
from os import PathLike
from pathlib import Path
from typing import Any

from skillgap._resources import data_dir
from skillgap.errors import TaxonomyValidationError
from skillgap.taxonomy._model import Category, Skill, Taxonomy, _build, _parse, _read_tree
from skillgap.taxonomy._snapshot import read_snapshot
from skillgap.taxonomy._vocabulary import Vocabulary, VocabularyMatch, load_vocabulary
from skillgap.taxonomy.importers import detect_format, import_taxonomy

__all__ = ["load_taxonomy"]


@functools.lru_cache(maxsize=1)
def builtin_files() -> dict[str, Any] | None:
    """The built-in taxonomy's files, parsed, from its snapshot while it is fresh (else None:
    they are read as YAML); see :mod:`skillgap.taxonomy._snapshot`. Read once."""
    return read_snapshot(data_dir("taxonomy"))


@functools.lru_cache(maxsize=2)
def _builtin(vocabulary: bool = True) -> Taxonomy:
    root = data_dir("taxonomy")
    source = "<built-in taxonomy>"
    tax = _build(_read_tree(root, source, builtin_files()), source)
    return tax.with_vocabulary(load_vocabulary()) if vocabulary else tax


def load_taxonomy(path: str | PathLike[str] | None = None, *,
                  vocabulary: bool | None = None) -> Taxonomy:
    """Load the built-in taxonomy (``path=None``) or a user's taxonomy file or folder.

    A file may be the project's own format (YAML or JSON). ESCO and O*NET exports are read by
    :mod:`skillgap.taxonomy.importers` (``skillgap taxonomy import``), which writes this format.

    ``vocabulary``: put the broad vocabulary (O*NET Technology Skills + ESCO, shipped; see
    :mod:`skillgap.taxonomy._vocabulary`) behind the taxonomy's own skills, so that every other
    skill is found, looked up and reported too. Default: yes for the built-in taxonomy, no for
    a user's.

    Raises:
        TaxonomyValidationError: the file is malformed; every problem is listed.

    >>> load_taxonomy().get("pytorch").label
    'PyTorch'
    >>> load_taxonomy().lookup("SAP").origin
    'onet'
    """
    if path is None:
        return _builtin(vocabulary is not False)
    tax = _load_path(path)
    if vocabulary:
        vocab = load_vocabulary()
        return Taxonomy(tax._data, source=tax.source, vocabulary=_UserVocabulary(vocab))
    return tax


class _UserVocabulary:
    """The shipped vocabulary behind a user's taxonomy: the guide's links are not applied to
    the user's skills (a user's ``python`` is theirs), and names point to vocabulary skills."""

    def __init__(self, vocab: Vocabulary) -> None:
        self._vocab = vocab

    def __reduce__(self) -> tuple[object, ...]:
        return (_UserVocabulary, (self._vocab,))

    @property
    def records(self) -> dict[str, dict[str, Any]]:
        """The vocabulary's skill records (for its vectors, ``skillgap.embed``)."""
        return self._vocab.records

    @property
    def vendors(self) -> tuple[str, ...]:
        """The vendors a product's name may start with ("Microsoft Word"), for the extractor."""
        return self._vocab.vendors

    @property
    def vendor_set(self) -> frozenset[str]:
        return self._vocab.vendor_set

    def transversal(self, skill_id: str) -> bool:
        return self._vocab.transversal(skill_id)

    def get(self, skill_id: str) -> Skill | None:
        return self._vocab.get(skill_id)

    def find(self, name: str) -> str | None:
        found = self._vocab.find(name)
        return found if found is not None and ":" in found else None

    def category(self, category_id: str) -> Category | None:
        return self._vocab.category(category_id)

    def enrich(self, skill: Skill) -> Skill:
        return skill

    def match(self, text: str) -> list[VocabularyMatch]:
        return [m for m in self._vocab.match(text) if ":" in m.skill_id]


def _load_path(path: str | PathLike[str]) -> Taxonomy:
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
