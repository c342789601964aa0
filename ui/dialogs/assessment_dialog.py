"""Add or edit a risk assessment: made for a legal visit, keyboard first.

A new assessment is dated today (the services' clock) and the tool is OASys. The RoSH levels are a
grid (who is at risk × custody / community, prisoners in custody only, as the vocabulary says); the
scores are rows of predictor, value, static or dynamic, and the band as printed on the report. Tab
runs down the fields and across each row. Everything is checked by the service: a bad value is shown
under its own field and nothing is saved.

The author's role, the Programme Needs Identifier outcome, MAPPA category and level and the OASys
sections' "linked to harm / linked to offending" flags (a grid of two checkboxes a section; only the
sections the vocabulary gives the flags for can be ticked) are shown for OASys; the conclusions and the
recommendation on release or open conditions for the other tools. Everything sits in a scroll area so
the dialog fits a 1366×768 screen.

Editing changes the assessment's details and replaces its RoSH levels, scores and section flags, all
or nothing (``assessments.update``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from casebook.domain import risk
from casebook.errors import ValidationError
from casebook.risk import vocab
from ui.models.risk_models import LEVELS
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo

SCORE_ROWS = 4
BAND_CHOICES = [("", "—")] + [(b, b.capitalize()) for b in LEVELS]


class ScoreRow:
    """One row of the scores grid."""

    def __init__(self, n: int) -> None:
        engine = risk.band_engine()
        self.name = QComboBox()
        fill_combo(self.name, [("", "—")] + [(p.id, f"{p.name} ({p.generation})")
                                             for p in engine.PREDICTORS.values()])
        self.value = QLineEdit()
        self.value.setPlaceholderText("e.g. 62")
        self.kind = QComboBox()
        fill_combo(self.kind, [("", "—")] + [(k, k.capitalize()) for k in risk.SCORE_KINDS])
        self.band = QComboBox()
        fill_combo(self.band, BAND_CHOICES)
        for w, what in ((self.name, "predictor"), (self.value, "value"), (self.kind, "static or dynamic"),
                        (self.band, "band as issued")):
            w.setAccessibleName(f"Score {n}: {what}")

    def widgets(self) -> list[QWidget]:
        return [self.name, self.value, self.kind, self.band]

    def values(self) -> dict[str, Any] | None:
        name = combo_value(self.name)
        value = self.value.text().strip()
        if not name and not value:
            return None
        return {"name": name or "", "value": value, "kind": combo_value(self.kind) or None,
                "band_as_issued": combo_value(self.band) or None}

    def set(self, name: str, value: Any, kind: str | None, band: str | None) -> None:
        self.name.setCurrentIndex(max(self.name.findData(name or ""), 0))
        self.value.setText(str(value))
        self.kind.setCurrentIndex(max(self.kind.findData(kind or ""), 0))
        self.band.setCurrentIndex(max(self.band.findData(band or ""), 0))


class ScoresGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for c, head in enumerate(("Predictor", "Value", "Static or dynamic", "Band as issued")):
            lab = QLabel(head)
            lab.setEnabled(False)
            self.grid.addWidget(lab, 0, c)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[ScoreRow] = []
        self.more = QPushButton("A&nother score row")
        self.more.setAccessibleName("Add another score row")
        self.more.clicked.connect(lambda: self.add_row().name.setFocus())
        for _ in range(SCORE_ROWS):
            self.add_row()

    def add_row(self) -> ScoreRow:
        row = ScoreRow(len(self.rows) + 1)
        self.rows.append(row)
        r = len(self.rows)
        for c, w in enumerate(row.widgets()):
            self.grid.addWidget(w, r, c)
        self.grid.addWidget(self.more, r + 1, 0)
        return row

    def chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.widgets()] + [self.more]

    def values(self) -> list[dict[str, Any]]:
        return [v for v in (row.values() for row in self.rows) if v is not None]


class RoshGrid(QWidget):
    """A combo per (group, setting) a RoSH level is given for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        settings = vocab.rosh_settings()
        slots = set(risk.rosh_slots())
        for c, s in enumerate(settings, start=1):
            lab = QLabel(s.label)
            lab.setEnabled(False)
            grid.addWidget(lab, 0, c)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        for r, g in enumerate(vocab.rosh_groups(), start=1):
            grid.addWidget(QLabel(g.label), r, 0)
            for c, s in enumerate(settings, start=1):
                if (g.id, s.id) not in slots:
                    continue
                combo = QComboBox()
                fill_combo(combo, [("", "—")] + [(b, b.capitalize()) for b in LEVELS])
                combo.setAccessibleName(f"RoSH to {g.label.lower()} in {s.label.lower()}")
                grid.addWidget(combo, r, c)
                self.combos[(g.id, s.id)] = combo

    def chain(self) -> list[QWidget]:
        return list(self.combos.values())

    def values(self) -> list[dict[str, str]]:
        return [{"risk_group": g, "setting": s, "level": combo_value(c)}
                for (g, s), c in self.combos.items() if combo_value(c)]

    def set(self, group: str, setting: str, level: str) -> None:
        c = self.combos.get((group, setting))
        if c is not None:
            c.setCurrentIndex(max(c.findData(risk.parse_level(level)), 0))


class SectionsGrid(QWidget):
    """The 13 OASys sections, each with "linked to harm" and "linked to offending" checkboxes; only
    the sections the vocabulary gives the flags for can be ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        for c, head in enumerate(("Section", "Harm", "Offending")):
            lab = QLabel(head)
            lab.setEnabled(False)
            grid.addWidget(lab, 0, c)
        self.boxes: dict[int, tuple[QCheckBox, QCheckBox]] = {}
        #: Sections saved with the assessment: kept (even with no flag ticked) when it is saved again.
        self.saved: set[int] = set()
        for r, sec in enumerate(vocab.oasys_sections(), start=1):
            n = int(sec.extra["number"])
            grid.addWidget(QLabel(f"{n}. {sec.label}"), r, 0)
            pair = (QCheckBox(), QCheckBox())
            for c, (box, what) in enumerate(zip(pair, ("harm", "offending"), strict=True), start=1):
                box.setAccessibleName(f"Section {n}, {sec.label}: linked to {what}")
                box.setEnabled(bool(sec.extra.get("linked_flags")))
                grid.addWidget(box, r, c)
            self.boxes[n] = pair
        grid.setColumnStretch(0, 1)

    def chain(self) -> list[QWidget]:
        return [b for pair in self.boxes.values() for b in pair if b.isEnabled()]

    def set(self, section: int, harm: bool, offending: bool) -> None:
        pair = self.boxes.get(int(section))
        if pair is not None:
            pair[0].setChecked(bool(harm))
            pair[1].setChecked(bool(offending))

    def values(self) -> list[dict[str, Any]]:
        return [{"section": n, "linked_to_harm": h.isChecked(), "linked_to_offending": o.isChecked()}
                for n, (h, o) in self.boxes.items()
                if n in self.saved or h.isChecked() or o.isChecked()]


def _choices(terms, current: Any = None) -> QComboBox:
    combo = QComboBox()
    fill_combo(combo, [("", "—")] + [(t.id, t.label) for t in terms], current)
    return combo


def _text_box(text: str = "", lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


OASYS_ONLY = ("rosh", "sections", "pni", "mappa_category", "mappa_level")
OTHER_TOOLS_ONLY = ("conclusions", "recommendation")


class AssessmentDialog(FormDialog):
    """``AssessmentDialog(services, client_id, assessment_id=None)``."""

    def __init__(self, services, client_id: int, assessment_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit assessment" if assessment_id else "New assessment", parent)
        self.services = services
        self.client_id = client_id
        self.assessment_id = assessment_id
        a = services.assessments.get(assessment_id) if assessment_id else None
        f = self.form
        today = services.clock.today()
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=a.date if a else today))
        self.tool = f.add("tool", "&Tool", QComboBox())
        fill_combo(self.tool, [(t.id, t.label) for t in vocab.tools()], a.tool if a else "oasys")
        self.author = f.add("author", "&Author", QLineEdit(a.author if a else ""))
        self.author_role = f.add("author_role", "Author's &role",
                                 _choices(vocab.authors(), a.author_role if a else ""))
        self.source = f.add("source", "&Source document", QLineEdit(a.source if a else ""))
        self.page = f.add("page", "&Page", QLineEdit(str(a.page) if a and a.page not in (None, "") else ""))
        self.rosh = f.add("rosh", "&RoSH", RoshGrid())
        self.scores = f.add("score", "S&cores", ScoresGrid(),
                            help_text="A row with no predictor is skipped. Band: as printed on the "
                                      "report (Casebook computes its own).")
        self.sections = f.add("sections", "Sectio&ns", SectionsGrid(),
                              help_text="Ticked: the report marks the section linked to risk of serious "
                                        "harm or to offending behaviour.")
        self.pni = f.add("pni", "P&NI outcome", _choices(vocab.pni_outcomes(), a.pni if a else ""))
        self.mappa_category = f.add("mappa_category", "MAPPA cate&gory", _choices(
            vocab.mappa_categories(), str(a.mappa_category) if a and a.mappa_category else ""))
        self.mappa_level = f.add("mappa_level", "MAPPA &level", _choices(
            vocab.mappa_levels(), str(a.mappa_level) if a and a.mappa_level else ""))
        self.conclusions = f.add("conclusions", "Concl&usions", _text_box(a.conclusions if a else ""))
        self.recommendation = f.add("recommendation", "Recommendation on r&elease",
                                    QLineEdit(a.recommendation or "" if a else ""))
        self.recommendation.setPlaceholderText("e.g. release; open conditions; neither")
        if a is not None:
            for r in services.assessments.rosh_of(a.id):
                self.rosh.set(r.risk_group, r.setting, r.level)
            saved = services.assessments.scores_of(a.id)
            while len(self.scores.rows) < len(saved):
                self.scores.add_row()
            for row, s in zip(self.scores.rows, saved, strict=False):
                row.set(s.name, _number(s.value), s.kind, s.band_as_issued)
            for sec in services.assessments.sections_of(a.id):
                self.sections.saved.add(int(sec.section))
                self.sections.set(sec.section, sec.linked_to_harm, sec.linked_to_offending)
        self._auto_role = a is None
        self.author_role.activated.connect(self._role_chosen)
        self.tool.currentIndexChanged.connect(self._tool_changed)
        self._tool_changed()
        self._scroll_form()
        self.resize(820, 680)
        self.date.setFocus()

    def _scroll_form(self) -> None:
        """Put the form in a scroll area: with the RoSH, scores and section grids it is taller than a
        1366×768 screen."""
        self.scroll_form()
        self.scroll = self.form_scroll

    def _role_chosen(self, *_: Any) -> None:
        self._auto_role = False

    def _tool_changed(self, *_: Any) -> None:
        tool = combo_value(self.tool)
        oasys = tool == "oasys"
        layout: QFormLayout = self.form.layout
        for name in OASYS_ONLY:
            layout.setRowVisible(self.form.fields[name].parentWidget(), oasys)
        for name in OTHER_TOOLS_ONLY:
            layout.setRowVisible(self.form.fields[name].parentWidget(), not oasys)
        if self._auto_role:
            term = vocab.get("tool").get(tool) if tool else None
            usual = list(term.extra.get("authors", [])) if term is not None else []
            self.author_role.setCurrentIndex(max(self.author_role.findData(usual[0] if usual else ""), 0))

    def fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.date, self.tool, self.author, self.author_role, self.source, self.page]
        chain += self.rosh.chain() + self.scores.chain() + self.sections.chain()
        chain += [self.pni, self.mappa_category, self.mappa_level, self.conclusions, self.recommendation]
        chain += list(self.buttons.buttons())
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def values(self) -> dict[str, Any]:
        return {"date": self.date.value(), "tool": combo_value(self.tool),
                "author": self.author.text().strip(), "source": self.source.text().strip(),
                "page": self.page.text().strip(), "author_role": combo_value(self.author_role) or None,
                "pni": combo_value(self.pni) or None,
                "mappa_category": combo_value(self.mappa_category) or None,
                "mappa_level": combo_value(self.mappa_level) or None,
                "conclusions": self.conclusions.toPlainText().strip(),
                "recommendation": self.recommendation.text().strip() or None}

    def save(self) -> int:
        values = self.values()
        parts = {"rosh": self.rosh.values(), "scores": self.scores.values(),
                 "sections": self.sections.values()}
        try:
            if self.assessment_id:
                self.services.assessments.update(self.assessment_id, **parts, **values)
                return self.assessment_id
            return self.services.assessments.add(self.client_id, **parts, **values)
        except ValidationError as exc:
            raise ValidationError(_by_field(exc.errors)) from None

    # ------------------------------------------------------------------ drafts (kept over a lock)
    def draft_values(self) -> dict[str, Any]:
        values = super().draft_values()
        values["rosh"] = {f"{g}|{s}": combo_value(c) for (g, s), c in self.rosh.combos.items()}
        values["score"] = [(combo_value(r.name), r.value.text(), combo_value(r.kind), combo_value(r.band))
                           for r in self.scores.rows]
        values["sections"] = [(n, h.isChecked(), o.isChecked()) for n, (h, o) in self.sections.boxes.items()]
        return values

    def restore_draft(self, values: dict[str, Any]) -> None:
        values = dict(values)
        rosh = values.pop("rosh", None) or {}
        scores = values.pop("score", None) or []
        sections = values.pop("sections", None) or []
        super().restore_draft(values)
        for n, harm, offending in sections:
            self.sections.set(n, harm, offending)
        for key, level in rosh.items():
            g, _, s = key.partition("|")
            if level:
                self.rosh.set(g, s, level)
        while len(self.scores.rows) < len(scores):
            self.scores.add_row()
        for row, (name, value, kind, band) in zip(self.scores.rows, scores, strict=False):
            row.set(name or "", value, kind, band)


def _number(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


def _by_field(errors: dict[str, str]) -> dict[str, str]:
    """The service names a part's field as "score value" or "rosh level": show each under its grid."""
    out: dict[str, str] = {}
    for name, message in errors.items():
        part, _, sub = name.partition(" ")
        if part == "section" and sub:
            out.setdefault("sections", f"— {message}")
        elif part in ("score", "rosh") and sub:
            label = {"name": "predictor", "value": "value", "kind": "static or dynamic",
                     "band_as_issued": "band as issued", "level": "level", "risk_group": "group",
                     "setting": "setting"}.get(sub, sub.replace("_", " "))
            plain = message.split(" ", 1)[0] in ("must", "is", "cannot", "names")
            out.setdefault(part, f"— {label} {message}" if plain else f"— {message}")
        elif name == "band_as_issued":
            out.setdefault("score", f"— band as issued {message}")
        else:
            out.setdefault(name, message)
    return out


__all__ = ["AssessmentDialog", "RoshGrid", "ScoresGrid", "SectionsGrid"]
