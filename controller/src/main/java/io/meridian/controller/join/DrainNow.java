package io.meridian.controller.join;

import io.meridian.controller.ControllerException;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ParticipantRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Drain now, for maintenance: after the agent is drained (it takes nobody new), everyone on it is moved live to
 * wherever the placement policy puts them, one after the other, each make-before-break. A participant that cannot be
 * moved (no other agent, admitted by another replica) stays and is listed with the reason.
 */
@ApplicationScoped
public class DrainNow {
    private static final Logger LOG = Logger.getLogger(DrainNow.class);

    /** A participant that stayed, and why. */
    public record NotMoved(String conferenceId, String participantId, String reason) {
    }

    /** What drain now did. */
    public record Outcome(List<LiveMoves.Moved> moved, List<NotMoved> notMoved) {
    }

    private final ConferenceStore store;
    private final LiveMoves moves;

    @Inject
    public DrainNow(ConferenceStore store, LiveMoves moves) {
        this.store = store;
        this.moves = moves;
    }

    /** Moves everyone off {@code agentId} (which the caller has drained). */
    public Outcome moveEveryoneOff(String agentId) {
        List<LiveMoves.Moved> moved = new ArrayList<>();
        List<NotMoved> notMoved = new ArrayList<>();
        for (String conferenceId : store.conferencesOf(agentId)) {
            List<String> here = store.conference(conferenceId).map(view -> view.participants().stream()
                    .filter(p -> p.agentId().equals(agentId)).map(ParticipantRecord::participantId).toList())
                    .orElse(List.of());
            for (String participantId : here) {
                try {
                    moved.add(moves.move(conferenceId, participantId, LiveMoves.Target.ANY, LiveMoves.Reason.DRAIN));
                } catch (ControllerException e) {
                    notMoved.add(new NotMoved(conferenceId, participantId, e.getMessage()));
                }
            }
        }
        LOG.infof("drain now of %s: %d moved, %d stayed", agentId, moved.size(), notMoved.size());
        return new Outcome(moved, notMoved);
    }
}
