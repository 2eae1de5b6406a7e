package io.meridian.controller.agentlink;

import io.meridian.controller.fleet.AgentStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open session of each connected agent: one per agent id, a newer Hello replaces the older. */
@ApplicationScoped
public class AgentSessions {
    private final ConcurrentHashMap<String, AgentSession> sessions = new ConcurrentHashMap<>();

    /** Makes {@code session} the agent's session; returns the one it replaced. */
    Optional<AgentSession> open(String agentId, AgentSession session) {
        return Optional.ofNullable(sessions.put(agentId, session));
    }

    /** Forgets {@code session} if it is still the agent's current one; true when it was. */
    boolean close(String agentId, AgentSession session) {
        return sessions.remove(agentId, session);
    }

    /** The agent's current session. */
    Optional<AgentSession> current(String agentId) {
        return Optional.ofNullable(sessions.get(agentId));
    }

    /** Every open session with its agent id. */
    java.util.Map<String, AgentSession> all() {
        return java.util.Map.copyOf(sessions);
    }

    /** A session whose agent went silent for the down-timeout is ended (not a newer session of that agent). */
    void onStateChange(@Observes AgentStateChanged changed) {
        if (changed.cause() == AgentStateChanged.Cause.SILENT) {
            current(changed.agentId()).filter(session -> session.hello() == changed.session())
                    .ifPresent(session -> session.expire(changed.reason()));
        }
    }

    /** Number of open sessions. */
    public int size() {
        return sessions.size();
    }
}
