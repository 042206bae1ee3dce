"""``skillgap batch``: a folder of candidates → one ranked row per candidate."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from skillgap.cli._common import encoder_options

__all__ = ["COMMANDS", "BatchProgress", "common_options", "resolve_role"]

FORMATS = ["csv", "jsonl", "parquet", "html"]


class _RateColumn(ProgressColumn):
    """Files per second, from rich's own speed estimate."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text("-- files/s" if speed is None else f"{speed:.1f} files/s", style="cyan")


class BatchProgress:
    """The progress bar of a batch on stderr: files done, files/s, ETA, errors so far.

    >>> import io
    >>> bar = BatchProgress(Console(file=io.StringIO()), disable=True)
    >>> bar.start(10, 0, 0); bar.stop()
    """

    def __init__(self, console: Console, *, disable: bool = False,
                 get_time: Callable[[], float] | None = None, auto_refresh: bool = True) -> None:
        self.console = console
        self.disable = disable
        self.errors = 0
        self.candidates = 0
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            _RateColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("[red]errors: {task.fields[errors]}"),
            console=console, disable=disable, get_time=get_time, auto_refresh=auto_refresh,
            transient=False)
        self.task: Any = None

    def start(self, total: int, done: int, errors: int) -> None:
        self.errors = errors
        self.progress.start()
        self.task = self.progress.add_task("files", total=total, completed=done, errors=errors)

    def advance(self, result: Any) -> None:
        self.errors += len(result.errors)
        self.candidates += 1
        self.progress.update(self.task, advance=max(1, len(result.sources)), errors=self.errors)

    def refresh(self) -> None:
        self.progress.refresh()

    def stop(self) -> None:
        self.progress.stop()


def resolve_role(role: str | None, job_description: Path | None, taxonomy: Any,
                 limits: Any = None) -> Any:
    """The role to score: an id, or an ad-hoc role built from a job ad (exactly one), read
    within the command's ``limits``."""
    if role and job_description:
        raise click.UsageError("give --role or --job-description, not both")
    if job_description is not None:
        from skillgap.ingest import DEFAULT_LIMITS
        from skillgap.score.jobad import role_from_job_description

        return role_from_job_description(job_description, taxonomy=taxonomy,
                                         limits=limits or DEFAULT_LIMITS)
    if not role:
        raise click.UsageError("give the role to rank for: --role ID (see `skillgap roles`) or "
                               "--job-description FILE")
    return role


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``batch`` and ``screen``."""
    options = [
        click.option("--role", default=None, help="Role id to rank for (see `skillgap roles`)."),
        click.option("--job-description", type=click.Path(exists=True, dir_okay=False,
                                                           path_type=Path), default=None,
                     help="A job ad (text, PDF, DOCX, JSON Resume job) to use as the role."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: one per CPU, at most 8; 1: in-process)."),
        click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
                     show_default=True, help="Local process pool, or an existing Ray cluster."),
        click.option("--address", default=None, help="Ray cluster address (with --engine ray)."),
        click.option("--timeout", type=float, default=None,
                     help="Seconds one document may take (default 60)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return encoder_options(fn)


def _limits(timeout: float | None) -> Any:
    from skillgap.ingest import DEFAULT_LIMITS, Limits

    return DEFAULT_LIMITS if timeout is None else Limits(timeout_s=timeout)


@click.command("batch")
@click.argument("folder", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: stdout). Needed for --resume.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from --out's extension, else csv).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run from OUT.journal.jsonl.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that cannot be read.")
@common_options
def batch_cmd(folder: Path, out: Path | None, fmt: str | None, resume: bool, fail_fast: bool,
              role: str | None, job_description: Path | None, taxonomy: Path | None,
              workers: int | None, engine: str, address: str | None, no_embeddings: bool,
              device: str, model: str | None, timeout: float | None, quiet: bool) -> None:
    """Rank every candidate of FOLDER for a role: one row per candidate, best fit first.

    Each file in FOLDER is a candidate; each subfolder is one candidate with all its files; a
    candidates.csv (file,candidate_id) may group files. Unreadable files become error entries.
    """
    from skillgap._api import resolve_taxonomy
    from skillgap.batch._io import run_batch

    if resume and out is None:
        raise click.UsageError("--resume needs --out (the journal lives next to the output)")
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in FORMATS else "csv"
    tax = resolve_taxonomy(taxonomy)
    the_role = resolve_role(role, job_description, tax, _limits(timeout))
    console = Console(stderr=True)
    bar = BatchProgress(console, disable=quiet or not console.is_terminal)
    with tempfile.TemporaryDirectory(prefix="skillgap-batch-") as tmp:
        target = out if out is not None else Path(tmp) / f"out.{fmt}"
        try:
            summary = run_batch(folder, target, fmt=fmt, resume=resume,  # type: ignore[arg-type]
                                role=the_role, taxonomy=tax, embeddings=not no_embeddings,
                                device=device, model=model, limits=_limits(timeout),
                                workers=workers, engine=engine, address=address,
                                fail_fast=fail_fast, on_start=bar.start, on_result=bar.advance)
        finally:
            bar.stop()
        if out is None:
            sys.stdout.buffer.write(target.read_bytes())
            sys.stdout.flush()
    if not quiet:
        where = f" → {out}" if out else ""
        resumed = f", {summary.resumed} from the journal" if summary.resumed else ""
        click.echo(f"skillgap: {summary.candidates} candidates ({summary.failed_candidates} "
                   f"without analysis{resumed}), {summary.sources} sources, {summary.errors} "
                   f"errors in {summary.seconds:.1f} s{where}", err=True)


COMMANDS = [batch_cmd]
