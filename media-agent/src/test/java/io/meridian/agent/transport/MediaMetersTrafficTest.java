package io.meridian.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.dtls.DtlsSrtpKeys;
import io.meridian.agent.dtls.LoopbackDtlsClient;
import io.meridian.agent.relay.RelayStats;
import io.meridian.agent.report.MediaMeters;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunWriter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The media meters as Prometheus scrapes them, after a real ICE check, DTLS handshake and SRTP traffic. */
@Timeout(30)
class MediaMetersTrafficTest {
    private static final DtlsCertificate BROWSER = DtlsCertificate.generate("browser", Duration.ofDays(1));
    private static final IceParameters BROWSER_ICE = new IceParameters("brws", "browserPasswordOf24Char");

    private MediaPlane plane;
    private DatagramSocket browser;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void openMediaPlaneOnLoopback() throws Exception {
        plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1",
                Duration.ofSeconds(5), Duration.ofSeconds(2), new TrafficCounters());
        browser = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        browser.setSoTimeout(5000);
        RelayStats relayStats = new RelayStats();
        MediaMeters.bind(meters, plane.health(), () -> relayStats);
    }

    @AfterEach
    void close() {
        browser.close();
        plane.close();
    }

    @Test
    void countsSrtpFailuresByReasonAndKeepsThemWhenTheTransportCloses() throws Exception {
        CompletableFuture<WebRtcTransport> connected = new CompletableFuture<>();
        WebRtcTransport t = plane.createTransport("test/alice/pub", new WebRtcTransport.Listener() {
            @Override
            public void onConnected(WebRtcTransport transport) {
                connected.complete(transport);
            }

            @Override
            public void onFailed(WebRtcTransport transport, String reason) {
            }
        });
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        check(t);
        LoopbackDtlsClient dtls = new LoopbackDtlsClient(BROWSER, plane.certificate().fingerprint(), true,
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        dtls.connect(browser, agent());
        connected.get(5, TimeUnit.SECONDS);
        DtlsSrtpKeys keys = dtls.keys;
        SrtpContext browserSrtp = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt(),
                keys.remoteMasterKey(), keys.remoteMasterSalt());
        assertThat(value("meridian_agent_transports")).isEqualTo(1);

        byte[] good = protectedRtp(browserSrtp, 1);
        send(good);
        send(good); // the same packet again: a replay
        byte[] tampered = protectedRtp(browserSrtp, 2);
        tampered[20] ^= 1;
        send(tampered);
        send(new byte[] {(byte) 0x80, 96, 0, 3}); // too short to be SRTP
        awaitDropped(t, 3);

        String scrape = meters.scrape();
        assertThat(scrape).contains("# TYPE meridian_agent_srtp_failures_total counter",
                "# TYPE meridian_agent_media_drops_total counter", "# TYPE meridian_agent_relay_drops_total counter",
                "# TYPE meridian_agent_packet_threads_cpu_seconds gauge",
                "# TYPE meridian_agent_gc_collections_total counter");
        assertThat(value("meridian_agent_srtp_failures_total{reason=\"auth\",}")).isEqualTo(1);
        assertThat(value("meridian_agent_srtp_failures_total{reason=\"replay\",}")).isEqualTo(1);
        assertThat(value("meridian_agent_media_drops_total{reason=\"undecryptable\",}")).isEqualTo(1);
        assertThat(value("meridian_agent_relay_drops_total{reason=\"auth-failed\",}")).isZero();
        // the media thread did the ICE, DTLS and SRTP work above
        assertThat(value("meridian_agent_packet_threads_cpu_seconds")).isPositive();

        t.close();
        assertThat(value("meridian_agent_transports")).isZero();
        assertThat(value("meridian_agent_srtp_failures_total{reason=\"auth\",}")).isEqualTo(1);
        assertThat(value("meridian_agent_srtp_failures_total{reason=\"replay\",}")).isEqualTo(1);
        assertThat(value("meridian_agent_media_drops_total{reason=\"undecryptable\",}")).isEqualTo(1);
    }

    private double value(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(meters.scrape());
        assertThat(m.find()).as("series %s in%n%s", series, meters.scrape()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void awaitDropped(WebRtcTransport t, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.dropped() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(t.dropped()).isEqualTo(n);
    }

    private InetSocketAddress agent() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), plane.mediaPort());
    }

    private void send(byte[] b) throws Exception {
        browser.send(new DatagramPacket(b, b.length, agent()));
    }

    private static byte[] protectedRtp(SrtpContext srtp, int seq) {
        byte[] b = new byte[12 + 40 + 64];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[3] = (byte) seq;
        b[11] = 0x42;
        int n = srtp.protectRtp(b, 0, 52);
        return java.util.Arrays.copyOf(b, n);
    }

    private void check(WebRtcTransport t) throws Exception {
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
    }
}
