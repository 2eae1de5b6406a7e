package io.meridian.controller.persistence;

import io.meridian.controller.fleet.AgentHello;
import io.meridian.placement.AgentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL store (Hibernate ORM over the Flyway schema). A join upserts the conference row and locks it
 * {@code FOR UPDATE}: every controller replica sharing the database decides joins to one conference one at a
 * time, each seeing the previous one's placement.
 */
@ApplicationScoped
@Typed(PostgresConferenceStore.class)
public class PostgresConferenceStore implements ConferenceStore {
    private final EntityManager em;
    private final Clock clock;

    /** {@code entityManager} is looked up lazily: with no database configured this bean is never used. */
    @Inject
    public PostgresConferenceStore(Instance<EntityManager> entityManager, Clock clock) {
        this.em = entityManager.get();
        this.clock = clock;
    }

    @Override
    @Transactional
    public JoinResult join(String conferenceId, JoinPlanner planner) {
        ConferenceEntity row = lockCreating(conferenceId);
        ConferenceView current = load(conferenceId);
        JoinPlan plan = planner.plan(current);
        Instant now = clock.instant();
        ConferenceChange change = ConferenceRules.plan(current, plan, now);
        write(conferenceId, current, change, now);
        row.decisionCount++;
        row.updatedAt = now;
        row.markEnded(ConferenceRules.apply(current, change), now);
        DecisionRecord decision = plan.decision().numbered(row.decisionCount);
        em.persist(DecisionEntity.of(decision));
        em.flush();
        return new JoinResult(ConferenceRules.apply(current, change), decision, change);
    }

    @Override
    @Transactional
    public Optional<ConferenceView> conference(String conferenceId) {
        if (em.find(ConferenceEntity.class, conferenceId) == null) {
            return Optional.empty();
        }
        return Optional.of(load(conferenceId));
    }

    @Override
    @Transactional
    public Optional<ConferenceChange> leave(String conferenceId, String participantId, String onlyOnAgent) {
        ConferenceEntity row = em.find(ConferenceEntity.class, conferenceId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return Optional.empty();
        }
        ConferenceView current = load(conferenceId);
        ConferenceChange change = ConferenceRules.leave(current, participantId, onlyOnAgent);
        write(conferenceId, current, change, clock.instant());
        row.markEnded(ConferenceRules.apply(current, change), clock.instant());
        return Optional.of(change);
    }

    @Override
    @Transactional
    public ConferenceChange adopt(String conferenceId, String agentId, String region, List<String> participantIds) {
        ConferenceEntity row = lockCreating(conferenceId);
        ConferenceView current = load(conferenceId);
        Instant now = clock.instant();
        ConferenceChange change = ConferenceRules.adopt(current, agentId, region, participantIds, now);
        write(conferenceId, current, change, now);
        row.markEnded(ConferenceRules.apply(current, change), now);
        return change;
    }

    @Override
    @Transactional
    public List<String> conferencesOf(String agentId) {
        return em.createQuery("select conferenceId from ConferenceAgentEntity where agentId = :a order by conferenceId",
                String.class).setParameter("a", agentId).getResultList();
    }

    @Override
    @Transactional
    public ConferenceChange evict(String conferenceId, String agentId, EvictionPlanner planner) {
        ConferenceEntity row = em.find(ConferenceEntity.class, conferenceId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return ConferenceChange.none();
        }
        ConferenceView current = load(conferenceId);
        ConferenceChange change = ConferenceRules.evict(current, agentId);
        if (change.isEmpty()) {
            return change;
        }
        Optional<List<DecisionRecord>> log = planner.plan(ConferenceRules.apply(current, change), change);
        if (log.isEmpty()) {
            return ConferenceChange.none();
        }
        Instant now = clock.instant();
        write(conferenceId, current, change, now);
        for (DecisionRecord record : log.get()) {
            row.decisionCount++;
            em.persist(DecisionEntity.of(record.numbered(row.decisionCount)));
        }
        row.updatedAt = now;
        row.markEnded(ConferenceRules.apply(current, change), now);
        em.flush();
        return change;
    }

    @Override
    @Transactional
    public int forgetEnded(Instant endedBefore, int batch) {
        // SKIP LOCKED: replicas sweeping at once take different rows; a conference being joined is skipped, and
        // the outer ended_at test is re-checked after any wait, so a conference rejoined meanwhile stays.
        return em.createNativeQuery("DELETE FROM conferences WHERE ended_at < ?1 AND conference_id IN"
                        + " (SELECT conference_id FROM conferences WHERE ended_at < ?1 ORDER BY ended_at LIMIT ?2"
                        + " FOR UPDATE SKIP LOCKED)")
                .setParameter(1, endedBefore).setParameter(2, batch).executeUpdate();
    }

    @Override
    @Transactional
    public Optional<List<DecisionRecord>> decisions(String conferenceId, long afterSequence, int limit) {
        if (em.find(ConferenceEntity.class, conferenceId) == null) {
            return Optional.empty();
        }
        return Optional.of(em.createQuery(
                "from DecisionEntity where conferenceId = :c and sequence > :after order by sequence",
                DecisionEntity.class).setParameter("c", conferenceId).setParameter("after", afterSequence)
                .setMaxResults(limit).getResultStream().map(DecisionEntity::toRecord).toList());
    }

    @Override
    @Transactional
    public void saveAgent(AgentHello hello, AgentState state) {
        AgentEntity found = em.find(AgentEntity.class, hello.agentId());
        AgentEntity entity = found != null ? found : new AgentEntity();
        entity.agentId = hello.agentId();
        entity.region = hello.region();
        entity.signalingUrl = hello.signalingUrl();
        entity.mediaHost = hello.mediaAddress().host();
        entity.mediaPort = hello.mediaAddress().port();
        entity.relayHost = hello.relayAddress().host();
        entity.relayPort = hello.relayAddress().port();
        entity.capacity = hello.capacity();
        entity.version = hello.version();
        entity.state = state.name();
        entity.updatedAt = clock.instant();
        if (found == null) {
            em.persist(entity);
        }
    }

    @Override
    @Transactional
    public void agentState(String agentId, AgentState state) {
        em.createQuery("update AgentEntity set state = :s, updatedAt = :t where agentId = :a")
                .setParameter("s", state.name()).setParameter("t", clock.instant()).setParameter("a", agentId)
                .executeUpdate();
    }

    @Override
    @Transactional
    public void relayLinkState(String conferenceId, String fromAgentId, String toAgentId, String state) {
        // OPEN ends the link's repair schedule; FAILED keeps the one its last claim set.
        em.createNativeQuery("UPDATE relay_links SET state = ?1,"
                        + " attempts = CASE WHEN ?1 = 'OPEN' THEN 0 ELSE attempts END,"
                        + " retry_at = CASE WHEN ?1 = 'OPEN' THEN NULL ELSE retry_at END"
                        + " WHERE conference_id = ?2 AND from_agent_id = ?3 AND to_agent_id = ?4")
                .setParameter(1, state).setParameter(2, conferenceId).setParameter(3, fromAgentId)
                .setParameter(4, toAgentId).executeUpdate();
    }

    @Override
    @Transactional
    public List<RelayRetry> claimRelayRetries(Instant now, Duration stuckAfter, Duration maxBackoff, int batch) {
        // power(2, attempts) capped in SQL mirrors ConferenceStore.backoff; SKIP LOCKED keeps replicas apart.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE relay_links r SET state = 'OPENING',"
                        + " attempts = r.attempts + 1, retry_at = CAST(?1 AS timestamptz) + make_interval(secs => ?2"
                        + " + LEAST(?3, power(2, LEAST(r.attempts + 1, 20))))"
                        + " WHERE r.id IN (SELECT id FROM relay_links WHERE"
                        + " COALESCE(retry_at, CASE WHEN state = 'OPEN' THEN 'infinity'::timestamptz"
                        + " ELSE created_at + make_interval(secs => ?2) END) <= CAST(?1 AS timestamptz)"
                        + " ORDER BY COALESCE(retry_at, created_at) LIMIT ?4 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING r.conference_id, r.from_agent_id, r.to_agent_id, r.attempts")
                .setParameter(1, now).setParameter(2, (double) stuckAfter.toSeconds())
                .setParameter(3, (double) maxBackoff.toSeconds()).setParameter(4, batch)
                .getResultList();
        return rows.stream().map(row -> new RelayRetry((String) row[0],
                new RelayLink((String) row[1], (String) row[2], RelayLink.OPENING), ((Number) row[3]).intValue()))
                .toList();
    }

    @Override
    @Transactional
    public int reopenRelaysOf(String conferenceId, String agentId, Instant now) {
        return em.createNativeQuery("UPDATE relay_links SET retry_at = ?1 WHERE conference_id = ?2"
                        + " AND (from_agent_id = ?3 OR to_agent_id = ?3)")
                .setParameter(1, now).setParameter(2, conferenceId).setParameter(3, agentId).executeUpdate();
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    /** Creates the conference row if missing (racing replicas both succeed), then locks it. */
    private ConferenceEntity lockCreating(String conferenceId) {
        Instant now = clock.instant();
        em.createNativeQuery("INSERT INTO conferences (conference_id, created_at, updated_at, decision_count)"
                        + " VALUES (?1, ?2, ?2, 0) ON CONFLICT (conference_id) DO NOTHING")
                .setParameter(1, conferenceId).setParameter(2, now).executeUpdate();
        return em.find(ConferenceEntity.class, conferenceId, LockModeType.PESSIMISTIC_WRITE);
    }

    private ConferenceView load(String conferenceId) {
        List<ConferenceAgent> agents = em.createQuery(
                        "from ConferenceAgentEntity where conferenceId = :c order by id", ConferenceAgentEntity.class)
                .setParameter("c", conferenceId).getResultStream().map(ConferenceAgentEntity::toRecord).toList();
        List<ParticipantRecord> participants = em.createQuery(
                        "from ParticipantEntity where conferenceId = :c order by id", ParticipantEntity.class)
                .setParameter("c", conferenceId).getResultStream().map(ParticipantEntity::toRecord).toList();
        List<RelayLink> links = em.createQuery(
                        "from RelayLinkEntity where conferenceId = :c order by id", RelayLinkEntity.class)
                .setParameter("c", conferenceId).getResultStream().map(RelayLinkEntity::toRecord).toList();
        return new ConferenceView(conferenceId, agents, participants, links);
    }

    private void write(String conferenceId, ConferenceView current, ConferenceChange change, Instant now) {
        for (ConferenceAgent agent : change.addedAgents()) {
            ConferenceAgentEntity entity = new ConferenceAgentEntity();
            entity.conferenceId = conferenceId;
            entity.agentId = agent.agentId();
            entity.region = agent.region();
            entity.addedAt = agent.addedAt();
            em.persist(entity);
        }
        em.flush();
        for (ParticipantRecord participant : change.upsert()) {
            // Only a participant the view already has can exist; skip the lookup for newcomers.
            List<ParticipantEntity> existing = current.participant(participant.participantId()).isEmpty() ? List.of()
                    : em.createQuery("from ParticipantEntity where conferenceId = :c and participantId = :p",
                            ParticipantEntity.class)
                    .setParameter("c", conferenceId).setParameter("p", participant.participantId()).getResultList();
            ParticipantEntity entity = existing.isEmpty() ? new ParticipantEntity() : existing.get(0);
            entity.conferenceId = conferenceId;
            entity.participantId = participant.participantId();
            entity.agentId = participant.agentId();
            entity.region = participant.region();
            entity.country = participant.country();
            entity.locationSource = participant.locationSource();
            entity.joinedAt = participant.joinedAt();
            if (existing.isEmpty()) {
                em.persist(entity);
            }
        }
        if (!change.removedParticipants().isEmpty()) {
            em.createQuery("delete from ParticipantEntity where conferenceId = :c and participantId in :p")
                    .setParameter("c", conferenceId).setParameter("p", change.removedParticipants()).executeUpdate();
        }
        for (RelayLink link : change.removedLinks()) {
            em.createQuery("delete from RelayLinkEntity where conferenceId = :c and fromAgentId = :f and toAgentId = :t")
                    .setParameter("c", conferenceId).setParameter("f", link.fromAgentId())
                    .setParameter("t", link.toAgentId()).executeUpdate();
        }
        em.flush();
        if (!change.removedAgents().isEmpty()) {
            em.createQuery("delete from ConferenceAgentEntity where conferenceId = :c and agentId in :a")
                    .setParameter("c", conferenceId).setParameter("a", change.removedAgents()).executeUpdate();
        }
        for (RelayLink link : change.addedLinks()) {
            RelayLinkEntity entity = new RelayLinkEntity();
            entity.conferenceId = conferenceId;
            entity.fromAgentId = link.fromAgentId();
            entity.toAgentId = link.toAgentId();
            entity.state = link.state();
            entity.createdAt = now;
            em.persist(entity);
        }
        em.flush();
    }
}
