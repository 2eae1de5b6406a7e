package io.meridian.placement;

import java.util.Objects;

/** The outcome of one placement: the participant is placed on an agent, or rejected. */
public sealed interface Decision permits Decision.Placed, Decision.Rejected {

    /** @return why the decision came out this way */
    Explanation explanation();

    /**
     * The participant goes to an agent.
     *
     * @param agentId     the chosen agent
     * @param region      its region
     * @param mode        the conference's mode after this decision ({@code CASCADED} when it spans > 1 agent)
     * @param addsAgent   the agent was not yet in the conference: the caller adds it, and when the conference
     *                    already had agents, opens relay links between it and them
     * @param explanation why
     */
    record Placed(String agentId, String region, Mode mode, boolean addsAgent, Explanation explanation)
            implements Decision {
        /** Validates non-null fields. */
        public Placed {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * No agent can take the participant (the API answers 503 with {@code Retry-After}).
     *
     * @param reason      why, for humans
     * @param explanation the candidates and why each was not eligible
     */
    record Rejected(String reason, Explanation explanation) implements Decision {
        /** Validates non-null fields. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
