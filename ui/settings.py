"""Every setting of the desktop app, in one typed registry over QSettings.

Modelled on KeePassXC's ``Config`` and Picard's option registry: each setting is declared once with
its key, type and default; :meth:`Settings.get` falls back to the default (so a new setting never
breaks an old settings file) and :attr:`Settings.changed` is emitted only when a value really
changes.

What may be stored here: file paths, window geometry and other UI state, and preferences. What may
never be stored here: client data of any kind, passphrases or keys (the raw key lives only in the
OS keyring, and only when the user asks for "Remember on this device").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

MAX_RECENT = 8


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    doc: str


REGISTRY: dict[str, Setting] = {}


def _declare(key: str, type_: type, default: Any, doc: str) -> Setting:
    s = Setting(key, type_, default, doc)
    REGISTRY[key] = s
    return s


IDLE_LOCK_MINUTES = _declare("security/idle_lock_minutes", int, 5,
                             "Lock the casebook after this many minutes without keyboard or mouse input (0 = "
                             "never).")
LOCK_ON_SCREEN_LOCK = _declare("security/lock_on_screen_lock", bool, True,
                               "Lock the casebook when the computer locks or goes to sleep.")
RECENT_FILES = _declare("files/recent", list, [],
                        "Recently opened casebook files (paths only), newest first.")
LAST_FILE = _declare("files/last", str, "", "The casebook file opened last (preselected on the unlock "
                                            "window).")
BACKUP_FOLDER = _declare("files/backup_folder", str, "", "The folder the last backup was written to.")
MAIN_GEOMETRY = _declare("window/main_geometry", bytes, b"", "Main window geometry.")
THIS_WEEK_HIDDEN_COLUMNS = _declare("window/this_week_hidden_columns", list, ["rule"],
                                    "Columns of the This week table the user has hidden (column keys).")
COLUMN_WIDTHS = _declare("window/column_widths", str, "{}",
                        "Column widths the user dragged, per table: JSON of table → column key → pixels.")
SPLITTER_STATE = _declare("window/splitter_state", bytes, b"", "Navigator / central area split.")


def _coerce(setting: Setting, raw: Any) -> Any:
    """QSettings hands back strings from INI files and single items for one-element lists."""
    if raw is None:
        return _copy_default(setting)
    t = setting.type
    try:
        if t is bool:
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes", "on")
            return bool(raw)
        if t is int:
            return int(raw)
        if t is str:
            return str(raw)
        if t is list:
            if isinstance(raw, str):
                return [raw] if raw else []
            return [str(v) for v in raw]
        if t is bytes:
            if isinstance(raw, QByteArray):
                return bytes(raw.data())
            if isinstance(raw, (bytes, bytearray)):
                return bytes(raw)
            return _copy_default(setting)
    except (TypeError, ValueError):
        return _copy_default(setting)
    return raw


def _copy_default(setting: Setting) -> Any:
    d = setting.default
    return list(d) if isinstance(d, list) else d


class Settings(QObject):
    """Typed access to the registry. Use :func:`settings` for the application-wide instance."""

    changed = Signal(str)  # the setting's key

    def __init__(self, path: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if path is None:
            self._qs = QSettings("Casebook", "Casebook")
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, setting: Setting) -> Any:
        return _coerce(setting, self._qs.value(setting.key))

    def set(self, setting: Setting, value: Any) -> None:
        if setting.key not in REGISTRY:
            raise KeyError(f"undeclared setting {setting.key}")
        value = _coerce(setting, value)
        if value == self.get(setting):
            return
        self._qs.setValue(setting.key, QByteArray(value) if setting.type is bytes else value)
        self._qs.sync()
        self.changed.emit(setting.key)

    def reset(self, setting: Setting) -> None:
        if self._qs.contains(setting.key):
            self._qs.remove(setting.key)
            self._qs.sync()
            self.changed.emit(setting.key)

    def file_name(self) -> str:
        return self._qs.fileName()

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        return [p for p in self.get(RECENT_FILES) if p]

    def add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        recent = [p] + [r for r in self.recent_files() if r != p]
        self.set(RECENT_FILES, recent[:MAX_RECENT])
        self.set(LAST_FILE, p)

    def remove_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        self.set(RECENT_FILES, [r for r in self.recent_files() if r != p])
        if self.get(LAST_FILE) == p:
            self.reset(LAST_FILE)


_instance: Settings | None = None


def settings() -> Settings:
    """The application-wide settings (created on first use, after the QApplication has its names)."""
    global _instance
    if _instance is None:
        _instance = Settings()
    return _instance


def use_settings(instance: Settings | None) -> None:
    """Replace the application-wide settings (tests use a per-test INI file)."""
    global _instance
    _instance = instance
