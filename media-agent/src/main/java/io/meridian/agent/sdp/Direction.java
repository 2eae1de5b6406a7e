package io.meridian.agent.sdp;

import java.util.Locale;

/** An m-section's media direction, from the point of view of the side that wrote it. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name, e.g. {@code sendonly}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the writer of the description sends media on this section. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** True when the writer of the description receives media on this section. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** Parses an attribute name, or returns null when it is not a direction. */
    static Direction fromAttribute(String name) {
        return switch (name) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}
