package io.meridian.agent.control;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import io.meridian.agent.config.FleetConfig;
import io.meridian.agent.report.Hosting;
import io.meridian.agent.report.LoadMeter;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.RemoveParticipant;
import io.meridian.proto.agent.v1.Welcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent's one long-lived gRPC stream to the controller ({@code AgentLink.Connect}).
 *
 * <p>A session sends Hello (with the conferences hosted right now), waits for Welcome (installing the
 * join-token key in the {@link JoinTokenVerifier}), then sends a LoadReport every
 * {@code Welcome.report_interval_ms} with a sequence starting at 1, participant events as they happen,
 * and acknowledgements of commands (Drain, Undrain, RemoveParticipant, OpenRelay, CloseRelay). When the stream ends or fails, or no
 * Welcome arrives in time, the link reconnects with exponential backoff and jitter; the next Hello's
 * {@code hosted} list supersedes any events that could not be sent meanwhile. Every stream is ended
 * exactly once: by the controller, by a cancel when the agent abandons it, or by a half-close on stop.
 *
 * <p>All session state lives on one scheduler thread; the public methods only enqueue, so signaling and
 * media threads never wait on the controller. Events are duplicates-tolerant: a participant admitted
 * while Hello is being built can appear both in {@code hosted} and as a later ParticipantJoined.
 */
@Singleton
public final class ControllerLink {

    private static final Logger LOG = Logger.getLogger(ControllerLink.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Pending events beyond this are dropped and the session is restarted so Hello resynchronises. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final boolean enabled;
    private final Supplier<ManagedChannel> channelFactory;
    private final Optional<String> credential;
    private final Announcement announcement;
    private final LinkTimings timings;
    private final Hosting hosting;
    private final LoadMeter meter;
    private final JoinTokenVerifier verifier;
    private final RelayCommands relays;
    private final Sessions sessions;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;

    private final Queue<AgentMessage> pendingEvents = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile boolean resyncNeeded;
    private volatile boolean draining;
    private volatile boolean connected;

    // Owned by the executor thread.
    private ManagedChannel channel;
    private AgentLinkGrpc.AgentLinkStub stub;
    private Session session;
    private ScheduledFuture<?> retry;
    private boolean started;
    private boolean stopped;
    private String lastOutageKind;

    /** The link of the running agent, configured from {@link AgentConfig} and {@link FleetConfig}. */
    @Inject
    public ControllerLink(AgentConfig config, FleetConfig fleet, AgentIdentity identity, Hosting hosting,
            LoadMeter meter, JoinTokenVerifier verifier, RelayCommands relays, Sessions sessions,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this(config.control().enabled(),
                () -> channel(fleet.controller(), fleet.controllerTls(), config.control().keepalive()),
                fleet.agentCredential(),
                announcement(config, identity, version),
                new LinkTimings(config.report().defaultInterval(), config.report().minInterval(),
                        config.control().backoffInitial(), config.control().backoffMax(),
                        config.control().welcomeTimeout()),
                hosting, meter, verifier, relays, sessions, RandomGenerator.getDefault());
    }

    /**
     * A link over a channel from {@code channelFactory} (created on {@link #start()}, shut down on
     * {@link #stop}).
     */
    public ControllerLink(boolean enabled, Supplier<ManagedChannel> channelFactory, Optional<String> credential,
            Announcement announcement, LinkTimings timings, Hosting hosting, LoadMeter meter,
            JoinTokenVerifier verifier, RelayCommands relays, Sessions sessions, RandomGenerator random) {
        this.enabled = enabled;
        this.channelFactory = channelFactory;
        this.credential = credential.filter(token -> !token.isBlank());
        this.announcement = announcement;
        this.timings = timings;
        this.hosting = hosting;
        this.meter = meter;
        this.verifier = verifier;
        this.relays = relays;
        this.sessions = sessions;
        this.backoff = new Backoff(timings.backoffInitial(), timings.backoffMax(), random);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "meridian-controller-link");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What this agent says about itself, from its configuration. */
    static Announcement announcement(AgentConfig config, AgentIdentity identity, String version) {
        RelayCommands.UdpEndpoint relay = Announcement.relayAddress(config.relayAnnouncedAddress(),
                config.publicHost(), config.relayPort());
        return new Announcement(identity.id(), identity.region(),
                Announcement.signalingUrl(config.signalingUrl(), config.publicHost(), config.httpPort()),
                config.publicHost(), config.mediaPort(), relay.host(), relay.port(), config.capacity(), version);
    }

    /** Plaintext HTTP/2 to {@code target} ("host:port"), pinging every {@code keepalive}. */
    public static ManagedChannel plaintextChannel(String target, Duration keepalive) {
        return channel(target, false, keepalive);
    }

    /**
     * The production channel to {@code target} ("host:port"), pinging every {@code keepalive}: with {@code tls},
     * HTTP/2 over TLS checking the controller's certificate and host name against the JVM's default trust store
     * (javax.net.ssl.trustStore, else the JDK's cacerts); without, plaintext HTTP/2.
     */
    public static ManagedChannel channel(String target, boolean tls, Duration keepalive) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
                .keepAliveTime(keepalive.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
        if (tls) {
            builder.useTransportSecurity();
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop(Duration.ofSeconds(2));
    }

    /** Opens the channel and the first session; idempotent. Does nothing when the link is disabled. */
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
            if (credential.isEmpty()) {
                LOG.warn("no agent credential configured (MERIDIAN_AGENT_CREDENTIAL): the controller will refuse this agent");
            }
            try {
                channel = channelFactory.get();
            } catch (RuntimeException e) {
                // A bad MERIDIAN_CONTROLLER cannot heal by retrying; say so instead of failing silently.
                LOG.errorf("cannot create the controller channel (MERIDIAN_CONTROLLER, MERIDIAN_CONTROLLER_TLS): %s",
                        e.getMessage());
                return;
            }
            AgentLinkGrpc.AgentLinkStub base = AgentLinkGrpc.newStub(channel);
            if (credential.isPresent()) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + credential.get());
                base = base.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            stub = base;
            connect();
        });
    }

    /**
     * Half-closes the current stream (the controller sees a clean end), then shuts the channel down,
     * cancelling what is still open after {@code grace}. The link cannot be restarted.
     */
    public void stop(Duration grace) {
        try {
            executor.submit(() -> {
                stopped = true;
                cancelRetry();
                Session current = session;
                session = null;
                connected = false;
                if (current != null && !current.ended) {
                    current.finish();
                    current.requests.onCompleted();
                }
            }).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("controller link stop: %s", e);
        }
        ManagedChannel current = channel;
        if (current != null) {
            current.shutdown();
            try {
                if (!current.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                current.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
    }

    /** Reports that {@code participantId} was admitted for {@code conferenceId} by {@code joinToken}. Never blocks. */
    public void participantJoined(String conferenceId, String participantId, String joinToken) {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(participantId, "participantId");
        enqueue(LinkMessages.joined(conferenceId, participantId, Objects.requireNonNull(joinToken, "joinToken")));
    }

    /** Reports that {@code participantId} left {@code conferenceId}. Never blocks. */
    public void participantLeft(String conferenceId, String participantId, LeaveReason reason) {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(reason, "reason");
        enqueue(LinkMessages.left(conferenceId, participantId, reason));
    }

    /** True once the controller told this agent to drain: it should admit nobody new. */
    public boolean isDraining() {
        return draining;
    }

    /** True while a session is established (Welcome received). */
    public boolean isConnected() {
        return connected;
    }

    private void enqueue(AgentMessage event) {
        if (!enabled) {
            return;
        }
        if (pendingCount.incrementAndGet() > MAX_PENDING_EVENTS) {
            pendingCount.decrementAndGet();
            // Dropping breaks the controller's view; a fresh Hello carries the truth again.
            resyncNeeded = true;
        } else {
            pendingEvents.add(event);
        }
        submit(this::flushEvents);
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // Stopped: nothing to send any more.
        }
    }

    // ---- everything below runs on the executor thread ----

    private void connect() {
        retry = null;
        if (stopped || session != null) {
            return;
        }
        // Whatever is pending is superseded by the hosted list of the Hello below.
        pendingEvents.clear();
        pendingCount.set(0);
        resyncNeeded = false;
        Session next = new Session();
        session = next;
        try {
            stub.connect(next);
            next.requests.onNext(LinkMessages.hello(announcement, hosting.hosted()));
        } catch (RuntimeException e) {
            abandon(next, "cannot start the session: " + e.getMessage());
            return;
        }
        next.welcomeTimer = executor.schedule(
                () -> abandon(next, "no Welcome within " + timings.welcomeTimeout().toMillis() + " ms"),
                timings.welcomeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(Session s, ControllerMessage message) {
        if (s != session || s.ended) {
            return;
        }
        switch (message.getBodyCase()) {
            case WELCOME -> welcome(s, message.getWelcome());
            case DRAIN -> {
                if (!draining) {
                    LOG.info("controller asked this agent to drain: admitting nobody new");
                }
                draining = true;
                s.send(LinkMessages.ack(message.getDrain().getCommandId(), RelayCommands.CommandResult.done()));
            }
            case UNDRAIN -> {
                if (draining) {
                    LOG.info("controller undrained this agent: admitting participants again");
                }
                draining = false;
                s.send(LinkMessages.ack(message.getUndrain().getCommandId(), RelayCommands.CommandResult.done()));
            }
            case REMOVE_PARTICIPANT -> {
                RemoveParticipant remove = message.getRemoveParticipant();
                // Idempotent: removing someone already gone is done too, so a retried command converges.
                s.send(LinkMessages.ack(remove.getCommandId(),
                        run(() -> sessions.remove(remove.getConferenceId(), remove.getParticipantId()))));
            }
            case OPEN_RELAY -> s.send(LinkMessages.ack(message.getOpenRelay().getCommandId(),
                    run(() -> relays.open(LinkMessages.openRelay(message.getOpenRelay())))));
            case CLOSE_RELAY -> s.send(LinkMessages.ack(message.getCloseRelay().getCommandId(),
                    run(() -> relays.close(LinkMessages.closeRelay(message.getCloseRelay())))));
            case FLEET_PEERS -> {
                try {
                    relays.fleetPeers(LinkMessages.fleetPeers(message.getFleetPeers()));
                } catch (RuntimeException e) {
                    LOG.warnf("fleet peer list not applied: %s", e.getMessage());
                }
            }
            case BODY_NOT_SET -> LOG.debug("ignoring a controller message of an unknown kind");
        }
    }

    private void welcome(Session s, Welcome welcome) {
        if (s.welcomed) {
            LOG.warn("ignoring a second Welcome on the same session");
            return;
        }
        s.welcomed = true;
        s.cancelWelcomeTimer();
        try {
            verifier.useKey(welcome.getTokenPublicKey().toByteArray(), welcome.getTokenAlgorithm(),
                    welcome.getTokenIssuer());
        } catch (IllegalArgumentException e) {
            LOG.errorf("controller's join-token key refused, joins will fail: %s", e.getMessage());
        }
        long interval = timings.reportIntervalMillis(welcome.getReportIntervalMs());
        backoff.reset();
        lastOutageKind = null;
        connected = true;
        meter.restart();
        s.reportTask = executor.scheduleWithFixedDelay(() -> report(s), interval, interval, TimeUnit.MILLISECONDS);
        LOG.infof("connected to controller %s as %s (%s), reporting every %d ms",
                welcome.getControllerVersion(), announcement.agentId(), announcement.region(), interval);
        flushEvents();
    }

    private void report(Session s) {
        if (s != session || s.ended) {
            return;
        }
        if (!s.requests.isReady()) {
            // The controller is not reading: skip, and let the next report cover the longer interval.
            return;
        }
        try {
            s.send(LinkMessages.loadReport(++s.sequence, meter.sample()));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep reporting.
            LOG.errorf(e, "load report %d not sent", s.sequence);
        }
    }

    private void flushEvents() {
        Session s = session;
        if (s == null || !s.welcomed || s.ended) {
            return;
        }
        if (resyncNeeded) {
            abandon(s, "participant events overflowed; resynchronising through Hello");
            return;
        }
        AgentMessage event;
        while (s.requests.isReady() && (event = pendingEvents.poll()) != null) {
            pendingCount.decrementAndGet();
            s.send(event);
        }
    }

    private RelayCommands.CommandResult run(Supplier<RelayCommands.CommandResult> command) {
        try {
            RelayCommands.CommandResult result = command.get();
            return result != null ? result : RelayCommands.CommandResult.failed("no result");
        } catch (RuntimeException e) {
            return RelayCommands.CommandResult.failed(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    /** The controller ended the stream (error or completion). */
    private void ended(Session s, Status status) {
        if (s != session || s.ended) {
            return;
        }
        s.finish();
        session = null;
        connected = false;
        logOutage(status.getCode().name(), "controller stream ended: " + status.getCode()
                + (status.getDescription() != null ? " (" + status.getDescription() + ")" : ""));
        scheduleReconnect();
    }

    /** The agent gives up on a session: cancel it (its only termination) and reconnect later. */
    private void abandon(Session s, String reason) {
        if (s.ended) {
            return;
        }
        s.finish();
        if (s.requests != null) {
            s.requests.cancel(reason, null);
        }
        if (session == s) {
            session = null;
            connected = false;
        }
        logOutage("ABANDONED", "controller session abandoned: " + reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopped || retry != null) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.debugf("reconnecting to the controller in %d ms", delay);
        retry = executor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void logOutage(String kind, String message) {
        // One warning per outage and kind of failure; identical retries in between are debug noise.
        if (!kind.equals(lastOutageKind)) {
            LOG.warn(message + "; media keeps flowing, reconnecting with backoff");
            lastOutageKind = kind;
        } else {
            LOG.debug(message);
        }
    }

    /** One Connect call. gRPC callbacks hop onto the link's thread; fields are touched only there. */
    private final class Session implements ClientResponseObserver<AgentMessage, ControllerMessage> {

        ClientCallStreamObserver<AgentMessage> requests;
        boolean welcomed;
        boolean ended;
        long sequence;
        ScheduledFuture<?> welcomeTimer;
        ScheduledFuture<?> reportTask;

        @Override
        public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> submit(ControllerLink.this::flushEvents));
        }

        @Override
        public void onNext(ControllerMessage message) {
            submit(() -> handle(this, message));
        }

        @Override
        public void onError(Throwable error) {
            submit(() -> ended(this, Status.fromThrowable(error)));
        }

        @Override
        public void onCompleted() {
            submit(() -> ended(this, Status.OK.withDescription("completed by the controller")));
        }

        void send(AgentMessage message) {
            requests.onNext(message);
        }

        void cancelWelcomeTimer() {
            if (welcomeTimer != null) {
                welcomeTimer.cancel(false);
                welcomeTimer = null;
            }
        }

        /** Marks the session over and stops its timers; the caller ends the call itself. */
        void finish() {
            ended = true;
            cancelWelcomeTimer();
            if (reportTask != null) {
                reportTask.cancel(false);
                reportTask = null;
            }
        }
    }
}
