-- Meridian schema v10: the decision log also records live moves (outcome 'moved'; rule 'operatorMove', 'drainNow' or
-- 'rehoming'), so a conference's history explains why a participant changed agents while connected.
ALTER TABLE decisions DROP CONSTRAINT decisions_outcome_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_outcome_check
    CHECK (outcome IN ('placed', 'rejected', 'evicted', 'moved'));
