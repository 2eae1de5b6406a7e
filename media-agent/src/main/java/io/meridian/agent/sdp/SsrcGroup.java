package io.meridian.agent.sdp;

import java.util.List;

/**
 * An {@code a=ssrc-group} line, e.g. {@code FID} pairing a media SSRC with its retransmission SSRC.
 *
 * @param semantics the group semantics, e.g. {@code FID}, {@code SIM}
 * @param ssrcs     the SSRCs in order
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
