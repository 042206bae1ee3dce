"""The package's shape: no import cycles between modules, a docstring in every room, and
docs/architecture.md naming the rooms that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "skillgap"
ROOT = PACKAGE.parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module, name: str, is_package: bool) -> list[str]:
    """Modules imported when the module runs: its top-level statements, including those inside
    top-level ``if``/``try`` blocks, but not ``if TYPE_CHECKING:`` nor function or class bodies."""
    found: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                found.append(module)
                found.extend(f"{module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody, *[h.body for h in node.handlers]):
                    visit(block)
            elif isinstance(node, ast.With):
                visit(node.body)

    visit(tree.body)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = _module_level_imports(tree, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve() -> None:
    tree = ast.parse("from . import _pool\nfrom .._api import analyze\nif TYPE_CHECKING:\n    import x\n")
    assert _module_level_imports(tree, "skillgap.batch", True) == [
        "skillgap.batch", "skillgap.batch._pool", "skillgap._api", "skillgap._api.analyze"]


def test_no_import_cycles_between_modules() -> None:
    cycles = find_cycles(import_graph())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_data_models_import_no_other_room() -> None:
    graph = import_graph()
    assert graph["skillgap.models"] <= {"skillgap.errors"}
    assert graph["skillgap.errors"] == set()


@pytest.mark.parametrize("name", sorted(n for n, p in _modules().items() if p.name == "__init__.py"))
def test_every_room_says_what_it_does(name: str) -> None:
    doc = ast.get_docstring(ast.parse(_modules()[name].read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()[0]) > 20, f"{name} needs a docstring whose first line says what it does"


def test_architecture_doc_names_every_room_and_only_rooms_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rooms = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    named = set(re.findall(r"`skillgap/(\w+)/`", text))
    assert rooms - named == set(), f"docs/architecture.md does not name {sorted(rooms - named)}"
    assert named - rooms == set(), f"docs/architecture.md names rooms that do not exist: {sorted(named - rooms)}"
