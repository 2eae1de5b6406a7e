package io.meridian.controller.persistence;

import io.meridian.controller.fleet.AgentHello;
import io.meridian.placement.AgentState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node store used when no database is configured: conferences in memory, each under its own lock.
 * Bounded: at most {@link #MAX_CONFERENCES} conferences (a new one past that first evicts the longest-ended ones;
 * with none ended the join is refused with 503) and {@link #MAX_DECISIONS} logged decisions per conference (the
 * oldest are dropped; sequence numbers keep counting).
 */
public class InMemoryConferenceStore implements ConferenceStore {
    /** Most conferences held. */
    public static final int MAX_CONFERENCES = 10_000;
    /** Most decisions kept per conference. */
    public static final int MAX_DECISIONS = 1_000;

    private final ConcurrentHashMap<String, Conference> conferences = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AgentState> agents = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxConferences;
    private final int maxDecisions;

    public InMemoryConferenceStore(Clock clock) {
        this(clock, MAX_CONFERENCES, MAX_DECISIONS);
    }

    /** A store with other bounds, for tests. */
    public InMemoryConferenceStore(Clock clock, int maxConferences, int maxDecisions) {
        this.clock = clock;
        this.maxConferences = maxConferences;
        this.maxDecisions = maxDecisions;
    }

    @Override
    public JoinResult join(String conferenceId, JoinPlanner planner) {
        Conference conference = live(conferenceId);
        synchronized (conference) {
            JoinPlan plan = planner.plan(conference.view);
            ConferenceChange change = ConferenceRules.plan(conference.view, plan, clock.instant());
            conference.update(ConferenceRules.apply(conference.view, change), clock.instant());
            DecisionRecord decision = plan.decision().numbered(++conference.decisionCount);
            conference.log(decision, maxDecisions);
            return new JoinResult(conference.view, decision, change);
        }
    }

    /**
     * The conference, created if new, marked not ended so that retention leaves it alone until the caller's change
     * decides (a conference retention forgot in between is replaced by a new one).
     */
    private Conference live(String conferenceId) {
        while (true) {
            if (!conferences.containsKey(conferenceId) && conferences.size() >= maxConferences) {
                makeRoom();
            }
            Conference conference = conferences.computeIfAbsent(conferenceId, Conference::new);
            synchronized (conference) {
                if (!conference.forgotten) {
                    conference.endedAt = null;
                    return conference;
                }
            }
        }
    }

    /** Evicts the longest-ended conferences; refuses (503) when none has ended. */
    private synchronized void makeRoom() {
        if (conferences.size() < maxConferences) {
            return;
        }
        List<Map.Entry<String, Instant>> ended = new ArrayList<>();
        for (var entry : conferences.entrySet()) {
            synchronized (entry.getValue()) {
                if (entry.getValue().endedAt != null) {
                    ended.add(Map.entry(entry.getKey(), entry.getValue().endedAt));
                }
            }
        }
        ended.sort(Map.Entry.comparingByValue());
        int excess = conferences.size() - maxConferences + Math.max(1, maxConferences / 100);
        for (var entry : ended) {
            if (excess <= 0) {
                break;
            }
            Conference conference = conferences.get(entry.getKey());
            if (conference != null) {
                synchronized (conference) {
                    if (conference.endedAt != null && conferences.remove(entry.getKey(), conference)) {
                        conference.forgotten = true;
                        excess--;
                    }
                }
            }
        }
        if (conferences.size() >= maxConferences) {
            throw new StoreUnavailableException("the in-memory store holds its maximum of " + maxConferences
                    + " live conferences; try again when one ends (or run with PostgreSQL)");
        }
    }

    @Override
    public Optional<ConferenceView> conference(String conferenceId) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return Optional.empty();
        }
        synchronized (conference) {
            return Optional.of(conference.view);
        }
    }

    @Override
    public Optional<ConferenceChange> leave(String conferenceId, String participantId, String onlyOnAgent) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return Optional.empty();
        }
        synchronized (conference) {
            ConferenceChange change = ConferenceRules.leave(conference.view, participantId, onlyOnAgent);
            conference.update(ConferenceRules.apply(conference.view, change), clock.instant());
            return Optional.of(change);
        }
    }

    @Override
    public ConferenceChange adopt(String conferenceId, String agentId, String region, List<String> participantIds) {
        Conference conference = live(conferenceId);
        synchronized (conference) {
            ConferenceChange change = ConferenceRules.adopt(conference.view, agentId, region, participantIds,
                    clock.instant());
            conference.update(ConferenceRules.apply(conference.view, change), clock.instant());
            return change;
        }
    }

    @Override
    public List<String> conferencesOf(String agentId) {
        List<String> ids = new ArrayList<>();
        for (Conference conference : conferences.values()) {
            synchronized (conference) {
                if (conference.view.hasAgent(agentId)) {
                    ids.add(conference.view.conferenceId());
                }
            }
        }
        return ids;
    }

    @Override
    public ConferenceChange evict(String conferenceId, String agentId, EvictionPlanner planner) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return ConferenceChange.none();
        }
        synchronized (conference) {
            ConferenceChange change = ConferenceRules.evict(conference.view, agentId);
            if (change.isEmpty()) {
                return change;
            }
            ConferenceView after = ConferenceRules.apply(conference.view, change);
            Optional<List<DecisionRecord>> log = planner.plan(after, change);
            if (log.isEmpty()) {
                return ConferenceChange.none();
            }
            conference.update(after, clock.instant());
            for (DecisionRecord record : log.get()) {
                conference.log(record.numbered(++conference.decisionCount), maxDecisions);
            }
            return change;
        }
    }

    @Override
    public Optional<List<DecisionRecord>> decisions(String conferenceId, long afterSequence, int limit) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return Optional.empty();
        }
        synchronized (conference) {
            // Kept sequences are consecutive: the first kept one is at index 0.
            long first = conference.decisions.isEmpty() ? 1 : conference.decisions.getFirst().sequence();
            int from = (int) Math.min(Math.max(afterSequence - first + 1, 0), conference.decisions.size());
            int to = (int) Math.min((long) from + limit, conference.decisions.size());
            return Optional.of(List.copyOf(conference.decisions.subList(from, to)));
        }
    }

    @Override
    public int forgetEnded(Instant endedBefore, int batch) {
        int forgotten = 0;
        for (var entry : conferences.entrySet()) {
            if (forgotten >= batch) {
                break;
            }
            Conference conference = entry.getValue();
            synchronized (conference) {
                if (conference.endedAt != null && conference.endedAt.isBefore(endedBefore)
                        && conferences.remove(entry.getKey(), conference)) {
                    conference.forgotten = true;
                    forgotten++;
                }
            }
        }
        return forgotten;
    }

    @Override
    public void saveAgent(AgentHello hello, AgentState state) {
        agents.put(hello.agentId(), state);
    }

    @Override
    public void agentState(String agentId, AgentState state) {
        agents.computeIfPresent(agentId, (id, old) -> state);
    }

    @Override
    public void relayLinkState(String conferenceId, String fromAgentId, String toAgentId, String state) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return;
        }
        synchronized (conference) {
            List<RelayLink> links = new ArrayList<>();
            for (RelayLink link : conference.view.links()) {
                boolean match = link.fromAgentId().equals(fromAgentId) && link.toAgentId().equals(toAgentId);
                links.add(match ? new RelayLink(fromAgentId, toAgentId, state) : link);
            }
            ConferenceView v = conference.view;
            conference.view = new ConferenceView(v.conferenceId(), v.agents(), v.participants(), links);
            if (RelayLink.OPEN.equals(state)) {
                conference.repairs.computeIfPresent(Conference.key(fromAgentId, toAgentId),
                        (k, r) -> new Repair(r.created(), 0, null));
            }
        }
    }

    @Override
    public List<RelayRetry> claimRelayRetries(Instant now, Duration stuckAfter, Duration maxBackoff, int batch) {
        List<RelayRetry> claimed = new ArrayList<>();
        for (Conference conference : conferences.values()) {
            synchronized (conference) {
                List<RelayLink> links = new ArrayList<>(conference.view.links());
                for (int i = 0; i < links.size() && claimed.size() < batch; i++) {
                    RelayLink link = links.get(i);
                    String key = Conference.key(link.fromAgentId(), link.toAgentId());
                    Repair repair = conference.repairs.computeIfAbsent(key, k -> new Repair(now, 0, null));
                    Instant due = repair.retryAt() != null ? repair.retryAt()
                            : link.state().equals(RelayLink.OPEN) ? null : repair.created().plus(stuckAfter);
                    if (due == null || due.isAfter(now)) {
                        continue;
                    }
                    int attempt = repair.attempts() + 1;
                    conference.repairs.put(key, new Repair(repair.created(), attempt,
                            now.plus(stuckAfter).plus(ConferenceStore.backoff(attempt, maxBackoff))));
                    RelayLink opening = new RelayLink(link.fromAgentId(), link.toAgentId(), RelayLink.OPENING);
                    links.set(i, opening);
                    claimed.add(new RelayRetry(conference.view.conferenceId(), opening, attempt));
                }
                ConferenceView v = conference.view;
                conference.view = new ConferenceView(v.conferenceId(), v.agents(), v.participants(), links);
            }
            if (claimed.size() >= batch) {
                break;
            }
        }
        return claimed;
    }

    @Override
    public int reopenRelaysOf(String conferenceId, String agentId, Instant now) {
        Conference conference = conferences.get(conferenceId);
        if (conference == null) {
            return 0;
        }
        int marked = 0;
        synchronized (conference) {
            for (RelayLink link : conference.view.links()) {
                if (link.touches(agentId)) {
                    conference.repairs.computeIfPresent(Conference.key(link.fromAgentId(), link.toAgentId()),
                            (k, r) -> new Repair(r.created(), r.attempts(), now));
                    marked++;
                }
            }
        }
        return marked;
    }

    /** A relay link's repair schedule: see {@link ConferenceStore#claimRelayRetries}. */
    private record Repair(Instant created, int attempts, Instant retryAt) {
    }

    @Override
    public String kind() {
        return "in-memory";
    }

    /** One conference's state; its monitor serialises changes to it. */
    private static final class Conference {
        ConferenceView view;
        final List<DecisionRecord> decisions = new ArrayList<>();
        long decisionCount;
        /** Since when nobody is placed in it, null while someone is. */
        Instant endedAt;
        /** Removed by retention: a caller still holding it must start a new one. */
        boolean forgotten;

        void log(DecisionRecord decision, int max) {
            decisions.add(decision);
            if (decisions.size() > max) {
                // Rare (a conference with over a thousand joins) and short: a shift of at most max entries.
                decisions.removeFirst();
            }
        }

        /** Each relay link's repair schedule, by {@link #key}; kept in step with the view's links. */
        final Map<String, Repair> repairs = new HashMap<>();

        static String key(String fromAgentId, String toAgentId) {
            return fromAgentId + '\n' + toAgentId;
        }

        void update(ConferenceView after, Instant now) {
            view = after;
            Set<String> present = new HashSet<>();
            for (RelayLink link : after.links()) {
                present.add(key(link.fromAgentId(), link.toAgentId()));
                repairs.putIfAbsent(key(link.fromAgentId(), link.toAgentId()), new Repair(now, 0, null));
            }
            repairs.keySet().retainAll(present);
            if (!after.participants().isEmpty()) {
                endedAt = null;
            } else if (endedAt == null) {
                endedAt = now;
            }
        }

        Conference(String conferenceId) {
            this.view = ConferenceView.empty(conferenceId);
        }
    }
}
