package io.meridian.agent.report;

import jakarta.inject.Singleton;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Packet and byte counters for all media sockets, cheap enough for the per-packet path.
 *
 * <p>Every writing thread owns a {@link Lane}: a set of single-writer counters it bumps with plain
 * arithmetic and an opaque store (no lock, no CAS, no allocation). The reporter sums the lanes once per
 * interval and turns the deltas into rates. A thread either keeps the lane from {@link #newLane} (dedicated
 * socket/forwarding threads, closed when the thread stops) or calls {@link #forCurrentThread()} (occasional
 * writers such as DTLS or timer threads; their lane is folded away once the thread has died). Totals never
 * go backwards: a retired lane's counts move into a base before the lane is dropped.
 */
@Singleton
public final class TrafficCounters {

    /** Monotonic totals since start. */
    public record Totals(long packetsIn, long bytesIn, long packetsOut, long bytesOut) {
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final ThreadLocal<Lane> threadLanes = ThreadLocal.withInitial(this::newThreadLane);
    private long retiredPacketsIn;
    private long retiredBytesIn;
    private long retiredPacketsOut;
    private long retiredBytesOut;

    /**
     * A lane for one writing thread, e.g. a socket's receive loop. Only that thread may write to it;
     * {@link Lane#close()} it when the thread stops so that it is folded into the totals.
     */
    public synchronized Lane newLane(String name) {
        Lane lane = new Lane(name, null);
        lanes.add(lane);
        return lane;
    }

    /** The calling thread's own lane, created on first use; folded into the totals when the thread dies. */
    public Lane forCurrentThread() {
        return threadLanes.get();
    }

    private synchronized Lane newThreadLane() {
        Thread owner = Thread.currentThread();
        Lane lane = new Lane(owner.getName(), owner);
        lanes.add(lane);
        return lane;
    }

    /** Sums every lane; retires closed lanes and lanes of dead threads. */
    public synchronized Totals totals() {
        long packetsIn = retiredPacketsIn;
        long bytesIn = retiredBytesIn;
        long packetsOut = retiredPacketsOut;
        long bytesOut = retiredBytesOut;
        for (Iterator<Lane> it = lanes.iterator(); it.hasNext(); ) {
            Lane lane = it.next();
            // Read "retired" before the counters: a true value publishes the writer's final counts
            // (volatile close, or Thread.isAlive() == false, both happen-after the last write).
            boolean retired = lane.retired();
            long pIn = (long) Lane.PACKETS_IN.getOpaque(lane);
            long bIn = (long) Lane.BYTES_IN.getOpaque(lane);
            long pOut = (long) Lane.PACKETS_OUT.getOpaque(lane);
            long bOut = (long) Lane.BYTES_OUT.getOpaque(lane);
            packetsIn += pIn;
            bytesIn += bIn;
            packetsOut += pOut;
            bytesOut += bOut;
            if (retired) {
                retiredPacketsIn += pIn;
                retiredBytesIn += bIn;
                retiredPacketsOut += pOut;
                retiredBytesOut += bOut;
                it.remove();
            }
        }
        return new Totals(packetsIn, bytesIn, packetsOut, bytesOut);
    }

    /** Number of live lanes, for diagnostics and tests. */
    public synchronized int laneCount() {
        return lanes.size();
    }

    /** Padding before the hot fields so two lanes' counters never share a cache line. */
    @SuppressWarnings("unused")
    abstract static class LeftPad {
        long p01, p02, p03, p04, p05, p06, p07, p08;
    }

    /** The hot fields, written by one thread only. */
    abstract static class Fields extends LeftPad {
        long packetsIn;
        long bytesIn;
        long packetsOut;
        long bytesOut;
    }

    /** Padding after the hot fields. */
    @SuppressWarnings("unused")
    abstract static class RightPad extends Fields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
    }

    /** One writer's counters. Not thread-safe for writing by design: exactly one thread writes. */
    public static final class Lane extends RightPad {

        static final VarHandle PACKETS_IN;
        static final VarHandle BYTES_IN;
        static final VarHandle PACKETS_OUT;
        static final VarHandle BYTES_OUT;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                PACKETS_IN = lookup.findVarHandle(Fields.class, "packetsIn", long.class);
                BYTES_IN = lookup.findVarHandle(Fields.class, "bytesIn", long.class);
                PACKETS_OUT = lookup.findVarHandle(Fields.class, "packetsOut", long.class);
                BYTES_OUT = lookup.findVarHandle(Fields.class, "bytesOut", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final String name;
        private final Thread owner;
        private volatile boolean closed;

        private Lane(String name, Thread owner) {
            this.name = name;
            this.owner = owner;
        }

        /** Counts one received packet of {@code bytes} bytes (UDP payload). */
        public void received(int bytes) {
            // Single writer: a plain read of our own field, then an opaque store the reporter can see.
            PACKETS_IN.setOpaque(this, packetsIn + 1);
            BYTES_IN.setOpaque(this, bytesIn + bytes);
        }

        /** Counts one sent packet of {@code bytes} bytes (UDP payload). */
        public void sent(int bytes) {
            PACKETS_OUT.setOpaque(this, packetsOut + 1);
            BYTES_OUT.setOpaque(this, bytesOut + bytes);
        }

        /** Retires the lane; its counts stay in the totals. The owner must not write afterwards. */
        public void close() {
            closed = true;
        }

        /** The name given at creation (the thread name for per-thread lanes). */
        public String name() {
            return name;
        }

        private boolean retired() {
            return closed || (owner != null && !owner.isAlive());
        }
    }
}
