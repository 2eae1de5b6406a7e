package io.meridian.agent.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.sdp.Fingerprint;
import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DtlsServerTest {
    private static final DtlsCertificate AGENT = DtlsCertificate.generate("agent", Duration.ofDays(30));
    private static final DtlsCertificate BROWSER = DtlsCertificate.generate("browser", Duration.ofDays(30));

    private DatagramSocket agentSocket;
    private DatagramSocket browserSocket;
    private final AtomicReference<SocketAddress> browserAddress = new AtomicReference<>();
    private final CompletableFuture<DtlsSrtpKeys> connected = new CompletableFuture<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private DtlsServer server;
    private Thread pump;

    @BeforeEach
    void bindLoopbackSockets() throws SocketException {
        agentSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        browserSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new DtlsServer(AGENT, this::sendToBrowser, new DtlsServer.Listener() {
            @Override
            public void onConnected(DtlsSrtpKeys keys) {
                connected.complete(keys);
            }

            @Override
            public void onFailed(String reason) {
                failed.complete(reason);
            }
        }, Duration.ofSeconds(5));
        // Stands in for the media socket's demultiplexer: every datagram goes to the DTLS server.
        pump = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!agentSocket.isClosed()) {
                try {
                    agentSocket.receive(p);
                    browserAddress.set(p.getSocketAddress());
                    server.offer(p.getData(), p.getOffset(), p.getLength());
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        server.close();
        agentSocket.close();
        browserSocket.close();
        pump.join(2000);
    }

    private void sendToBrowser(byte[] buf, int off, int len) {
        try {
            agentSocket.send(new DatagramPacket(buf, off, len, browserAddress.get()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private InetSocketAddress agentAddress() {
        return (InetSocketAddress) agentSocket.getLocalSocketAddress();
    }

    @Test
    void handshakesOverLoopbackUdpAndBothSidesExportTheSameSrtpKeys() throws Exception {
        server.start(BROWSER.fingerprint(), "test");
        LoopbackDtlsClient browser = new LoopbackDtlsClient(BROWSER, AGENT.fingerprint(), true,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
        DTLSTransport dtls = browser.connect(browserSocket, agentAddress());

        DtlsSrtpKeys agentKeys = connected.get(5, TimeUnit.SECONDS);
        assertThat(agentKeys.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(browser.keys.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(agentKeys.keyingMaterial()).isEqualTo(browser.keys.keyingMaterial()).hasSize(56);
        assertThat(agentKeys.localMasterKey()).isEqualTo(browser.keys.remoteMasterKey()).hasSize(16);
        assertThat(agentKeys.localMasterSalt()).isEqualTo(browser.keys.remoteMasterSalt()).hasSize(12);
        assertThat(agentKeys.remoteMasterKey()).isEqualTo(browser.keys.localMasterKey())
                .isNotEqualTo(agentKeys.localMasterKey());
        assertThat(server.state()).isEqualTo(DtlsServer.State.CONNECTED);
        dtls.close();
    }

    @Test
    void processesDatagramsQueuedBeforeItStartsAndFallsBackToAesCm() throws Exception {
        LoopbackDtlsClient browser = new LoopbackDtlsClient(BROWSER, AGENT.fingerprint(), true,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        CompletableFuture<DTLSTransport> client = CompletableFuture.supplyAsync(() -> {
            try {
                return browser.connect(browserSocket, agentAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // The fingerprint arrives with the SDP answer, after the ClientHello in this race.
        Thread.sleep(300);
        server.start(BROWSER.fingerprint(), "late");
        DtlsSrtpKeys agentKeys = connected.get(10, TimeUnit.SECONDS);
        client.get(10, TimeUnit.SECONDS).close();
        assertThat(agentKeys.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(agentKeys.keyingMaterial()).isEqualTo(browser.keys.keyingMaterial()).hasSize(60);
        assertThat(agentKeys.localMasterSalt()).hasSize(14);
    }

    @Test
    void refusesAPeerWhoseCertificateDoesNotMatchTheSdpFingerprint() throws Exception {
        Fingerprint someoneElse = DtlsCertificate.generate("other", Duration.ofDays(1)).fingerprint();
        server.start(someoneElse, "mismatch");
        LoopbackDtlsClient browser = new LoopbackDtlsClient(BROWSER, AGENT.fingerprint(), true, SrtpProfile.AEAD_AES_128_GCM);
        assertThatThrownBy(() -> browser.connect(browserSocket, agentAddress()))
                .isInstanceOf(TlsFatalAlertReceived.class).hasMessageContaining("bad_certificate");
        assertThat(failed.get(5, TimeUnit.SECONDS)).contains("does not match the SDP fingerprint");
        assertThat(connected).isNotDone();
        assertThat(server.state()).isEqualTo(DtlsServer.State.FAILED);
    }

    @Test
    void refusesAPeerThatDoesNotNegotiateSrtp() throws Exception {
        server.start(BROWSER.fingerprint(), "no-srtp");
        LoopbackDtlsClient browser = new LoopbackDtlsClient(BROWSER, AGENT.fingerprint(), false);
        assertThatThrownBy(() -> browser.connect(browserSocket, agentAddress())).isInstanceOf(IOException.class);
        assertThat(failed.get(5, TimeUnit.SECONDS)).contains("use_srtp");
    }

    @Test
    void failsWhenThePeerNeverCompletesTheHandshake() throws Exception {
        DtlsServer quick = new DtlsServer(AGENT, (b, o, l) -> { }, new DtlsServer.Listener() {
            @Override
            public void onConnected(DtlsSrtpKeys keys) {
                connected.complete(keys);
            }

            @Override
            public void onFailed(String reason) {
                failed.complete(reason);
            }
        }, Duration.ofMillis(300));
        quick.start(BROWSER.fingerprint(), "silent");
        assertThat(failed.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertThat(quick.state()).isEqualTo(DtlsServer.State.FAILED);
        quick.close();
    }

    @Test
    void dropsAndCountsGarbageAndOversizedDatagramsWithoutFailing() throws Exception {
        server.start(BROWSER.fingerprint(), "garbage");
        byte[] junk = new byte[64];
        junk[0] = 22;
        server.offer(junk, 0, junk.length);
        assertThat(server.offer(new byte[4000], 0, 4000)).isFalse();
        assertThat(server.droppedDatagrams()).isEqualTo(1);
        LoopbackDtlsClient browser = new LoopbackDtlsClient(BROWSER, AGENT.fingerprint(), true, SrtpProfile.AEAD_AES_128_GCM);
        browser.connect(browserSocket, agentAddress()).close();
        assertThat(connected.get(5, TimeUnit.SECONDS).profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void closingStopsTheServerWithoutReportingAFailure() throws Exception {
        server.start(BROWSER.fingerprint(), "closed");
        server.close();
        assertThat(server.state()).isEqualTo(DtlsServer.State.CLOSED);
        assertThat(server.offer(new byte[10], 0, 10)).isFalse();
        Thread.sleep(200);
        assertThat(failed).isNotDone();
    }
}
