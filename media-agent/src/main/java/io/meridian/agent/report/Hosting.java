package io.meridian.agent.report;

import java.util.List;

/**
 * What this agent hosts right now: conferences and their local participants. The session side
 * (signaling/sfu) feeds it; the controller link reads it for load reports and to re-announce the hosted
 * conferences in Hello after a reconnect.
 */
public interface Hosting {

    /** A snapshot of hosted conferences, each with at least one participant; never null. */
    List<HostedConference> hosted();

    /** Total local participants, all conferences. */
    default int participants() {
        int total = 0;
        for (HostedConference conference : hosted()) {
            total += conference.participants().size();
        }
        return total;
    }
}
