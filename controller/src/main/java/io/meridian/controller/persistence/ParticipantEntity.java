package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code participants}. */
@Entity
@Table(name = "participants")
class ParticipantEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "conference_id")
    String conferenceId;
    @Column(name = "participant_id")
    String participantId;
    @Column(name = "agent_id")
    String agentId;
    String region;
    String country;
    @Column(name = "location_source")
    String locationSource;
    @Column(name = "joined_at")
    Instant joinedAt;

    ParticipantRecord toRecord() {
        return new ParticipantRecord(participantId, agentId, region, country, locationSource, joinedAt);
    }
}
