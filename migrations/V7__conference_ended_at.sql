-- Retention: a conference that has had nobody in it since ended_at is deleted, with its decision log (ON DELETE
-- CASCADE), once ended_at is older than MERIDIAN_RETENTION. NULL while anyone is placed in it.
ALTER TABLE conferences ADD COLUMN ended_at TIMESTAMPTZ;
-- Conferences that existed before this migration and are empty count as ended now.
UPDATE conferences c SET ended_at = now()
 WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.conference_id = c.conference_id);
CREATE INDEX conferences_ended_at ON conferences (ended_at) WHERE ended_at IS NOT NULL;
