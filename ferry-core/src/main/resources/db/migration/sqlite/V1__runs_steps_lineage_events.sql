-- Ferry's metadata schema (SQLite dialect; keep in step with ../postgresql/).
-- Times are microseconds since the Unix epoch (UTC); JSON columns hold Jackson-written text.

CREATE TABLE runs (
    id              TEXT    NOT NULL PRIMARY KEY,
    pipeline        TEXT    NOT NULL,
    manifest_path   TEXT    NOT NULL,
    manifest_digest TEXT    NOT NULL,
    code_version    TEXT,
    params          TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    message         TEXT,
    engine          TEXT
);
CREATE INDEX runs_by_time ON runs (created_at, id);
CREATE INDEX runs_by_pipeline ON runs (pipeline, created_at);

-- One row per parameter, so runs can be searched by parameter in SQL.
CREATE TABLE run_params (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);

CREATE TABLE step_runs (
    seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL UNIQUE,
    run_id       TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_name    TEXT    NOT NULL,
    matrix_index INTEGER NOT NULL,
    matrix       TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    inputs       TEXT    NOT NULL,
    cache_key    TEXT,
    cached_from  TEXT,
    started_at   INTEGER,
    finished_at  INTEGER,
    exit_code    INTEGER,
    message      TEXT
);
CREATE INDEX step_runs_by_run ON step_runs (run_id, seq);
CREATE INDEX step_runs_by_cache_key ON step_runs (cache_key, state);
CREATE INDEX step_runs_by_step ON step_runs (step_name, run_id);

CREATE TABLE step_outputs (
    step_run_id  TEXT    NOT NULL REFERENCES step_runs (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    digest       TEXT,
    logical_type TEXT,
    media_type   TEXT,
    value        TEXT,
    PRIMARY KEY (step_run_id, name)
);
CREATE INDEX step_outputs_by_digest ON step_outputs (digest);

CREATE TABLE artifacts (
    digest       TEXT    NOT NULL PRIMARY KEY,
    logical_type TEXT    NOT NULL,
    media_type   TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    directory    BOOLEAN NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE lineage (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    artifact    TEXT    NOT NULL,
    run_id      TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_run_id TEXT    NOT NULL REFERENCES step_runs (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('INPUT', 'OUTPUT')),
    name        TEXT    NOT NULL,
    UNIQUE (step_run_id, direction, name, artifact)
);
CREATE INDEX lineage_by_artifact ON lineage (artifact);
CREATE INDEX lineage_by_run ON lineage (run_id, seq);

CREATE TABLE metrics (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    run_id      TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_run_id TEXT    REFERENCES step_runs (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    value       REAL    NOT NULL,
    step        INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX metrics_by_run ON metrics (run_id, seq);

-- Append-only: rows are never updated or deleted by Ferry.
CREATE TABLE events (
    seq    INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    run_id TEXT,
    time   INTEGER NOT NULL,
    type   TEXT    NOT NULL,
    data   TEXT    NOT NULL
);
CREATE INDEX events_by_run ON events (run_id, seq);

-- Every artifact digest some record points at; `ferry gc` keeps exactly these.
-- Later migrations that add references (e.g. model versions) recreate this view with their union.
CREATE VIEW artifact_references AS
    SELECT digest FROM step_outputs WHERE digest IS NOT NULL
    UNION
    SELECT artifact FROM lineage;
