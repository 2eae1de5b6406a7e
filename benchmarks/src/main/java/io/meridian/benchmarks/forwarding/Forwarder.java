package io.meridian.benchmarks.forwarding;

import java.net.InetSocketAddress;

/** A forwarding path under test: where publishers send, the one thread that forwards, and its own counters. */
interface Forwarder extends AutoCloseable {
    /** Short label for tables ({@code agent}, {@code udp-fwd}). */
    String name();

    /** Where publishers send. */
    InetSocketAddress address();

    /** The thread doing the per-packet work, whose CPU time is measured. */
    Thread thread();

    /** RTP packets accepted from publishers so far. */
    long received();

    /** RTP packets sent to subscribers so far. */
    long forwarded();

    /** Packets the forwarder itself dropped or failed to send, counted by cause ("" when none). */
    String drops();

    /** Total of {@link #drops()}. */
    long dropTotal();

    @Override
    void close();
}
