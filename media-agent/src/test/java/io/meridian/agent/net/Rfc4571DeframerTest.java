package io.meridian.agent.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc4571DeframerTest {
    private final List<byte[]> frames = new ArrayList<>();
    private final Rfc4571Deframer.FrameSink sink = (b, off, len) -> frames.add(Arrays.copyOfRange(b, off, off + len));

    private static byte[] frame(int len, int seed) {
        byte[] f = new byte[len + 2];
        f[0] = (byte) (len >> 8);
        f[1] = (byte) len;
        for (int i = 0; i < len; i++) {
            f[2 + i] = (byte) (seed + i);
        }
        return f;
    }

    private static byte[] payload(byte[] framed) {
        return Arrays.copyOfRange(framed, 2, framed.length);
    }

    @Test
    void reassemblesAFrameArrivingOneByteAtATime() {
        Rfc4571Deframer d = new Rfc4571Deframer(1600);
        byte[] f = frame(300, 1);
        for (byte b : f) {
            assertThat(d.feed(new byte[] {b}, 0, 1, sink)).isEqualTo(Rfc4571Deframer.Result.OK);
        }
        assertThat(frames).containsExactly(payload(f));
        assertThat(d.buffered()).isZero();
    }

    @Test
    void splitsFramesMergedIntoOneReadAndKeepsTheTailOfTheNext() {
        Rfc4571Deframer d = new Rfc4571Deframer(1600);
        byte[] a = frame(20, 1);
        byte[] b = frame(1600, 2);
        byte[] c = frame(5, 3);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(a);
        all.writeBytes(b);
        all.writeBytes(c);
        byte[] stream = all.toByteArray();
        int cut = a.length + b.length + 3; // two frames and a bit of the third
        assertThat(d.feed(stream, 0, cut, sink)).isEqualTo(Rfc4571Deframer.Result.OK);
        assertThat(frames).containsExactly(payload(a), payload(b));
        assertThat(d.buffered()).isEqualTo(3);
        assertThat(d.feed(stream, cut, stream.length - cut, sink)).isEqualTo(Rfc4571Deframer.Result.OK);
        assertThat(frames).containsExactly(payload(a), payload(b), payload(c));
    }

    @Test
    void refusesAFrameLongerThanTheLimitBeforeBufferingIt() {
        Rfc4571Deframer d = new Rfc4571Deframer(1600);
        byte[] ok = frame(10, 1);
        byte[] big = frame(1601, 2);
        assertThat(d.feed(ok, 0, ok.length, sink)).isEqualTo(Rfc4571Deframer.Result.OK);
        assertThat(d.feed(big, 0, 2, sink)).isEqualTo(Rfc4571Deframer.Result.OVERSIZE);
        assertThat(frames).containsExactly(payload(ok));
    }

    @Test
    void refusesAnEmptyFrame() {
        Rfc4571Deframer d = new Rfc4571Deframer(1600);
        assertThat(d.feed(new byte[] {0, 0, 0, 1, 9}, 0, 5, sink)).isEqualTo(Rfc4571Deframer.Result.EMPTY_FRAME);
        assertThat(frames).isEmpty();
    }
}
