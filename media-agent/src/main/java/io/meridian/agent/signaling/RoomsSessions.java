package io.meridian.agent.signaling;

import io.meridian.agent.control.MoveTarget;
import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.control.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The controller's commands on sessions, carried out by {@link Rooms}. */
@ApplicationScoped
public class RoomsSessions implements Sessions {
    private final Rooms rooms;

    @Inject
    public RoomsSessions(Rooms rooms) {
        this.rooms = rooms;
    }

    @Override
    public RelayCommands.CommandResult remove(String conferenceId, String participantId) {
        rooms.remove(conferenceId, participantId);
        return RelayCommands.CommandResult.done();
    }

    @Override
    public RelayCommands.CommandResult move(String conferenceId, String participantId, MoveTarget target) {
        return rooms.move(conferenceId, participantId, target) ? RelayCommands.CommandResult.done()
                : RelayCommands.CommandResult.failed("participant '" + participantId + "' has no session in '"
                        + conferenceId + "' on this agent");
    }
}
