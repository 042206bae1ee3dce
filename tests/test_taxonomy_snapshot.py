"""The built-in taxonomy's JSON snapshot (skillgap.taxonomy._snapshot): the same data as its
YAML, used only while fresh."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skillgap._resources import data_dir
from skillgap.taxonomy._model import _build, _parse, _read_tree
from skillgap.taxonomy._snapshot import (
    SNAPSHOT,
    read_snapshot,
    snapshot_files,
    write_snapshot,
)

ROOT = Path(str(data_dir("taxonomy")))


def test_shipped_snapshot_is_fresh_and_holds_the_yaml() -> None:
    content = read_snapshot(ROOT)
    assert content is not None, \
        "taxonomy/snapshot.json is stale: run python scripts/build_taxonomy_snapshot.py"
    files = snapshot_files(ROOT)
    assert "skills/deep-learning.yaml" in content and "scoring.yaml" in content
    assert sorted(content) == [name for name, _ in files]
    for name, node in files:
        assert content[name] == _parse(node.read_text(encoding="utf-8"), node.name, "test"), name


def test_the_tree_reads_the_same_from_the_snapshot_and_the_yaml() -> None:
    from_yaml = _read_tree(ROOT, "t")
    from_snapshot = _read_tree(ROOT, "t", read_snapshot(ROOT))
    assert from_snapshot == from_yaml
    assert _build(from_snapshot, "t").content_hash == _build(from_yaml, "t").content_hash


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "taxonomy"
    root.mkdir()
    for name, node in snapshot_files(ROOT):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(node.read_bytes())
    write_snapshot(root)
    return root


def test_written_snapshot_reads_back(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    content = read_snapshot(root)
    assert content is not None
    assert _read_tree(root, "t", content) == _read_tree(root, "t")


def test_an_edited_file_makes_the_snapshot_stale(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    skill_file = root / "skills" / "deep-learning.yaml"
    skill_file.write_text(skill_file.read_text(encoding="utf-8").replace(
        "PyTorch", "PyTorch2", 1), encoding="utf-8")
    assert read_snapshot(root) is None
    # the reader then reads the YAML: the edit is seen
    assert "PyTorch2" in json.dumps(_read_tree(root, "t", read_snapshot(root)))


@pytest.mark.parametrize("change", ["added", "removed", "scoring", "corrupt", "missing"])
def test_other_changes_make_the_snapshot_unusable(tmp_path: Path, change: str) -> None:
    root = _copy(tmp_path)
    if change == "added":
        shutil.copy(root / "roles" / "ml-engineer.yaml", root / "roles" / "zz-copy.yaml")
    elif change == "removed":
        (root / "roles" / "ml-intern.yaml").unlink()
    elif change == "scoring":
        with (root / "scoring.yaml").open("a", encoding="utf-8") as fh:
            fh.write("\n# edited\n")
    elif change == "corrupt":
        (root / SNAPSHOT).write_text("{not json", encoding="utf-8")
    else:
        (root / SNAPSHOT).unlink()
    assert read_snapshot(root) is None


def test_scoring_data_is_the_yaml() -> None:
    from skillgap.score import scoring_data

    node = ROOT / "scoring.yaml"
    assert scoring_data() == _parse(node.read_text(encoding="utf-8"), node.name, "test")
