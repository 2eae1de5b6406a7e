package io.meridian.agent.report;

import java.util.List;

/**
 * A conference hosted on this agent with the participants connected here.
 *
 * @param conferenceId the conference id from the join token
 * @param participants who is connected, with the join token that admitted each, immutable
 */
public record HostedConference(String conferenceId, List<Participant> participants) {

    /**
     * A participant connected here.
     *
     * @param participantId the {@code sub} of its join token
     * @param joinToken     the token that admitted it: the controller's proof that this agent really hosts it
     */
    public record Participant(String participantId, String joinToken) {
        /** Keeps the token out of logs. */
        @Override
        public String toString() {
            return participantId;
        }
    }

    /** Copies the participant list so the snapshot cannot change under the reader. */
    public HostedConference {
        participants = List.copyOf(participants);
    }

    /** The participants' ids, in order. */
    public List<String> participantIds() {
        return participants.stream().map(Participant::participantId).toList();
    }
}
