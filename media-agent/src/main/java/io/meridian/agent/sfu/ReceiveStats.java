package io.meridian.agent.sfu;

import io.meridian.agent.rtp.RtcpWriter;

/**
 * Reception statistics of one incoming stream for the receiver reports we send its publisher: extended highest
 * sequence number, cumulative and interval loss (RFC 3550 A.1, A.3), interarrival jitter (A.8) and the
 * LSR/DLSR pair that lets the publisher measure its RTT to us. Media thread only.
 */
final class ReceiveStats {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final int clockRate;
    private boolean started;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private int badSeq = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean haveTransit;
    private long jitterQ4; // jitter in timestamp units, times 16 (RFC 3550 A.8 fixed point)
    private long lastSrMiddle = -1;
    private long lastSrArrivalNanos;

    ReceiveStats(int clockRate) {
        this.clockRate = clockRate;
    }

    void onPacket(int seq, long rtpTimestamp, long nowNanos) {
        if (!started) {
            restart(seq);
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += 65536;
                }
                maxSeq = seq;
            } else if (delta <= 65536 - MAX_MISORDER) {
                if (seq == badSeq) { // two sequential packets after a big jump: the source restarted
                    restart(seq);
                } else {
                    badSeq = (seq + 1) & 0xFFFF;
                    return;
                }
            }
            // else: duplicate or reordered, counted below
        }
        received++;
        long arrival = (nowNanos / 1000) * clockRate / 1_000_000;
        long transit = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < (long) clockRate * 10) { // ignore timestamp jumps (new source, long pause)
                jitterQ4 += d - ((jitterQ4 + 8) >> 4);
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private void restart(int seq) {
        started = true;
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        badSeq = -1;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    void onSenderReport(long ntp, long nowNanos) {
        lastSrMiddle = (ntp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalNanos = nowNanos;
    }

    boolean started() {
        return started;
    }

    long received() {
        return received;
    }

    long extendedHighest() {
        return cycles + maxSeq;
    }

    long cumulativeLost() {
        return extendedHighest() - baseSeq + 1 - received;
    }

    long jitter() {
        return jitterQ4 >> 4;
    }

    /** Writes a report block for {@code ssrc} at r and starts a new loss interval. */
    void writeReportBlock(byte[] b, int r, int ssrc, long nowNanos) {
        long expected = extendedHighest() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long lsr = lastSrMiddle < 0 ? 0 : lastSrMiddle;
        long dlsr = lastSrMiddle < 0 ? 0 : ((nowNanos - lastSrArrivalNanos) * 65536L) / 1_000_000_000L;
        RtcpWriter.writeReportBlock(b, r, ssrc, fraction, (int) Math.min(Integer.MAX_VALUE, cumulativeLost()),
                extendedHighest(), jitter(), lsr, dlsr);
    }
}
