package io.meridian.agent.control;

import io.grpc.ManagedChannel;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import io.meridian.agent.config.FleetConfig;
import io.meridian.agent.report.Hosting;
import io.meridian.agent.report.LoadMeter;
import io.meridian.agent.token.JoinTokenVerifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent's links to every controller replica (the brewery model): one {@link ReplicaLink} per address that
 * {@code MERIDIAN_CONTROLLER} resolves to, re-resolved every {@code resolveInterval} — a new address gets a link,
 * a vanished one's link is closed. Each link says its own Hello and sends its own reports and participant events;
 * commands from any replica are applied by one {@link ControllerCommands}, idempotently.
 *
 * <p>Link state lives on one scheduler thread (name lookups on another, so a slow DNS never delays a report);
 * the public methods only enqueue, so signaling and media threads never wait on a controller.
 */
@Singleton
public final class ControllerLinks {

    private static final Logger LOG = Logger.getLogger(ControllerLinks.class);

    private final boolean enabled;
    private final Supplier<Map<String, Supplier<ManagedChannel>>> replicas;
    private final Duration resolveInterval;
    private final JoinTokenVerifier verifier;
    private final LoadMeter meter;
    private final ControllerCommands commands;
    private final ReplicaLink.Context context;
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService resolver;
    private final Map<String, ReplicaLink> links = new ConcurrentHashMap<>();
    private volatile boolean anyConnected;

    // Owned by the executor thread.
    private boolean started;
    private boolean stopped;

    /** The links of the running agent, configured from {@link AgentConfig} and {@link FleetConfig}. */
    @Inject
    public ControllerLinks(AgentConfig config, FleetConfig fleet, AgentIdentity identity, Hosting hosting,
            LoadMeter meter, JoinTokenVerifier verifier, RelayCommands relays, Sessions sessions,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this(config.control().enabled(), replicas(fleet, config.control().keepalive()),
                config.control().resolveInterval(), fleet.agentCredential(), announcement(config, identity, version),
                new LinkTimings(config.report().defaultInterval(), config.report().minInterval(),
                        config.control().backoffInitial(), config.control().backoffMax(),
                        config.control().welcomeTimeout()),
                hosting, meter, verifier, relays, sessions, RandomGenerator.getDefault());
    }

    /**
     * Links to the replicas {@code replicas} lists (key → channel factory; each channel created when its link
     * opens, shut down when it closes), asked again every {@code resolveInterval}.
     */
    public ControllerLinks(boolean enabled, Supplier<Map<String, Supplier<ManagedChannel>>> replicas,
            Duration resolveInterval, Optional<String> credential, Announcement announcement, LinkTimings timings,
            Hosting hosting, LoadMeter meter, JoinTokenVerifier verifier, RelayCommands relays, Sessions sessions,
            RandomGenerator random) {
        this.enabled = enabled;
        this.replicas = replicas;
        this.resolveInterval = resolveInterval;
        this.verifier = verifier;
        this.meter = meter;
        this.commands = new ControllerCommands(relays, sessions);
        this.executor = Executors.newSingleThreadScheduledExecutor(daemon("meridian-controller-link"));
        this.resolver = Executors.newSingleThreadScheduledExecutor(daemon("meridian-controller-resolver"));
        this.context = new ReplicaLink.Context(announcement, timings,
                credential.filter(token -> !token.isBlank()), hosting, meter::sample, verifier, commands, executor,
                random, this::connectedChanged);
    }

    /** One replica behind {@code channelFactory}: the shape of a single-controller setup and of tests. */
    public static Supplier<Map<String, Supplier<ManagedChannel>>> single(String replica,
            Supplier<ManagedChannel> channelFactory) {
        return () -> Map.of(replica, channelFactory);
    }

    /** The replicas of {@code MERIDIAN_CONTROLLER}, looked up in DNS on every call. */
    static Supplier<Map<String, Supplier<ManagedChannel>>> replicas(FleetConfig fleet, Duration keepalive) {
        ControllerTargets targets;
        try {
            targets = new ControllerTargets(fleet.controller(), InetAddress::getAllByName);
        } catch (IllegalArgumentException e) {
            // A bad MERIDIAN_CONTROLLER cannot heal by retrying; say so instead of failing silently.
            LOG.errorf("no controller link: %s", e.getMessage());
            return Map::of;
        }
        return () -> {
            Map<String, Supplier<ManagedChannel>> channels = new LinkedHashMap<>();
            targets.resolve().forEach((id, replica) -> channels.put(id,
                    () -> ControllerChannels.channel(replica, fleet.controllerTls(), keepalive)));
            return channels;
        };
    }

    /** What this agent says about itself, from its configuration. */
    static Announcement announcement(AgentConfig config, AgentIdentity identity, String version) {
        RelayCommands.UdpEndpoint relay = Announcement.relayAddress(config.relayAnnouncedAddress(),
                config.publicHost(), config.relayPort());
        return new Announcement(identity.id(), identity.region(),
                Announcement.signalingUrl(config.signalingUrl(), config.publicHost(), config.httpPort()),
                config.publicHost(), config.mediaPort(), relay.host(), relay.port(), config.capacity(), version);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop(Duration.ofSeconds(2));
    }

    /** Resolves the replicas and opens a link to each, then re-resolves periodically; idempotent. */
    public void start() {
        if (!enabled) {
            LOG.info("controller link disabled (meridian.agent.control.enabled=false)");
            return;
        }
        submit(() -> {
            if (started || stopped) {
                return;
            }
            started = true;
            if (context.credential().isEmpty()) {
                LOG.warn("no agent credential configured (MERIDIAN_AGENT_CREDENTIAL): the controller will refuse this agent");
            }
            try {
                resolver.scheduleWithFixedDelay(this::resolve, 0, Math.max(1, resolveInterval.toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Stopped meanwhile.
            }
        });
    }

    /**
     * Half-closes every stream (each replica sees a clean end), then shuts the channels down, cancelling what is
     * still open after {@code grace}. The links cannot be restarted.
     */
    public void stop(Duration grace) {
        resolver.shutdownNow();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            executor.submit(() -> {
                stopped = true;
                for (ReplicaLink link : links.values()) {
                    channels.add(link.close());
                }
                links.clear();
            }).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("controller links stop: %s", e);
        }
        for (ManagedChannel channel : channels) {
            ReplicaLink.awaitTermination(channel, grace);
        }
        executor.shutdownNow();
    }

    /** Reports that {@code participantId} was admitted for {@code conferenceId} by {@code joinToken}. Never blocks. */
    public void participantJoined(String conferenceId, String participantId, String joinToken) {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(participantId, "participantId");
        broadcast(LinkMessages.joined(conferenceId, participantId, Objects.requireNonNull(joinToken, "joinToken")));
    }

    /** Reports that {@code participantId} left {@code conferenceId}. Never blocks. */
    public void participantLeft(String conferenceId, String participantId, LeaveReason reason) {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(reason, "reason");
        broadcast(LinkMessages.left(conferenceId, participantId, reason));
    }

    /** True once a controller replica told this agent to drain: it should admit nobody new. */
    public boolean isDraining() {
        return commands.isDraining();
    }

    /** True while a session with at least one replica is established (Welcome received). */
    public boolean isConnected() {
        return anyConnected;
    }

    /** The replicas with an established session, by key. */
    public List<String> connectedReplicas() {
        return links.values().stream().filter(ReplicaLink::isConnected).map(ReplicaLink::replica).sorted().toList();
    }

    /** The replicas with a link (connected or retrying), by key. */
    public List<String> replicas() {
        return links.keySet().stream().sorted().toList();
    }

    private void broadcast(io.meridian.proto.agent.v1.AgentMessage event) {
        if (!enabled) {
            return;
        }
        for (ReplicaLink link : links.values()) {
            link.offer(event);
        }
    }

    /** On the resolver thread: asks for the replicas, then reconciles the links on the links' thread. */
    private void resolve() {
        Map<String, Supplier<ManagedChannel>> now;
        try {
            now = Map.copyOf(replicas.get());
        } catch (RuntimeException e) {
            LOG.warnf("controller replicas not resolved, keeping the current links: %s", e.getMessage());
            return;
        }
        submit(() -> reconcile(now));
    }

    private void reconcile(Map<String, Supplier<ManagedChannel>> now) {
        if (stopped) {
            return;
        }
        for (var entry : now.entrySet()) {
            if (!links.containsKey(entry.getKey())) {
                ReplicaLink link = new ReplicaLink(entry.getKey(), entry.getValue(), context);
                links.put(entry.getKey(), link);
                LOG.infof("controller replica %s: opening a link", entry.getKey());
                if (!link.open()) {
                    links.remove(entry.getKey());
                }
            }
        }
        for (ReplicaLink link : List.copyOf(links.values())) {
            if (!now.containsKey(link.replica())) {
                LOG.infof("controller replica %s is no longer listed: closing its link", link.replica());
                links.remove(link.replica());
                link.close();
                verifier.forgetKey(link.replica());
            }
        }
    }

    private void connectedChanged() {
        boolean now = links.values().stream().anyMatch(ReplicaLink::isConnected);
        if (now && !anyConnected) {
            // The first session after none: rates start from here, not from the outage.
            meter.restart();
        }
        anyConnected = now;
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // Stopped: nothing to send any more.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
