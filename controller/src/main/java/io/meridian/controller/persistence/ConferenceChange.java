package io.meridian.controller.persistence;

import java.util.List;

/**
 * What a join, leave or adoption changes in a conference: computed once by {@link ConferenceRules} and
 * applied by each store, so that both stores behave alike.
 *
 * @param upsert participants to insert or move (null entries not allowed)
 * @param removedParticipants participant ids to delete
 * @param addedAgents agents joining the conference
 * @param removedAgents agents left with nobody, leaving the conference
 * @param addedLinks relay links to create (state OPENING)
 * @param removedLinks relay links to delete
 */
public record ConferenceChange(List<ParticipantRecord> upsert, List<String> removedParticipants,
        List<ConferenceAgent> addedAgents, List<String> removedAgents, List<RelayLink> addedLinks,
        List<RelayLink> removedLinks) {

    public ConferenceChange {
        upsert = List.copyOf(upsert);
        removedParticipants = List.copyOf(removedParticipants);
        addedAgents = List.copyOf(addedAgents);
        removedAgents = List.copyOf(removedAgents);
        addedLinks = List.copyOf(addedLinks);
        removedLinks = List.copyOf(removedLinks);
    }

    /** Nothing changes. */
    public static ConferenceChange none() {
        return new ConferenceChange(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** True when nothing changes. */
    public boolean isEmpty() {
        return upsert.isEmpty() && removedParticipants.isEmpty() && addedAgents.isEmpty() && removedAgents.isEmpty()
                && addedLinks.isEmpty() && removedLinks.isEmpty();
    }
}
