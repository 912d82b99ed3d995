"""The ``cleaner`` package has no import circle: a lower module never imports a higher one,
not even late inside a function (a circle that works today breaks when someone moves an
import to the top, and it hides which module a newcomer should read first). And no
module uses another's ``_private`` names: a name another module needs is public.

The graph is built from the source, not by importing it: every ``import cleaner.x``,
``from cleaner.x import``, ``from .x import`` and ``from . import x``, at module level and
inside functions. Imports under ``if TYPE_CHECKING:`` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cleaner

PACKAGE = Path(cleaner.__file__).parent


def module_name(path: Path) -> str:
    """``cleaner/cli/learn.py`` -> ``cleaner.cli.learn``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree``, at any depth, but those under TYPE_CHECKING."""
    out: list[ast.Import | ast.ImportFrom] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if _type_checking(node):
            todo.extend(node.orelse)  # type: ignore[attr-defined]
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that module ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                where = ".".join(base + ([node.module] if node.module else []))
            else:
                where = node.module or ""
            # ``from .x import y`` imports x, and y too when y is a module of package x.
            targets = [where] + [f"{where}.{alias.name}" for alias in node.names]
        out.update(t for t in targets if t in known and t != name)
    return out


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imported(name, path, known) for name, path in found.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_sees_imports_inside_functions_and_relative_ones() -> None:
    edges = graph()
    assert "cleaner.pipeline" in edges["cleaner.cli.clean"] or "cleaner.pipeline" in edges["cleaner.cli.common"]
    assert {"cleaner.context", "cleaner.linescore", "cleaner.headline"} <= edges["cleaner.article"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle() -> None:
    found = cycle(graph())
    assert found is None, "import circle: " + " -> ".join(found or [])


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_modules_private_names() -> None:
    found = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound: set[str] = set()  # names this module binds to modules of the package
        for node in _imports(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("cleaner")):
                found += [f"{name}:{node.lineno}: imports {a.name}" for a in node.names if _private(a.name)]
                bound.update(a.asname or a.name for a in node.names)
            elif isinstance(node, ast.Import):
                bound.update(a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("cleaner"))
        found += [
            f"{name}:{node.lineno}: uses {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in bound
        ]
    assert not found, "\n".join(found)
