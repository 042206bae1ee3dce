"""The ``skillgap`` command line: parse arguments, call the library, write the result.

Each sub-command lives in its own module (``_analyze``, ``_taxonomy``, …) and only calls the
library. ``SkillgapError`` becomes one clean line on stderr and exit code 1; usage errors exit 2.
stdout stays pipeable; progress goes to stderr.
"""

from __future__ import annotations

import logging
import sys

import click

from skillgap._version import __version__
from skillgap.errors import SkillgapError

__all__ = ["cli", "main"]


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except SkillgapError as exc:
            message = " ".join(str(exc).split())
            click.echo(f"skillgap: error: {message}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillgap")
@click.option("-v", "--verbose", count=True, help="Log progress to stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """How far a resume and portfolio are from an AI/ML role (offline)."""
    if verbose:
        logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO,
                            format="skillgap: %(message)s", stream=sys.stderr)


def _register() -> None:
    from skillgap.cli import _analyze, _batch, _screen, _taxonomy

    for module in (_analyze, _taxonomy, _batch, _screen):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``skillgap`` script and ``python -m skillgap``."""
    cli.main(args=argv, prog_name="skillgap")
