package io.meridian.agent.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.rtp.RtpHeader;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpContextTest {
    private static final int SSRC = 0x11223344;

    /** A DTLS server context and the matching client context from the same random keying material. */
    private static SrtpContext[] pair(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(7).nextBytes(material);
        return new SrtpContext[] {
            SrtpContext.fromKeyingMaterial(profile, material, true),
            SrtpContext.fromKeyingMaterial(profile, material, false)
        };
    }

    private static byte[] rtp(int seq, int payloadLength) {
        byte[] b = new byte[12 + payloadLength + 64];
        b[0] = (byte) 0x80;
        b[1] = 96;
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setTimestamp(b, 0, seq * 3000L);
        RtpHeader.setSsrc(b, 0, SSRC);
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (i * 31 + seq);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void serverProtectedPacketsAreReadByTheClientAndBack(SrtpProfile profile) {
        SrtpContext[] p = pair(profile);
        byte[] packet = rtp(1000, 200);
        byte[] original = Arrays.copyOf(packet, 212);
        int n = p[0].protectRtp(packet, 0, 212);
        assertThat(n).isEqualTo(212 + profile.rtpOverhead());
        assertThat(Arrays.copyOfRange(packet, 12, 212)).isNotEqualTo(Arrays.copyOfRange(original, 12, 212));
        assertThat(p[1].unprotectRtp(packet, 0, n)).isEqualTo(212);
        assertThat(Arrays.copyOf(packet, 212)).isEqualTo(original);

        byte[] rtcp = new byte[64];
        rtcp[0] = (byte) 0x81;
        rtcp[1] = (byte) 201;
        rtcp[3] = 7;
        RtpHeader.writeInt(rtcp, 4, SSRC);
        byte[] rtcpOriginal = Arrays.copyOf(rtcp, 32);
        int m = p[1].protectRtcp(rtcp, 0, 32);
        assertThat(m).isEqualTo(32 + profile.rtcpOverhead());
        assertThat(p[0].unprotectRtcp(rtcp, 0, m)).isEqualTo(32);
        assertThat(Arrays.copyOf(rtcp, 32)).isEqualTo(rtcpOriginal);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsTheSequenceNumberThroughWrapAndReordering(SrtpProfile profile) {
        SrtpContext[] p = pair(profile);
        int[] order = {65530, 65531, 65533, 65532, 65534, 65535, 0, 2, 1, 3, 65535 - 1, 4};
        // 65534 arrives twice in this list: the second time it is a replay and must be refused
        int accepted = 0;
        for (int seq : order) {
            byte[] b = rtp(seq, 50);
            byte[] original = Arrays.copyOf(b, 62);
            int n = p[0].protectRtp(b, 0, 62);
            int m = p[1].unprotectRtp(b, 0, n);
            if (m > 0) {
                accepted++;
                assertThat(Arrays.copyOf(b, 62)).isEqualTo(original);
            }
        }
        assertThat(accepted).isEqualTo(order.length - 1);
        assertThat(p[1].replayDrops()).isEqualTo(1);
        assertThat(p[1].authFailures()).isZero();
    }

    @Test
    void packetsBeyondTheRolloverAreAuthenticatedWithTheNewRoc() {
        SrtpContext[] p = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        for (int i = 0; i < 70_000; i += 1000) { // walks the receiver across a wrap in big but legal steps
            byte[] b = rtp(i & 0xFFFF, 20);
            assertThat(p[1].unprotectRtp(b, 0, p[0].protectRtp(b, 0, 32))).isEqualTo(32);
        }
        assertThat(p[1].authFailures()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsDroppedAndCounted(SrtpProfile profile) {
        SrtpContext[] p = pair(profile);
        byte[] b = rtp(5, 40);
        int n = p[0].protectRtp(b, 0, 52);
        byte[] copy = Arrays.copyOf(b, n);
        assertThat(p[1].unprotectRtp(b, 0, n)).isEqualTo(52);
        assertThat(p[1].unprotectRtp(copy, 0, n)).isEqualTo(-1);
        assertThat(p[1].replayDrops()).isEqualTo(1);
    }

    @Test
    void aPacketOlderThanTheWindowIsDropped() {
        SrtpContext[] p = pair(SrtpProfile.AEAD_AES_128_GCM);
        byte[] old = rtp(10, 10);
        int oldLen = p[0].protectRtp(old, 0, 22);
        byte[] recent = rtp(10 + ReplayWindow.SIZE + 5, 10);
        assertThat(p[1].unprotectRtp(recent, 0, p[0].protectRtp(recent, 0, 22))).isEqualTo(22);
        assertThat(p[1].unprotectRtp(old, 0, oldLen)).isEqualTo(-1);
        assertThat(p[1].replayDrops()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aTamperedPacketFailsAuthenticationWithoutBlockingTheGenuineOne(SrtpProfile profile) {
        SrtpContext[] p = pair(profile);
        byte[] b = rtp(9, 40);
        int n = p[0].protectRtp(b, 0, 52);
        byte[] genuine = Arrays.copyOf(b, b.length);
        b[20] ^= 1;
        assertThat(p[1].unprotectRtp(b, 0, n)).isEqualTo(-1);
        assertThat(p[1].authFailures()).isEqualTo(1);
        // the genuine packet still gets through: a forgery must not poison the replay window
        assertThat(p[1].unprotectRtp(genuine, 0, n)).isEqualTo(52);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void anSsrcFirstSeenInRtcpStillAcceptsItsRtp(SrtpProfile profile) {
        SrtpContext[] p = pair(profile);
        byte[] rtcp = new byte[64];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 201;
        rtcp[3] = 1;
        RtpHeader.writeInt(rtcp, 4, SSRC);
        assertThat(p[1].unprotectRtcp(rtcp, 0, p[0].protectRtcp(rtcp, 0, 8))).isEqualTo(8);
        byte[] b = rtp(77, 30);
        assertThat(p[1].unprotectRtp(b, 0, p[0].protectRtp(b, 0, 42))).isEqualTo(42);
    }

    @Test
    void protectRefusesABufferWithoutRoomForTheTag() {
        SrtpContext[] p = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] exact = Arrays.copyOf(rtp(1, 20), 32);
        assertThat(p[0].protectRtp(exact, 0, 32)).isEqualTo(-1);
        assertThat(p[0].protectFailures()).isEqualTo(1);
    }

    @Test
    void garbageIsDroppedAsMalformedWithoutThrowing() {
        SrtpContext[] p = pair(SrtpProfile.AEAD_AES_128_GCM);
        Random r = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            assertThat(p[1].unprotectRtp(b, 0, b.length)).isEqualTo(-1);
            assertThat(p[1].unprotectRtcp(b, 0, b.length)).isEqualTo(-1);
        }
        assertThat(p[1].malformedDrops() + p[1].authFailures() + p[1].replayDrops()).isEqualTo(10_000);
    }

    @Test
    void keyingMaterialOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> SrtpContext.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[10], true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("56 bytes");
    }

    @Test
    void aesCmProtectAndUnprotectAllocateNothingPerPacket() {
        SrtpContext[] p = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] b = rtp(0, 1100);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 20_000; warm++) {
            roundTrip(p, b, warm);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 20_000; i < 40_000; i++) {
            roundTrip(p, b, i);
        }
        long perPacket = (mx.getCurrentThreadAllocatedBytes() - before) / 20_000;
        assertThat(perPacket).isZero();
    }

    private static void roundTrip(SrtpContext[] p, byte[] b, int seq) {
        RtpHeader.setSequenceNumber(b, 0, seq & 0xFFFF);
        int n = p[0].protectRtp(b, 0, 1112);
        if (p[1].unprotectRtp(b, 0, n) != 1112) {
            throw new AssertionError("round trip failed at " + seq);
        }
    }
}
