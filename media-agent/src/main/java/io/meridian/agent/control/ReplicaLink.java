package io.meridian.agent.control;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.meridian.agent.report.Hosting;
import io.meridian.agent.report.LoadSample;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Welcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The agent's session with one controller replica ({@code AgentLink.Connect}): the state machine
 * connecting → Hello sent → welcomed (reporting) → ended → backoff → connecting.
 *
 * <p>A session sends Hello (with the conferences hosted right now), waits for Welcome (installing the replica's
 * join-token key), then sends a LoadReport every {@code Welcome.report_interval_ms} with a sequence starting at 1,
 * participant events as they happen, and acknowledgements of the commands {@link ControllerCommands} applies.
 * When the stream ends or fails, or no Welcome arrives in time, the link reconnects with exponential backoff and
 * jitter; the next Hello's {@code hosted} list supersedes any events that could not be sent meanwhile. Every
 * stream is ended exactly once: by the controller, by a cancel when the agent abandons it, or by a half-close on
 * {@link #close()}. Everything but {@link #offer} runs on the links' shared scheduler thread.
 */
final class ReplicaLink {

    private static final Logger LOG = Logger.getLogger(ReplicaLink.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** What the link needs from the agent, shared by all replicas' links. */
    record Context(Announcement announcement, LinkTimings timings, Optional<String> credential, Hosting hosting,
            Supplier<LoadSample> sampler, JoinTokenVerifier verifier, ControllerCommands commands,
            ScheduledExecutorService executor, RandomGenerator random, Runnable onConnectedChange) {
    }

    private final String replica;
    private final Supplier<ManagedChannel> channelFactory;
    private final Context context;
    private final Backoff backoff;
    private final EventQueue events = new EventQueue();
    private volatile boolean connected;

    // Owned by the executor thread.
    private ManagedChannel channel;
    private AgentLinkGrpc.AgentLinkStub stub;
    private Session session;
    private ScheduledFuture<?> retry;
    private boolean closed;
    private String lastOutageKind;

    ReplicaLink(String replica, Supplier<ManagedChannel> channelFactory, Context context) {
        this.replica = replica;
        this.channelFactory = channelFactory;
        this.context = context;
        this.backoff = new Backoff(context.timings().backoffInitial(), context.timings().backoffMax(),
                context.random());
    }

    /** The replica's key (its address). */
    String replica() {
        return replica;
    }

    /** True while a session is established (Welcome received). */
    boolean isConnected() {
        return connected;
    }

    /** Queues a participant event for this replica; any thread, never blocks. */
    void offer(AgentMessage event) {
        events.offer(event);
        submit(this::flushEvents);
    }

    /** Opens the channel and the first session. Returns false when the channel cannot be created. */
    boolean open() {
        try {
            channel = channelFactory.get();
        } catch (RuntimeException e) {
            // A bad MERIDIAN_CONTROLLER cannot heal by retrying; say so instead of failing silently.
            LOG.errorf("cannot create the channel to controller %s (MERIDIAN_CONTROLLER, MERIDIAN_CONTROLLER_TLS): %s",
                    replica, e.getMessage());
            closed = true;
            return false;
        }
        AgentLinkGrpc.AgentLinkStub base = AgentLinkGrpc.newStub(channel);
        if (context.credential().isPresent()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + context.credential().get());
            base = base.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        stub = base;
        connect();
        return true;
    }

    /**
     * Half-closes the current stream (the replica sees a clean end) and starts shutting the channel down; returns
     * the channel so the caller can await its termination. The link cannot be reopened.
     */
    ManagedChannel close() {
        closed = true;
        cancelRetry();
        Session current = session;
        session = null;
        setConnected(false);
        if (current != null && !current.ended) {
            current.finish();
            current.requests.onCompleted();
        }
        if (channel != null) {
            channel.shutdown();
        }
        return channel;
    }

    private void connect() {
        retry = null;
        if (closed || session != null) {
            return;
        }
        // Whatever is pending is superseded by the hosted list of the Hello below.
        events.clear();
        Session next = new Session();
        session = next;
        try {
            stub.connect(next);
            next.requests.onNext(LinkMessages.hello(context.announcement(), context.hosting().hosted()));
        } catch (RuntimeException e) {
            abandon(next, "cannot start the session: " + e.getMessage());
            return;
        }
        long timeout = context.timings().welcomeTimeout().toMillis();
        next.welcomeTimer = context.executor().schedule(
                () -> abandon(next, "no Welcome within " + timeout + " ms"), timeout, TimeUnit.MILLISECONDS);
    }

    private void handle(Session s, ControllerMessage message) {
        if (s != session || s.ended) {
            return;
        }
        if (message.hasWelcome()) {
            welcome(s, message.getWelcome());
        } else {
            context.commands().apply(replica, message).ifPresent(s::send);
        }
    }

    private void welcome(Session s, Welcome welcome) {
        if (s.welcomed) {
            LOG.warnf("ignoring a second Welcome from controller %s on the same session", replica);
            return;
        }
        s.welcomed = true;
        s.cancelWelcomeTimer();
        try {
            context.verifier().useKey(replica, welcome.getTokenPublicKey().toByteArray(), welcome.getTokenAlgorithm(),
                    welcome.getTokenIssuer());
        } catch (IllegalArgumentException e) {
            LOG.errorf("controller %s's join-token key refused, its joins will fail: %s", replica, e.getMessage());
        }
        long interval = context.timings().reportIntervalMillis(welcome.getReportIntervalMs());
        backoff.reset();
        lastOutageKind = null;
        setConnected(true);
        s.reportTask = context.executor().scheduleWithFixedDelay(() -> report(s), interval, interval,
                TimeUnit.MILLISECONDS);
        LOG.infof("connected to controller %s (%s) as %s (%s), reporting every %d ms", replica,
                welcome.getControllerVersion(), context.announcement().agentId(), context.announcement().region(),
                interval);
        flushEvents();
    }

    private void report(Session s) {
        if (s != session || s.ended) {
            return;
        }
        if (!s.requests.isReady()) {
            // The replica is not reading: skip, and let the next report cover the longer interval.
            return;
        }
        try {
            s.send(LinkMessages.loadReport(++s.sequence, context.sampler().get()));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep reporting.
            LOG.errorf(e, "load report %d to %s not sent", s.sequence, replica);
        }
    }

    private void flushEvents() {
        Session s = session;
        if (s == null || !s.welcomed || s.ended) {
            return;
        }
        if (events.resyncNeeded()) {
            abandon(s, "participant events overflowed; resynchronising through Hello");
            return;
        }
        events.drainTo(s::send, s.requests::isReady);
    }

    /** The replica ended the stream (error or completion). */
    private void ended(Session s, Status status) {
        if (s != session || s.ended) {
            return;
        }
        s.finish();
        session = null;
        setConnected(false);
        logOutage(status.getCode().name(), "controller " + replica + " stream ended: " + status.getCode()
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
            setConnected(false);
        }
        logOutage("ABANDONED", "controller " + replica + " session abandoned: " + reason);
        scheduleReconnect();
    }

    private void setConnected(boolean now) {
        if (connected != now) {
            connected = now;
            context.onConnectedChange().run();
        }
    }

    private void scheduleReconnect() {
        if (closed || retry != null) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.debugf("reconnecting to controller %s in %d ms", replica, delay);
        retry = context.executor().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
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

    private void submit(Runnable task) {
        try {
            context.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopped: nothing to do any more.
        }
    }

    /** Awaits the channel's termination for up to {@code grace}, then forces it. */
    static void awaitTermination(ManagedChannel channel, Duration grace) {
        if (channel == null) {
            return;
        }
        try {
            if (!channel.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One Connect call. gRPC callbacks hop onto the links' thread; fields are touched only there. */
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
            requestStream.setOnReadyHandler(() -> submit(ReplicaLink.this::flushEvents));
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
