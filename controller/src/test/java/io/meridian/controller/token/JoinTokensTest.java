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
import org.junit.jupiter.api.Test;

class JoinTokensTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void signsACompactEdDsaJwsWithTheAgreedClaims() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JoinTokens tokens = new JoinTokens(keys, Duration.ofSeconds(120), CLOCK);
        String token = tokens.issue("conf-1", "alice", "agent-7");
        JsonNode header = Tokens.header(token);
        assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        JsonNode claims = Tokens.verify(token, tokens.publicKeyDer());
        assertThat(claims.path("iss").asText()).isEqualTo("meridian");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("conf").asText()).isEqualTo("conf-1");
        assertThat(claims.path("agent").asText()).isEqualTo("agent-7");
        assertThat(claims.path("iat").asLong()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(CLOCK.instant().getEpochSecond() + 120);
        assertThat(claims.path("jti").asText()).isNotEqualTo(Tokens.verify(tokens.issue("conf-1", "alice", "agent-7"),
                tokens.publicKeyDer()).path("jti").asText());
    }

    @Test
    void aTamperedTokenDoesNotVerify() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JoinTokens tokens = new JoinTokens(keys, Duration.ofSeconds(120), CLOCK);
        String[] parts = tokens.issue("conf-1", "alice", "agent-7").split("\\.");
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
