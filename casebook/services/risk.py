"""Risk assessments, risk factors, evidence of risk reduction, and the factor ↔ evidence matrix.

The records are declared in :mod:`casebook.domain.records` (``ASSESSMENTS`` with ``ASSESSMENT_ROSH``,
``ASSESSMENT_SCORES`` and ``ASSESSMENT_SECTIONS``; ``RISK_FACTORS`` with ``FACTOR_LINKS``; ``EVIDENCE``
with ``EVIDENCE_FACTORS``). An assessment is saved with its RoSH levels, scores and section flags in
one transaction, after every part has been validated: one bad part and nothing is saved. A link names
a record of the same client, or nothing is saved. A score's band is computed from the thresholds (the
band engine, :mod:`casebook.risk`) when it is read, never stored; the band printed on the report is
stored as issued beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casebook.domain import risk
from casebook.domain.records import (
    ASSESSMENT_ROSH,
    ASSESSMENT_SCORES,
    ASSESSMENT_SECTIONS,
    ASSESSMENTS,
    EVIDENCE,
    EVIDENCE_FACTORS,
    FACTOR_LINKS,
    RISK_FACTORS,
)
from casebook.domain.risk import Assessment, Evidence, RiskFactor, RoshLevel, Score, SectionFlags
from casebook.errors import ValidationError
from casebook.services.records import RecordStore, as_id, belongs_to_client


@dataclass(frozen=True)
class ScoreBand:
    """A score's band from the thresholds (``None`` when the predictor has none, or the engine is not
    installed), the band as issued, and whether they differ."""

    band: str | None
    band_as_issued: str | None
    differs: bool
    message: str = ""  # the band engine's sentence setting one beside the other


def score_band(score: Score) -> ScoreBand:
    """A stored score's bands. A score the thresholds no longer accept (thresholds data changed since
    it was saved) keeps its band as issued and has no computed band, rather than failing the list."""
    issued = score.band_as_issued
    try:
        band = risk.band_of(score.name, score.value, score.kind)
        message = risk.band_engine().compare(score.name, risk.exact(score.value), issued).message
    except ValueError as exc:
        return ScoreBand(None, issued, False, str(exc))
    return ScoreBand(band, issued, band is not None and issued is not None and band != issued, message)


def number(value: float) -> int | float:
    """A score as JSON shows it: whole numbers without ``.0``."""
    return int(value) if float(value).is_integer() else value


def _score_row(n: int, name: str | None) -> str:
    """How an error names a score: its place in the list (from 1) and, when known, its predictor."""
    return f"Score {n} ({risk.predictor_name(name)})" if name else f"Score {n}"


def _same_parts(store: RecordStore, old: list[Any], new: list[dict[str, Any]]) -> bool:
    """Whether the stored parts ``old`` and the validated ``new`` store the same values (in any order)."""
    names = [f.name for f in store.spec.fields if f.editable]

    def rows(items: list[dict[str, Any]]) -> list[str]:
        return sorted(repr(sorted(store.spec.to_row({n: i.get(n) for n in names}).items())) for i in items)

    return rows([{n: getattr(r, n) for n in names} for r in old]) == rows(new)


def _collect(errors: dict[str, str], prefix: str, exc: ValidationError) -> None:
    for name, message in exc.errors.items():
        errors.setdefault(f"{prefix} {name}".strip(), message)


class AssessmentService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(ASSESSMENTS, cb, audit)
        self.rosh = RecordStore(ASSESSMENT_ROSH, cb, audit)
        self.scores = RecordStore(ASSESSMENT_SCORES, cb, audit)
        self.sections = RecordStore(ASSESSMENT_SECTIONS, cb, audit)

    def add(self, client_id: int, *, rosh: Iterable[Mapping[str, Any]] = (),
            scores: Iterable[Mapping[str, Any]] = (), bands_as_issued: Mapping[str, Any] | None = None,
            sections: Iterable[Mapping[str, Any]] = (), **fields: Any) -> int:
        """Save an assessment of ``client_id`` with its parts: ``rosh`` (``risk_group``, ``setting``,
        ``level``), ``scores`` (``name``, ``value``, ``kind``, ``band_as_issued``), ``bands_as_issued``
        (predictor name → band, for scores given without one) and ``sections`` (``section``,
        ``linked_to_harm``, ``linked_to_offending``). All or nothing."""
        self.check_parent(client_id)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=True, parent_id=client_id)
        except ValidationError as exc:
            errors.update(exc.errors)
        rosh_values = self._parts(self.rosh, "rosh", rosh, ("risk_group", "setting"), errors)
        score_values = self._parts(self.scores, "score", scores, ("name",), errors)
        section_values = self._parts(self.sections, "section", sections, ("section",), errors)
        self._bands_as_issued(score_values, bands_as_issued or {}, errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            aid = self.insert({"client_id": client_id, **values})
            for store, parts in ((self.rosh, rosh_values), (self.scores, score_values),
                                 (self.sections, section_values)):
                for part in parts:
                    store.insert({"assessment_id": aid, **part})
        return aid

    @staticmethod
    def _parts(store: RecordStore, what: str, given: Iterable[Mapping[str, Any]], key: tuple[str, ...],
               errors: dict[str, str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple] = set()
        for number_, fields in enumerate(given, start=1):
            try:
                values, errs = store.spec.validate(dict(fields), new=True)
            except ValidationError as exc:
                values, errs = {}, exc.errors
            if errs:
                if what == "score":  # name the row: "Score 2 (OGRS3): must be …"
                    errs = {k: f"{_score_row(number_, values.get('name'))}: {m}" for k, m in errs.items()}
                _collect(errors, what, ValidationError(errs))
                continue
            k = tuple(values.get(n) for n in key)
            if k in seen:
                errors.setdefault(what, "is given twice for the same " + " and ".join(key).replace("_", " "))
                continue
            seen.add(k)
            out.append(values)
        return out

    @staticmethod
    def _bands_as_issued(scores: list[dict[str, Any]], bands: Mapping[str, Any],
                         errors: dict[str, str]) -> None:
        by_name = {s["name"]: s for s in scores}
        for name, band in bands.items():
            try:
                score = by_name.get(risk.predictor_id(name))
            except ValueError:
                score = None
            if score is None:
                errors.setdefault("band_as_issued", "names a predictor with no score on this assessment")
                continue
            try:
                score["band_as_issued"] = risk.parse_level(band)
            except ValueError as exc:
                errors.setdefault("band_as_issued", str(exc))

    def update(self, assessment_id: int, *, rosh: Iterable[Mapping[str, Any]] | None = None,
               scores: Iterable[Mapping[str, Any]] | None = None,
               bands_as_issued: Mapping[str, Any] | None = None,
               sections: Iterable[Mapping[str, Any]] | None = None, **fields: Any) -> dict[str, list]:
        """Change the assessment's fields and, for each of ``rosh``, ``scores`` and ``sections`` given
        (``None``: left as they are), replace that part whole — in the shapes :meth:`add` takes, so an
        empty list removes them all. Everything is validated first and saved in one transaction: one
        bad field or part and nothing is saved. Each removed and added part is in the audit log like any
        other record. Returns the changed fields as ``[old, new]``; a replaced part that differs is
        there too, as its list of parts (the JSON shape of :data:`ASSESSMENT_ROSH` …) before and
        after."""
        before = self.get(assessment_id)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=False, id_=assessment_id, before=before)
        except ValidationError as exc:
            errors.update(exc.errors)
        parts: dict[str, tuple[RecordStore, list[dict[str, Any]]]] = {}
        if rosh is not None:
            parts["rosh"] = (self.rosh,
                             self._parts(self.rosh, "rosh", rosh, ("risk_group", "setting"), errors))
        if scores is not None:
            parts["scores"] = (self.scores, self._parts(self.scores, "score", scores, ("name",), errors))
            self._bands_as_issued(parts["scores"][1], bands_as_issued or {}, errors)
        elif bands_as_issued:
            stored = [{"name": s.name, "value": s.value, "kind": s.kind, "band_as_issued": s.band_as_issued}
                      for s in self.scores_of(assessment_id)]
            self._bands_as_issued(stored, bands_as_issued, errors)
            parts["scores"] = (self.scores, stored)
        if sections is not None:
            parts["sections"] = (self.sections,
                                 self._parts(self.sections, "section", sections, ("section",), errors))
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            diff = self.apply(assessment_id, before, values)
            for name, (store, new) in parts.items():
                old = store.where("assessment_id = ?", (assessment_id,))
                old_json = [store.spec.to_json(r) for r in old]
                if _same_parts(store, old, new):
                    continue
                for r in old:
                    store.delete(r.id)
                for p in new:
                    store.insert({"assessment_id": assessment_id, **p})
                new_json = [store.spec.to_json(r) for r in store.where("assessment_id = ?", (assessment_id,))]
                diff[name] = [old_json, new_json]
        return diff

    def replace_parts(self, assessment_id: int, *, rosh: Iterable[Mapping[str, Any]] | None = None,
                      scores: Iterable[Mapping[str, Any]] | None = None,
                      bands_as_issued: Mapping[str, Any] | None = None,
                      sections: Iterable[Mapping[str, Any]] | None = None) -> dict[str, list]:
        """Replace the assessment's RoSH levels, scores and/or section flags (those given), all or
        nothing: :meth:`update` without changing its fields."""
        return self.update(assessment_id, rosh=rosh, scores=scores, bands_as_issued=bands_as_issued,
                           sections=sections)

    # ------------------------------------------------------------------ reading
    def for_client(self, client_id: int) -> list[Assessment]:
        return self.where("client_id = ?", (client_id,))

    def rosh_of(self, assessment_id: int) -> list[RoshLevel]:
        return self.rosh.where("assessment_id = ?", (assessment_id,))

    def scores_of(self, assessment_id: int) -> list[Score]:
        return self.scores.where("assessment_id = ?", (assessment_id,))

    def sections_of(self, assessment_id: int) -> list[SectionFlags]:
        return self.sections.where("assessment_id = ?", (assessment_id,))

    def as_json(self, a: Assessment, full: bool = False) -> dict[str, Any]:
        """The CLI's shape of an assessment: ``id, tool, date, author, rosh, scores``; with ``full``
        (``assessment list``) also ``author_role, source, page, pni, mappa_category, mappa_level,
        conclusions, recommendation`` and ``sections`` (``section, linked_to_harm, linked_to_offending``)."""
        scores = []
        for s in self.scores_of(a.id):
            b = score_band(s)
            scores.append({"name": risk.predictor_name(s.name), "value": number(s.value), "kind": s.kind,
                           "band": b.band, "band_as_issued": b.band_as_issued})
        out = {"id": a.id, "tool": a.tool, "date": a.date, "author": a.author,
               "rosh": [ASSESSMENT_ROSH.to_json(r) for r in self.rosh_of(a.id)], "scores": scores}
        if full:
            record = ASSESSMENTS.to_json(a)
            for key in ("author_role", "source", "page", "pni", "mappa_category", "mappa_level",
                        "conclusions", "recommendation"):
                out[key] = record[key]
            out["sections"] = [ASSESSMENT_SECTIONS.to_json(f) for f in self.sections_of(a.id)]
        return out


class RiskFactorService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(RISK_FACTORS, cb, audit)
        self.links = RecordStore(FACTOR_LINKS, cb, audit)

    def add(self, client_id: int, name: str, *, assessments: Iterable[Any] = (), notes: str = "") -> int:
        """Save a risk factor of ``client_id`` with the assessments that name it: ids, or ``(id,
        section)`` pairs for the section / paragraph. Every assessment must be the same client's."""
        self.check_parent(client_id)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate({"name": name, "notes": notes}, new=True, parent_id=client_id)
        except ValidationError as exc:
            errors.update(exc.errors)
        links = self._links(client_id, assessments, errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            fid = self.insert({"client_id": client_id, **values})
            for link in links:
                self.links.insert({"factor_id": fid, **link})
        return fid

    def link(self, factor_id: int, assessment_id: Any, section: str = "") -> int:
        factor = self.get(factor_id)
        errors: dict[str, str] = {}
        links = self._links(factor.client_id, [(assessment_id, section)], errors)
        if errors:
            raise ValidationError(errors)
        return self.links.insert({"factor_id": factor_id, **links[0]})

    def unlink(self, factor_id: int, assessment_id: Any, section: str | None = None) -> int:
        """Stop linking the factor to an assessment: every link to it, or with ``section`` only the one
        naming that section / paragraph. Audited; returns how many links were removed (0: none)."""
        self.get(factor_id)
        where, args = "factor_id = ? AND assessment_id = ?", [factor_id, as_id(assessment_id)]
        if section is not None:
            where += " AND section = ?"
            args.append(str(section).strip())
        links = self.links.where(where, args)
        with self.cb.transaction():
            for link in links:
                self.links.delete(link.id)
        return len(links)

    def _links(self, client_id: int, given: Iterable[Any], errors: dict[str, str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple] = set()
        for item in given:
            aid, section = item if isinstance(item, tuple) else (item, "")
            try:
                values, errs = FACTOR_LINKS.validate({"assessment_id": aid, "section": section}, new=True)
            except (ValidationError, ValueError, TypeError):
                values, errs = {}, {"assessment": "must be the id of an assessment"}
            if errs:
                errors.setdefault("assessment", "must be the id of an assessment")
                continue
            if not belongs_to_client(self.cb, "assessments", values["assessment_id"], client_id):
                errors.setdefault("assessment", "must be an assessment of the same client")
                continue
            k = (values["assessment_id"], values.get("section", ""))
            if k not in seen:
                seen.add(k)
                out.append(values)
        return out

    def for_client(self, client_id: int) -> list[RiskFactor]:
        return self.where("client_id = ?", (client_id,))

    def assessments_of(self, factor_id: int) -> list[Any]:
        """The assessments that name the factor (:class:`casebook.domain.risk.FactorLink`)."""
        return self.links.where("factor_id = ?", (factor_id,))

    def matrix(self, client_id: int) -> list[MatrixRow]:
        """Each risk factor of the client with the evidence that addresses it, in the order the Parole
        Board reads a case (past, present, future: by the kind of evidence), oldest first within each;
        a factor with no evidence is a gap."""
        self.check_parent(client_id)
        sql = ("SELECT ef.factor_id, e.id, e.kind, e.date FROM evidence_factors ef "
               "JOIN evidence e ON e.id = ef.evidence_id WHERE e.client_id = ?")
        rows = self.cb.conn.execute(sql, (client_id,)).fetchall()
        evidence: dict[int, list[int]] = {}
        for fid, eid, _, _ in sorted(rows, key=lambda r: (risk.stage_of(r[2]), r[3], r[1])):
            evidence.setdefault(fid, []).append(eid)
        return [MatrixRow(f, evidence.get(f.id, [])) for f in self.for_client(client_id)]


@dataclass(frozen=True)
class MatrixRow:
    factor: RiskFactor
    evidence: list[int]

    @property
    def gap(self) -> bool:
        return not self.evidence


class EvidenceService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(EVIDENCE, cb, audit)
        self.factor_links = RecordStore(EVIDENCE_FACTORS, cb, audit)

    def add(self, client_id: int, *, factors: Iterable[Any] = (), **fields: Any) -> int:
        """Save evidence of ``client_id`` with the risk factors it addresses (ids of the same client's
        factors). All or nothing."""
        self.check_parent(client_id)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=True, parent_id=client_id)
        except ValidationError as exc:
            errors.update(exc.errors)
        factor_ids = self._factors(client_id, factors, errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            eid = self.insert({"client_id": client_id, **values})
            for fid in factor_ids:
                self.factor_links.insert({"evidence_id": eid, "factor_id": fid})
        return eid

    def link(self, evidence_id: int, factor_id: Any) -> int:
        e = self.get(evidence_id)
        errors: dict[str, str] = {}
        ids = self._factors(e.client_id, [factor_id], errors)
        if errors:
            raise ValidationError(errors)
        return self.factor_links.insert({"evidence_id": evidence_id, "factor_id": ids[0]})

    def unlink(self, evidence_id: int, factor_id: Any) -> int:
        """Stop linking the evidence to a risk factor. Audited; returns how many links were removed
        (0: they were not linked)."""
        self.get(evidence_id)
        links = self.factor_links.where("evidence_id = ? AND factor_id = ?", (evidence_id, as_id(factor_id)))
        with self.cb.transaction():
            for link in links:
                self.factor_links.delete(link.id)
        return len(links)

    def _factors(self, client_id: int, given: Iterable[Any], errors: dict[str, str]) -> list[int]:
        out: list[int] = []
        for raw in given:
            try:
                fid = int(raw)
            except (TypeError, ValueError):
                errors.setdefault("factor", "must be the id of a risk factor")
                continue
            if not belongs_to_client(self.cb, "risk_factors", fid, client_id):
                errors.setdefault("factor", "must be a risk factor of the same client")
                continue
            if fid not in out:
                out.append(fid)
        return out

    def update(self, evidence_id: int, **fields: Any) -> dict[str, list]:
        return self.modify(evidence_id, fields)

    def for_client(self, client_id: int) -> list[Evidence]:
        return self.where("client_id = ?", (client_id,))

    def factors_of(self, evidence_id: int) -> list[int]:
        return [r.factor_id for r in self.factor_links.where("evidence_id = ?", (evidence_id,))]


__all__ = ["AssessmentService", "EvidenceService", "MatrixRow", "RiskFactorService", "ScoreBand", "number",
           "score_band"]
