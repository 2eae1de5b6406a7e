package io.meridian.placement;

/** How a conference is hosted after a decision. */
public enum Mode {
    /** On one agent. */
    SINGLE,
    /** On more than one agent, joined by relay links. */
    CASCADED
}
