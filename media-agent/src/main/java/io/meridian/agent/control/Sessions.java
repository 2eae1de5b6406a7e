package io.meridian.agent.control;

/** What the controller may do to this agent's signaling sessions. */
public interface Sessions {
    /**
     * Ends {@code participantId}'s session in {@code conferenceId} (the browser sees close 4404, the controller a
     * leave with reason REMOVED); done also when the participant is not here, so a retried command converges.
     */
    RelayCommands.CommandResult remove(String conferenceId, String participantId);

    /**
     * Tells {@code participantId}'s browser to move to {@code target} (a "move" signaling message); its session here
     * goes on until the browser leaves it. Fails when the participant has no session here.
     */
    default RelayCommands.CommandResult move(String conferenceId, String participantId, MoveTarget target) {
        return RelayCommands.CommandResult.failed("moving participants is not supported here");
    }
}
