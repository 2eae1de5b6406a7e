package io.meridian.controller.join;

import io.meridian.placement.geo.GeoPoint;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated join.
 *
 * @param participantId the identity its grant names
 * @param applicationKey the application whose grant admitted it (the conference's owner)
 * @param permissions the media permissions its agent token carries ("publish", "subscribe")
 * @param probes region → client-measured RTT, ms
 * @param hint the client's own location, or null
 * @param peer the TCP peer's address
 * @param forwardedFor the X-Forwarded-For header values
 */
public record JoinRequest(String conferenceId, String participantId, String applicationKey, List<String> permissions,
        Map<String, Double> probes, GeoPoint hint,
        Optional<InetAddress> peer, List<String> forwardedFor) {

    public JoinRequest {
        permissions = List.copyOf(permissions);
        probes = Map.copyOf(probes);
        forwardedFor = List.copyOf(forwardedFor);
    }
}
