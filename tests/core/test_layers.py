"""The core never imports Qt or the UI (the import-linter contract in pyproject.toml)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
