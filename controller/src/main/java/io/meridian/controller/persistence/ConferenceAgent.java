package io.meridian.controller.persistence;

import java.time.Instant;

/** An agent hosting part of a conference. */
public record ConferenceAgent(String agentId, String region, Instant addedAt) {
}
