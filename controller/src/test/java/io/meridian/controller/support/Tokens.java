package io.meridian.controller.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Verifies join tokens the way an agent does (JDK crypto only), for tests. */
public final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    /** Checks the Ed25519 signature with the Welcome's SPKI key and returns the claims; throws when invalid. */
    public static JsonNode verify(String token, byte[] spki) throws Exception {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!"EdDSA".equals(header.path("alg").asText())) {
            throw new IllegalArgumentException("alg is " + header.path("alg"));
        }
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new SecurityException("bad signature");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** The decoded header. */
    public static JsonNode header(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    }
}
