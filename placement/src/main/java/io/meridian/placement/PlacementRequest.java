package io.meridian.placement;

import java.util.Objects;

/**
 * Everything one placement decision looks at.
 *
 * @param conferenceId  the conference being joined
 * @param participantId the joining participant
 * @param location      where the participant is (and its probes)
 * @param conference    the conference's current agents
 * @param fleet         the agents and their inter-agent RTTs
 */
public record PlacementRequest(String conferenceId, String participantId, ParticipantLocation location,
                               ConferenceSnapshot conference, FleetSnapshot fleet) {

    /** @throws IllegalArgumentException when the conference snapshot is for another conference */
    public PlacementRequest {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(conference, "conference");
        Objects.requireNonNull(fleet, "fleet");
        if (!conference.conferenceId().equals(conferenceId)) {
            throw new IllegalArgumentException("conference snapshot is for '" + conference.conferenceId()
                    + "', not '" + conferenceId + "'");
        }
    }
}
