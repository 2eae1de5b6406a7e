package io.meridian.agent.sfu;

import java.util.Arrays;

/**
 * One incoming stream (an SSRC, with its RTX SSRC) published by a transport into a router. Holds its consumers
 * (an immutable array swapped by the control path), the NACK send cache (video), reception statistics for our
 * receiver reports, and the keyframe-request rate limiter.
 */
public final class Producer {
    static final Consumer[] NO_CONSUMERS = new Consumer[0];
    /** Pending upstream retransmission requests remembered to route the publisher's RTX answer. */
    static final int PENDING = 64;

    private final String id;
    private final RouterTransport transport;
    private final ProducerSpec spec;
    final SendCache cache;
    final ReceiveStats stats;
    volatile Consumer[] consumers = NO_CONSUMERS;
    volatile boolean closed;

    // keyframe requests (media thread, except the volatile flag set by the control path)
    volatile boolean keyframeWanted;
    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    int firSequence;

    // NACKs passed upstream: when, and for which consumer, so the RTX answer can go straight back
    final int[] upstreamSeq = new int[256];
    final long[] upstreamAtNanos = new long[256];
    final int[] pendingSeq = new int[PENDING];
    final Consumer[] pendingConsumer = new Consumer[PENDING];
    int pendingNext;

    // counters: written by the media thread, read racily
    long packetsReceived;
    long bytesReceived;
    long keyframeRequestsSent;
    long nackHits;
    long nackMisses;
    long rtxRecovered;

    Producer(String id, RouterTransport transport, ProducerSpec spec, SfuSettings settings) {
        this.id = id;
        this.transport = transport;
        this.spec = spec;
        this.cache = spec.kind() == MediaKind.VIDEO ? new SendCache(settings.sendCacheSlots()) : null;
        this.stats = new ReceiveStats(spec.clockRate());
        Arrays.fill(upstreamSeq, -1);
        Arrays.fill(pendingSeq, -1);
    }

    /** Router-unique id (for signaling). */
    public String id() {
        return id;
    }

    /** The publishing transport. */
    public RouterTransport transport() {
        return transport;
    }

    /** What the publisher negotiated. */
    public ProducerSpec spec() {
        return spec;
    }

    /** Audio or video. */
    public MediaKind kind() {
        return spec.kind();
    }

    /** Media SSRC. */
    public int ssrc() {
        return spec.ssrc();
    }

    /** Current consumers (a snapshot). */
    public Consumer[] consumers() {
        return consumers.clone();
    }

    /** Whether the producer was removed. */
    public boolean closed() {
        return closed;
    }

    /** Asks for a keyframe from the publisher; sent on the media thread within the rate limit. */
    public void requestKeyframe() {
        if (spec.kind() == MediaKind.VIDEO) {
            keyframeWanted = true;
        }
    }

    /** RTP packets received from the publisher. */
    public long packetsReceived() {
        return packetsReceived;
    }

    /** RTP bytes received from the publisher. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** PLI/FIR sent to the publisher. */
    public long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    /** NACKed packets answered from the send cache. */
    public long nackHits() {
        return nackHits;
    }

    /** NACKed packets not in the cache (asked upstream). */
    public long nackMisses() {
        return nackMisses;
    }

    @Override
    public String toString() {
        return "Producer[" + id + " " + spec.kind() + " ssrc=" + Integer.toUnsignedString(spec.ssrc()) + "]";
    }
}
