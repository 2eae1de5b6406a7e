package io.meridian.controller.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.controller.api.UnauthorizedException;
import io.meridian.controller.support.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantVerifierTest {
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String OLD_SECRET = "the-old-secret-being-rotated-out-0123456789";
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Application app = new Application(Grants.APP, List.of(new AppSecret("s-new", Grants.SECRET, NOW),
            new AppSecret("s-old", OLD_SECRET, NOW)), true);
    final GrantVerifier verifier = new GrantVerifier(new Applications(Map.of(Grants.APP, app),
            new InMemoryAccessStore(), Clock.fixed(NOW, ZoneOffset.UTC)), new Refusals(meters),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private String grant(List<String> permissions, Instant issued, Duration lifetime, String secret) {
        return Grants.sign(Grants.claims(Grants.APP, "room-1", "alice", permissions, issued, lifetime), secret);
    }

    private String valid() {
        return grant(List.of("publish", "subscribe"), NOW, Duration.ofMinutes(10), Grants.SECRET);
    }

    @Test
    void acceptsAGrantSignedWithEitherOfTheApplicationsTwoSecrets() {
        Grant grant = verifier.verify(valid(), "room-1");
        assertThat(grant.identity()).isEqualTo("alice");
        assertThat(grant.apiKey()).isEqualTo(Grants.APP);
        assertThat(grant.permissions()).containsExactlyInAnyOrder(Permission.PUBLISH, Permission.SUBSCRIBE);
        Grant rotated = verifier.verify(grant(List.of("subscribe"), NOW, Duration.ofMinutes(10), OLD_SECRET), "room-1");
        assertThat(rotated.permissions()).containsExactly(Permission.SUBSCRIBE);
    }

    @Test
    void refusesAGrantSignedWithAnotherSecret() {
        String forged = grant(List.of("publish"), NOW, Duration.ofMinutes(10), "an-attackers-own-secret-0123456789abcdef");
        assertRefused(forged, "signature does not verify", "grant_bad_signature");
    }

    @Test
    void refusesAnExpiredGrantAndOneThatIsNotYetValid() {
        assertRefused(grant(List.of("publish"), NOW.minus(Duration.ofHours(2)), Duration.ofHours(1), Grants.SECRET),
                "expired", "grant_expired");
        String future = Grants.sign(Grants.claims(Grants.APP, "room-1", "alice", List.of("publish"), NOW,
                Duration.ofHours(1)).claim("nbf", NOW.plus(Duration.ofMinutes(5)).getEpochSecond()), Grants.SECRET);
        assertRefused(future, "not valid before", "grant_not_yet_valid");
    }

    @Test
    void refusesAGrantLivingLongerThanADay() {
        assertRefused(grant(List.of("publish"), NOW, Duration.ofHours(25), Grants.SECRET), "longer than 24 h",
                "grant_too_long");
    }

    @Test
    void aValidGrantForAnotherConferenceIsForbidden() {
        assertThatThrownBy(() -> verifier.verify(valid(), "room-2")).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("'room-1', not 'room-2'");
        assertThat(count("grant_wrong_conference")).isEqualTo(1);
    }

    @Test
    void refusesUnknownIssuersAlgorithmsAndMalformedClaims() {
        assertRefused(Grants.sign(Grants.claims("nobody", "room-1", "alice", List.of("publish"), NOW,
                Duration.ofMinutes(5)), Grants.SECRET), "not a known application", "grant_unknown_application");
        // alg "none": header {"alg":"none"} with the real claims and no signature.
        String[] parts = valid().split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        assertRefused(none, "HS256", "grant_malformed");
        assertRefused(grant(List.of("publish", "root"), NOW, Duration.ofMinutes(5), Grants.SECRET), "unknown entry",
                "grant_malformed");
        assertRefused(Grants.sign(Grants.claims(Grants.APP, "room-1", "bad id", List.of("publish"), NOW,
                Duration.ofMinutes(5)), Grants.SECRET), "sub must be", "grant_malformed");
        assertRefused("not-a-jwt", "well-formed", "grant_malformed");
        assertRefused("x".repeat(9000), "longer than", "grant_malformed");
    }

    @Test
    void aMissingOrNonBearerHeaderIsUnauthorized() {
        assertThatThrownBy(() -> verifier.verifyHeader(null, "room-1")).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Authorization: Bearer <grant>");
        assertThatThrownBy(() -> verifier.verifyHeader("Basic " + valid(), "room-1"))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(verifier.verifyHeader("Bearer " + valid(), "room-1").identity()).isEqualTo("alice");
        assertThat(count("grant_missing")).isEqualTo(1);
    }

    @Test
    void refusalMessagesNeverEchoTheGrant() {
        String forged = grant(List.of("publish"), NOW, Duration.ofMinutes(10), "an-attackers-own-secret-0123456789abcdef");
        assertThatThrownBy(() -> verifier.verify(forged, "room-1"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(forged.split("\\.")[1]));
    }

    private void assertRefused(String grant, String message, String reason) {
        double before = count(reason);
        assertThatThrownBy(() -> verifier.verify(grant, "room-1")).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining(message);
        assertThat(count(reason)).isEqualTo(before + 1);
    }

    private double count(String reason) {
        var counter = meters.find("meridian.refusals").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
