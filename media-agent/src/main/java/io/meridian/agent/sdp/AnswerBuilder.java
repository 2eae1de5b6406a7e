package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers a browser's publish offer (JSEP 5.3): BUNDLE on one transport, rtcp-mux required, ICE-lite, the
 * agent as DTLS server ({@code a=setup:passive}), receive-only sections with one codec each.
 * Sections the agent cannot use are rejected with port 0; the offer itself is refused only when its
 * transport cannot work (no credentials, no fingerprint, the browser insisting on being DTLS server).
 */
public final class AnswerBuilder {
    private AnswerBuilder() {
    }

    /** Builds the answer; {@code sessionId} names the agent's side of this session in {@code o=}. */
    public static PublishAnswer answer(SessionDescription offer, LocalTransportParameters local, String sessionId) {
        if (offer.media().isEmpty()) {
            throw new SdpException("offer has no m-section to publish");
        }
        IceParameters remoteIce = offer.transportIce();
        Fingerprint remoteFingerprint = offer.transportFingerprint();
        String setup = offer.transportSetup();
        if (!setup.equals("actpass") && !setup.equals("active")) {
            throw new SdpException("a=setup:" + setup + " is not supported: the agent is the DTLS server, offer actpass or active");
        }
        Set<String> mids = new HashSet<>();
        List<PublishedMedia> accepted = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            if (m.mid() == null || m.mid().isEmpty()) {
                throw new SdpException("every m-section needs a=mid (Unified Plan)");
            }
            if (!mids.add(m.mid())) {
                throw new SdpException("duplicate mid '" + m.mid() + "'");
            }
            Codec codec = acceptable(offer, m) ? CodecPolicy.choose(m) : null;
            SdpWriter w = new SdpWriter();
            if (codec == null) {
                w.line("m=" + m.kind() + " 0 " + m.protocol() + " " + String.join(" ", m.formats()))
                        .line("c=IN IP4 0.0.0.0").line("a=mid:" + m.mid()).line("a=inactive");
            } else {
                Direction direction = m.direction().sends() ? Direction.RECVONLY : Direction.INACTIVE;
                List<HeaderExtension> extensions = CodecPolicy.extensions(m);
                w.line("m=" + m.kind() + " " + local.port() + " UDP/TLS/RTP/SAVPF " + codec.payloadType())
                        .transport(local, "passive", m.mid());
                for (HeaderExtension e : extensions) {
                    w.line("a=extmap:" + e.id() + " " + e.uri());
                }
                w.line("a=" + direction.attribute()).line("a=rtcp-mux").codec(codec).candidate(local);
                long ssrc = m.primarySsrc();
                accepted.add(new PublishedMedia(m.mid(), m.kind(), codec, extensions, ssrc,
                        ssrc < 0 ? null : m.cname(ssrc), trackId(m.msid())));
            }
            sections.add(w.toString());
        }
        SdpWriter head = new SdpWriter().sessionHeader(sessionId, 1);
        if (!accepted.isEmpty()) {
            head.line("a=group:BUNDLE " + String.join(" ", accepted.stream().map(PublishedMedia::mid).toList()));
        }
        head.line("a=msid-semantic: WMS");
        return new PublishAnswer(head + String.join("", sections), accepted, remoteIce, remoteFingerprint);
    }

    /** Audio or video over DTLS-SRTP, not stopped, multiplexing RTCP, inside the bundle when there is one. */
    private static boolean acceptable(SessionDescription offer, MediaSection m) {
        boolean bundled = offer.bundleMids().isEmpty() ? m == offer.media().getFirst() : offer.bundleMids().contains(m.mid());
        return !m.rejected() && m.isDtlsSrtp() && m.rtcpMux() && bundled
                && (m.kind().equals("audio") || m.kind().equals("video"));
    }

    private static String trackId(String msid) {
        if (msid == null) {
            return null;
        }
        int sp = msid.indexOf(' ');
        return sp < 0 ? null : msid.substring(sp + 1);
    }
}
