package io.meridian.agent.relay;

import io.meridian.agent.rtp.RtpHeader;

/** Plain RTP packets for relay tests. */
final class TestRtp {
    private TestRtp() {
    }

    /** An RTP packet without extensions whose payload bytes derive from {@code seq}. */
    static byte[] packet(int ssrc, int pt, int seq, int payloadLength) {
        byte[] b = new byte[12 + payloadLength];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setTimestamp(b, 0, seq * 3000L);
        RtpHeader.setSsrc(b, 0, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (seq * 31 + i);
        }
        return b;
    }
}
