"""``skillgap serve``: the local web app for candidates and recruiters (needs ``skillgap[web]``)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from skillgap.cli._common import encoder_options, limit_options, make_limits

__all__ = ["COMMANDS", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this computer.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address lets other computers "
                   "upload files and read results.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--role", default=None, help="Role the forms and the API use by default (see "
                                            "`skillgap roles`).")
@encoder_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Batch worker processes (1: a background thread of the server).")
@click.option("--max-files", type=click.IntRange(min=1), default=200, show_default=True,
              help="Most files in one upload.")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001), default=100.0,
              show_default=True, help="Largest request body, in MB.")
@click.option("--max-unzipped-mb", type=click.FloatRange(min=0.001), default=200.0,
              show_default=True, help="Largest unpacked size of the zips of one upload, in MB.")
@click.option("--max-zip-entries", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Most entries in one zip.")
@limit_options
def serve_cmd(host: str, port: int, role: str | None, taxonomy: Path | None, no_embeddings: bool,
              device: str, model: str | None, workers: int, max_files: int, max_upload_mb: float,
              max_unzipped_mb: float, max_zip_entries: int, max_bytes: int, max_pages: int,
              max_chars: int, timeout_s: float) -> None:
    """Start the local web app: a candidate view, a recruiter view and a JSON API.

    Open http://HOST:PORT/ in a browser. Uploads are deleted when their analysis ends; results
    are kept in memory for an hour; nothing is sent anywhere. The API schema is at /openapi.json.
    """
    try:
        import uvicorn

        from skillgap.web import WebLimits, create_app
    except ImportError as exc:
        raise click.ClickException(f"the web app needs the 'web' extra ({exc.name} is missing): "
                                   "pip install 'skillgap[web]'") from exc
    limits = WebLimits(max_request_bytes=int(max_upload_mb * 1e6), max_files=max_files,
                       max_zip_entries=max_zip_entries,
                       max_unzipped_bytes=int(max_unzipped_mb * 1e6),
                       document=make_limits(max_bytes, max_pages, max_chars, timeout_s))
    app = create_app(role=role, taxonomy=taxonomy, embeddings=not no_embeddings, device=device,
                     model=model, limits=limits, workers=workers)
    if not is_loopback(host):
        click.secho(f"skillgap: warning: listening on {host}, not on this computer only: anyone "
                    "who can reach this address can upload files and read the reports. Use "
                    "--host 127.0.0.1 unless that is what you want.", err=True, fg="yellow")
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"skillgap: serving on http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    # no access log: URLs of results and the clients' addresses are not written anywhere
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning",
                server_header=False)


COMMANDS = [serve_cmd]
