"""Before ``./run app`` opens a window on Linux: are the system libraries Qt's platform plugin needs here?

PySide6's wheel carries Qt itself but not the X11/Wayland client libraries of the desktop. On a fresh
Debian or Ubuntu desktop some of them (``libxcb-cursor0``, ``libxcb-icccm4``, ``libxcb-keysyms1`` …) are
often missing, and Qt then stops with "could not load the Qt platform plugin "xcb"" and no hint of what
to install. This script asks the dynamic loader (``ldd``) which libraries the plugin Qt is about to load
cannot find and, where some are missing, prints the exact ``sudo apt install …`` line and exits 1, or,
when run as root on a system with apt-get, installs them.

It does nothing (exit 0) off Linux, without a display, or for Qt's display-less platforms
(``QT_QPA_PLATFORM=offscreen`` and the like). Run by ``./run app``; standard library only, and it never
imports Qt (a missing library would abort the import).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# The Debian/Ubuntu package that provides each library Qt's xcb and wayland platform plugins load
# (directly or through libQt6XcbQpa / libQt6WaylandClient) and PySide6 does not ship.
PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# Qt platforms that need no desktop libraries (no window on a screen).
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}


def plugins_dir() -> Path | None:
    """PySide6's ``Qt/plugins/platforms`` folder, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"


def platforms_to_check(env: Mapping[str, str], platform: str = sys.platform) -> list[str]:
    """Which platform plugins Qt will try here, in order (empty: nothing to check).

    Qt uses ``QT_QPA_PLATFORM`` when set (``wayland;xcb`` style lists are tried in turn); otherwise
    Wayland on a Wayland session (falling back to X11 through XWayland) and X11 elsewhere.
    """
    if not platform.startswith("linux"):
        return []
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        names = [n.split(":", 1)[0].strip() for n in chosen.split(";") if n.strip()]
        if any(n in _HEADLESS for n in names):
            return []
        names = [n for n in names if n.startswith(("xcb", "wayland"))]
    elif env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "wayland") == "wayland":
        names = ["wayland", "xcb"]
    else:
        names = ["xcb"]
    if not env.get("DISPLAY"):
        names = [n for n in names if not n.startswith("xcb")]
    if not env.get("WAYLAND_DISPLAY"):
        names = [n for n in names if not n.startswith("wayland")]
    return ["wayland" if n.startswith("wayland") else "xcb" for n in names]


def parse_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, each once, in order."""
    missing: list[str] = []
    for line in output.splitlines():
        if "not found" in line and "=>" in line:
            name = line.split("=>", 1)[0].strip()
            if name and name not in missing:
                missing.append(name)
    return missing


def _ldd(path: Path) -> str:
    done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def missing_libraries(plugin: Path, ldd: Callable[[Path], str] = _ldd) -> list[str]:
    return parse_ldd(ldd(plugin))


def packages_for(libraries: list[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries whose package is not known here)."""
    packages: list[str] = []
    unknown: list[str] = []
    for lib in libraries:
        pkg = PACKAGES.get(lib)
        if pkg is None:
            unknown.append(lib)
        elif pkg not in packages:
            packages.append(pkg)
    return packages, unknown


def _plugin_file(folder: Path, name: str) -> Path:
    return folder / {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}[name]


def check(env: Mapping[str, str], folder: Path | None, ldd: Callable[[Path], str] = _ldd) -> list[str]:
    """The libraries missing for the platform Qt will use; empty when one it would try is complete."""
    names = platforms_to_check(env)
    if not names or folder is None or not folder.is_dir():
        return []
    first_missing: list[str] | None = None
    for name in names:
        plugin = _plugin_file(folder, name)
        if not plugin.exists():
            continue
        missing = missing_libraries(plugin, ldd)
        if not missing:
            return []
        if first_missing is None or name == "xcb":
            # X11 is the one that works everywhere (XWayland included): name its libraries.
            first_missing = missing
    return first_missing or []


def message(missing: list[str]) -> str:
    packages, unknown = packages_for(missing)
    lines = ["Casebook cannot open its window: Qt needs system libraries that are not installed here",
             f"({', '.join(missing)})."]
    if packages:
        lines += [
            "On Debian or Ubuntu, install them with:",
            "",
            f"  sudo apt install {' '.join(packages)}",
            "",
        ]
    if unknown:
        lines.append("Install the packages that provide: " + ", ".join(unknown) + ".")
    lines.append("Then run ./run app again.")
    return "\n".join(lines)


def main(env: Mapping[str, str] | None = None, folder: Path | None = None,
         ldd: Callable[[Path], str] = _ldd, may_install: bool | None = None) -> int:
    env = os.environ if env is None else env
    if shutil.which("ldd") is None and ldd is _ldd:
        return 0  # cannot tell; let Qt speak for itself
    folder = plugins_dir() if folder is None else folder
    missing = check(env, folder, ldd)
    if not missing:
        return 0
    packages, unknown = packages_for(missing)
    if may_install is None:
        may_install = hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None
    if may_install and packages and not unknown:
        print(
            f"Installing the libraries Qt needs for Casebook's window: {' '.join(packages)}", file=sys.stderr
        )
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
        if subprocess.run(cmd, env=apt_env, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=apt_env, check=False)
            subprocess.run(cmd, env=apt_env, check=False)
        missing = check(env, folder, ldd)
        if not missing:
            return 0
    print(message(missing), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
