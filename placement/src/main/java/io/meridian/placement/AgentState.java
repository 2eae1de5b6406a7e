package io.meridian.placement;

/** Lifecycle state of a media agent as the controller sees it. */
public enum AgentState {
    /** Connected and reporting; may take new participants. */
    UP,
    /** Finishing its conferences; takes no new participants. */
    DRAINING,
    /** Stream ended or reports stopped; takes nobody. */
    DOWN
}
