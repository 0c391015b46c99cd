-- Model registry: models, their immutable numbered versions, the files and metrics of each
-- version, and aliases that point at versions. Times are epoch milliseconds (UTC).

CREATE TABLE registered_models (
    name        VARCHAR(64) PRIMARY KEY,
    created_at  BIGINT      NOT NULL
);

CREATE TABLE model_versions (
    model           VARCHAR(64)  NOT NULL REFERENCES registered_models (name),
    version         INTEGER      NOT NULL,
    created_at      BIGINT       NOT NULL,
    signature_json  TEXT         NOT NULL,
    profile_digest  VARCHAR(71),
    run_id          VARCHAR(200) NOT NULL,
    step_name       VARCHAR(200) NOT NULL,
    data_json       TEXT         NOT NULL,
    parameters_json TEXT         NOT NULL,
    code_version    VARCHAR(200),
    description     TEXT         NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_artifacts (
    model     VARCHAR(64) NOT NULL,
    version   INTEGER     NOT NULL,
    ordinal   INTEGER     NOT NULL,
    name      VARCHAR(200) NOT NULL,
    digest    VARCHAR(71) NOT NULL,
    format    VARCHAR(64) NOT NULL,
    PRIMARY KEY (model, version, ordinal),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE INDEX model_version_artifacts_digest ON model_version_artifacts (digest);

CREATE TABLE model_version_metrics (
    model    VARCHAR(64)  NOT NULL,
    version  INTEGER      NOT NULL,
    name     VARCHAR(200) NOT NULL,
    metric_value REAL NOT NULL,
    PRIMARY KEY (model, version, name),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE TABLE model_aliases (
    model       VARCHAR(64) NOT NULL,
    alias       VARCHAR(64) NOT NULL,
    version     INTEGER     NOT NULL,
    updated_at  BIGINT      NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
