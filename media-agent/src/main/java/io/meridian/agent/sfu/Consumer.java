package io.meridian.agent.sfu;

import java.nio.charset.StandardCharsets;

/**
 * One outgoing copy of a producer towards one subscribing transport. Keeps the publisher's SSRC; rewrites the
 * payload type and the mid extension when the subscriber negotiated different ones.
 */
public final class Consumer {
    private final Producer producer;
    private final RouterTransport transport;
    private final ConsumerSpec spec;
    final byte[] midBytes;
    volatile boolean paused;
    volatile boolean closed;

    // media thread
    int rtxSequence;
    int fractionLost = -1;
    long fractionLostAtNanos;
    long packetsSent;
    long bytesSent;
    long retransmissions;

    Consumer(Producer producer, RouterTransport transport, ConsumerSpec spec) {
        this.producer = producer;
        this.transport = transport;
        this.spec = spec;
        this.midBytes = spec.mid().getBytes(StandardCharsets.UTF_8);
        this.rtxSequence = (int) (Math.random() * 65536);
    }

    /** The producer consumed. */
    public Producer producer() {
        return producer;
    }

    /** The subscribing transport. */
    public RouterTransport transport() {
        return transport;
    }

    /** What the subscriber negotiated. */
    public ConsumerSpec spec() {
        return spec;
    }

    /** Stops (true) or resumes forwarding, e.g. while the subscriber renegotiates. */
    public void setPaused(boolean paused) {
        this.paused = paused;
        if (!paused) {
            producer.requestKeyframe();
        }
    }

    /** Whether forwarding is paused. */
    public boolean paused() {
        return paused;
    }

    /** Whether the consumer was removed. */
    public boolean closed() {
        return closed;
    }

    /** Packets forwarded to the subscriber. */
    public long packetsSent() {
        return packetsSent;
    }

    /** Bytes forwarded to the subscriber. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Packets resent from the cache in answer to the subscriber's NACKs. */
    public long retransmissions() {
        return retransmissions;
    }

    /** Last loss fraction (0..255) the subscriber reported for this stream, or -1. */
    public int fractionLost() {
        return fractionLost;
    }

    boolean rewritesPayloadType() {
        return spec.payloadType() != producer.spec().payloadType();
    }

    @Override
    public String toString() {
        return "Consumer[" + producer.id() + " -> " + transport.id() + " mid=" + spec.mid() + "]";
    }
}
