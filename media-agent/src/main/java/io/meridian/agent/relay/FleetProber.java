package io.meridian.agent.relay;

import io.meridian.agent.net.SourceBuckets;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Low-rate RTT probes to every agent of the fleet, and answers to theirs. Fleet agents share no key, so probes are
 * unauthenticated; they are safe to answer because an echo is exactly as long as its probe (no amplification) and
 * answers are rate-limited per source address in a bounded table (a reflector for nobody, and one busy or hostile
 * source cannot use up the answers other agents' probes need). An echo counts only when it carries the random 64-bit nonce of
 * a probe we sent to that agent, so nobody off the path can forge an RTT. Relay thread only.
 *
 * <p>Probe layout (48 bytes): type {@link RelayFrame#FLEET_PROBE}, zero tag, nonce (u64), the prober's send time
 * (u64 ns, informative), zero padding. The echo is the same bytes with type {@link RelayFrame#FLEET_ECHO}.
 */
final class FleetProber {
    static final int PROBE_LENGTH = 48;
    /** Sources whose answer budgets are remembered at once (the fleet plus room for noise). */
    static final int SOURCE_TABLE_SIZE = 1024;

    /** One agent to probe. */
    record Target(String agentId, InetSocketAddress address) {
    }

    private static final class Peer {
        final Target target;
        long nextProbeNanos;
        long nonce;
        long sentNanos;

        Peer(Target target, long nextProbeNanos) {
            this.target = target;
            this.nextProbeNanos = nextProbeNanos;
        }
    }

    private final RelaySocket socket;
    private final RelayStats stats;
    private final long intervalNanos;
    private final SourceBuckets answers;
    private final BiConsumer<String, Double> rttSample;
    private final SecureRandom random = new SecureRandom();
    private final byte[] tx = new byte[PROBE_LENGTH];
    private List<Peer> peers = List.of();

    FleetProber(RelaySocket socket, RelayStats stats, long intervalNanos, int answersPerSecond,
            BiConsumer<String, Double> rttSample) {
        this.socket = socket;
        this.stats = stats;
        this.intervalNanos = intervalNanos;
        this.answers = new SourceBuckets(SOURCE_TABLE_SIZE, answersPerSecond, answersPerSecond);
        this.rttSample = rttSample;
    }

    /** Replaces the agents to probe; their first probes are spread over one interval. */
    void setTargets(List<Target> targets, long nowNanos) {
        List<Peer> next = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            Peer kept = find(t);
            next.add(kept != null ? kept : new Peer(t, nowNanos + intervalNanos * i / Math.max(1, targets.size())));
        }
        peers = next;
    }

    private Peer find(Target t) {
        for (Peer p : peers) {
            if (p.target.equals(t)) {
                return p;
            }
        }
        return null;
    }

    /** Agent ids probed. */
    List<String> agentIds() {
        return peers.stream().map(p -> p.target.agentId()).toList();
    }

    /** Sends the probes that are due, skipping agents a link already measures. */
    void tick(long nowNanos, Set<String> measuredByLinks) {
        for (Peer p : peers) {
            if (nowNanos - p.nextProbeNanos < 0) {
                continue;
            }
            p.nextProbeNanos = nowNanos + intervalNanos;
            if (measuredByLinks.contains(p.target.agentId())) {
                continue;
            }
            long nonce = random.nextLong() | 1;
            tx[0] = RelayFrame.FLEET_PROBE;
            RelayFrame.writeLong(tx, 1, 0);
            RelayFrame.writeLong(tx, 9, nonce);
            RelayFrame.writeLong(tx, 17, nowNanos);
            java.util.Arrays.fill(tx, 25, PROBE_LENGTH, (byte) 0);
            if (socket.sendRaw(tx, 0, PROBE_LENGTH, p.target.address())) {
                p.nonce = nonce;
                p.sentNanos = nowNanos;
                stats.count(RelayStats.Event.FLEET_PROBES_SENT);
            }
        }
    }

    /** Answers a probe from {@code from} in place (the buffer becomes the echo), within that source's rate limit. */
    void onProbe(byte[] b, int len, InetSocketAddress from, long nowNanos) {
        if (len != PROBE_LENGTH) {
            stats.drop(RelayStats.Drop.MALFORMED);
            return;
        }
        if (!answers.tryAcquire(from, nowNanos)) {
            stats.drop(RelayStats.Drop.PROBE_RATE_LIMITED);
            return;
        }
        b[0] = RelayFrame.FLEET_ECHO;
        if (socket.sendRaw(b, 0, PROBE_LENGTH, from)) {
            stats.count(RelayStats.Event.FLEET_PROBES_ANSWERED);
        }
    }

    /** Takes an echo: an RTT sample when it answers our outstanding probe, otherwise dropped and counted. */
    void onEcho(byte[] b, int len, long nowNanos) {
        if (len != PROBE_LENGTH) {
            stats.drop(RelayStats.Drop.MALFORMED);
            return;
        }
        long nonce = RelayFrame.readLong(b, 9);
        for (Peer p : peers) {
            if (p.nonce != 0 && p.nonce == nonce) {
                p.nonce = 0;
                rttSample.accept(p.target.agentId(), (nowNanos - p.sentNanos) / 1e6);
                return;
            }
        }
        stats.drop(RelayStats.Drop.UNSOLICITED_ECHO);
    }
}
