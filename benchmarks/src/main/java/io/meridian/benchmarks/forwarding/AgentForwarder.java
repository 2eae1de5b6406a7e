package io.meridian.benchmarks.forwarding;

import io.meridian.agent.dtls.DtlsSrtpKeys;
import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sdp.HeaderExtension;
import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.signaling.RouterForwarding;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import io.meridian.agent.transport.MediaPlane;
import io.meridian.agent.transport.WebRtcTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The media agent's real media path, wired as production wires it (MediaPlane, Routers ticked by the media
 * thread, RouterForwarding): one {@link WebRtcTransport} per simulated browser on the shared media port, ICE
 * selected by a real binding request, and SRTP keyed directly with known keying material instead of a DTLS
 * handshake (the one shortcut: DTLS only runs at setup and is not on the per-packet path).
 * Each publisher transport publishes one video (VP8) and one audio (Opus) producer; every subscriber transport
 * consumes all of them.
 */
final class AgentForwarder implements Forwarder {
    static final String CONFERENCE = "bench";
    /** Long enough that no transport times out during a run (the benchmark sends one ICE check per transport). */
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final WebRtcTransport.Listener QUIET = new WebRtcTransport.Listener() {
        @Override
        public void onConnected(WebRtcTransport transport) {
        }

        @Override
        public void onFailed(WebRtcTransport transport, String reason) {
            System.err.println("agent transport " + transport.name() + " failed: " + reason);
        }
    };

    private final MediaPlane plane;
    private final Routers routers;
    private final List<WebRtcTransport> transports = new ArrayList<>();
    private final Thread thread;

    private AgentForwarder(MediaPlane plane, Routers routers) {
        this.plane = plane;
        this.routers = routers;
        String name = "media-rx-" + plane.mediaPort();
        this.thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no media thread named " + name));
    }

    /** Opens an agent media plane on a free loopback port and connects the publishers and subscribers to it. */
    static AgentForwarder open(SrtpProfile profile, List<ClientSocket> publishers, List<ClientSocket> subscribers) {
        MediaPlane plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1",
                LONG, LONG, new TrafficCounters());
        Routers routers = new Routers();
        plane.setTicker(routers::tick); // as production wires it (signaling.RoomsProducer)
        RouterForwarding forwarding = new RouterForwarding(routers);
        AgentForwarder agent = new AgentForwarder(plane, routers);
        try {
            List<String> producerIds = new ArrayList<>();
            for (int i = 0; i < publishers.size(); i++) {
                WebRtcTransport t = agent.connect("pub" + i, publishers.get(i), profile);
                if (!forwarding.addProducer(CONFERENCE, "p" + i + "v", t, video(i))
                        || !forwarding.addProducer(CONFERENCE, "p" + i + "a", t, audio(i))) {
                    throw new IllegalStateException("the router refused publisher " + i + "'s streams");
                }
                producerIds.add("p" + i + "v");
                producerIds.add("p" + i + "a");
            }
            for (int j = 0; j < subscribers.size(); j++) {
                WebRtcTransport t = agent.connect("sub" + j, subscribers.get(j), profile);
                for (int k = 0; k < producerIds.size(); k++) {
                    forwarding.addConsumer(CONFERENCE, producerIds.get(k), t, Integer.toString(k));
                }
            }
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /** The context a simulated browser uses on its side of the transport (it was the DTLS client). */
    static SrtpContext clientContext(SrtpProfile profile, ClientSocket socket) {
        return SrtpContext.fromKeyingMaterial(profile, socket.keyingMaterial, false);
    }

    private WebRtcTransport connect(String name, ClientSocket client, SrtpProfile profile) {
        WebRtcTransport t = plane.createTransport(CONFERENCE + "/" + name, QUIET);
        transports.add(t);
        // what DtlsServer would hand over after the handshake: the agent is the DTLS server
        t.onConnected(new DtlsSrtpKeys(profile, client.keyingMaterial, true));
        IceCheck.connect(client, plane.socket().localAddress(), t.localParameters().ice());
        return t;
    }

    private static PublishedMedia video(int index) {
        Codec vp8 = new Codec(RtpPackets.VIDEO_PT, "VP8", 90000, 1, "",
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"));
        return new PublishedMedia("0", "video", vp8, extensions(false),
                RtpPackets.ssrc(index, false) & 0xFFFFFFFFL, "bench" + index, "video" + index);
    }

    private static PublishedMedia audio(int index) {
        Codec opus = new Codec(RtpPackets.AUDIO_PT, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                List.of("transport-cc"));
        return new PublishedMedia("1", "audio", opus, extensions(true),
                RtpPackets.ssrc(index, true) & 0xFFFFFFFFL, "bench" + index, "audio" + index);
    }

    private static List<HeaderExtension> extensions(boolean audio) {
        List<HeaderExtension> list = new ArrayList<>(List.of(
                new HeaderExtension(RtpPackets.EXT_ABS_SEND_TIME, HeaderExtension.ABS_SEND_TIME),
                new HeaderExtension(RtpPackets.EXT_TRANSPORT_CC, HeaderExtension.TRANSPORT_CC),
                new HeaderExtension(RtpPackets.EXT_MID, HeaderExtension.MID)));
        if (audio) {
            list.add(new HeaderExtension(RtpPackets.EXT_AUDIO_LEVEL, HeaderExtension.AUDIO_LEVEL));
        }
        return list;
    }

    private Router router() {
        return routers.get(CONFERENCE);
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public InetSocketAddress address() {
        return plane.socket().localAddress();
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public long received() {
        Router r = router();
        return r == null ? 0 : r.packetsIn();
    }

    @Override
    public long forwarded() {
        Router r = router();
        return r == null ? 0 : r.packetsOut();
    }

    @Override
    public String drops() {
        StringBuilder s = new StringBuilder();
        MediaSocket socket = plane.socket();
        append(s, "media socket drops (unknown sender, malformed, failed SRTP)", socket.droppedTotal());
        append(s, "handler errors", socket.sinkErrors());
        Router r = router();
        if (r != null) {
            append(s, "router unknown SSRC", r.unknownSsrcDrops());
            append(s, "router foreign SSRC", r.foreignSsrcDrops());
            append(s, "router malformed", r.malformedDrops());
        }
        long srtpIn = 0;
        long sendFail = 0;
        for (WebRtcTransport t : transports) {
            srtpIn += t.dropped();
            sendFail += t.sendFailures();
        }
        append(s, "of which SRTP unprotect failures", srtpIn);
        append(s, "transport send failures (protect or socket)", sendFail);
        return s.toString();
    }

    @Override
    public long dropTotal() {
        MediaSocket socket = plane.socket();
        long sum = socket.droppedTotal(); // includes the transports' SRTP unprotect failures
        for (WebRtcTransport t : transports) {
            sum += t.sendFailures();
        }
        Router r = router();
        if (r != null) {
            sum += r.unknownSsrcDrops() + r.foreignSsrcDrops() + r.malformedDrops();
        }
        return sum;
    }

    private static void append(StringBuilder s, String what, long n) {
        if (n != 0) {
            s.append(s.isEmpty() ? "" : ", ").append(what).append(' ').append(n);
        }
    }

    @Override
    public void close() {
        transports.forEach(WebRtcTransport::close);
        plane.close();
    }
}
