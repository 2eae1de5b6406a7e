package io.meridian.agent.control;

import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.MoveParticipant;
import io.meridian.proto.agent.v1.RemoveParticipant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Carries out what any controller replica commands, and answers the acknowledgement to send back. Every command
 * is idempotent, because every replica may send it: draining a draining agent, removing someone already gone,
 * opening a relay link that is open with the same keys, closing one that is closed — all are done.
 */
final class ControllerCommands {

    private static final Logger LOG = Logger.getLogger(ControllerCommands.class);

    private final RelayCommands relays;
    private final Sessions sessions;
    private volatile boolean draining;

    ControllerCommands(RelayCommands relays, Sessions sessions) {
        this.relays = relays;
        this.sessions = sessions;
    }

    /** True once a replica told this agent to drain (and none undrained it since). */
    boolean isDraining() {
        return draining;
    }

    /**
     * Applies {@code message} (anything but Welcome) from replica {@code replica}; returns the acknowledgement, or
     * empty when the message asks for none. Runs on the links' thread.
     */
    Optional<io.meridian.proto.agent.v1.AgentMessage> apply(String replica, ControllerMessage message) {
        return switch (message.getBodyCase()) {
            case DRAIN -> {
                if (!draining) {
                    LOG.infof("controller %s asked this agent to drain: admitting nobody new", replica);
                }
                draining = true;
                yield ack(message.getDrain().getCommandId(), RelayCommands.CommandResult.done());
            }
            case UNDRAIN -> {
                if (draining) {
                    LOG.infof("controller %s undrained this agent: admitting participants again", replica);
                }
                draining = false;
                yield ack(message.getUndrain().getCommandId(), RelayCommands.CommandResult.done());
            }
            case REMOVE_PARTICIPANT -> {
                RemoveParticipant remove = message.getRemoveParticipant();
                yield ack(remove.getCommandId(),
                        run(() -> sessions.remove(remove.getConferenceId(), remove.getParticipantId())));
            }
            case MOVE_PARTICIPANT -> {
                MoveParticipant move = message.getMoveParticipant();
                yield ack(move.getCommandId(), run(() -> sessions.move(move.getConferenceId(),
                        move.getParticipantId(), new MoveTarget(move.getAgentId(), move.getRegion(),
                                move.getSignalingUrl(), move.getToken(), move.getReason()))));
            }
            case OPEN_RELAY -> ack(message.getOpenRelay().getCommandId(),
                    run(() -> relays.open(LinkMessages.openRelay(message.getOpenRelay()))));
            case CLOSE_RELAY -> ack(message.getCloseRelay().getCommandId(),
                    run(() -> relays.close(LinkMessages.closeRelay(message.getCloseRelay()))));
            case FLEET_PEERS -> {
                try {
                    relays.fleetPeers(LinkMessages.fleetPeers(message.getFleetPeers()));
                } catch (RuntimeException e) {
                    LOG.warnf("fleet peer list not applied: %s", e.getMessage());
                }
                yield Optional.empty();
            }
            case WELCOME, BODY_NOT_SET -> {
                LOG.debug("ignoring a controller message of an unknown kind");
                yield Optional.empty();
            }
        };
    }

    private static Optional<io.meridian.proto.agent.v1.AgentMessage> ack(long commandId,
            RelayCommands.CommandResult result) {
        return Optional.of(LinkMessages.ack(commandId, result));
    }

    private static RelayCommands.CommandResult run(Supplier<RelayCommands.CommandResult> command) {
        try {
            RelayCommands.CommandResult result = command.get();
            return result != null ? result : RelayCommands.CommandResult.failed("no result");
        } catch (RuntimeException e) {
            return RelayCommands.CommandResult.failed(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }
}
