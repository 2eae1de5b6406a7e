package io.meridian.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.dtls.DtlsSrtpKeys;
import io.meridian.agent.dtls.LoopbackDtlsClient;
import io.meridian.agent.net.PacketKind;
import io.meridian.agent.relay.RelayStats;
import io.meridian.agent.report.MediaMeters;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WebRtcTransportTest {
    private static final DtlsCertificate BROWSER = DtlsCertificate.generate("browser", Duration.ofDays(1));
    private static final IceParameters BROWSER_ICE = new IceParameters("brws", "browserPasswordOf24Char");

    private final TrafficCounters traffic = new TrafficCounters();
    private MediaPlane plane;
    private DatagramSocket browser;
    private final CompletableFuture<WebRtcTransport> connected = new CompletableFuture<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private final LinkedBlockingQueue<byte[]> rtpAtAgent = new LinkedBlockingQueue<>();

    private final WebRtcTransport.Listener listener = new WebRtcTransport.Listener() {
        @Override
        public void onConnected(WebRtcTransport transport) {
            connected.complete(transport);
        }

        @Override
        public void onFailed(WebRtcTransport transport, String reason) {
            failed.complete(reason);
        }
    };

    @BeforeEach
    void openMediaPlaneOnLoopback() throws Exception {
        plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1",
                Duration.ofSeconds(5), Duration.ofSeconds(2), traffic);
        browser = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        browser.setSoTimeout(5000);
    }

    @AfterEach
    void close() {
        browser.close();
        plane.close();
    }

    private InetSocketAddress agent() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), plane.mediaPort());
    }

    private WebRtcTransport transport() {
        WebRtcTransport t = plane.createTransport("test/alice/pub", listener);
        t.setMediaHandler(new MediaHandler() {
            @Override
            public void onRtp(WebRtcTransport transport, byte[] b, int off, int len) {
                rtpAtAgent.add(Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void onRtcp(WebRtcTransport transport, byte[] b, int off, int len) {
            }
        });
        return t;
    }

    /** Sends a nominating connectivity check the way a controlling browser does and returns the response. */
    private StunMessage check(WebRtcTransport t) throws Exception {
        byte[] request = new byte[256];
        byte[] txId = new byte[12];
        txId[0] = 7;
        int len = new StunWriter().start(request, 0, Stun.BINDING_REQUEST, txId, 0)
                .addUsername(t.localParameters().ice().ufrag() + ":" + BROWSER_ICE.ufrag())
                .addUint32(Stun.ATTR_PRIORITY, 1853817087)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, 42)
                .addMessageIntegrity(t.localParameters().ice().pwd().getBytes(StandardCharsets.UTF_8))
                .addFingerprint()
                .length();
        browser.send(new DatagramPacket(request, len, agent()));
        DatagramPacket response = new DatagramPacket(new byte[512], 512);
        browser.receive(response);
        StunMessage m = new StunMessage();
        assertThat(m.parse(response.getData(), 0, response.getLength())).isTrue();
        return m;
    }

    private static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] b = new byte[12 + payloadLength + 64];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[8] = (byte) (ssrc >> 24);
        b[9] = (byte) (ssrc >> 16);
        b[10] = (byte) (ssrc >> 8);
        b[11] = (byte) ssrc;
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (i * 7 + seq);
        }
        return b;
    }

    @Test
    void carriesSrtpBothWaysAfterIceAndDtlsWithABrowserLikePeer() throws Exception {
        WebRtcTransport t = transport();
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        assertThat(check(t).type()).isEqualTo(Stun.BINDING_SUCCESS);

        LoopbackDtlsClient dtls = new LoopbackDtlsClient(BROWSER, plane.certificate().fingerprint(), true,
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        dtls.connect(browser, agent());
        assertThat(connected.get(5, TimeUnit.SECONDS)).isSameAs(t);
        assertThat(t.isConnected()).isTrue();
        DtlsSrtpKeys keys = dtls.keys;
        SrtpContext browserSrtp = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt(),
                keys.remoteMasterKey(), keys.remoteMasterSalt());

        byte[] sent = rtp(1000, 0x11223344, 100);
        byte[] wire = sent.clone();
        int n = browserSrtp.protectRtp(wire, 0, 112);
        browser.send(new DatagramPacket(wire, n, agent()));
        byte[] received = rtpAtAgent.poll(5, TimeUnit.SECONDS);
        assertThat(received).isEqualTo(Arrays.copyOf(sent, 112));
        assertThat(t.rtpReceived()).isEqualTo(1);

        byte[] out = rtp(5, 0x55667788, 50);
        byte[] expected = Arrays.copyOf(out, 62);
        t.sendRtp(out, 0, 62);
        assertThat(t.sendFailures()).isZero();
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        browser.receive(p);
        int plain = browserSrtp.unprotectRtp(p.getData(), 0, p.getLength());
        assertThat(Arrays.copyOf(p.getData(), plain)).isEqualTo(expected);

        // Load reports see every datagram: the check, the DTLS flights and the media, both ways.
        TrafficCounters.Totals totals = traffic.totals();
        assertThat(totals.packetsIn()).isGreaterThanOrEqualTo(4);
        assertThat(totals.packetsOut()).isGreaterThanOrEqualTo(3);
        assertThat(totals.bytesOut()).isGreaterThanOrEqualTo(62 + 16);
    }

    @Test
    void dropsMediaFromAddressesIceNeverValidatedAndBeforeKeysExist() throws Exception {
        WebRtcTransport t = transport();
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        byte[] packet = rtp(1, 1, 20);
        browser.send(new DatagramPacket(packet, 32, agent()));
        check(t);
        browser.send(new DatagramPacket(packet, 32, agent()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (plane.socket().dropped(PacketKind.RTP) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(plane.socket().dropped(PacketKind.RTP)).isEqualTo(2);
        assertThat(t.dropped()).isEqualTo(1);
        assertThat(rtpAtAgent).isEmpty();
    }

    @Test
    void refusesChecksWithAnotherPasswordAndFailsWhenConsentNeverComes() throws Exception {
        WebRtcTransport t = transport();
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        WebRtcTransport other = plane.createTransport("test/bob/pub", new WebRtcTransport.Listener() {
            @Override
            public void onConnected(WebRtcTransport transport) {
            }

            @Override
            public void onFailed(WebRtcTransport transport, String reason) {
            }
        });
        byte[] request = new byte[256];
        int len = new StunWriter().start(request, 0, Stun.BINDING_REQUEST, new byte[12], 0)
                .addUsername(t.localParameters().ice().ufrag() + ":" + BROWSER_ICE.ufrag())
                .addMessageIntegrity(other.localParameters().ice().pwd().getBytes(StandardCharsets.UTF_8))
                .addFingerprint().length();
        browser.send(new DatagramPacket(request, len, agent()));
        browser.setSoTimeout(500);
        DatagramPacket response = new DatagramPacket(new byte[512], 512);
        assertThatThrownBy(() -> browser.receive(response)).isInstanceOf(SocketTimeoutException.class);

        assertThat(failed.get(10, TimeUnit.SECONDS)).contains("consent");
        assertThat(t.state()).isEqualTo(WebRtcTransport.State.FAILED);
        other.close();
        assertThat(plane.transports()).isZero();
    }

    @Test
    void closingUnregistersTheTransportSoItsAddressNoLongerRoutes() throws Exception {
        WebRtcTransport t = transport();
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        check(t);
        t.close();
        assertThat(t.state()).isEqualTo(WebRtcTransport.State.CLOSED);
        assertThat(plane.transports()).isZero();
        t.sendRtp(rtp(1, 1, 10), 0, 22);
        assertThat(t.sendFailures()).isEqualTo(1);
        assertThat(failed).isNotDone();
    }

    @Test
    void metersCountSrtpFailuresByReasonAfterARealHandshakeAndKeepThemWhenTheTransportCloses() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MediaMeters.bind(meters, plane.health(), RelayStats::new);
        WebRtcTransport t = transport();
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        check(t);
        LoopbackDtlsClient dtls = new LoopbackDtlsClient(BROWSER, plane.certificate().fingerprint(), true,
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        dtls.connect(browser, agent());
        connected.get(5, TimeUnit.SECONDS);
        DtlsSrtpKeys keys = dtls.keys;
        SrtpContext browserSrtp = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt(),
                keys.remoteMasterKey(), keys.remoteMasterSalt());
        assertThat(scraped(meters, "meridian_agent_transports")).isEqualTo(1);

        byte[] good = rtp(1, 0x42, 40);
        int n = browserSrtp.protectRtp(good, 0, 52);
        browser.send(new DatagramPacket(good, n, agent()));
        browser.send(new DatagramPacket(good, n, agent())); // the same packet again: a replay
        byte[] tampered = rtp(2, 0x42, 40);
        int m = browserSrtp.protectRtp(tampered, 0, 52);
        tampered[20] ^= 1;
        browser.send(new DatagramPacket(tampered, m, agent()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.dropped() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(t.dropped()).isEqualTo(2);
        assertThat(rtpAtAgent).hasSize(1);

        assertThat(meters.scrape()).contains("# TYPE meridian_agent_srtp_failures_total counter",
                "# TYPE meridian_agent_media_drops_total counter", "# TYPE meridian_agent_relay_drops_total counter",
                "# TYPE meridian_agent_packet_threads_cpu_seconds gauge",
                "# TYPE meridian_agent_gc_collections_total counter");
        assertThat(scraped(meters, "meridian_agent_srtp_failures_total{reason=\"auth\",}")).isEqualTo(1);
        assertThat(scraped(meters, "meridian_agent_srtp_failures_total{reason=\"replay\",}")).isEqualTo(1);
        assertThat(scraped(meters, "meridian_agent_media_drops_total{reason=\"undecryptable\",}")).isZero();
        assertThat(scraped(meters, "meridian_agent_relay_drops_total{reason=\"auth-failed\",}")).isZero();
        // the media thread did the ICE, DTLS and SRTP work above
        assertThat(scraped(meters, "meridian_agent_packet_threads_cpu_seconds")).isPositive();

        t.close();
        assertThat(scraped(meters, "meridian_agent_transports")).isZero();
        assertThat(scraped(meters, "meridian_agent_srtp_failures_total{reason=\"auth\",}")).isEqualTo(1);
        assertThat(scraped(meters, "meridian_agent_srtp_failures_total{reason=\"replay\",}")).isEqualTo(1);
        assertThat(scraped(meters, "meridian_agent_media_drops_total{reason=\"undecryptable\",}")).isZero();
    }

    private static double scraped(PrometheusMeterRegistry meters, String series) {
        String scrape = meters.scrape();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
