"""Screenshots of every screen on the demo, rendered by a real X server (Xvfb), for review.

The test starts ``Xvfb`` on a free display and runs the app's own screen tour
(:func:`ui.app.smoke_screens`) in a subprocess with ``QT_QPA_PLATFORM=xcb``; each screen is saved as
a PNG in ``tests/screenshots/`` (git-ignored), the main window at a laptop's 1366×768, and again at
1280×800 in ``tests/screenshots/1280x800/``. Run ``pytest -m screenshot`` and look at them.
It is skipped only when Xvfb is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, cli_env

pytestmark = pytest.mark.screenshot

OUT = REPO / "tests" / "screenshots"
SCREENS = ("unlock", "this-week", "client", "client-overview", "client-chronology", "client-documents",
           "client-matters", "client-notes", "client-contacts", "client-challenges", "client-programmes",
           "client-documents-filled", "viewer", "search-pages",
           "matter-deadlines", "matter-letters", "matter-directions", "matter-time", "visit-mode", "claims",
           "release-dates-ipp", "release-dates", "search", "locked")


SIZES = ((1366, 768), (1280, 800))


def _demo_with_a_document() -> None:
    """Make sure the demo casebook (in this test's own data folder) holds a dossier, so the tour shows
    the Documents tab filled and the page viewer: a generated PDF with an index page and two scanned
    pages, for the demo's first parole client, unless the demo already has documents."""
    from casebook import session
    from casebook.documents.pdfgen import make_pdf

    path = session.demo_path()
    if not path.exists():
        session.create_demo(path, clients=40, seed=1)
    services = session.open_services(path, session.DEMO_PASSPHRASE)
    try:
        clients = services.clients.ids()
        if any(services.documents.for_client(c) for c in clients):
            return
        index = "\n".join(["INDEX", "OASys assessment ......... 4 - 60",
                           "Psychology report (risk assessment) ...... 61 - 110",
                           "Security information ......... 111 - 118",
                           "Previous decision letter ....... 119 - 124"])
        body = ("The offender manager reports steady progress on the wing and completion of the Thinking "
                "Skills Programme. Risk of serious harm to the public is assessed as high in the community. ")
        pages = [index, None, None] + [f"Page {i}\n" + body * 12 for i in range(4, 125)]
        services.documents.add(make_pdf(pages, title="Parole dossier", author="PPCS"), filename="dossier.pdf",
                               client_id=clients[0], kind="dossier")
    finally:
        services.close()


def _demo_with_exports(folder: Path) -> None:
    """Each demo matter's chronology exported once (into ``folder``), so the Letters tab's list of what
    was generated has an entry to show."""
    from casebook import session

    services = session.open_services(session.demo_path(), session.DEMO_PASSPHRASE)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for m in services.matters.list():
            if not services.letters.generated(m.id):
                services.letters.export_chronology(m.id, folder / f"chronology-{m.id}.docx", force=True)
    finally:
        services.close()


def render(out_dir: str, light: bool = True, size: tuple[int, int] = SIZES[0]) -> None:
    """Entry point of the subprocess: tour the demo and save each screen (the main window at ``size``)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    import ui.app
    from ui.main_window import MainWindow

    app = ui.app.make_application()
    if light:  # the Fusion style's own light palette: the same pictures whatever the host theme
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    widths: dict[str, dict[str, dict[str, int]]] = {}

    def save(name: str, widget):
        if isinstance(widget, MainWindow) and (widget.width(), widget.height()) != size:
            widget.resize(*size)
        QApplication.processEvents()
        img = widget.grab()
        img.save(str(out / f"{name}.png"))
        # The width of every visible column on the screen, for review beside the picture.
        for view in widget.findChildren(QTableView):
            if view.isVisible() and view.model() is not None:
                h = view.horizontalHeader()
                widths.setdefault(name, {})[view.accessibleName() or "table"] = {
                    str(view.model().headerData(i, Qt.Orientation.Horizontal)): h.sectionSize(i)
                    for i in range(h.count()) if not h.isSectionHidden(i)}
        return img

    _demo_with_a_document()
    _demo_with_exports(out.parent / f"exports-{out.name}")
    shell = ui.app.Shell()
    try:
        ui.app.smoke_screens(shell, render=save)
    finally:
        shell.shutdown()
    (out / "column-widths.json").write_text(json.dumps(widths, indent=1, ensure_ascii=False),
                                            encoding="utf-8")


def _free_display() -> int:
    for n in range(90, 190):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb():
    exe = shutil.which("Xvfb")
    if exe is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb); screenshots need a real X server")
    n = _free_display()
    proc = subprocess.Popen([exe, f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Xvfb did not start on :{n}")
        time.sleep(0.05)
    yield f":{n}"
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_screenshots_of_every_screen(xvfb, tmp_path):
    # Rendered into this test's own folder, then copied for review: several runs of the suite may
    # share one checkout.
    env = cli_env(QT_QPA_PLATFORM="xcb", DISPLAY=xvfb)
    env.pop("WAYLAND_DISPLAY", None)
    from PySide6.QtGui import QImage

    for i, size in enumerate(SIZES):
        sub = "" if i == 0 else f"{size[0]}x{size[1]}"
        shots = tmp_path / "shots" / sub
        code = f"from tests.ui.test_screenshots import render; render({str(shots)!r}, size={size!r})"
        r = subprocess.run([sys.executable, "-c", code], check=False, env=env, cwd=REPO, capture_output=True,
                           text=True, timeout=180)
        assert r.returncode == 0, r.stderr[-2000:]
        for name in SCREENS:
            png = shots / f"{name}.png"
            assert png.exists(), f"{name}.png was not written"
            img = QImage(str(png))
            assert img.width() >= 400 and img.height() >= 300, name
            if name not in ("unlock", "search", "search-pages", "locked", "viewer"):
                assert (img.width(), img.height()) == size, name
            # a real picture, not a blank window: many distinct colours in a sample of pixels
            colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
            assert len(colours) > 20, f"{name}.png looks blank"
        (OUT / sub).mkdir(parents=True, exist_ok=True)
        assert json.loads((shots / "column-widths.json").read_text(encoding="utf-8"))
        for png in [*shots.glob("*.png"), shots / "column-widths.json"]:
            shutil.copyfile(png, OUT / sub / png.name)
    assert os.environ.get("DISPLAY") != xvfb  # the test process itself never touched the X server
