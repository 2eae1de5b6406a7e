package io.meridian.placement;

/** The named cases of {@link MeridianPolicy}, in the order they are tried. */
public enum Rule {
    /** New conference: least effectively stressed agent in the nearest region that has an eligible agent. */
    FIRST_PARTICIPANT_NEAREST_REGION("firstParticipantNearestRegion"),
    /** Join the nearest eligible agent already in the conference (cascading would not gain enough). */
    STAY_ON_CONFERENCE_AGENT("stayOnConferenceAgent"),
    /** Cascading would pay on latency, but the call is too small (a 1:1 call): join the conference agent. */
    NO_CASCADE_IN_SMALL_CALL("noCascadeInSmallCall"),
    /** Cascading would pay on latency, but not at the operator's price per ms saved: join the conference agent. */
    CASCADE_NOT_WORTH_ITS_COST("cascadeNotWorthItsCost"),
    /** Add an agent in the participant's own nearest region: it cuts RTT by more than the threshold. */
    CASCADE_TO_OWN_REGION("cascadeToOwnRegion"),
    /** The conference's agent in a region is overloaded or full: add a second agent in that region. */
    SECOND_AGENT_IN_OVERLOADED_REGION("secondAgentInOverloadedRegion"),
    /** Cascading was wanted but the agent budget is spent: join the nearest eligible conference agent. */
    ANY_AGENT_IN_CONFERENCE("anyAgentInConference"),
    /** No conference agent can take the participant: add the best eligible agent anywhere. */
    LEAST_LOADED_ANYWHERE("leastLoadedAnywhere"),
    /** No agent can take the participant. */
    REJECT_NO_CAPACITY("rejectNoCapacity");

    private final String caseName;

    Rule(String caseName) {
        this.caseName = caseName;
    }

    /** @return the case's name as documented, e.g. {@code cascadeToOwnRegion} */
    public String caseName() {
        return caseName;
    }

    @Override
    public String toString() {
        return caseName;
    }
}
