package io.meridian.controller.persistence;

/** What a join decided, for the store to record atomically with its decision. */
public sealed interface JoinPlan {

    /** The decision to log. */
    DecisionRecord decision();

    /** Host the participant on {@code participant.agentId()}; the agent is added to the conference if new. */
    record Place(ParticipantRecord participant, DecisionRecord decision) implements JoinPlan {
    }

    /**
     * A live move (make-before-break): host the participant on {@code participant.agentId()} from now on, but keep
     * the agent it leaves in the conference, with its relay links, until its old session there has ended (the
     * agent's leave then releases it, see {@link ConferenceRules#leave}).
     */
    record Move(ParticipantRecord participant, DecisionRecord decision) implements JoinPlan {
    }

    /** Nobody can host the participant; only the decision is logged. */
    record Reject(DecisionRecord decision) implements JoinPlan {
    }
}
