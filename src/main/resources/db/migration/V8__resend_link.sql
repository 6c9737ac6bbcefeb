-- A dead message resent as a new one (TEP-1 §7: new id, new content key) names the old one in resent_from.
-- One resend per dead message at most: an operator who clicks twice, or two operators at once, send it once;
-- the second insert fails on this index and is answered with the first resend. (Several NULLs are allowed
-- in a unique index on H2 and PostgreSQL alike.)
CREATE UNIQUE INDEX outbound_message_resent_from ON outbound_message (resent_from);
-- the operator account that resent it, for the trace
ALTER TABLE outbound_message ADD COLUMN resent_by VARCHAR(128);
