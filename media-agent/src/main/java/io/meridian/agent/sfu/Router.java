package io.meridian.agent.sfu;

import io.meridian.agent.rtp.RtpHeader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One conference's forwarding: routes each producer's packets to its consumers and handles RTCP feedback.
 * See the package documentation for the threading rules. The per-packet path ({@link #onRtp}) is a table lookup
 * and a short loop over the producer's consumer array, copying into a per-thread scratch buffer.
 */
public final class Router {
    private static final Logger LOG = Logger.getLogger(Router.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SfuSettings settings;
    private final RouterListener listener;
    final int localSsrc;
    private final AtomicLong ids = new AtomicLong();
    final RtcpHandler rtcp;

    // published by the control path, read by the media thread
    volatile SsrcTable ssrcs = SsrcTable.EMPTY;
    volatile Producer[] producers = RouterTransport.NO_PRODUCERS;
    volatile RouterTransport[] transports = new RouterTransport[0];

    private long nextFeedbackNanos;
    private boolean feedbackScheduled;

    // counters: written by the media thread (collisions by the control path under the monitor), read racily
    long packetsIn;
    long bytesIn;
    long packetsOut;
    long bytesOut;
    long unknownSsrcDrops;
    long foreignSsrcDrops;
    long malformedDrops;
    private volatile long ssrcCollisions;

    /** A router with default settings and no listener. */
    public Router(String id) {
        this(id, SfuSettings.DEFAULTS, new RouterListener() { });
    }

    /** A router for conference {@code id}. */
    public Router(String id, SfuSettings settings, RouterListener listener) {
        this.id = id;
        this.settings = settings;
        this.listener = listener;
        this.localSsrc = RANDOM.nextInt() | 1;
        this.rtcp = new RtcpHandler(this, settings);
    }

    /** The conference id. */
    public String id() {
        return id;
    }

    RouterListener listener() {
        return listener;
    }

    /** Settings in force. */
    public SfuSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ control path

    /** Attaches a transport; keep the returned handle and pass it to every packet call. */
    public synchronized RouterTransport attach(MediaSender sender) {
        RouterTransport t = new RouterTransport(id + "/t" + ids.incrementAndGet(), this, sender, settings);
        RouterTransport[] next = Arrays.copyOf(transports, transports.length + 1);
        next[next.length - 1] = t;
        transports = next;
        return t;
    }

    /** Detaches a transport: removes its producers (and their consumers everywhere) and its consumers. */
    public void detach(RouterTransport t) {
        List<Producer> removed = new ArrayList<>();
        synchronized (this) {
            if (t.detached) {
                return;
            }
            t.detached = true;
            for (Consumer c : t.consumers) {
                removeConsumerLocked(c);
            }
            for (Producer p : t.producers) {
                removeProducerLocked(p);
                removed.add(p);
            }
            transports = Arrays.stream(transports).filter(x -> x != t).toArray(RouterTransport[]::new);
        }
        removed.forEach(p -> listener.onProducerRemoved(this, p));
    }

    /**
     * Adds a producer for a transport's incoming stream. Returns null, counting a collision, when its SSRC or RTX
     * SSRC is already used in this router (SSRCs are the publishers' random values and are kept end to end).
     */
    public Producer addProducer(RouterTransport t, ProducerSpec spec) {
        Producer p;
        synchronized (this) {
            requireOwn(t);
            SsrcTable table = ssrcs;
            boolean collides = table.get(spec.ssrc()) != null || spec.ssrc() == localSsrc
                    || (spec.hasRtx() && (table.get(spec.rtxSsrc()) != null || spec.rtxSsrc() == localSsrc));
            if (collides) {
                ssrcCollisions++;
                LOG.warnf("router %s: SSRC %s of %s collides with an existing stream; producer refused", id,
                        Integer.toUnsignedString(spec.ssrc()), t.id());
                return null;
            }
            p = new Producer(id + "/p" + ids.incrementAndGet(), t, spec, settings);
            Producer[] next = Arrays.copyOf(producers, producers.length + 1);
            next[next.length - 1] = p;
            t.producers = append(t.producers, p);
            ssrcs = new SsrcTable(next);
            producers = next;
        }
        listener.onProducerAdded(this, p);
        return p;
    }

    /** Removes a producer and all its consumers. */
    public void removeProducer(Producer p) {
        synchronized (this) {
            if (p.closed()) {
                return;
            }
            removeProducerLocked(p);
        }
        listener.onProducerRemoved(this, p);
    }

    /**
     * Starts forwarding {@code producer} to {@code subscriber} and asks the publisher for a keyframe (sent on the
     * media thread within the rate limit). Returns the existing consumer if there already is one.
     */
    public synchronized Consumer addConsumer(Producer producer, RouterTransport subscriber, ConsumerSpec spec) {
        requireOwn(subscriber);
        if (producer.closed() || producer.transport().router() != this) {
            throw new IllegalArgumentException("producer " + producer.id() + " is not live in router " + id);
        }
        for (Consumer c : producer.consumers) {
            if (c.transport() == subscriber) {
                return c;
            }
        }
        Consumer c = new Consumer(producer, subscriber, spec);
        producer.consumers = append(producer.consumers, c);
        subscriber.consumers = append(subscriber.consumers, c);
        producer.requestKeyframe();
        return c;
    }

    /** Stops a consumer. */
    public synchronized void removeConsumer(Consumer c) {
        removeConsumerLocked(c);
    }

    /** Live producers (snapshot). */
    public Producer[] producers() {
        return producers.clone();
    }

    /** Attached transports (snapshot). */
    public RouterTransport[] transports() {
        return transports.clone();
    }

    private void requireOwn(RouterTransport t) {
        if (t.router() != this || t.detached) {
            throw new IllegalArgumentException("transport " + t.id() + " is not attached to router " + id);
        }
    }

    private void removeProducerLocked(Producer p) {
        if (p.closed) {
            return;
        }
        p.closed = true;
        for (Consumer c : p.consumers) {
            removeConsumerLocked(c);
        }
        Producer[] next = Arrays.stream(producers).filter(x -> x != p).toArray(Producer[]::new);
        RouterTransport t = p.transport();
        t.producers = Arrays.stream(t.producers).filter(x -> x != p).toArray(Producer[]::new);
        ssrcs = new SsrcTable(next);
        producers = next;
    }

    private void removeConsumerLocked(Consumer c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        Producer p = c.producer();
        p.consumers = Arrays.stream(p.consumers).filter(x -> x != c).toArray(Consumer[]::new);
        RouterTransport t = c.transport();
        t.consumers = Arrays.stream(t.consumers).filter(x -> x != c).toArray(Consumer[]::new);
    }

    private static <T> T[] append(T[] a, T x) {
        T[] next = Arrays.copyOf(a, a.length + 1);
        next[a.length] = x;
        return next;
    }

    // ------------------------------------------------------------------ media thread

    /**
     * Routes one decrypted RTP packet received on {@code from}. Returns false when it was dropped (malformed,
     * unknown SSRC, or an SSRC that belongs to another transport).
     */
    public boolean onRtp(RouterTransport from, byte[] b, int off, int len, long nowNanos) {
        int hdr = RtpHeader.headerLength(b, off, len);
        if (hdr < 0 || len > SendCache.SLOT_SIZE) {
            malformedDrops++;
            return false;
        }
        int ssrc = RtpHeader.ssrc(b, off);
        Producer p = ssrcs.get(ssrc);
        if (p == null) {
            unknownSsrcDrops++;
            return false;
        }
        if (p.transport() != from) {
            foreignSsrcDrops++;
            return false;
        }
        packetsIn++;
        bytesIn += len;
        p.packetsReceived++;
        p.bytesReceived += len;
        if (ssrc != p.spec().ssrc()) {
            return rtcp.onPublisherRtx(p, b, off, len, hdr);
        }
        int seq = RtpHeader.sequenceNumber(b, off);
        p.stats.onPacket(seq, RtpHeader.timestamp(b, off), nowNanos);
        if (p.cache != null) {
            p.cache.put(seq, b, off, len);
        }
        forward(p, b, off, len);
        return true;
    }

    /** Routes one decrypted RTCP compound packet received on {@code from}; false when malformed. */
    public boolean onRtcp(RouterTransport from, byte[] b, int off, int len, long nowNanos) {
        return rtcp.onRtcp(from, b, off, len, nowNanos);
    }

    /** Periodic work on the media thread: pending keyframe requests, receiver reports and REMB to publishers. */
    public void tick(long nowNanos) {
        for (Producer p : producers) {
            if (p.keyframeWanted) {
                rtcp.maybeRequestKeyframe(p, nowNanos);
            }
        }
        if (!feedbackScheduled || nowNanos - nextFeedbackNanos >= 0) {
            feedbackScheduled = true;
            nextFeedbackNanos = nowNanos + settings.feedbackIntervalMillis() * 1_000_000L;
            for (RouterTransport t : transports) {
                if (t.producers.length > 0 && !t.detached) {
                    rtcp.sendPublisherFeedback(t, nowNanos);
                }
            }
        }
    }

    /** Copies the packet to every live consumer, rewriting payload type and mid as each subscriber needs. */
    void forward(Producer p, byte[] b, int off, int len) {
        Consumer[] cs = p.consumers;
        if (cs.length == 0) {
            return;
        }
        long mid = MidRewriter.locate(b, off, len, p.spec().midExtensionId());
        boolean twoByte = mid >= 0 && MidRewriter.twoByte(b, off);
        int midOff = mid >= 0 ? RtpHeader.extensionOffset(mid) - off : 0;
        int midLen = mid >= 0 ? RtpHeader.extensionLength(mid) : 0;
        boolean mediaPt = RtpHeader.payloadType(b, off) == p.spec().payloadType();
        byte[] out = Scratch.get().packet;
        for (Consumer c : cs) {
            if (c.paused) {
                continue;
            }
            System.arraycopy(b, off, out, 0, len);
            if (mediaPt && c.rewritesPayloadType()) {
                RtpHeader.setPayloadType(out, 0, c.spec().payloadType());
            }
            if (mid >= 0) {
                MidRewriter.rewrite(out, midOff, midLen, twoByte, c.spec().midExtensionId(), c.midBytes);
            }
            c.transport().sender().sendRtp(out, 0, len);
            c.packetsSent++;
            c.bytesSent += len;
            packetsOut++;
            bytesOut += len;
        }
    }

    // ------------------------------------------------------------------ counters

    /** RTP packets received from publishers. */
    public long packetsIn() {
        return packetsIn;
    }

    /** RTP bytes received from publishers. */
    public long bytesIn() {
        return bytesIn;
    }

    /** RTP packets sent to subscribers (forwarded and retransmitted). */
    public long packetsOut() {
        return packetsOut;
    }

    /** RTP bytes sent to subscribers. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Producers refused because their SSRC was taken. */
    public long ssrcCollisions() {
        return ssrcCollisions;
    }

    /** RTP packets dropped for an SSRC no producer has. */
    public long unknownSsrcDrops() {
        return unknownSsrcDrops;
    }

    /** RTP packets dropped because their SSRC belongs to another transport's producer. */
    public long foreignSsrcDrops() {
        return foreignSsrcDrops;
    }

    /** RTP/RTCP packets dropped as malformed. */
    public long malformedDrops() {
        return malformedDrops;
    }

    @Override
    public String toString() {
        return "Router[" + id + "]";
    }

    /** Per-thread buffers the media path copies into; sized for a datagram plus SRTP headroom. */
    static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        final byte[] packet = new byte[SendCache.SLOT_SIZE + MediaSender.HEADROOM + 2];
        final byte[] aux = new byte[SendCache.SLOT_SIZE + MediaSender.HEADROOM + 2];
        final byte[] rtcp = new byte[1500];
        final int[] pids = new int[128];
        final int[] blps = new int[128];
        final int[] ssrcs = new int[64];

        static Scratch get() {
            return LOCAL.get();
        }
    }
}
