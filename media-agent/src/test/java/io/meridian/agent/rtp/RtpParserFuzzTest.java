package io.meridian.agent.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated bytes through every RTP/RTCP parser: results or -1, never an exception. */
class RtpParserFuzzTest {
    private static final int ROUNDS = 200_000;

    static byte[] randomOrMutated(Random r, byte[] seed) {
        if (r.nextBoolean()) {
            byte[] d = new byte[r.nextInt(300)];
            r.nextBytes(d);
            if (d.length > 1) {
                d[0] = (byte) (0x80 | (d[0] & 0x3F));
            }
            return d;
        }
        byte[] d = seed.clone();
        for (int k = 0; k < 1 + r.nextInt(6); k++) {
            d[r.nextInt(d.length)] = (byte) r.nextInt();
        }
        return r.nextInt(4) == 0 ? Arrays.copyOf(d, r.nextInt(d.length + 1)) : d;
    }

    @Test
    void rtpHeaderParsingNeverThrows() {
        byte[] seed = {(byte) 0x92, 96, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5,
            (byte) 0xBE, (byte) 0xDE, 0, 2, 0x11, 1, 2, 0, 0x32, 1, 2, 3, 9, 9, 9};
        Random r = new Random(5);
        int valid = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d = randomOrMutated(r, seed);
            int off = d.length > 0 ? r.nextInt(Math.min(3, d.length)) : 0;
            int len = d.length - off;
            if (RtpHeader.headerLength(d, off, len) >= 0) {
                valid++;
                RtpHeader.payloadLength(d, off, len);
                for (int id = 0; id <= 16; id++) {
                    long f = RtpHeader.findExtension(d, off, len, id);
                    if (f >= 0) {
                        assertThat(RtpHeader.extensionOffset(f) + RtpHeader.extensionLength(f)).isLessThanOrEqualTo(off + len);
                    }
                }
            }
        }
        assertThat(valid).isPositive();
    }

    @Test
    void rtcpParsingNeverThrows() {
        byte[] seed = new byte[400];
        int n = RtcpWriter.writeSr(seed, 0, 1, 2, 3, 4, 5, 1);
        RtcpWriter.writeReportBlock(seed, 28, 1, 2, 3, 4, 5, 6, 7);
        n += RtcpWriter.writeNack(seed, n, 1, 2, new int[] {1, 2}, new int[] {3, 4}, 2);
        n += RtcpWriter.writeFir(seed, n, 1, 2, 3);
        n += RtcpWriter.writeRemb(seed, n, 1, 5000, new int[] {1, 2}, 2);
        n += TransportCc.write(seed, n, 1, 2, 3, 4, 5, new boolean[] {true, false, true, true},
                new int[] {1, 0, 999, -4}, 4);
        n += RtcpWriter.writeSdesCname(seed, n, 1, "x");
        seed = Arrays.copyOf(seed, n);
        Random r = new Random(6);
        int valid = 0;
        long sink = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d = randomOrMutated(r, seed);
            if (Rtcp.validateCompound(d, 0, d.length) < 0) {
                continue;
            }
            valid++;
            for (int p = 0; p < d.length; p += Rtcp.packetLength(d, p)) {
                int plen = Rtcp.packetLength(d, p);
                int type = Rtcp.packetType(d, p);
                if ((type == Rtcp.SR || type == Rtcp.RR) && plen >= (type == Rtcp.SR ? 28 : 8)
                        && Rtcp.reportBlocksFit(d, p)) {
                    int first = type == Rtcp.SR ? Rtcp.srReportBlock(p, 0) : Rtcp.rrReportBlock(p, 0);
                    for (int b = 0; b < Rtcp.count(d, p); b++) {
                        sink += Rtcp.rbCumulativeLost(d, first + 24 * b) + Rtcp.rbDelaySinceLastSr(d, first + 24 * b);
                    }
                }
                if ((type == Rtcp.RTPFB || type == Rtcp.PSFB) && plen >= 12) {
                    for (int k = 0; k < Rtcp.nackCount(d, p); k++) {
                        sink += Rtcp.nackPid(d, p, k) + Rtcp.nackBlp(d, p, k);
                    }
                    for (int k = 0; k < Rtcp.firCount(d, p); k++) {
                        sink += Rtcp.firSsrc(d, p, k) + Rtcp.firSeq(d, p, k);
                    }
                    if (Rtcp.isRemb(d, p)) {
                        sink += Rtcp.rembBitrate(d, p);
                        for (int k = 0; k < Rtcp.rembSsrcCount(d, p); k++) {
                            sink += Rtcp.rembSsrc(d, p, k);
                        }
                    }
                    if (type == Rtcp.RTPFB && Rtcp.count(d, p) == Rtcp.FMT_TRANSPORT_CC) {
                        TransportCc.parse(d, p, (seq, status, delta) -> { });
                    }
                }
            }
        }
        assertThat(valid).isPositive();
        assertThat(sink).isNotNull();
    }
}
