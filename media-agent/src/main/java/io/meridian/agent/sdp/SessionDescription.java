package io.meridian.agent.sdp;

import java.util.List;

/**
 * A parsed SDP offer or answer (RFC 8866 syntax, JSEP semantics), keeping what the agent negotiates on.
 *
 * @param sessionId   the {@code o=} session id
 * @param version     the {@code o=} session version
 * @param iceLite     {@code a=ice-lite} at session level
 * @param bundleMids  the mids of the first {@code a=group:BUNDLE}, empty when there is none
 * @param ice         session-level ICE credentials, or null
 * @param fingerprint session-level fingerprint, or null
 * @param setup       session-level {@code a=setup}, or null
 * @param media       the m-sections in order
 */
public record SessionDescription(String sessionId, long version, boolean iceLite, List<String> bundleMids,
                                 IceParameters ice, Fingerprint fingerprint, String setup, List<MediaSection> media) {
    public SessionDescription {
        bundleMids = List.copyOf(bundleMids);
        media = List.copyOf(media);
    }

    /** The m-section with this mid, or null. */
    public MediaSection section(String mid) {
        for (MediaSection m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }

    /**
     * The m-section whose transport the bundle uses (RFC 8843: the first mid of the group, the
     * "offerer-tagged" section); the first m-section when there is no group.
     */
    public MediaSection bundleTransportSection() {
        if (!bundleMids.isEmpty()) {
            MediaSection tagged = section(bundleMids.getFirst());
            if (tagged == null) {
                throw new SdpException("BUNDLE names mid '" + bundleMids.getFirst() + "' that no m-section has");
            }
            return tagged;
        }
        if (media.isEmpty()) {
            throw new SdpException("session description has no m-section");
        }
        return media.getFirst();
    }

    /** The ICE credentials of the bundle transport, media-level first, then session-level. */
    public IceParameters transportIce() {
        MediaSection m = bundleTransportSection();
        IceParameters p = m.ice() != null ? m.ice() : ice;
        if (p == null) {
            throw new SdpException("no a=ice-ufrag/a=ice-pwd for mid '" + m.mid() + "' nor at session level");
        }
        return p;
    }

    /** The DTLS fingerprint of the bundle transport, media-level first, then session-level. */
    public Fingerprint transportFingerprint() {
        MediaSection m = bundleTransportSection();
        Fingerprint f = m.fingerprint() != null ? m.fingerprint() : fingerprint;
        if (f == null) {
            throw new SdpException("no a=fingerprint for mid '" + m.mid() + "' nor at session level");
        }
        return f;
    }

    /** The {@code a=setup} role of the bundle transport, media-level first, then session-level. */
    public String transportSetup() {
        MediaSection m = bundleTransportSection();
        String s = m.setup() != null ? m.setup() : setup;
        if (s == null) {
            throw new SdpException("no a=setup for mid '" + m.mid() + "' nor at session level");
        }
        return s;
    }
}
