-- Meridian schema v6: which controller replica last heard from which agent, and when (the database's clock).
-- Every replica upserts its own row per agent at a throttled rate while the agent reports to it; a replica
-- whose own stream to an agent ended evicts that agent only when no replica has seen it within the down-timeout.
CREATE TABLE agent_presence (
    agent_id        VARCHAR(128) NOT NULL,
    replica_id      VARCHAR(128) NOT NULL,
    seen_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (agent_id, replica_id)
);
