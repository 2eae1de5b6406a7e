package io.meridian.controller.fleet;

import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.persistence.StoreUnavailableException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which agents the operator drained: in PostgreSQL ({@code agent_drains}) when the controller has a database, so
 * a drain survives restarts and every replica applies it; else in memory. Reads go to a local copy refreshed by
 * {@link #refresh()} (the replicas' drain sync), so a join never waits on this table.
 */
@Singleton
public class DrainedAgents {
    private final DataSource db;
    private final Clock clock;
    private volatile Set<String> drained = Set.of();

    @Inject
    public DrainedAgents(MeridianConfig config, Instance<DataSource> db, Clock clock) {
        this(config.db().url().filter(url -> !url.isBlank()).isPresent() ? db.get() : null, clock);
    }

    /** For tests: {@code db} null keeps drains in memory. */
    public DrainedAgents(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
        refresh();
    }

    /** True when the operator drained the agent (as of the last refresh or local change). */
    public boolean isDrained(String agentId) {
        return drained.contains(agentId);
    }

    /** Every drained agent, re-read from the store. */
    public Set<String> refresh() {
        if (db != null) {
            try (Connection c = db.getConnection();
                 PreparedStatement select = c.prepareStatement("SELECT agent_id FROM agent_drains");
                 ResultSet rows = select.executeQuery()) {
                Set<String> read = new HashSet<>();
                while (rows.next()) {
                    read.add(rows.getString(1));
                }
                drained = Set.copyOf(read);
            } catch (SQLException e) {
                // Keep the last known set: a brief outage must not undrain anyone.
                throw new StoreUnavailableException("the database did not answer (SQLSTATE " + e.getSQLState() + ")");
            }
        }
        return drained;
    }

    /** Records a drain. */
    public void drain(String agentId) {
        write("INSERT INTO agent_drains (agent_id, drained_at) VALUES (?, ?) ON CONFLICT DO NOTHING", agentId);
        Set<String> next = new HashSet<>(drained);
        next.add(agentId);
        drained = Set.copyOf(next);
    }

    /** Records an undrain. */
    public void undrain(String agentId) {
        write("DELETE FROM agent_drains WHERE agent_id = ?", agentId);
        Set<String> next = new HashSet<>(drained);
        next.remove(agentId);
        drained = Set.copyOf(next);
    }

    private void write(String sql, String agentId) {
        if (db == null) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, agentId);
            if (sql.startsWith("INSERT")) {
                statement.setTimestamp(2, Timestamp.from(clock.instant()));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("the database did not answer (SQLSTATE " + e.getSQLState() + ")");
        }
    }
}
