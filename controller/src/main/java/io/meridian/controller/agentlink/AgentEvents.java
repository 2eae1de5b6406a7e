package io.meridian.controller.agentlink;

import io.meridian.controller.fleet.Admission;
import io.meridian.controller.fleet.AgentHello;

/** What agent sessions report about participants; implemented where conferences are kept. */
public interface AgentEvents {

    /** A session opened; {@code hello.hosted()} lists what the agent already hosts (after a reconnect). */
    void sessionOpened(AgentHello hello);

    /** A participant was admitted on the agent. */
    void participantJoined(AgentHello agent, String conferenceId, Admission admission);

    /** A participant left the agent; {@code reason} is closed, timeout, error or unspecified. */
    void participantLeft(AgentHello agent, String conferenceId, String participantId, String reason);
}
