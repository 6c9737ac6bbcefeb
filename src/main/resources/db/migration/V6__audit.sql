-- The append-only audit trail (audit.StoredAuditTrail; checked by `tongban-hub audit verify`, audit.AuditVerifier).
-- Each entry carries the SM3 of the one before (prev_hash) and its own (entry_hash, over its canonical encoding,
-- prev_hash included): an edited, inserted or deleted entry breaks the chain at its seq. seq is strictly
-- increasing from 1 without gaps. detail is masked before it is written (no names, no ID numbers).
CREATE TABLE audit_entry (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    kind       VARCHAR(32)   NOT NULL,
    actor      VARCHAR(128)  NOT NULL,
    subject    VARCHAR(256)  NOT NULL,
    detail     VARCHAR(2000) NOT NULL,
    prev_hash  VARCHAR(64)   NOT NULL,
    entry_hash VARCHAR(64)   NOT NULL
);

-- The chain's head, one row: every append locks it (SELECT ... FOR UPDATE) in the transaction that inserts the
-- entries, so that appends of several threads and of several hub instances sharing the database form one chain.
-- It also tells the verifier where the chain ended and where the last checkpoint was (a deleted tail).
CREATE TABLE audit_head (
    id              INTEGER     NOT NULL PRIMARY KEY,
    last_seq        BIGINT      NOT NULL,
    last_hash       VARCHAR(64) NOT NULL,
    checkpoint_seq  BIGINT      NOT NULL,
    checkpoint_at   TIMESTAMP WITH TIME ZONE
);
INSERT INTO audit_head (id, last_seq, last_hash, checkpoint_seq, checkpoint_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, NULL);

-- Signed checkpoints: the node's SM2 signing key over (seq, entry_hash, at) of the entry at seq. signer is the
-- SM3 of the signing certificate (DER). Entries up to a checkpoint cannot be rewritten without its key.
CREATE TABLE audit_checkpoint (
    seq        BIGINT       NOT NULL PRIMARY KEY,
    entry_hash VARCHAR(64)  NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    signer     VARCHAR(64)  NOT NULL,
    signature  BYTEA        NOT NULL
);

-- The effective tongban.* configuration last recorded, one SM3 per key (never the value): at start the hub
-- compares and appends CONFIGURATION_CHANGED naming the keys that changed. One set per node.
CREATE TABLE audit_configuration (
    node         VARCHAR(64)  NOT NULL,
    property     VARCHAR(256) NOT NULL,
    value_digest VARCHAR(64)  NOT NULL,
    PRIMARY KEY (node, property)
);
