"""Which letter templates there are: the shipped ones (``resources/templates/*.docx``) and the firm's own
(a folder chosen in settings, ``letters.template_folder``), a firm template overriding the shipped one of
the same id.

A template's id is its file name without ``.docx`` (``representations``); its title and description come
from the document's core properties (File > Info > Properties in Word: Title, and Subject or Comments),
or are made from the id when those are empty. Word's lock files (``~$…``) and hidden files are skipped.
Reading the properties opens only ``docProps/core.xml`` of each file (no template is rendered here).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from casebook.resources import resource_path

SHIPPED = "shipped"
USER = "user"
#: The settings key of the firm's template folder (a JSON string: a path).
FOLDER_KEY = "letters.template_folder"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,80}$")
_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    description: str
    source: str  # "shipped" | "user"
    path: Path

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "description": self.description, "source": self.source}


def shipped_folder() -> Path:
    return resource_path("templates")


def _properties(path: Path) -> tuple[str, str]:
    """(title, description) from the .docx core properties; ("", "") when unreadable."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 1_000_000:
                return "", ""
            root = ElementTree.fromstring(z.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return "", ""

    def text(tag: str) -> str:
        el = root.find(tag, _NS)
        return " ".join((el.text or "").split()) if el is not None else ""

    description = text("dc:subject") or text("dc:description")
    return text("dc:title"), description


def _title_from_id(template_id: str) -> str:
    words = re.sub(r"[-_]+", " ", template_id).strip()
    return words[:1].upper() + words[1:]


def _scan(folder: Path | None, source: str) -> dict[str, Template]:
    out: dict[str, Template] = {}
    if folder is None:
        return out
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return out
    for path in entries:
        name = path.name
        if not name.lower().endswith(".docx") or name.startswith(("~$", ".")) or not path.is_file():
            continue
        template_id = path.stem
        if not _ID.match(template_id):
            continue
        title, description = _properties(path)
        out[template_id] = Template(
            template_id, title or _title_from_id(template_id), description, source, path
        )
    return out


def templates(user_folder: Path | str | None = None) -> list[Template]:
    """Every template, by id; a template in ``user_folder`` replaces the shipped one of the same id."""
    found = _scan(shipped_folder(), SHIPPED)
    if user_folder:
        found.update(_scan(Path(user_folder).expanduser(), USER))
    return [found[k] for k in sorted(found)]


def find(template_id: str, user_folder: Path | str | None = None) -> Template | None:
    wanted = (template_id or "").strip()
    if wanted.lower().endswith(".docx"):
        wanted = wanted[:-5]
    for t in templates(user_folder):
        if t.id == wanted:
            return t
    return None


__all__ = ["FOLDER_KEY", "SHIPPED", "USER", "Template", "find", "shipped_folder", "templates"]
