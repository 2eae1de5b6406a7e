package io.meridian.agent.report;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default {@link Hosting}: a registry the signaling side updates when it admits or removes a
 * participant. Thread-safe; the sfu may replace it with its own {@link Hosting} bean.
 */
@Singleton
@DefaultBean
public class HostingRegistry implements Hosting {

    // Sorted so that Hello and reports list conferences in a stable order.
    private final Map<String, Map<String, String>> conferences = new TreeMap<>();

    /**
     * Records that {@code participantId} joined {@code conferenceId} here, admitted by {@code joinToken}; false if
     * already recorded (the newer token is kept: it is the one a replacing session presented).
     */
    public synchronized boolean add(String conferenceId, String participantId, String joinToken) {
        return conferences.computeIfAbsent(conferenceId, id -> new TreeMap<>()).put(participantId, joinToken) == null;
    }

    /** Records that {@code participantId} left; false if it was not recorded. Empty conferences vanish. */
    public synchronized boolean remove(String conferenceId, String participantId) {
        Map<String, String> participants = conferences.get(conferenceId);
        if (participants == null || participants.remove(participantId) == null) {
            return false;
        }
        if (participants.isEmpty()) {
            conferences.remove(conferenceId);
        }
        return true;
    }

    @Override
    public synchronized List<HostedConference> hosted() {
        List<HostedConference> snapshot = new ArrayList<>(conferences.size());
        conferences.forEach((id, participants) -> snapshot.add(new HostedConference(id, participants.entrySet().stream()
                .map(p -> new HostedConference.Participant(p.getKey(), p.getValue())).toList())));
        return snapshot;
    }

    @Override
    public synchronized int participants() {
        int total = 0;
        for (Map<String, String> participants : conferences.values()) {
            total += participants.size();
        }
        return total;
    }
}
