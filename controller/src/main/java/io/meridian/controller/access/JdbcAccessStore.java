package io.meridian.controller.access;

import io.meridian.controller.join.NotFoundException;
import io.meridian.controller.persistence.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Applications and conference owners in PostgreSQL (schema V4), shared by every replica. Plain JDBC. */
public class JdbcAccessStore implements AccessStore {
    private static final String SELECT_SECRETS =
            "SELECT api_key, secret_id, secret, created_at FROM application_secrets";

    private final DataSource db;
    private final Clock clock;

    public JdbcAccessStore(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<Application> application(String apiKey) {
        return query(SELECT_SECRETS + " WHERE api_key = ? ORDER BY created_at, secret_id", apiKey).stream()
                .findFirst();
    }

    @Override
    public List<Application> applications() {
        return query(SELECT_SECRETS + " ORDER BY api_key, created_at, secret_id", null);
    }

    @Override
    public Application create(String apiKey, AppSecret secret) {
        return transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO applications (api_key, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, apiKey);
                insert.setTimestamp(2, Timestamp.from(clock.instant()));
                if (insert.executeUpdate() == 0) {
                    throw new ConflictException("application '" + apiKey + "' exists");
                }
            }
            insertSecret(c, apiKey, secret);
            return new Application(apiKey, List.of(secret), false);
        });
    }

    @Override
    public Application addSecret(String apiKey, AppSecret secret) {
        return transaction(c -> {
            int count = lockAndCount(c, apiKey);
            if (count >= Application.MAX_SECRETS) {
                throw new ConflictException("application '" + apiKey + "' already has " + Application.MAX_SECRETS
                        + " secrets: remove the old one first");
            }
            insertSecret(c, apiKey, secret);
            return null;
        }, apiKey);
    }

    @Override
    public Application removeSecret(String apiKey, String secretId) {
        return transaction(c -> {
            if (lockAndCount(c, apiKey) <= 1) {
                throw new ConflictException("secret '" + secretId + "' is the application's last: add another first");
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM application_secrets WHERE api_key = ? AND secret_id = ?")) {
                delete.setString(1, apiKey);
                delete.setString(2, secretId);
                if (delete.executeUpdate() == 0) {
                    throw new NotFoundException("application '" + apiKey + "' has no secret '" + secretId + "'");
                }
            }
            return null;
        }, apiKey);
    }

    @Override
    public boolean delete(String apiKey) {
        return transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM applications WHERE api_key = ?")) {
                delete.setString(1, apiKey);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public String claimConference(String conferenceId, String apiKey) {
        // One round trip: insert if absent, else read the existing owner. A claim racing ours commits between
        // our insert (which then does nothing) and our read (whose snapshot predates it): read again.
        for (int attempt = 0; attempt < 3; attempt++) {
            String owner = claimOnce(conferenceId, apiKey);
            if (owner != null) {
                return owner;
            }
        }
        throw new StoreUnavailableException("the conference's owner could not be settled; try again");
    }

    private String claimOnce(String conferenceId, String apiKey) {
        return transaction(c -> {
            try (PreparedStatement claim = c.prepareStatement("""
                    WITH claimed AS (
                        INSERT INTO conference_owners (conference_id, api_key, claimed_at) VALUES (?, ?, ?)
                        ON CONFLICT (conference_id) DO NOTHING RETURNING api_key)
                    SELECT api_key FROM claimed
                    UNION ALL SELECT api_key FROM conference_owners WHERE conference_id = ?
                    LIMIT 1""")) {
                claim.setString(1, conferenceId);
                claim.setString(2, apiKey);
                claim.setTimestamp(3, Timestamp.from(clock.instant()));
                claim.setString(4, conferenceId);
                try (ResultSet rows = claim.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    @Override
    public Optional<String> owner(String conferenceId) {
        return transaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT api_key FROM conference_owners WHERE conference_id = ?")) {
                select.setString(1, conferenceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public int forgetConferences(List<String> conferenceIds) {
        if (conferenceIds.isEmpty()) {
            return 0;
        }
        return transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM conference_owners WHERE conference_id = ANY (?)")) {
                delete.setArray(1, c.createArrayOf("varchar", conferenceIds.toArray()));
                return delete.executeUpdate();
            }
        });
    }

    private int lockAndCount(Connection c, String apiKey) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT api_key FROM applications WHERE api_key = ? FOR UPDATE")) {
            lock.setString(1, apiKey);
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    throw new NotFoundException("application '" + apiKey + "' does not exist");
                }
            }
        }
        try (PreparedStatement count = c.prepareStatement(
                "SELECT count(*) FROM application_secrets WHERE api_key = ?")) {
            count.setString(1, apiKey);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private void insertSecret(Connection c, String apiKey, AppSecret secret) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO application_secrets (api_key, secret_id, secret, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, apiKey);
            insert.setString(2, secret.id());
            insert.setString(3, secret.value());
            insert.setTimestamp(4, Timestamp.from(secret.createdAt()));
            insert.executeUpdate();
        }
    }

    private List<Application> query(String sql, String apiKey) {
        return transaction(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                if (apiKey != null) {
                    select.setString(1, apiKey);
                }
                Map<String, List<AppSecret>> byKey = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byKey.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(new AppSecret(
                                rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant()));
                    }
                }
                return byKey.entrySet().stream()
                        .map(e -> new Application(e.getKey(), e.getValue(), false)).toList();
            }
        });
    }

    /** Runs {@code work} in a transaction, then (when {@code reread} is given) returns that application. */
    private Application transaction(Work<Application> work, String reread) {
        transaction(work);
        return application(reread).orElseThrow(
                () -> new NotFoundException("application '" + reread + "' does not exist"));
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the database did not answer (SQLSTATE " + e.getSQLState() + ")");
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
