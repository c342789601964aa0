"""Fault 1: a damaged or truncated file is reported as damaged (restore from a backup), not as a wrong
passphrase; a full disk as a full disk. Exit 4 (cannot unlock), as the CLI contract says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.errors import DamagedFile, DiskFull, WrongPassphrase
from casebook.store import Casebook, cipher, faults
from casebook.store.sqlite import dbapi
from tests.conftest import PASSPHRASE, cli_env
from tests.core.faults.helpers import one_line


def _fill(path: Path, n: int = 40) -> None:
    from casebook.services import Services

    with Casebook.open(path, PASSPHRASE) as cb:
        svc = Services(cb)
        for i in range(n):
            cid = svc.clients.add(name=f"Client {i}", prison_number=f"A{1000 + i}BC")
            svc.notes.add(cid, "word " * 300)


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


@pytest.fixture
def full_path(casebook_path):
    _fill(casebook_path)
    return casebook_path


def test_half_the_file_is_damaged_not_a_wrong_passphrase(run_cli, full_path):
    _truncate(full_path, (full_path.stat().st_size // 2) // 4096 * 4096)
    r = run_cli("--file", full_path, "check")
    assert r.returncode == 4
    err = one_line(r)
    assert "damaged" in err and "restore" in err and "passphrase" not in err


def test_a_file_cut_mid_page_is_damaged(full_path):
    _truncate(full_path, full_path.stat().st_size // 2 + 1000)
    with pytest.raises(DamagedFile, match="cut short"):
        Casebook.open(full_path, PASSPHRASE)


def test_a_damaged_first_page_is_damaged(full_path):
    data = bytearray(full_path.read_bytes())
    data[100:104] = b"\xff\xff\xff\xff"
    full_path.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="first page") as err:
        Casebook.open(full_path, PASSPHRASE)
    assert err.value.exit_code == 4 and "restore" in err.value.message


def test_a_wrong_passphrase_is_still_a_wrong_passphrase_even_on_a_damaged_file(full_path):
    with pytest.raises(WrongPassphrase):
        Casebook.open(full_path, "not the passphrase at all")
    _truncate(full_path, full_path.stat().st_size // 2)
    with pytest.raises(WrongPassphrase):
        Casebook.open(full_path, "not the passphrase at all")


def test_an_empty_file_is_not_called_a_wrong_passphrase(run_cli, tmp_path):
    p = tmp_path / "empty.casebook"
    p.write_bytes(b"")
    r = run_cli("--file", p, "client", "list")
    assert r.returncode == 4
    err = one_line(r)
    assert "empty" in err and "wrong passphrase" not in err


def test_key_fits_proves_the_key_from_page_hmacs(full_path):
    with Casebook.open(full_path, PASSPHRASE) as cb:
        key = cb.raw_key()
    assert faults.key_fits(full_path, key)
    assert not faults.key_fits(full_path, bytes(32))
    data = bytearray(full_path.read_bytes())
    data[:4096] = os.urandom(16) + bytes(data[16:4096])  # a new salt: page 1 no longer authenticates
    full_path.write_bytes(bytes(data))
    assert cipher.page_format(bytes(data[:4096]), 1, cipher.hmac_key(key, bytes(data[:16]))) is None


def _error(code: int, message: str):
    exc = dbapi.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


def test_disk_full_while_opening_is_disk_full_exit_4(full_path):
    err = faults.unreadable(full_path, bytes(32), _error(13, "database or disk is full"))
    assert isinstance(err, DiskFull) and err.exit_code == 4 and "full" in err.message


def test_io_error_on_a_full_disk_is_disk_full(full_path, monkeypatch):
    monkeypatch.setattr(faults, "low_on_space", lambda path: True)
    err = faults.unreadable(full_path, bytes(32), _error(4874, "disk I/O error"))  # SQLITE_IOERR_SHMSIZE
    assert isinstance(err, DiskFull) and err.exit_code == 4


def _can_mount_tmpfs() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    r = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                       capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs unshare and a private tmpfs (Linux namespaces)")
def test_a_really_full_disk_is_reported_as_disk_full(tmp_path):
    """The reproduction: a casebook on a disk that then fills up (a private 1.2 MB tmpfs)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    exe = Path(sys.executable).with_name("casebook")
    script = f"""
set -u
mount -t tmpfs -o size=1200k tmpfs {mnt}
{exe} --file {mnt}/x.casebook init >/dev/null || exit 90
{exe} --file {mnt}/x.casebook client add --name Bob --prison-number A1234BC >/dev/null || exit 91
dd if=/dev/zero of={mnt}/fill bs=4k 2>/dev/null
{exe} --file {mnt}/x.casebook client list
echo "rc=$?"
{exe} --file {mnt}/x.casebook client add --name Al --prison-number A1234BD
echo "rc=$?"
rm {mnt}/fill
{exe} --file {mnt}/x.casebook client list
echo "rc=$?"
"""
    env = cli_env(CASEBOOK_PASSPHRASE=PASSPHRASE)
    r = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, env=env,
                       timeout=120)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert [ln for ln in r.stdout.splitlines() if ln.startswith("rc=")] == ["rc=4", "rc=4", "rc=0"], r
    assert len(lines) == 2 and all("disk" in ln and "full" in ln for ln in lines), lines
    assert "wrong passphrase" not in r.stderr
    assert "Bob" in r.stdout and "Al " not in r.stdout  # nothing lost, nothing half-saved
