package io.meridian.agent.net;

import java.nio.ByteBuffer;

/**
 * Splits a TCP byte stream into RFC 4571 frames (a 16-bit big-endian length, then that many bytes): bytes may
 * arrive split or merged in any way. A frame longer than the limit, or an empty one, poisons the stream (the
 * connection is closed: there is no resynchronising a length-prefixed stream). One instance per connection,
 * used by one thread.
 */
public final class Rfc4571Deframer {
    /** What became of the bytes fed. */
    public enum Result { OK, OVERSIZE, EMPTY_FRAME }

    /** Receives each complete frame; the buffer is reused after the call returns. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(byte[] b, int off, int len);
    }

    private final int maxFrame;
    private final byte[] buf;
    private int len;

    /** A deframer accepting frames of at most {@code maxFrame} bytes (≤ 65535). */
    public Rfc4571Deframer(int maxFrame) {
        if (maxFrame < 1 || maxFrame > 65535) {
            throw new IllegalArgumentException("max frame must be 1..65535: " + maxFrame);
        }
        this.maxFrame = maxFrame;
        this.buf = new byte[maxFrame + 2];
    }

    /** Feeds {@code b[off..off+n)}, emitting every frame it completes. */
    public Result feed(byte[] b, int off, int n, FrameSink sink) {
        int end = off + n;
        while (off < end) {
            int room = buf.length - len;
            int take = Math.min(room, end - off);
            System.arraycopy(b, off, buf, len, take);
            len += take;
            off += take;
            Result r = drain(sink);
            if (r != Result.OK) {
                return r;
            }
        }
        return Result.OK;
    }

    /** Feeds the remaining bytes of {@code in}. */
    public Result feed(ByteBuffer in, FrameSink sink) {
        while (in.hasRemaining()) {
            int take = Math.min(buf.length - len, in.remaining());
            in.get(buf, len, take);
            len += take;
            Result r = drain(sink);
            if (r != Result.OK) {
                return r;
            }
        }
        return Result.OK;
    }

    /** Bytes of an incomplete frame held back. */
    public int buffered() {
        return len;
    }

    private Result drain(FrameSink sink) {
        int pos = 0;
        while (len - pos >= 2) {
            int frame = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            if (frame > maxFrame) {
                return Result.OVERSIZE;
            }
            if (frame == 0) {
                return Result.EMPTY_FRAME;
            }
            if (len - pos - 2 < frame) {
                break;
            }
            sink.onFrame(buf, pos + 2, frame);
            pos += 2 + frame;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
        }
        return Result.OK;
    }
}
