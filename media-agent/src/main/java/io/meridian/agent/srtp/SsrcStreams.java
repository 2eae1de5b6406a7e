package io.meridian.agent.srtp;

/**
 * Per-SSRC SRTP state in an open-addressing table keyed by SSRC: lookups allocate nothing; a new SSRC allocates
 * its state once. Bounded so that a peer cannot grow it without limit. Not thread-safe.
 */
final class SsrcStreams {
    /** State of one SSRC in one direction. */
    static final class Stream {
        final int ssrc;
        /** Highest 48-bit RTP packet index seen (ROC << 16 | SEQ), -1 before the first packet. */
        long highestIndex = -1;
        ReplayWindow rtpWindow;
        ReplayWindow rtcpWindow;

        Stream(int ssrc) {
            this.ssrc = ssrc;
        }

        /** RFC 3711 §3.3.1 / Appendix A: the packet index a sequence number most likely belongs to, or -1. */
        long estimateIndex(int seq) {
            if (highestIndex < 0) {
                return seq;
            }
            long roc = highestIndex >>> 16;
            int last = (int) (highestIndex & 0xFFFF);
            long v;
            if (last < 32768) {
                v = seq - last > 32768 ? roc - 1 : roc;
            } else {
                v = last - 32768 > seq ? roc + 1 : roc;
            }
            if (v < 0 || v > 0xFFFFFFFFL) {
                return -1;
            }
            return (v << 16) | seq;
        }

        void advance(long index) {
            if (index > highestIndex) {
                highestIndex = index;
            }
        }
    }

    private final int maxStreams;
    private Stream[] table = new Stream[16];
    private int size;

    SsrcStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    /** The stream of {@code ssrc}, or null. */
    Stream get(int ssrc) {
        Stream[] t = table;
        int mask = t.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Stream s = t[i];
            if (s == null || s.ssrc == ssrc) {
                return s;
            }
        }
    }

    /** The stream of {@code ssrc}, created if absent; null when the table is full. */
    Stream getOrCreate(int ssrc) {
        Stream s = get(ssrc);
        if (s != null) {
            return s;
        }
        if (size >= maxStreams) {
            return null;
        }
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        s = new Stream(ssrc);
        insert(table, s);
        size++;
        return s;
    }

    int size() {
        return size;
    }

    private void grow() {
        Stream[] bigger = new Stream[table.length * 2];
        for (Stream s : table) {
            if (s != null) {
                insert(bigger, s);
            }
        }
        table = bigger;
    }

    private static void insert(Stream[] t, Stream s) {
        int mask = t.length - 1;
        int i = mix(s.ssrc) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = s;
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
