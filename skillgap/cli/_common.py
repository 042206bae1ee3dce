"""Options and helpers shared by the sub-commands."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["write_output"]


def write_output(text: str, out: Path | None) -> None:
    """Write to ``out`` (UTF-8, exact bytes) or to stdout."""
    if out is None:
        click.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
