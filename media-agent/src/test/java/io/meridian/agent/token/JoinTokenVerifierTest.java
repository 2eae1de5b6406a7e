package io.meridian.agent.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.token.InvalidTokenException.Reason;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinTokenVerifierTest {

    private static final long NOW = 1_760_000_000L;
    private static final String AGENT = "agent-a";

    private KeyPair keys;
    private JoinTokenVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        keys = TestTokens.ed25519();
        verifier = verifierAt(NOW);
        verifier.useKey(keys.getPublic().getEncoded(), "EdDSA", "meridian");
    }

    private static JoinTokenVerifier verifierAt(long epochSecond) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return new JoinTokenVerifier(AGENT, clock, Duration.ofSeconds(5));
    }

    private String token(Map<String, Object> claims) throws Exception {
        return TestTokens.sign(keys, "EdDSA", claims);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(124);
                });
    }

    @Test
    void acceptsAValidEd25519TokenAndReturnsItsClaims() throws Exception {
        String token = token(TestTokens.claims(AGENT, NOW - 10));
        JoinClaims claims = verifier.verify(token);

        assertThat(claims).isEqualTo(new JoinClaims("conference-1", "participant-1", AGENT,
                Instant.ofEpochSecond(NOW + 110), "j-1", true, true, token));
        assertThat(claims.toString()).doesNotContain(token);
    }

    @Test
    void readsMediaPermissionsFromPermAndRefusesATokenWithoutIt() throws Exception {
        Map<String, Object> subscribeOnly = TestTokens.claims(AGENT, NOW);
        subscribeOnly.put("perm", java.util.List.of("subscribe", "something-newer"));
        JoinClaims claims = verifier.verify(token(subscribeOnly));
        assertThat(claims.mayPublish()).isFalse();
        assertThat(claims.maySubscribe()).isTrue();

        Map<String, Object> none = TestTokens.claims(AGENT, NOW);
        none.remove("perm");
        assertRefused(() -> verifier.verify(token(none)), Reason.MALFORMED,
                "malformed token: claim perm missing or invalid");
        Map<String, Object> noId = TestTokens.claims(AGENT, NOW);
        noId.remove("jti");
        assertRefused(() -> verifier.verify(token(noId)), Reason.MALFORMED,
                "malformed token: claim jti missing or invalid");
    }

    @Test
    void acceptsAValidEs256TokenWhenTheKeyIsEc() throws Exception {
        KeyPair ec = TestTokens.p256();
        verifier.useKey(ec.getPublic().getEncoded(), "ES256", "meridian");

        JoinClaims claims = verifier.verify(TestTokens.sign(ec, "ES256", TestTokens.claims(AGENT, NOW)));

        assertThat(claims.participantId()).isEqualTo("participant-1");
    }

    @Test
    void infersTheAlgorithmFromTheKeyWhenWelcomeLeavesItEmpty() throws Exception {
        KeyPair ec = TestTokens.p256();
        verifier.useKey(ec.getPublic().getEncoded(), "", "meridian");

        assertThat(verifier.verify(TestTokens.sign(ec, "ES256", TestTokens.claims(AGENT, NOW))).agentId())
                .isEqualTo(AGENT);
    }

    @Test
    void refusesATamperedPayloadAsABadSignature() throws Exception {
        String good = token(TestTokens.claims(AGENT, NOW));
        Map<String, Object> forged = TestTokens.claims(AGENT, NOW);
        forged.put("conf", "someone-elses-conference");
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + TestTokens.encode(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(forged)) + "." + parts[2];

        assertRefused(() -> verifier.verify(tampered), Reason.BAD_SIGNATURE, "bad token signature");
    }

    @Test
    void acceptsATokenSignedUnderAnyReplicasKey() throws Exception {
        KeyPair other = TestTokens.ed25519();
        JoinTokenVerifier multi = verifierAt(NOW);
        multi.useKey("replica-a", keys.getPublic().getEncoded(), "EdDSA", "meridian");
        multi.useKey("replica-b", other.getPublic().getEncoded(), "EdDSA", "meridian");

        assertThat(multi.verify(token(TestTokens.claims(AGENT, NOW))).agentId()).isEqualTo(AGENT);
        assertThat(multi.verify(TestTokens.sign(other, "EdDSA", TestTokens.claims(AGENT, NOW))).agentId())
                .isEqualTo(AGENT);
    }

    @Test
    void refusesTokensUnderTheKeyOfAForgottenReplica() throws Exception {
        KeyPair other = TestTokens.ed25519();
        JoinTokenVerifier multi = verifierAt(NOW);
        multi.useKey("replica-a", keys.getPublic().getEncoded(), "EdDSA", "meridian");
        multi.useKey("replica-b", other.getPublic().getEncoded(), "EdDSA", "meridian");

        multi.forgetKey("replica-b");

        String fromB = TestTokens.sign(other, "EdDSA", TestTokens.claims(AGENT, NOW));
        assertRefused(() -> multi.verify(fromB), Reason.BAD_SIGNATURE, "bad token signature");
        assertThat(multi.verify(token(TestTokens.claims(AGENT, NOW))).agentId()).isEqualTo(AGENT);
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws Exception {
        String foreign = TestTokens.sign(TestTokens.ed25519(), "EdDSA", TestTokens.claims(AGENT, NOW));

        assertRefused(() -> verifier.verify(foreign), Reason.BAD_SIGNATURE, "bad token signature");
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        String token = token(TestTokens.claims(AGENT, NOW - 126));

        assertRefused(() -> verifier.verify(token), Reason.EXPIRED, "token expired");
    }

    @Test
    void toleratesClockSkewWithinTheLeewayOnExpiry() throws Exception {
        String token = token(TestTokens.claims(AGENT, NOW - 124));

        assertThat(verifier.verify(token).expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW - 4));
    }

    @Test
    void refusesATokenIssuedInTheFuture() throws Exception {
        String token = token(TestTokens.claims(AGENT, NOW + 60));

        assertRefused(() -> verifier.verify(token), Reason.NOT_YET_VALID, "token issued in the future");
    }

    @Test
    void refusesATokenWhoseNotBeforeIsAhead() throws Exception {
        Map<String, Object> claims = TestTokens.claims(AGENT, NOW);
        claims.put("nbf", NOW + 30);

        String token = token(claims);
        assertRefused(() -> verifier.verify(token), Reason.NOT_YET_VALID, "token not valid yet");
    }

    @Test
    void refusesATokenIssuedForAnotherAgent() throws Exception {
        String token = token(TestTokens.claims("agent-b", NOW));

        assertRefused(() -> verifier.verify(token), Reason.OTHER_AGENT, "token issued for another agent");
    }

    @Test
    void refusesATokenFromAnotherIssuer() throws Exception {
        Map<String, Object> claims = TestTokens.claims(AGENT, NOW);
        claims.put("iss", "impostor");

        String token = token(claims);
        assertRefused(() -> verifier.verify(token), Reason.WRONG_ISSUER, "token from an unknown issuer");
    }

    @Test
    void refusesAWrongAlgorithmEvenWithAValidSignatureForIt() throws Exception {
        KeyPair ec = TestTokens.p256();
        String es256 = TestTokens.sign(ec, "ES256", TestTokens.claims(AGENT, NOW));

        assertRefused(() -> verifier.verify(es256), Reason.UNSUPPORTED_ALGORITHM,
                "token algorithm not accepted: expected EdDSA");
    }

    @Test
    void refusesAnUnsignedAlgNoneToken() throws Exception {
        String unsigned = TestTokens.encode("{\"alg\":\"none\"}") + "."
                + TestTokens.encode(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(TestTokens.claims(AGENT, NOW))) + ".";

        assertRefused(() -> verifier.verify(unsigned), Reason.UNSUPPORTED_ALGORITHM,
                "token algorithm not accepted: expected EdDSA");
    }

    @Test
    void refusesGarbageAsMalformed() {
        assertRefused(() -> verifier.verify("not a token"), Reason.MALFORMED,
                "malformed token: not a compact JWS");
        assertRefused(() -> verifier.verify("a.b.c.d"), Reason.MALFORMED, "malformed token: not a compact JWS");
        assertRefused(() -> verifier.verify("!!!.e30.AAAA"), Reason.MALFORMED,
                "malformed token: bad base64url header");
        assertRefused(() -> verifier.verify(TestTokens.encode("[1,2]") + ".e30.AAAA"), Reason.MALFORMED,
                "malformed token: header is not a JSON object");
        assertRefused(() -> verifier.verify(TestTokens.encode("{\"alg\":") + ".e30.AAAA"), Reason.MALFORMED,
                "malformed token: header is not valid JSON");
        assertRefused(() -> verifier.verify(""), Reason.MALFORMED, "token missing");
        assertRefused(() -> verifier.verify(null), Reason.MALFORMED, "token missing");
        assertRefused(() -> verifier.verify("a".repeat(5000)), Reason.MALFORMED, "malformed token: too long");
    }

    @Test
    void refusesASignedTokenMissingARequiredClaim() throws Exception {
        Map<String, Object> claims = TestTokens.claims(AGENT, NOW);
        claims.remove("conf");

        String token = token(claims);
        assertRefused(() -> verifier.verify(token), Reason.MALFORMED,
                "malformed token: claim conf missing or invalid");
    }

    @Test
    void refusesASignedTokenWithATextualExpiry() throws Exception {
        Map<String, Object> claims = TestTokens.claims(AGENT, NOW);
        claims.put("exp", "tomorrow");

        String token = token(claims);
        assertRefused(() -> verifier.verify(token), Reason.MALFORMED,
                "malformed token: claim exp is not a date");
    }

    @Test
    void refusesEverythingUntilTheControllerSentAKey() throws Exception {
        JoinTokenVerifier fresh = verifierAt(NOW);
        String token = token(TestTokens.claims(AGENT, NOW));

        assertThat(fresh.hasKey()).isFalse();
        assertRefused(() -> fresh.verify(token), Reason.NO_KEY,
                "no token key yet: agent not connected to the controller");
    }

    @Test
    void rejectsAKeyThatDoesNotFitTheAnnouncedAlgorithmAndKeepsThePreviousOne() throws Exception {
        byte[] ecKey = TestTokens.p256().getPublic().getEncoded();

        assertThatThrownBy(() -> verifier.useKey(ecKey, "EdDSA", "meridian"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EdDSA needs an Ed25519 key");
        assertThatThrownBy(() -> verifier.useKey(new byte[] {1, 2, 3}, "EdDSA", "meridian"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Ed25519 or EC");
        assertThat(verifier.verify(token(TestTokens.claims(AGENT, NOW))).agentId()).isEqualTo(AGENT);
    }
}
