-- Meridian schema v4: applications (tenants whose backends sign join grants) and which application owns
-- each conference. Applications declared in MERIDIAN_APPS / MERIDIAN_APPS_FILE are not stored here.

CREATE TABLE applications (
    api_key         VARCHAR(128) PRIMARY KEY,
    created_at      TIMESTAMPTZ  NOT NULL
);

-- At most two secrets per application are valid at once (rotation without downtime). HMAC needs the
-- secret itself, so it is stored as given: protect the database as you protect the secrets (docs/security.md).
CREATE TABLE application_secrets (
    api_key         VARCHAR(128) NOT NULL REFERENCES applications (api_key) ON DELETE CASCADE,
    secret_id       VARCHAR(64)  NOT NULL,
    secret          VARCHAR(512) NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (api_key, secret_id)
);

-- A conference belongs to the application whose grant first joined it; no other application's grant opens it.
-- Kept apart from `conferences` so the owner is settled before the join's row lock is taken.
CREATE TABLE conference_owners (
    conference_id   VARCHAR(128) PRIMARY KEY,
    api_key         VARCHAR(128) NOT NULL,
    claimed_at      TIMESTAMPTZ  NOT NULL
);
