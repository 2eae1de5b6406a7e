-- Meridian schema v2: the decision log also records participants removed because their agent went DOWN
-- (outcome 'evicted', rule 'agentDown'), so a conference's history explains why a participant was placed again.
ALTER TABLE decisions DROP CONSTRAINT decisions_outcome_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_outcome_check
    CHECK (outcome IN ('placed', 'rejected', 'evicted'));

-- When an agent goes DOWN its conferences are looked up by agent.
CREATE INDEX conference_agents_by_agent ON conference_agents (agent_id);
