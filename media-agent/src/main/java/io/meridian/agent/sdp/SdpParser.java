package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses SDP text from an untrusted peer into a {@link SessionDescription}. Unknown lines and attributes are
 * ignored; malformed ones the agent relies on raise {@link SdpException} naming the line.
 *
 * <p>Work and memory are linear in the text and bounded: the text, its lines, the m-sections, each section's
 * payload formats and each kind of repeated attribute have caps far above what a browser writes (a subscribe answer
 * for 100 remote tracks is ~3,000 lines), and a description beyond one is refused as a whole, so a hostile offer
 * costs the agent a few times its own size.
 */
public final class SdpParser {
    /** Upper bound on accepted text, far above what a browser writes for a conference. */
    public static final int MAX_CHARS = 256 * 1024;
    /** Upper bound on lines. */
    public static final int MAX_LINES = 8192;
    /** Upper bound on m-sections, so that a hostile description cannot make the agent allocate without limit. */
    public static final int MAX_MEDIA_SECTIONS = 256;
    /** Upper bound on payload formats of one m-section (there are 128 payload types). */
    public static final int MAX_FORMATS = 128;
    /** Upper bound on each kind of repeated attribute (rtpmap, fmtp, rtcp-fb, extmap, ssrc, ssrc-group) per section. */
    public static final int MAX_REPEATED_ATTRIBUTES = 256;
    /** Upper bound on {@code a=rtcp-fb:*} lines per section: each applies to every payload format. */
    public static final int MAX_WILDCARD_FEEDBACK = 16;

    private SdpParser() {
    }

    /** Parses {@code text}; lines may end with CRLF or LF. */
    public static SessionDescription parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new SdpException("empty session description");
        }
        if (text.length() > MAX_CHARS) {
            throw new SdpException("session description longer than " + MAX_CHARS + " characters");
        }
        String[] lines = text.split("\r?\n", MAX_LINES + 1);
        if (lines.length > MAX_LINES) {
            throw new SdpException("more than " + MAX_LINES + " lines");
        }
        if (!lines[0].equals("v=0")) {
            throw new SdpException("session description must start with 'v=0'");
        }
        Session session = new Session();
        Media current = null;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + (n + 1) + " is not '<type>=<value>': '" + abbreviate(line) + "'");
            }
            try {
                char type = line.charAt(0);
                String value = line.substring(2);
                if (type == 'm') {
                    if (session.media.size() == MAX_MEDIA_SECTIONS) {
                        throw new SdpException("more than " + MAX_MEDIA_SECTIONS + " m-sections");
                    }
                    current = Media.parse(value);
                    session.media.add(current);
                } else if (type == 'o' && current == null) {
                    session.origin(value);
                } else if (type == 'a') {
                    int colon = value.indexOf(':');
                    String name = colon < 0 ? value : value.substring(0, colon);
                    String arg = colon < 0 ? "" : value.substring(colon + 1);
                    if (current == null) {
                        session.attribute(name, arg);
                    } else {
                        current.attribute(name, arg);
                    }
                }
            } catch (SdpException e) {
                throw new SdpException("line " + (n + 1) + ": " + e.getMessage());
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new SdpException("line " + (n + 1) + " is malformed: '" + abbreviate(line) + "'");
            }
        }
        return session.build();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static int parseInt(String s, int min, int max, String what) {
        long v = parseLong(s, what);
        if (v < min || v > max) {
            throw new SdpException(what + " out of range: " + v);
        }
        return (int) v;
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: '" + abbreviate(s) + "'");
        }
    }

    private static final class Session {
        String sessionId = "0";
        long version;
        boolean iceLite;
        List<String> bundle = List.of();
        String ufrag;
        String pwd;
        Fingerprint fingerprint;
        String setup;
        final List<Media> media = new ArrayList<>();

        void origin(String value) {
            String[] f = value.split(" ");
            if (f.length < 6) {
                throw new SdpException("o= needs 6 fields");
            }
            sessionId = f[1];
            version = parseLong(f[2], "session version");
        }

        void attribute(String name, String arg) {
            switch (name) {
                case "ice-lite" -> iceLite = true;
                case "group" -> {
                    String[] f = arg.trim().split("\\s+");
                    if (f[0].equals("BUNDLE") && bundle.isEmpty()) {
                        bundle = List.of(f).subList(1, f.length);
                    }
                }
                case "ice-ufrag" -> ufrag = arg.trim();
                case "ice-pwd" -> pwd = arg.trim();
                case "fingerprint" -> fingerprint = fingerprint == null ? Fingerprint.parse(arg) : fingerprint;
                case "setup" -> setup = arg.trim();
                default -> { }
            }
        }

        SessionDescription build() {
            List<MediaSection> sections = new ArrayList<>(media.size());
            for (Media m : media) {
                sections.add(m.build());
            }
            return new SessionDescription(sessionId, version, iceLite, bundle, ice(ufrag, pwd), fingerprint, setup, sections);
        }
    }

    private static IceParameters ice(String ufrag, String pwd) {
        if (ufrag == null && pwd == null) {
            return null;
        }
        return new IceParameters(ufrag, pwd);
    }

    private static final class Media {
        String kind;
        int port;
        String protocol;
        List<String> formats;
        String mid;
        Direction direction = Direction.SENDRECV;
        String ufrag;
        String pwd;
        Fingerprint fingerprint;
        String setup;
        boolean rtcpMux;
        boolean bundleOnly;
        final Map<Integer, String> rtpmap = new HashMap<>();
        final Map<Integer, String> fmtp = new HashMap<>();
        final Map<Integer, List<String>> feedback = new HashMap<>();
        final List<String> wildcardFeedback = new ArrayList<>();
        final List<HeaderExtension> extensions = new ArrayList<>();
        final Map<Long, String[]> ssrcs = new LinkedHashMap<>();
        final List<SsrcGroup> groups = new ArrayList<>();
        String msid;

        static Media parse(String value) {
            String[] f = value.split(" ");
            if (f.length < 3) {
                throw new SdpException("m= needs '<media> <port> <proto> <fmt>...'");
            }
            Media m = new Media();
            m.kind = f[0];
            int slash = f[1].indexOf('/');
            m.port = parseInt(slash < 0 ? f[1] : f[1].substring(0, slash), 0, 65535, "port");
            m.protocol = f[2];
            if (f.length - 3 > MAX_FORMATS) {
                throw new SdpException("more than " + MAX_FORMATS + " payload formats");
            }
            m.formats = List.of(f).subList(3, f.length);
            return m;
        }

        /** Repeated attributes seen, all kinds together; each kind is within {@link #MAX_REPEATED_ATTRIBUTES}. */
        private final Map<String, Integer> repeats = new HashMap<>();

        void attribute(String name, String arg) {
            switch (name) {
                case "rtpmap", "fmtp", "rtcp-fb", "extmap", "ssrc", "ssrc-group" -> {
                    if (repeats.merge(name, 1, Integer::sum) > MAX_REPEATED_ATTRIBUTES) {
                        throw new SdpException("more than " + MAX_REPEATED_ATTRIBUTES + " a=" + name + " lines");
                    }
                }
                default -> { }
            }
            Direction d = Direction.fromAttribute(name);
            if (d != null) {
                direction = d;
                return;
            }
            switch (name) {
                case "mid" -> mid = arg.trim();
                case "ice-ufrag" -> ufrag = arg.trim();
                case "ice-pwd" -> pwd = arg.trim();
                case "fingerprint" -> fingerprint = fingerprint == null ? Fingerprint.parse(arg) : fingerprint;
                case "setup" -> setup = arg.trim();
                case "rtcp-mux" -> rtcpMux = true;
                case "bundle-only" -> bundleOnly = true;
                case "rtpmap" -> {
                    int sp = arg.indexOf(' ');
                    rtpmap.put(parseInt(arg.substring(0, sp), 0, 127, "payload type"), arg.substring(sp + 1).trim());
                }
                case "fmtp" -> {
                    int sp = arg.indexOf(' ');
                    fmtp.put(parseInt(arg.substring(0, sp), 0, 127, "payload type"), arg.substring(sp + 1).trim());
                }
                case "rtcp-fb" -> {
                    int sp = arg.indexOf(' ');
                    String pt = arg.substring(0, sp);
                    String fb = arg.substring(sp + 1).trim();
                    if (pt.equals("*")) {
                        if (wildcardFeedback.size() == MAX_WILDCARD_FEEDBACK) {
                            throw new SdpException("more than " + MAX_WILDCARD_FEEDBACK + " a=rtcp-fb:* lines");
                        }
                        wildcardFeedback.add(fb);
                    } else {
                        feedback.computeIfAbsent(parseInt(pt, 0, 127, "payload type"), k -> new ArrayList<>()).add(fb);
                    }
                }
                case "extmap" -> {
                    String[] f = arg.trim().split("\\s+");
                    int slash = f[0].indexOf('/');
                    int id = parseInt(slash < 0 ? f[0] : f[0].substring(0, slash), 1, 255, "extmap id");
                    extensions.add(new HeaderExtension(id, f[1]));
                }
                case "ssrc" -> {
                    int sp = arg.indexOf(' ');
                    long ssrc = parseLong(sp < 0 ? arg : arg.substring(0, sp), "ssrc");
                    String[] attrs = ssrcs.computeIfAbsent(ssrc, k -> new String[2]);
                    String rest = sp < 0 ? "" : arg.substring(sp + 1);
                    if (rest.startsWith("cname:")) {
                        attrs[0] = rest.substring(6);
                    } else if (rest.startsWith("msid:")) {
                        attrs[1] = rest.substring(5);
                    }
                }
                case "ssrc-group" -> {
                    String[] f = arg.trim().split("\\s+");
                    List<Long> members = new ArrayList<>();
                    for (int i = 1; i < f.length; i++) {
                        members.add(parseLong(f[i], "ssrc-group member"));
                    }
                    groups.add(new SsrcGroup(f[0], members));
                }
                case "msid" -> msid = arg.trim();
                default -> { }
            }
        }

        MediaSection build() {
            List<Codec> codecs = new ArrayList<>();
            boolean rtp = protocol.contains("RTP/");
            for (String format : rtp ? formats : List.<String>of()) {
                int pt = parseInt(format, 0, 127, "payload type");
                String map = rtpmap.get(pt);
                if (map == null) {
                    map = staticPayloadType(pt);
                    if (map == null) {
                        continue;
                    }
                }
                String[] enc = map.split("/");
                if (enc.length < 2) {
                    throw new SdpException("rtpmap for " + pt + " must be '<name>/<rate>[/<channels>]'");
                }
                List<String> fb = new ArrayList<>(wildcardFeedback);
                fb.addAll(feedback.getOrDefault(pt, List.of()));
                int channels = enc.length > 2 ? parseInt(enc[2], 1, 255, "channels") : 1;
                codecs.add(new Codec(pt, enc[0], parseInt(enc[1], 1, Integer.MAX_VALUE, "clock rate"), channels,
                        fmtp.get(pt), fb));
            }
            List<Ssrc> sources = new ArrayList<>();
            ssrcs.forEach((ssrc, attrs) -> sources.add(new Ssrc(ssrc, attrs[0], attrs[1])));
            return new MediaSection(kind, port, protocol, formats, mid, direction, ice(ufrag, pwd), fingerprint, setup,
                    rtcpMux, codecs, extensions, sources, groups, msid, bundleOnly);
        }

        private static String staticPayloadType(int pt) {
            return switch (pt) {
                case 0 -> "PCMU/8000";
                case 8 -> "PCMA/8000";
                case 9 -> "G722/8000";
                case 13 -> "CN/8000";
                default -> null;
            };
        }
    }
}
