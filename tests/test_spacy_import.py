"""skillgap imports spaCy without torch and without spaCy's command line
(skillgap.extract._spacy), and leaves both importable afterwards. Each case runs in a fresh
interpreter: what is imported is per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PROBE = """
import json, sys
from skillgap.extract import get_nlp
doc = get_nlp().make_doc("Skills: Python, SQL")
out = {"tokens": len(doc), "cli_loaded": "spacy.cli" in sys.modules,
       "typer_loaded": "typer" in sys.modules, "torch_loaded": "torch" in sys.modules}
import spacy
import spacy.cli  # spaCy's real command line, loaded now
out["cli_real"] = hasattr(spacy.cli, "download") and spacy.cli is sys.modules["spacy.cli"]
out["info"] = "spacy_version" in spacy.info(silent=True)
print(json.dumps(out))
"""


def _probe(**env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SKILLGAP_")}
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env={**clean, **env}, check=True)
    return json.loads(out.stdout)


def test_spacy_is_imported_without_its_command_line_or_torch() -> None:
    out = _probe()
    assert out["tokens"] == 5  # Skills : Python , SQL
    assert out["cli_loaded"] is False and out["typer_loaded"] is False
    assert out["torch_loaded"] is False
    # and both stay usable: spaCy's command line and spacy.info() load when asked for
    assert out["cli_real"] is True and out["info"] is True


@pytest.mark.parametrize("switch", ["SKILLGAP_SPACY_CLI"])
def test_the_command_line_is_imported_as_spacy_does_when_asked(switch: str) -> None:
    out = _probe(**{switch: "1"})
    assert out["cli_loaded"] is True and out["typer_loaded"] is True
    assert out["cli_real"] is True and out["info"] is True
