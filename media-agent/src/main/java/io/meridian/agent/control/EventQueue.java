package io.meridian.agent.control;

import io.meridian.proto.agent.v1.AgentMessage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Participant events waiting for one replica's session. Bounded: beyond {@link #MAX_PENDING_EVENTS} an event is
 * dropped and the queue asks for a resynchronisation (a new session, whose Hello carries the truth again).
 * Offered from any thread; drained and cleared on the link's thread.
 */
final class EventQueue {

    /** Pending events beyond this are dropped and the session is restarted so Hello resynchronises. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final Queue<AgentMessage> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean resyncNeeded;

    /** Queues {@code event}, or drops it and asks for a resync when the queue is full. */
    void offer(AgentMessage event) {
        if (count.incrementAndGet() > MAX_PENDING_EVENTS) {
            count.decrementAndGet();
            // Dropping breaks the controller's view; a fresh Hello carries the truth again.
            resyncNeeded = true;
        } else {
            pending.add(event);
        }
    }

    /** Forgets everything pending: the next Hello's hosted list supersedes it. */
    void clear() {
        pending.clear();
        count.set(0);
        resyncNeeded = false;
    }

    /** True when events were dropped since the last {@link #clear()}. */
    boolean resyncNeeded() {
        return resyncNeeded;
    }

    /** Hands pending events in order to {@code send} while {@code ready} says the stream takes more. */
    void drainTo(Consumer<AgentMessage> send, BooleanSupplier ready) {
        AgentMessage event;
        while (ready.getAsBoolean() && (event = pending.poll()) != null) {
            count.decrementAndGet();
            send.accept(event);
        }
    }
}
