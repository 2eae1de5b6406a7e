package io.meridian.agent.sfu;

import io.meridian.agent.rtp.Rtcp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An in-memory transport: records what the router sends it, and scribbles over the buffer like SRTP would. */
final class RecordingSender implements MediaSender {
    final List<byte[]> rtp = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
        Arrays.fill(buf, off, off + len + HEADROOM, (byte) 0x5A); // in-place protection must not leak to others
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        Arrays.fill(buf, off, off + len + 4, (byte) 0x5A);
    }

    /** RTCP packets (inside every recorded compound) of a type and FMT, as their compound + offset. */
    List<int[]> find(int type, int fmt) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i < rtcp.size(); i++) {
            byte[] b = rtcp.get(i);
            if (Rtcp.validateCompound(b, 0, b.length) < 0) {
                throw new AssertionError("router sent a malformed RTCP compound");
            }
            for (int p = 0; p < b.length; p += Rtcp.packetLength(b, p)) {
                if (Rtcp.packetType(b, p) == type && (fmt < 0 || Rtcp.count(b, p) == fmt)) {
                    found.add(new int[] {i, p});
                }
            }
        }
        return found;
    }

    void clear() {
        rtp.clear();
        rtcp.clear();
    }
}
