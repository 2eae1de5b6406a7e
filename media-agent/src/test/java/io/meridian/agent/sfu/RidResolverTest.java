package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.RtpHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RidResolverTest {
    private static final int STREAM_ID = 10;
    private static final int REPAIRED_ID = 11;

    /** An RTP packet with one one-byte-form extension element carrying {@code rid} (or none when null). */
    private static byte[] packet(int ssrc, int extId, String rid) {
        byte[] b = new byte[12 + 4 + 8 + 4];
        b[0] = (byte) (rid == null ? 0x80 : 0x90);
        RtpHeader.setSsrc(b, 0, ssrc);
        if (rid != null) {
            RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
            RtpHeader.writeShort(b, 14, 2);
            byte[] r = rid.getBytes(StandardCharsets.US_ASCII);
            b[16] = (byte) ((extId << 4) | (r.length - 1));
            System.arraycopy(r, 0, b, 17, r.length);
        }
        return b;
    }

    private final RidResolver resolver = new RidResolver(List.of("q", "h", "f"), STREAM_ID, REPAIRED_ID);

    @Test
    void learnsEachLayersSsrcFromItsRid() {
        assertThat(resolver.resolve(packet(111, STREAM_ID, "h"), 0, 28)).isEqualTo(1);
        assertThat(resolver.resolve(packet(222, STREAM_ID, "f"), 0, 28)).isEqualTo(2);

        assertThat(resolver.resolve(packet(111, 0, null), 0, 28)).as("later packets without the rid").isEqualTo(1);
        assertThat(resolver.ssrcOf(2)).isEqualTo(222);
        assertThat(resolver.ssrcOf(0)).isZero();
    }

    @Test
    void anRtxStreamIsMarkedAsTheRepairOfItsLayer() {
        assertThat(resolver.resolve(packet(333, REPAIRED_ID, "q"), 0, 28)).isEqualTo(RidResolver.RTX);
        assertThat(resolver.ssrcOf(0)).as("the RTX SSRC is not the layer's media SSRC").isZero();
    }

    @Test
    void anUnknownRidOrAMissingExtensionIsUnresolved() {
        assertThat(resolver.resolve(packet(444, STREAM_ID, "x"), 0, 28)).isEqualTo(-1);
        assertThat(resolver.resolve(packet(555, 0, null), 0, 28)).isEqualTo(-1);
        assertThat(resolver.resolve(packet(556, 0, null), 0, 5)).isEqualTo(-1);
    }

    @Test
    void aPublisherInventingSsrcsCannotGrowTheTable() {
        for (int i = 0; i < 6; i++) {
            assertThat(resolver.resolve(packet(1000 + i, STREAM_ID, "q"), 0, 28)).isZero();
        }
        assertThat(resolver.resolve(packet(2000, STREAM_ID, "q"), 0, 28)).isEqualTo(-1);
        assertThat(resolver.refused()).isEqualTo(1);
    }
}
