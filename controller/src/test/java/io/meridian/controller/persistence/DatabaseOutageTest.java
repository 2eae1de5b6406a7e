package io.meridian.controller.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aLostConnectionDeepInTheCauseChainIsAnOutage() {
        SQLException brokenPipe = new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new SocketException("Broken pipe"));
        assertThat(DatabaseOutage.isOutage(new PersistenceException("could not execute statement",
                new RuntimeException(brokenPipe)))).isTrue();
    }

    @Test
    void aServerShuttingDownOrStartingIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("the database system is starting up", "57P03"))).isTrue();
    }

    @Test
    void thePoolGivingUpWaitingIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new SQLException("Sorry, acquisition timeout!"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLTransientConnectionException("no connection"))).isTrue();
    }

    @Test
    void aRefusedStatementOrAnUnrelatedFailureIsNot() {
        assertThat(DatabaseOutage.isOutage(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseOutage.isOutage(a)).isFalse();
    }
}
