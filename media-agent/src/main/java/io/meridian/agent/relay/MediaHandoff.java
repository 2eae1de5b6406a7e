package io.meridian.agent.relay;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves decrypted relay packets from the relay thread to the media thread, which alone may call the routers
 * (their packet path is single-threaded by design). A single-producer single-consumer ring of preallocated slots:
 * the relay thread copies a packet in and, when no drain is pending, posts one drain task to the media thread's
 * executor; the drain hands every queued packet to its link. A full ring drops and counts, never blocks.
 */
final class MediaHandoff {
    /** Receives queued packets on the media thread. */
    interface Delivery {
        /** One packet; {@code b} is the slot's buffer and is reused after the call. */
        void deliver(RelayLink link, boolean rtcp, byte[] b, int len, long nowNanos);
    }

    private final byte[][] buffers;
    private final int[] lengths;
    private final boolean[] rtcp;
    private final RelayLink[] links;
    private final int mask;
    private final Executor mediaThread;
    private final Delivery delivery;
    private final AtomicLong tail = new AtomicLong(); // written by the relay thread
    private final AtomicLong head = new AtomicLong(); // written by the media thread
    private final AtomicBoolean drainPosted = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private long cachedHead; // relay thread's last view of head

    /** A ring of {@code slots} (a power of two) buffers of {@code slotBytes} each. */
    MediaHandoff(int slots, int slotBytes, Executor mediaThread, Delivery delivery) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.buffers = new byte[slots][slotBytes];
        this.lengths = new int[slots];
        this.rtcp = new boolean[slots];
        this.links = new RelayLink[slots];
        this.mask = slots - 1;
        this.mediaThread = mediaThread;
        this.delivery = delivery;
    }

    /** Relay thread: queues a copy of {@code b[off..off+len)}; false when the ring is full or the packet too big. */
    boolean offer(RelayLink link, boolean isRtcp, byte[] b, int off, int len) {
        long t = tail.get();
        if (t - cachedHead >= buffers.length) {
            cachedHead = head.get();
            if (t - cachedHead >= buffers.length) {
                return false;
            }
        }
        int i = (int) (t & mask);
        if (len > buffers[i].length) {
            return false;
        }
        System.arraycopy(b, off, buffers[i], 0, len);
        lengths[i] = len;
        rtcp[i] = isRtcp;
        links[i] = link;
        tail.lazySet(t + 1);
        if (!drainPosted.get() && drainPosted.compareAndSet(false, true)) {
            try {
                mediaThread.execute(drainTask);
            } catch (RuntimeException e) {
                drainPosted.set(false); // the media thread is gone (shutdown): the packet stays queued
            }
        }
        return true;
    }

    /** Media thread: delivers everything queued. */
    private void drain() {
        drainPosted.set(false);
        long h = head.get();
        long t = tail.get();
        long now = System.nanoTime();
        while (h < t) {
            int i = (int) (h & mask);
            RelayLink link = links[i];
            links[i] = null;
            try {
                delivery.deliver(link, rtcp[i], buffers[i], lengths[i], now);
            } finally {
                head.lazySet(++h);
            }
            if (h == t) {
                t = tail.get();
            }
        }
    }

    /** Packets queued and not yet delivered. */
    int queued() {
        return (int) (tail.get() - head.get());
    }
}
