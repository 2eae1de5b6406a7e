package io.meridian.agent.sfu;

import io.meridian.agent.rtp.RtpHeader;

/**
 * Rewrites the mid header extension (RFC 8843 §15) of a forwarded packet in place so that it names the
 * subscriber's m-line: same-size or shorter values are written (the rest becomes RFC 8285 padding), and when the
 * subscriber's mid does not fit or it negotiated no mid extension the element is turned into padding, leaving the
 * receiver to demultiplex by SSRC. The packet never changes length.
 */
final class MidRewriter {
    private MidRewriter() {
    }

    /** Locates the element: {@code findExtension} result, or -1. */
    static long locate(byte[] b, int off, int len, int id) {
        return id == 0 ? -1 : RtpHeader.findExtension(b, off, len, id);
    }

    /** Whether the packet's extension block uses the two-byte form. */
    static boolean twoByte(byte[] b, int off) {
        int x = off + RtpHeader.FIXED_LENGTH + 4 * RtpHeader.csrcCount(b, off);
        return RtpHeader.readShort(b, x) != RtpHeader.ONE_BYTE_PROFILE;
    }

    /**
     * Rewrites the located element (data at {@code dataOff}, {@code dataLen} bytes) to carry {@code mid} under
     * {@code newId}, or to padding when {@code newId} is 0 or {@code mid} does not fit.
     */
    static void rewrite(byte[] b, int dataOff, int dataLen, boolean twoByte, int newId, byte[] mid) {
        int headerLen = twoByte ? 2 : 1;
        int start = dataOff - headerLen;
        int end = dataOff + dataLen;
        boolean fits = newId > 0 && mid.length > 0 && mid.length <= dataLen && (twoByte || newId <= 14);
        if (!fits) {
            for (int i = start; i < end; i++) {
                b[i] = 0;
            }
            return;
        }
        if (twoByte) {
            b[start] = (byte) newId;
            b[start + 1] = (byte) mid.length;
        } else {
            b[start] = (byte) ((newId << 4) | (mid.length - 1));
        }
        System.arraycopy(mid, 0, b, dataOff, mid.length);
        for (int i = dataOff + mid.length; i < end; i++) {
            b[i] = 0;
        }
    }
}
