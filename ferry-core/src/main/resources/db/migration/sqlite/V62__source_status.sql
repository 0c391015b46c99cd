-- How each reconciler's desired-state source stands against its remote: one row per source (the
-- branch it follows), replaced after each fetch attempt. The remote URL is stored without user
-- information; no credentials are kept. Times are epoch milliseconds (UTC).

CREATE TABLE source_status (
    source        VARCHAR(253) PRIMARY KEY,
    remote        TEXT,
    host          TEXT,
    state         VARCHAR(16)  NOT NULL,
    operation     TEXT         NOT NULL,
    reason        TEXT         NOT NULL,
    failures      INTEGER      NOT NULL,
    since         BIGINT       NOT NULL,
    last_success  BIGINT,
    next_retry    BIGINT,
    updated_at    BIGINT       NOT NULL
);
