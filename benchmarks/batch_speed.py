"""Batch speed: candidates per second of the local engine (1 and 2 workers) and of Ray (local).

Copies the development resumes (``eval/resumes``: one file or folder per candidate) ``--copies``
times into a temporary folder and times ``skillgap.analyze_batch`` over it, lexical-only and
with embeddings. Wall time includes starting the workers (pool or Ray actors), as a user sees it.

    python benchmarks/batch_speed.py [DATA] [--copies 4] [--role ml-engineer] [--no-ray]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy(src: Path, dst: Path, copies: int) -> int:
    n = 0
    for k in range(copies):
        for item in sorted(src.iterdir()):
            if item.name.startswith(".") or item.name == "manifest.tsv":
                continue
            target = dst / f"c{k}_{item.name}"
            if item.is_dir():
                shutil.copytree(item, target)
            else:
                shutil.copyfile(item, target)
            n += 1
    return n


def _time(folder: Path, *, role: str, workers: int, embeddings: bool,
          engine: str) -> tuple[float, int, int]:
    from skillgap import analyze_batch

    t0 = time.perf_counter()
    n = errors = 0
    for r in analyze_batch(folder, role=role, workers=workers, embeddings=embeddings,
                           engine=engine):  # type: ignore[arg-type]
        n += 1
        errors += len(r.errors)
    return time.perf_counter() - t0, n, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--role", default="ml-engineer")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--no-embeddings", action="store_true", help="skip the embedding runs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillgap-bench-") as tmp:
        folder = Path(tmp) / "candidates"
        folder.mkdir()
        n = _copy(Path(args.data) / "resumes", folder, args.copies)
        print(f"{n} candidates ({args.copies} copies of {Path(args.data) / 'resumes'})")
        print(f"{'engine':<8} {'workers':>7} {'embeddings':>10} {'seconds':>8} {'cand/s':>7} "
              f"{'errors':>6}")
        modes = [False] if args.no_embeddings else [False, True]
        runs = [("local", 1), ("local", 2)] + ([] if args.no_ray else [("ray", 2)])
        for embeddings in modes:
            for engine, workers in runs:
                if engine == "ray":
                    try:
                        import ray
                    except ImportError:
                        print("ray      (not installed: pip install 'skillgap[ray]')")
                        continue
                    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
                try:
                    secs, done, errors = _time(folder, role=args.role, workers=workers,
                                               embeddings=embeddings, engine=engine)
                finally:
                    if engine == "ray":
                        ray.shutdown()
                print(f"{engine:<8} {workers:>7} {str(embeddings):>10} {secs:>8.2f} "
                      f"{done / secs:>7.2f} {errors:>6}")


if __name__ == "__main__":
    main()
