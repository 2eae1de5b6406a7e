package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code relay_links}. */
@Entity
@Table(name = "relay_links")
class RelayLinkEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "conference_id")
    String conferenceId;
    @Column(name = "from_agent_id")
    String fromAgentId;
    @Column(name = "to_agent_id")
    String toAgentId;
    String state;
    @Column(name = "created_at")
    Instant createdAt;

    RelayLink toRecord() {
        return new RelayLink(fromAgentId, toAgentId, state);
    }
}
