package io.meridian.controller.fleet;

import io.meridian.controller.config.MeridianConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Which controller replicas still hear which agents ({@code agent_presence}), so that a replica whose own stream
 * to an agent ended does not evict an agent another replica still serves. Each replica upserts its row per agent
 * at most once per presence-interval, off the report path; times are the database's clock, so replicas' clocks
 * need not agree. Without a database (single node) nothing is recorded and no other replica exists.
 */
@Singleton
public class AgentPresence {
    private static final Logger LOG = Logger.getLogger(AgentPresence.class);
    /** Rows of replicas gone for this long are deleted. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final DataSource db;
    private final String replicaId;
    private final Duration writeEvery;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastWritten = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "meridian-agent-presence");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public AgentPresence(MeridianConfig config, Instance<DataSource> db, Clock clock) {
        this(config.db().url().filter(url -> !url.isBlank()).isPresent() ? db.get() : null,
                UUID.randomUUID().toString(), config.agent().presenceInterval(), clock);
    }

    /** For tests: {@code db} null records nothing. */
    public AgentPresence(DataSource db, String replicaId, Duration writeEvery, Clock clock) {
        this.db = db;
        this.replicaId = replicaId;
        this.writeEvery = writeEvery;
        this.clock = clock;
    }

    /** This replica's id in {@code agent_presence} (random per process). */
    public String replicaId() {
        return replicaId;
    }

    /** This replica hears {@code agentId} now (a Hello or a report); recorded at most once per interval. */
    public void seen(String agentId) {
        if (db == null) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastWritten.get(agentId);
        if (last != null && now.isBefore(last.plus(writeEvery))) {
            return;
        }
        lastWritten.put(agentId, now);
        try {
            writer.execute(() -> upsert(agentId));
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing more to record.
        }
    }

    /**
     * True when a replica other than this one saw {@code agentId} within {@code window}. Without a database,
     * false. When the database does not answer, true: nobody is evicted on a guess (the caller re-checks later).
     */
    public boolean seenElsewhere(String agentId, Duration window) {
        if (db == null) {
            return false;
        }
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT 1 FROM agent_presence WHERE agent_id = ?"
                     + " AND replica_id <> ? AND seen_at > now() - make_interval(secs => ?)")) {
            select.setString(1, agentId);
            select.setString(2, replicaId);
            select.setDouble(3, window.toMillis() / 1000.0);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            LOG.warnf("agent %s: presence not readable (SQLSTATE %s); not evicting for now", agentId,
                    e.getSQLState());
            return true;
        }
    }

    private void upsert(String agentId) {
        try (Connection c = db.getConnection();
             PreparedStatement upsert = c.prepareStatement("INSERT INTO agent_presence (agent_id, replica_id,"
                     + " seen_at) VALUES (?, ?, now())"
                     + " ON CONFLICT (agent_id, replica_id) DO UPDATE SET seen_at = now()")) {
            upsert.setString(1, agentId);
            upsert.setString(2, replicaId);
            upsert.executeUpdate();
        } catch (SQLException e) {
            // The next report after the interval tries again.
            lastWritten.remove(agentId);
            LOG.debugf("agent %s: presence not recorded (SQLSTATE %s)", agentId, e.getSQLState());
        }
    }

    /** Deletes the rows of replicas (and agents) not heard of for an hour. */
    @Scheduled(every = "10m", delayed = "1m", identity = "agent-presence-purge")
    void purge() {
        if (db == null) {
            return;
        }
        try (Connection c = db.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM agent_presence WHERE seen_at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, FORGET_AFTER.toSeconds());
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("agent presence purge failed (SQLSTATE %s)", e.getSQLState());
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }
}
