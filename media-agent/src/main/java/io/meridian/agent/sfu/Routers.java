package io.meridian.agent.sfu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routers of this agent, by conference id. The media thread calls {@link #tick} (allocation-free: it walks an
 * array snapshot); the control path creates and removes routers. Totals feed the load report.
 */
public final class Routers {
    private final ConcurrentHashMap<String, Router> byId = new ConcurrentHashMap<>();
    private final SfuSettings settings;
    private final RouterListener listener;
    private volatile Router[] all = new Router[0];

    /** Routers with default settings and no listener. */
    public Routers() {
        this(SfuSettings.DEFAULTS, new RouterListener() { });
    }

    /** Routers sharing settings and one listener. */
    public Routers(SfuSettings settings, RouterListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** The router of a conference, created on first use. */
    public Router getOrCreate(String conferenceId) {
        Router r = byId.get(conferenceId);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = byId.get(conferenceId);
            if (r == null) {
                r = new Router(conferenceId, settings, listener);
                byId.put(conferenceId, r);
                Router[] next = Arrays.copyOf(all, all.length + 1);
                next[next.length - 1] = r;
                all = next;
            }
            return r;
        }
    }

    /** The router of a conference, or null. */
    public Router get(String conferenceId) {
        return byId.get(conferenceId);
    }

    /** Removes a conference's router after detaching every transport still attached. */
    public void remove(String conferenceId) {
        Router r;
        synchronized (this) {
            r = byId.remove(conferenceId);
            if (r == null) {
                return;
            }
            all = Arrays.stream(all).filter(x -> x != r).toArray(Router[]::new);
        }
        for (RouterTransport t : r.transports()) {
            r.detach(t);
        }
    }

    /** All routers (snapshot). */
    public Router[] all() {
        return all.clone();
    }

    /** Ticks every router; call on the media thread. */
    public void tick(long nowNanos) {
        for (Router r : all) {
            r.tick(nowNanos);
        }
    }

    /** Sum of RTP packets received from publishers. */
    public long packetsIn() {
        long sum = 0;
        for (Router r : all) {
            sum += r.packetsIn();
        }
        return sum;
    }

    /** Sum of RTP packets sent to subscribers. */
    public long packetsOut() {
        long sum = 0;
        for (Router r : all) {
            sum += r.packetsOut();
        }
        return sum;
    }

    /** Sum of RTP bytes received. */
    public long bytesIn() {
        long sum = 0;
        for (Router r : all) {
            sum += r.bytesIn();
        }
        return sum;
    }

    /** Sum of RTP bytes sent. */
    public long bytesOut() {
        long sum = 0;
        for (Router r : all) {
            sum += r.bytesOut();
        }
        return sum;
    }
}
