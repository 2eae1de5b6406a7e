package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulcast a publisher offers in one video m-section (RFC 8853 {@code a=simulcast}, RFC 8851 {@code a=rid}):
 * the send rids in the publisher's order, as Chromium ({@code a=simulcast:send q;h;f}) and Firefox
 * ({@code a=simulcast:send q;h;f} too, with the same {@code a=rid:X send} lines) write them, and the answer lines
 * that accept it. Alternatives ({@code q,h}) take their first rid; paused rids ({@code ~q}) are dropped, as the
 * agent does not resume them. An offer without {@code a=simulcast} is not simulcast ({@link #NONE}).
 *
 * @param rids send rids, lowest layer first as offered (the SDK offers q, h, f)
 */
public record SimulcastOffer(List<String> rids) {
    /** Upper bound on layers: three is what browsers send; more is refused rather than forwarded. */
    public static final int MAX_LAYERS = 4;
    /** Not simulcast. */
    public static final SimulcastOffer NONE = new SimulcastOffer(List.of());
    /** The RTP header extension naming a packet's rid (RFC 8852). */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The RTP header extension naming the rid an RTX packet repairs (RFC 8852). */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public SimulcastOffer {
        rids = List.copyOf(rids);
    }

    /** Whether the section offers more than one layer. */
    public boolean active() {
        return rids.size() > 1;
    }

    /** The layer index of a rid (its position in the offer), or -1. */
    public int layerOf(String rid) {
        return rids.indexOf(rid);
    }

    /**
     * Reads the simulcast of one m-section from its attribute lines (the lines after its {@code m=} line).
     *
     * @throws SdpException when a=simulcast names a rid with no {@code a=rid:... send}, a rid is malformed, or
     *                      there are more than {@link #MAX_LAYERS}
     */
    public static SimulcastOffer parse(List<String> sectionLines) {
        List<String> sendRids = new ArrayList<>();
        String simulcast = null;
        for (String raw : sectionLines) {
            String line = raw.strip();
            if (line.startsWith("a=rid:")) {
                String[] f = line.substring(6).split(" ");
                if (f.length >= 2 && f[1].equals("send")) {
                    sendRids.add(checkRid(f[0]));
                }
            } else if (line.startsWith("a=simulcast:")) {
                simulcast = line.substring(12).strip();
            }
        }
        if (simulcast == null) {
            return NONE;
        }
        String[] f = simulcast.split(" ");
        if (f.length < 2 || !f[0].equals("send")) {
            throw new SdpException("a=simulcast must offer send layers: " + simulcast);
        }
        List<String> rids = new ArrayList<>();
        for (String alternatives : f[1].split(";")) {
            String rid = alternatives.split(",")[0];
            if (rid.startsWith("~")) {
                continue;
            }
            if (!sendRids.contains(rid)) {
                throw new SdpException("a=simulcast names rid " + rid + " without a=rid:" + rid + " send");
            }
            if (!rids.contains(rid)) {
                rids.add(rid);
            }
        }
        if (rids.size() > MAX_LAYERS) {
            throw new SdpException("more than " + MAX_LAYERS + " simulcast layers");
        }
        return new SimulcastOffer(rids);
    }

    /** The answer's lines accepting every layer: {@code a=rid:X recv} each, then {@code a=simulcast:recv ...}. */
    public List<String> answerLines() {
        if (rids.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String rid : rids) {
            lines.add("a=rid:" + rid + " recv");
        }
        lines.add("a=simulcast:recv " + String.join(";", rids));
        return lines;
    }

    private static String checkRid(String rid) {
        // RFC 8851 rid-syntax is alphanumeric, '-' and '_'; 16 bytes is RFC 8852's extension limit.
        if (rid.isEmpty() || rid.length() > 16 || !rid.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128
                || c == '-' || c == '_')) {
            throw new SdpException("bad rid: " + rid);
        }
        return rid;
    }
}
