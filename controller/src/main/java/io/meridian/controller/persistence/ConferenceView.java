package io.meridian.controller.persistence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A conference as stored: its agents, participants and relay links. */
public record ConferenceView(String conferenceId, List<ConferenceAgent> agents, List<ParticipantRecord> participants,
        List<RelayLink> links) {

    public ConferenceView {
        agents = List.copyOf(agents);
        participants = List.copyOf(participants);
        links = List.copyOf(links);
    }

    /** A conference nobody is in. */
    public static ConferenceView empty(String conferenceId) {
        return new ConferenceView(conferenceId, List.of(), List.of(), List.of());
    }

    /** "cascaded" when it spans more than one agent, else "single". */
    public String mode() {
        return agents.size() > 1 ? "cascaded" : "single";
    }

    /** Agent id → participants on it, every conference agent present (in the order they were added). */
    public Map<String, Integer> participantsByAgent() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        agents.forEach(agent -> counts.put(agent.agentId(), 0));
        participants.forEach(p -> counts.merge(p.agentId(), 1, Integer::sum));
        return counts;
    }

    /** The participant, if present. */
    public Optional<ParticipantRecord> participant(String participantId) {
        return participants.stream().filter(p -> p.participantId().equals(participantId)).findFirst();
    }

    /** True when the agent hosts part of the conference. */
    public boolean hasAgent(String agentId) {
        return agents.stream().anyMatch(a -> a.agentId().equals(agentId));
    }
}
