package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the agent forwards: Opus for audio; VP8, else H.264 (packetization-mode 1, constrained baseline) for
 * video. One codec per m-section and no RTX/RED/FEC, so that every payload type a subscriber sees is the
 * publisher's own; NACKed packets are resent on the media SSRC. Bandwidth feedback is REMB, so
 * abs-send-time is negotiated and transport-cc is not.
 */
public final class CodecPolicy {
    /** Feedback the agent handles for video. */
    static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb");
    /** Header extensions accepted from publishers, by kind. */
    static final Set<String> AUDIO_EXTENSIONS = Set.of(HeaderExtension.MID, HeaderExtension.ABS_SEND_TIME,
            HeaderExtension.AUDIO_LEVEL);
    static final Set<String> VIDEO_EXTENSIONS = Set.of(HeaderExtension.MID, HeaderExtension.ABS_SEND_TIME);

    private CodecPolicy() {
    }

    /** The codec the agent accepts from an offered section, with feedback trimmed to what it handles; null if none. */
    public static Codec choose(MediaSection offered) {
        if (offered.kind().equals("audio")) {
            for (Codec c : offered.codecs()) {
                if (c.is("opus") && c.clockRate() == 48000 && c.channels() == 2) {
                    return c.withFeedback(List.of());
                }
            }
            return null;
        }
        if (offered.kind().equals("video")) {
            for (Codec c : offered.codecs()) {
                if (c.is("VP8") && c.clockRate() == 90000) {
                    return c.withFeedback(videoFeedback(c));
                }
            }
            for (Codec c : offered.codecs()) {
                if (isConstrainedBaselineH264(c)) {
                    return c.withFeedback(videoFeedback(c));
                }
            }
        }
        return null;
    }

    /** The offered extensions the agent keeps for this kind, with the offerer's identifiers. */
    static List<HeaderExtension> extensions(MediaSection offered) {
        Set<String> wanted = offered.kind().equals("audio") ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS;
        List<HeaderExtension> kept = new ArrayList<>();
        for (HeaderExtension e : offered.extensions()) {
            if (wanted.contains(e.uri()) && e.id() <= 14) {
                kept.add(e);
            }
        }
        return kept;
    }

    /** Feedback the agent offers to a subscriber for a forwarded codec. */
    static List<String> subscriberFeedback(String kind) {
        return kind.equals("video") ? List.of("nack", "nack pli", "ccm fir") : List.of();
    }

    private static List<String> videoFeedback(Codec c) {
        List<String> kept = new ArrayList<>();
        for (String fb : c.rtcpFeedback()) {
            if (VIDEO_FEEDBACK.contains(fb) && !kept.contains(fb)) {
                kept.add(fb);
            }
        }
        return kept;
    }

    private static boolean isConstrainedBaselineH264(Codec c) {
        if (!c.is("H264") || c.clockRate() != 90000 || !"1".equals(c.fmtpParameter("packetization-mode"))) {
            return false;
        }
        String profile = c.fmtpParameter("profile-level-id");
        return profile != null && profile.length() == 6 && profile.toLowerCase(Locale.ROOT).startsWith("42e0");
    }
}
