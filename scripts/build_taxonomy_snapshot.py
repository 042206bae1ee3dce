"""Write ``taxonomy/snapshot.json``: the built-in taxonomy's YAML files, parsed, as JSON.

Run after every change of ``taxonomy/taxonomy.yaml``, ``categories.yaml``, ``kpis.yaml``,
``scoring.yaml`` or a file of ``taxonomy/skills/`` or ``taxonomy/roles/``
(``scripts/derive_role_weights.py`` runs it after writing ``scoring.yaml``). While the snapshot
is stale skillgap reads the YAML (the same result, about 0.2 s slower to start) and
``tests/test_taxonomy_snapshot.py`` fails. See :mod:`skillgap.taxonomy._snapshot`.

    python scripts/build_taxonomy_snapshot.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taxonomy", default=str(REPO / "taxonomy"), help="the taxonomy folder")
    ap.add_argument("--check", action="store_true", help="exit 1 if the snapshot is stale")
    args = ap.parse_args(argv)
    from skillgap.taxonomy._snapshot import SNAPSHOT, read_snapshot, write_snapshot

    root = Path(args.taxonomy)
    if args.check:
        fresh = read_snapshot(root) is not None
        print(f"{root / SNAPSHOT}: {'up to date' if fresh else 'STALE'}")
        return 0 if fresh else 1
    print(f"wrote {write_snapshot(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
