"""``skillgap taxonomy …``."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "taxonomy_group"]


@click.group("taxonomy")
def taxonomy_group() -> None:
    """Validate, inspect and import taxonomies."""


@taxonomy_group.command("validate")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def validate_cmd(path: Path) -> None:
    """Check a taxonomy file or folder; list every problem."""
    from skillgap import load_taxonomy
    from skillgap.errors import TaxonomyValidationError

    try:
        tax = load_taxonomy(path)
    except TaxonomyValidationError as exc:
        click.echo(f"skillgap: error: {path}: {len(exc.problems)} problem(s)", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{path}: ok ({len(tax.skills)} skills, {len(tax.roles)} roles, "
               f"{len(tax.kpis)} KPIs, {len(tax.categories)} categories)")


COMMANDS = [taxonomy_group]
