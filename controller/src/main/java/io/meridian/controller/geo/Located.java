package io.meridian.controller.geo;

import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.latency.ProbePlausibility;
import java.util.List;

/**
 * Where a joining client is, and how that was found.
 *
 * @param location what the placement policy gets (implausible probes already removed)
 * @param clientAddress the address used (IP literal), or null when unknown; never logged or stored
 * @param detail one line on which rule located the client and why, naming the address only truncated (its /24 or
 *        /48), e.g. "address 10.0.0.0/24 is private or reserved: location hint"
 * @param discardedProbes probes faster than light in fibre allows from the client's location, not given to the policy
 */
public record Located(ParticipantLocation location, String clientAddress, String detail,
        List<ProbePlausibility.Discarded> discardedProbes) {

    public Located {
        discardedProbes = List.copyOf(discardedProbes);
    }

    /** A location with no probe discarded. */
    public Located(ParticipantLocation location, String clientAddress, String detail) {
        this(location, clientAddress, detail, List.of());
    }
}
