"""``./run`` from another folder: paths on the command line are relative to where the user is."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, REPO

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASEBOOK_PASSPHRASE": PASSPHRASE, "CASEBOOK_INSECURE_TEST_KDF": "1"}
    return subprocess.run([str(REPO / "run"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_run_cli_resolves_relative_paths_in_the_callers_folder(tmp_path):
    here = tmp_path / "elsewhere"
    here.mkdir()
    name = f"run-cwd-{os.getpid()}.casebook"
    done = _run(["cli", "--file", name, "init"], here)
    assert done.returncode == 0, done.stderr
    assert (here / name).is_file()
    assert not (REPO / name).exists()

    done = _run(["cli", "--file", name, "client", "add", "--name", "Ann Example", "--json"], here)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"id": 1}

    # backup and restore take relative paths too (restore used to say "no casebook at" the repo's path).
    assert _run(["cli", "--file", name, "backup", "-o", "backup.casebook"], here).returncode == 0
    assert (here / "backup.casebook").is_file()
    done = _run(["cli", "restore", "backup.casebook", "--to", "restored.casebook"], here)
    assert done.returncode == 0, done.stderr
    done = _run(["cli", "--file", "restored.casebook", "client", "list", "--json"], here)
    assert done.returncode == 0, done.stderr
    assert [c["name"] for c in json.loads(done.stdout)] == ["Ann Example"]
    assert not (REPO / "backup.casebook").exists() and not (REPO / "restored.casebook").exists()


def test_run_cli_ignores_packages_in_the_callers_folder(tmp_path):
    # The caller's folder is not on the import path: a folder called "casebook" there is not imported.
    (tmp_path / "casebook").mkdir()
    (tmp_path / "casebook" / "__init__.py").write_text("raise SystemExit('wrong casebook package')\n")
    (tmp_path / "casebook" / "__main__.py").write_text("raise SystemExit('wrong casebook package')\n")
    done = _run(["cli", "--help"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "usage: casebook" in done.stdout
