package io.meridian.controller.persistence;

import java.util.List;
import java.util.Optional;

/** Decides, under the conference's lock, whether a DOWN agent's part of a conference is removed, and how the log says so. */
@FunctionalInterface
public interface EvictionPlanner {

    /**
     * @param after the conference once the agent is removed
     * @param change what the removal changes
     * @return the decision-log entries to append (one per removed participant, unnumbered), or empty to leave the
     *         conference as it is (the agent is back)
     */
    Optional<List<DecisionRecord>> plan(ConferenceView after, ConferenceChange change);
}
