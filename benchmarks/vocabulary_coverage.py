"""Coverage and false positives of the broad vocabulary (taxonomy/vocabulary/) as plain data.

Standalone: reads only the vocabulary files, the guide's YAML and the evaluation corpora (with the
readers of ``resume_skills.py`` / ``false_positives.py``); no skillgap matcher. Names are matched
case-insensitively, longest match first, on word boundaries (``cased`` names only as written).

- **coverage** of gold technology spans (dotin Tech Tools + Job Specific Skills, minhquan SKILL,
  vrundag91 technical_skills), two ways:
  * ``lookup``: the span, or one of its list items (split on , ; / and ( ) | :), *is* a name
    (what ``resume_skills.py`` counts with ``Taxonomy.lookup``; the issue's target);
  * ``scan``: some name occurs inside the span (a matcher's view);
  each with all names, and without ``ambiguous`` names.
- **false positives** per 100 sentences on Sayfullina cv_test resume sentences and Green
  sentences without Skill/Domain spans: matches of names that need no context (``aliases`` and
  ``cased``); technical skills (O*NET, ESCO ICT) separately from ESCO's general skills.

Development portions: dotin and minhquan documents whose ``crc32(doc id)`` is even (``--part dev``);
vrundag91 is held out. Choices made while building the vocabulary were looked at on the dev
portions only.

    python benchmarks/vocabulary_coverage.py [DATA_DIR] [--part dev|test|all] [--show 30]
        [--no-guide] [--no-general]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from false_positives import read_green, read_sayfullina  # noqa: E402
from resume_skills import in_part, read_dotin, read_minhquan, read_vrundag  # noqa: E402

_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\(|\)|\||:)\s*")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[.\-'/&][A-Za-z0-9+#]+)*[+#]*")


def normalize(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(" .,;:-•*")


class Names:
    """name -> (skill id, kind, technical); kind is "ok", "cased" or "ambiguous"."""

    def __init__(self) -> None:
        self.folded: dict[tuple[str, ...], tuple[str, str, bool]] = {}
        self.cased: dict[tuple[str, ...], tuple[str, str, bool]] = {}
        self.max_len = 1

    def add(self, name: str, skill: str, kind: str, technical: bool) -> None:
        toks = tuple(t.group() for t in _TOKEN.finditer(name))
        if not toks:
            return
        self.max_len = max(self.max_len, len(toks))
        if kind == "ok":
            self.folded.setdefault(tuple(t.lower() for t in toks), (skill, kind, technical))
        else:  # cased and ambiguous names are matched as written
            self.cased.setdefault(toks, (skill, kind, technical))
            self.folded.setdefault(tuple(t.lower() for t in toks) + ("\0amb",),
                                   (skill, kind, technical))

    def lookup(self, text: str, *, ambiguous: bool) -> tuple[str, str, bool] | None:
        """The skill a whole name is (case-insensitive, like ``Taxonomy.lookup``)."""
        toks = tuple(t.group().lower() for t in _TOKEN.finditer(text))
        hit = self.folded.get(toks)
        if hit is None and ambiguous:
            hit = self.folded.get(toks + ("\0amb",))
        return hit

    def scan(self, text: str, *, ambiguous: bool) -> list[tuple[str, str, str, bool]]:
        """Longest matches, left to right: (matched text, skill, kind, technical)."""
        toks = [t.group() for t in _TOKEN.finditer(text)]
        low = [t.lower() for t in toks]
        out, i = [], 0
        while i < len(toks):
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                hit = self.folded.get(tuple(low[i : i + n]))
                if hit is None:
                    hit = self.cased.get(tuple(toks[i : i + n]))
                    if hit is not None and hit[1] == "ambiguous" and not ambiguous:
                        hit = None
                if hit is not None:
                    out.append((" ".join(toks[i : i + n]), *hit))
                    i += n
                    break
            else:
                i += 1
        return out


def load_names(vocab_dir: Path, *, guide: bool, general: bool) -> Names:
    names = Names()
    if guide:
        import yaml

        for path in sorted((REPO / "taxonomy" / "skills").glob("*.yaml")):
            for s in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                kind = "ambiguous" if s.get("ambiguous") else "ok"
                short = len(s["label"]) <= 2 or s.get("ambiguous")
                names.add(s["label"], s["id"], "ambiguous" if short else "ok", True)
                for a in s.get("aliases", []):
                    names.add(a, s["id"], "ok", True)
                for a in s.get("cased_aliases", []):
                    names.add(a, s["id"], kind if kind == "ambiguous" else "cased", True)
        for line in (vocab_dir / "guide_links.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            for kind, key in (("ok", "aliases"), ("cased", "cased"), ("ambiguous", "ambiguous")):
                for a in r.get(key, []):
                    names.add(a, r["id"], kind, True)
    files = ["skills_technical.jsonl"] + (["skills_general.jsonl"] if general else [])
    for fname in files:
        for line in (vocab_dir / fname).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            tech = bool(r.get("technical"))
            for kind, key in (("ok", "aliases"), ("cased", "cased"), ("ambiguous", "ambiguous")):
                for a in r.get(key, []):
                    names.add(a, r["id"], kind, tech)
    return names


def coverage(names: Names, docs, *, show: int, label: str) -> None:  # type: ignore[no-untyped-def]
    res: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for _, _, spans in docs:
        for _, _, text in spans:
            res["spans"] += 1
            pieces = [text, *_SPLIT.split(text)]
            for amb in (True, False):
                tag = "" if amb else "-noamb"
                look = any(names.lookup(p, ambiguous=amb) for p in pieces if normalize(p))
                scan = bool(names.scan(text, ambiguous=amb))
                res["lookup" + tag] += look
                res["scan" + tag] += scan
                if amb and not scan:
                    missed[normalize(text)[:60]] += 1
    n = max(1, res["spans"])
    print(f"{label:22} spans={res['spans']:5}  lookup={res['lookup'] / n:.3f} "
          f"(no ambiguous {res['lookup-noamb'] / n:.3f})  scan={res['scan'] / n:.3f} "
          f"(no ambiguous {res['scan-noamb'] / n:.3f})")
    if show:
        print("    most frequent spans with no name inside: " +
              "; ".join(f"{t!r} x{c}" for t, c in missed.most_common(show)))


AMBIGUOUS_HITS: Counter[str] = Counter()  # names held back as ambiguous, as matched in FP text


def false_positives(names: Names, sentences: list[str], *, show: int, label: str
                    ) -> Counter[str]:
    tech: Counter[str] = Counter()
    general = 0
    amb = 0
    for s in sentences:
        for text, skill, kind, technical in names.scan(s, ambiguous=True):
            if kind == "ambiguous":
                amb += 1
                AMBIGUOUS_HITS[f"{text} -> {skill}"] += 1
            elif technical:
                tech[f"{text} -> {skill}"] += 1
            else:
                general += 1
    n = max(1, len(sentences))
    print(f"{label:22} sentences={len(sentences):4}  technical FP/100={100 * sum(tech.values()) / n:.2f}"
          f"  general-ESCO/100={100 * general / n:.2f}  ambiguous (need context)/100="
          f"{100 * amb / n:.2f}")
    if show:
        print("    " + "; ".join(f"{k} x{c}" for k, c in tech.most_common(show)))
    return tech


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "eval"))
    p.add_argument("--vocab", default=str(REPO / "taxonomy" / "vocabulary"))
    p.add_argument("--part", choices=["dev", "test", "all"], default="all")
    p.add_argument("--show", type=int, default=0)
    p.add_argument("--no-guide", action="store_true")
    p.add_argument("--no-general", action="store_true")
    args = p.parse_args()
    root = Path(args.data)
    names = load_names(Path(args.vocab), guide=not args.no_guide, general=not args.no_general)
    for name, reader, split in (("dotin", read_dotin, True), ("minhquan", read_minhquan, True),
                                ("vrundag91", read_vrundag, False)):
        docs = [d for d in reader(root) if not split or in_part(d[0], args.part)]
        part = args.part if split else "all"
        coverage(names, docs, show=args.show, label=f"{name}[{part}]")
    green_all, green_plain = read_green(root)
    fps = false_positives(names, read_sayfullina(root), show=args.show, label="sayfullina-cv-test")
    fps += false_positives(names, green_plain, show=args.show, label="green-no-skill-spans")
    if args.show:
        print("ambiguous names matched in the non-technical sentences (would be FPs without "
              "context): " + "; ".join(f"{k} x{c}" for k, c in AMBIGUOUS_HITS.most_common(args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
