package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code conferences}; locked FOR UPDATE while a join to it is decided. */
@Entity
@Table(name = "conferences")
class ConferenceEntity {
    @Id
    @Column(name = "conference_id")
    String conferenceId;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "decision_count")
    long decisionCount;
    /** Since when nobody is placed in it (null while someone is); retention deletes it after a while. */
    @Column(name = "ended_at")
    Instant endedAt;

    /** Records whether the conference is empty after a change. */
    void markEnded(ConferenceView after, Instant now) {
        if (!after.participants().isEmpty()) {
            endedAt = null;
        } else if (endedAt == null) {
            endedAt = now;
        }
    }
}
