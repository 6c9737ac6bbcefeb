-- The pull lock (README "Scale-out"): instances of one node sharing this database elect the one that runs the
-- scheduled pulls through a row here. The layout is Spring Integration's INT_LOCK (schema-postgresql.sql and
-- schema-h2.sql of spring-integration-jdbc, identical for both) under the table prefix PULL_, read and written
-- only by its DefaultLockRepository: lock_key is a UUID derived from the lock's name, region the node code,
-- client_id the holding instance (a UUID per process), created_date its last renewal (UTC).
CREATE TABLE pull_lock (
    lock_key     CHAR(36)     NOT NULL,
    region       VARCHAR(100) NOT NULL,
    client_id    CHAR(36),
    created_date TIMESTAMP    NOT NULL,
    CONSTRAINT pull_lock_pk PRIMARY KEY (lock_key, region)
);
