package io.meridian.controller.persistence;

import io.meridian.controller.fleet.AgentHello;
import io.meridian.placement.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where conferences, their placements and the decision log live. Joins to one conference are serialised
 * (in PostgreSQL by the conference row's lock, so across controller replicas too); everything a join
 * changes is stored atomically with its decision.
 */
public interface ConferenceStore {

    /** Locks the conference (creating it if new), lets {@code planner} decide, and stores the plan and its decision. */
    JoinResult join(String conferenceId, JoinPlanner planner);

    /** The conference, or empty when nobody ever joined it. */
    Optional<ConferenceView> conference(String conferenceId);

    /**
     * Removes a participant; when {@code onlyOnAgent} is not null, only if it is hosted there (an agent's
     * stale leave must not undo a later placement). Empty when the conference is unknown.
     */
    Optional<ConferenceChange> leave(String conferenceId, String participantId, String onlyOnAgent);

    /** Records participants an agent hosts that the store does not know (after a reconnect or a missed join). */
    ConferenceChange adopt(String conferenceId, String agentId, String region, List<String> participantIds);

    /** The conferences the agent hosts part of. */
    List<String> conferencesOf(String agentId);

    /**
     * Removes an agent that went DOWN from the conference (its participants, the agent, its relay links) under
     * the conference's lock, logging what {@code planner} returns; nothing when the agent is not there or the
     * planner declines. Idempotent: a second call (another replica's) finds nothing and changes nothing.
     */
    ConferenceChange evict(String conferenceId, String agentId, EvictionPlanner planner);

    /** The conference's whole decision log, oldest first; empty when the conference is unknown. */
    default Optional<List<DecisionRecord>> decisions(String conferenceId) {
        return decisions(conferenceId, 0, Integer.MAX_VALUE);
    }

    /**
     * One page of the decision log: at most {@code limit} decisions numbered after {@code afterSequence}, oldest
     * first; empty when the conference is unknown.
     */
    Optional<List<DecisionRecord>> decisions(String conferenceId, long afterSequence, int limit);

    /**
     * Deletes at most {@code batch} conferences nobody has been in since before {@code endedBefore}, with their
     * decision logs; returns how many. Safe to run on every replica at once.
     */
    int forgetEnded(Instant endedBefore, int batch);

    /** Records an agent's announcement and state. */
    void saveAgent(AgentHello hello, AgentState state);

    /** Records an agent's new state (no-op for an agent never saved). */
    void agentState(String agentId, AgentState state);

    /** Records a relay link's state (OPEN, FAILED); no-op when the link is gone. */
    void relayLinkState(String conferenceId, String fromAgentId, String toAgentId, String state);

    /**
     * Claims at most {@code batch} relay links due for another attempt to open them, for this caller alone: links
     * not OPEN whose retry is due (or, never scheduled, created more than {@code stuckAfter} ago), and links marked by
     * {@link #reopenRelaysOf}. Each claimed link is set OPENING, its attempt counted and its next retry pushed to
     * {@code now + stuckAfter + min(maxBackoff, 2^attempts s)}, so that nobody else (another replica) claims it while
     * this attempt runs and a link that keeps failing is retried less and less often. {@link #relayLinkState} OPEN
     * clears the schedule.
     */
    List<RelayRetry> claimRelayRetries(Instant now, Duration stuckAfter, Duration maxBackoff, int batch);

    /**
     * Schedules the conference's relay links with {@code agentId} at an end to be opened again at {@code now}: the
     * agent (re)connected without the conference (it restarted) and holds none of them. Returns how many links.
     */
    int reopenRelaysOf(String conferenceId, String agentId, Instant now);

    /** "postgresql" or "in-memory", for logs and health. */
    String kind();

    /**
     * What a join did.
     *
     * @param conference the conference after the join
     * @param decision the logged decision, numbered
     * @param change what changed (empty when rejected)
     */
    record JoinResult(ConferenceView conference, DecisionRecord decision, ConferenceChange change) {
    }

    /** A relay link claimed for another attempt to open it; {@code attempt} counts from 1 since it was last OPEN. */
    record RelayRetry(String conferenceId, RelayLink link, int attempt) {
    }

    /** The delay after an attempt's own time before the next: 2^attempts seconds, at most {@code maxBackoff}. */
    static Duration backoff(int attempts, Duration maxBackoff) {
        long seconds = 1L << Math.min(Math.max(attempts, 0), 20);
        return Duration.ofSeconds(seconds).compareTo(maxBackoff) < 0 ? Duration.ofSeconds(seconds) : maxBackoff;
    }
}
