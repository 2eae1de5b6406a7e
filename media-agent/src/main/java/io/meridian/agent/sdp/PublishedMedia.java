package io.meridian.agent.sdp;

import java.util.List;

/**
 * One m-section the agent accepted in a publisher's offer: what the browser will send on it.
 *
 * @param mid        the section's mid
 * @param kind       {@code audio} or {@code video}
 * @param codec      the one payload format the agent accepted
 * @param extensions the header extensions negotiated, with the browser's identifiers
 * @param ssrc       the media SSRC the offer declared, or -1 when it declared none
 * @param cname      the RTCP CNAME declared for that SSRC, or null
 * @param trackId    the browser's track id from {@code a=msid}, or null
 */
public record PublishedMedia(String mid, String kind, Codec codec, List<HeaderExtension> extensions, long ssrc,
                             String cname, String trackId) {
    public PublishedMedia {
        extensions = List.copyOf(extensions);
    }

    /** The identifier of the extension with this URI, or 0 when it is not negotiated. */
    public int extensionId(String uri) {
        for (HeaderExtension e : extensions) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return 0;
    }
}
