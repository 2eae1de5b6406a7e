package io.meridian.controller.persistence;

import io.meridian.controller.fleet.AgentHello;
import io.meridian.placement.AgentState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The single-node store used when no database is configured: conferences in memory, each under its own lock. */
public class InMemoryConferenceStore implements ConferenceStore {
    private final ConcurrentHashMap<String, Conference> conferences = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AgentState> agents = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryConferenceStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public JoinResult join(String conferenceId, JoinPlanner planner) {
        Conference conference = conferences.computeIfAbsent(conferenceId, Conference::new);
        synchronized (conference) {
            JoinPlan plan = planner.plan(conference.view);
            ConferenceChange change = plan instanceof JoinPlan.Place place
                    ? ConferenceRules.place(conference.view, place.participant(), clock.instant())
                    : ConferenceChange.none();
            conference.view = ConferenceRules.apply(conference.view, change);
            DecisionRecord decision = plan.decision().numbered(conference.decisions.size() + 1L);
            conference.decisions.add(decision);
            return new JoinResult(conference.view, decision, change);
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
            conference.view = ConferenceRules.apply(conference.view, change);
            return Optional.of(change);
        }
    }

    @Override
    public ConferenceChange adopt(String conferenceId, String agentId, String region, List<String> participantIds) {
        Conference conference = conferences.computeIfAbsent(conferenceId, Conference::new);
        synchronized (conference) {
            ConferenceChange change = ConferenceRules.adopt(conference.view, agentId, region, participantIds,
                    clock.instant());
            conference.view = ConferenceRules.apply(conference.view, change);
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
            conference.view = after;
            for (DecisionRecord record : log.get()) {
                conference.decisions.add(record.numbered(conference.decisions.size() + 1L));
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
            // Sequences are 1..n in list order: sequence s is at index s - 1.
            int from = (int) Math.min(Math.max(afterSequence, 0), conference.decisions.size());
            int to = (int) Math.min((long) from + limit, conference.decisions.size());
            return Optional.of(List.copyOf(conference.decisions.subList(from, to)));
        }
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
        }
    }

    @Override
    public String kind() {
        return "in-memory";
    }

    /** One conference's state; its monitor serialises changes to it. */
    private static final class Conference {
        ConferenceView view;
        final List<DecisionRecord> decisions = new ArrayList<>();

        Conference(String conferenceId) {
            this.view = ConferenceView.empty(conferenceId);
        }
    }
}
