"""Options and helpers shared by the sub-commands."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["encoder_options", "limit_options", "make_limits", "write_output"]


def write_output(text: str, out: Path | None) -> None:
    """Write to ``out`` (UTF-8, exact bytes) or to stdout."""
    if out is None:
        click.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")


def limit_options(func):  # type: ignore[no-untyped-def]
    """``--max-bytes``, ``--max-pages``, ``--max-chars``, ``--timeout``: the limits of ``analyze``."""
    from skillgap.ingest import DEFAULT_LIMITS as d

    options = [
        click.option("--max-bytes", type=click.IntRange(min=1), default=d.max_bytes,
                     show_default=True, help="Largest file to read, in bytes."),
        click.option("--max-pages", type=click.IntRange(min=1), default=d.max_pages,
                     show_default=True, help="Most PDF pages to read."),
        click.option("--max-chars", type=click.IntRange(min=1), default=d.max_chars,
                     show_default=True, help="Most characters of extracted text."),
        click.option("--timeout", "timeout_s", type=click.FloatRange(min=0),
                     default=d.timeout_s, show_default=True,
                     help="Seconds the whole analysis may take, reading included (0: no limit)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_limits(max_bytes: int, max_pages: int, max_chars: int, timeout_s: float):  # type: ignore[no-untyped-def]
    from skillgap.ingest import Limits

    return Limits(max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars, timeout_s=timeout_s)


def encoder_options(func):  # type: ignore[no-untyped-def]
    """``--taxonomy``, ``--no-embeddings``, ``--device``, ``--model``: what the analysis runs on."""
    options = [
        click.option("--taxonomy", type=click.Path(exists=True, path_type=Path), default=None,
                     help="A taxonomy file or folder (default: the built-in AI/ML guide taxonomy)."),
        click.option("--no-embeddings", is_flag=True, help="Lexical matching only (fast, no model)."),
        click.option("--device", default="auto", show_default=True,
                     help="Embedding device: auto, cpu, cuda, mps."),
        click.option("--model", default=None,
                     help="Encoder: a shipped model name or a sentence-transformers name or path."),
    ]
    for option in reversed(options):
        func = option(func)
    return func
