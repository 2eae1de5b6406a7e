-- Meridian schema v1: the fleet's agents, conferences and where their participants are hosted, the relay
-- links between a conference's agents, and the decision log with each decision's explanation.
-- Flyway owns the schema: Hibernate validates nothing and generates nothing.

-- Media agents that ever connected (the live state is in each controller's registry; this is the record).
CREATE TABLE agents (
    agent_id        VARCHAR(128) PRIMARY KEY,
    region          VARCHAR(128) NOT NULL,
    signaling_url   VARCHAR(2048) NOT NULL,
    media_host      VARCHAR(255) NOT NULL,
    media_port      INTEGER      NOT NULL CHECK (media_port BETWEEN 1 AND 65535),
    relay_host      VARCHAR(255) NOT NULL,
    relay_port      INTEGER      NOT NULL CHECK (relay_port BETWEEN 1 AND 65535),
    capacity        INTEGER      NOT NULL CHECK (capacity > 0),
    version         VARCHAR(128) NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('UP', 'DRAINING', 'DOWN')),
    updated_at      TIMESTAMPTZ  NOT NULL
);

-- One row per conference ever joined; its row lock serialises joins to the conference across replicas.
CREATE TABLE conferences (
    conference_id   VARCHAR(128) PRIMARY KEY,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    decision_count  BIGINT       NOT NULL DEFAULT 0
);

-- The agents a conference spans (more than one: cascaded).
CREATE TABLE conference_agents (
    id              BIGSERIAL PRIMARY KEY,
    conference_id   VARCHAR(128) NOT NULL REFERENCES conferences (conference_id) ON DELETE CASCADE,
    agent_id        VARCHAR(128) NOT NULL,
    region          VARCHAR(128) NOT NULL,
    added_at        TIMESTAMPTZ  NOT NULL,
    UNIQUE (conference_id, agent_id)
);

-- Where each participant is hosted.
CREATE TABLE participants (
    id              BIGSERIAL PRIMARY KEY,
    conference_id   VARCHAR(128) NOT NULL REFERENCES conferences (conference_id) ON DELETE CASCADE,
    participant_id  VARCHAR(128) NOT NULL,
    agent_id        VARCHAR(128) NOT NULL,
    region          VARCHAR(128) NOT NULL,
    country         VARCHAR(2),
    location_source VARCHAR(16)  NOT NULL,
    joined_at       TIMESTAMPTZ  NOT NULL,
    UNIQUE (conference_id, participant_id),
    FOREIGN KEY (conference_id, agent_id) REFERENCES conference_agents (conference_id, agent_id)
);

-- Relay links between two agents of a cascaded conference (SRTP keys are not stored).
CREATE TABLE relay_links (
    id              BIGSERIAL PRIMARY KEY,
    conference_id   VARCHAR(128) NOT NULL REFERENCES conferences (conference_id) ON DELETE CASCADE,
    from_agent_id   VARCHAR(128) NOT NULL,
    to_agent_id     VARCHAR(128) NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('OPENING', 'OPEN', 'FAILED')),
    created_at      TIMESTAMPTZ  NOT NULL,
    UNIQUE (conference_id, from_agent_id, to_agent_id),
    CHECK (from_agent_id <> to_agent_id)
);

-- Every placement decision, placed or rejected, numbered per conference, with its explanation.
CREATE TABLE decisions (
    id              BIGSERIAL PRIMARY KEY,
    conference_id   VARCHAR(128) NOT NULL REFERENCES conferences (conference_id) ON DELETE CASCADE,
    sequence        BIGINT       NOT NULL,
    participant_id  VARCHAR(128) NOT NULL,
    decided_at      TIMESTAMPTZ  NOT NULL,
    outcome         VARCHAR(16)  NOT NULL CHECK (outcome IN ('placed', 'rejected')),
    agent_id        VARCHAR(128),
    region          VARCHAR(128),
    mode            VARCHAR(16),
    adds_agent      BOOLEAN      NOT NULL,
    rule            VARCHAR(64)  NOT NULL,
    explanation     JSONB        NOT NULL,
    UNIQUE (conference_id, sequence)
);
CREATE INDEX decisions_by_conference ON decisions (conference_id, sequence);
