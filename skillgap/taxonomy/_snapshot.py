"""A JSON snapshot of the built-in taxonomy's YAML files, read in their place while it is fresh.

Reading the built-in taxonomy's YAML (about 220 KB in 23 files) took about 0.2 s of every
process's start, most of it in PyYAML's constructor (Python code even with the C parser); the
same data as JSON reads in about 3 ms. ``taxonomy/snapshot.json`` holds the parsed content of
each file the package reads at run time (:func:`snapshot_files`), with a fingerprint of their
names and bytes. The YAML stays the source: the snapshot is used only when the fingerprint of
the files on disk is the one it was written from (reading the bytes to check costs about 2 ms),
so an edited, added or removed file is read from the YAML again, never from a stale copy.

``python scripts/build_taxonomy_snapshot.py`` writes it; ``tests/test_taxonomy_snapshot.py``
fails while the shipped one is stale. A user's taxonomy folder is always read as YAML.
"""

from __future__ import annotations

import hashlib
import json
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = ["SNAPSHOT", "fingerprint", "read_snapshot", "relative_name", "snapshot_files",
           "tree_files", "write_snapshot"]

#: The snapshot's file name in the taxonomy folder (not a name the tree reader reads).
SNAPSHOT = "snapshot.json"
_FORMAT = 1
_EXTENSIONS = (".yaml", ".yml", ".json")
#: Files of the built-in taxonomy folder read at run time besides the tree (the scoring data).
_EXTRA = ("scoring.yaml",)


def tree_files(root: Traversable | Path) -> list[tuple[str, Traversable | Path]]:
    """``(part, node)`` for every file of a taxonomy folder, in the order they are read.

    ``part`` is ``"meta"`` (``taxonomy.yaml``), ``"categories"``, ``"kpis"``, ``"skills"`` or
    ``"roles"`` (every YAML or JSON file of the folders of those names, by name).
    """
    out: list[tuple[str, Traversable | Path]] = []
    for meta in ("taxonomy.yaml", "taxonomy.yml", "taxonomy.json"):
        node = root.joinpath(meta)
        if node.is_file():
            out.append(("meta", node))
            break
    for key in ("categories", "kpis"):
        for ext in _EXTENSIONS:
            node = root.joinpath(key + ext)
            if node.is_file():
                out.append((key, node))
    for folder in ("skills", "roles"):
        node = root.joinpath(folder)
        if node.is_dir():
            out.extend((folder, child) for child in sorted(node.iterdir(), key=lambda c: c.name)
                       if child.name.endswith(_EXTENSIONS))
    return out


def relative_name(part: str, node: Traversable | Path) -> str:
    """A file's name within the taxonomy folder, from its part (:func:`tree_files`):
    ``"kpis.yaml"``, ``"skills/deep-learning.yaml"``."""
    return f"{part}/{node.name}" if part in ("skills", "roles") else node.name


def snapshot_files(root: Traversable | Path) -> list[tuple[str, Traversable | Path]]:
    """``(relative name, node)`` of every file the snapshot stands for, sorted by name."""
    files = {relative_name(part, node): node for part, node in tree_files(root)}
    for name in _EXTRA:
        node = root.joinpath(name)
        if node.is_file():
            files[name] = node
    return sorted(files.items())


def fingerprint(files: list[tuple[str, Traversable | Path]]) -> str:
    """SHA-256 of the files' names and bytes."""
    digest = hashlib.sha256()
    for name, node in files:
        data = node.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_snapshot(root: Traversable | Path) -> dict[str, Any] | None:
    """``{relative name: parsed content}`` from the snapshot of ``root``, or None when there is
    none, it cannot be read, or the files on disk are not the ones it was written from."""
    node = root.joinpath(SNAPSHOT)
    try:
        if not node.is_file():
            return None
        data = json.loads(node.read_text(encoding="utf-8"))
        files = snapshot_files(root)
        if not isinstance(data, dict) or data.get("format") != _FORMAT \
                or data.get("fingerprint") != fingerprint(files):
            return None
        content = data.get("files")
        if not isinstance(content, dict) or sorted(content) != [name for name, _ in files]:
            return None
        return content
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def write_snapshot(root: Path) -> Path:
    """Parse every file of :func:`snapshot_files` and write the snapshot (compact JSON, the
    files by relative name); returns its path."""
    from skillgap.taxonomy._model import _parse

    files = snapshot_files(root)
    content = {name: _parse(node.read_text(encoding="utf-8"), node.name, str(root))
               for name, node in files}
    data = {"format": _FORMAT, "fingerprint": fingerprint(files), "files": content}
    out = root / SNAPSHOT
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    return out
