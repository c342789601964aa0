"""The Risk and Evidence tabs' models: assessments, risk factors, evidence, the factor ↔ evidence
matrix, and the predictor series the trend chart draws.

Everything shown comes from :mod:`casebook.services.risk` (records, computed bands with the band
engine's sentence, the matrix in past / present / future order) and the vocabularies of
:mod:`casebook.risk`; nothing here decides a band or a rule.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from casebook.domain import risk
from casebook.domain.dates import format_date
from casebook.domain.risk import Assessment, Evidence, RiskFactor, RoshLevel, Score
from casebook.risk import vocab
from casebook.services.risk import ScoreBand, number, score_band
from ui.models.base import ClientRecordsModel, IdRole, plain_tooltip
from ui.widgets import mix, semantic

_Index = QModelIndex | QPersistentModelIndex

#: RoSH levels and bands from lowest to highest (the stored forms).
LEVELS = ("low", "medium", "high", "very high")


def label_of(list_name: str, code: str | None) -> str:
    if not code:
        return ""
    term = vocab.get(list_name).get(code)
    return term.label if term is not None else code


def level_text(level: str | None) -> str:
    return (level or "").capitalize()


def score_text(s: Score) -> str:
    """``OGRS3 62%``, ``OSP/DC 3``."""
    name = risk.predictor_name(s.name)
    value = number(s.value)
    try:
        unit = risk.band_engine().predictor(s.name).unit.id
    except ValueError:
        unit = ""
    return f"{name} {value}{'%' if unit == 'percentage' else ''}"


@dataclass
class AssessmentRow:
    """An assessment with its RoSH levels and its scores beside their bands."""

    assessment: Assessment
    rosh: list[RoshLevel]
    scores: list[tuple[Score, ScoreBand]]

    @property
    def id(self) -> int:
        return self.assessment.id

    @property
    def overall_rosh(self) -> str | None:
        levels = [risk.parse_level(r.level) for r in self.rosh]
        return max(levels, key=LEVELS.index) if levels else None

    @property
    def differing(self) -> list[tuple[Score, ScoreBand]]:
        return [(s, b) for s, b in self.scores if b.differs]

    def scores_text(self) -> str:
        parts = []
        for s, b in self.scores:
            band = b.band or b.band_as_issued
            parts.append(score_text(s) + (f" {band}" if band else ""))
        return " · ".join(parts)

    def detail(self) -> str:
        """Every score on a line of its own, with the band engine's sentence."""
        lines = []
        for s, b in self.scores:
            kind = f" ({s.kind})" if s.kind else ""
            lines.append(f"{score_text(s)}{kind}: {b.message}" if b.message else f"{score_text(s)}{kind}")
        return "\n".join(lines)


def assessment_row(services, assessment: Assessment) -> AssessmentRow:
    svc = services.assessments
    scores = []
    for s in svc.scores_of(assessment.id):
        try:
            b = score_band(s)
        except ValueError:  # a value the thresholds no longer accept: shown, never hidden
            b = ScoreBand(None, s.band_as_issued, False, "")
        scores.append((s, b))
    return AssessmentRow(assessment, svc.rosh_of(assessment.id), scores)


class AssessmentsModel(ClientRecordsModel):
    """A client's assessments, oldest first (the service's order)."""

    columns = [
        ("date", "Date"),
        ("tool", "Tool"),
        ("author", "Author"),
        ("rosh", "Overall RoSH"),
        ("scores", "Scores and bands"),
        ("check", "Band check"),
    ]

    def _load(self, client_id: int) -> list[AssessmentRow]:
        return [assessment_row(self.services, a) for a in self.services.assessments.for_client(client_id)]

    def rows(self) -> list[AssessmentRow]:
        return [r for r in (self.record(i) for i in range(self.rowCount())) if r is not None]

    def _fetch(self, record_id: int) -> AssessmentRow:
        return assessment_row(self.services, self.services.assessments.get(record_id))

    def _value(self, r: AssessmentRow, key: str) -> str:
        a = r.assessment
        if key == "date":
            return format_date(a.date)
        if key == "tool":
            return label_of("tool", a.tool)
        if key == "author":
            return a.author or ""
        if key == "rosh":
            return level_text(r.overall_rosh)
        if key == "scores":
            return r.scores_text()
        if key == "check":
            n = len(r.differing)
            if not n:
                return ""
            return "Issued band differs" if n == 1 else f"{n} issued bands differ"
        return ""

    def _sort_value(self, r: AssessmentRow, key: str) -> Any:
        return r.assessment.date.isoformat() if key == "date" else self._value(r, key)

    def _tooltip(self, r: AssessmentRow, key: str) -> str | None:
        if key == "check" and r.differing:
            return plain_tooltip("\n".join(b.message for _s, b in r.differing))
        if key == "scores" and r.scores:
            return plain_tooltip(r.detail())
        if key == "rosh" and r.rosh:
            return plain_tooltip("\n".join(
                f"{label_of('rosh_group', x.risk_group)} ({label_of('rosh_setting', x.setting).lower()}): "
                f"{level_text(risk.parse_level(x.level)).lower()}" for x in r.rosh))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() \
                and self.column_key(index.column()) == "check":
            return QBrush(semantic("warning"))
        return super().data(index, role)


class FactorsModel(ClientRecordsModel):
    """A client's risk factors: name, the assessments that name them, how much evidence addresses each."""

    columns = [
        ("name", "Risk factor"),
        ("named_in", "Named in"),
        ("evidence", "Evidence"),
    ]

    def __init__(self, services, parent=None) -> None:
        self._evidence: dict[int, int] = {}
        self._dates: dict[int, str] = {}
        super().__init__(services, parent)

    def _load(self, client_id: int) -> list[RiskFactor]:
        matrix = self.services.risk_factors.matrix(client_id)
        self._evidence = {m.factor.id: len(m.evidence) for m in matrix}
        self._dates = {a.id: format_date(a.date) for a in self.services.assessments.for_client(client_id)}
        return self.services.risk_factors.for_client(client_id)

    def _forget(self) -> None:
        self._evidence, self._dates = {}, {}

    def _fetch(self, record_id: int) -> RiskFactor:
        return self.services.risk_factors.get(record_id)

    def _value(self, f: RiskFactor, key: str) -> str:
        if key == "name":
            return f.name
        if key == "named_in":
            links = self.services.risk_factors.assessments_of(f.id)
            return ", ".join(self._dates.get(x.assessment_id, "") + (f" ({x.section})" if x.section else "")
                             for x in links)
        if key == "evidence":
            n = self._evidence.get(f.id, 0)
            return "None yet" if n == 0 else f"{n} item" + ("" if n == 1 else "s")
        return ""

    def _tooltip(self, f: RiskFactor, key: str) -> str | None:
        if key == "named_in":
            text = self._value(f, key)
            return plain_tooltip(text) if text else None
        return plain_tooltip(f.notes) if key == "name" and f.notes else None


class EvidenceModel(ClientRecordsModel):
    """A client's evidence of risk reduction, oldest first."""

    columns = [
        ("date", "Date"),
        ("kind", "Kind"),
        ("title", "Title"),
        ("source", "Source"),
        ("page", "Page"),
        ("factors", "Risk factors"),
    ]

    def __init__(self, services, parent=None) -> None:
        self._factor_names: dict[int, str] = {}
        super().__init__(services, parent)

    def _load(self, client_id: int) -> list[Evidence]:
        self._factor_names = {f.id: f.name for f in self.services.risk_factors.for_client(client_id)}
        return self.services.evidence.for_client(client_id)

    def _forget(self) -> None:
        self._factor_names = {}

    def _fetch(self, record_id: int) -> Evidence:
        return self.services.evidence.get(record_id)

    def factor_names(self, e: Evidence) -> list[str]:
        return [self._factor_names.get(fid, "") for fid in self.services.evidence.factors_of(e.id)]

    def _value(self, e: Evidence, key: str) -> str:
        if key == "date":
            return format_date(e.date) + (f" to {format_date(e.to_date)}" if e.to_date else "")
        if key == "kind":
            return label_of("evidence_kind", e.kind)
        if key == "title":
            return e.title
        if key == "source":
            return e.source or ""
        if key == "page":
            return str(e.page) if e.page not in (None, "") else ""
        if key == "factors":
            return ", ".join(self.factor_names(e))
        return ""

    def _sort_value(self, e: Evidence, key: str) -> Any:
        return e.date.isoformat() if key == "date" else self._value(e, key)

    def _tooltip(self, e: Evidence, key: str) -> str | None:
        if key == "title" and e.notes:
            return plain_tooltip(f"{e.title}\n\n{e.notes}")
        if key in ("kind", "title", "source", "factors"):
            text = self._value(e, key)
            return plain_tooltip(text) if text else None
        return None


def short(text: str, n: int = 18) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class MatrixModel(QAbstractTableModel):
    """Rows: the client's risk factors in the service's order (past, present, future). Column 0 is the
    factor; then one column per item of evidence, in the same past / present / future order, oldest
    first. A cell is marked when the evidence addresses the factor; a factor with no evidence is a gap.
    ``IdRole`` on a cell is the evidence id (on column 0, the factor id)."""

    MARK = "●"

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self._rows: list[Any] = []
        self._evidence: list[Evidence] = []
        self.columns: list[tuple[str, str]] = [("factor", "Risk factor")]

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        if self.client_id is None:
            self._rows, self._evidence = [], []
        else:
            self._rows = list(self.services.risk_factors.matrix(self.client_id))
            items = self.services.evidence.for_client(self.client_id)
            self._evidence = sorted(items, key=lambda e: (risk.stage_of(e.kind), e.date, e.id))
        self.columns = [("factor", "Risk factor")] + [(f"e{e.id}", short(e.title)) for e in self._evidence]
        self.endResetModel()

    def clear(self) -> None:
        self.client_id = None
        self.refresh()

    def evidence_at(self, column: int) -> Evidence | None:
        i = column - 1
        return self._evidence[i] if 0 <= i < len(self._evidence) else None

    def is_gap(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].gap

    def gaps(self) -> list[str]:
        return [r.factor.name for r in self._rows if r.gap]

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        e = self.evidence_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.columns[section][1] if e is None else f"{e.title}, {format_date(e.date)}"
        if role == Qt.ItemDataRole.ToolTipRole and e is not None:
            return plain_tooltip(f"{e.title}\n{label_of('evidence_kind', e.kind)}, {format_date(e.date)}")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        e = self.evidence_at(col)
        linked = e is not None and e.id in row.evidence
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.factor.name + ("  — no evidence yet" if row.gap else "")
            return self.MARK if linked else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == 0:
                return row.factor.name + (", no evidence yet" if row.gap else "")
            return f"{row.factor.name}: " + (f"addressed by {e.title}" if linked else "not addressed")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return plain_tooltip("No evidence addresses this risk factor yet.") if row.gap else None
            return plain_tooltip(f"{e.title} addresses {row.factor.name}.") if linked else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.gap:
            warn = semantic("warning")
            base = semantic("muted")
            tint = mix(base, warn, 0.5)
            tint.setAlpha(40)
            return QBrush(tint)
        if role == Qt.ItemDataRole.FontRole and col == 0 and row.gap:
            f = QFont()
            f.setItalic(True)
            return f
        if role == IdRole:
            return row.factor.id if col == 0 else (e.id if e is not None else None)
        return None


# ---------------------------------------------------------------------------- the trend chart's data
@dataclass
class TrendSeries:
    """One line of the trend chart: a predictor (or the highest RoSH level) across assessments."""

    key: str
    label: str
    generation: str  # "legacy", "new" or "" (RoSH)
    points: list[tuple[_dt.date, float, str]] = field(default_factory=list)  # (date, value, label)
    maximum: float | None = None  # the top of its scale (100 for a percentage; None: the data's)


def trend_series(rows: list[AssessmentRow]) -> tuple[list[TrendSeries], _dt.date | None]:
    """The chart's series from the assessments (oldest first), and the date of the first assessment
    with a new-generation predictor when an earlier one had legacy predictors (``None`` otherwise)."""
    rows = sorted(rows, key=lambda r: (r.assessment.date, r.id))
    out: dict[str, TrendSeries] = {}
    rosh = TrendSeries("rosh", "RoSH (highest)", "", maximum=float(len(LEVELS) - 1))
    first_legacy: _dt.date | None = None
    first_new: _dt.date | None = None
    engine = risk.band_engine()
    order = list(engine.PREDICTORS)
    for r in rows:
        d = r.assessment.date
        if r.overall_rosh:
            rosh.points.append((d, float(LEVELS.index(r.overall_rosh)), level_text(r.overall_rosh)))
        for s, _b in r.scores:
            try:
                p = engine.predictor(s.name)
            except ValueError:
                continue
            series = out.get(p.id)
            if series is None:
                top = float(p.unit.max) if p.unit.max is not None else None
                series = out[p.id] = TrendSeries(p.id, p.name, p.generation, maximum=top)
            shown = f"{number(s.value)}{'%' if p.unit.id == 'percentage' else ''}"
            series.points.append((d, float(s.value), shown))
            if p.generation == "legacy" and first_legacy is None:
                first_legacy = d
            if p.generation == "new" and first_new is None:
                first_new = d
    ordered = sorted(out.values(), key=lambda s: order.index(s.key) if s.key in order else len(order))
    series = ([rosh] if rosh.points else []) + ordered
    change = first_new if first_legacy is not None and first_new is not None and first_new >= first_legacy \
        else None
    return series, change


__all__ = [
    "LEVELS", "AssessmentRow", "AssessmentsModel", "EvidenceModel", "FactorsModel", "MatrixModel",
    "TrendSeries", "assessment_row", "label_of", "level_text", "score_text", "short", "trend_series",
]
