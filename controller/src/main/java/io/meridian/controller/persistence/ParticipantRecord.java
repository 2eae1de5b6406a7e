package io.meridian.controller.persistence;

import java.time.Instant;

/**
 * Where a participant of a conference is hosted.
 *
 * @param country ISO 3166-1 alpha-2 code when GeoIP knew it, else null
 * @param locationSource how the participant was located (GEOIP, HINT, PROBES, DEFAULT_REGION; ADOPTED when
 *        learnt from an agent rather than placed)
 */
public record ParticipantRecord(String participantId, String agentId, String region, String country,
        String locationSource, Instant joinedAt) {
}
