package io.meridian.controller.access;

/**
 * The agent ids a credential may register as: exactly one id, or — for an autoscaling group whose instances pick
 * their ids at boot — every id starting with a prefix ({@code eu-west-1-*}). A prefix credential is weaker (any
 * holder can be any agent of that group) and is meant for one region's group at a time.
 */
public record AgentScope(String pattern) {
    /** True when the credential may register as {@code agentId}. */
    public boolean admits(String agentId) {
        return pattern.endsWith("*") ? agentId.startsWith(pattern.substring(0, pattern.length() - 1))
                : agentId.equals(pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
