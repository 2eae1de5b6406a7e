package io.meridian.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.net.PacketKind;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The media port under hostile input, through a raw DatagramSocket against a live media plane. */
@Timeout(30)
class MediaPlaneAbuseTest {
    private static final DtlsCertificate BROWSER = DtlsCertificate.generate("browser", Duration.ofDays(1));
    private static final IceParameters BROWSER_ICE = new IceParameters("brws", "browserPasswordOf24Char");
    private static final UdpLimits LIMITS = new UdpLimits(1, 10, 64); // 10 at once, then 1/s: a test never refills

    private final Refusals refusals = Refusals.standalone();
    private MediaPlane plane;
    private DatagramSocket attacker;

    @BeforeEach
    void open() throws Exception {
        plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, "127.0.0.1",
                Duration.ofSeconds(5), Duration.ofSeconds(30), new TrafficCounters(), LIMITS, refusals);
        attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        attacker.setSoTimeout(300);
    }

    @AfterEach
    void close() {
        attacker.close();
        plane.close();
    }

    private InetSocketAddress mediaPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), plane.mediaPort());
    }

    private WebRtcTransport transport() {
        WebRtcTransport t = plane.createTransport("test/alice/pub", new WebRtcTransport.Listener() {
            @Override
            public void onConnected(WebRtcTransport transport) {
            }

            @Override
            public void onFailed(WebRtcTransport transport, String reason) {
            }
        });
        t.start(BROWSER_ICE, BROWSER.fingerprint());
        return t;
    }

    private static byte[] check(String username, String password) {
        byte[] b = new byte[256];
        StunWriter w = new StunWriter().start(b, 0, Stun.BINDING_REQUEST, new byte[12], 0)
                .addUsername(username)
                .addUint32(Stun.ATTR_PRIORITY, 1853817087)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, 42);
        if (password != null) {
            w.addMessageIntegrity(password.getBytes(StandardCharsets.UTF_8));
        }
        return java.util.Arrays.copyOf(b, w.addFingerprint().length());
    }

    private void send(DatagramSocket from, byte[] b) throws Exception {
        from.send(new DatagramPacket(b, b.length, mediaPort()));
    }

    /** Bytes the media port sent back to {@code s} until it stayed silent for the socket timeout. */
    private static long answeredBytes(DatagramSocket s) throws Exception {
        long bytes = 0;
        byte[] in = new byte[2048];
        while (true) {
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return bytes;
            }
            bytes += p.getLength();
        }
    }

    @Test
    void aBare20ByteBindingRequestGetsNoAnswerAndIsCounted() throws Exception {
        byte[] bare = new byte[20];
        assertThat(new StunWriter().start(bare, 0, Stun.BINDING_REQUEST, new byte[12], 0).length()).isEqualTo(20);
        send(attacker, bare);
        assertThat(answeredBytes(attacker)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.counted("stun-unauthenticated") == 1);
        assertThat(plane.socket().dropped(PacketKind.STUN)).isEqualTo(1);
    }

    @Test
    void checksNamingNoSessionOrFailingIntegrityGetNoAnswer() throws Exception {
        WebRtcTransport t = transport();
        String ufrag = t.localParameters().ice().ufrag();
        send(attacker, check("nobody:brws", "some-password-of-24-chars"));
        send(attacker, check(ufrag + ":brws", "not-the-password-at-all"));
        send(attacker, check(ufrag + ":brws", null));
        assertThat(answeredBytes(attacker)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.counted("stun-unauthenticated") == 3);
        t.close();
    }

    @Test
    void aValidCheckIsStillAnsweredAndAuthenticated() throws Exception {
        WebRtcTransport t = transport();
        send(attacker, check(t.localParameters().ice().ufrag() + ":brws", t.localParameters().ice().pwd()));
        DatagramPacket p = new DatagramPacket(new byte[512], 512);
        attacker.receive(p);
        StunMessage m = new StunMessage();
        assertThat(m.parse(p.getData(), 0, p.getLength())).isTrue();
        assertThat(m.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(m.verifyMessageIntegrity(t.localParameters().ice().pwd().getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(refusals.counted("stun-unauthenticated")).isZero();
        t.close();
    }

    @Test
    void anUnvalidatedSourceIsRateLimitedAndCounted() throws Exception {
        byte[] bare = new byte[20];
        new StunWriter().start(bare, 0, Stun.BINDING_REQUEST, new byte[12], 0);
        for (int i = 0; i < 100; i++) {
            send(attacker, bare);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> refusals.counted("udp-rate-limited") + refusals.counted("stun-unauthenticated") == 100);
        // the burst of 10 reached the STUN code (plus at most one refill); the rest were cut off before it
        assertThat(refusals.counted("stun-unauthenticated")).isBetween(10L, 12L);
        assertThat(refusals.counted("udp-rate-limited")).isBetween(88L, 90L);
    }

    @Test
    void oneFloodingSourceDoesNotSpendAnotherSourcesBudget() throws Exception {
        byte[] bare = new byte[20];
        new StunWriter().start(bare, 0, Stun.BINDING_REQUEST, new byte[12], 0);
        for (int i = 0; i < 50; i++) {
            send(attacker, bare);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> plane.socket().received(PacketKind.STUN) == 50);
        WebRtcTransport t = transport();
        try (DatagramSocket browser = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            browser.setSoTimeout(5000);
            send(browser, check(t.localParameters().ice().ufrag() + ":brws", t.localParameters().ice().pwd()));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            browser.receive(p);
            assertThat(p.getLength()).isPositive();
        }
        t.close();
    }

    @Test
    void anIceValidatedPeerIsNotRateLimited() throws Exception {
        WebRtcTransport t = transport();
        byte[] valid = check(t.localParameters().ice().ufrag() + ":brws", t.localParameters().ice().pwd());
        for (int i = 0; i < 60; i++) { // six times the burst an unvalidated source gets
            send(attacker, valid);
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            attacker.receive(p); // every check answered
        }
        assertThat(refusals.counted("udp-rate-limited")).isZero();
        t.close();
    }
}
