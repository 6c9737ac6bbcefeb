-- Scheduled pulls from legacy systems (adapters.pull). Types valid on H2 (MODE=PostgreSQL) and PostgreSQL alike.

-- Every record a pull has taken, by its natural key: a key found here is never sent again.
-- outcome: SUBMITTED (the case is in the hub's outbox, written in the same transaction) or PENDING (taken but
-- not yet confirmed by a sink outside this database; the next run submits it again, idempotently).
CREATE TABLE pulled_record (
    pull_name  VARCHAR(64)  NOT NULL,
    record_key VARCHAR(256) NOT NULL,
    case_id    VARCHAR(128) NOT NULL,
    outcome    VARCHAR(16)  NOT NULL,
    -- the TEP message that carries the case, when the sink gives one
    message_id VARCHAR(128),
    pulled_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (pull_name, record_key)
);
CREATE INDEX pulled_record_case ON pulled_record (case_id);

-- Where each pull got to: the last key settled before the run's first failed record. A table pull resumes
-- after it (keyset pagination); for a CSV export it is informational.
CREATE TABLE pull_checkpoint (
    pull_name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    last_key   VARCHAR(256) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
