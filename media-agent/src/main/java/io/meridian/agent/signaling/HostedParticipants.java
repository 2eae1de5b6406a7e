package io.meridian.agent.signaling;

import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.control.ControllerLinks;
import io.meridian.agent.control.LeaveReason;
import io.meridian.agent.report.HostingRegistry;
import jakarta.inject.Singleton;

/**
 * Tells the hosting registry (load reports, Hello) and the controller links about admissions and departures,
 * and refuses new sessions while the agent drains or is at capacity.
 */
@Singleton
public class HostedParticipants implements ParticipantEvents {
    private final HostingRegistry hosting;
    private final ControllerLinks link;
    private final int capacity;

    public HostedParticipants(HostingRegistry hosting, ControllerLinks link, AgentConfig config) {
        this.hosting = hosting;
        this.link = link;
        this.capacity = config.capacity();
    }

    @Override
    public void joined(String conferenceId, String participantId, String joinToken) {
        if (hosting.add(conferenceId, participantId, joinToken)) {
            link.participantJoined(conferenceId, participantId, joinToken);
        }
    }

    @Override
    public void left(String conferenceId, String participantId, LeaveReason reason) {
        if (hosting.remove(conferenceId, participantId)) {
            link.participantLeft(conferenceId, participantId, reason);
        }
    }

    @Override
    public String refusal() {
        if (link.isDraining()) {
            return "agent is draining and admits nobody new";
        }
        if (hosting.participants() >= capacity) {
            return "agent is at capacity (" + capacity + " participants)";
        }
        return null;
    }
}
