package io.meridian.agent.relay;

import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.sfu.MediaSender;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake browser transport: records the plaintext packets a router sends it (on the media thread). */
final class RecordingSender implements MediaSender {
    final List<byte[]> rtp = new CopyOnWriteArrayList<>();
    final List<byte[]> rtcp = new CopyOnWriteArrayList<>();

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    /** RTCP packets of a type and FMT (-1: any) received, across all compounds. */
    long count(int type, int fmt) {
        long n = 0;
        for (byte[] b : rtcp) {
            if (Rtcp.validateCompound(b, 0, b.length) < 0) {
                continue;
            }
            for (int p = 0; p < b.length; p += Rtcp.packetLength(b, p)) {
                if (Rtcp.packetType(b, p) == type && (fmt < 0 || Rtcp.count(b, p) == fmt)) {
                    n++;
                }
            }
        }
        return n;
    }
}
