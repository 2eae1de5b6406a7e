package io.meridian.controller.persistence;

import java.time.Instant;

/**
 * One entry of a conference's decision log.
 *
 * @param sequence 1, 2, ... per conference in the order decisions were made (0 before the store numbers it)
 * @param outcome "placed", "rejected", or "evicted" (the participant's agent went DOWN and it was removed)
 * @param agentId region mode: the placement (for an eviction: the agent that went down, and the mode after), null
 *        when rejected
 * @param rule the policy case that decided
 * @param explanationJson the full explanation as a JSON object
 */
public record DecisionRecord(long sequence, String conferenceId, String participantId, Instant decidedAt,
        String outcome, String agentId, String region, String mode, boolean addsAgent, String rule,
        String explanationJson) {
    public static final String PLACED = "placed";
    public static final String REJECTED = "rejected";
    /** A live move: the participant was moved to another agent (by an operator, a drain or re-homing). */
    public static final String MOVED = "moved";
    public static final String EVICTED = "evicted";

    /** The same decision with its log number. */
    public DecisionRecord numbered(long number) {
        return new DecisionRecord(number, conferenceId, participantId, decidedAt, outcome, agentId, region, mode,
                addsAgent, rule, explanationJson);
    }
}
