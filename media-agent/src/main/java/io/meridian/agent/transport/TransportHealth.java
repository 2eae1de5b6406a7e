package io.meridian.agent.transport;

import io.meridian.agent.srtp.SrtpContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The browser transports' failure counts for metrics, summed when Prometheus scrapes: SRTP authentication
 * failures, SRTP replays, other undecryptable datagrams (before keys, malformed) and failed sends. The packet path
 * keeps writing its plain per-transport fields; this class only keeps the set of live transports (changed when a
 * transport opens or closes, never per packet) and adds a closed transport's counts to retired totals once.
 *
 * <p>Reads are racy by design (plain fields written by the media thread): a scrape may lag a packet or two.
 */
public final class TransportHealth {
    private final Set<WebRtcTransport> live = ConcurrentHashMap.newKeySet();
    private final LongAdder retiredAuth = new LongAdder();
    private final LongAdder retiredReplay = new LongAdder();
    private final LongAdder retiredDropped = new LongAdder();
    private final LongAdder retiredSendFailures = new LongAdder();

    void opened(WebRtcTransport transport) {
        live.add(transport);
    }

    void closed(WebRtcTransport transport) {
        if (!live.remove(transport)) {
            return;
        }
        SrtpContext s = transport.srtp();
        if (s != null) {
            retiredAuth.add(s.authFailures());
            retiredReplay.add(s.replayDrops());
        }
        retiredDropped.add(transport.dropped());
        retiredSendFailures.add(transport.sendFailures());
    }

    /** SRTP/SRTCP packets that failed authentication (wrong key, tampering), over the agent's life. */
    public long srtpAuthFailures() {
        long sum = retiredAuth.sum();
        for (WebRtcTransport t : live) {
            SrtpContext s = t.srtp();
            sum += s == null ? 0 : s.authFailures();
        }
        return sum;
    }

    /** SRTP/SRTCP packets dropped as replays or too old for the replay window. */
    public long srtpReplays() {
        long sum = retiredReplay.sum();
        for (WebRtcTransport t : live) {
            SrtpContext s = t.srtp();
            sum += s == null ? 0 : s.replayDrops();
        }
        return sum;
    }

    /** Media datagrams dropped for any reason but authentication and replay: before keys existed, or malformed. */
    public long undecryptable() {
        long dropped = retiredDropped.sum();
        for (WebRtcTransport t : live) {
            dropped += t.dropped();
        }
        return Math.max(0, dropped - srtpAuthFailures() - srtpReplays());
    }

    /** Outgoing packets that could not be protected or sent. */
    public long sendFailures() {
        long sum = retiredSendFailures.sum();
        for (WebRtcTransport t : live) {
            sum += t.sendFailures();
        }
        return sum;
    }

    /** Transports open now. */
    public int liveTransports() {
        return live.size();
    }
}
