"""``skillgap analyze`` and ``skillgap roles``."""

from __future__ import annotations

from pathlib import Path

import click

from skillgap.cli._common import limit_options, make_limits, write_output

__all__ = ["COMMANDS"]


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--role", "role", default=None, help="Role id to score (default: every role).")
@click.option("--job-description", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Score against a job ad (text, PDF or JSON Resume job) "
              "instead of a built-in role.")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json",
              show_default=True, help="Report format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout.")
@click.option("--taxonomy", type=click.Path(exists=True, path_type=Path), default=None,
              help="A taxonomy file or folder (default: the built-in AI/ML guide taxonomy).")
@click.option("--no-embeddings", is_flag=True, help="Lexical matching only (fast, no model).")
@click.option("--device", default="auto", show_default=True,
              help="Embedding device: auto, cpu, cuda, mps.")
@click.option("--model", default=None, help="sentence-transformers model name or path.")
@click.option("--redact", is_flag=True, help="Mask e-mails, phone numbers and addresses.")
@limit_options
def analyze_cmd(paths: tuple[Path, ...], role: str | None, job_description: Path | None, fmt: str, out: Path | None,
                taxonomy: Path | None, no_embeddings: bool, device: str, model: str | None,
                redact: bool, max_bytes: int, max_pages: int, max_chars: int,
                timeout_s: float) -> None:
    """Analyse one candidate (all PATHS together: resume, READMEs, repository folders)."""
    import skillgap
    from skillgap._api import resolve_taxonomy
    from skillgap.cli._batch import resolve_role
    from skillgap.report import render

    limits = make_limits(max_bytes, max_pages, max_chars, timeout_s)
    tax = resolve_taxonomy(taxonomy)
    the_role = resolve_role(role, job_description, tax, limits) if job_description else role
    analysis = skillgap.analyze(*paths, role=the_role, taxonomy=tax, embeddings=not no_embeddings,
                                device=device, model=model, limits=limits)
    role_id = the_role if isinstance(the_role, str) or the_role is None else the_role.id
    write_output(render(analysis, fmt, role=role_id, redact=redact), out)


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
