package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code conference_agents}. */
@Entity
@Table(name = "conference_agents")
class ConferenceAgentEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "conference_id")
    String conferenceId;
    @Column(name = "agent_id")
    String agentId;
    String region;
    @Column(name = "added_at")
    Instant addedAt;

    ConferenceAgent toRecord() {
        return new ConferenceAgent(agentId, region, addedAt);
    }
}
