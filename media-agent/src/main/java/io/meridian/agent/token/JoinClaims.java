package io.meridian.agent.token;

import java.time.Instant;

/**
 * What a verified join token grants: one participant may join one conference on this agent until
 * {@code expiresAt}.
 *
 * @param conferenceId  the {@code conf} claim
 * @param participantId the {@code sub} claim
 * @param agentId       the {@code agent} claim (always this agent's id once verified)
 * @param expiresAt     the {@code exp} claim
 */
public record JoinClaims(String conferenceId, String participantId, String agentId, Instant expiresAt) {
}
