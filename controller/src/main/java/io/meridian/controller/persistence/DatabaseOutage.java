package io.meridian.controller.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached from a request the database refused: the first is answered 503 with
 * Retry-After (nothing was changed, the client may try again), the second stays a fault. Unreachable means a
 * connection-class SQLSTATE (class 08: the connection failed or was lost), the server shutting down or not yet
 * accepting connections (57P01–57P03), or the pool giving up waiting for a connection.
 */
public final class DatabaseOutage {
    private static final int MAX_CAUSES = 16;

    private DatabaseOutage() {
    }

    /** True when {@code failure}, or one of its causes, says the database could not be reached. */
    public static boolean isOutage(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unreachable(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                    && sql.getMessage().contains("acquisition timeout")) {
                return true; // Agroal: no connection became free (or could be opened) in time
            }
        }
        return false;
    }

    private static boolean unreachable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03"));
    }
}
