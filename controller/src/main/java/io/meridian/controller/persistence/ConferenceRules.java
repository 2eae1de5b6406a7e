package io.meridian.controller.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a conference changes, as pure functions of its current view. Agents left with nobody leave the
 * conference and their relay links go; a new agent gets a relay link from every agent already there.
 */
public final class ConferenceRules {
    private ConferenceRules() {
    }

    /** The change a placement makes: the participant (re)placed, its agent added, links opened/closed. */
    public static ConferenceChange place(ConferenceView current, ParticipantRecord participant, Instant now) {
        return host(current, List.of(participant), now, true, false);
    }

    /**
     * The change a live move makes: the participant is hosted on its new agent (added with relay links to every agent
     * there, if new), and the agent it leaves stays, links and all, even when nobody else is on it: its old session
     * still forwards until the browser leaves it.
     */
    public static ConferenceChange move(ConferenceView current, ParticipantRecord participant, Instant now) {
        return host(current, List.of(participant), now, true, true);
    }

    /** Plans {@link JoinPlan#decision()}'s change: a placement, a live move, or nothing for a rejection. */
    public static ConferenceChange plan(ConferenceView current, JoinPlan plan, Instant now) {
        return switch (plan) {
            case JoinPlan.Place place -> place(current, place.participant(), now);
            case JoinPlan.Move move -> move(current, move.participant(), now);
            case JoinPlan.Reject reject -> ConferenceChange.none();
        };
    }

    /** The change when agents report participants the store does not have (reconnect, missed join). */
    public static ConferenceChange adopt(ConferenceView current, String agentId, String region,
            List<String> participantIds, Instant now) {
        List<ParticipantRecord> missing = new ArrayList<>();
        for (String id : participantIds) {
            if (current.participant(id).isEmpty() && missing.stream().noneMatch(p -> p.participantId().equals(id))) {
                missing.add(new ParticipantRecord(id, agentId, region, null, "ADOPTED", now));
            }
        }
        if (missing.isEmpty()) {
            return ConferenceChange.none();
        }
        return host(current, missing, now, false, false);
    }

    /** The change when a participant leaves; empty when it is not there (or is on another agent than {@code onlyOnAgent}). */
    public static ConferenceChange leave(ConferenceView current, String participantId, String onlyOnAgent) {
        var existing = current.participant(participantId);
        if (existing.isEmpty() || (onlyOnAgent != null && !existing.get().agentId().equals(onlyOnAgent))) {
            return onlyOnAgent == null ? ConferenceChange.none() : release(current, onlyOnAgent);
        }
        Map<String, Integer> counts = current.participantsByAgent();
        String agent = existing.get().agentId();
        List<String> removedAgents = new ArrayList<>();
        List<RelayLink> removedLinks = new ArrayList<>();
        if (counts.getOrDefault(agent, 0) <= 1) {
            removedAgents.add(agent);
            current.links().stream().filter(l -> l.touches(agent)).forEach(removedLinks::add);
        }
        return new ConferenceChange(List.of(), List.of(participantId), List.of(), removedAgents, List.of(),
                removedLinks);
    }

    /**
     * An agent that hosts nobody of the conference any more leaves it with its relay links: what remains after a live
     * move once the old session there ended. Nothing when someone is still on it.
     */
    private static ConferenceChange release(ConferenceView current, String agentId) {
        if (!current.hasAgent(agentId) || current.participantsByAgent().getOrDefault(agentId, 0) > 0) {
            return ConferenceChange.none();
        }
        List<RelayLink> removedLinks = current.links().stream().filter(l -> l.touches(agentId)).toList();
        return new ConferenceChange(List.of(), List.of(), List.of(), List.of(agentId), List.of(), removedLinks);
    }

    /** The change when an agent is gone (DOWN): all its participants, the agent and its relay links leave; empty when it is not there. */
    public static ConferenceChange evict(ConferenceView current, String agentId) {
        List<String> removed = current.participants().stream().filter(p -> p.agentId().equals(agentId))
                .map(ParticipantRecord::participantId).toList();
        if (removed.isEmpty() && !current.hasAgent(agentId)) {
            return ConferenceChange.none();
        }
        List<String> removedAgents = current.hasAgent(agentId) ? List.of(agentId) : List.of();
        List<RelayLink> removedLinks = current.links().stream().filter(l -> l.touches(agentId)).toList();
        return new ConferenceChange(List.of(), removed, List.of(), removedAgents, List.of(), removedLinks);
    }

    /** Applies a change to a view (what the in-memory store keeps, and what both stores answer with). */
    public static ConferenceView apply(ConferenceView current, ConferenceChange change) {
        List<ConferenceAgent> agents = new ArrayList<>(current.agents());
        agents.removeIf(a -> change.removedAgents().contains(a.agentId()));
        agents.addAll(change.addedAgents());
        List<ParticipantRecord> participants = new ArrayList<>(current.participants());
        participants.removeIf(p -> change.removedParticipants().contains(p.participantId())
                || change.upsert().stream().anyMatch(u -> u.participantId().equals(p.participantId())));
        participants.addAll(change.upsert());
        List<RelayLink> links = new ArrayList<>(current.links());
        links.removeIf(l -> change.removedLinks().stream().anyMatch(r -> r.samePair(l)));
        links.addAll(change.addedLinks());
        return new ConferenceView(current.conferenceId(), agents, participants, links);
    }

    private static ConferenceChange host(ConferenceView current, List<ParticipantRecord> arriving, Instant now,
            boolean moveExisting, boolean keepLeftAgents) {
        Map<String, Integer> counts = current.participantsByAgent();
        List<ParticipantRecord> upsert = new ArrayList<>();
        for (ParticipantRecord participant : arriving) {
            var existing = current.participant(participant.participantId());
            if (existing.isPresent()) {
                if (!moveExisting || existing.get().agentId().equals(participant.agentId())) {
                    if (moveExisting) {
                        upsert.add(participant);
                    }
                    continue;
                }
                counts.merge(existing.get().agentId(), -1, Integer::sum);
            }
            counts.merge(participant.agentId(), 1, Integer::sum);
            upsert.add(participant);
        }
        List<String> removedAgents = new ArrayList<>();
        List<RelayLink> removedLinks = new ArrayList<>();
        for (ConferenceAgent agent : current.agents()) {
            if (!keepLeftAgents && counts.getOrDefault(agent.agentId(), 0) <= 0
                    && current.participants().stream().anyMatch(p -> p.agentId().equals(agent.agentId()))) {
                // The agent's last participant moved elsewhere: it leaves the conference.
                removedAgents.add(agent.agentId());
                current.links().stream().filter(l -> l.touches(agent.agentId())).forEach(removedLinks::add);
            }
        }
        List<ConferenceAgent> addedAgents = new ArrayList<>();
        List<RelayLink> addedLinks = new ArrayList<>();
        for (ParticipantRecord participant : upsert) {
            String agentId = participant.agentId();
            if (current.hasAgent(agentId) || addedAgents.stream().anyMatch(a -> a.agentId().equals(agentId))) {
                continue;
            }
            for (ConferenceAgent other : current.agents()) {
                if (!removedAgents.contains(other.agentId())) {
                    addedLinks.add(new RelayLink(other.agentId(), agentId, RelayLink.OPENING));
                }
            }
            for (ConferenceAgent other : addedAgents) {
                addedLinks.add(new RelayLink(other.agentId(), agentId, RelayLink.OPENING));
            }
            addedAgents.add(new ConferenceAgent(agentId, participant.region(), now));
        }
        return new ConferenceChange(upsert, List.of(), addedAgents, removedAgents, addedLinks, removedLinks);
    }
}
