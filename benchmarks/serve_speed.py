"""``skillgap serve`` speed: seconds from upload to report, as a browser sees them.

Starts the web app with uvicorn on a free port of 127.0.0.1 and, over real HTTP (httpx):

* one resume: POST the candidate form with one PDF resume → follow the redirect → GET the
  HTML report (first request of a fresh server, then the median of the next ``--repeat``);
* N candidates: POST the recruiter form with N Markdown resumes and a job ad → poll the job
  until it is done → GET the leaderboard page.

Lexical mode, and with embeddings (the shipped int8 ONNX encoder on the CPU) unless
``--no-embeddings``. The candidates are the fictional ones of ``tests/fixtures/web/candidates.py``.

    python benchmarks/serve_speed.py [--candidates 100] [--repeat 5] [--workers 1] [--no-embeddings] [--long]
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "tests" / "fixtures" / "web"


def _candidates() -> Any:
    spec = importlib.util.spec_from_file_location("web_candidates", WEB / "candidates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    y = 800
    for line in text.splitlines():
        c.drawString(50, y, line[:100])
        y -= 16
    c.save()
    return path


class Server:
    """The web app under uvicorn in a thread."""

    def __init__(self, **options: Any) -> None:
        import uvicorn

        from skillgap.web import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(create_app(**options), host="127.0.0.1", port=self.port,
                                access_log=False, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def one_resume(client: Any, pdf: Path) -> float:
    t0 = time.perf_counter()
    r = client.post("/analyze", files=[("files", (pdf.name, pdf.read_bytes(), "application/pdf"))],
                    data={"role": "ml-engineer"}, follow_redirects=True)
    r.raise_for_status()
    report = client.get(str(r.url) + "/report.html")
    report.raise_for_status()
    assert "Learning plan" in report.text
    return time.perf_counter() - t0


def many(client: Any, paths: list[Path], job_ad: Path) -> float:
    t0 = time.perf_counter()
    files = [("files", (p.name, p.read_bytes(), "text/markdown")) for p in paths]
    files.append(("job_description_file", (job_ad.name, job_ad.read_bytes(), "text/plain")))
    r = client.post("/recruiter", files=files, follow_redirects=False)
    assert r.status_code == 303, r.text
    job = r.headers["location"].rsplit("/", 1)[1]
    while client.get(f"/api/jobs/{job}").json()["status"] == "running":
        time.sleep(0.05)
    page = client.get(f"/jobs/{job}")
    assert page.text.count("<tr data-name=") == len(paths), "not every candidate has a row"
    return time.perf_counter() - t0


def main() -> None:
    import httpx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--long", action="store_true",
                    help="full-length resumes: each candidate's text + examples/resumes/*.md")
    args = ap.parse_args()
    cands = _candidates()
    modes = [False] if args.no_embeddings else [False, True]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = _pdf(Path(tmp) / "resume.pdf",
                   (ROOT / "examples" / "resumes" / "ml_engineer.md").read_text(encoding="utf-8"))
        paths = cands.write_candidates(Path(tmp) / "cands", args.candidates)
        if args.long:
            extra = [p.read_text(encoding="utf-8") for p in
                     sorted((ROOT / "examples" / "resumes").glob("*.md"))]
            for i, p in enumerate(paths):
                p.write_text(p.read_text(encoding="utf-8") + "\n" + extra[i % len(extra)],
                             encoding="utf-8")
        print(f"| mode | one resume, first request (s) | one resume, warm median (s) | "
              f"{args.candidates} candidates (s) | candidates/s |")
        print("|---|---:|---:|---:|---:|")
        for emb in modes:
            with Server(embeddings=emb, workers=args.workers) as url, \
                    httpx.Client(base_url=url, timeout=600) as client:
                first = one_resume(client, pdf)
                warm = statistics.median(one_resume(client, pdf) for _ in range(args.repeat))
                batch = many(client, paths, WEB / "job_ad.txt")
            mode = "embeddings (ONNX, CPU)" if emb else "lexical"
            print(f"| {mode} | {first:.2f} | {warm:.2f} | {batch:.2f} | "
                  f"{args.candidates / batch:.1f} |", flush=True)


if __name__ == "__main__":
    main()
