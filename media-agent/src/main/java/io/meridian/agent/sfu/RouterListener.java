package io.meridian.agent.sfu;

/**
 * Hears about producers appearing and disappearing (signaling renegotiates subscribers). Called on the thread
 * that made the change, after it is visible; must not call back into the router synchronously on the media thread.
 */
public interface RouterListener {
    /** A producer was added. */
    default void onProducerAdded(Router router, Producer producer) {
    }

    /** A producer was removed (its consumers are gone too). */
    default void onProducerRemoved(Router router, Producer producer) {
    }

    /**
     * A subscriber's NACK asked for more retransmissions than its budget allows; {@code dropped} sequence numbers
     * were ignored. Called on the media thread for each such NACK: count, never block.
     */
    default void onNackBudgetExceeded(Router router, RouterTransport subscriber, int dropped) {
    }
}
