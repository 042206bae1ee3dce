from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"
EVAL = Path(os.environ.get("SKILLGAP_EVAL", ROOT.parent / "shared" / "eval"))


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's SKILLGAP_* / HF_* settings."""
    for key in list(os.environ):
        if key.startswith(("SKILLGAP_", "HF_")) and key != "SKILLGAP_EVAL":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def taxonomy():
    from skillgap import load_taxonomy

    return load_taxonomy()


@pytest.fixture(scope="session")
def mini_taxonomy():
    from skillgap import load_taxonomy

    return load_taxonomy(FIXTURES / "mini_taxonomy.yaml")
