-- Meridian schema v2: the decision log also records participants removed because their agent went DOWN
-- (outcome 'evicted', rule 'agentDown'), so a conference's history explains why a participant was placed again.
ALTER TABLE decisions DROP CONSTRAINT decisions_outcome_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_outcome_check
    CHECK (outcome IN ('placed', 'rejected', 'evicted'));
