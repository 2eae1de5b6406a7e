package io.meridian.agent.report;

import java.util.List;

/**
 * A conference hosted on this agent with the participants connected here.
 *
 * @param conferenceId   the conference id from the join token
 * @param participantIds participant ids from the join tokens, immutable
 */
public record HostedConference(String conferenceId, List<String> participantIds) {

    /** Copies the participant list so the snapshot cannot change under the reader. */
    public HostedConference {
        participantIds = List.copyOf(participantIds);
    }
}
