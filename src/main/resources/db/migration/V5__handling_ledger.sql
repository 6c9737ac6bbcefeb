-- Which accepted messages a receiving route has handled (store.HandlingLedger). A route that records its
-- effect and this row in one transaction handles each message once, however often the broker redelivers it
-- after a crash; redeliveries counts the deliveries the ledger turned away.
CREATE TABLE handling_ledger (
    route        VARCHAR(128) NOT NULL,
    from_node    VARCHAR(64)  NOT NULL,
    message_id   VARCHAR(128) NOT NULL,
    handled_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    redeliveries INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (route, from_node, message_id)
);
