"""Apps import downward (STYLE.md §11): shared helpers live in modules that import no feature package, and no
module of the project imports another of its own modules inside a function to dodge an import circle."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("apa_portal", "agreements", "indicators", "evidence", "reports")
# The foundation every feature builds on: the models of the agreement and its offices, the audit row, the role
# check and row lock, the scope reads, a year's calendar, and the project's own helpers (Bangla, display, form
# fields, HTTP answers).
FOUNDATION = {
    "agreements/audit.py": {"agreements.models"},
    "agreements/calendar.py": set(),
    "agreements/access.py": {"agreements.models", "agreements.selectors"},
    "agreements/selectors.py": {"agreements.models"},
}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def project_imports(node: ast.AST, path: pathlib.Path):
    """(line, module) of each import of a project module under `node`, relative imports made absolute."""
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
    for inner in ast.walk(node):
        if isinstance(inner, ast.ImportFrom):
            module = inner.module or ""
            if inner.level:
                base = package[: len(package) - inner.level + 1]
                module = ".".join([*base, module] if module else base)
            if module.split(".")[0] in APPS:
                yield inner.lineno, module
        elif isinstance(inner, ast.Import):
            for alias in inner.names:
                if alias.name.split(".")[0] in APPS:
                    yield inner.lineno, alias.name


def test_no_module_imports_the_project_inside_a_function():
    found = []
    for path in app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [
                    f"{path.relative_to(ROOT)}:{line} {module}"
                    for line, module in project_imports(node, path)
                ]
    assert sorted(set(found)) == []


def test_the_checker_sees_an_import_inside_a_function():
    path = ROOT / "agreements" / "example.py"
    tree = ast.parse("def f():\n    from .models import Agreement\n    import indicators.models\n")
    assert list(project_imports(tree.body[0], path)) == [(2, "agreements.models"), (3, "indicators.models")]


@pytest.mark.parametrize("module", sorted(FOUNDATION))
def test_foundation_modules_import_no_feature(module):
    path = ROOT / module
    imported = {name for _, name in project_imports(ast.parse(path.read_text(encoding="utf-8")), path)}
    assert imported <= FOUNDATION[module] | {m for m in imported if m.startswith("apa_portal")}


def test_apa_portal_helpers_import_no_app():
    helpers = [p for p in (ROOT / "apa_portal").rglob("*.py") if p.name not in {"urls.py"}]
    for path in helpers:
        imported = {m for _, m in project_imports(ast.parse(path.read_text(encoding="utf-8")), path)}
        assert {m.split(".")[0] for m in imported} <= {"apa_portal"}, path
