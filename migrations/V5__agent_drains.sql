-- Meridian schema v5: drains are operator decisions that outlive controllers and are shared by replicas.
-- An agent listed here is DRAINING wherever and whenever it connects, until an operator undrains it.
CREATE TABLE agent_drains (
    agent_id        VARCHAR(128) PRIMARY KEY,
    drained_at      TIMESTAMPTZ  NOT NULL
);
