"""The layers (the import-linter contracts in pyproject.toml): the core never imports Qt or the UI, not
even by name; the UI reaches the store and the rules engines only through the services."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "casebook"


def test_import_linter_contract():
    lint = Path(sys.executable).with_name("lint-imports")
    p = subprocess.run([str(lint)], cwd=CORE.parent, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr


def test_no_qt_or_ui_import_statement_in_core():
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for n in names:
                if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "ui"}:
                    offenders.append(f"{path.relative_to(CORE.parent)}: {n}")
    assert offenders == []


def test_core_imports_without_qt_installed():
    code = (
        "import sys; sys.modules['PySide6'] = None\nimport casebook.cli, casebook.services, casebook.store, "
        "casebook.demo, casebook.deadlines, casebook.sentencing\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       cwd=CORE.parent)
    assert p.returncode == 0, p.stderr


UI_MODULE_NAME = re.compile(r"^ui(\.[A-Za-z_][A-Za-z0-9_]*)*$")
LOADERS = {"import_module", "__import__", "find_spec", "load_module", "run_module"}


def _by_name_loads_of_ui(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls that load a module by name (importlib.import_module, __import__, …) with a ``ui`` name, and
    any string literal that is a ``ui.…`` module path (the name could be passed along and loaded later)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            first = node.args[0] if node.args else None
            if name in LOADERS and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value.split(".")[0] == "ui":
                found.append((node.lineno, f"{name}({first.value!r})"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value \
                and UI_MODULE_NAME.match(node.value):
            found.append((node.lineno, repr(node.value)))
    return found


def test_core_never_loads_the_ui_by_name():
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(CORE.parent)
        offenders += [f"{where}:{line}: {what}" for line, what in _by_name_loads_of_ui(tree)]
    assert offenders == []


@pytest.mark.parametrize("source", [
    'import importlib\nimportlib.import_module("ui.app")',
    'from importlib import import_module\nimport_module("ui")',
    '__import__("ui.entry")',
    'TARGET = "ui.app"',
])
def test_the_by_name_check_catches_each_form(source):
    assert _by_name_loads_of_ui(ast.parse(source)) != []


def test_the_by_name_check_leaves_ordinary_strings_alone():
    source = ('x = "ui"\nlog = "casebook.ui"\nhelp = "the ui. is"\n'
              'import importlib\nimportlib.import_module("json")')
    assert _by_name_loads_of_ui(ast.parse(source)) == []


def test_python_dash_m_casebook_does_not_load_the_ui():
    code = ("import sys, runpy\nsys.argv = ['casebook', '--help']\n"
            "try:\n    runpy.run_module('casebook', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m == 'ui' or m.startswith('ui.')], 'ui loaded'\n"
            "assert 'PySide6' not in sys.modules\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       cwd=CORE.parent)
    assert p.returncode == 0, p.stderr
