"""``skillgap screen``: a shortlist of a folder of candidates, with reasons."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from skillgap.cli._batch import BatchProgress, _limits, common_options, resolve_role
from skillgap.cli._common import write_output

__all__ = ["COMMANDS", "render_shortlist"]


def render_shortlist(results: list[Any], fmt: str, *, show_all: bool) -> str:
    """The screening results as text (shortlist with reasons), JSON or CSV."""
    shown = results if show_all else [r for r in results if r.shortlisted]
    if fmt == "json":
        return json.dumps([r.model_dump(mode="json") for r in shown], indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["candidate_id", "shortlisted", "score", "must_haves_met", "must_haves_total",
                    "missing_must_haves", "kpis_with_evidence", "reasons"])
        for r in shown:
            w.writerow([r.candidate_id, str(r.shortlisted).lower(),
                        "" if r.score is None else r.score,
                        sum(c.met for c in r.must_haves), len(r.must_haves),
                        ";".join(c.skill_id for c in r.must_haves if not c.met),
                        ";".join(k.kpi_id for k in r.kpis if k.met), " | ".join(r.reasons)])
        return buf.getvalue()
    lines = []
    listed = sum(r.shortlisted for r in results)
    lines.append(f"Shortlist: {listed} of {len(results)} candidates")
    for i, r in enumerate(shown, start=1):
        mark = "PASS" if r.shortlisted else "FAIL"
        score = "—" if r.score is None else f"{r.score:.2f}"
        lines.append(f"{i:>3}. [{mark}] {r.candidate_id}  fit {score}  must-haves "
                     f"{sum(c.met for c in r.must_haves)}/{len(r.must_haves)}  KPIs "
                     f"{sum(k.met for k in r.kpis)}/{len(r.kpis)}")
        lines.extend(f"       - {reason}" for reason in r.reasons)
    return "\n".join(lines) + "\n"


@click.command("screen")
@click.argument("folder", type=click.Path(exists=True, path_type=Path))
@click.option("--profile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Screening profile (YAML): must_have, nice_to_have, min_fit, "
                                 "min_strength, kpis, min_kpis.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@click.option("--all", "show_all", is_flag=True, help="Also list rejected candidates and why.")
@common_options
def screen_cmd(folder: Path, profile: Path | None, fmt: str, out: Path | None, show_all: bool,
               role: str | None, job_description: Path | None, taxonomy: Path | None,
               workers: int | None, engine: str, address: str | None, no_embeddings: bool,
               device: str, model: str | None, timeout: float | None, quiet: bool) -> None:
    """Shortlist the candidates of FOLDER: must-haves, minimum fit, KPI evidence; with reasons."""
    from skillgap._api import resolve_taxonomy
    from skillgap.batch import count_sources
    from skillgap.score.screen import ScreenProfile, screen

    tax = resolve_taxonomy(taxonomy)
    prof = ScreenProfile.load(profile) if profile else None
    if role is None and job_description is None and prof is not None and prof.role:
        role = prof.role
    the_role = resolve_role(role, job_description, tax, _limits(timeout))
    console = Console(stderr=True)
    bar = BatchProgress(console, disable=quiet or not console.is_terminal)
    bar.start(count_sources(folder), 0, 0)
    try:
        results = screen(folder, role=the_role, profile=prof, taxonomy=tax, workers=workers,
                         engine=engine, address=address, embeddings=not no_embeddings,
                         device=device, model=model, limits=_limits(timeout),
                         on_result=bar.advance)
    finally:
        bar.stop()
    write_output(render_shortlist(results, fmt, show_all=show_all), out)
    if not quiet:
        click.echo(f"skillgap: {sum(r.shortlisted for r in results)} of {len(results)} "
                   "candidates shortlisted", err=True)


COMMANDS = [screen_cmd]
