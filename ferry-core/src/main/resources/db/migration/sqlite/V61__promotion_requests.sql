-- Promotion requests: a deployment's manifest verified on the staging branch and proposed for the
-- production branch, with the staging gate's evidence and a state. Times are epoch milliseconds.

CREATE TABLE promotion_requests (
    id             VARCHAR(32)  PRIMARY KEY,
    deployment     VARCHAR(253) NOT NULL,
    model          VARCHAR(200) NOT NULL,
    staging_commit VARCHAR(64)  NOT NULL,
    base_commit    VARCHAR(64),
    diff           TEXT         NOT NULL,
    evidence_json  TEXT         NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    merge_commit   VARCHAR(64),
    decided_by     VARCHAR(200),
    note           TEXT
);

CREATE INDEX promotion_requests_deployment ON promotion_requests (deployment, created_at);
