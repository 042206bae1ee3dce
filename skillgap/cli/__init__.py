"""The ``skillgap`` command line: parse arguments, call the library, write the result.

Each sub-command lives in its own module (``_analyze``, ``_taxonomy``, …) and only calls the
library. ``SkillgapError`` becomes one clean line on stderr and exit code 1; usage errors exit 2;
any other exception (a bug) becomes one line naming it and exit code 3, never a traceback unless
``--debug`` asks for it. stdout stays pipeable; progress goes to stderr.
"""

from __future__ import annotations

import errno
import logging
import sys
import traceback

import click

from skillgap._version import __version__
from skillgap.errors import SkillgapError

__all__ = ["cli", "main"]


INTERNAL_ERROR_EXIT = 3
# click's own ways out (usage errors, --help, exit codes, Ctrl-C) pass through untouched
_CLICK_EXITS = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


def _internal_error(exc: Exception, *, debug: bool) -> None:
    """Tell the user about a bug in one line (the traceback too with ``--debug``)."""
    if debug:
        click.echo(traceback.format_exc(), err=True, nl=False)
    message = " ".join(str(exc).split())
    if len(message) > 300:
        message = message[:297] + "..."
    what = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    hint = "" if debug else " (run again with --debug for the traceback)"
    click.echo(f"skillgap: internal error: {what}{hint}", err=True)


def _is_broken_pipe(exc: Exception) -> bool:
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE  # click handles it: quiet exit


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except SkillgapError as exc:
            message = " ".join(str(exc).split())
            click.echo(f"skillgap: error: {message}", err=True)
            ctx.exit(1)
        except _CLICK_EXITS:
            raise
        except Exception as exc:
            if _is_broken_pipe(exc):
                raise
            _internal_error(exc, debug=bool(ctx.params.get("debug")))
            ctx.exit(INTERNAL_ERROR_EXIT)

    def main(self, args=None, prog_name=None, complete_var=None,  # type: ignore[no-untyped-def]
             standalone_mode=True, **extra):
        """Click's ``main``, plus a last guard for a bug outside a command (e.g. while parsing)."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        except _CLICK_EXITS:
            raise
        except Exception as exc:
            if _is_broken_pipe(exc):
                raise
            argv = sys.argv[1:] if args is None else list(args)
            _internal_error(exc, debug="--debug" in argv)
            if not standalone_mode:
                return INTERNAL_ERROR_EXIT
            sys.exit(INTERNAL_ERROR_EXIT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skillgap")
@click.option("-v", "--verbose", count=True, help="Log progress to stderr (-vv for debug).")
@click.option("--debug", is_flag=True,
              help="On an internal error (exit code 3), show the Python traceback.")
def cli(verbose: int, debug: bool) -> None:
    """How far a resume and portfolio are from an AI/ML role (offline).

    \b
    Exit codes:
      0  done
      1  an error skillgap explains in one line on stderr (a file it cannot
         read, an unknown role, a limit exceeded, ...)
      2  a usage error (an unknown option, a missing argument)
      3  an internal error, a bug in skillgap: one line on stderr,
         "skillgap: internal error: TYPE: MESSAGE"; run again with --debug
         for the traceback and report it
    """
    if verbose:
        logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO,
                            format="skillgap: %(message)s", stream=sys.stderr)


def _register() -> None:
    from skillgap.cli import _analyze, _batch, _screen, _serve, _taxonomy

    for module in (_analyze, _taxonomy, _batch, _screen, _serve):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``skillgap`` script and ``python -m skillgap``."""
    cli.main(args=argv, prog_name="skillgap")
