package io.meridian.agent.sdp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as carried by {@code a=fingerprint} (RFC 8122): hash function name and digest bytes.
 *
 * @param algorithm lower-case hash function name as in SDP, e.g. {@code sha-256}
 * @param digest    the digest of the DER-encoded certificate
 */
public record Fingerprint(String algorithm, byte[] digest) {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        javaAlgorithm(algorithm);
        digest = digest.clone();
    }

    /** Parses the attribute value {@code "sha-256 AB:CD:..."}. */
    public static Fingerprint parse(String value) {
        String[] parts = value.trim().split("\\s+");
        if (parts.length != 2) {
            throw new SdpException("fingerprint must be '<hash> <hex:hex:...>', got '" + value + "'");
        }
        try {
            return new Fingerprint(parts[0], HEX.parseHex(parts[1].toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new SdpException("fingerprint digest is not colon-separated hex: '" + parts[1] + "'");
        }
    }

    /** Computes the fingerprint of a DER-encoded certificate with the given SDP hash name. */
    public static Fingerprint of(String algorithm, byte[] derCertificate) {
        try {
            return new Fingerprint(algorithm, MessageDigest.getInstance(javaAlgorithm(algorithm)).digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    /** True when the DER-encoded certificate hashes to this fingerprint (constant-time compare). */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, of(algorithm, derCertificate).digest);
    }

    /** The attribute value, e.g. {@code sha-256 AB:CD:...}. */
    public String value() {
        return algorithm + " " + HEX.formatHex(digest);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.algorithm.equals(algorithm) && MessageDigest.isEqual(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return value();
    }

    private static String javaAlgorithm(String sdpName) {
        return switch (sdpName.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new SdpException("unsupported fingerprint hash function '" + sdpName + "'");
        };
    }
}
