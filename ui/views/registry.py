"""The client view's tabs, declared once: a new kind of record gets its tab by adding one entry here.

Each :class:`ClientTab` names the tab (``key``: the attribute on :class:`~ui.views.client_view.ClientView`
and the smoke tour's screen name ``client-<key>``), its visible title with the ``&`` mnemonic, the
accessible name a screen reader hears, and the factory that builds it over the session's services.

A tab widget keeps one small contract: ``changed`` (a signal, emitted after it saved something),
``set_client(client_id)``, ``refresh()`` and ``clear()`` (drop every model: the casebook is locking).

The client view builds its tabs from :data:`CLIENT_TABS` in order; the smoke tour and the lock's
"where the user was" both iterate it (``ClientView.show_tab(key)``). Keep the keys stable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _overview(services) -> Any:
    from ui.views.overview import OverviewTab

    return OverviewTab(services)


def _chronology(services) -> Any:
    from ui.views.chronology import ChronologyTab

    return ChronologyTab(services)


def _documents(services) -> Any:
    from ui.views.documents import DocumentsTab

    return DocumentsTab(services)


def _matters(services) -> Any:
    from ui.views.matter_view import MattersTab

    return MattersTab(services)


def _notes(services) -> Any:
    from ui.views.notes import NotesTab

    return NotesTab(services)


def _contacts(services) -> Any:
    from ui.views.contacts import ContactsTab

    return ContactsTab(services)


def _risk(services) -> Any:
    from ui.views.risk import RiskTab

    return RiskTab(services)


def _evidence(services) -> Any:
    from ui.views.evidence import EvidenceTab

    return EvidenceTab(services)


def _challenges(services) -> Any:
    from ui.views.challenges import ChallengesTab

    return ChallengesTab(services)


def _programmes(services) -> Any:
    from ui.views.programmes import ProgrammesTab

    return ProgrammesTab(services)


@dataclass(frozen=True)
class ClientTab:
    key: str  #: attribute on the client view, and the smoke tour's "client-<key>" screen
    title: str  #: the tab's text, with its & mnemonic (Alt+letter switches to it)
    accessible_name: str
    factory: Callable[[Any], Any]  #: services → the tab widget

    @property
    def plain_title(self) -> str:
        return self.title.replace("&", "")

    @property
    def shortcut(self) -> str:
        """The Alt+letter the mnemonic gives ("Alt+O"), or "" if the title has none."""
        i = self.title.find("&")
        return f"Alt+{self.title[i + 1].upper()}" if 0 <= i < len(self.title) - 1 else ""


CLIENT_TABS: tuple[ClientTab, ...] = (
    ClientTab("overview", "&Overview", "Overview", _overview),
    ClientTab("chronology", "&Chronology", "Chronology", _chronology),
    ClientTab("documents", "Doc&uments", "Documents: the dossier, reports and letters", _documents),
    ClientTab("matters", "&Matters", "Matters", _matters),
    ClientTab("notes", "No&tes", "Notes", _notes),
    ClientTab("contacts", "Contact&s", "Contacts: the people on the case", _contacts),
    ClientTab("risk", "&Risk", "Risk assessments and risk factors", _risk),
    ClientTab("evidence", "Ev&idence", "Evidence of risk reduction", _evidence),
    ClientTab("challenges", "Challen&ges", "Challenges to assessments, and allegations", _challenges),
    ClientTab("programmes", "&Programmes", "Programme-access log", _programmes),
)


def client_tab(key: str) -> ClientTab:
    for tab in CLIENT_TABS:
        if tab.key == key:
            return tab
    raise KeyError(key)


__all__ = ["CLIENT_TABS", "ClientTab", "client_tab"]
