"""The README's first screen shows real output: its >>> session runs as a doctest."""

from __future__ import annotations

import doctest

from .conftest import ROOT


def test_readme_session_is_real() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0
