package io.meridian.benchmarks.forwarding;

/**
 * What each publisher sends.
 *
 * @param videoPps     video packets per second per publisher (paced, 30 frames per second)
 * @param videoBytes   RTP size of a video packet before SRTP
 * @param audioPps     audio packets per second per publisher (Opus: one per 20 ms = 50)
 * @param audioBytes   RTP size of an audio packet before SRTP
 * @param pacingMillis the sender's pacing interval: due packets go out in a burst every interval (Chrome: 5 ms)
 */
record Load(int videoPps, int videoBytes, int audioPps, int audioBytes, int pacingMillis) {
    Load {
        if (videoPps < 0 || audioPps < 0 || pacingMillis < 1
                || videoBytes < RtpPackets.HEADER + RtpPackets.STAMP || videoBytes > 1200
                || audioBytes < RtpPackets.HEADER + RtpPackets.STAMP || audioBytes > 1200) {
            throw new IllegalArgumentException("bad load: " + this);
        }
    }

    /** Packets per second one publisher sends. */
    int packetsPerSecond() {
        return videoPps + audioPps;
    }

    Load withVideoPps(int pps) {
        return new Load(pps, videoBytes, audioPps, audioBytes, pacingMillis);
    }
}
