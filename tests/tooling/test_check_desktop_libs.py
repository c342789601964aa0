"""build/check_desktop_libs.py: what ``./run app`` says on a Linux desktop missing Qt's X11 libraries."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("check_desktop_libs", REPO / "build" / "check_desktop_libs.py")
assert _spec and _spec.loader
libs = importlib.util.module_from_spec(_spec)
sys.modules["check_desktop_libs"] = libs
_spec.loader.exec_module(libs)

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibEGL.so.1 => not found
"""
LDD_COMPLETE = "\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)\n"


@pytest.fixture
def plugins(tmp_path) -> Path:
    for name in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def fake_ldd(outputs: dict[str, str]):
    calls: list[str] = []

    def ldd(path: Path) -> str:
        calls.append(path.name)
        return outputs[path.name]

    ldd.calls = calls
    return ldd


def test_parse_ldd_lists_each_missing_library_once_in_order():
    assert libs.parse_ldd(LDD_MISSING) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libEGL.so.1"]
    assert libs.parse_ldd(LDD_COMPLETE) == []


def test_missing_x11_libraries_name_the_exact_apt_line_and_fail(plugins, capsys):
    ldd = fake_ldd({"libqxcb.so": LDD_MISSING})
    code = libs.main(env={"DISPLAY": ":0"}, folder=plugins, ldd=ldd, may_install=False)
    assert code == 1
    err = capsys.readouterr().err
    assert "  sudo apt install libxcb-cursor0 libxcb-icccm4 libegl1\n" in err
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libEGL.so.1" in err


def test_a_library_without_a_known_package_is_named(plugins, capsys):
    ldd = fake_ldd({"libqxcb.so": "\tlibxcb-icccm.so.4 => not found\n\tlibfoo.so.9 => not found\n"})
    assert libs.main(env={"DISPLAY": ":0"}, folder=plugins, ldd=ldd, may_install=False) == 1
    err = capsys.readouterr().err
    assert "sudo apt install libxcb-icccm4\n" in err
    assert "provide: libfoo.so.9." in err


def test_nothing_is_checked_offscreen_without_a_display_or_off_linux(plugins):
    ldd = fake_ldd({"libqxcb.so": LDD_MISSING, "libqwayland.so": LDD_MISSING})
    assert libs.main(env={"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, folder=plugins, ldd=ldd) == 0
    assert libs.main(env={}, folder=plugins, ldd=ldd) == 0
    assert libs.platforms_to_check({"DISPLAY": ":0"}, platform="darwin") == []
    assert libs.platforms_to_check({"DISPLAY": ":0"}, platform="win32") == []
    assert ldd.calls == []


def test_complete_x11_libraries_pass(plugins):
    ldd = fake_ldd({"libqxcb.so": LDD_COMPLETE})
    assert libs.main(env={"DISPLAY": ":0"}, folder=plugins, ldd=ldd, may_install=False) == 0
    assert ldd.calls == ["libqxcb.so"]


def test_a_wayland_session_with_working_wayland_is_enough(plugins):
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}
    ldd = fake_ldd({"libqwayland.so": LDD_COMPLETE, "libqxcb.so": LDD_MISSING})
    assert libs.main(env=env, folder=plugins, ldd=ldd, may_install=False) == 0
    # …but when neither works, the X11 libraries are the ones named (XWayland runs X11 apps everywhere).
    ldd = fake_ldd({"libqwayland.so": "\tlibwayland-cursor.so.0 => not found\n", "libqxcb.so": LDD_MISSING})
    assert libs.check(env, plugins, ldd) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libEGL.so.1"]


def test_explicit_platform_is_the_one_checked():
    assert libs.platforms_to_check({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, platform="linux") == ["xcb"]
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "wayland;xcb"}
    assert libs.platforms_to_check(env, platform="linux") == ["wayland", "xcb"]
    assert libs.platforms_to_check({"QT_QPA_PLATFORM": "xcb"}, platform="linux") == []  # no display


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="ldd and Qt's xcb plugin exist on Linux only")
def test_every_library_the_real_plugins_can_miss_has_a_package():
    # Whatever the installed PySide6's xcb and wayland plugins load from the system is in the table,
    # so a missing one is always named with its package. Libraries PySide6 ships itself, and the C
    # runtime, are not.
    folder = libs.plugins_dir()
    assert folder is not None and (folder / "libqxcb.so").exists()
    loaded: set[str] = set()
    for plugin in ("libqxcb.so", "libqwayland.so"):
        for line in libs._ldd(folder / plugin).splitlines():
            if "=>" not in line:
                continue
            name, where = (part.strip() for part in line.split("=>", 1))
            if "PySide6" in where or "shiboken6" in where:
                continue
            loaded.add(name)
    x11 = {n for n in loaded if n.startswith(("libxcb", "libX", "libxkb", "libEGL", "libwayland"))}
    assert x11 - set(libs.PACKAGES) == set()
    assert "libxcb-cursor.so.0" in loaded
