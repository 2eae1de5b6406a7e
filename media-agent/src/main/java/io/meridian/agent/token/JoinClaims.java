package io.meridian.agent.token;

import java.time.Instant;

/**
 * What a verified join token grants: one participant may join one conference on this agent, once, until
 * {@code expiresAt}, with the media permissions the application granted.
 *
 * @param conferenceId  the {@code conf} claim
 * @param participantId the {@code sub} claim
 * @param agentId       the {@code agent} claim (always this agent's id once verified)
 * @param expiresAt     the {@code exp} claim
 * @param tokenId       the {@code jti} claim: the token admits one session ({@link TokenLedger})
 * @param mayPublish    {@code perm} holds "publish"
 * @param maySubscribe  {@code perm} holds "subscribe"
 * @param token         the token as presented, relayed to the controller as proof of the admission
 */
public record JoinClaims(String conferenceId, String participantId, String agentId, Instant expiresAt,
        String tokenId, boolean mayPublish, boolean maySubscribe, String token) {

    /** Keeps the token out of logs and exception messages. */
    @Override
    public String toString() {
        return "JoinClaims[conference=" + conferenceId + ", participant=" + participantId + ", agent=" + agentId
                + ", expiresAt=" + expiresAt + ", publish=" + mayPublish + ", subscribe=" + maySubscribe + "]";
    }
}
