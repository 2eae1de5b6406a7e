package io.meridian.agent.report;

import java.util.List;

/**
 * Measured load over one reporting interval (rates are averages over the interval).
 *
 * @param stress                  see {@link LoadLimits#stress}
 * @param cpu                     process CPU as a fraction of all processors, 0..1
 * @param packetsInPerSecond      packets received per second, all media sockets
 * @param packetsOutPerSecond     packets sent per second, all media sockets
 * @param bitrateInBps            bits received per second (UDP payload)
 * @param bitrateOutBps           bits sent per second (UDP payload)
 * @param participants            local participants, all conferences
 * @param conferences             local participants per hosted conference
 * @param peerRtts                smoothed RTTs to peer agents
 */
public record LoadSample(
        double stress,
        double cpu,
        double packetsInPerSecond,
        double packetsOutPerSecond,
        double bitrateInBps,
        double bitrateOutBps,
        int participants,
        List<ConferenceCount> conferences,
        List<PeerRtts.PeerRtt> peerRtts) {

    /** Participants of one hosted conference. */
    public record ConferenceCount(String conferenceId, int participants) {
    }

    /** Copies the lists. */
    public LoadSample {
        conferences = List.copyOf(conferences);
        peerRtts = List.copyOf(peerRtts);
    }
}
