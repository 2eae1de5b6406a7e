package io.meridian.controller.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void signsExpiryAndParticipantTheWayCoturnsAuthSecretChecksThem() {
        TurnCredentials turn = new TurnCredentials(List.of("turn:turn.example:3478?transport=tcp"), "north",
                Duration.ofHours(1), clock);
        IceServer s = turn.issue("alice");
        assertThat(s.urls()).containsExactly("turn:turn.example:3478?transport=tcp");
        assertThat(s.username()).isEqualTo("1700003600:alice");
        // base64(HMAC-SHA1("north", "1700003600:alice")), computed independently with openssl
        assertThat(s.credential()).isEqualTo(EXPECTED);
    }

    @Test
    void keepsTheSecretOutOfEveryString() {
        TurnCredentials turn = new TurnCredentials(List.of("turns:t.example:443"), "hunter2-secret",
                Duration.ofMinutes(10), clock);
        assertThat(turn.toString()).doesNotContain("hunter2");
        IceServer s = turn.issue("bob");
        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain(s.credential());
    }

    @Test
    void refusesUrlsThatAreNotTurnAndAMissingSecret() {
        assertThatThrownBy(() -> new TurnCredentials(List.of("stun:x.example"), "s", Duration.ofHours(1), clock))
                .hasMessageContaining("not a turn: or turns: URL");
        assertThatThrownBy(() -> new TurnCredentials(List.of("turn:x.example"), "", Duration.ofHours(1), clock))
                .hasMessageContaining("secret is empty");
        assertThatThrownBy(() -> new TurnCredentials(List.of("turn:x.example"), "s", Duration.ZERO, clock))
                .hasMessageContaining("lifetime");
    }

    private static final String EXPECTED = "wjwSXO2ch1B6VaLTLMy2Avn5O9o=";
}
