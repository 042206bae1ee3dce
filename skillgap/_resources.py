"""Where the data shipped with skillgap lives.

In a wheel, ``taxonomy/`` and ``models/`` are installed as ``skillgap/_data/taxonomy`` and
``skillgap/_data/models``; in a source checkout (editable install) they are read from the
repository root. Both are returned as ``importlib.resources`` traversables, never as ``str``
paths, so zipped installs work too.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["data_dir"]


def data_dir(name: str) -> Traversable:
    """The shipped data folder ``name`` (``"taxonomy"`` or ``"models"``)."""
    packaged = files("skillgap").joinpath("_data", name)
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    return checkout
