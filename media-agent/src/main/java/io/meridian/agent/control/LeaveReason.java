package io.meridian.agent.control;

/** Why a participant left this agent, as reported to the controller. */
public enum LeaveReason {
    /** The client closed its session. */
    CLOSED,
    /** No media or signaling for too long. */
    TIMEOUT,
    /** The session was ended because of an error (e.g. malformed signaling). */
    ERROR,
    /** The controller removed it (a conference administrator kicked it, or it re-joined elsewhere). */
    REMOVED
}
