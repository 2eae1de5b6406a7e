package io.meridian.agent.relay;

import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sdp.SdpException;
import io.meridian.agent.sfu.MediaKind;
import io.meridian.agent.sfu.ProducerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of {@link RelayTrack}s inside relay control messages (docs/relay.md): every string is a 1-byte
 * length plus UTF-8 (2-byte length for fmtp), integers big-endian. Decoding is bounds-checked and rejects anything
 * that is not a valid stream description with {@link Malformed}.
 */
final class TrackCodec {
    /** The body does not decode to valid tracks. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private TrackCodec() {
    }

    /** Encoded size of a track, or -1 when a field exceeds the limits in {@link RelayTrack}. */
    static int size(RelayTrack t) {
        int n = 0;
        for (String s : new String[] {t.producerId(), t.participantId(), t.cname(), t.spec().mid(), t.codec().name()}) {
            int len = utf8(s).length;
            if (len > RelayTrack.MAX_TEXT) {
                return -1;
            }
            n += 1 + len;
        }
        int fmtp = utf8(t.codec().fmtp()).length;
        if (fmtp > RelayTrack.MAX_FMTP || t.codec().rtcpFeedback().size() > RelayTrack.MAX_FEEDBACK) {
            return -1;
        }
        n += 2 + fmtp + 1;
        for (String fb : t.codec().rtcpFeedback()) {
            int len = utf8(fb).length;
            if (len > RelayTrack.MAX_TEXT) {
                return -1;
            }
            n += 1 + len;
        }
        // kind, ssrc, rtx ssrc, pt, rtx pt, clock rate, mid ext, flags, channels
        return n + 1 + 4 + 4 + 1 + 1 + 4 + 1 + 1 + 1;
    }

    /** Writes {@code t} at {@code b[p..)}; returns the position after it. The caller checked {@link #size}. */
    static int write(byte[] b, int p, RelayTrack t) {
        ProducerSpec s = t.spec();
        Codec c = t.codec();
        p = text(b, p, t.producerId());
        p = text(b, p, t.participantId());
        p = text(b, p, t.cname());
        p = text(b, p, s.mid());
        b[p++] = (byte) (s.kind() == MediaKind.VIDEO ? 1 : 0);
        p = int32(b, p, s.ssrc());
        p = int32(b, p, s.rtxSsrc());
        b[p++] = (byte) s.payloadType();
        b[p++] = (byte) s.rtxPayloadType();
        p = int32(b, p, s.clockRate());
        b[p++] = (byte) s.midExtensionId();
        b[p++] = (byte) ((s.pli() ? 1 : 0) | (s.fir() ? 2 : 0));
        p = text(b, p, c.name());
        b[p++] = (byte) c.channels();
        byte[] fmtp = utf8(c.fmtp());
        b[p++] = (byte) (fmtp.length >>> 8);
        b[p++] = (byte) fmtp.length;
        System.arraycopy(fmtp, 0, b, p, fmtp.length);
        p += fmtp.length;
        b[p++] = (byte) c.rtcpFeedback().size();
        for (String fb : c.rtcpFeedback()) {
            p = text(b, p, fb);
        }
        return p;
    }

    /** Decodes exactly {@code count} tracks from {@code b[p..end)}. */
    static List<RelayTrack> read(byte[] b, int p, int end, int count) throws Malformed {
        Reader r = new Reader(b, p, end);
        List<RelayTrack> tracks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tracks.add(r.track());
        }
        if (r.p != end) {
            throw new Malformed("trailing bytes after " + count + " tracks");
        }
        return tracks;
    }

    private static int text(byte[] b, int p, String s) {
        byte[] u = utf8(s);
        b[p++] = (byte) u.length;
        System.arraycopy(u, 0, b, p, u.length);
        return p + u.length;
    }

    private static int int32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        return p + 4;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A bounds-checked cursor. */
    private static final class Reader {
        final byte[] b;
        final int end;
        int p;

        Reader(byte[] b, int p, int end) {
            this.b = b;
            this.p = p;
            this.end = end;
        }

        RelayTrack track() throws Malformed {
            String producerId = text(RelayTrack.MAX_TEXT);
            String participantId = text(RelayTrack.MAX_TEXT);
            String cname = text(RelayTrack.MAX_TEXT);
            String mid = text(RelayTrack.MAX_TEXT);
            int kind = u8();
            int ssrc = i32();
            int rtxSsrc = i32();
            int pt = u8();
            int rtxPt = (byte) u8();
            int clockRate = i32();
            int midExt = u8();
            int flags = u8();
            String name = text(RelayTrack.MAX_TEXT);
            int channels = u8();
            int fmtpLength = (u8() << 8) | u8();
            if (fmtpLength > RelayTrack.MAX_FMTP) {
                throw new Malformed("fmtp too long");
            }
            String fmtp = string(fmtpLength);
            int feedbackCount = u8();
            if (feedbackCount > RelayTrack.MAX_FEEDBACK) {
                throw new Malformed("too many rtcp-fb entries");
            }
            List<String> feedback = new ArrayList<>(feedbackCount);
            for (int i = 0; i < feedbackCount; i++) {
                feedback.add(text(RelayTrack.MAX_TEXT));
            }
            if (kind > 1 || producerId.isEmpty() || participantId.isEmpty() || name.isEmpty()) {
                throw new Malformed("bad track header");
            }
            try {
                ProducerSpec spec = new ProducerSpec(kind == 1 ? MediaKind.VIDEO : MediaKind.AUDIO, mid, ssrc, pt,
                        clockRate, rtxSsrc, rtxPt, midExt, (flags & 1) != 0, (flags & 2) != 0);
                Codec codec = new Codec(pt, name, clockRate, Math.max(1, channels), fmtp, feedback);
                return new RelayTrack(producerId, participantId, cname, codec, spec);
            } catch (IllegalArgumentException | SdpException e) {
                throw new Malformed("invalid stream: " + e.getMessage());
            }
        }

        int u8() throws Malformed {
            if (p >= end) {
                throw new Malformed("truncated");
            }
            return b[p++] & 0xFF;
        }

        int i32() throws Malformed {
            if (end - p < 4) {
                throw new Malformed("truncated");
            }
            int v = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4;
            return v;
        }

        String text(int max) throws Malformed {
            int len = u8();
            if (len > max) {
                throw new Malformed("text too long");
            }
            return string(len);
        }

        String string(int len) throws Malformed {
            if (end - p < len) {
                throw new Malformed("truncated");
            }
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }
    }
}
