package io.meridian.agent.relay;

import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.control.RelayCommands.CommandResult;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.srtp.SrtpContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * This agent's relay: the relay UDP port, the links to peer agents of cascaded conferences, and RTT probing
 * (docs/relay.md). The relay thread owns all link state; commands hop onto it and wait for the outcome, so an
 * OpenRelay is acknowledged only once the link is registered, attached and announced. Decrypted media goes to the
 * media thread through {@link MediaHandoff}.
 */
public final class Relay implements RelaySocket.Handler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Relay.class);
    private static final long COMMAND_TIMEOUT_MILLIS = 5_000;

    private final String agentId;
    private final RelaySettings settings;
    private final ConferenceMedia media;
    private final PeerRtts peerRtts;
    private final TrafficCounters traffic;
    private final RelayStats stats = new RelayStats();
    private final RelaySocket socket;
    private final MediaHandoff handoff;
    private final LinkMedia linkMedia;
    private final FleetProber fleet;
    private final LinkControl control;
    private final SecureRandom random = new SecureRandom();
    private final TrafficCounters.Lane rxLane;

    // relay thread only
    private final LinkTable links = new LinkTable();
    private final Map<String, RttEstimator> rtts = new HashMap<>();
    private long nextRttSweepNanos;

    private Relay(String agentId, InetSocketAddress bind, RelaySettings settings, ConferenceMedia media,
            Executor mediaThread, PeerRtts peerRtts, TrafficCounters traffic) throws IOException {
        this.agentId = agentId;
        this.settings = settings;
        this.media = media;
        this.peerRtts = peerRtts;
        this.traffic = traffic;
        this.rxLane = traffic.newLane("relay-rx");
        this.handoff = new MediaHandoff(settings.queueSlots(), RelayFrame.MAX_DATAGRAM + 64, mediaThread,
                (link, rtcp, b, len, now) -> link.deliver(rtcp, b, len, now));
        this.linkMedia = new LinkMedia(media, stats);
        this.socket = RelaySocket.open(bind, this, (int) Math.max(1, settings.tick().toMillis()), stats);
        this.fleet = new FleetProber(socket, stats, settings.fleetProbeInterval().toNanos(),
                settings.fleetAnswersPerSecond(), this::rttSample);
        this.control = new LinkControl(socket, stats, settings, linkMedia, this::rttSample);
        media.setLocalTracksListener(conferenceId -> socket.execute(() -> reconcile(conferenceId)));
        socket.start();
    }

    /**
     * Binds the relay port and starts its thread.
     *
     * @param agentId     this agent's id (names link directions)
     * @param bind        where to listen (port 0 picks one)
     * @param mediaThread runs tasks on the thread that owns the routers' packet path
     */
    public static Relay start(String agentId, InetSocketAddress bind, RelaySettings settings, ConferenceMedia media,
            Executor mediaThread, PeerRtts peerRtts, TrafficCounters traffic) throws IOException {
        return new Relay(agentId, bind, settings, media, mediaThread, peerRtts, traffic);
    }

    /** The bound relay address. */
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** Counters, for metrics and tests. */
    public RelayStats stats() {
        return stats;
    }

    // ------------------------------------------------------------------ commands (any thread)

    /** Opens (or re-keys) a link; returns once it is ready to carry media. */
    public CommandResult open(RelayCommands.OpenRelayCommand command) {
        LinkKeys keys;
        InetSocketAddress peer;
        try {
            require(command.conferenceId(), "conference id");
            require(command.peerAgentId(), "peer agent id");
            if (command.peerAgentId().equals(agentId)) {
                throw new IllegalArgumentException("a relay link needs another agent, not this one");
            }
            keys = LinkKeys.of(command.sendKey(), command.receiveKey());
            peer = address(command.peerRelayAddress());
        } catch (IllegalArgumentException e) {
            return CommandResult.failed(e.getMessage());
        }
        return onRelayThread(() -> openLink(command.conferenceId(), command.peerAgentId(), peer, keys));
    }

    /** Closes a link (done when there is none). */
    public CommandResult close(RelayCommands.CloseRelayCommand command) {
        return onRelayThread(() -> {
            RelayLink link = links.get(command.conferenceId(), command.peerAgentId());
            if (link != null) {
                closeLink(link, "closed by the controller");
            }
            return CommandResult.done();
        });
    }

    /** Replaces the fleet agents to probe at a low rate. */
    public void fleetPeers(List<RelayCommands.FleetPeer> peers) {
        List<FleetProber.Target> targets = new ArrayList<>();
        for (RelayCommands.FleetPeer p : peers) {
            if (p.agentId() == null || p.agentId().equals(agentId) || p.relayAddress() == null) {
                continue;
            }
            try {
                targets.add(new FleetProber.Target(p.agentId(), address(p.relayAddress())));
            } catch (IllegalArgumentException e) {
                LOG.debugf("fleet peer %s not probed: %s", p.agentId(), e.getMessage());
            }
        }
        socket.execute(() -> fleet.setTargets(targets, System.nanoTime()));
    }

    /** A snapshot of the open links, for diagnostics and tests. */
    public List<LinkInfo> links() {
        return onRelayThreadValue(() -> links.all().stream().map(l -> new LinkInfo(l.conferenceId, l.peerAgentId,
                l.peerAddress(), !l.silent, l.remote.size(), l.consumers.size(), l.rtt.reportMs())).toList());
    }

    /** One open link. */
    public record LinkInfo(String conferenceId, String peerAgentId, InetSocketAddress peerAddress, boolean live,
            int remoteStreams, int localStreams, double rttMs) {
    }

    /** Closes every link and the port. */
    @Override
    public void close() {
        try {
            onRelayThreadValue(() -> {
                for (RelayLink l : links.all()) {
                    closeLink(l, "relay stopping");
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debugf("relay stop: %s", e.getMessage());
        }
        socket.close();
        rxLane.close();
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " missing");
        }
    }

    private static InetSocketAddress address(RelayCommands.UdpEndpoint endpoint) {
        if (endpoint == null || endpoint.host() == null || endpoint.host().isBlank()
                || endpoint.port() < 1 || endpoint.port() > 65535) {
            throw new IllegalArgumentException("peer relay address missing or invalid");
        }
        InetSocketAddress a = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("peer relay host " + endpoint.host() + " does not resolve");
        }
        return a;
    }

    private CommandResult onRelayThread(Supplier<CommandResult> task) {
        try {
            CommandResult r = onRelayThreadValue(task);
            return r != null ? r : CommandResult.failed("no result");
        } catch (RuntimeException e) {
            return CommandResult.failed(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    private <T> T onRelayThreadValue(Supplier<T> task) {
        if (socket.onRelayThread()) {
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        socket.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("relay thread did not answer within " + COMMAND_TIMEOUT_MILLIS + " ms");
        }
    }

    // ------------------------------------------------------------------ relay thread: links

    private CommandResult openLink(String conferenceId, String peerAgentId, InetSocketAddress peer, LinkKeys keys) {
        long now = System.nanoTime();
        RelayLink link = links.get(conferenceId, peerAgentId);
        if (link != null) {
            if (!keys.sameAs(link.keys)) {
                link.rekey(keys);
                LOG.infof("%s re-keyed", link);
            }
            link.peerAddress(peer);
            return CommandResult.done();
        }
        link = new RelayLink(conferenceId, agentId, peerAgentId, peer, keys, socket, stats, traffic,
                random.nextInt() | 1, random.nextInt() | 1, rtt(peerAgentId), now);
        if (!links.add(link)) {
            return CommandResult.failed("relay link tag collision for " + conferenceId + "/" + peerAgentId);
        }
        try {
            control.announce(link, linkMedia.reconcileLocal(link), now);
        } catch (RuntimeException e) {
            links.remove(link);
            linkMedia.close(link);
            throw e;
        }
        control.sendProbe(link, now);
        LOG.infof("relay link %s ⇄ %s for %s open (peer at %s)", agentId, peerAgentId, conferenceId, peer);
        return CommandResult.done();
    }

    private void closeLink(RelayLink link, String why) {
        links.remove(link);
        linkMedia.close(link);
        if (links.ofConference(link.conferenceId).isEmpty()) {
            media.routerUnused(link.conferenceId);
        }
        LOG.infof("relay link %s ⇄ %s for %s closed: %s", agentId, link.peerAgentId, link.conferenceId, why);
    }

    private void reconcile(String conferenceId) {
        long now = System.nanoTime();
        for (RelayLink link : links.ofConference(conferenceId)) {
            control.announce(link, linkMedia.reconcileLocal(link), now);
        }
    }

    // ------------------------------------------------------------------ relay thread: datagrams

    @Override
    public void onDatagram(byte[] b, int len, InetSocketAddress from, long now) {
        if (len < RelayFrame.HEADER) {
            stats.drop(RelayStats.Drop.MALFORMED);
            return;
        }
        byte type = RelayFrame.type(b, 0);
        switch (type) {
            case RelayFrame.RTP, RelayFrame.RTCP, RelayFrame.CONTROL -> onLinkDatagram(type, b, len, now);
            case RelayFrame.FLEET_PROBE -> fleet.onProbe(b, len, from, now);
            case RelayFrame.FLEET_ECHO -> fleet.onEcho(b, len, now);
            default -> stats.drop(RelayStats.Drop.MALFORMED);
        }
    }

    private void onLinkDatagram(byte type, byte[] b, int len, long now) {
        RelayLink link = links.byTag(RelayFrame.tag(b, 0));
        if (link == null) {
            stats.drop(RelayStats.Drop.UNKNOWN_LINK);
            return;
        }
        SrtpContext ctx = type == RelayFrame.CONTROL ? link.control : link.media();
        long auth = ctx.authFailures();
        long replay = ctx.replayDrops();
        int off = RelayFrame.HEADER;
        int n = type == RelayFrame.RTP ? ctx.unprotectRtp(b, off, len - off) : ctx.unprotectRtcp(b, off, len - off);
        if (n < 0) {
            stats.drop(ctx.authFailures() != auth ? RelayStats.Drop.AUTH_FAILED
                    : ctx.replayDrops() != replay ? RelayStats.Drop.REPLAYED : RelayStats.Drop.MALFORMED);
            return;
        }
        rxLane.received(len);
        heard(link, now);
        if (type == RelayFrame.CONTROL) {
            stats.count(RelayStats.Event.CONTROL_RECEIVED);
            control.onControl(link, b, off, n, now);
            return;
        }
        stats.count(RelayStats.Event.MEDIA_RECEIVED);
        if (!handoff.offer(link, type == RelayFrame.RTCP, b, off, n)) {
            stats.drop(RelayStats.Drop.QUEUE_FULL);
        }
    }

    private void heard(RelayLink link, long now) {
        link.lastHeardNanos = now;
        if (link.silent) {
            link.silent = false;
            linkMedia.pause(link, false);
            LOG.infof("%s: peer heard again; resuming", link);
        }
    }

    // ------------------------------------------------------------------ relay thread: time

    @Override
    public void onTick(long now) {
        Set<String> linked = new HashSet<>();
        for (RelayLink link : links.all()) {
            linked.add(link.peerAgentId);
            if (!link.attachedTo(media.existingRouter(link.conferenceId))) {
                control.announce(link, linkMedia.reconcileLocal(link), now);
            }
            if (!link.silent && now - link.lastHeardNanos > settings.silenceTimeout().toNanos()) {
                goSilent(link);
            }
            if (now - link.nextProbeNanos >= 0) {
                control.sendProbe(link, now);
            }
            control.resendIfDue(link, now);
        }
        fleet.tick(now, linked);
        if (now - nextRttSweepNanos >= 0) {
            nextRttSweepNanos = now + 1_000_000_000L;
            sweepRtts(now);
        }
    }

    private void goSilent(RelayLink link) {
        link.silent = true;
        stats.count(RelayStats.Event.LINKS_SILENT);
        LOG.warnf("%s: nothing authenticated from the peer for %d ms; withdrawing its streams", link,
                settings.silenceTimeout().toMillis());
        linkMedia.withdrawRemote(link);
        link.sync.forgetPeer();
        linkMedia.pause(link, true);
    }

    // ------------------------------------------------------------------ RTT

    private RttEstimator rtt(String peerAgentId) {
        return rtts.computeIfAbsent(peerAgentId, id -> new RttEstimator());
    }

    private void rttSample(String peerAgentId, double ms) {
        RttEstimator e = rtt(peerAgentId);
        if (e.sample(ms, System.nanoTime())) {
            stats.count(RelayStats.Event.RTT_SAMPLES);
            peerRtts.update(peerAgentId, e.reportMs());
        }
    }

    /** Stops reporting RTTs nobody refreshed lately (the agent left the fleet or stopped answering). */
    private void sweepRtts(long now) {
        long stale = settings.rttStaleAfter().toNanos();
        for (var it = rtts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().samples() > 0 && now - e.getValue().lastSampleNanos() > stale) {
                peerRtts.remove(e.getKey());
                if (links.all().stream().noneMatch(l -> l.peerAgentId.equals(e.getKey()))) {
                    it.remove();
                }
            }
        }
    }
}
