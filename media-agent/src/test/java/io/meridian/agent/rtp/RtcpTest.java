package io.meridian.agent.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void writesAndParsesACompoundOfSrSdesAndBye() {
        byte[] b = new byte[256];
        int n = RtcpWriter.writeSr(b, 0, 0x1111, 0x0102030405060708L, 9000, 10, 1000, 1);
        RtcpWriter.writeReportBlock(b, Rtcp.srReportBlock(0, 0), 0x2222, 25, -3, 70000, 12, 0xABCD, 65536);
        n += RtcpWriter.writeSdesCname(b, n, 0x1111, "meridian");
        n += RtcpWriter.writeBye(b, n, 0x1111);
        assertThat(Rtcp.validateCompound(b, 0, n)).isEqualTo(3);

        assertThat(Rtcp.packetType(b, 0)).isEqualTo(Rtcp.SR);
        assertThat(Rtcp.reportBlocksFit(b, 0)).isTrue();
        assertThat(Rtcp.srNtpTimestamp(b, 0)).isEqualTo(0x0102030405060708L);
        assertThat(Rtcp.srRtpTimestamp(b, 0)).isEqualTo(9000);
        assertThat(Rtcp.srPacketCount(b, 0)).isEqualTo(10);
        assertThat(Rtcp.srOctetCount(b, 0)).isEqualTo(1000);
        int r = Rtcp.srReportBlock(0, 0);
        assertThat(Rtcp.rbSsrc(b, r)).isEqualTo(0x2222);
        assertThat(Rtcp.rbFractionLost(b, r)).isEqualTo(25);
        assertThat(Rtcp.rbCumulativeLost(b, r)).isEqualTo(-3);
        assertThat(Rtcp.rbExtendedHighestSeq(b, r)).isEqualTo(70000);
        assertThat(Rtcp.rbJitter(b, r)).isEqualTo(12);
        assertThat(Rtcp.rbLastSr(b, r)).isEqualTo(0xABCD);
        assertThat(Rtcp.rbDelaySinceLastSr(b, r)).isEqualTo(65536);

        int sdes = Rtcp.packetLength(b, 0);
        assertThat(Rtcp.packetType(b, sdes)).isEqualTo(Rtcp.SDES);
        assertThat(new String(b, sdes + 10, b[sdes + 9])).isEqualTo("meridian");
        int bye = sdes + Rtcp.packetLength(b, sdes);
        assertThat(Rtcp.packetType(b, bye)).isEqualTo(Rtcp.BYE);
        assertThat(bye + Rtcp.packetLength(b, bye)).isEqualTo(n);
    }

    @Test
    void writesAndParsesFeedbackMessages() {
        byte[] b = new byte[256];
        int p = 0;
        p += RtcpWriter.writePli(b, p, 1, 2);
        int fir = p;
        p += RtcpWriter.writeFir(b, p, 1, 3, 7);
        int nack = p;
        p += RtcpWriter.writeNack(b, p, 1, 4, new int[] {100, 65535}, new int[] {0b101, 0}, 2);
        int remb = p;
        p += RtcpWriter.writeRemb(b, p, 1, 1_500_000, new int[] {2, 3}, 2);
        assertThat(Rtcp.validateCompound(b, 0, p)).isEqualTo(4);

        assertThat(Rtcp.packetType(b, 0)).isEqualTo(Rtcp.PSFB);
        assertThat(Rtcp.count(b, 0)).isEqualTo(Rtcp.FMT_PLI);
        assertThat(Rtcp.fbMediaSsrc(b, 0)).isEqualTo(2);
        assertThat(Rtcp.firCount(b, fir)).isEqualTo(1);
        assertThat(Rtcp.firSsrc(b, fir, 0)).isEqualTo(3);
        assertThat(Rtcp.firSeq(b, fir, 0)).isEqualTo(7);
        assertThat(Rtcp.nackCount(b, nack)).isEqualTo(2);
        assertThat(Rtcp.nackPid(b, nack, 1)).isEqualTo(65535);
        assertThat(Rtcp.nackBlp(b, nack, 0)).isEqualTo(0b101);
        assertThat(Rtcp.isRemb(b, remb)).isTrue();
        assertThat(Rtcp.rembSsrcCount(b, remb)).isEqualTo(2);
        assertThat(Rtcp.rembSsrc(b, remb, 1)).isEqualTo(3);
        // 18-bit mantissa: 1.5 Mbps is represented within one part in 2^17
        assertThat(Rtcp.rembBitrate(b, remb)).isBetween(1_499_980L, 1_500_000L);
    }

    @Test
    void parsesAChromeStyleRembPacket() {
        // REMB from the draft's layout: exp 5, mantissa 0x0f424 (62500) → 2,000,000 bps, one SSRC
        byte[] b = hex("8fce0005 00000001 00000000 52454d42 01 14f424 12345678");
        assertThat(Rtcp.validateCompound(b, 0, b.length)).isEqualTo(1);
        assertThat(Rtcp.isRemb(b, 0)).isTrue();
        assertThat(Rtcp.rembBitrate(b, 0)).isEqualTo(62500L << 5);
        assertThat(Rtcp.rembSsrc(b, 0, 0)).isEqualTo(0x12345678);
    }

    @Test
    void rejectsMalformedCompounds() {
        assertThat(Rtcp.validateCompound(hex("81c90007 00000001"), 0, 8)).isEqualTo(-1); // length overruns
        assertThat(Rtcp.validateCompound(hex("41c90001 00000001"), 0, 8)).isEqualTo(-1); // version 1
        assertThat(Rtcp.validateCompound(hex("81c90001 00000001 00"), 0, 9)).isEqualTo(-1); // trailing byte
        assertThat(Rtcp.validateCompound(hex("a1c90001 00000000 81c90001 00000001"), 0, 16)).isEqualTo(-1); // padding not last
        assertThat(Rtcp.validateCompound(hex("8160 0001 00000001"), 0, 8)).isEqualTo(-1); // RTP payload type
    }

    @Test
    void transportCcFeedbackRoundTripsThroughWriterAndParser() {
        boolean[] received = {true, false, true, true, false, false, true, true, true};
        int[] deltas = {4, 0, 300, -8, 0, 0, 0, 255, 1};
        byte[] b = new byte[128];
        int n = TransportCc.write(b, 0, 9, 10, 65533, 1234, 7, received, deltas, received.length);
        assertThat(n % 4).isZero();
        assertThat(Rtcp.validateCompound(b, 0, n)).isEqualTo(1);
        assertThat(TransportCc.baseSequence(b, 0)).isEqualTo(65533);
        assertThat(TransportCc.referenceTime(b, 0)).isEqualTo(1234);
        assertThat(TransportCc.feedbackCount(b, 0)).isEqualTo(7);
        List<String> seen = new ArrayList<>();
        int count = TransportCc.parse(b, 0, (seq, status, delta) -> seen.add(seq + ":" + status + ":" + delta));
        assertThat(count).isEqualTo(9);
        assertThat(seen).containsExactly("65533:1:4", "65534:0:0", "65535:2:300", "0:2:-8", "1:0:0", "2:0:0",
                "3:1:0", "4:1:255", "5:1:1");
    }

    @Test
    void parsesTransportCcRunLengthAndOneBitChunks() {
        // base 10, 20 packets: run-length chunk "received small" x 6, then one-bit vector of 14 (alternating)
        // 20 header bytes + 2 chunks + 13 one-byte deltas = 37, padded (P bit) to 40
        byte[] b = hex("afcd0009 00000001 00000002 000a0014 00000101 2006 aaaa"
                + "010203040506 01 01 01 01 01 01 01 000003");
        assertThat(Rtcp.validateCompound(b, 0, b.length)).isEqualTo(1);
        List<Integer> statuses = new ArrayList<>();
        assertThat(TransportCc.parse(b, 0, (seq, status, delta) -> statuses.add(status))).isEqualTo(20);
        assertThat(statuses.subList(0, 6)).containsOnly(1);
        assertThat(statuses.subList(6, 20)).containsExactly(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
    }

    @Test
    void refusesTransportCcWhoseDeltasOverrunThePacket() {
        byte[] b = hex("8fcd0005 00000001 00000002 000a0014 00000101 2014 0000");
        assertThat(TransportCc.parse(b, 0, (s, st, d) -> { })).isEqualTo(-1);
    }
}
