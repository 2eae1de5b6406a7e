package io.meridian.controller.join;

import io.meridian.controller.ControllerException;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ParticipantRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Drain now, for maintenance: after the agent is drained (it takes nobody new), everyone on it is moved live to
 * wherever the placement policy puts them, each make-before-break: one participant of each conference per round,
 * rounds {@link LiveMoves#SPACING} apart (so the call takes that long per participant of its busiest conference). A participant that cannot be
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
        Map<String, List<String>> here = new LinkedHashMap<>();
        for (String conferenceId : store.conferencesOf(agentId)) {
            store.conference(conferenceId).ifPresent(view -> here.put(conferenceId, view.participants().stream()
                    .filter(p -> p.agentId().equals(agentId)).map(ParticipantRecord::participantId).toList()));
        }
        // In rounds: one participant of each conference per round, rounds LiveMoves.SPACING apart, so two
        // participants of one conference never switch at the same time.
        for (int round = 0; here.values().stream().anyMatch(ids -> ids.size() > 0); round++) {
            if (round > 0 && !LiveMoves.spaceOut()) {
                break;
            }
            for (Map.Entry<String, List<String>> conference : here.entrySet()) {
                List<String> ids = conference.getValue();
                if (ids.isEmpty()) {
                    continue;
                }
                String participantId = ids.getFirst();
                conference.setValue(ids.subList(1, ids.size()));
                try {
                    moved.add(moves.move(conference.getKey(), participantId, LiveMoves.Target.ANY,
                            LiveMoves.Reason.DRAIN));
                } catch (ControllerException e) {
                    notMoved.add(new NotMoved(conference.getKey(), participantId, e.getMessage()));
                }
            }
        }
        LOG.infof("drain now of %s: %d moved, %d stayed", agentId, moved.size(), notMoved.size());
        return new Outcome(moved, notMoved);
    }
}
