"""``skillgap taxonomy …``: validate, show and import taxonomies."""

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
    """Check a taxonomy file or folder; list every problem (exit code 1 if any)."""
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


@taxonomy_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--from", "fmt", type=click.Choice(["auto", "esco", "onet", "labels"]),
              default="auto", show_default=True,
              help="Source format: ESCO CSV exports, O*NET text files, or one label per line.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the taxonomy here (.yaml or .json) instead of stdout.")
@click.option("--name", default=None, help="Name of the new taxonomy (default: the format).")
@click.option("--no-roles", is_flag=True, help="Skip occupations: skills and categories only.")
@click.option("--occupation", "occupations", multiple=True, metavar="ID",
              help="Keep only this occupation as a role (O*NET-SOC code, ESCO URI or code, "
                   "title or role id); repeatable.")
@click.option("--role-skills-only", is_flag=True,
              help="Keep only the skills the imported roles name (and their broader skills).")
def import_cmd(paths: tuple[Path, ...], fmt: str, out: Path | None, name: str | None,
               no_roles: bool, occupations: tuple[str, ...], role_skills_only: bool) -> None:
    """Convert ESCO / O*NET exports or a label list (files or folders) to skillgap's format.

    \b
    Examples:
      skillgap taxonomy import --from esco esco/ --out esco.yaml
      skillgap taxonomy import --from onet "Technology Skills.txt" "Occupation Data.txt" \\
          --occupation 15-2051.00 --role-skills-only --out data-scientists.yaml
      skillgap taxonomy import --from labels skills_en_label.txt --out esco-labels.yaml
    """
    from skillgap.taxonomy import importers

    fmt_arg = None if fmt == "auto" else fmt
    wanted = list(occupations) or None
    if fmt_arg == "labels" and (no_roles or wanted or role_skills_only):
        raise click.UsageError("--no-roles, --occupation and --role-skills-only apply to "
                               "--from esco|onet only")
    if fmt_arg is None:
        fmt_arg = next((f for f in (importers.detect_format(p) for p in paths) if f), None)
        if fmt_arg is None:
            raise click.UsageError("cannot tell the format of "
                                   f"{', '.join(map(str, paths))}; pass --from esco|onet|labels")
    if fmt_arg == "esco":
        tax = importers.import_esco(paths, name=name or "esco", roles=not no_roles,
                                    occupations=wanted)
    elif fmt_arg == "onet":
        tax = importers.import_onet(paths, name=name or "onet", roles=not no_roles,
                                    occupations=wanted)
    else:
        tax = importers.import_label_list(paths, name=name)
    if role_skills_only:
        tax = importers.keep_role_skills(tax)
    text = importers.write_taxonomy(
        tax, out, header=f"skillgap taxonomy imported from {fmt_arg} "
                         f"({', '.join(p.name for p in paths)}); see docs/taxonomy-format.md")
    if out is None:
        click.echo(text, nl=False)
    click.echo(f"{out or 'stdout'}: {len(tax.skills)} skills, {len(tax.roles)} roles, "
               f"{len(tax.categories)} categories", err=True)


@taxonomy_group.command("show")
@click.argument("name")
@click.option("--taxonomy", type=click.Path(exists=True, path_type=Path), default=None,
              help="A taxonomy file or folder (default: built-in).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of YAML.")
def show_cmd(name: str, taxonomy: Path | None, as_json: bool) -> None:
    """Show one skill, role, category or KPI by id (skills also by label or alias)."""
    import json

    import yaml

    from skillgap import Skill, load_taxonomy

    tax = load_taxonomy(taxonomy)
    categories = {c.id: c for c in tax.categories}
    found = [(kind, entry) for kind, entry in (
        ("skill", tax.get(name)), ("role", tax.get_role(name)), ("kpi", tax.kpi(name)),
        ("category", categories.get(name))) if entry is not None]
    kind, entry = found[0] if found else ("skill", tax.lookup(name))  # lookup raises with hints
    data = {"kind": kind, **entry.model_dump(mode="json", exclude_defaults=True)}
    if kind == "skill":
        assert isinstance(entry, Skill)
        narrower = sorted(s.id for s in tax.skills if entry.id in s.broader)
        roles = sorted(r.id for r in tax.roles if entry.id in r.weights())
        data.update({k: v for k, v in (("narrower", narrower), ("roles", roles)) if v})
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


COMMANDS = [taxonomy_group]
