package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code agents}. */
@Entity
@Table(name = "agents")
class AgentEntity {
    @Id
    @Column(name = "agent_id")
    String agentId;
    String region;
    @Column(name = "signaling_url")
    String signalingUrl;
    @Column(name = "media_host")
    String mediaHost;
    @Column(name = "media_port")
    int mediaPort;
    @Column(name = "relay_host")
    String relayHost;
    @Column(name = "relay_port")
    int relayPort;
    int capacity;
    String version;
    String state;
    @Column(name = "updated_at")
    Instant updatedAt;
}
