package io.meridian.agent.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.token.TokenLedger.Admission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenLedgerTest {
    private static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    private static JoinClaims token(String participant, String jti, Instant expiresAt) {
        return new JoinClaims("conference-1", participant, "agent-1", expiresAt, jti, true, true, "not-a-real-token");
    }

    @Test
    void admitsATokenOnceAndRefusesItsReplay() {
        TokenLedger ledger = new TokenLedger(clock, 10);
        JoinClaims alice = token("alice", "jti-1", T0.plusSeconds(300));
        assertThat(ledger.admit(alice)).isEqualTo(Admission.ADMITTED);
        assertThat(ledger.admit(alice)).isEqualTo(Admission.REPLAYED);
        clock.advance(Duration.ofSeconds(30)); // a sweep runs: the live token stays remembered
        assertThat(ledger.admit(alice)).isEqualTo(Admission.REPLAYED);
    }

    @Test
    void theSameJtiForAnotherParticipantIsAnotherToken() {
        TokenLedger ledger = new TokenLedger(clock, 10);
        assertThat(ledger.admit(token("alice", "jti-1", T0.plusSeconds(300)))).isEqualTo(Admission.ADMITTED);
        assertThat(ledger.admit(token("bob", "jti-1", T0.plusSeconds(300)))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void sweepsTokensLongExpiredButKeepsLiveOnes() {
        TokenLedger ledger = new TokenLedger(clock, 10);
        JoinClaims live = token("alice", "live", T0.plusSeconds(3600));
        ledger.admit(live);
        ledger.admit(token("bob", "short", T0.plusSeconds(5)));
        ledger.admit(token("carol", "short", T0.plusSeconds(5)));
        assertThat(ledger.size()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(2));
        assertThat(ledger.admit(token("dave", "new", T0.plusSeconds(3600)))).isEqualTo(Admission.ADMITTED);
        assertThat(ledger.size()).isEqualTo(2); // the two expired tokens were swept, alice's and dave's remain
        assertThat(ledger.admit(live)).isEqualTo(Admission.REPLAYED);
    }

    @Test
    void keepsAJustExpiredTokenForTheClockSkewMargin() {
        TokenLedger ledger = new TokenLedger(clock, 10);
        JoinClaims shortLived = token("alice", "jti-1", T0.plusSeconds(5));
        ledger.admit(shortLived);
        clock.advance(Duration.ofSeconds(30)); // expired 25 s ago: a verifier with leeway might still accept it
        assertThat(ledger.admit(shortLived)).isEqualTo(Admission.REPLAYED);
    }

    @Test
    void refusesNewTokensWhenFullOfLiveOnesRatherThanForgetAny() {
        TokenLedger ledger = new TokenLedger(clock, 3);
        JoinClaims first = token("p1", "a", T0.plusSeconds(3600));
        ledger.admit(first);
        ledger.admit(token("p2", "b", T0.plusSeconds(3600)));
        ledger.admit(token("p3", "c", T0.plusSeconds(3600)));
        assertThat(ledger.admit(token("p4", "d", T0.plusSeconds(3600)))).isEqualTo(Admission.FULL);
        clock.advance(Duration.ofMinutes(1));
        assertThat(ledger.admit(token("p4", "d", T0.plusSeconds(3600)))).isEqualTo(Admission.FULL);
        assertThat(ledger.size()).isEqualTo(3);
        assertThat(ledger.admit(first)).isNotEqualTo(Admission.ADMITTED);
    }

    @Test
    void admitsAgainOnceFullEntriesHaveExpired() {
        TokenLedger ledger = new TokenLedger(clock, 2);
        ledger.admit(token("p1", "a", T0.plusSeconds(10)));
        ledger.admit(token("p2", "b", T0.plusSeconds(10)));
        assertThat(ledger.admit(token("p3", "c", T0.plusSeconds(3600)))).isEqualTo(Admission.FULL);
        clock.advance(Duration.ofMinutes(5));
        assertThat(ledger.admit(token("p3", "c", T0.plusSeconds(3600)))).isEqualTo(Admission.ADMITTED);
        assertThat(ledger.size()).isEqualTo(1);
    }
}
