package io.meridian.controller.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void signsACompactEdDsaJwsWithTheAgreedClaims() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JoinTokens tokens = new JoinTokens(keys, Duration.ofSeconds(120), CLOCK);
        String token = tokens.issue("conf-1", "alice", "agent-7", List.of("subscribe"), "app-1");
        JsonNode header = Tokens.header(token);
        assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        JsonNode claims = Tokens.verify(token, tokens.publicKeyDer());
        assertThat(claims.path("iss").asText()).isEqualTo("meridian");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("conf").asText()).isEqualTo("conf-1");
        assertThat(claims.path("agent").asText()).isEqualTo("agent-7");
        assertThat(claims.path("perm").isArray()).isTrue();
        assertThat(claims.path("perm").get(0).asText()).isEqualTo("subscribe");
        assertThat(claims.path("perm").size()).isEqualTo(1);
        assertThat(claims.path("iat").asLong()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(CLOCK.instant().getEpochSecond() + 120);
        assertThat(claims.path("jti").asText()).isNotEqualTo(Tokens.verify(tokens.issue("conf-1", "alice", "agent-7", List.of("subscribe"), "app-1"),
                tokens.publicKeyDer()).path("jti").asText());
    }

    @Test
    void admitsOnlyItsOwnTokenForExactlyThatAgentConferenceAndParticipantEvenOnceExpired() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JoinTokens tokens = new JoinTokens(keys, Duration.ofSeconds(120), CLOCK);
        String token = tokens.issue("conf-1", "alice", "agent-7", List.of("publish", "subscribe"), "app-1");
        // CLOCK is in 2025: the token expired long ago, and still proves the admission.
        assertThat(tokens.admits(token, "agent-7", "conf-1", "alice")).contains("app-1");
        assertThat(tokens.admits(token, "agent-8", "conf-1", "alice")).isEmpty();
        assertThat(tokens.admits(token, "agent-7", "conf-2", "alice")).isEmpty();
        assertThat(tokens.admits(token, "agent-7", "conf-1", "bob")).isEmpty();
        assertThat(tokens.admits("", "agent-7", "conf-1", "alice")).isEmpty();
        assertThat(tokens.admits("not.a.token", "agent-7", "conf-1", "alice")).isEmpty();
        JoinTokens other = new JoinTokens(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(),
                Duration.ofSeconds(120), CLOCK);
        assertThat(other.admits(token, "agent-7", "conf-1", "alice")).isEmpty();
    }

    @Test
    void aSigningKeyGivenInlineOrUnreadableIsRefusedWithoutRepeatingIt() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKa6kYk1pD5ZQ3bVb0u0AR0gqvz5Xj1bq9mJ4WqSecret\n"
                + "-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> JoinTokens.loadOrGenerate(java.util.Optional.of(pem)))
                .hasMessageContaining("must be the path").satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("MC4CAQ");
                    assertThat(e.getCause()).isNull();
                });
        java.nio.file.Path garbage = java.nio.file.Files.createTempFile("signing", ".pem");
        java.nio.file.Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IFNlY3JldA==\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> JoinTokens.loadOrGenerate(java.util.Optional.of(garbage.toString())))
                .hasMessageContaining("not an Ed25519 PKCS#8 PEM key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bm90IGEga2V5"));
        assertThatThrownBy(() -> JoinTokens.loadOrGenerate(java.util.Optional.of("/nonexistent/key.pem")))
                .hasMessageContaining("cannot read").hasMessageContaining("PKCS#8 PEM file");
        // A key pasted as one bare base64 line reads as a (missing) path: refused without repeating it.
        String bare = "MC4CAQAwBQYDK2VwBCIEIKa6kYk1pD5ZQ3bVb0u0AR0gqvz5Xj1bq9mJ4WqSecret";
        assertThatThrownBy(() -> JoinTokens.loadOrGenerate(java.util.Optional.of(bare)))
                .hasMessageContaining("cannot read")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MC4CAQ"));
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JoinTokens tokens = new JoinTokens(keys, Duration.ofSeconds(120), CLOCK);
        String[] parts = tokens.issue("conf-1", "alice", "agent-7", List.of("subscribe"), "app-1").split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("agent-7", "agent-8").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Tokens.verify(parts[0] + "." + forged + "." + parts[2], tokens.publicKeyDer()))
                .hasMessageContaining("bad signature");
    }

    @Test
    void readsAPkcs8PemKeyAndDerivesItsPublicKey() throws Exception {
        KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generated.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        KeyPair read = Ed25519Keys.fromPkcs8Pem(pem);
        assertThat(read.getPublic().getEncoded()).isEqualTo(generated.getPublic().getEncoded());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(read.getPrivate());
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(generated.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void rejectsTextThatIsNotAPrivateKey() {
        assertThatThrownBy(() -> Ed25519Keys.fromPkcs8Pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE KEY");
    }
}
