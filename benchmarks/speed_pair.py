"""Docs/s of this tree against another checkout, interleaved on one machine (not a test).

Machine speed drifts by ±10 % between runs (see ``speed.py``), so a target such as "at least the
docs/s of commit X" is only measured by runs of both trees side by side: this script builds one
corpus of PDF copies (``speed.build_corpus``) and runs ``speed.py``'s pipeline child of each tree
in turn, ``--reps`` times, each in a fresh interpreter with that tree first on ``PYTHONPATH``
(every tree's own ``benchmarks/speed.py``, so its own pipeline is timed).

    git worktree add /tmp/base <commit>
    python benchmarks/speed_pair.py /tmp/base [DATA] [--size 300] [--reps 3] [--embeddings]

``--cold``: instead, the cold start of each tree (``python -m skillgap analyze FILE``, wall and
CPU seconds from process start to the report), interleaved, with Python's bytecode compiled
beforehand into a folder per tree as an installed package has it (as ``speed.py`` does).

    python benchmarks/speed_pair.py /tmp/base [DATA] --cold [--reps 8] [--embeddings]

Issue 14's baseline (the last commit before the broad vocabulary reached the entry points) is
3c0fcce; its ``_api.py`` already asks ``Taxonomy.owns``, which that commit lacks: give the base
tree's ``Taxonomy`` ``def owns(self, skill_id): return skill_id in self._skills`` to run it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from speed import STAGES, build_corpus, bytecode_env, cold_command, timed_start  # noqa: E402


def run(tree: Path, folder: Path, embeddings: bool) -> dict[str, object]:
    spec = {"what": "pipeline", "folder": str(folder), "embeddings": embeddings}
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.run([sys.executable, str(tree / "benchmarks" / "speed.py"), "--child",
                           json.dumps(spec)], capture_output=True, text=True, env=env,
                          cwd=tree, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold(trees: dict[str, Path], path: Path, reps: int, embeddings: bool) -> None:
    """Interleaved cold starts of each tree (``speed.timed_start``): median and least wall and
    CPU seconds."""
    cmd = cold_command(path, embeddings=embeddings)
    with tempfile.TemporaryDirectory(prefix="skillgap-pair-pyc-") as tmp:
        envs = {name: bytecode_env(Path(tmp) / name, PYTHONPATH=str(tree))
                for name, tree in trees.items()}
        for name, tree in trees.items():  # an untimed run writes each tree's bytecode
            subprocess.run(cmd, capture_output=True, cwd=tree, env=envs[name], check=False)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(reps):
            for name, tree in trees.items():
                runs[name].append(timed_start(cmd, tree, envs[name]))
    for name, values in runs.items():
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        print(f"{name:5} cold start ({'embeddings' if embeddings else 'lexical'}): wall median "
              f"{statistics.median(walls):.2f} s (least {min(walls):.2f}), CPU median "
              f"{statistics.median(cpus):.2f} s (least {min(cpus):.2f}), {len(values)} runs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="the other checkout (a git worktree)")
    ap.add_argument("data", nargs="?", default=str(HERE.parent.parent / "shared" / "eval"))
    ap.add_argument("--size", type=int, default=300)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--cold", action="store_true", help="compare cold starts instead")
    args = ap.parse_args()
    trees = {"base": Path(args.base).resolve(), "this": HERE.parent}
    if args.cold:
        from speed import COLD_FILE

        cold(trees, (Path(args.data) / "resumes" / COLD_FILE).resolve(), args.reps, args.embeddings)
        return
    rates: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="skillgap-pair-") as tmp:
        folder = build_corpus(Path(args.data) / "resumes", Path(tmp), "pdf", args.size)
        for rep in range(args.reps):
            for name, tree in trees.items():
                out = run(tree, folder, args.embeddings)
                rates[name].append(float(out["docs_per_s"]))  # type: ignore[arg-type]
                stage = out["stage_ms_per_doc"]
                print(f"{name:5} run {rep}: {out['docs_per_s']:6.1f} docs/s  "
                      + "  ".join(f"{s} {stage[s]:.2f}" for s in STAGES)  # type: ignore[index]
                      + "  (CPU ms per document)", flush=True)
    base, this = statistics.mean(rates["base"]), statistics.mean(rates["this"])
    print(f"mean docs/s: base {base:.1f}, this {this:.1f} ({100 * (this / base - 1):+.1f} %)")
    # each run of this tree against the base run just before it: the machine's drift over a
    # minute is smaller than over the whole comparison
    paired = sorted(100 * (t / b - 1) for b, t in zip(rates["base"], rates["this"], strict=True))
    print(f"paired runs: median {statistics.median(paired):+.1f} %, from {paired[0]:+.1f} % "
          f"to {paired[-1]:+.1f} % ({len(paired)} pairs)")


if __name__ == "__main__":
    main()
