package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.RtpHeader;
import org.junit.jupiter.api.Test;

class SimulcastForwarderTest {
    private static final int OUT = 0x0A0B0C0D;

    /** A VP8 packet with a 15-bit picture ID; keyframe = first packet of a keyframe. */
    private static byte[] packet(int ssrc, int seq, long ts, int pictureId, boolean keyframe) {
        byte[] b = new byte[12 + 4 + 3];
        b[0] = (byte) 0x80;
        b[1] = 96;
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setTimestamp(b, 0, ts);
        RtpHeader.setSsrc(b, 0, ssrc);
        b[12] = (byte) (0x80 | (keyframe ? 0x10 : 0x00)); // X, S
        b[13] = (byte) 0x80; // I
        Vp8Descriptor.writePictureId(b, 14, pictureId);
        b[16] = (byte) (keyframe ? 0x00 : 0x01); // frame tag: inverse keyframe bit
        return b;
    }

    private static boolean send(SimulcastForwarder f, byte[] p, int layer, long micros) {
        return f.forward(p, 0, p.length, layer, micros);
    }

    @Test
    void waitsForAKeyframeBeforeForwardingAnything() {
        SimulcastForwarder f = new SimulcastForwarder(OUT);
        f.setTarget(0);

        assertThat(send(f, packet(1, 100, 9000, 5, false), 0, 0)).isFalse();
        assertThat(f.switchPending()).isTrue();
        byte[] key = packet(1, 101, 12000, 6, true);
        assertThat(send(f, key, 0, 33_000)).isTrue();
        assertThat(RtpHeader.ssrc(key, 0)).isEqualTo(OUT);
        assertThat(f.switchPending()).isFalse();
    }

    @Test
    void aSwitchContinuesSequenceTimestampAndPictureIdWithoutAGap() {
        SimulcastForwarder f = new SimulcastForwarder(OUT);
        f.setTarget(0);
        send(f, packet(1, 500, 1_000, 40, true), 0, 0);
        byte[] last = packet(1, 501, 4_000, 41, false);
        send(f, last, 0, 33_000);

        f.setTarget(2);
        assertThat(send(f, packet(3, 7_000, 777_000, 900, false), 2, 40_000)).as("not a keyframe yet").isFalse();
        assertThat(send(f, packet(1, 502, 7_000, 42, false), 0, 66_000)).as("old layer until the switch").isTrue();
        byte[] key = packet(3, 7_001, 780_000, 901, true);
        assertThat(send(f, key, 2, 99_000)).isTrue();

        assertThat(RtpHeader.sequenceNumber(key, 0)).isEqualTo(503);
        assertThat(RtpHeader.timestamp(key, 0)).as("one 33 ms frame later").isEqualTo(7_000 + 33 * 90);
        assertThat(Vp8Descriptor.readPictureId(key, 14)).isEqualTo(43);
        assertThat(send(f, packet(1, 503, 10_000, 43, false), 0, 99_500)).as("old layer dropped").isFalse();
        byte[] next = packet(3, 7_002, 783_000, 902, false);
        send(f, next, 2, 132_000);
        assertThat(RtpHeader.sequenceNumber(next, 0)).isEqualTo(504);
        assertThat(RtpHeader.timestamp(next, 0)).isEqualTo(7_000 + 33 * 90 + 3_000);
        assertThat(f.switches()).isEqualTo(2);
    }

    @Test
    void aLatePacketOfTheNewLayerOlderThanItsKeyframeIsDropped() {
        SimulcastForwarder f = new SimulcastForwarder(OUT);
        f.setTarget(1);
        send(f, packet(2, 65_535, 1_000, 1, true), 1, 0);

        assertThat(send(f, packet(2, 65_534, 900, 0, false), 1, 1_000)).isFalse();
        byte[] wrapped = packet(2, 0, 1_000, 1, false);
        assertThat(send(f, wrapped, 1, 2_000)).as("sequence wrap is not old").isTrue();
        assertThat(RtpHeader.sequenceNumber(wrapped, 0)).isZero();
    }

    @Test
    void pausingStopsForwardingAndResumingWaitsForAKeyframe() {
        SimulcastForwarder f = new SimulcastForwarder(OUT);
        f.setTarget(0);
        send(f, packet(1, 10, 0, 1, true), 0, 0);
        f.setTarget(-1);
        assertThat(send(f, packet(1, 11, 3000, 2, false), 0, 33_000)).isFalse();
        f.setTarget(0);
        assertThat(send(f, packet(1, 12, 6000, 3, false), 0, 66_000)).isFalse();
        byte[] key = packet(1, 13, 9000, 4, true);
        assertThat(send(f, key, 0, 99_000)).isTrue();
        assertThat(RtpHeader.sequenceNumber(key, 0)).as("continues after the last forwarded").isEqualTo(11);
    }

    @Test
    void aTruncatedPacketIsDroppedNotThrown() {
        SimulcastForwarder f = new SimulcastForwarder(OUT);
        f.setTarget(0);
        byte[] b = packet(1, 1, 1, 1, true);
        assertThat(f.forward(b, 0, 13, 0, 0)).isFalse();
        assertThat(f.forward(b, 0, 5, 0, 0)).isFalse();
    }
}
