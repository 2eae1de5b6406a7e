package io.meridian.agent.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 5769 test vectors, round trips through {@link StunWriter}, and malformed input. */
class StunMessageTest {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    /** RFC 5769 §2.1. */
    static final byte[] SAMPLE_REQUEST = hex("""
            000100582112a442b7e7a701bc34d686fa87dfae802200105354554e2074657374
            20636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576
            746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571
            a280280004e57a3bcf""");
    /** RFC 5769 §2.2. */
    static final byte[] SAMPLE_IPV4_RESPONSE = hex("""
            0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f
            7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53
            f06be7d780280004c07d4c96""");
    /** RFC 5769 §2.3. */
    static final byte[] SAMPLE_IPV6_RESPONSE = hex("""
            010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f
            7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e
            4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c""");
    /** RFC 5769 §2.4 (long-term credentials). */
    static final byte[] SAMPLE_LONG_TERM_REQUEST = hex("""
            000100602112a442 78ad3433c6ad72c029da412e 00060012e3839ee38388e383aae38383e382afe382b90000
            0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b
            6578616d706c652e6f726700 00080014f67024656dd64a3e02b8e0712e85c9a28ca89666""");

    @Test
    void parsesAndVerifiesTheRfc5769SampleRequest() {
        StunMessage m = new StunMessage();
        assertThat(m.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length)).isTrue();
        assertThat(m.type()).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(m.method()).isEqualTo(Stun.BINDING);
        assertThat(m.messageClass()).isEqualTo(Stun.CLASS_REQUEST);
        assertThat(m.username()).isEqualTo("evtj:h6vY");
        assertThat(m.priority()).isEqualTo(0x6e0001ffL);
        assertThat(m.hasIceControlled()).isTrue();
        assertThat(m.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(PASSWORD)).isTrue();
        assertThat(m.verifyMessageIntegrity("wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void parsesTheRfc5769Ipv4ResponseAndItsMappedAddress() throws Exception {
        StunMessage m = new StunMessage();
        assertThat(m.parse(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length)).isTrue();
        assertThat(m.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(m.xorMappedAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(PASSWORD)).isTrue();
    }

    @Test
    void parsesTheRfc5769Ipv6ResponseAndItsMappedAddress() throws Exception {
        StunMessage m = new StunMessage();
        assertThat(m.parse(SAMPLE_IPV6_RESPONSE, 0, SAMPLE_IPV6_RESPONSE.length)).isTrue();
        assertThat(m.xorMappedAddress()).isEqualTo(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyMessageIntegrity(PASSWORD)).isTrue();
    }

    @Test
    void verifiesTheRfc5769LongTermCredentialRequestWithItsMd5Key() throws Exception {
        StunMessage m = new StunMessage();
        assertThat(m.parse(SAMPLE_LONG_TERM_REQUEST, 0, SAMPLE_LONG_TERM_REQUEST.length)).isTrue();
        assertThat(m.username()).isEqualTo("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
        assertThat(m.hasFingerprint()).isFalse();
        byte[] key = MessageDigest.getInstance("MD5")
                .digest((m.username() + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
        assertThat(m.verifyMessageIntegrity(key)).isTrue();
    }

    @Test
    void writerReproducesTheRfc5769Ipv4ResponseByteForByte() throws Exception {
        byte[] out = new byte[128];
        StunWriter w = new StunWriter().start(out, 0, Stun.BINDING_SUCCESS, SAMPLE_IPV4_RESPONSE, 8);
        // the RFC pads SOFTWARE with a space (0x20) where we pad with zero: write it as raw bytes with the space
        byte[] software = "test vector ".getBytes(StandardCharsets.US_ASCII);
        w.addBytes(Stun.ATTR_SOFTWARE, software, 0, 12);
        out[22] = 0;
        out[23] = 11; // length field says 11, the 12th byte is the RFC's padding
        w.addXorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .addMessageIntegrity(PASSWORD)
                .addFingerprint();
        assertThat(Arrays.copyOf(out, w.length())).isEqualTo(SAMPLE_IPV4_RESPONSE);
    }

    @Test
    void writtenRequestsParseBackWithEveryIceAttribute() {
        byte[] out = new byte[256];
        byte[] tx = hex("0102030405060708090a0b0c");
        int n = new StunWriter().start(out, 4, Stun.BINDING_REQUEST, tx, 0)
                .addUsername("local:remote")
                .addUint32(Stun.ATTR_PRIORITY, 0x7e0000ff)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, 0x1122334455667788L)
                .addMessageIntegrity("pw".getBytes(StandardCharsets.UTF_8))
                .addFingerprint()
                .length();
        StunMessage m = new StunMessage();
        assertThat(m.parse(out, 4, n)).isTrue();
        assertThat(m.username()).isEqualTo("local:remote");
        assertThat(m.priority()).isEqualTo(0x7e0000ffL);
        assertThat(m.hasUseCandidate()).isTrue();
        assertThat(m.hasIceControlling()).isTrue();
        assertThat(m.tieBreaker()).isEqualTo(0x1122334455667788L);
        assertThat(m.verifyMessageIntegrity("pw".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(m.verifyFingerprint()).isTrue();
        byte[] id = new byte[12];
        m.copyTransactionId(id, 0);
        assertThat(id).isEqualTo(tx);
    }

    @Test
    void errorResponsesCarryCodeAndReason() {
        byte[] out = new byte[128];
        int n = new StunWriter().start(out, 0, Stun.BINDING_ERROR, new byte[12], 0)
                .addErrorCode(487, "Role Conflict").addFingerprint().length();
        StunMessage m = new StunMessage();
        assertThat(m.parse(out, 0, n)).isTrue();
        assertThat(m.errorCode()).isEqualTo(487);
        assertThat(m.errorReason()).isEqualTo("Role Conflict");
    }

    @Test
    void aFlippedBitBreaksIntegrityOrFingerprint() {
        for (int i = 20; i < SAMPLE_REQUEST.length; i++) {
            byte[] b = SAMPLE_REQUEST.clone();
            b[i] ^= 0x01;
            StunMessage m = new StunMessage();
            if (m.parse(b, 0, b.length)) {
                assertThat(m.verifyFingerprint() && m.verifyMessageIntegrity(PASSWORD))
                        .as("flip at byte %d", i).isFalse();
            }
        }
    }

    @Test
    void rejectsMalformedMessages() {
        StunMessage m = new StunMessage();
        byte[] truncated = Arrays.copyOf(SAMPLE_REQUEST, 60);
        assertThat(m.parse(truncated, 0, truncated.length)).isFalse();
        byte[] badCookie = SAMPLE_REQUEST.clone();
        badCookie[4] = 0;
        assertThat(m.parse(badCookie, 0, badCookie.length)).isFalse();
        byte[] overrun = SAMPLE_REQUEST.clone();
        overrun[23] = (byte) 0xF0; // SOFTWARE length runs past the end
        assertThat(m.parse(overrun, 0, overrun.length)).isFalse();
        byte[] shortIntegrity = SAMPLE_REQUEST.clone();
        shortIntegrity[79] = 0x10; // MESSAGE-INTEGRITY of 16 bytes
        assertThat(m.parse(shortIntegrity, 0, shortIntegrity.length)).isFalse();
        assertThat(m.parse(SAMPLE_REQUEST, 0, 19)).isFalse();
        assertThat(m.parse(SAMPLE_REQUEST, 100, 20)).isFalse();
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(42);
        StunMessage m = new StunMessage();
        int parsed = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(120)];
                r.nextBytes(b);
            } else { // mutate a valid message so the parser gets past the header checks
                b = SAMPLE_REQUEST.clone();
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[20 + r.nextInt(b.length - 20)] = (byte) r.nextInt();
                }
            }
            if (m.parse(b, 0, b.length)) {
                parsed++;
                m.verifyFingerprint();
                m.verifyMessageIntegrity(PASSWORD);
                m.xorMappedAddress();
                m.username();
                m.errorCode();
                m.tieBreaker();
            }
        }
        assertThat(parsed).isPositive();
    }
}
