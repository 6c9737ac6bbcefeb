-- Questions this hub asked other regions (data.query, license.verify) and their answers, so that a caller
-- who stopped waiting can poll its ticket, from any instance.
CREATE TABLE query_ticket (
    ticket      VARCHAR(128)  NOT NULL PRIMARY KEY,  -- the id of the query message sent
    to_node     VARCHAR(64)   NOT NULL,
    query_type  VARCHAR(256)  NOT NULL,
    status      VARCHAR(16)   NOT NULL,             -- PENDING, ANSWERED, FAILED
    answer      BYTEA,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at TIMESTAMP WITH TIME ZONE
);
