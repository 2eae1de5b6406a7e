package io.meridian.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IceTcpTest {
    private static final IceParameters BROWSER_ICE = new IceParameters("brws", "browserPasswordOf24Char");

    private final Refusals refusals = Refusals.standalone();
    private MediaPlane plane;

    @BeforeEach
    void openMediaPlaneWithTcpOnLoopback() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        plane = MediaPlane.open(new InetSocketAddress(lo, 0), new InetSocketAddress(lo, 0), "127.0.0.1",
                Duration.ofSeconds(5), Duration.ofSeconds(10), new TrafficCounters(), UdpLimits.DEFAULTS, refusals);
    }

    @AfterEach
    void close() {
        plane.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), plane.mediaTcpPort());
        s.setSoTimeout(5000);
        return s;
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
        t.start(BROWSER_ICE, io.meridian.agent.dtls.DtlsCertificate.generate("b", Duration.ofDays(1)).fingerprint());
        return t;
    }

    private static byte[] check(WebRtcTransport t) {
        byte[] request = new byte[256];
        byte[] txId = new byte[12];
        txId[0] = 9;
        int len = new StunWriter().start(request, 0, Stun.BINDING_REQUEST, txId, 0)
                .addUsername(t.localParameters().ice().ufrag() + ":" + BROWSER_ICE.ufrag())
                .addUint32(Stun.ATTR_PRIORITY, 1853817087)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, 42)
                .addMessageIntegrity(t.localParameters().ice().pwd().getBytes(StandardCharsets.UTF_8))
                .addFingerprint()
                .length();
        return java.util.Arrays.copyOf(request, len);
    }

    private static void writeFrame(Socket s, byte[] b) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(b.length);
        out.write(b);
        out.flush();
    }

    private static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }

    @Test
    void announcesThePassiveTcpCandidatePort() {
        WebRtcTransport t = transport();
        assertThat(t.localParameters().tcpPort()).isEqualTo(plane.mediaTcpPort()).isPositive();
    }

    @Test
    void answersAStunCheckOverTcpOnTheSameConnectionAndSelectsIt() throws Exception {
        WebRtcTransport t = transport();
        try (Socket browser = connect()) {
            writeFrame(browser, check(t));
            StunMessage m = new StunMessage();
            byte[] response = readFrame(browser);
            assertThat(m.parse(response, 0, response.length)).isTrue();
            assertThat(m.type()).isEqualTo(Stun.BINDING_SUCCESS);
            assertThat(m.transactionIdOffset()).isPositive();
            assertThat(response[m.transactionIdOffset()]).isEqualTo((byte) 9);
            assertThat(m.verifyMessageIntegrity(t.localParameters().ice().pwd().getBytes(StandardCharsets.UTF_8)))
                    .isTrue();
            // the transport now sends back over this connection (the selected pair; set just after the answer left)
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (t.selectedRoute() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(t.selectedRoute()).isInstanceOf(MediaRoute.Tcp.class);
            assertThat(t.selectedRoute().address().getPort()).isEqualTo(browser.getLocalPort());
            assertThat(t.selectedRoute().send(new byte[] {(byte) 0x80, 1, 2, 3}, 0, 4)).isTrue();
            assertThat(readFrame(browser)).containsExactly((byte) 0x80, 1, 2, 3);
        }
    }

    @Test
    void closesAConnectionThatSendsAnOversizeFrameAndCountsIt() throws Exception {
        try (Socket browser = connect()) {
            DataOutputStream out = new DataOutputStream(browser.getOutputStream());
            out.writeShort(60_000);
            out.flush();
            assertClosedByAgent(browser);
        }
        assertThat(refusals.counted("tcp-oversize-frame")).isEqualTo(1);
    }

    @Test
    void closesAConnectionWithoutAValidCheckAndIgnoresItsMedia() throws Exception {
        try (Socket browser = connect()) {
            byte[] rtp = new byte[40];
            rtp[0] = (byte) 0x80;
            rtp[1] = 96;
            writeFrame(browser, rtp);
            assertClosedByAgent(browser); // after the verify timeout (5 s)
        }
        assertThat(refusals.counted("tcp-unverified")).isEqualTo(1);
    }

    @Test
    void refusesMoreConnectionsFromOneSourceThanTheCap() throws Exception {
        int cap = io.meridian.agent.net.TcpMediaListener.Limits.DEFAULT.maxConnectionsPerSource();
        Socket[] open = new Socket[cap];
        try {
            for (int i = 0; i < cap; i++) {
                open[i] = connect();
            }
            try (Socket extra = connect()) {
                assertClosedByAgent(extra);
            }
            assertThat(refusals.counted("tcp-connections-per-source")).isEqualTo(1);
        } finally {
            for (Socket s : open) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private static void assertClosedByAgent(Socket s) throws IOException {
        s.setSoTimeout(15_000);
        try {
            int r = s.getInputStream().read();
            assertThat(r).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the agent kept the connection open", e);
        } catch (EOFException | java.net.SocketException e) {
            // reset by the agent: closed too
        }
    }
}
