-- Relay repair (controller/.../relay/RelayRepair): a link that failed to open, or is stuck opening, or whose agent
-- reconnected (it may have restarted and lost its links), is opened again with capped exponential backoff.
-- attempts counts the attempts since the link was last OPEN; retry_at is when the next one is due (NULL: not
-- scheduled — an OPEN link stays as it is, any other is due stuck-after its creation). A replica claims due links
-- with FOR UPDATE SKIP LOCKED and pushes retry_at forward, so two replicas never re-key one link at once.
ALTER TABLE relay_links ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE relay_links ADD COLUMN retry_at TIMESTAMPTZ;
CREATE INDEX relay_links_repair ON relay_links (retry_at) WHERE state <> 'OPEN' OR retry_at IS NOT NULL;
