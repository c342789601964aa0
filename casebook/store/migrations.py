"""Versioned, forward-only schema migrations.

The schema version lives in SQLite's ``user_version``. ``MIGRATIONS[i]`` takes a file from version
``i`` to ``i + 1``; each runs in one transaction with the version bump, so a failure leaves the file
as it was. A file whose version is newer than ``SCHEMA_VERSION`` was written by a newer Casebook and
is refused before anything is written to it.

To change the schema: append a step to ``MIGRATIONS`` (never edit a released one) and add a
fixture of the previous version to the migration tests. A step is SQL, or a function of the
connection that uses ``sqlite-utils``' table API (``create``, ``add_column``, ``transform`` — which
rebuilds a table keeping its constraints, foreign keys and indexes, but see ``_v2_record_tables`` on
its cost for the rest of that session); a table that is searched also
calls :func:`casebook.store.search_index.install` for its kind. The record declarations
(:mod:`casebook.domain.records`) name each table's fields; the schema here is where its columns live.

Versions:
  1. the first schema (clients, sentences, adjustments, matters, events, notes, deadline marks, the
     audit log, the full-text index and its triggers).
  2. every record table has ``updated_at`` (adjustments gains it); the search index's triggers are
     generated from the record declarations and its rowid leaves room for 64 kinds of record.
  3. risk and evidence: assessments (with their RoSH levels, predictor scores and OASys section
     flags), risk factors and the assessments that name them, evidence of risk reduction and the
     factors it addresses, programme referrals and their statuses, allegations, and challenges (with
     their escalation steps, evidence and chronology events); five new search kinds.
  4. a challenge's step names the chronology event it created (``challenge_steps.event_id``), so a
     step links to its event exactly; existing steps are matched to their challenge's events by the
     event type the step records and its date, as Casebook matched them before.
  5. documents inside the casebook: their description (``documents``), their bytes
     (``document_files``), each page's text (``document_pages``) indexed page by page in ``page_index``
     (an external-content FTS5 table), named runs of pages (``document_sections``) and citations of a
     page by a challenge, allegation, evidence, assessment or chronology event (``citations``, which
     go with the record cited from); documents are also a search kind (title, kind, author, file name).
  8. legal aid (issue 14): legal_aid, legal_aid_classes, prior_authorities, legal_visits, time_entries,
     legal_aid_rates (see SCHEMA_V8_LEGAL_AID).
  10. the computed deadlines kept per client (``deadline_cache``, derived data) and the triggers that
     mark a client's out of date when its events, matters, sentences or name change
     (SCHEMA_V10_DEADLINE_CACHE).
"""

from __future__ import annotations

from collections.abc import Callable

SCHEMA_V1 = r"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE clients (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    aliases        TEXT NOT NULL DEFAULT '[]',      -- JSON list of other names
    prison_number  TEXT CHECK (prison_number IS NULL OR prison_number GLOB '[A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]'),
    pnc            TEXT,
    cro            TEXT,
    dob            TEXT,                            -- YYYY-MM-DD
    prison         TEXT,
    category       TEXT,
    mappa_category INTEGER CHECK (mappa_category IS NULL OR mappa_category BETWEEN 1 AND 4),
    mappa_level    INTEGER CHECK (mappa_level IS NULL OR mappa_level BETWEEN 1 AND 3),
    interpreter    TEXT,
    vulnerability  TEXT,
    prison_dates   TEXT NOT NULL DEFAULT '{}',      -- JSON {"CRD": "YYYY-MM-DD", …} as on the calculation sheet
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX clients_prison_number ON clients(prison_number) WHERE prison_number IS NOT NULL;
CREATE INDEX clients_name ON clients(name COLLATE NOCASE);

CREATE TABLE sentences (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    sentence_type  TEXT NOT NULL,
    offence        TEXT NOT NULL DEFAULT '',
    offence_date   TEXT,
    sentence_date  TEXT NOT NULL,
    custodial_term TEXT,                            -- ISO-8601 period, e.g. P4Y6M
    extension_term TEXT,
    minimum_term   TEXT,
    consecutive_to INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
    offence_flags  TEXT NOT NULL DEFAULT '[]',
    recall_type    TEXT,
    recall_date    TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX sentences_client ON sentences(client_id);

CREATE TABLE adjustments (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    days       INTEGER NOT NULL CHECK (days >= 0),
    from_date  TEXT,
    to_date    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX adjustments_client ON adjustments(client_id);

CREATE TABLE matters (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    type             TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    title            TEXT NOT NULL DEFAULT '',
    reference        TEXT,
    parole_board_ref TEXT,
    ppcs_ref         TEXT,
    legal_aid_class  TEXT,
    opened_on        TEXT,
    closed_on        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX matters_client ON matters(client_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    matter_id  INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    type       TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    page       TEXT NOT NULL DEFAULT '',
    material   INTEGER NOT NULL DEFAULT 0,
    disputed   TEXT NOT NULL DEFAULT 'undisputed',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_matter_date ON events(matter_id, date);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    matter_id  INTEGER REFERENCES matters(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL DEFAULT 'note',
    date       TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_client ON notes(client_id);

CREATE TABLE deadline_state (
    id              INTEGER PRIMARY KEY,
    matter_id       INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    rule_id         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    due_override    TEXT,
    override_reason TEXT,
    snoozed_until   TEXT,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX deadline_state_key ON deadline_state(event_id, rule_id);

-- Append-only audit log: every change, every export.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- One full-text index over clients, matters, events and notes, inside the encrypted file. Its rowid
-- is id * 4 + kind (client 0, matter 1, event 2, note 3) so that keeping it in step is a rowid lookup,
-- never a scan.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, ref_id UNINDEXED, client_id UNINDEXED, matter_id UNINDEXED,
    title, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER clients_ai AFTER INSERT ON clients BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 0, 'client', new.id, new.id, NULL, new.name,
          concat_ws(' ', new.aliases, new.prison_number, new.pnc, new.cro, new.prison, new.interpreter, new.vulnerability));
END;
CREATE TRIGGER clients_au AFTER UPDATE ON clients BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 0;
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 0, 'client', new.id, new.id, NULL, new.name,
          concat_ws(' ', new.aliases, new.prison_number, new.pnc, new.cro, new.prison, new.interpreter, new.vulnerability));
END;
CREATE TRIGGER clients_ad AFTER DELETE ON clients BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 0;
END;

CREATE TRIGGER matters_ai AFTER INSERT ON matters BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 1, 'matter', new.id, new.client_id, new.id, new.title,
          concat_ws(' ', new.type, new.reference, new.parole_board_ref, new.ppcs_ref));
END;
CREATE TRIGGER matters_au AFTER UPDATE ON matters BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 1, 'matter', new.id, new.client_id, new.id, new.title,
          concat_ws(' ', new.type, new.reference, new.parole_board_ref, new.ppcs_ref));
END;
CREATE TRIGGER matters_ad AFTER DELETE ON matters BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
END;

CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 2, 'event', new.id, (SELECT client_id FROM matters WHERE id = new.matter_id), new.matter_id,
          new.type, concat_ws(' ', new.text, new.source));
END;
CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 2, 'event', new.id, (SELECT client_id FROM matters WHERE id = new.matter_id), new.matter_id,
          new.type, concat_ws(' ', new.text, new.source));
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
END;

CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 3, 'note', new.id, new.client_id, new.matter_id, new.kind, new.text);
END;
CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
  INSERT INTO search_index(rowid, kind, ref_id, client_id, matter_id, title, body)
  VALUES (new.id * 4 + 3, 'note', new.id, new.client_id, new.matter_id, new.kind, new.text);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
END;
"""


def _v2_record_tables(conn) -> None:
    from casebook.store import search_index
    from casebook.store.sqlite import sqlite_utils

    db = sqlite_utils.Database(conn, execute_plugins=False)
    # add_column, not transform(): after sqlite-utils 4.2.1's transform() the same connection's inserts
    # into tables with full-text triggers ran at half speed until it was reopened (measured; a new
    # casebook's demo is written on the connection that migrated it).
    db["adjustments"].add_column("updated_at", str, not_null_default="")
    conn.execute("UPDATE adjustments SET updated_at = created_at")
    search_index.install(conn, ("client", "matter", "event", "note"))


SCHEMA_V3_RISK = r"""
CREATE TABLE assessments (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    tool           TEXT NOT NULL,
    date           TEXT NOT NULL,
    author         TEXT NOT NULL DEFAULT '',
    author_role    TEXT,
    source         TEXT NOT NULL DEFAULT '',
    page           INTEGER CHECK (page IS NULL OR page > 0),
    pni            TEXT,
    mappa_category INTEGER CHECK (mappa_category IS NULL OR mappa_category BETWEEN 1 AND 4),
    mappa_level    INTEGER CHECK (mappa_level IS NULL OR mappa_level BETWEEN 1 AND 3),
    conclusions    TEXT NOT NULL DEFAULT '',
    recommendation TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assessments_client ON assessments(client_id, date);

CREATE TABLE assessment_rosh (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    risk_group    TEXT NOT NULL,
    setting       TEXT NOT NULL,
    level         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (assessment_id, risk_group, setting)
);

CREATE TABLE assessment_scores (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    value          REAL NOT NULL,
    kind           TEXT CHECK (kind IS NULL OR kind IN ('static', 'dynamic')),
    band_as_issued TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (assessment_id, name)
);

CREATE TABLE assessment_sections (
    id                  INTEGER PRIMARY KEY,
    assessment_id       INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    section             INTEGER NOT NULL CHECK (section BETWEEN 1 AND 13),
    linked_to_harm      INTEGER NOT NULL DEFAULT 0,
    linked_to_offending INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (assessment_id, section)
);

CREATE TABLE risk_factors (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX risk_factors_client ON risk_factors(client_id);

CREATE TABLE factor_links (
    id            INTEGER PRIMARY KEY,
    factor_id     INTEGER NOT NULL REFERENCES risk_factors(id) ON DELETE CASCADE,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    section       TEXT NOT NULL DEFAULT '',              -- section / paragraph of the assessment
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (factor_id, assessment_id, section)
);
CREATE INDEX factor_links_assessment ON factor_links(assessment_id);

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    to_date    TEXT,                                     -- the end of a period (e.g. adjudication-free)
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    source     TEXT NOT NULL DEFAULT '',
    page       INTEGER CHECK (page IS NULL OR page > 0),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evidence_client ON evidence(client_id, date);

CREATE TABLE evidence_factors (
    id          INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    factor_id   INTEGER NOT NULL REFERENCES risk_factors(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (evidence_id, factor_id)
);
CREATE INDEX evidence_factors_factor ON evidence_factors(factor_id);

CREATE TABLE programme_referrals (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    programme  TEXT NOT NULL,
    date       TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX programme_referrals_client ON programme_referrals(client_id);

CREATE TABLE referral_status (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES programme_referrals(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    date        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX referral_status_referral ON referral_status(referral_id, date);

CREATE TABLE allegations (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    matter_id  INTEGER REFERENCES matters(id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    source     TEXT NOT NULL DEFAULT '',
    page       INTEGER CHECK (page IS NULL OR page > 0),
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX allegations_client ON allegations(client_id);

CREATE TABLE challenges (
    id            INTEGER PRIMARY KEY,
    matter_id     INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    assessment_id INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    assertion     TEXT NOT NULL CHECK (length(trim(assertion)) > 0),
    source        TEXT NOT NULL DEFAULT '',
    page          INTEGER CHECK (page IS NULL OR page > 0),
    paragraph     TEXT NOT NULL DEFAULT '',
    ground        TEXT NOT NULL,
    position      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'disputed',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX challenges_matter ON challenges(matter_id);

CREATE TABLE challenge_steps (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    step         TEXT NOT NULL,
    date         TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX challenge_steps_challenge ON challenge_steps(challenge_id, date);

CREATE TABLE challenge_evidence (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    evidence_id  INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (challenge_id, evidence_id)
);

CREATE TABLE challenge_events (
    id           INTEGER PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (challenge_id, event_id)
);
"""

#: The search kinds version 3 adds (declared in :mod:`casebook.domain.records`).
V3_SEARCH_KINDS = ("assessment", "risk-factor", "evidence", "allegation", "challenge")


def _v3_risk_and_evidence(conn) -> None:
    from casebook.store import search_index

    for stmt in split_statements(SCHEMA_V3_RISK):
        conn.execute(stmt)
    search_index.install(conn, V3_SEARCH_KINDS)


#: The event type each escalation step recorded when version 4 shipped (casebook.services.challenges'
#: ``step_event_type`` then), kept here as it was so the migration never changes with later data.
V4_STEP_EVENTS = {
    "correction-request": "assessment-correction-requested",
    "response-chased": "assessment-correction-chased",
    "rectification-request": "dpa-rectification-requested",
    "subject-access-request": "subject-access-requested",
    "comp1": "comp1-submitted",
    "comp1a": "comp1a-submitted",
    "ppo": "ppo-complaint-submitted",
    "letter-before-claim": "letter-before-claim-sent",
    "judicial-review": "jr-claim-issued",
}


def _v4_step_events(conn) -> None:
    conn.execute("ALTER TABLE challenge_steps ADD COLUMN event_id INTEGER "
                 "REFERENCES events(id) ON DELETE SET NULL")
    conn.execute("CREATE INDEX challenge_steps_event ON challenge_steps(event_id)")
    # Backfill: each step, oldest first, takes the first of its challenge's linked events of the type it
    # records on the same date that no earlier step has taken (how steps were matched before).
    events: dict[int, list[tuple[int, str, str]]] = {}
    for cid, eid, etype, edate in conn.execute(
            "SELECT ce.challenge_id, e.id, e.type, e.date FROM challenge_events ce "
            "JOIN events e ON e.id = ce.event_id ORDER BY e.id"):
        events.setdefault(cid, []).append((eid, etype, edate))
    used: set[int] = set()
    steps = conn.execute("SELECT id, challenge_id, step, date FROM challenge_steps "
                         "ORDER BY challenge_id, date, id").fetchall()
    for sid, cid, step, sdate in steps:
        etype = V4_STEP_EVENTS.get(step)
        match = next((eid for eid, t, d in events.get(cid, ())
                      if eid not in used and t == etype and d == sdate), None)
        if match is not None:
            used.add(match)
            conn.execute("UPDATE challenge_steps SET event_id = ? WHERE id = ?", (match, sid))


SCHEMA_V5_DOCUMENTS = r"""
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    matter_id   INTEGER REFERENCES matters(id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    cite_as     TEXT NOT NULL CHECK (length(trim(cite_as)) > 0),
    date        TEXT,
    author      TEXT NOT NULL DEFAULT '',
    filename    TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'image')),
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size >= 0),
    sha256      TEXT NOT NULL,
    pages       INTEGER NOT NULL CHECK (pages > 0),
    unreadable  TEXT NOT NULL DEFAULT '[]',          -- JSON list of pages with no text layer
    previous_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX documents_client ON documents(client_id, kind);
CREATE INDEX documents_hash ON documents(client_id, sha256);
CREATE INDEX documents_previous ON documents(previous_id);

-- The file itself, apart from its description, so listing documents never reads their pages of bytes.
CREATE TABLE document_files (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    data        BLOB NOT NULL
);

CREATE TABLE document_pages (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page > 0),
    text        TEXT NOT NULL DEFAULT '',
    has_text    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (document_id, page)
);

-- Page text is indexed once, page by page: an external-content FTS5 table over document_pages, so
-- the text is stored once (in document_pages) and the index holds only the index.
CREATE VIRTUAL TABLE page_index USING fts5(
    text,
    content = 'document_pages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER document_pages_ai AFTER INSERT ON document_pages BEGIN
  INSERT INTO page_index(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER document_pages_ad AFTER DELETE ON document_pages BEGIN
  INSERT INTO page_index(page_index, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER document_pages_au AFTER UPDATE ON document_pages BEGIN
  INSERT INTO page_index(page_index, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO page_index(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE document_sections (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    first_page  INTEGER NOT NULL CHECK (first_page > 0),
    last_page   INTEGER NOT NULL CHECK (last_page >= first_page),
    source      TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('outline', 'index', 'user')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX document_sections_document ON document_sections(document_id, first_page);

CREATE TABLE citations (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page > 0),
    paragraph   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    target      TEXT NOT NULL CHECK (target IN ('challenge', 'allegation', 'evidence', 'assessment', 'event')),
    target_id   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX citations_target ON citations(target, target_id);
CREATE INDEX citations_document ON citations(document_id, page);

-- A record's citations go with it.
CREATE TRIGGER challenges_citations_ad AFTER DELETE ON challenges BEGIN
  DELETE FROM citations WHERE target = 'challenge' AND target_id = old.id;
END;
CREATE TRIGGER allegations_citations_ad AFTER DELETE ON allegations BEGIN
  DELETE FROM citations WHERE target = 'allegation' AND target_id = old.id;
END;
CREATE TRIGGER evidence_citations_ad AFTER DELETE ON evidence BEGIN
  DELETE FROM citations WHERE target = 'evidence' AND target_id = old.id;
END;
CREATE TRIGGER assessments_citations_ad AFTER DELETE ON assessments BEGIN
  DELETE FROM citations WHERE target = 'assessment' AND target_id = old.id;
END;
CREATE TRIGGER events_citations_ad AFTER DELETE ON events BEGIN
  DELETE FROM citations WHERE target = 'event' AND target_id = old.id;
END;
"""


def _v5_documents(conn) -> None:
    from casebook.store import search_index

    for stmt in split_statements(SCHEMA_V5_DOCUMENTS):
        conn.execute(stmt)
    search_index.install(conn, ("document",))


# v6: a sentence's offence chosen from the offence catalogue (resources/offences), by its stable id.
SCHEMA_V6_OFFENCE_ID = """
ALTER TABLE sentences ADD COLUMN offence_id TEXT;
"""


# v7: the rest of a parole matter (issue 12): the Board's directions (r.6) with their compliance dates,
# the hearing (r.22–r.25) with its witnesses, and the people on a case (contacts). Directions' dates
# behave like every other deadline (casebook.services.deadlines reads this table).
SCHEMA_V7_PAROLE_MATTER = """
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    -- a person outlives the matter they were on: deleting the matter keeps them as the client's contact
    matter_id    INTEGER REFERENCES matters(id) ON DELETE SET NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX contacts_client ON contacts(client_id);
CREATE INDEX contacts_matter ON contacts(matter_id);

CREATE TABLE directions (
    id            INTEGER PRIMARY KEY,
    matter_id     INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    party         TEXT NOT NULL DEFAULT '',
    made_on       TEXT,
    due           TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    completed_on  TEXT,
    original_due  TEXT,
    change_reason TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX directions_matter ON directions(matter_id, due);
CREATE INDEX directions_open ON directions(status, due);

CREATE TABLE hearings (
    id                 INTEGER PRIMARY KEY,
    matter_id          INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    event_id           INTEGER REFERENCES events(id) ON DELETE SET NULL,
    date               TEXT,
    time               TEXT NOT NULL DEFAULT '',
    format             TEXT NOT NULL DEFAULT '',
    venue              TEXT NOT NULL DEFAULT '',
    panel              TEXT NOT NULL DEFAULT '',
    observers          TEXT NOT NULL DEFAULT '',
    victim_statements  TEXT NOT NULL DEFAULT '',
    decision_date      TEXT,
    outcome            TEXT NOT NULL DEFAULT '',
    adjourned_reason   TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX hearings_matter ON hearings(matter_id, date);

CREATE TABLE hearing_witnesses (
    id          INTEGER PRIMARY KEY,
    hearing_id  INTEGER NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'requested',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX hearing_witnesses_hearing ON hearing_witnesses(hearing_id);

-- The deadlines are computed from the few events whose type starts or closes a time limit: found by
-- this index, not by decrypting every event of the casebook's history (issue 15).
CREATE INDEX events_type ON events(type, matter_id);
"""


def _v7_parole_matter(conn) -> None:
    from casebook.store import search_index

    for stmt in split_statements(SCHEMA_V7_PAROLE_MATTER):
        conn.execute(stmt)
    search_index.install(conn, ("contact",))  # a contact is found by name, role, organisation


# v8: legal aid for prison law (issue 14): a matter's legal-aid record (UFN, fee earner, CRM1 means and
# CRM3 data), the classes of work opened and closed on it (LAA fee-code stems PRIA..PRIE), CRM4 prior
# authorities for experts, legal visits (with the running timer's state, saved on every change so a
# started visit survives a lock or a restart; the attendance note is a row of ``notes`` of kind
# 'legal-visit', so it stays searchable), time entries (minutes as recorded and the units they round
# up to, or routine items) and the hourly rates the user enters (casebook.services.legal_aid).
SCHEMA_V8_LEGAL_AID = """
CREATE TABLE legal_aid (
    id                   INTEGER PRIMARY KEY,
    matter_id            INTEGER NOT NULL UNIQUE REFERENCES matters(id) ON DELETE CASCADE,
    ufn                  TEXT UNIQUE,
    fee_earner           TEXT NOT NULL DEFAULT '',
    crm1_signed_on       TEXT,
    means_passported     INTEGER,
    means_weekly_income  INTEGER,            -- pence
    means_capital        INTEGER,            -- pence
    means_notes          TEXT NOT NULL DEFAULT '',
    crm3_applied_on      TEXT,
    crm3_granted_on      TEXT,
    crm3_reference       TEXT NOT NULL DEFAULT '',
    notes                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE legal_aid_classes (
    id          INTEGER PRIMARY KEY,
    matter_id   INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    code        TEXT NOT NULL CHECK (code IN ('PRIA', 'PRIB', 'PRIC', 'PRID', 'PRIE')),
    opened_on   TEXT NOT NULL,
    closed_on   TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (matter_id, code)
);
CREATE INDEX legal_aid_classes_closed ON legal_aid_classes(closed_on);

CREATE TABLE prior_authorities (
    id            INTEGER PRIMARY KEY,
    matter_id     INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    expert        TEXT NOT NULL,
    expert_name   TEXT NOT NULL DEFAULT '',
    hours         TEXT NOT NULL,
    hourly_rate   TEXT NOT NULL,
    travel_hours  TEXT NOT NULL DEFAULT '0',
    applied_on    TEXT,
    granted_on    TEXT,
    reference     TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX prior_authorities_matter ON prior_authorities(matter_id);

CREATE TABLE legal_visits (
    id                  INTEGER PRIMARY KEY,
    matter_id           INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    status              TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('running', 'done')),
    prison              TEXT NOT NULL DEFAULT '',
    date                TEXT NOT NULL,
    booked_slot         TEXT NOT NULL DEFAULT '',
    arrived_at          TEXT NOT NULL DEFAULT '',     -- HH:MM, local time
    consultation_start  TEXT NOT NULL DEFAULT '',
    consultation_end    TEXT NOT NULL DEFAULT '',
    departed_at         TEXT NOT NULL DEFAULT '',
    travel_minutes      INTEGER NOT NULL DEFAULT 0,
    waiting_minutes     INTEGER NOT NULL DEFAULT 0,
    mileage             TEXT NOT NULL DEFAULT '',     -- miles, as entered (decimal text)
    attendees           TEXT NOT NULL DEFAULT '',
    note_id             INTEGER REFERENCES notes(id) ON DELETE SET NULL,
    timer               TEXT NOT NULL DEFAULT '{}',   -- JSON: the running timer (phase, since, segments)
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX legal_visits_matter ON legal_visits(matter_id, date);
CREATE INDEX legal_visits_running ON legal_visits(status);

CREATE TABLE time_entries (
    id            INTEGER PRIMARY KEY,
    matter_id     INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    visit_id      INTEGER REFERENCES legal_visits(id) ON DELETE SET NULL,
    class_code    TEXT,
    date          TEXT NOT NULL,
    fee_earner    TEXT NOT NULL DEFAULT '',
    activity      TEXT NOT NULL,
    minutes_raw   INTEGER NOT NULL DEFAULT 0 CHECK (minutes_raw >= 0),
    unit_minutes  INTEGER NOT NULL CHECK (unit_minutes > 0),
    units         INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
    items         INTEGER NOT NULL DEFAULT 0 CHECK (items >= 0),
    description   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (minutes_raw > 0 OR items > 0)
);
CREATE INDEX time_entries_matter ON time_entries(matter_id, date);
CREATE INDEX time_entries_visit ON time_entries(visit_id);

CREATE TABLE legal_aid_rates (
    id          INTEGER PRIMARY KEY,
    scheme      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    rate        TEXT NOT NULL,                -- pounds, per hour (per item for letter / call)
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (scheme, kind)
);
"""



# v9: the audit log keeps what an audit needs, not a second copy of the data (issue 15): the free text of
# entries written before (a note's or event's text, in full) is replaced by its SHA-256, as new entries
# are written. The append-only triggers are lifted for this one rewrite and put back; it runs once, in
# the migration's transaction, and nothing else changes.
def _v9_audit_digests(conn) -> None:
    from casebook.services.audit import rewrite_old_entries  # the one digest rule, shared with new entries

    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    rewrite_old_entries(conn)
    conn.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
                 "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


# v10: the deadlines computed once and kept (issue 15), so the whole casebook's list does not recompute
# every client's history on each view. Derived data, never the record: not audited, not searched, rebuilt
# from the chronology whenever in doubt (casebook.services.deadlines, "The stored deadlines").
# ``deadline_cache`` holds one row per computed deadline with what the list shows of its matter and client
# (a status of open/overdue is never stored: it depends on today); ``deadline_cache_dirty`` holds the
# clients whose rows are out of date. Triggers on every table the computation reads mark a client dirty
# in the writer's own transaction, whoever writes (the services, the CLI in another process, a restore, a
# later migration). An event counts only when its type is one the rules look at (``deadline_cache_types``,
# kept by the service with the fingerprint of the rules and settings in ``deadline_cache_meta``; an empty
# fingerprint means "rebuild everything", as after this migration).
SCHEMA_V10_DEADLINE_CACHE = """
CREATE TABLE deadline_cache (
    closed        INTEGER NOT NULL,         -- 1: closed automatically by a later event or another rule
    due           TEXT NOT NULL,            -- the computed due date (before the user's override)
    matter_id     INTEGER NOT NULL,
    event_id      INTEGER NOT NULL,
    rule_id       TEXT NOT NULL,
    client_id     INTEGER NOT NULL,
    trigger_date  TEXT NOT NULL,
    extra         TEXT,                     -- JSON (caveats, rolled_from, closer) or NULL
    non_working   TEXT,                     -- the computed due date's bank holiday or weekend, or NULL
    advice        TEXT,                     -- what to do about it ("file by …"), or NULL
    matter_title  TEXT NOT NULL,            -- the matter's and client's, as the list shows them
    matter_type   TEXT NOT NULL,
    matter_status TEXT NOT NULL,
    client_name   TEXT NOT NULL,
    PRIMARY KEY (closed, due, matter_id, event_id, rule_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX deadline_cache_key ON deadline_cache(event_id, rule_id);
CREATE INDEX deadline_cache_client ON deadline_cache(client_id);
CREATE INDEX deadline_cache_matter ON deadline_cache(matter_id);

CREATE TABLE deadline_cache_dirty (client_id INTEGER PRIMARY KEY);
CREATE TABLE deadline_cache_types (type TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE deadline_cache_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO deadline_cache_meta(key, value) VALUES ('fingerprint', '');
INSERT INTO deadline_cache_dirty(client_id) SELECT id FROM clients;

CREATE TRIGGER deadline_cache_events_ai AFTER INSERT ON events
WHEN new.type IN (SELECT type FROM deadline_cache_types) BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) SELECT client_id FROM matters WHERE id = new.matter_id;
END;
CREATE TRIGGER deadline_cache_events_ad AFTER DELETE ON events
WHEN old.type IN (SELECT type FROM deadline_cache_types) BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) SELECT client_id FROM matters WHERE id = old.matter_id;
END;
CREATE TRIGGER deadline_cache_events_au AFTER UPDATE OF date, type, matter_id ON events
WHEN (new.date IS NOT old.date OR new.type IS NOT old.type OR new.matter_id IS NOT old.matter_id)
 AND (new.type IN (SELECT type FROM deadline_cache_types) OR old.type IN (SELECT type FROM deadline_cache_types))
BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id)
  SELECT client_id FROM matters WHERE id IN (old.matter_id, new.matter_id);
END;
CREATE TRIGGER deadline_cache_matters_au AFTER UPDATE OF type, client_id, title, status ON matters
WHEN new.type IS NOT old.type OR new.client_id IS NOT old.client_id OR new.title IS NOT old.title
 OR new.status IS NOT old.status BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (old.client_id), (new.client_id);
END;
CREATE TRIGGER deadline_cache_matters_ad AFTER DELETE ON matters BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (old.client_id);
END;
CREATE TRIGGER deadline_cache_clients_au AFTER UPDATE OF name ON clients
WHEN new.name IS NOT old.name BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (new.id);
END;
CREATE TRIGGER deadline_cache_clients_ad AFTER DELETE ON clients BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (old.id);
END;
CREATE TRIGGER deadline_cache_sentences_ai AFTER INSERT ON sentences BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (new.client_id);
END;
CREATE TRIGGER deadline_cache_sentences_ad AFTER DELETE ON sentences BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (old.client_id);
END;
CREATE TRIGGER deadline_cache_sentences_au AFTER UPDATE OF sentence_type, client_id ON sentences
WHEN new.sentence_type IS NOT old.sentence_type OR new.client_id IS NOT old.client_id BEGIN
  INSERT OR IGNORE INTO deadline_cache_dirty(client_id) VALUES (old.client_id), (new.client_id);
END;
"""

# Schema 11 (issue 15): a client's chronology is read from a few pages, not one page per event. Events are
# stored in the order they were written, so ten years of a practice put each client's events on as many
# pages as it has events (~80 for a client of the ten-year bench), and each page read the first time is
# decrypted and authenticated. This index holds every column of an event in (matter, date) order — the
# order the chronology is read in — so SQLite answers those reads from the index alone (a covering index):
# the events of a matter lie together. It replaces the (matter_id, date) index, its prefix. Cost: the
# event's text is stored twice (+35 MB, 7.5%, on the 467 MB ten-year casebook). Full-text search still
# reads the table by rowid.
SCHEMA_V11_EVENTS_BY_MATTER = """
DROP INDEX events_matter_date;
CREATE INDEX events_by_matter ON events(matter_id, date, type, text, source, page, material, disputed,
                                        created_at, updated_at);
"""

# A migration is a SQL script (run statement by statement) or a callable taking the connection.
MIGRATIONS: list[str | Callable] = [SCHEMA_V1, _v2_record_tables, _v3_risk_and_evidence, _v4_step_events,
                                   _v5_documents, SCHEMA_V6_OFFENCE_ID,
                                   _v7_parole_matter, SCHEMA_V8_LEGAL_AID, _v9_audit_digests,
                                   SCHEMA_V10_DEADLINE_CACHE, SCHEMA_V11_EVENTS_BY_MATTER]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn, upto: int | None = None) -> list[int]:
    """Bring ``conn`` up to ``upto`` (default ``SCHEMA_VERSION``); returns the versions applied.

    Each step and its version bump commit together or not at all.
    """
    applied: list[int] = []
    current = schema_version(conn)
    for target in range(current + 1, (upto or SCHEMA_VERSION) + 1):
        step = MIGRATIONS[target - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(step, str):
                for stmt in split_statements(step):
                    conn.execute(stmt)
            else:
                step(conn)
            conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(target)
    return applied


def split_statements(script: str) -> list[str]:
    """Split a script into complete statements (trigger bodies contain semicolons).

    ``executescript`` would commit implicitly; we want each migration inside one transaction.
    """
    from casebook.store.sqlite import dbapi

    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if not buf.strip() and line.strip().startswith("--"):
            continue
        buf += line
        if dbapi.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
