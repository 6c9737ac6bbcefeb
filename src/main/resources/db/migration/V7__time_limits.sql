-- Time limits (承诺时限): a case's limit runs from its acceptance (受理) to its decision (办结), both kept on the
-- case itself so that the open cases can be listed without reading their history. The due day is not stored:
-- it is computed from accepted_at, promised_working_days and the configured calendar, so that a holiday list
-- published later (or corrected) applies to the cases already running.
ALTER TABLE case_record ADD COLUMN accepted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE case_record ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;

-- cases recorded before this migration: their first acceptance and first decision, from their history
UPDATE case_record SET accepted_at = (SELECT MIN(e.at) FROM case_event e WHERE e.case_id = case_record.case_id
        AND e.role = case_record.role AND e.state IN ('accepted', 'accepted-pending-materials'));
UPDATE case_record SET finished_at = (SELECT MIN(e.at) FROM case_event e WHERE e.case_id = case_record.case_id
        AND e.role = case_record.role AND e.state IN ('approved', 'rejected', 'delivered'));

-- the open cases whose time limit runs (what the API, the console and the gauges read)
CREATE INDEX case_record_time_limit ON case_record (finished_at, accepted_at);
