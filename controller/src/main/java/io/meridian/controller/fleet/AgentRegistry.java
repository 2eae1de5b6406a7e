package io.meridian.controller.fleet;

import io.meridian.controller.config.MeridianConfig;
import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.FleetSnapshot;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The live view of the fleet: which agents are connected, their state and last load, and how many
 * participants were placed on each since its last report. An agent is DOWN when its session ends or no
 * report arrives for the down-timeout; a drained agent stays DRAINING until its session ends.
 */
@ApplicationScoped
public class AgentRegistry {
    private static final Logger LOG = Logger.getLogger(AgentRegistry.class);

    private final ConcurrentHashMap<String, Entry> agents = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration downTimeout;
    private final Event<AgentStateChanged> changes;
    /** Drains the operator recorded (durably, for every replica): such an agent connects DRAINING. */
    private final Predicate<String> drainedByOperator;
    /** Told of every Hello and report: this replica hears the agent (shared with the other replicas). */
    private final Consumer<String> heard;

    @Inject
    public AgentRegistry(Clock clock, MeridianConfig config, Event<AgentStateChanged> changes, DrainedAgents drains,
            AgentPresence presence) {
        this(clock, config.agent().downTimeout(), changes, drains::isDrained, presence::seen);
    }

    /** For tests outside CDI; {@code changes} may be null. */
    public AgentRegistry(Clock clock, Duration downTimeout, Event<AgentStateChanged> changes) {
        this(clock, downTimeout, changes, agentId -> false);
    }

    /** For tests outside CDI, with the operator's drains. */
    public AgentRegistry(Clock clock, Duration downTimeout, Event<AgentStateChanged> changes,
            Predicate<String> drainedByOperator) {
        this(clock, downTimeout, changes, drainedByOperator, agentId -> { });
    }

    /** For tests outside CDI, with the operator's drains and a listener of what this replica hears. */
    public AgentRegistry(Clock clock, Duration downTimeout, Event<AgentStateChanged> changes,
            Predicate<String> drainedByOperator, Consumer<String> heard) {
        this.heard = heard;
        this.clock = clock;
        this.downTimeout = downTimeout;
        this.changes = changes;
        this.drainedByOperator = drainedByOperator;
    }

    /** A session said Hello: the agent is UP (DRAINING if the operator drained it), nothing placed since. */
    public void connected(AgentHello hello) {
        Instant now = clock.instant();
        Entry previous = agents.get(hello.agentId());
        boolean draining = previous != null && previous.drainRequested || drainedByOperator.test(hello.agentId());
        Entry entry = new Entry(hello, draining ? AgentState.DRAINING : AgentState.UP, now, draining);
        agents.put(hello.agentId(), entry);
        heard.accept(hello.agentId());
        LOG.infof("agent %s connected (region %s, capacity %d, signaling %s)", hello.agentId(), hello.region(),
                hello.capacity(), hello.signalingUrl());
        fire(entry, entry.state, AgentStateChanged.Cause.CONNECTED, "session opened");
    }

    /** A load report arrived: the agent's load is refreshed, its placement counter reset, a timed-out agent revived. */
    public void reported(String agentId, LoadSample sample) {
        Entry entry = agents.get(agentId);
        if (entry == null) {
            return;
        }
        heard.accept(agentId);
        AgentState newState;
        synchronized (entry) {
            entry.last = sample;
            entry.reportedAt = clock.instant();
            entry.placementsSinceReport = 0;
            newState = entry.sessionOpen && entry.state == AgentState.DOWN
                    ? (entry.drainRequested ? AgentState.DRAINING : AgentState.UP) : null;
            if (newState != null) {
                entry.state = newState;
            }
        }
        if (newState != null) {
            LOG.infof("agent %s reports again: %s", agentId, newState);
            fire(entry, newState, AgentStateChanged.Cause.REPORTING, "reports resumed");
        }
    }

    /**
     * The session that announced {@code session} ended ({@code why}): the agent is DOWN. A no-op when a newer
     * session of the agent has said Hello since (its entry is not this session's).
     */
    public void disconnected(AgentHello session, String why) {
        Entry entry = agents.get(session.agentId());
        if (entry == null || entry.hello != session) {
            return;
        }
        boolean changed;
        synchronized (entry) {
            entry.sessionOpen = false;
            changed = entry.state != AgentState.DOWN;
            entry.state = AgentState.DOWN;
        }
        if (changed) {
            LOG.infof("agent %s disconnected (%s): DOWN", session.agentId(), why);
            fire(entry, AgentState.DOWN, AgentStateChanged.Cause.DISCONNECTED, "stream ended: " + why);
        }
    }

    /** The operator drained the agent: it takes nobody new. Returns false when the agent is unknown. */
    public boolean drain(String agentId) {
        Entry entry = agents.get(agentId);
        if (entry == null) {
            return false;
        }
        boolean changed;
        synchronized (entry) {
            entry.drainRequested = true;
            changed = entry.state == AgentState.UP;
            if (changed) {
                entry.state = AgentState.DRAINING;
            }
        }
        if (changed) {
            fire(entry, AgentState.DRAINING, AgentStateChanged.Cause.DRAINED, "drained by the operator");
        }
        return true;
    }

    /** Ends a drain: a DRAINING agent is UP again; false when the agent is unknown. */
    public boolean undrain(String agentId) {
        Entry entry = agents.get(agentId);
        if (entry == null) {
            return false;
        }
        boolean changed;
        synchronized (entry) {
            entry.drainRequested = false;
            changed = entry.state == AgentState.DRAINING;
            if (changed) {
                entry.state = AgentState.UP;
            }
        }
        if (changed) {
            fire(entry, AgentState.UP, AgentStateChanged.Cause.UNDRAINED, "undrained by the operator");
        }
        return true;
    }

    /** Counts a placement on the agent, so that the next decision sees it before the next report does. */
    public void placed(String agentId) {
        Entry entry = agents.get(agentId);
        if (entry != null) {
            synchronized (entry) {
                entry.placementsSinceReport++;
            }
        }
    }

    /**
     * Undoes {@link #placed} for a placement made at {@code placedAt} whose participant never arrived, unless a
     * report since then already reset the count.
     */
    public void unplaced(String agentId, java.time.Instant placedAt) {
        Entry entry = agents.get(agentId);
        if (entry != null) {
            synchronized (entry) {
                boolean reportedSince = entry.reportedAt != null && entry.reportedAt.isAfter(placedAt);
                if (!reportedSince && entry.placementsSinceReport > 0) {
                    entry.placementsSinceReport--;
                }
            }
        }
    }

    /** Marks agents whose last report is older than the down-timeout as DOWN. */
    @Scheduled(every = "${meridian.agent.check-interval:1s}", identity = "agent-report-timeout")
    public void expireSilentAgents() {
        Instant deadline = clock.instant().minus(downTimeout);
        for (Entry entry : agents.values()) {
            boolean expired;
            synchronized (entry) {
                expired = entry.state != AgentState.DOWN && entry.reportedAt.isBefore(deadline);
                if (expired) {
                    entry.state = AgentState.DOWN;
                }
            }
            if (expired) {
                String why = "no load report for " + seconds(downTimeout);
                LOG.warnf("agent %s sent %s: DOWN", entry.hello.agentId(), why);
                fire(entry, AgentState.DOWN, AgentStateChanged.Cause.SILENT, why);
            }
        }
    }

    /** The agent now, if it ever connected. */
    public Optional<AgentView> agent(String agentId) {
        Entry entry = agents.get(agentId);
        return entry == null ? Optional.empty() : Optional.of(entry.view());
    }

    /** Every known agent, by id. */
    public List<AgentView> agents() {
        List<AgentView> views = new ArrayList<>();
        for (Entry entry : agents.values()) {
            views.add(entry.view());
        }
        views.sort(Comparator.comparing(AgentView::agentId));
        return views;
    }

    /** Counts agents per state, every state present. */
    public Map<AgentState, Integer> countByState() {
        Map<AgentState, Integer> counts = new HashMap<>();
        for (AgentState state : AgentState.values()) {
            counts.put(state, 0);
        }
        for (Entry entry : agents.values()) {
            counts.merge(entry.view().state(), 1, Integer::sum);
        }
        return counts;
    }

    /** The immutable snapshot the placement policy decides over. */
    public FleetSnapshot snapshot() {
        List<AgentSnapshot> snapshots = new ArrayList<>();
        Map<String, Map<String, Double>> rtt = new HashMap<>();
        for (AgentView view : agents()) {
            snapshots.add(FleetMapper.toSnapshot(view));
            if (view.lastReport() != null && !view.lastReport().peerRttMs().isEmpty()) {
                rtt.put(view.agentId(), view.lastReport().peerRttMs());
            }
        }
        return new FleetSnapshot(snapshots, rtt);
    }

    private void fire(Entry entry, AgentState state, AgentStateChanged.Cause cause, String reason) {
        if (changes != null) {
            changes.fire(new AgentStateChanged(entry.hello.agentId(), state, cause, reason, entry.hello));
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Mutable per-agent state, guarded by its own monitor. */
    private static final class Entry {
        final AgentHello hello;
        AgentState state;
        Instant reportedAt;
        LoadSample last;
        int placementsSinceReport;
        boolean drainRequested;
        boolean sessionOpen = true;

        Entry(AgentHello hello, AgentState state, Instant connectedAt, boolean drainRequested) {
            this.hello = hello;
            this.state = state;
            this.reportedAt = connectedAt;
            this.drainRequested = drainRequested;
        }

        synchronized AgentView view() {
            double stress = last == null ? 0 : last.stress();
            int participants = last == null ? 0 : last.participants();
            return new AgentView(hello, state, stress, participants, reportedAt, placementsSinceReport, last);
        }
    }
}
