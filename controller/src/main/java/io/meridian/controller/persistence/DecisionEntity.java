package io.meridian.controller.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** Row of {@code decisions}; the explanation is a jsonb column handled as JSON text. */
@Entity
@Table(name = "decisions")
class DecisionEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "conference_id")
    String conferenceId;
    long sequence;
    @Column(name = "participant_id")
    String participantId;
    @Column(name = "decided_at")
    Instant decidedAt;
    String outcome;
    @Column(name = "agent_id")
    String agentId;
    String region;
    String mode;
    @Column(name = "adds_agent")
    boolean addsAgent;
    String rule;
    @Column(name = "explanation", columnDefinition = "jsonb")
    @ColumnTransformer(read = "explanation::text", write = "?::jsonb")
    String explanation;

    DecisionRecord toRecord() {
        return new DecisionRecord(sequence, conferenceId, participantId, decidedAt, outcome, agentId, region, mode,
                addsAgent, rule, explanation);
    }

    static DecisionEntity of(DecisionRecord record) {
        DecisionEntity entity = new DecisionEntity();
        entity.conferenceId = record.conferenceId();
        entity.sequence = record.sequence();
        entity.participantId = record.participantId();
        entity.decidedAt = record.decidedAt();
        entity.outcome = record.outcome();
        entity.agentId = record.agentId();
        entity.region = record.region();
        entity.mode = record.mode();
        entity.addsAgent = record.addsAgent();
        entity.rule = record.rule();
        entity.explanation = record.explanationJson();
        return entity;
    }
}
