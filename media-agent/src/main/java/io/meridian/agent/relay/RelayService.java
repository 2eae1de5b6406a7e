package io.meridian.agent.relay;

import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.transport.MediaPlane;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent's {@link RelayCommands}: replaces the default that refuses relays (a CDI bean of the same type wins
 * over the {@code @DefaultBean}), binds {@code MERIDIAN_AGENT_RELAY_PORT} at start and runs the {@link Relay}. The
 * media thread is the media plane's socket thread, which owns the routers' packet path. Without a
 * {@link ConferenceMedia} bean (signaling not wired for relays) it still measures RTT but refuses links.
 */
@Singleton
public class RelayService implements RelayCommands {
    private static final Logger LOG = Logger.getLogger(RelayService.class);

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final PeerRtts peerRtts;
    private final TrafficCounters traffic;
    private final MediaPlane plane;
    private final Instance<ConferenceMedia> media;
    private final RelaySettings settings;
    private volatile Relay relay;
    private volatile String unavailable = "relay not started";

    @Inject
    public RelayService(AgentConfig config, AgentIdentity identity, PeerRtts peerRtts, TrafficCounters traffic,
            MediaPlane plane, Instance<ConferenceMedia> media,
            @ConfigProperty(name = "meridian.agent.relay.silence-timeout", defaultValue = "5s") Duration silence,
            @ConfigProperty(name = "meridian.agent.relay.probe-interval", defaultValue = "1s") Duration probe,
            @ConfigProperty(name = "meridian.agent.relay.fleet-probe-interval", defaultValue = "10s") Duration fleet) {
        this.config = config;
        this.identity = identity;
        this.peerRtts = peerRtts;
        this.traffic = traffic;
        this.plane = plane;
        this.media = media;
        this.settings = RelaySettings.DEFAULTS.withProbeIntervals(probe, fleet).withSilenceTimeout(silence);
    }

    /** Binds the relay port at start, so a taken port fails the start rather than the first cascade. */
    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Relay r = relay;
        relay = null;
        unavailable = "agent stopping";
        if (r != null) {
            r.close();
        }
    }

    /** Starts the relay; idempotent. */
    synchronized void start() {
        if (relay != null) {
            return;
        }
        if (!media.isResolvable()) {
            unavailable = "this agent's signaling offers no ConferenceMedia for relays";
            LOG.warn("relay links unavailable: " + unavailable + " (RTT probes still answered)");
        }
        ConferenceMedia conferences = media.isResolvable() ? media.get() : NoConferences.INSTANCE;
        InetSocketAddress bind = new InetSocketAddress(config.relayPort());
        try {
            relay = Relay.start(identity.id(), bind, settings, conferences, plane.socket()::execute, peerRtts, traffic);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the relay port " + bind + " (MERIDIAN_AGENT_RELAY_PORT)", e);
        }
        if (media.isResolvable()) {
            unavailable = null;
        }
        LOG.infof("relay links on UDP %s", relay.localAddress());
    }

    /** The running relay, or null before start / after stop. */
    public Relay relay() {
        return relay;
    }

    @Override
    public CommandResult open(OpenRelayCommand command) {
        Relay r = relay;
        String why = unavailable;
        if (r == null || why != null) {
            return CommandResult.failed(why != null ? why : "relay not started");
        }
        return r.open(command);
    }

    @Override
    public CommandResult close(CloseRelayCommand command) {
        Relay r = relay;
        return r == null ? CommandResult.done() : r.close(command);
    }

    @Override
    public void fleetPeers(List<FleetPeer> peers) {
        Relay r = relay;
        if (r != null) {
            r.fleetPeers(peers);
        }
    }

    /** Stand-in used until signaling provides {@link ConferenceMedia}: no conferences, so no links. */
    private enum NoConferences implements ConferenceMedia {
        INSTANCE;

        @Override
        public io.meridian.agent.sfu.Router router(String conferenceId) {
            throw new IllegalStateException("no conference media");
        }

        @Override
        public io.meridian.agent.sfu.Router existingRouter(String conferenceId) {
            return null;
        }

        @Override
        public void routerUnused(String conferenceId) {
        }

        @Override
        public List<LocalTrack> localTracks(String conferenceId) {
            return List.of();
        }

        @Override
        public void setLocalTracksListener(LocalTracksListener listener) {
        }

        @Override
        public void offerRelayedTracks(String conferenceId, String peerAgentId, List<RelayedTrack> tracks) {
        }
    }
}
