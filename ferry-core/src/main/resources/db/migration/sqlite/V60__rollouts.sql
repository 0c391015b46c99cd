-- The reconciler's rollout records (one per change it makes to a deployment, updated while a
-- canary progresses) and each deployment's status. Times are epoch milliseconds (UTC).

CREATE TABLE rollouts (
    id            VARCHAR(32)  PRIMARY KEY,
    deployment    VARCHAR(253) NOT NULL,
    commit_id     VARCHAR(64)  NOT NULL,
    strategy      VARCHAR(64)  NOT NULL,
    target        TEXT         NOT NULL,
    changes_json  TEXT         NOT NULL,
    step          INTEGER      NOT NULL,
    result        VARCHAR(16)  NOT NULL,
    message       TEXT         NOT NULL,
    evidence_json TEXT         NOT NULL,
    started_at    BIGINT       NOT NULL,
    finished_at   BIGINT
);

CREATE INDEX rollouts_deployment ON rollouts (deployment, started_at);

CREATE TABLE deployment_status (
    deployment     VARCHAR(253) PRIMARY KEY,
    applied_commit VARCHAR(64),
    suspended      BOOLEAN      NOT NULL,
    message        TEXT         NOT NULL,
    updated_at     BIGINT       NOT NULL
);
