"""Folders: repository clones and candidate folders; notebooks and dependency files.

A repository (``.git``, or a README next to dependency or config files) becomes: its READMEs
(kind ``readme``), one document per dependency file whose lines name the skill, the file and
the requirement (``PyTorch (requirements.txt: torch>=2.0)``), notebooks (markdown cells and
import lines), and one synthetic document ``<repo>/(repository)`` for facts no file names
literally: ``unit tests (tests/, 14 files)``, ``containerisation (Dockerfile)``,
``CI/CD (.github/workflows/ci.yml)``, ``data versioning (dvc.yaml)``. Sources are paths relative
to the folder given, prefixed by its name (``churn-forecast/requirements.txt``).

A candidate folder (a resume plus READMEs or repository subfolders) expands into all of its
documents; nested repositories are read as repositories.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from skillgap.errors import DocumentReadError, IngestError
from skillgap.ingest._packages import annotate_code, normalise, skill_name
from skillgap.models import Document, Section

if TYPE_CHECKING:
    from skillgap.ingest import Limits

__all__ = ["dependencies", "is_repository", "load_folder", "notebook_document", "read_notebook"]

_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    "site-packages",
    ".idea",
    ".vscode",
    ".eggs",
    "bower_components",
    ".cache",
    ".dvc",
    "mlruns",
}
_DEP_FILES = re.compile(
    r"^(requirements.*\.(txt|in)|pyproject\.toml|setup\.cfg|setup\.py|"
    r"environment\.ya?ml|conda\.ya?ml|pipfile|package\.json)$",
    re.I,
)
_RESUME_EXT = {".pdf", ".docx", ".doc", ".txt", ".md", ".markdown", ".json", ".tex", ".rtf", ".odt"}
_MAX_FILES = 20_000
_LANGS = {
    ".py": "Python",
    ".ipynb": "Python (Jupyter notebooks)",
    ".r": "R",
    ".scala": "Scala",
    ".java": "Java",
    ".go": "Go",
    ".rs": "Rust",
    ".ts": "TypeScript",
    ".tsx": "TypeScript",
    ".js": "JavaScript",
    ".jsx": "JavaScript",
    ".sql": "SQL",
    ".cpp": "C++",
    ".cu": "CUDA",
    ".jl": "Julia",
    ".sh": "Bash (shell scripts)",
    ".kt": "Kotlin",
    ".cs": "C#",
}
_TEST_FILE = re.compile(r"^(test_.*|.*_test)\.py$|^.*\.(test|spec)\.[jt]sx?$|^.*Test\.java$")


def _is_venv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, without VCS folders, virtualenvs and caches."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in _SKIP_DIRS and not _is_venv(here / d) and not (here / d).is_symlink()
        )
        for name in sorted(filenames):
            count += 1
            if count > _MAX_FILES:
                return
            p = here / name
            if p.is_file() and not p.is_symlink():
                yield p


def is_repository(folder: Path) -> bool:
    """A clone: has ``.git``, or a README next to a dependency or project file."""
    if (folder / ".git").exists():
        return True
    try:
        names = {p.name.lower() for p in folder.iterdir()}
    except OSError:
        return False
    readme = any(n.startswith("readme") for n in names)
    markers = any(_DEP_FILES.match(n) for n in names) or bool(
        names
        & {
            "dockerfile",
            "dvc.yaml",
            "mlproject",
            ".github",
            "setup.py",
            "src",
            "notebooks",
            "tests",
            "makefile",
        }
    )
    return readme and markers


def load_folder(folder: Path, *, limits: Limits) -> list[Document]:
    """All documents of a folder: a repository, or a candidate folder (resume + repos)."""
    if is_repository(folder):
        docs = _read_repo(folder, folder.name, limits)
    else:
        docs = _read_candidate(folder, folder.name, limits, depth=0)
    if not docs:
        raise DocumentReadError(
            "no readable documents in the folder (looked for resumes, READMEs and repositories)",
            path=folder,
        )
    return docs


def _read_candidate(folder: Path, prefix: str, limits: Limits, depth: int) -> list[Document]:
    from skillgap.ingest import load_document

    docs: list[Document] = []
    warnings: list[str] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise DocumentReadError(f"cannot list the folder ({exc.strerror})", path=folder) from exc
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        rel = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name in _SKIP_DIRS or _is_venv(entry):
                continue
            if is_repository(entry):
                docs.extend(_read_repo(entry, rel, limits))
            elif depth < 3:
                docs.extend(_read_candidate(entry, rel, limits, depth + 1))
        elif entry.suffix.lower() in _RESUME_EXT or entry.name.lower().startswith("readme"):
            try:
                doc = load_document(entry, limits=limits)
            except IngestError as exc:
                warnings.append(f"{rel}: skipped ({exc})")
                continue
            docs.append(doc.model_copy(update={"source": rel}))
    if warnings and docs:
        docs[0] = docs[0].model_copy(update={"warnings": [*docs[0].warnings, *warnings]})
    elif warnings:
        raise DocumentReadError(
            "no readable documents in the folder: " + "; ".join(warnings), path=folder
        )
    return docs


def _read_repo(root: Path, prefix: str, limits: Limits) -> list[Document]:
    from skillgap.ingest import decode_text, load_document

    docs: list[Document] = []
    facts: list[str] = []
    warnings: list[str] = []
    langs: dict[str, int] = {}
    tests: dict[str, int] = {}
    for path in _walk(root):
        rel = path.relative_to(root).as_posix()
        name = path.name
        lower = name.lower()
        parts = rel.split("/")
        source = f"{prefix}/{rel}"
        lang = _LANGS.get(path.suffix.lower()) or ("R" if path.suffix == ".R" else None)
        if lang:
            langs[lang] = langs.get(lang, 0) + 1
        test_dir = next(
            (p for p in parts[:-1] if p.lower() in {"tests", "test", "__tests__"}), None
        )
        if _TEST_FILE.match(name) or (test_dir and path.suffix in {".py", ".js", ".ts", ".java"}):
            key = "/".join(parts[: parts.index(test_dir) + 1]) + "/" if test_dir else "(test files)"
            tests[key] = tests.get(key, 0) + 1
        wanted = (
            (lower.startswith("readme") and path.suffix.lower() in {".md", ".rst", ".txt", ""})
            or _DEP_FILES.match(lower)
            or lower.endswith(".ipynb")
        )
        fact = _fact(rel, lower)
        if fact:
            facts.append(fact)
        if not wanted:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size > limits.max_bytes:
            warnings.append(
                f"{rel}: skipped, {size:,} bytes is over max_bytes "
                f"({limits.max_bytes:,}); raise it with Limits(max_bytes=...)"
            )
            continue
        try:
            if lower.startswith("readme"):
                doc = load_document(path, kind="readme", limits=limits)
                docs.append(doc.model_copy(update={"source": source}))
            elif lower.endswith(".ipynb"):
                docs.append(
                    read_notebook(path, path.read_bytes(), limits).model_copy(
                        update={"source": source}
                    )
                )
            else:
                deps = dependencies(lower, decode_text(path.read_bytes(), path))
                if deps:
                    docs.append(_dependency_document(deps, rel, source))
        except (IngestError, OSError) as exc:
            warnings.append(f"{rel}: skipped ({exc})")
    for folder, n in sorted(tests.items()):
        facts.append(f"unit tests ({folder}, {n} file{'s' if n != 1 else ''})")
    for lang, n in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])):
        facts.append(f"{lang} ({n} {'file' if n == 1 else 'files'})")
    if facts or warnings:
        text = "".join(line + "\n" for line in dict.fromkeys(facts))
        docs.append(
            Document(
                source=f"{prefix}/(repository)",
                kind="repository-file",
                format="repository",
                text=text,
                sections=[Section(name="repository", title="(repository)", start=0, end=len(text))]
                if text
                else [],
                warnings=warnings,
            )
        )
    return docs


def _fact(rel: str, lower: str) -> str | None:
    """A line naming what a file shows, or None."""
    if lower.startswith("dockerfile") or lower.endswith(".dockerfile"):
        return f"containerisation (Docker: {rel})"
    if re.match(r"^(docker-)?compose.*\.ya?ml$", lower):
        return f"containerisation (docker compose: {rel})"
    if rel.startswith(".github/workflows/") and lower.endswith((".yml", ".yaml")):
        return f"CI/CD (GitHub Actions: {rel})"
    if lower in {
        ".gitlab-ci.yml",
        "jenkinsfile",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
    } or rel.startswith(".circleci/"):
        return f"CI/CD ({rel})"
    if lower in {"dvc.yaml", "dvc.lock"} or lower.endswith(".dvc"):
        return f"data versioning (DVC: {rel})"
    if lower == "mlproject":
        return f"experiment tracking (MLflow project: {rel})"
    if lower == "params.yaml":
        return f"hyperparameters (params.yaml: {rel})"
    if lower.endswith((".tf",)) and "/" not in rel.strip("/"):
        return f"infrastructure as code (Terraform: {rel})"
    if lower in {"chart.yaml"} or lower.endswith((".k8s.yaml", "deployment.yaml")):
        return f"Kubernetes ({rel})"
    if lower == ".pre-commit-config.yaml":
        return f"pre-commit hooks ({rel})"
    return None


_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9@][A-Za-z0-9._/@-]*)(\[[^\]]*\])?\s*(.*)$")


def _requirement(line: str) -> tuple[str, str] | None:
    """(package, requirement as written) for one requirement line, or None."""
    line = line.split(" #", 1)[0].strip()
    if not line or line.startswith(("#", "-", "--")):
        egg = re.search(r"#egg=([A-Za-z0-9._-]+)", line)
        return (egg.group(1), line) if egg else None
    egg = re.search(r"#egg=([A-Za-z0-9._-]+)", line)
    if egg:
        return egg.group(1), line
    if "://" in line:
        return None
    m = _REQ_NAME.match(line)
    if not m:
        return None
    name = m.group(1).split(";")[0]
    return name, " ".join(line.split())


def dependencies(filename: str, text: str) -> list[tuple[str, str]]:
    """(package, requirement) pairs named by a dependency file; never raises on odd content.

    >>> dependencies("requirements.txt", "torch>=2.0\\n# tools\\nscikit-learn==1.4")
    [('torch', 'torch>=2.0'), ('scikit-learn', 'scikit-learn==1.4')]
    """
    lines: list[str] = []
    name = filename.lower()
    try:
        if name.startswith("requirements") or name == "pipfile":
            lines = text.splitlines()
            if name == "pipfile":
                data = tomllib.loads(text)
                lines = [
                    f"{k}{v if isinstance(v, str) and v != '*' else ''}"
                    for sect in ("packages", "dev-packages")
                    for k, v in (data.get(sect) or {}).items()
                ]
        elif name == "pyproject.toml":
            data = tomllib.loads(text)
            project = data.get("project") or {}
            lines = list(project.get("dependencies") or [])
            for group in (project.get("optional-dependencies") or {}).values():
                lines.extend(group or [])
            for group in (data.get("dependency-groups") or {}).values():
                lines.extend(g for g in group or [] if isinstance(g, str))
            poetry = (data.get("tool") or {}).get("poetry") or {}
            tables = [poetry.get("dependencies") or {}, poetry.get("dev-dependencies") or {}]
            tables += [
                (g or {}).get("dependencies") or {} for g in (poetry.get("group") or {}).values()
            ]
            for table in tables:
                lines.extend(
                    f"{k}{v if isinstance(v, str) else ''}"
                    for k, v in table.items()
                    if k.lower() != "python"
                )
        elif name == "setup.cfg":
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(text)
            if parser.has_option("options", "install_requires"):
                lines.extend(parser.get("options", "install_requires").splitlines())
            if parser.has_section("options.extras_require"):
                for _, value in parser.items("options.extras_require"):
                    lines.extend(value.splitlines())
        elif name == "setup.py":
            for block in re.findall(
                r"(?:install_requires|extras_require|tests_require)\s*=\s*"
                r"([\[{].*?[\]}])",
                text,
                re.S,
            ):
                lines.extend(re.findall(r"[\"']([A-Za-z0-9][^\"']*)[\"']", block))
        elif name.endswith((".yml", ".yaml")):
            data = yaml.safe_load(text) or {}
            for dep in (data.get("dependencies") or []) if isinstance(data, dict) else []:
                if isinstance(dep, str):
                    lines.append(
                        re.sub(r"^[\w-]+::", "", dep).replace("=", "==", 1)
                        if "==" not in dep and "=" in dep
                        else dep
                    )
                elif isinstance(dep, dict):
                    lines.extend(str(p) for p in dep.get("pip") or [])
        elif name == "package.json":
            data = json.loads(text)
            for key in ("dependencies", "devDependencies"):
                lines.extend(f"{k} {v}" for k, v in (data.get(key) or {}).items())
    except (ValueError, TypeError, AttributeError, configparser.Error, yaml.YAMLError):
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line in lines:
        req = _requirement(str(line))
        if req and normalise(req[0]) not in seen and normalise(req[0]) not in {"python", "pip"}:
            seen.add(normalise(req[0]))
            out.append(req)
    return out


def _dependency_document(deps: list[tuple[str, str]], rel: str, source: str) -> Document:
    lines = []
    for package, requirement in deps:
        label = skill_name(package)
        lines.append(f"{label} ({rel}: {requirement})" if label else f"{package} ({rel})")
    text = "".join(line + "\n" for line in lines)
    return Document(
        source=source,
        kind="repository-file",
        format="dependencies",
        text=text,
        sections=[Section(name="dependencies", title=rel, start=0, end=len(text))],
    )


_IMPORT = re.compile(
    r"^\s*(?:from\s+[\w.]+\s+import\s+.+|import\s+[\w., ]+|library\([\w.]+\)|"
    r"[!%]\s*(?:pip3?|conda)\s+install\s+.+)$"
)


def notebook_document(nb: dict[str, Any], *, source: str) -> Document:
    """A notebook: markdown cells (cleaned, headings kept) and the import lines of code cells."""
    from skillgap.ingest._markdown import clean_markdown

    parts: list[str] = []
    imports: list[str] = []
    for cell in nb.get("cells") or []:
        if not isinstance(cell, dict):
            continue
        src = cell.get("source") or ""
        src = "".join(map(str, src)) if isinstance(src, list) else str(src)
        if cell.get("cell_type") == "markdown":
            cleaned = clean_markdown(src).strip()
            if cleaned:
                parts.append(cleaned)
        elif cell.get("cell_type") == "code":
            imports.extend(
                annotate_code(line.strip().lstrip("!%").strip())
                for line in src.splitlines()
                if _IMPORT.match(line)
            )
    if imports:
        parts.append("## Imports\n" + "\n".join(dict.fromkeys(imports)))
    text = "\n\n".join(parts) + ("\n" if parts else "")
    doc = Document.from_text(text, kind="notebook", source=source, format="notebook")
    return (
        doc
        if text
        else doc.model_copy(update={"warnings": ["the notebook has no markdown cells or imports"]})
    )


def read_notebook(path: Path, data: bytes, limits: Any) -> Document:
    """A Jupyter notebook file (JSON)."""
    from skillgap.ingest import decode_text

    try:
        nb = json.loads(decode_text(data, path))
    except json.JSONDecodeError as exc:
        raise DocumentReadError(
            f"malformed notebook JSON at line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}; open and save it in Jupyter",
            path=path,
        ) from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 brackets
        raise DocumentReadError(
            "notebook JSON that cannot be read (nested too deeply or a number too long); "
            "open and save it in Jupyter",
            path=path,
        ) from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise DocumentReadError(
            "not a Jupyter notebook (no 'cells' list); open and save it in Jupyter", path=path
        )
    return notebook_document(nb, source=str(path))
