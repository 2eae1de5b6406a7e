package io.meridian.controller.agentlink;

import jakarta.enterprise.context.ApplicationScoped;
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

    /** Number of open sessions. */
    public int size() {
        return sessions.size();
    }
}
