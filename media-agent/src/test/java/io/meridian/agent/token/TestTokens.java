package io.meridian.agent.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mints compact JWS join tokens the way the controller does, for tests. */
final class TestTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Claims as the controller issues them: iss, sub, conf, agent, iat, exp = iat + 120, jti, perm. */
    static Map<String, Object> claims(String agent, long iat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "meridian");
        claims.put("sub", "participant-1");
        claims.put("conf", "conference-1");
        claims.put("agent", agent);
        claims.put("iat", iat);
        claims.put("exp", iat + 120);
        claims.put("jti", "j-1");
        claims.put("perm", java.util.List.of("publish", "subscribe"));
        return claims;
    }

    static String sign(KeyPair keys, String alg, Map<String, Object> claims) throws Exception {
        String header = B64.encodeToString(
                JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT")));
        String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
        String signingInput = header + "." + payload;
        Signature signer = alg.equals("ES256")
                ? Signature.getInstance("SHA256withECDSAinP1363Format")
                : Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signer.sign());
    }

    static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
