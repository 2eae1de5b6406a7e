package io.meridian.agent.sfu;

/**
 * A transport attached to a router: the handle the transport passes back on every packet, holding its producers,
 * its consumers, the bandwidth estimate we announce to it as a publisher and the REMB it sent as a subscriber.
 */
public final class RouterTransport {
    static final Producer[] NO_PRODUCERS = new Producer[0];

    private final String id;
    private final Router router;
    private final MediaSender sender;
    volatile Producer[] producers = NO_PRODUCERS;
    volatile Consumer[] consumers = Producer.NO_CONSUMERS;
    volatile boolean detached;

    // media thread
    final BandwidthEstimator estimator;
    long lastAnnouncedBitrate = -1;
    long subscriberRemb = -1;
    long subscriberRembAtNanos;
    double nackTokens;
    long nackTokensAtNanos;
    long nackBudgetDrops;

    RouterTransport(String id, Router router, MediaSender sender, SfuSettings settings) {
        this.id = id;
        this.router = router;
        this.sender = sender;
        this.estimator = new BandwidthEstimator(settings.minBitrate(), settings.maxBitrate());
        this.nackTokens = settings.nackPacketsPerSecond();
        this.nackTokensAtNanos = Long.MIN_VALUE;
    }

    /** NACKed sequence numbers ignored because this subscriber's NACK budget was spent. */
    public long nackBudgetDrops() {
        return nackBudgetDrops;
    }

    /** Router-unique id. */
    public String id() {
        return id;
    }

    /** The router this transport is attached to. */
    public Router router() {
        return router;
    }

    /** Where the router sends. */
    public MediaSender sender() {
        return sender;
    }

    /** This transport's producers (snapshot). */
    public Producer[] producers() {
        return producers.clone();
    }

    /** This transport's consumers (snapshot). */
    public Consumer[] consumers() {
        return consumers.clone();
    }

    /** Whether detached from its router. */
    public boolean detached() {
        return detached;
    }

    /** The last REMB bitrate we sent this transport as a publisher, or -1 before the first. */
    public long lastAnnouncedBitrate() {
        return lastAnnouncedBitrate;
    }

    /** The last REMB this transport sent us as a subscriber, or -1. */
    public long subscriberRemb() {
        return subscriberRemb;
    }

    @Override
    public String toString() {
        return "RouterTransport[" + id + "]";
    }
}
