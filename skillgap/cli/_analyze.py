"""``skillgap analyze`` and ``skillgap roles``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from skillgap.cli._common import encoder_options, limit_options, make_limits, write_output

__all__ = ["COMMANDS"]


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--role", "role", default=None, help="Role id to score (default: every role).")
@click.option("--job-description", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Score against a job ad (text, PDF or JSON Resume job) "
              "instead of a built-in role.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md", "html"]), default=None,
              help="Report format. Default: a readable summary (text) when stdout is a terminal, "
              "JSON when it is a pipe or a file (--out).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@encoder_options
@click.option("--redact", is_flag=True, help="Mask e-mails, phone numbers and addresses.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM|today",
              help="The month 'Present' on the resume stands for (default: the latest date the "
              "resume names, so the same file always gives the same report).")
@limit_options
def analyze_cmd(paths: tuple[Path, ...], role: str | None, job_description: Path | None, fmt: str | None,
                out: Path | None,
                taxonomy: Path | None, no_embeddings: bool, device: str, model: str | None,
                redact: bool, as_of: str | None, max_bytes: int, max_pages: int, max_chars: int,
                timeout_s: float) -> None:
    """Analyse one candidate (all PATHS together: resume, READMEs, repository folders).

    At a terminal the result is a readable summary (best roles, closest gaps with practice
    tasks, skills with their strongest evidence); piped or written with --out it is JSON, as
    with --format json.
    """
    import skillgap
    from skillgap._api import resolve_taxonomy
    from skillgap.cli._batch import resolve_role
    from skillgap.report import render

    limits = make_limits(max_bytes, max_pages, max_chars, timeout_s)
    tax = resolve_taxonomy(taxonomy)
    the_role = resolve_role(role, job_description, tax, limits) if job_description else role
    analysis = skillgap.analyze(*paths, role=the_role, taxonomy=tax, embeddings=not no_embeddings,
                                device=device, model=model, limits=limits, reference=_month(as_of))
    role_id = the_role if isinstance(the_role, str) or the_role is None else the_role.id
    if fmt is None:
        fmt = "text" if out is None and sys.stdout.isatty() else "json"
    if fmt == "text":
        write_output(summary_text(analysis, role=role_id, redact=redact, to_terminal=out is None), out)
        return
    write_output(render(analysis, fmt, role=role_id, redact=redact), out)


def summary_text(analysis, *, role: str | None, redact: bool, to_terminal: bool) -> str:  # type: ignore[no-untyped-def]
    """The terminal summary as text (with colours only for a terminal)."""
    import io

    from rich.console import Console

    from skillgap.cli._summary import print_summary

    if redact:
        from skillgap.report.redact import redact_analysis

        analysis = redact_analysis(analysis)
    buffer = io.StringIO()
    console = Console(file=buffer, width=None if to_terminal else 110, force_terminal=to_terminal,
                      color_system="auto" if to_terminal else None, highlight=False)
    print_summary(analysis, role=role, console=console)
    return buffer.getvalue()


@click.command("roles")
@click.option("--taxonomy", type=click.Path(exists=True, path_type=Path), default=None,
              help="A taxonomy file or folder (default: built-in).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def roles_cmd(taxonomy: Path | None, as_json: bool) -> None:
    """List the roles of the taxonomy."""
    import json

    from skillgap import load_taxonomy

    tax = load_taxonomy(taxonomy)
    if as_json:
        rows = [{"id": r.id, "label": r.label, "level": r.level,
                 "required": len(r.skills.required), "nice_to_have": len(r.skills.nice_to_have)}
                for r in tax.roles]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(r.id) for r in tax.roles), default=10)
    for r in tax.roles:
        click.echo(f"{r.id:<{width}}  {r.label} ({len(r.skills.required)} required, "
                   f"{len(r.skills.nice_to_have)} nice-to-have)")


COMMANDS = [analyze_cmd, roles_cmd]


def _month(value: str | None):  # type: ignore[no-untyped-def]
    """``--as-of``: ``today`` or ``YYYY-MM`` as the first day of that month."""
    import datetime as dt

    if value is None:
        return None
    if value.strip().lower() == "today":
        today = dt.date.today()
        return dt.date(today.year, today.month, 1)
    try:
        year, month = (int(x) for x in value.strip().split("-"))
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: use YYYY-MM or 'today'", param_hint="--as-of") from exc
