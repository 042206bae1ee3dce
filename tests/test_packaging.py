"""The wheel carries the taxonomy and model artefacts and works from a non-editable install."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(out), str(ROOT)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    [whl] = out.glob("skillgap-*.whl")
    return whl


def test_wheel_contains_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "skillgap/_data/taxonomy/taxonomy.yaml" in names
    assert "skillgap/_data/taxonomy/roles/ml-engineer.yaml" in names
    assert "skillgap/_data/taxonomy/snapshot.json" in names
    assert any(n.startswith("skillgap/_data/taxonomy/skills/") for n in names)
    assert any(n.startswith("skillgap/_data/models/") for n in names)
    assert any(n.startswith("skillgap/report/templates/") for n in names)
    assert "skillgap/py.typed" in names


def test_installed_wheel_loads_its_own_taxonomy(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                           str(target), str(wheel)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    code = (
        "import json, skillgap, skillgap._resources as r\n"
        "from skillgap.taxonomy._snapshot import read_snapshot\n"
        "t = skillgap.load_taxonomy()\n"
        "a = skillgap.analyze(skillgap.Document.from_text('Skills: PyTorch, Docker'), "
        "role='ml-engineer', embeddings=False)\n"
        "print(json.dumps({'file': skillgap.__file__, 'data': str(r.data_dir('taxonomy')), "
        "'skills': len(t.skills), 'roles': len(t.roles), 'found': [s.skill_id for s in a.skills], "
        "'snapshot': read_snapshot(r.data_dir('taxonomy')) is not None}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin",
                                             "HF_HUB_OFFLINE": "1"}, check=False)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["file"].startswith(str(target))
    assert info["data"].startswith(str(target)) and "_data" in info["data"]
    assert info["skills"] > 150 and info["roles"] >= 11
    assert info["found"] == ["docker", "pytorch"]
    assert info["snapshot"] is True  # the installed YAML is the snapshot's: it is read
