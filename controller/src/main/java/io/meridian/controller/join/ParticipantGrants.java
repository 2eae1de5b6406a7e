package io.meridian.controller.join;

import io.meridian.placement.ParticipantLocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this replica's joins admitted each participant with (its media permissions, its application, where it was
 * located), so that a live move can sign the participant a token for another agent with the same rights, never more,
 * and re-homing can weigh where the participants are. In memory and bounded: a participant that joined through
 * another replica, or before a restart, is unknown here and cannot be moved by this replica until it joins again.
 */
@ApplicationScoped
public class ParticipantGrants {
    /** Most participants remembered; the oldest are forgotten first. */
    static final int CAPACITY = 200_000;

    /**
     * One participant's admission.
     *
     * @param permissions the media permissions of its join token ("publish", "subscribe")
     * @param applicationKey the application whose grant admitted it
     * @param location where the join located it
     */
    public record Admitted(List<String> permissions, String applicationKey, ParticipantLocation location) {
        public Admitted {
            permissions = List.copyOf(permissions);
        }
    }

    private final Map<String, Admitted> byParticipant = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Admitted> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers a join this replica admitted (a later join of the same participant replaces it). */
    public synchronized void admitted(String conferenceId, String participantId, Admitted admitted) {
        String key = key(conferenceId, participantId);
        byParticipant.remove(key); // re-inserted: the newest join is the last to be forgotten
        byParticipant.put(key, admitted);
    }

    /** The participant's admission, when this replica admitted it. */
    public synchronized Optional<Admitted> of(String conferenceId, String participantId) {
        return Optional.ofNullable(byParticipant.get(key(conferenceId, participantId)));
    }

    private static String key(String conferenceId, String participantId) {
        return conferenceId + '\n' + participantId;
    }
}
